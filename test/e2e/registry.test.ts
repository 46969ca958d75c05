/**
 * End-to-end: registry images (`registry-image`) and scans on demand (`scan`)
 * on the bundle against the emulator's registry family and scan tasks.
 */
import { describe, expect, it } from '@jest/globals'
import { type Emulator, type EmulatorOptions, registryVirusRow } from '../emulator/emulator.mjs'
import { imageManifest, registryPerTest, type StoredManifest } from '../helpers/fake-registry.js'
import { emulatorPerTest, failureLine, finding, runGate as runBundle } from '../helpers/gate.js'
import type { RunOptions } from '../helpers/run-action.js'

const startEmulator = emulatorPerTest()
const REPO = 'ccr.ccs.tencentyun.com/team/app'
/** The manifests the registry holds: the gate reads each reference's digest from it. */
const IMAGE = imageManifest('ab')
const OTHER = imageManifest('cd')
const DIGEST = IMAGE.digest
const OTHER_DIGEST = OTHER.digest
const startRegistry = registryPerTest([IMAGE, OTHER])
let registryEnv: Record<string, string> = {}
let registryPassword = ''

/** The emulator, and a registry holding every image it lists (and `more`), logged in to by a Docker config. */
async function start(
  options: EmulatorOptions = {},
  more: ReadonlyArray<readonly [string, string, StoredManifest]> = []
): Promise<Emulator> {
  const served = await startRegistry(options.registryImages, more)
  registryEnv = served.env
  registryPassword = served.registry.password
  return startEmulator({ ...options, registryImages: served.scenarios })
}

const runGate = (emu: Emulator, options: RunOptions = {}) =>
  runBundle(emu, {
    ...options,
    env: { ...registryEnv, ...options.env },
    secrets: [registryPassword, ...(options.secrets ?? [])]
  })
const WRITES = [
  'CreateAssetImageScanTask',
  'CreateAssetImageRegistryScanTask',
  'SyncAssetImageRegistryAsset'
]

const critical = () => registryVirusRow(finding(4, { Path: '/srv/app/dropper' }))
const low = () => registryVirusRow(finding(1))

function calls(emu: Emulator, action: string) {
  return emu.requests.filter((request) => request.action === action && request.outcome === 'ok')
}
function writes(emu: Emulator) {
  return emu.requests.filter((request) => WRITES.includes(request.action ?? ''))
}

