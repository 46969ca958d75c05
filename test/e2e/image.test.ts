/**
 * End-to-end: the `image` input (name:tag) resolved to a TCSS ImageID through
 * DescribeAssetImageList, then gated like `image-id`. The emulator matches
 * ImageName loosely, as the service does, so only the gate's own exact
 * comparison keeps look-alike names out.
 */
import { describe, expect, it } from '@jest/globals'
import type { Emulator, ImageScenario } from '../emulator/emulator.mjs'
import {
  emulatorPerTest,
  expectRateAtMost,
  failureLine,
  finding,
  listRequests,
  runGate
} from '../helpers/gate.js'

const start = emulatorPerTest()

const REGISTRY = 'ccr.ccs.tencentyun.com/team'
const NAME = `${REGISTRY}/app:1.4.2`

/** Names that a loose match on `…/team/app` also returns; each carries a critical finding. */
const LOOK_ALIKES: Record<string, ImageScenario> = {
  'sha256:rc': { name: `${REGISTRY}/app:1.4.2-rc1`, findings: [finding(4)] },
  'sha256:worker': { name: `${REGISTRY}/app-worker:1.4.2`, findings: [finding(4)] },
  'sha256:mirror': { name: `mirror.example.com/${REGISTRY}/app:1.4.2`, findings: [finding(4)] },
  'sha256:upper': { name: `${REGISTRY}/APP:1.4.2`, findings: [finding(4)] }
}

function imageListRequests(emulator: Emulator) {
  return emulator.requests.filter((request) => request.action === 'DescribeAssetImageList')
}

function virusListImageIds(emulator: Emulator): string[] {
  return [
    ...new Set(
      emulator.requests
        .filter((request) => request.action === 'DescribeAssetImageVirusList')
        .map((request) => request.imageId)
    )
  ] as string[]
}

