/**
 * End-to-end: several images in one step (`image-id` and `image`, one value
 * per line). Every image is read concurrently under one rate limit, retry
 * budget and deadline; one verdict for the step, one row and one section per
 * image; a failure on one image never hides what the others found.
 */
import { describe, expect, it } from '@jest/globals'
import type { Emulator } from '../emulator/emulator.mjs'
import {
  emulatorPerTest,
  expectRateAtMost,
  failureLine,
  finding,
  runGate
} from '../helpers/gate.js'
import type { RunResult } from '../helpers/run-action.js'

const start = emulatorPerTest()

const REPORT = 'report.json'

interface ImageSection {
  imageId: string | null
  imageName: string | null
  scanStatus: string | null
  verdict: string
  reason: string
  error: { kind: string; message: string } | null
  sameAs: string | null
  violations: number | null
  findings: Array<Record<string, unknown>>
}

function images(result: RunResult): ImageSection[] {
  return (result.report?.images ?? []) as ImageSection[]
}

/** Error annotations with a title (violations, unjudged images), as [title, message]. */
function annotations(result: RunResult): Array<[string, string]> {
  return result.commands
    .filter((c) => c.command === 'error' && c.properties.startsWith('title='))
    .map((c) => [decodeURIComponent(c.properties.replace(/^title=/, '')), c.message])
}

/** The data rows of the summary's image table, as cells. */
function imageRows(summary: string): string[][] {
  const start = summary.indexOf('### Images')
  const end = summary.indexOf('\n\n', summary.indexOf('|---', start))
  return summary
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Image |'))
    .map((line) =>
      line
        .slice(2, -2)
        .split(' | ')
        .map((cell) => cell.trim())
    )
}

function virusListImageIds(emulator: Emulator): Array<string | null> {
  return emulator.requests
    .filter((request) => request.action === 'DescribeAssetImageVirusList')
    .map((request) => request.imageId)
}

