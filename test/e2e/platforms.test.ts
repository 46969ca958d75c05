/**
 * End-to-end: multi-platform registry images. The bundle and the bin read
 * the pushed reference from a fake registry on 127.0.0.1 (token auth, the
 * Docker config docker/login-action writes, or the registry-username and
 * registry-password inputs), gate every platform of an image index (two
 * platforms and their attestations) against the emulator, and say what
 * happened when the registry cannot be read.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { registryVirusRow, type EmulatorOptions } from '../emulator/emulator.mjs'
import {
  dockerConfigJson,
  type FakeRegistry,
  type FakeRegistryOptions,
  imageManifest,
  multiPlatformPush,
  startFakeRegistry
} from '../helpers/fake-registry.js'
import { emulatorPerTest, failureLine, finding, runGate } from '../helpers/gate.js'
import { runCliGate, runCliProcess } from '../helpers/run-cli.js'
import { SECRET_ID, SECRET_KEY } from '../helpers/gate.js'

const start = emulatorPerTest()
const HOST = 'ccr.ccs.tencentyun.com'
const NAME = 'team/app'
const REPO = `${HOST}/${NAME}`
const push = multiPlatformPush('release 1.0')
const critical = () => registryVirusRow(finding(4, { Path: '/usr/bin/miner' }))
const low = () => registryVirusRow(finding(1))

let registry: FakeRegistry | undefined
let home = ''
afterEach(async () => {
  await registry?.close()
  registry = undefined
})
beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-home-'))
})
afterAll(() => fs.rmSync(home, { recursive: true, force: true }))

/** A fake registry holding the push under tag 1.0, and a Docker config that logs in to it. */
async function registryWithPush(options: FakeRegistryOptions = {}, login = true) {
  registry = await startFakeRegistry(options)
  registry.push(NAME, push.manifests, '1.0')
  const config = fs.mkdtempSync(path.join(home, 'docker-'))
  if (login) {
    fs.writeFileSync(
      path.join(config, 'config.json'),
      dockerConfigJson(HOST, registry.username, registry.password)
    )
  }
  return { registry, env: registry.env(HOST, config) }
}

/** The push as TCSS lists it: amd64 (Id 61) clean, arm64 (Id 62) with `arm64Findings`. */
function pushScenario(arm64Findings = [critical()]): EmulatorOptions {
  return {
    multiPlatformPushes: {
      [push.index.digest]: {
        repository: REPO,
        tag: '1.0',
        platforms: {
          61: { digest: push.amd64.digest, imageId: push.amd64.configDigest, findings: [low()] },
          62: {
            digest: push.arm64.digest,
            imageId: push.arm64.configDigest,
            findings: arm64Findings
          }
        }
      }
    }
  }
}

const virusListIds = (emu: Awaited<ReturnType<typeof start>>) =>
  new Set(
    emu.requests
      .filter((request) => request.action === 'DescribeAssetImageRegistryVirusList')
      .map((request) => request.params?.Id)
  )

