/**
 * The gate under every reading of TCSS that no document settles: the bundle
 * runs each flow that depends on an open fact against the emulator serving
 * each reading of it (OPEN_FACTS), and must give the right answer or fail
 * closed naming the fact; never a pass on data it did not fully read, never
 * a false fail where the answer was there to be read. docs/api-contract.md
 * lists the same facts: a fact without a reading, or without a flow here,
 * fails the first test.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { OPEN_FACTS, type EmulatorOptions } from '../emulator/emulator.mjs'
import {
  dockerConfigJson,
  imageManifest,
  multiPlatformPush,
  registryPerTest,
  startFakeRegistry,
  type StoredManifest
} from '../helpers/fake-registry.js'
import { emulatorPerTest, failureLine, finding, runGate as runBundle } from '../helpers/gate.js'
import { ROOT, type RunOptions } from '../helpers/run-action.js'

const startEmulator = emulatorPerTest()
const startRegistry = registryPerTest()
/** What every emulator of a flow gets besides its readings (the service's clock, for one). */
let common: EmulatorOptions = {}
/** The registry of the flow's images: the gate reads each registry-image reference from it. */
let registryEnv: Record<string, string> = {}
let registrySecret = ''
const start = async (
  options: EmulatorOptions,
  more: ReadonlyArray<readonly [string, string, StoredManifest]> = []
) => {
  const served = await startRegistry(options.registryImages, more)
  registryEnv = served.env
  registrySecret = served.registry.password
  return startEmulator({ ...common, ...options, registryImages: served.scenarios })
}
const runGate = (emu: Awaited<ReturnType<typeof start>>, options: RunOptions = {}) =>
  runBundle(emu, {
    ...options,
    env: { ...registryEnv, ...options.env },
    secrets: [registrySecret, ...(options.secrets ?? [])]
  })
const HOST = 'ccr.ccs.tencentyun.com'
const REPO = `${HOST}/team/app`
type Readings = NonNullable<EmulatorOptions['readings']>

const calls = (emu: Awaited<ReturnType<typeof start>>, action: string) =>
  emu.requests.filter((request) => request.action === action && !request.fault)

/** One flow of the gate that depends on an open fact; it asserts its own right answer. */
type Flow = (readings: Readings) => Promise<void>