describe('several images in one step', () => {
  it('passes when every image passes: one row each, summed outputs, a section per image in the report', async () => {
    const emu = await start({
      images: {
        'sha256:api': { findings: [finding(1), finding(2)] },
        'sha256:web': { findings: [] },
        'sha256:worker': { statuses: [1, 2], findings: [finding(1)] }
      }
    })
    const result = await runGate(emu, {
      inputs: {
        'image-id': 'sha256:api\nsha256:web\n\n  sha256:worker  \n',
        'report-file': REPORT
      }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({
      verdict: 'pass',
      'scan-status': 'scanned',
      findings: '3',
      violations: '0',
      allowlisted: '0'
    })
    expect(JSON.parse(result.outputs.counts)).toEqual({
      critical: 0,
      high: 0,
      medium: 1,
      low: 2,
      unknown: 0
    })
    expect(result.stdout).toContain('Gating 3 image(s) on TCSS virus findings')
    expect(result.summary).toMatch(
      /^## ✅ TCSS virus gate: pass\n\nAll 3 image\(s\) pass the policy/
    )
    expect(imageRows(result.summary)).toEqual([
      ['sha256:api', 'scanned', '2', '0', '0', expect.stringMatching(/^✅ pass: 2 finding/)],
      ['sha256:web', 'scanned', '0', '0', '0', '✅ pass: No virus findings.'],
      ['sha256:worker', 'scanned', '1', '0', '0', expect.stringMatching(/^✅ pass/)]
    ])
    for (const id of ['sha256:api', 'sha256:web', 'sha256:worker'])
      expect(result.summary).toContain(`### ✅ Image ${id}`)
    // Top level: the whole step; the image-specific fields are per image.
    expect(result.report).toMatchObject({
      imageId: null,
      imageName: null,
      scanStatus: 'scanned',
      verdict: 'pass',
      violations: 0,
      findings: null,
      events: null
    })
    expect(images(result).map((image) => [image.imageId, image.verdict])).toEqual([
      ['sha256:api', 'pass'],
      ['sha256:web', 'pass'],
      ['sha256:worker', 'pass']
    ])
    expect(images(result)[0].findings).toHaveLength(2)
    expect(result.report?.requests).toBe(4)
  })

  it('fails when one image breaks the policy, and still shows the others', async () => {
    const emu = await start({
      images: {
        'sha256:clean': { findings: [finding(1)] },
        'sha256:bad': {
          findings: [finding(4, { Path: '/srv/miner', VirusName: 'Linux.Miner.Xmrig' })]
        },
        'sha256:ok': { findings: [] }
      }
    })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'sha256:clean\nsha256:bad\nsha256:ok', 'report-file': REPORT }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'fail', findings: '2', violations: '1' })
    expect(failureLine(result)).toMatch(
      /^TCSS virus gate failed: 1 of 3 image\(s\) fail\. image sha256:bad: Policy violated: 1 critical \(allowed 0\)/
    )
    expect(annotations(result)).toEqual([
      [
        'TCSS virus gate: critical finding in sha256:bad',
        expect.stringContaining('Linux.Miner.Xmrig in /srv/miner')
      ]
    ])
    expect(imageRows(result.summary).map((row) => row[5].slice(0, 6))).toEqual([
      '✅ pass',
      '❌ fail',
      '✅ pass'
    ])
    expect(result.summary).toContain('### ❌ Image sha256:bad')
    expect(result.summary).toContain('#### Violations (1)')
    expect(images(result).map((image) => image.verdict)).toEqual(['pass', 'fail', 'pass'])
  })

  it('reports an image that cannot be read for that image and fails closed, without hiding the others', async () => {
    const emu = await start({
      images: {
        'sha256:bad': { findings: [finding(4, { Path: '/srv/dropper' }), finding(3)] },
        'sha256:broken': { statuses: [3] },
        'sha256:clean': { findings: [finding(1)] }
      }
    })
    const result = await runGate(emu, {
      inputs: {
        'image-id': 'sha256:bad\nsha256:missing\nsha256:broken\nsha256:clean',
        // scan: never, so that the scan error stands (if-not-scanned would rescan).
        scan: 'never',
        'report-file': REPORT,
        'sarif-file': 'gate.sarif'
      },
      readBack: ['gate.sarif']
    })
    expect(result.exitCode).toBe(1)
    // The findings and violations of the images that could be read are all there.
    expect(result.outputs).toMatchObject({ verdict: 'fail', findings: '3', violations: '2' })
    // One image's status could not be read at all: the worst status is "none".
    expect(result.outputs['scan-status']).toBe('')
    const [bad, missing, broken, clean] = images(result)
    expect(bad).toMatchObject({ verdict: 'fail', scanStatus: 'scanned', violations: 2 })
    expect(bad.findings.map((f) => f.path)).toContain('/srv/dropper')
    expect(missing).toMatchObject({
      verdict: 'fail',
      scanStatus: null,
      error: { kind: 'api', message: expect.stringMatching(/ResourceNotFound/) },
      findings: []
    })
    expect(broken).toMatchObject({ scanStatus: 'error', error: { kind: 'scan' } })
    expect(clean).toMatchObject({ verdict: 'pass', scanStatus: 'scanned' })

    const titles = annotations(result).map(([title]) => title)
    expect(titles).toEqual([
      'TCSS virus gate: critical finding in sha256:bad',
      'TCSS virus gate: high finding in sha256:bad',
      'TCSS virus gate: could not judge image sha256:missing',
      'TCSS virus gate: could not judge image sha256:broken'
    ])
    expect(failureLine(result)).toMatch(/3 of 4 image\(s\) fail\./)
    expect(failureLine(result)).toContain(
      'image sha256:missing: DescribeAssetImageVirusList failed'
    )
    const rows = imageRows(result.summary)
    expect(rows.map((row) => row.slice(0, 5))).toEqual([
      ['sha256:bad', 'scanned', '2', '2', '0'],
      ['sha256:missing', 'unknown', 'not read', '-', '-'],
      ['sha256:broken', 'error', 'not read', '-', '-'],
      ['sha256:clean', 'scanned', '1', '0', '0']
    ])
    expect(result.summary).toContain('**The findings could not be judged:**')
    expect(result.summary).toContain('### ✅ Image sha256:clean')

    // SARIF: the readable image's violations, each naming its image; the unread ones as notifications.
    const sarif = JSON.parse(result.readBack['gate.sarif']) as {
      runs: Array<{
        results: Array<{ message: { text: string }; properties: Record<string, unknown> }>
        invocations: Array<{
          executionSuccessful: boolean
          toolExecutionNotifications?: Array<{ level: string; message: { text: string } }>
        }>
      }>
    }
    const [run] = sarif.runs
    expect(run.results).toHaveLength(2)
    for (const r of run.results) {
      expect(r.properties.imageId).toBe('sha256:bad')
      expect(r.message.text).toContain('of image sha256:bad')
    }
    expect(run.invocations[0].executionSuccessful).toBe(false)
    expect(
      run.invocations[0].toolExecutionNotifications
        ?.filter((n) => n.level === 'error')
        .map((n) => n.message.text)
    ).toEqual([
      expect.stringContaining('could not judge image sha256:missing'),
      expect.stringContaining('could not judge image sha256:broken')
    ])
  })

  it('in report-only mode, a scan error on one image is a warning but an unknown image still fails', async () => {
    const emu = await start({
      images: { 'sha256:broken': { statuses: [4] }, 'sha256:clean': { findings: [] } }
    })
    const scanProblem = await runGate(emu, {
      inputs: { 'image-id': 'sha256:broken\nsha256:clean', enforce: 'false', scan: 'never' }
    })
    expect(scanProblem.exitCode).toBe(0)
    expect(scanProblem.outputs).toMatchObject({ verdict: 'fail', 'scan-status': 'canceled' })
    expect(scanProblem.commands).toContainEqual(
      expect.objectContaining({
        command: 'warning',
        message: expect.stringMatching(/would fail \(report only.*sha256:broken/)
      })
    )

    const unknown = await runGate(emu, {
      inputs: { 'image-id': 'sha256:clean\nsha256:nope', enforce: 'false' }
    })
    expect(unknown.exitCode).toBe(1)
    expect(failureLine(unknown)).toMatch(/ResourceNotFound/)
  })

  it('takes image-id and image together, and reads a duplicate once with a notice', async () => {
    const emu = await start({
      images: {
        'sha256:api': { findings: [] },
        'sha256:web': { name: 'team/web:2', findings: [finding(2)] },
        'sha256:job': { name: 'team/job:7', findings: [] }
      }
    })
    const result = await runGate(emu, {
      inputs: {
        'image-id': 'sha256:api\nsha256:web\nsha256:api',
        image: 'team/web:2\nteam/job:7\nteam/job:7',
        'report-file': REPORT
      }
    })
    expect(result.exitCode).toBe(0)
    const notices = result.commands.filter((c) => c.command === 'notice').map((c) => c.message)
    expect(notices).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/'image-id' lists "sha256:api" more than once; it is gated once/),
        expect.stringMatching(/'image' lists "team\/job:7" more than once/)
      ])
    )
    // team/web:2 resolves to an ImageID already listed: it is read once.
    expect(virusListImageIds(emu).sort()).toEqual(['sha256:api', 'sha256:job', 'sha256:web'])
    expect(result.outputs).toMatchObject({ findings: '1' })
    expect(images(result).map((image) => [image.imageId, image.imageName, image.sameAs])).toEqual([
      ['sha256:api', null, null],
      ['sha256:web', null, null],
      ['sha256:web', 'team/web:2', 'sha256:web'],
      ['sha256:job', 'team/job:7', null]
    ])
    expect(result.summary).toContain('The same ImageID as sha256:web')
    expect(result.stdout).toContain('is the image sha256:web already names')
  })

  it('resolves names concurrently and reports a name that never appears for that image alone', async () => {
    const emu = await start({
      images: {
        'sha256:app': { name: 'team/app:1', listedAfter: 2, findings: [finding(3)] },
        'sha256:other': { findings: [] }
      }
    })
    const result = await runGate(emu, {
      inputs: {
        image: 'team/app:1\nteam/ghost:1',
        'image-id': 'sha256:other',
        'wait-timeout': '3',
        'report-file': REPORT
      }
    })
    expect(result.exitCode).toBe(1)
    const [other, app, ghost] = images(result)
    expect(other).toMatchObject({ imageId: 'sha256:other', verdict: 'pass' })
    expect(app).toMatchObject({ imageId: 'sha256:app', imageName: 'team/app:1', violations: 1 })
    expect(ghost).toMatchObject({
      imageId: null,
      imageName: 'team/ghost:1',
      scanStatus: 'timeout',
      error: { kind: 'scan' }
    })
    expect(result.outputs).toMatchObject({ violations: '1', 'scan-status': 'timeout' })
    expect(imageRows(result.summary)[2][0]).toBe('team/ghost:1 (not resolved to an ImageID)')
  })

  it('gates 20 images under one rate limit: the request rate never exceeds max-rps', async () => {
    const scenarios: Record<string, object> = {}
    const ids: string[] = []
    for (let index = 0; index < 20; index += 1) {
      const id = `sha256:img-${String(index).padStart(2, '0')}`
      ids.push(id)
      // Each image: one poll while scanning, then two pages of findings: 3 requests.
      scenarios[id] = {
        statuses: [1, 2],
        generate: { count: 120, riskLevels: [1, 2], prefix: `i${index}-` }
      }
    }
    scenarios['sha256:img-07'] = {
      statuses: [1, 2],
      generate: { count: 119, riskLevels: [1, 2], prefix: 'i7-' },
      findings: [finding(4)]
    }
    const emu = await start({ images: scenarios })
    const result = await runGate(emu, {
      inputs: {
        'image-id': ids.join('\n'),
        'max-rps': '10',
        'wait-timeout': '60',
        'report-file': REPORT
      }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({
      verdict: 'fail',
      'scan-status': 'scanned',
      findings: String(20 * 120),
      violations: '1'
    })
    expect(emu.requests).toHaveLength(60)
    expect(emu.requests.every((request) => request.outcome === 'ok')).toBe(true)
    expectRateAtMost(emu, 10)
    // Concurrent, not one image after the other: the first 20 requests touch every image.
    expect(new Set(virusListImageIds(emu).slice(0, 20)).size).toBe(20)
    expect(failureLine(result)).toMatch(/1 of 20 image\(s\) fail\. image sha256:img-07:/)
    expect(images(result).filter((image) => image.verdict === 'fail')).toHaveLength(1)
    expect(result.report?.requests).toBe(60)
  })

  it('shares one retry budget and deadline: faults on one image are retried, the others are unaffected', async () => {
    const emu = await start({
      images: { 'sha256:a': { findings: [finding(1)] }, 'sha256:b': { findings: [] } },
      faults: { script: ['throttle', 'http502'] }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'sha256:a\nsha256:b' } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'pass', findings: '1' })
    expect(emu.requests).toHaveLength(4)
    expect(result.stdout).toMatch(/DescribeAssetImageVirusList at offset 0 failed .*retry 1/)
  })
})
