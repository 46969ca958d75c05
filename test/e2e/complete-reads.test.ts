/**
 * End-to-end: complete reads or none. The list's default order is
 * undocumented, so pages read without an explicit order may overlap and miss
 * findings; a TotalCount may lie or be absurd; the service may list one
 * (Md5, Path) several times. The gate judges only a complete read, keeps the
 * most severe row of a finding, and fails closed otherwise.
 */
import { describe, expect, it } from '@jest/globals'
import type { Emulator, ImageScenario } from '../emulator/emulator.mjs'
import { emulatorPerTest, failureLine, finding, listRequests, runGate } from '../helpers/gate.js'

const start = emulatorPerTest()

function virusListRequests(emulator: Emulator) {
  return emulator.requests.filter((request) => request.action === 'DescribeAssetImageVirusList')
}

function imageListRequests(emulator: Emulator) {
  return emulator.requests.filter((request) => request.action === 'DescribeAssetImageList')
}

/** `count` low findings with distinct, zero-padded paths (their sort order is their index). */
function lowFindings(count: number, prefix = '/a'): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) =>
    finding(1, { Path: `${prefix}/file-${String(i).padStart(5, '0')}.bin` })
  )
}

describe('explicit order', () => {
  it('reads all 450 findings of a list whose default order is unstable, asking for an explicit order', async () => {
    const emu = await start({
      images: { img: { generate: { count: 450, riskLevels: [1] }, unstableOrder: { seed: 3 } } }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'img', 'report-file': 'r.json' } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'pass', findings: '450' })
    expect(new Set(result.report?.findings.map((f) => f.path)).size).toBe(450)
    const requests = virusListRequests(emu)
    expect(requests.length).toBeGreaterThan(0)
    for (const request of requests) expect(request).toMatchObject({ order: 'asc', by: 'Path' })
  })

  it('never passes on fewer distinct findings than TotalCount when the order is unstable even with Order/By', async () => {
    // Every finding has the same Path: the requested order leaves them all tied, so pages still overlap.
    const emu = await start({
      images: {
        img: {
          findings: Array.from({ length: 450 }, () => finding(1, { Path: '/same/path' })),
          unstableOrder: { seed: 5 }
        }
      }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'img' } })
    if (result.exitCode === 0) {
      expect(result.outputs.findings).toBe('450')
    } else {
      expect(result.outputs.verdict).toBe('fail')
      expect(failureLine(result)).toMatch(/did not settle.*incomplete data/)
    }
    // In practice the overlaps differ from read to read: it fails closed.
    expect(result.exitCode).toBe(1)
  })

  it('finds the one critical among 101 rows that an unordered read would miss', async () => {
    // Seed 363 puts row 57 last on the first page's permutation and not on the second's.
    const rows = lowFindings(101)
    rows[57] = finding(4, { Path: '/a/file-00057.bin', VirusName: 'Linux.Backdoor.Hidden' })
    const emu = await start({ images: { img: { findings: rows, unstableOrder: { seed: 363 } } } })
    const result = await runGate(emu, { inputs: { 'image-id': 'img' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'fail', findings: '101', violations: '1' })
    expect(JSON.parse(result.outputs.counts)).toMatchObject({ critical: 1, low: 100 })
  })
})

