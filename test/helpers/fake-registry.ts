/**
 * A container registry on 127.0.0.1 for the tests: the manifest endpoint of
 * the OCI distribution spec (`GET /v2/<name>/manifests/<reference>`) serving
 * image indexes and image manifests by tag and by digest, behind token auth
 * as registries do it (401 with a `WWW-Authenticate: Bearer realm=…`
 * challenge, a token endpoint taking basic auth), or basic auth alone.
 * Manifests are content-addressed: a digest is the sha256 of the bytes served.
 */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach } from '@jest/globals'

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json'
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'

/** One manifest as the registry stores it. */
export interface StoredManifest {
  mediaType: string
  body: string
  /** sha256 of body. */
  digest: string
}

/** A platform image: its manifest and the digest of its config (the image ID). */
export interface PlatformImage extends StoredManifest {
  configDigest: string
}

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`

function stored(mediaType: string, document: unknown): StoredManifest {
  const body = JSON.stringify(document, null, 2)
  return { mediaType, body, digest: sha256(body) }
}

/** An image manifest whose config and layer are derived from `seed` (OCI, or Docker v2). */
export function imageManifest(seed: string, mediaType = OCI_MANIFEST): PlatformImage {
  const configDigest = sha256(`config ${seed}`)
  const docker = mediaType === DOCKER_MANIFEST
  const manifest = stored(mediaType, {
    schemaVersion: 2,
    mediaType,
    config: {
      mediaType: docker
        ? 'application/vnd.docker.container.image.v1+json'
        : 'application/vnd.oci.image.config.v1+json',
      digest: configDigest,
      size: 1234
    },
    layers: [
      {
        mediaType: docker
          ? 'application/vnd.docker.image.rootfs.diff.tar.gzip'
          : 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: sha256(`layer ${seed}`),
        size: 4321
      }
    ]
  })
  return { ...manifest, configDigest }
}

/** An attestation manifest (buildx provenance/SBOM) for the image `subject`. */
export function attestationManifest(subject: StoredManifest): StoredManifest {
  return stored(OCI_MANIFEST, {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: sha256(`attestation config ${subject.digest}`),
      size: 167
    },
    layers: [
      {
        mediaType: 'application/vnd.in-toto+json',
        digest: sha256(`provenance ${subject.digest}`),
        size: 999,
        annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' }
      }
    ]
  })
}

/** An entry of an index: a platform image, or an attestation of one. */
export type IndexEntry =
  | { platform: string; image: StoredManifest }
  | { attestationOf: StoredManifest; image: StoredManifest }

/** An image index (OCI) or manifest list (Docker) of `entries`, as buildx pushes one. */
export function imageIndex(entries: readonly IndexEntry[], mediaType = OCI_INDEX): StoredManifest {
  return stored(mediaType, {
    schemaVersion: 2,
    mediaType,
    manifests: entries.map((entry) => {
      const descriptor = { mediaType: entry.image.mediaType, digest: entry.image.digest, size: 0 }
      descriptor.size = Buffer.byteLength(entry.image.body)
      if ('platform' in entry) {
        const [os, architecture, variant] = entry.platform.split('/')
        return { ...descriptor, platform: { architecture, os, ...(variant ? { variant } : {}) } }
      }
      return {
        ...descriptor,
        platform: { architecture: 'unknown', os: 'unknown' },
        annotations: {
          'vnd.docker.reference.digest': entry.attestationOf.digest,
          'vnd.docker.reference.type': 'attestation-manifest'
        }
      }
    })
  })
}

/**
 * A push of two platforms plus an attestation for each, as
 * docker/build-push-action with `platforms: linux/amd64,linux/arm64` makes it.
 */
export function multiPlatformPush(seed: string): {
  index: StoredManifest
  amd64: PlatformImage
  arm64: PlatformImage
  manifests: StoredManifest[]
} {
  const amd64 = imageManifest(`${seed} amd64`)
  const arm64 = imageManifest(`${seed} arm64`)
  const attestations = [attestationManifest(amd64), attestationManifest(arm64)]
  const index = imageIndex([
    { platform: 'linux/amd64', image: amd64 },
    { platform: 'linux/arm64', image: arm64 },
    { attestationOf: amd64, image: attestations[0] },
    { attestationOf: arm64, image: attestations[1] }
  ])
  return { index, amd64, arm64, manifests: [index, amd64, arm64, ...attestations] }
}

export interface FakeRegistryOptions {
  /** The one account that may pull. Default user `ci-robot`, password `registry-password-7c1e`. */
  username?: string
  password?: string
  /** 'bearer' (default): a token challenge and endpoint; 'basic': basic auth on /v2/ itself. */
  auth?: 'bearer' | 'basic'
  /** Pull without credentials (a public repository). Default false. */
  anonymous?: boolean
  /** Refuse every token (401) or every manifest read (403) whatever the credentials. */
  refuse?: 'token' | 'manifest'
  /** Answer this many manifest reads HTTP 503 first (a registry that is briefly unavailable). */
  busy?: number
}

export interface RegistryRequest {
  method: string
  path: string
  accept: string
  authorization: string
}

export interface FakeRegistry {
  /** http://127.0.0.1:PORT */
  url: string
  username: string
  password: string
  requests: RegistryRequest[]
  /** Stores `manifests` under repository `name` (`team/app`), and `tag` for the first one. */
  push(name: string, manifests: readonly StoredManifest[], tag?: string): void
  /**
   * The environment that points `host` at this registry (the gate's
   * test-only mapping) and, with `login`, a Docker config holding the
   * account, as docker/login-action writes it, in directory `dockerConfig`.
   */
  env(host: string, dockerConfig?: string): Record<string, string>
  close(): Promise<void>
}

export const REGISTRY_MAPPING_VARIABLE = 'TCSS_VIRUS_GATE_TEST_REGISTRY_HOSTS'

export async function startFakeRegistry(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const username = options.username ?? 'ci-robot'
  const password = options.password ?? 'registry-password-7c1e'
  const basic = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
  const repositories = new Map<
    string,
    { tags: Map<string, string>; byDigest: Map<string, StoredManifest> }
  >()
  const tokens = new Map<string, string>()
  const requests: RegistryRequest[] = []
  let issued = 0
  let busy = options.busy ?? 0
  let url = ''

  const server = http.createServer((request, response) => {
    const path = request.url ?? '/'
    const authorization = request.headers.authorization ?? ''
    requests.push({
      method: request.method ?? '',
      path,
      accept: String(request.headers.accept ?? ''),
      authorization
    })
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'Content-Type': 'application/json', ...headers })
      response.end(typeof body === 'string' ? body : JSON.stringify(body))
    }
    const parsed = new URL(path, url)
    if (parsed.pathname === '/token') {
      if (options.auth === 'basic') return send(404, { errors: [{ code: 'NOT_FOUND' }] })
      const scope = parsed.searchParams.get('scope') ?? ''
      const known = authorization === basic
      if (options.refuse === 'token' || (!known && !(options.anonymous && authorization === ''))) {
        return send(401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] })
      }
      issued += 1
      const token = `fake-token-${issued}`
      tokens.set(token, scope)
      return send(200, { token, expires_in: 300 })
    }
    const match = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(parsed.pathname)
    if (parsed.pathname !== '/v2/' && !match) return send(404, { errors: [{ code: 'NOT_FOUND' }] })
    const name = match?.[1] ?? ''
    const scope = `repository:${name}:pull`
    const allowed =
      options.auth === 'basic'
        ? authorization === basic || (options.anonymous === true && authorization === '')
        : authorization.startsWith('Bearer ') &&
          (match
            ? tokens.get(authorization.slice(7)) === scope
            : tokens.has(authorization.slice(7)))
    if (!allowed) {
      const challenge =
        options.auth === 'basic'
          ? 'Basic realm="fake-registry"'
          : `Bearer realm="${url}/token",service="fake-registry"${match ? `,scope="${scope}"` : ''}`
      return send(
        401,
        { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
        {
          'WWW-Authenticate': challenge
        }
      )
    }
    if (!match) return send(200, {})
    if (busy > 0) {
      busy -= 1
      return send(503, { errors: [{ code: 'UNAVAILABLE', message: 'service unavailable' }] })
    }
    if (options.refuse === 'manifest') {
      return send(403, {
        errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }]
      })
    }
    const repository = repositories.get(name)
    const reference = decodeURIComponent(match[2])
    const digest = reference.startsWith('sha256:') ? reference : repository?.tags.get(reference)
    const manifest = digest ? repository?.byDigest.get(digest) : undefined
    const accepted = String(request.headers.accept ?? '')
      .split(',')
      .map((type) => type.split(';')[0].trim())
    if (!manifest || !accepted.includes(manifest.mediaType)) {
      return send(404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] })
    }
    response.writeHead(200, {
      'Content-Type': manifest.mediaType,
      'Docker-Content-Digest': manifest.digest
    })
    response.end(manifest.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    username,
    password,
    requests,
    push(name, manifests, tag) {
      let repository = repositories.get(name)
      if (!repository) {
        repository = { tags: new Map(), byDigest: new Map() }
        repositories.set(name, repository)
      }
      for (const manifest of manifests) repository.byDigest.set(manifest.digest, manifest)
      if (tag !== undefined && manifests[0]) repository.tags.set(tag, manifests[0].digest)
    },
    env(host, dockerConfig) {
      return {
        [REGISTRY_MAPPING_VARIABLE]: `${host}=${url}`,
        ...(dockerConfig ? { DOCKER_CONFIG: dockerConfig } : {})
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** The config.json docker/login-action writes for `host`. */
export function dockerConfigJson(host: string, username: string, password: string): string {
  return JSON.stringify({
    auths: { [host]: { auth: Buffer.from(`${username}:${password}`).toString('base64') } }
  })
}

type Scenarios = NonNullable<import('../emulator/emulator.mjs').EmulatorOptions['registryImages']>

/**
 * Gives each test of the calling file a fake registry that holds the images
 * of its emulator scenario, each a single-platform image manifest under the
 * scenario's repository and tag (the first scenario of a tag keeps it), and
 * a Docker config that logs in to it; closed after the test. A scenario's
 * digest must be one of `known` (its manifest is pushed); a scenario without
 * one gets a manifest of its own and that digest.
 */
export function registryPerTest(known: readonly StoredManifest[] = []): (
  scenarios: Scenarios | undefined,
  /** More references the registry holds: [HOST/NAMESPACE/NAME, tag, manifest]. */
  more?: ReadonlyArray<readonly [string, string, StoredManifest]>
) => Promise<{ scenarios: Scenarios; env: Record<string, string>; registry: FakeRegistry }> {
  let current: { registry: FakeRegistry; directory: string } | undefined
  const stop = async () => {
    if (!current) return
    await current.registry.close()
    fs.rmSync(current.directory, { recursive: true, force: true })
    current = undefined
  }
  afterEach(stop)
  return async (scenarios = {}, more = []) => {
    await stop()
    const registry = await startFakeRegistry()
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-docker-'))
    current = { registry, directory }
    const hosts = new Set<string>()
    const served: Record<string, Scenarios[string]> = {}
    const tagged = new Set<string>()
    for (const [id, scenario] of Object.entries(scenarios)) {
      const slash = scenario.repository.indexOf('/')
      const host = scenario.repository.slice(0, slash).toLowerCase()
      const name = scenario.repository.slice(slash + 1)
      hosts.add(host)
      const manifest = scenario.digest
        ? known.find((each) => each.digest === scenario.digest)
        : imageManifest(`scenario ${id}`)
      if (!manifest)
        throw new Error(`registryPerTest: digest ${scenario.digest} is not a known manifest`)
      const tag = scenario.tag ?? 'latest'
      const key = `${host}/${name}:${tag}`
      registry.push(name, [manifest], tagged.has(key) ? undefined : tag)
      tagged.add(key)
      served[id] = { ...scenario, digest: manifest.digest }
    }
    for (const [repository, tag, manifest] of more) {
      const slash = repository.indexOf('/')
      hosts.add(repository.slice(0, slash).toLowerCase())
      registry.push(repository.slice(slash + 1), [manifest], tag)
    }
    const auths = Object.fromEntries(
      [...hosts].map((host) => [
        host,
        { auth: Buffer.from(`${registry.username}:${registry.password}`).toString('base64') }
      ])
    )
    fs.writeFileSync(path.join(directory, 'config.json'), JSON.stringify({ auths }))
    return {
      scenarios: served,
      registry,
      env: {
        [REGISTRY_MAPPING_VARIABLE]: [...hosts].map((host) => `${host}=${registry.url}`).join(','),
        DOCKER_CONFIG: directory
      }
    }
  }
}
