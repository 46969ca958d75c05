/**
 * Reading what a registry-image reference names in its registry: the Docker
 * config docker login writes, token challenges, the test-only host mapping
 * (loopback only), platforms, and the reader against the fake registry.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { parseRegistryReference } from '../src/core/registry-reference.js'
import { parsePlatforms, platformMatches } from '../src/core/targets.js'
import { RegistryReader } from '../src/sources/registry-manifest.js'
import { parseChallenge } from '../src/sources/registry-connection.js'
import {
  dockerConfigLogin,
  parseRegistryHostMapping,
  TEST_REGISTRY_HOSTS
} from '../src/sources/registry-login.js'
import {
  DOCKER_LIST,
  DOCKER_MANIFEST,
  dockerConfigJson,
  type FakeRegistry,
  imageIndex,
  imageManifest,
  multiPlatformPush,
  startFakeRegistry
} from './helpers/fake-registry.js'

const HOST = 'ccr.ccs.tencentyun.com'
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
})
function configDir(content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-docker-unit-'))
  dirs.push(dir)
  fs.writeFileSync(path.join(dir, 'config.json'), content)
  return dir
}

describe('dockerConfigLogin', () => {
  it('reads auths[host].auth from $DOCKER_CONFIG/config.json, whatever the key spelling', () => {
    const auth = Buffer.from('robot:pa:ss').toString('base64')
    for (const key of [HOST, `https://${HOST}`, `https://${HOST}/v1/`, HOST.toUpperCase()]) {
      const dir = configDir(JSON.stringify({ auths: { [key]: { auth } } }))
      expect(dockerConfigLogin(HOST, { DOCKER_CONFIG: dir }).login).toEqual({
        username: 'robot',
        password: 'pa:ss'
      })
    }
  })

  it('falls back to ~/.docker/config.json and knows Docker Hub by its names', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-home-unit-'))
    dirs.push(home)
    fs.mkdirSync(path.join(home, '.docker'))
    fs.writeFileSync(
      path.join(home, '.docker', 'config.json'),
      dockerConfigJson('https://index.docker.io/v1/', 'hub', 'token')
    )
    expect(dockerConfigLogin('docker.io', { HOME: home }).login).toEqual({
      username: 'hub',
      password: 'token'
    })
    expect(dockerConfigLogin(HOST, { HOME: home }).login).toBeUndefined()
  })

  it('says when only a credential helper knows the host, and reads no other host', () => {
    const dir = configDir(JSON.stringify({ credHelpers: { [HOST]: 'ecr-login' } }))
    expect(dockerConfigLogin(HOST, { DOCKER_CONFIG: dir })).toMatchObject({ helper: true })
    const other = configDir(dockerConfigJson('other.example.com', 'u', 'p'))
    expect(dockerConfigLogin(HOST, { DOCKER_CONFIG: other })).toMatchObject({ helper: false })
    expect(dockerConfigLogin(HOST, { DOCKER_CONFIG: other }).login).toBeUndefined()
  })
})

describe('parseChallenge', () => {
  it('reads realm, service and scope, quoted or not', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.example.com/token",service=registry.example.com,scope="repository:team/app:pull"'
      )
    ).toEqual({
      realm: 'https://auth.example.com/token',
      service: 'registry.example.com',
      scope: 'repository:team/app:pull'
    })
  })
})

describe(`${TEST_REGISTRY_HOSTS} (test only)`, () => {
  it('maps hosts to loopback registries', () => {
    const mapping = parseRegistryHostMapping(
      `${HOST}=http://127.0.0.1:5000, Mirror.Example.com=http://localhost:5001/`
    )
    expect([...mapping].map(([host, url]) => [host, url.href])).toEqual([
      [HOST, 'http://127.0.0.1:5000/'],
      ['mirror.example.com', 'http://localhost:5001/']
    ])
  })

  it.each([
    `${HOST}=http://10.0.0.8:5000`,
    `${HOST}=https://registry.example.com`,
    `${HOST}=http://127.0.0.1.example.com:5000`,
    `${HOST}=http://user:pass@127.0.0.1:5000`,
    `${HOST}=file:///tmp/registry`,
    `http://127.0.0.1:5000`
  ])('refuses %s', (value) => {
    expect(() => parseRegistryHostMapping(value)).toThrow(/loopback registries only/)
  })
})

describe('platforms', () => {
  it('parses a comma or newline list and matches a variant under its architecture', () => {
    expect(parsePlatforms('linux/amd64, linux/arm64\nlinux/arm/v7')).toEqual([
      'linux/amd64',
      'linux/arm64',
      'linux/arm/v7'
    ])
    expect(platformMatches('linux/arm64', 'linux/arm64/v8')).toBe(true)
    expect(platformMatches('linux/arm', 'linux/arm64')).toBe(false)
    expect(() => parsePlatforms('amd64')).toThrow(/os\/architecture/)
  })
})

describe('RegistryReader against the fake registry', () => {
  let registry: FakeRegistry | undefined
  afterEach(async () => {
    await registry?.close()
    registry = undefined
  })
  const log = { info: () => undefined, debug: () => undefined }
  const reader = (env: NodeJS.ProcessEnv, login?: { username: string; password: string }) =>
    new RegistryReader({ env, log, requestTimeoutMs: 5000, login })

  it('resolves an index to its platforms, skipping and naming attestations', async () => {
    registry = await startFakeRegistry()
    const push = multiPlatformPush('unit')
    registry.push('team/app', push.manifests, '1.0')
    const read = reader(registry.env(HOST), { username: 'ci-robot', password: registry.password })
    try {
      const pushed = await read.read(parseRegistryReference(`${HOST}/team/app:1.0`))
      expect(pushed).toMatchObject({
        digest: push.index.digest,
        index: true,
        platforms: [
          {
            platform: 'linux/amd64',
            digest: push.amd64.digest,
            configDigest: push.amd64.configDigest
          },
          {
            platform: 'linux/arm64',
            digest: push.arm64.digest,
            configDigest: push.arm64.configDigest
          }
        ]
      })
      expect(pushed.skipped).toHaveLength(2)
      expect(pushed.skipped[0]).toContain(`attestation of ${push.amd64.digest}`)
    } finally {
      await read.close()
    }
  })

  it('reads a Docker manifest list and a single Docker v2 manifest, with basic auth', async () => {
    registry = await startFakeRegistry({ auth: 'basic' })
    const single = imageManifest('docker', DOCKER_MANIFEST)
    const list = imageIndex([{ platform: 'linux/arm/v7', image: single }], DOCKER_LIST)
    registry.push('team/app', [single], 'single')
    registry.push('team/app', [list, single], 'list')
    const dir = configDir(dockerConfigJson(HOST, registry.username, registry.password))
    const read = reader({ ...registry.env(HOST), DOCKER_CONFIG: dir })
    try {
      expect(await read.read(parseRegistryReference(`${HOST}/team/app:single`))).toMatchObject({
        index: false,
        digest: single.digest,
        platforms: [{ platform: '', digest: single.digest, configDigest: single.configDigest }]
      })
      expect(await read.read(parseRegistryReference(`${HOST}/team/app:list`))).toMatchObject({
        index: true,
        platforms: [{ platform: 'linux/arm/v7', digest: single.digest }]
      })
    } finally {
      await read.close()
    }
  })

  it('refuses bytes that are not the digest asked for', async () => {
    registry = await startFakeRegistry({ anonymous: true })
    const real = imageManifest('real')
    // Stored under a digest its bytes do not have.
    const forged = { ...imageManifest('forged'), digest: real.digest }
    registry.push('team/app', [forged])
    const read = reader(registry.env(HOST))
    try {
      await expect(
        read.read(parseRegistryReference(`${HOST}/team/app@${real.digest}`))
      ).rejects.toThrow(/served bytes for sha256:[0-9a-f]{64} whose digest is/)
    } finally {
      await read.close()
    }
  })

  it('names wrong credentials as refused, and never sends a password the log could show', async () => {
    registry = await startFakeRegistry()
    registry.push('team/app', [imageManifest('x')], '1.0')
    const read = reader(registry.env(HOST), { username: 'ci-robot', password: 'wrong-password' })
    try {
      await expect(read.read(parseRegistryReference(`${HOST}/team/app:1.0`))).rejects.toThrow(
        /refused the credentials from registry-username\/registry-password/
      )
    } finally {
      await read.close()
    }
  })

  it('rides out a registry that answers 503 a few times', async () => {
    registry = await startFakeRegistry({ anonymous: true, busy: 2 })
    const image = imageManifest('busy')
    registry.push('team/app', [image], '1.0')
    const read = reader(registry.env(HOST))
    try {
      expect(await read.read(parseRegistryReference(`${HOST}/team/app:1.0`))).toMatchObject({
        digest: image.digest
      })
    } finally {
      await read.close()
    }
  })
})