describe('TotalCount', () => {
  it('fails closed on a TotalCount larger than the list, never passes', async () => {
    const emu = await start({
      images: { img: { findings: lowFindings(200), reportedTotalCount: 300 } }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'img' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    expect(failureLine(result)).toMatch(/did not settle.*incomplete data/)
  })

  it.each([
    ['2^53-1', Number.MAX_SAFE_INTEGER],
    ['1e9', 1e9]
  ])('fails at once on an absurd TotalCount of %s, naming it', async (_, total) => {
    const emu = await start({ images: { img: { findings: [], reportedTotalCount: total } } })
    const result = await runGate(emu, { inputs: { 'image-id': 'img', 'wait-timeout': '10' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    expect(failureLine(result)).toContain(String(total))
    expect(failureLine(result)).not.toMatch(/Invalid array length/)
    expect(listRequests(emu)).toBeLessThanOrEqual(2)
  })

  it('fails at once on a TotalCount that cannot be read before the deadline at max-rps', async () => {
    const emu = await start({ images: { img: { findings: [], reportedTotalCount: 200_000 } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'wait-timeout': '10', 'max-rps': '5' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toContain('200000')
    expect(failureLine(result)).toMatch(/wait-timeout|max-rps/)
    expect(listRequests(emu)).toBeLessThanOrEqual(2)
  })
})

describe('duplicate rows: the most severe wins', () => {
  const dup = { Md5: 'ab'.repeat(16), Path: '/m/dropper' }

  async function gate(findings: Array<Record<string, unknown>>) {
    const emu = await start({ images: { img: { findings } } })
    const result = await runGate(emu, { inputs: { 'image-id': 'img', 'report-file': 'r.json' } })
    return { emu, result }
  }

  function expectMerged(result: Awaited<ReturnType<typeof gate>>['result'], distinct: number) {
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'fail', findings: String(distinct) })
    expect(JSON.parse(result.outputs.counts)).toMatchObject({ critical: 1 })
    const merged = result.report?.findings.filter((f) => f.path === dup.Path)
    expect(merged).toHaveLength(1)
    expect(merged?.[0]).toMatchObject({ level: 'critical', riskLevel: 4, rows: 2 })
    const others = result.report?.findings.filter((f) => f.path !== dup.Path) ?? []
    for (const other of others) expect(other.rows).toBe(1)
  }

  it('on the same page: RiskLevel 1, then 4', async () => {
    const { result } = await gate([
      finding(1, dup),
      finding(4, { ...dup, VirusName: 'Worse' }),
      ...lowFindings(3)
    ])
    expectMerged(result, 4)
  })

  it('with Md5 differing only in case', async () => {
    const { result } = await gate([
      finding(1, dup),
      finding(4, { ...dup, Md5: dup.Md5.toUpperCase() }),
      ...lowFindings(3)
    ])
    expectMerged(result, 4)
  })

  it('on different pages: a consistent duplicate is accepted after a re-read', async () => {
    // Sorted by Path: 99 rows under /a, the two rows of /m/dropper at 99 and 100 (pages 1 and 2), then /z.
    const { emu, result } = await gate([
      ...lowFindings(99, '/a'),
      finding(1, dup),
      finding(4, dup),
      ...lowFindings(20, '/z')
    ])
    expectMerged(result, 120)
    expect(result.stdout).toContain('changed while it was read')
    // Two complete reads of two pages each.
    expect(listRequests(emu)).toBe(4)
  })
})

describe('image lookup list', () => {
  it('never resolves an image from an incomplete read of an unstable image list', async () => {
    const REGISTRY = 'ccr.ccs.tencentyun.com/team'
    const NAME = `${REGISTRY}/app:1.4.2`
    const images: Record<string, ImageScenario> = {}
    for (let i = 0; i < 250; i++) {
      images[`sha256:${String(i).padStart(64, '0')}`] = { name: `${REGISTRY}/app:build-${i}` }
    }
    // The same name:tag on two builds: the gate must see both and refuse to guess.
    images[`sha256:${'a'.repeat(64)}`] = { name: NAME, findings: [] }
    images[`sha256:${'b'.repeat(64)}`] = { name: NAME, findings: [] }
    // Seed 1: an unordered read of three pages sees only one of the two.
    const emu = await start({ images, imageListUnstableOrder: { seed: 1 } })
    const result = await runGate(emu, { inputs: { image: NAME } })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toMatch(/matches 2 different TCSS images/)
    expect(virusListRequests(emu)).toHaveLength(0)
    for (const request of imageListRequests(emu)) {
      expect(request).toMatchObject({ order: 'asc', by: 'ImageID' })
    }
  })

  it('fails closed when the image list never reads complete', async () => {
    const REGISTRY = 'ccr.ccs.tencentyun.com/team'
    const NAME = `${REGISTRY}/app:1.4.2`
    const images: Record<string, ImageScenario> = {}
    // Every entry ties on ImageID (the sort field): pages overlap whatever the order.
    for (let i = 0; i < 250; i++) {
      images[`img-${i}`] = {
        name: `${REGISTRY}/app:build-${i}`,
        listing: { ImageID: `sha256:${'c'.repeat(64)}` }
      }
    }
    images[`sha256:${'a'.repeat(64)}`] = { name: NAME, findings: [] }
    const emu = await start({ images, imageListUnstableOrder: { seed: 2 } })
    const result = await runGate(emu, { inputs: { image: NAME } })
    if (result.exitCode === 0) throw new Error('resolved from an incomplete image list')
    expect(failureLine(result)).toMatch(/did not settle|incomplete/)
  })
})