const flows: Record<string, Flow> = {
  /** A never-scanned local image with the default scan: scanned once and judged. */
  async 'local scan on demand'(readings) {
    const emu = await start({
      readings,
      images: { 'sha256:new': { statuses: [0], scanPolls: 2, findings: [finding(4)] } }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'sha256:new' } })
    expect(failureLine(result)).toMatch(/violat/i)
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ 'scan-status': 'scanned', violations: '1' })
    expect(calls(emu, 'CreateAssetImageScanTask')).toHaveLength(1)
  },

  /** scan: always on a scanned local image: judged on the new scan's findings only. */
  async 'local scan always'(readings) {
    const emu = await start({
      readings,
      images: {
        'sha256:app': {
          scanPolls: 2,
          previousFindings: [finding(4)],
          findings: [finding(4)],
          rescanFindings: [finding(1)]
        }
      }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'sha256:app', scan: 'always' } })
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.outputs.counts)).toMatchObject({ critical: 0, low: 1 })
    expect(calls(emu, 'CreateAssetImageScanTask').length).toBeLessThanOrEqual(1)
  },

  /** scan: always on a local image TCSS is already scanning: judged from that scan. */
  async 'local scan always while scanning'(readings) {
    const emu = await start({
      readings,
      images: {
        'sha256:busy': {
          runningScan: { polls: 3 },
          findings: [finding(4)],
          rescanFindings: [finding(1)]
        }
      }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'sha256:busy', scan: 'always' } })
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.outputs.counts)).toMatchObject({ critical: 0, low: 1 })
    expect(calls(emu, 'CreateAssetImageScanTask').length).toBeLessThanOrEqual(1)
  },

  /** A never-scanned registry image with the default scan: scanned once and judged. */
  async 'registry scan on demand'(readings) {
    const emu = await start({
      readings,
      registryImages: {
        '7': {
          repository: REPO,
          tag: '1.0',
          virusStatuses: ['NOT_SCAN'],
          scanPolls: 2,
          rescanFindings: [finding(4)]
        }
      }
    })
    const result = await runGate(emu, { inputs: { 'registry-image': `${REPO}:1.0` } })
    expect(failureLine(result)).toMatch(/violat/i)
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ 'scan-status': 'scanned', violations: '1' })
    expect(calls(emu, 'CreateAssetImageRegistryScanTask')).toHaveLength(1)
  },

  /** scan: always on a scanned registry image: judged on the new scan's findings only. */
  async 'registry scan always'(readings) {
    const emu = await start({
      readings,
      registryImages: {
        '6': {
          repository: REPO,
          tag: '1.5',
          scanPolls: 2,
          findings: [finding(4)],
          rescanFindings: [finding(1)]
        }
      }
    })
    const result = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:1.5`, scan: 'always' }
    })
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.outputs.counts)).toMatchObject({ critical: 0, low: 1 })
    expect(calls(emu, 'CreateAssetImageRegistryScanTask')).toHaveLength(1)
  },

  /** scan: always on a registry image TCSS is already scanning (scan-on-push): judged from that scan. */
  async 'registry scan always while scanning'(readings) {
    const emu = await start({
      readings,
      registryImages: {
        '8': {
          repository: REPO,
          tag: '2.0',
          runningScan: { polls: 3 },
          findings: [finding(4)],
          rescanFindings: [finding(1)]
        }
      }
    })
    const result = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:2.0`, scan: 'always' }
    })
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.outputs.counts)).toMatchObject({ critical: 0, low: 1 })
    expect(calls(emu, 'CreateAssetImageRegistryScanTask').length).toBeLessThanOrEqual(1)
  },

  /** A registry image listed only after the sync: judged; one never listed times out naming the sync. */
  async 'registry image after a sync'(readings) {
    const emu = await start(
      {
        readings,
        registryImages: {
          '9': { repository: REPO, tag: '3.0', listedAfterSync: true, findings: [finding(1)] }
        }
      },
      [[REPO, 'never', imageManifest('pushed, never listed')]]
    )
    const found = await runGate(emu, { inputs: { 'registry-image': `${REPO}:3.0` } })
    expect(found.exitCode).toBe(0)
    expect(found.outputs.findings).toBe('1')
    const missing = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:never`, 'wait-timeout': '4' }
    })
    expect(missing.exitCode).toBe(1)
    expect(missing.outputs['scan-status']).toBe('timeout')
    expect(failureLine(missing)).toMatch(
      readings.registrySync === 'stuck-doing' ? /still running \(Err: rpc service error\)/ : /sync/
    )
  },

  /** `image: name:tag` is found whatever the ImageName filter matches, and judged. */
  async 'image by name'(readings) {
    const emu = await start({
      readings,
      images: {
        'sha256:named': { name: 'team/app:1.0', findings: [finding(1)] },
        'sha256:other': { name: 'team/app:1.1', findings: [finding(4)] }
      }
    })
    const result = await runGate(emu, { inputs: { image: 'team/app:1.0' } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.findings).toBe('1')
  },

  /**
   * A push of two platforms plus attestations, gated by its index digest:
   * every platform TCSS lists is judged on its own findings (amd64 clean,
   * arm64 low); a platform TCSS does not list (index-row, one-platform) fails
   * at wait-timeout naming the fact, never passed; `platforms: linux/amd64`
   * gates what TCSS scanned, and passes, under every reading.
   */
  async 'multi-platform push'(readings) {
    const push = multiPlatformPush('flow')
    const registry = await startFakeRegistry()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-docker-'))
    try {
      registry.push('team/app', push.manifests, 'mp')
      fs.writeFileSync(
        path.join(dir, 'config.json'),
        dockerConfigJson(HOST, registry.username, registry.password)
      )
      const emu = await start({
        readings,
        multiPlatformPushes: {
          [push.index.digest]: {
            repository: REPO,
            tag: 'mp',
            platforms: {
              91: { digest: push.amd64.digest, imageId: push.amd64.configDigest, findings: [] },
              92: {
                digest: push.arm64.digest,
                imageId: push.arm64.configDigest,
                findings: [finding(1)]
              }
            }
          }
        }
      })
      const env = registry.env(HOST, dir)
      const all = await runGate(emu, {
        inputs: {
          'registry-image': `${REPO}@${push.index.digest}`,
          'wait-timeout': '5',
          'report-file': 'report.json'
        },
        env,
        secrets: [registry.password]
      })
      const images = (all.report as unknown as { images: Array<Record<string, unknown>> }).images
      const verdicts = images.map((image) => [image.imageName, image.verdict])
      if ((readings.multiPlatformListing ?? 'per-platform') === 'per-platform') {
        expect(all.exitCode).toBe(0)
        expect(all.outputs.findings).toBe('1')
        expect(verdicts).toEqual([
          [`${REPO}@${push.amd64.digest} (linux/amd64)`, 'pass'],
          [`${REPO}@${push.arm64.digest} (linux/arm64)`, 'pass']
        ])
      } else {
        expect(all.exitCode).toBe(1)
        expect(verdicts).toEqual([
          [`${REPO}@${push.amd64.digest} (linux/amd64)`, 'pass'],
          [`${REPO}@${push.arm64.digest} (linux/arm64)`, 'fail']
        ])
        expect(all.stdout).toMatch(/multiPlatformListing/)
      }
      const amd64 = await runGate(emu, {
        inputs: { 'registry-image': `${REPO}:mp`, platforms: 'linux/amd64' },
        env,
        secrets: [registry.password]
      })
      expect(amd64.exitCode).toBe(0)
    } finally {
      await registry.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  },

  /**
   * 3,000 findings at max-rps 20 on a 20 req/s limit: alone on the account, never refused; two jobs
   * at once on it, each judged on every finding however often it is refused.
   */
  async 'reading at the limit'(readings) {
    const images = {
      'sha256:one': { generate: { count: 3000, riskLevels: [1] } },
      'sha256:two': { generate: { count: 3000, riskLevels: [1] } }
    }
    const emu = await start({ readings, rateLimit: 20, latencyMs: 20, images })
    const inputs = (image: string) => ({ 'image-id': image, 'max-rps': '20' })
    const alone = await runGate(emu, { inputs: inputs('sha256:one') })
    expect(alone.exitCode).toBe(0)
    expect(alone.outputs.findings).toBe('3000')
    expect(emu.requests.filter((request) => request.outcome === 'RequestLimitExceeded')).toEqual([])
    const both = await Promise.all(
      ['sha256:one', 'sha256:two'].map((image) => runGate(emu, { inputs: inputs(image) }))
    )
    for (const run of both) {
      expect(run.exitCode).toBe(0)
      expect(run.outputs.findings).toBe('3000')
    }
  },

  /** 99 low + 2 medium under medium: 1 never passes, and no read short of TotalCount is judged. */
  async 'local paging'(readings) {
    const findings = [...Array.from({ length: 99 }, () => finding(1)), finding(2), finding(2)]
    const emu = await start({ readings, images: { 'sha256:long': { findings } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'sha256:long', policy: 'policy.yml' },
      files: { 'policy.yml': 'version: 1\nthresholds:\n  medium: 1\n' }
    })
    expectJudgedWholeOrFailedClosed(result)
  },

  /** The same for a registry image's list, which takes no order at all. */
  async 'registry paging'(readings) {
    const findings = [...Array.from({ length: 99 }, () => finding(1)), finding(2), finding(2)]
    const emu = await start({
      readings,
      registryImages: { '5': { repository: REPO, tag: 'long', findings } }
    })
    const result = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:long`, policy: 'policy.yml' },
      files: { 'policy.yml': 'version: 1\nthresholds:\n  medium: 1\n' }
    })
    expectJudgedWholeOrFailedClosed(result)
  }
}