describe('image by name', () => {
  it('resolves name:tag to its ImageID and gates that image; the report and summary show both', async () => {
    const emu = await start({
      images: {
        ...LOOK_ALIKES,
        'sha256:app': { name: NAME, findings: [finding(3, { Path: '/srv/app/dropper' })] }
      }
    })
    const result = await runGate(emu, { inputs: { image: NAME, 'report-file': 'report.json' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({
      verdict: 'fail',
      'scan-status': 'scanned',
      findings: '1',
      violations: '1'
    })
    expect(JSON.parse(result.outputs.counts)).toMatchObject({ critical: 0, high: 1 })
    expect(result.report).toMatchObject({ imageName: NAME, imageId: 'sha256:app' })
    expect(result.report?.findings.map((f) => f.path)).toEqual(['/srv/app/dropper'])
    expect(result.summary).toContain(`${NAME} (ImageID sha256:app)`)
    expect(result.stdout).toContain(`Image ${NAME} is TCSS ImageID sha256:app`)
    // The service is asked for the repository; the tag is compared by the gate.
    expect(imageListRequests(emu)).toEqual([
      expect.objectContaining({ imageNameFilter: `${REGISTRY}/app`, offset: 0, limit: 100 })
    ])
    expect(virusListImageIds(emu)).toEqual(['sha256:app'])
    expect(result.report?.requests).toBe(2)
  })

  it('never takes a loose match: look-alike names are ignored however bad their findings', async () => {
    const emu = await start({
      images: { ...LOOK_ALIKES, 'sha256:app': { name: NAME, findings: [] } }
    })
    const result = await runGate(emu, { inputs: { image: NAME } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'pass', findings: '0' })
    expect(virusListImageIds(emu)).toEqual(['sha256:app'])
  })

  it('reads a name without a tag as :latest', async () => {
    const emu = await start({
      images: {
        'sha256:pinned': { name: `${REGISTRY}/app:1.4.2`, findings: [finding(4)] },
        'sha256:latest': { name: `${REGISTRY}/app:latest`, findings: [] }
      }
    })
    const result = await runGate(emu, {
      inputs: { image: `${REGISTRY}/app`, 'report-file': 'report.json' }
    })
    expect(result.exitCode).toBe(0)
    expect(result.report).toMatchObject({
      imageName: `${REGISTRY}/app:latest`,
      imageId: 'sha256:latest'
    })
    expect(virusListImageIds(emu)).toEqual(['sha256:latest'])
  })

  it('joins a tagless ImageName with its ImageTag field', async () => {
    const emu = await start({
      images: {
        'sha256:split': { name: `${REGISTRY}/app`, listing: { ImageTag: '1.4.2' } },
        'sha256:other-tag': { name: `${REGISTRY}/app`, listing: { ImageTag: '1.4.3' } }
      }
    })
    const result = await runGate(emu, { inputs: { image: NAME } })
    expect(result.exitCode).toBe(0)
    expect(virusListImageIds(emu)).toEqual(['sha256:split'])
  })

  it('waits for an image TCSS does not list yet, then waits for its scan', async () => {
    const emu = await start({
      images: {
        ...LOOK_ALIKES,
        'sha256:new': { name: NAME, listedAfter: 3, statuses: [0, 1, 2], findings: [] }
      }
    })
    // scan: never: waiting for a scan TCSS runs by itself (if-not-scanned would start one at status 0).
    const result = await runGate(emu, { inputs: { image: NAME, scan: 'never' } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'pass', 'scan-status': 'scanned' })
    expect(imageListRequests(emu)).toHaveLength(4)
    expect(listRequests(emu)).toBe(3)
    expect(result.stdout).toContain(`Image ${NAME} is not known to TCSS yet`)
    expect(result.stdout).toContain('similar names listed, not taken')
  })

  it('times out when the image never appears, saying so, without reading any scan', async () => {
    const emu = await start({ images: LOOK_ALIKES })
    const result = await runGate(emu, {
      inputs: { image: NAME, 'wait-timeout': '2', 'poll-interval': '0.2', 'report-file': 'r.json' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'fail', 'scan-status': 'timeout' })
    const reason = failureLine(result)
    expect(reason).toMatch(
      new RegExp(`Timed out after \\d+ s waiting for image ${NAME} to appear in TCSS`)
    )
    expect(reason).toContain(`${REGISTRY}/app:1.4.2-rc1`)
    expect(reason).toContain('image-id')
    expect(result.report).toMatchObject({ imageName: NAME, imageId: null, scanStatus: 'timeout' })
    expect(result.summary).toContain(`${NAME} (not resolved to an ImageID)`)
    expect(imageListRequests(emu).length).toBeGreaterThan(3)
    expect(listRequests(emu)).toBe(0)
  })

  it('a time-out is a warning in report-only mode, like a scan time-out', async () => {
    const emu = await start({ images: {} })
    const result = await runGate(emu, {
      inputs: { image: NAME, 'wait-timeout': '1', 'poll-interval': '0.2', enforce: 'false' }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'fail', 'scan-status': 'timeout' })
    expect(result.stdout).toMatch(/::warning::TCSS virus gate would fail \(report only/)
  })

  it('refuses a name that several ImageIDs carry, listing them, in both modes', async () => {
    const emu = await start({
      images: {
        'sha256:host-a': { name: NAME, listing: { ScanTime: '2026-11-20T10:00:00Z', HostCnt: 2 } },
        'sha256:host-b': { name: NAME, listing: { ScanTime: '2026-11-21T10:00:00Z', HostCnt: 1 } },
        'sha256:rc': { name: `${REGISTRY}/app:1.4.2-rc1` }
      }
    })
    for (const enforce of ['true', 'false']) {
      emu.resetRequests()
      const result = await runGate(emu, {
        inputs: { image: NAME, enforce, 'report-file': 'r.json' }
      })
      expect(result.exitCode).toBe(1)
      expect(result.outputs.verdict).toBe('fail')
      const reason = failureLine(result) ?? ''
      expect(reason).toContain(`Image ${NAME} matches 2 different TCSS images`)
      // Most recently scanned first.
      expect(reason.indexOf('sha256:host-b')).toBeLessThan(reason.indexOf('sha256:host-a'))
      expect(reason).toContain('last scanned 2026-11-21T10:00:00Z, on 1 host(s)')
      expect(reason).toContain('pass the ImageID of the right one as image-id')
      expect(result.report).toMatchObject({
        imageName: NAME,
        imageId: null,
        error: { kind: 'image' }
      })
      expect(listRequests(emu)).toBe(0)
    }
  })

  it('pages through more than 100 loose matches to find the exact name on the last page', async () => {
    const crowd: Record<string, ImageScenario> = {}
    for (let i = 0; i < 230; i++) {
      crowd[`sha256:build-${i}`] = { name: `${NAME}-build.${i}`, findings: [finding(4)] }
    }
    const emu = await start({
      images: { ...crowd, 'sha256:app': { name: NAME, findings: [finding(1)] } }
    })
    const result = await runGate(emu, { inputs: { image: NAME, 'max-rps': '5' } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'pass', findings: '1' })
    const pages = imageListRequests(emu)
    expect(pages.map((page) => page.offset).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([
      0, 100, 200
    ])
    expect(pages.every((page) => page.limit === 100)).toBe(true)
    expect(virusListImageIds(emu)).toEqual(['sha256:app'])
    expectRateAtMost(emu, 5)
  })

  it('retries a throttled or failing image list like any other request', async () => {
    const emu = await start({
      images: { 'sha256:app': { name: NAME } },
      faults: { script: ['throttle', 'http502', 'badjson'] }
    })
    const result = await runGate(emu, { inputs: { image: NAME } })
    expect(result.exitCode).toBe(0)
    expect(imageListRequests(emu)).toHaveLength(4)
    expect(result.stdout).toMatch(/DescribeAssetImageList at offset 0 failed \(HTTP 502/)
    // Throttling is not a failure: one line for the run, not one per retry.
    expect(result.stdout).not.toMatch(/failed \(RequestLimitExceeded/)
    expect(result.stdout).toMatch(/^TCSS throttled this account; reading at [\d.]+ req\/s/m)
  })

  it('fails at once, in both modes, when the key may not list images', async () => {
    const emu = await start({
      images: { 'sha256:app': { name: NAME } },
      faults: { script: [{ code: 'AuthFailure.UnauthorizedOperation' }] }
    })
    const result = await runGate(emu, { inputs: { image: NAME, enforce: 'false' } })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toMatch(
      /DescribeAssetImageList failed: AuthFailure\.UnauthorizedOperation: .+ \(RequestId: [0-9a-f-]{36}\)/
    )
    expect(emu.requests).toHaveLength(1)
  })
})

describe('image inputs', () => {
  it.each([
    [
      'neither',
      { 'image-id': '', image: '' },
      /Nothing to gate: .*'image-id' .*'image' .*'event-ids'/
    ],
    ['a digest', { image: `${REGISTRY}/app@sha256:${'a'.repeat(64)}` }, /digest reference/],
    ['an empty tag', { image: `${REGISTRY}/app:` }, /Invalid input 'image'/],
    ['a bad second line', { image: `${NAME}\n${REGISTRY}/app:` }, /Invalid input 'image'/]
  ])('refuses %s with a clear message and no API call', async (_what, inputs, message) => {
    const emu = await start({ images: { 'sha256:app': { name: NAME } } })
    const result = await runGate(emu, { inputs })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toMatch(message)
    expect(result.outputs.verdict).toBe('fail')
    expect(emu.requests).toHaveLength(0)
  })
})