describe('registry-image of a multi-platform push', () => {
  it('gates every platform by the index digest, fails on the one with a critical and names it', async () => {
    const { registry, env } = await registryWithPush()
    const emu = await start(pushScenario())
    const result = await runGate(emu, {
      inputs: {
        'registry-image': `${REPO}@${push.index.digest}`,
        'report-file': 'report.json',
        'sarif-file': 'gate.sarif',
        'junit-file': 'gate.junit.xml'
      },
      env,
      secrets: [registry.password],
      readBack: ['gate.sarif', 'gate.junit.xml']
    })
    expect(result.exitCode).toBe(1)
    expect(virusListIds(emu)).toEqual(new Set([61, 62]))
    const images = (result.report as unknown as { images: Array<Record<string, unknown>> }).images
    expect(images.map((image) => [image.imageName, image.verdict])).toEqual([
      [`${REPO}@${push.amd64.digest} (linux/amd64)`, 'pass'],
      [`${REPO}@${push.arm64.digest} (linux/arm64)`, 'fail']
    ])
    // Every sink names the platform of the finding.
    expect(result.summary).toContain('(linux/arm64)')
    expect(result.readBack['gate.sarif']).toContain('(linux/arm64)')
    expect(result.readBack['gate.junit.xml']).toContain('(linux/arm64)')
    expect(failureLine(result)).toContain('linux/arm64')
    expect(result.stdout).toMatch(/Skipped 2 attestation manifest\(s\)/)
    // Token auth: the manifest reads carried a bearer token and the index media types.
    const reads = registry.requests.filter((request) => request.path.includes('/manifests/'))
    expect(reads.some((request) => request.authorization.startsWith('Bearer '))).toBe(true)
    expect(reads[0].accept).toContain('application/vnd.oci.image.index.v1+json')
  })

  it('gates the platforms of a tag and never takes an older row of the tag with another digest', async () => {
    const { registry, env } = await registryWithPush()
    const emu = await start({
      ...pushScenario([low()]),
      registryImages: {
        70: {
          repository: REPO,
          tag: '1.0',
          digest: imageManifest('old').digest,
          findings: [critical()]
        }
      }
    })
    const result = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:1.0` },
      env,
      secrets: [registry.password]
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.findings).toBe('2')
    expect(virusListIds(emu)).toEqual(new Set([61, 62]))
  })

  it('gates only the platforms that platforms names', async () => {
    const { registry, env } = await registryWithPush()
    const emu = await start(pushScenario())
    const result = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:1.0`, platforms: 'linux/amd64' },
      env,
      secrets: [registry.password]
    })
    expect(result.exitCode).toBe(0)
    expect(virusListIds(emu)).toEqual(new Set([61]))
    expect(result.stdout).toMatch(/not gated: linux\/arm64/)
    const absent = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:1.0`, platforms: 'linux/amd64,linux/s390x' },
      env,
      secrets: [registry.password]
    })
    expect(absent.exitCode).toBe(1)
    expect(failureLine(absent)).toMatch(
      /has no platform linux\/s390x: its image index sha256:[0-9a-f]{64} holds linux\/amd64, linux\/arm64/
    )
  })

  it('fails at once, naming the reference and what to give, without registry credentials', async () => {
    const { env } = await registryWithPush({}, false)
    const emu = await start(pushScenario())
    const result = await runGate(emu, { inputs: { 'registry-image': `${REPO}:1.0` }, env })
    expect(result.exitCode).toBe(1)
    expect(result.durationMs).toBeLessThan(15_000)
    expect(failureLine(result)).toMatch(
      new RegExp(`${REPO}:1.0.*asks for credentials.*docker/login-action.*registry-username`)
    )
    expect(failureLine(result)).toMatch(/never falls back to matching TCSS rows by tag/)
    expect(virusListIds(emu).size).toBe(0)
  })

  it('fails at once on a refused manifest read and on a reference the registry does not have', async () => {
    const refused = await registryWithPush({ refuse: 'manifest' })
    const emu = await start(pushScenario())
    const denied = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:1.0` },
      env: refused.env,
      secrets: [refused.registry.password]
    })
    expect(denied.exitCode).toBe(1)
    expect(failureLine(denied)).toMatch(/denied reading team\/app \(HTTP 403\)/)
    await refused.registry.close()
    const { registry, env } = await registryWithPush()
    const missing = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:2.0` },
      env,
      secrets: [registry.password]
    })
    expect(missing.exitCode).toBe(1)
    expect(failureLine(missing)).toMatch(/no manifest 2\.0 in team\/app \(HTTP 404\)/)
  })

  it('refuses a test registry mapping to an address other than loopback', async () => {
    const emu = await start(pushScenario())
    const result = await runGate(emu, {
      inputs: { 'registry-image': `${REPO}:1.0` },
      env: { TCSS_VIRUS_GATE_TEST_REGISTRY_HOSTS: `${HOST}=http://10.0.0.8:5000` }
    })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/loopback registries only/)
    expect(virusListIds(emu).size).toBe(0)
  })

  it('the command line gates per platform with --registry-username and --registry-password, never printing it', async () => {
    const { registry, env } = await registryWithPush({ auth: 'basic' }, false)
    const emu = await start(pushScenario())
    const run = await runCliGate(
      emu,
      [
        '--registry-image',
        `${REPO}@${push.index.digest}`,
        '--registry-username',
        registry.username,
        '--registry-password',
        registry.password
      ],
      { env }
    )
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(`${REPO}@${push.arm64.digest} (linux/arm64)`)
    expect(run.stdout + run.stderr).not.toContain(registry.password)
    expect(virusListIds(emu)).toEqual(new Set([61, 62]))
  })

  it.each(['index-row', 'one-platform'] as const)(
    'the command line under %s: a tag of two platforms fails naming the fact, and passes for the platform TCSS scanned',
    async (reading) => {
      const { registry, env } = await registryWithPush()
      const emu = await start({ ...pushScenario([]), readings: { multiPlatformListing: reading } })
      // A short wait: the platform TCSS does not list is waited for until wait-timeout.
      const all = await runCliProcess(
        ['--endpoint', emu.url, '--poll-interval', '0.1', '--wait-timeout', '4'].concat([
          '--registry-image',
          `${REPO}:1.0`
        ]),
        { env: { TENCENTCLOUD_SECRET_ID: SECRET_ID, TENCENTCLOUD_SECRET_KEY: SECRET_KEY, ...env } }
      )
      expect(all.exitCode).toBe(1)
      expect(all.stdout + all.stderr).toMatch(/linux\/arm64.*multiPlatformListing/s)
      const amd64 = await runCliGate(
        emu,
        ['--registry-image', `${REPO}:1.0`, '--platforms', 'linux/amd64'],
        { env }
      )
      expect(amd64.exitCode).toBe(0)
      expect(amd64.stdout).toContain(`${REPO}@${push.amd64.digest} (linux/amd64)`)
      expect(all.stdout + all.stderr + amd64.stdout + amd64.stderr).not.toContain(registry.password)
    }
  )
})