/**
 * 99 low + 2 medium under medium: 1: judged on all 101 findings (and failed
 * for the two medium ones), or not judged at all, naming the list; never a pass.
 */
function expectJudgedWholeOrFailedClosed(result: Awaited<ReturnType<typeof runGate>>): void {
  expect(result.exitCode).toBe(1)
  if (result.outputs.findings === '101') {
    expect(result.outputs.violations).toBe('2')
  } else {
    expect(result.outputs.findings).toBe('0')
    expect(failureLine(result)).toMatch(/did not settle .*the list is inconsistent/)
  }
}

/** The flows each open fact decides. */
const FLOWS_OF: Record<string, string[]> = {
  virusListOrder: ['local paging'],
  registryVirusListOrder: ['registry paging'],
  localTaskStatus: ['local scan on demand', 'local scan always'],
  localTaskId: ['local scan on demand', 'local scan always'],
  localBusyCode: ['local scan always while scanning'],
  virusRowsWhileScanning: ['local scan on demand', 'local scan always while scanning'],
  registryTaskStatus: ['registry scan on demand', 'registry scan always'],
  registryTaskId: ['registry scan on demand', 'registry scan always'],
  registryBusyCode: ['registry scan always while scanning'],
  registrySync: ['registry image after a sync'],
  imageNameFilter: ['image by name'],
  registryScanStatus: ['registry scan on demand', 'registry scan always while scanning'],
  registryVirusStatusNames: ['registry scan on demand', 'registry scan always while scanning'],
  scanTimeFormat: [
    'local scan always',
    'registry scan always',
    'registry scan always while scanning'
  ],
  registryAddress: ['registry scan on demand', 'registry image after a sync'],
  multiPlatformListing: ['multi-platform push'],
  rateLimitWindow: ['reading at the limit']
}