describe('registry-image', () => {
  it('finds a pushed image by tag, scans it on demand and fails on a critical sent as the string "4"', async () => {
    const emu = await start({
      registryImages: {
        101: {
          repository: REPO,
          tag: '1.4.2',
          digest: DIGEST,
          virusStatuses: ['NOT_SCAN'],
          findings: [critical(), low()]
        }
      }
    })
    const result = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:1.4.2`, 'report-file': 'report.json' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({
      verdict: 'fail',
      'scan-status': 'scanned',
      findings: '2'
    })
    expect(JSON.parse(result.outputs.counts)).toMatchObject({ critical: 1, low: 1, unknown: 0 })
    // Paths normalised to start with '/'.
    expect(result.report?.findings.map((f) => f.path)).toContain('/srv/app/dropper')
    const tasks = calls(emu, 'CreateAssetImageRegistryScanTask')
    expect(tasks).toHaveLength(1)
    expect(tasks[0].params).toEqual({ Id: [101], ScanType: ['VIRUS'] })
    expect(writes(emu)).toHaveLength(1)
    for (const request of calls(emu, 'DescribeAssetImageRegistryList'))
      expect(request).toMatchObject({ order: 'asc', by: 'Id', limit: 100 })
  })

  it('finds a pushed image by digest and passes it clean', async () => {
    const emu = await start({
      registryImages: {
        7: {
          repository: REPO,
          tag: 'sha-1234',
          digest: DIGEST,
          virusStatuses: ['NOT_SCAN'],
          findings: []
        }
      }
    })
    const result = await runGate(emu, { inputs: { 'registry-image': `${REPO}@${DIGEST}` } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'pass', findings: '0' })
    expect(calls(emu, 'CreateAssetImageRegistryScanTask')).toHaveLength(1)
  })

  it('never takes a look-alike, however bad its findings; no tag means :latest', async () => {
    const bad = { virusStatuses: ['SCANNED'], findings: [critical()] }
    const emu = await start({
      registryImages: {
        1: { repository: REPO, tag: '1.4.2-rc1', ...bad },
        2: { repository: `${REPO}-worker`, tag: 'latest', ...bad },
        3: { repository: `mirror.example.com/team/app`, tag: 'latest', ...bad },
        4: { repository: `${REPO}/sub`, tag: 'latest', ...bad },
        5: { repository: REPO, tag: 'latest', findings: [] }
      }
    })
    const result = await runGate(emu, { inputs: { 'registry-image': REPO } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'pass', findings: '0' })
    expect(
      new Set(calls(emu, 'DescribeAssetImageRegistryVirusList').map((r) => r.params?.Id))
    ).toEqual(new Set([5]))
  })

  it('by tag, takes the digest the registry names: an older row of the tag with another digest is never taken', async () => {
    const emu = await start({
      registryImages: {
        11: { repository: REPO, tag: '1.0', digest: DIGEST, findings: [] },
        12: { repository: REPO, tag: '1.0', digest: OTHER_DIGEST, findings: [critical()] }
      }
    })
    const result = await runGate(emu, { inputs: { 'registry-image': `${REPO}:1.0` } })
    expect(result.exitCode).toBe(0)
    expect(
      new Set(calls(emu, 'DescribeAssetImageRegistryVirusList').map((r) => r.params?.Id))
    ).toEqual(new Set([11]))
  })

  it('fails when the registry cannot be read in report-only mode too: a configuration mistake', async () => {
    const emu = await start({
      registryImages: { 13: { repository: REPO, tag: '1.1', digest: DIGEST, findings: [] } }
    })
    const result = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:1.1`, enforce: 'false' },
      env: { DOCKER_CONFIG: '/nonexistent' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    expect(failureLine(result)).toMatch(/asks for credentials/)
    expect(calls(emu, 'DescribeAssetImageRegistryVirusList')).toHaveLength(0)
  })

  it('gates every Id of one digest, rows of one Id once, and fails if any fails', async () => {
    const emu = await start({
      registryImages: {
        21: { repository: REPO, tag: '2.0', digest: DIGEST, findings: [], rowCopies: 2 },
        22: { repository: REPO, tag: '2.0', digest: DIGEST, findings: [critical()] }
      }
    })
    const result = await runGate(emu, { inputs: { 'registry-image': `${REPO}:2.0` } })
    expect(result.exitCode).toBe(1)
    expect(JSON.parse(result.outputs.counts)).toMatchObject({ critical: 1 })
  })

  it('asks TCSS to sync the registry when the image is not listed yet, then gates it', async () => {
    const emu = await start({
      registryImages: { 31: { repository: REPO, tag: '3.0', listedAfterSync: true, findings: [] } }
    })
    const result = await runGate(emu, { inputs: { 'registry-image': `${REPO}:3.0` } })
    expect(result.exitCode).toBe(0)
    expect(calls(emu, 'SyncAssetImageRegistryAsset')).toHaveLength(1)
    expect(calls(emu, 'DescribeAssetImageRegistryAssetStatus').length).toBeGreaterThanOrEqual(1)
  })

  it('waits for an image listed only after a few list calls, without writing under scan: never', async () => {
    const emu = await start({
      registryImages: { 32: { repository: REPO, tag: '3.1', listedAfter: 3, findings: [] } }
    })
    const result = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:3.1`, scan: 'never' }
    })
    expect(result.exitCode).toBe(0)
    expect(calls(emu, 'DescribeAssetImageRegistryList').length).toBeGreaterThanOrEqual(4)
    expect(writes(emu)).toHaveLength(0)
  })

  it('scan: never sends no write request and fails at wait-timeout saying how to get a scan', async () => {
    const emu = await start({
      registryImages: {
        41: { repository: REPO, tag: '4.0', virusStatuses: ['NOT_SCAN'], findings: [] }
      }
    })
    const result = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:4.0`, scan: 'never', 'wait-timeout': '2' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs['scan-status']).toBe('timeout')
    expect(failureLine(result)).toMatch(/scan: never.*scan: if-not-scanned/)
    expect(writes(emu)).toHaveLength(0)
  })

  it('scan: always judges the new results, not the old ones', async () => {
    const emu = await start({
      registryImages: {
        51: { repository: REPO, tag: '5.0', findings: [critical()], rescanFindings: [low()] }
      }
    })
    const result = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:5.0`, scan: 'always' }
    })
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.outputs.counts)).toMatchObject({ critical: 0, low: 1 })
    expect(calls(emu, 'CreateAssetImageRegistryScanTask')).toHaveLength(1)

    const stale = await start({
      registryImages: {
        52: { repository: REPO, tag: '5.1', findings: [low()], rescanFindings: [critical()] }
      }
    })
    const again = await runGate(stale, {
      inputs: { 'registry-image': `${REPO}:5.1`, scan: 'always' }
    })
    expect(again.exitCode).toBe(1)
    expect(JSON.parse(again.outputs.counts)).toMatchObject({ critical: 1 })
  })

  it('fails an unauthorized image at once, whatever scan is, and never starts a task for it', async () => {
    for (const scan of ['never', 'if-not-scanned', 'always']) {
      const emu = await start({
        registryImages: {
          61: { repository: REPO, tag: '6.0', authorized: 0, virusStatuses: ['NOT_SCAN'] }
        }
      })
      const started = Date.now()
      const result = await runGate(emu, {
        inputs: { 'registry-image': `${REPO}:6.0`, scan, 'wait-timeout': '30' }
      })
      expect(result.exitCode).toBe(1)
      expect(failureLine(result)).toMatch(/not authorized for scanning/)
      expect(Date.now() - started).toBeLessThan(15_000)
      expect(calls(emu, 'CreateAssetImageRegistryScanTask')).toHaveLength(0)
    }
  })

  it('never passes when the virus status changes while the findings are read', async () => {
    const emu = await start({
      registryImages: {
        71: { repository: REPO, tag: '7.0', virusStatuses: ['SCANNED', 'SCANNING'], findings: [] }
      }
    })
    const result = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:7.0`, scan: 'never' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    expect(failureLine(result)).toMatch(/did not settle after 6 reads.*virus status was "SCANNING"/)
    expect(result.stdout).toMatch(/virus status moved from "SCANNED".*to "SCANNING".* while paging/)
    expect(result.stdout).toContain('changed while it was read')
  })

  it('fails closed on a registry virus status it does not know, naming it', async () => {
    const emu = await start({
      registryImages: { 72: { repository: REPO, tag: '7.1', virusStatuses: ['HALF_DONE'] } }
    })
    const result = await runGate(emu, { inputs: { 'registry-image': `${REPO}:7.1` } })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toContain('HALF_DONE')
  })

  it('starts exactly one scan task per image, however many lines name it', async () => {
    const emu = await start({
      registryImages: {
        81: {
          repository: REPO,
          tag: '8.0',
          digest: DIGEST,
          virusStatuses: ['NOT_SCAN'],
          findings: []
        }
      }
    })
    const result = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:8.0\n${REPO}@${DIGEST}` }
    })
    expect(result.exitCode).toBe(0)
    expect(calls(emu, 'CreateAssetImageRegistryScanTask')).toHaveLength(1)
  })

  it('starts one scan task per image when a tag names one Id and a digest names it and another', async () => {
    const emu = await start({
      registryImages: {
        82: { repository: REPO, tag: '8.2', digest: OTHER_DIGEST, virusStatuses: ['NOT_SCAN'] },
        83: { repository: REPO, tag: '8.3', digest: OTHER_DIGEST, virusStatuses: ['NOT_SCAN'] }
      }
    })
    const result = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:8.2\n${REPO}@${OTHER_DIGEST}` }
    })
    expect(result.exitCode).toBe(0)
    // One task for Id 82, one for Id 83; none asked for twice (and refused as already scanning).
    expect(
      emu.requests
        .filter((request) => request.action === 'CreateAssetImageRegistryScanTask')
        .map((request) => [request.params?.Id, request.outcome])
    ).toEqual([
      [[82], 'ok'],
      [[83], 'ok']
    ])
  })

  it('reads an already-scanned registry image in ceil(L/100) + 2 + ceil(N/100) requests', async () => {
    const emu = await start({
      registryImages: {
        91: { repository: REPO, tag: '9.0', findings: Array.from({ length: 150 }, low) }
      }
    })
    const result = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:9.0`, 'report-file': 'report.json' }
    })
    expect(result.exitCode).toBe(0)
    expect(result.report?.requests).toBe(1 + 2 + 2)
  })
})

describe('scan on demand for local images', () => {
  it('scans a local image at status 0 with one task naming only that ImageID', async () => {
    const emu = await start({
      images: {
        'sha256:app': { statuses: [0], findings: [finding(4)] },
        'sha256:other': { statuses: [0], findings: [] }
      }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'sha256:app' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ 'scan-status': 'scanned', violations: '1' })
    const tasks = calls(emu, 'CreateAssetImageScanTask')
    expect(tasks).toHaveLength(1)
    expect(tasks[0].params).toEqual({ Images: ['sha256:app'], ScanVirus: true, ScanScope: 1 })
    expect(emu.imageStats('sha256:other')?.statusSteps).toBe(0)
  })

  it('fails an unauthorized local image well before wait-timeout', async () => {
    const emu = await start({ images: { 'sha256:unlicensed': { statuses: [0], authorized: 0 } } })
    const started = Date.now()
    const result = await runGate(emu, {
      inputs: { 'image-id': 'sha256:unlicensed', 'wait-timeout': '30' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toMatch(/not authorized for scanning/)
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(calls(emu, 'DescribeAssetImageDetail')).toHaveLength(1)
  })

  it('scan: always on a local image judges the new results, not the old ones', async () => {
    const emu = await start({
      images: { 'sha256:app': { findings: [finding(4)], rescanFindings: [finding(1)] } }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'sha256:app', scan: 'always' } })
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.outputs.counts)).toMatchObject({ critical: 0, low: 1 })
    expect(calls(emu, 'CreateAssetImageScanTask')).toHaveLength(1)
  })
})

describe('registry-image: the pushed image is the image', () => {
  const HOST = 'ccr.ccs.tencentyun.com'
  const imageIds = (emu: Emulator, action: string) =>
    new Set(calls(emu, action).map((request) => request.params?.Id))

  it('matches a registry host written in capitals; namespace and name stay exact', async () => {
    const emu = await start({
      registryImages: {
        71: { repository: REPO, tag: '1.4.2', findings: [critical()] },
        72: { repository: `${HOST}/Team/app`, tag: '1.4.2', findings: [] }
      }
    })
    const result = await runGate(emu, {
      inputs: {
        'registry-image': 'CCR.CCS.TencentYun.com/team/app:1.4.2',
        scan: 'never',
        'wait-timeout': '5'
      }
    })
    expect(result.outputs).toMatchObject({ verdict: 'fail', 'scan-status': 'scanned' })
    expect(JSON.parse(result.outputs.counts)).toMatchObject({ critical: 1 })
    expect(result.exitCode).toBe(1)
    expect(imageIds(emu, 'DescribeAssetImageRegistryVirusList')).toEqual(new Set([71]))
  })

  it('never takes a host-only row whose nested name lies in another namespace', async () => {
    // Planted by whoever can push to `sandbox`: clean, tagged like the pushed image.
    const emu = await start(
      {
        registryImages: {
          81: {
            repository: `${HOST}/sandbox/team-app`,
            tag: '1.4.2',
            findings: [],
            row: { ImageRepoAddress: HOST, Namespace: 'sandbox', ImageName: 'team/app' }
          }
        }
      },
      [[REPO, '1.4.2', imageManifest('scenario 81')]]
    )
    const result = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:1.4.2`, scan: 'never', 'wait-timeout': '3' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'fail', 'scan-status': 'timeout' })
    expect(failureLine(result)).toContain(`similar, not taken: ${HOST}/sandbox/team/app:1.4.2`)
    expect(calls(emu, 'DescribeAssetImageRegistryDetail')).toHaveLength(0)
    expect(calls(emu, 'DescribeAssetImageRegistryVirusList')).toHaveLength(0)
  })

  it('never takes a host-only row with a nested name and no Namespace, and says why', async () => {
    const emu = await start(
      {
        registryImages: {
          82: {
            repository: `${HOST}/unknown/team-app`,
            tag: '1.4.2',
            findings: [],
            row: { ImageRepoAddress: HOST, Namespace: '', ImageName: 'team/app' }
          }
        }
      },
      [[REPO, '1.4.2', imageManifest('scenario 82')]]
    )
    const result = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:1.4.2`, scan: 'never', 'wait-timeout': '3' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'fail', 'scan-status': 'timeout' })
    expect(failureLine(result)).toMatch(
      /similar, not taken: ImageRepoAddress "ccr\.ccs\.tencentyun\.com", ImageName "team\/app" tag "1\.4\.2" \(Id 82: .*Namespace is empty.*does not prove its namespace\)/
    )
    expect(calls(emu, 'DescribeAssetImageRegistryDetail')).toHaveLength(0)
    expect(calls(emu, 'DescribeAssetImageRegistryVirusList')).toHaveLength(0)
  })
})