/** The open facts as docs/api-contract.md lists them (the first column of its table). */
function documentedFacts(): string[] {
  const text = fs.readFileSync(path.join(ROOT, 'docs', 'api-contract.md'), 'utf8')
  const section = text.split(/^## /m).find((part) => part.startsWith('Open facts'))
  if (!section) throw new Error('docs/api-contract.md has no "Open facts" section')
  return [...section.matchAll(/^\|\s*`([A-Za-z]+)`\s*\|/gm)].map((match) => match[1])
}

describe('the open facts', () => {
  it('are one list: the contract, the emulator readings and the flows tested here', () => {
    const facts = Object.keys(OPEN_FACTS).sort()
    expect(documentedFacts().sort()).toEqual(facts)
    expect(Object.keys(FLOWS_OF).sort()).toEqual(facts)
    for (const names of Object.values(FLOWS_OF)) {
      for (const name of names) expect(Object.keys(flows)).toContain(name)
    }
  })
})

const cases: Array<[string, string, string]> = []
for (const [fact, { readings }] of Object.entries(OPEN_FACTS)) {
  // The default reading is what every other e2e test runs; each other reading runs here.
  for (const reading of readings.slice(1)) {
    for (const flow of FLOWS_OF[fact] ?? []) cases.push([fact, reading, flow])
  }
}

describe('every flow under every reading', () => {
  it('runs the flows once under the default readings', async () => {
    for (const flow of Object.values(flows)) await flow({})
  }, 180_000)

  it.each(cases)('%s = %s: %s', async (fact, reading, flow) => {
    await flows[flow]({ [fact]: reading } as Readings)
  })
})

describe("the service clock, not the runner's", () => {
  it.each([
    ['ahead', 120_000],
    ['behind', -120_000]
  ])(
    'judges scan: always the same with the service two minutes %s of the runner',
    async (_, skewMs) => {
      const timings: number[] = []
      for (const skew of [0, skewMs]) {
        common = { now: () => Date.now() + skew }
        try {
          for (const flow of ['local scan always', 'registry scan always']) {
            const started = Date.now()
            await flows[flow]({})
            if (skew === 0) timings.push(Date.now() - started)
            // As quick as with synchronised clocks: never a wait for the runner's clock to catch up.
            else expect(Date.now() - started).toBeLessThan(timings.shift()! + 8000)
          }
        } finally {
          common = {}
        }
      }
    },
    120_000
  )
})
