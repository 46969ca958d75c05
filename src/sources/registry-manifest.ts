/**
 * What a `registry-image` reference names in the registry itself: one image
 * manifest, or an image index (manifest list) of platform images. Read from
 * the registry's own API, the manifest endpoint of the OCI distribution spec
 * (`GET /v2/<name>/manifests/<reference>`, the index and manifest media types
 * accepted), with the job's registry credentials:
 *
 * - `registry-username` / `registry-password` when given, for every host;
 * - else the Docker config docker/login-action writes
 *   (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`),
 *   `auths[host].auth`. Credential helpers (`credsStore`, `credHelpers`) are
 *   not run: a host that only they know is named in the error;
 * - else no credentials (a public repository).
 *
 * Auth as registries challenge it: a 401 with `WWW-Authenticate: Bearer
 * realm=…,service=…,scope=…` is answered by a token from the realm (basic
 * auth with the credentials), `Basic` by basic auth. Every byte read by
 * digest is checked against that digest; a tag's digest is the sha256 of the
 * manifest served. Attestation manifests (platform `unknown/unknown`) are
 * skipped and named. The gate never falls back to matching TCSS rows by tag.
 *
 * Test-only: TCSS_VIRUS_GATE_TEST_REGISTRY_HOSTS (`host=http://127.0.0.1:port`,
 * several separated by commas or newlines) points a registry host at a fake
 * registry; any address other than a loopback one is refused.
 */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { Agent, type Dispatcher, ProxyAgent, request } from 'undici'
import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import type { RegistryReference } from '../core/registry-reference.js'
import { secretMasks } from '../core/settings.js'
import { maskSecret } from '../secrets.js'
import type { Logger } from '../clock.js'
import { proxyUrlFor } from '../cloud/http.js'

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json'
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
const INDEX_TYPES = [OCI_INDEX, DOCKER_MANIFEST_LIST]
const MANIFEST_TYPES = [OCI_MANIFEST, DOCKER_MANIFEST]
/** The Accept header of every manifest read: indexes first, as `docker buildx imagetools` sends it. */
export const MANIFEST_ACCEPT = [...INDEX_TYPES, ...MANIFEST_TYPES].join(', ')

/** The test-only variable that points registry hosts at loopback registries. */
export const TEST_REGISTRY_HOSTS = 'TCSS_VIRUS_GATE_TEST_REGISTRY_HOSTS'

/** The largest manifest the gate reads (the spec lets registries refuse above 4 MiB). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024

/** Reads of a registry that is briefly unavailable, at most (HTTP 5xx, 408, 429, no answer). */
const ATTEMPTS = 4
/** The errors of a read that got no answer: tried again. */
const TRANSIENT = new WeakSet<Error>()

/** A registry could not be read, so the image cannot be judged: a failure of that image. */
export class RegistryReadError extends Error {
  override readonly name = 'RegistryReadError'
}

export interface RegistryLogin {
  username: string
  password: string
}

/** One platform image of a push. */
export interface PushedPlatform {
  /** `os/architecture[/variant]`, or '' for a single-platform manifest (its platform is not read). */
  platform: string
  /** The platform manifest's digest. */
  digest: string
  /** Its config digest (the image ID), or '' when the manifest names none. */
  configDigest: string
}

/** What a reference names in the registry. */
export interface PushedImage {
  /** The digest of the manifest the reference names (the index's for a multi-platform push). */
  digest: string
  /** True for an image index or manifest list. */
  index: boolean
  /** The platform images, attestations left out; one for a single manifest. */
  platforms: PushedPlatform[]
  /** The attestation manifests skipped, as shown in the log. */
  skipped: string[]
}

/** Parses the test-only host mapping; every target must be a plain-http or https loopback URL. */
export function parseRegistryHostMapping(value: string | undefined): Map<string, URL> {
  const mapping = new Map<string, URL>()
  for (const entry of (value ?? '').split(/[,\n]/)) {
    const text = entry.trim()
    if (!text) continue
    const equals = text.indexOf('=')
    const host = text.slice(0, equals).trim().toLowerCase()
    let url: URL | undefined
    try {
      url = equals > 0 ? new URL(text.slice(equals + 1).trim()) : undefined
    } catch {
      url = undefined
    }
    const loopback =
      url !== undefined &&
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname) ||
        url.hostname === 'localhost' ||
        url.hostname === '[::1]')
    if (!host || !url || !loopback || url.username || url.password) {
      throw new InputError(
        `${TEST_REGISTRY_HOSTS} (a test-only setting) maps registry hosts to loopback registries only, as host=http://127.0.0.1:PORT; ${JSON.stringify(text.slice(0, 120))} is refused. Unset it outside tests.`
      )
    }
    mapping.set(host, new URL(`${url.protocol}//${url.host}`))
  }
  return mapping
}

export interface RegistryReaderOptions {
  /** registry-username / registry-password, when given. */
  login?: RegistryLogin
  env: NodeJS.ProcessEnv
  log: Logger
  /** Per-request limit. */
  requestTimeoutMs: number
}

/** The registry side of a run: one reader, one token cache, every read once. */
export class RegistryReader {
  private readonly mapping: Map<string, URL>
  private readonly reads = new Map<string, Promise<PushedImage>>()
  private readonly tokens = new Map<string, string>()
  private readonly dispatchers = new Map<string, Dispatcher>()

  constructor(private readonly options: RegistryReaderOptions) {
    this.mapping = parseRegistryHostMapping(options.env[TEST_REGISTRY_HOSTS])
    if (this.mapping.size > 0) {
      options.log.info(
        `${TEST_REGISTRY_HOSTS} (test only) points ${[...this.mapping.keys()].join(', ')} at a loopback registry.`
      )
    }
  }

  /** What `reference` names in its registry (read once per reference). */
  read(reference: RegistryReference): Promise<PushedImage> {
    let read = this.reads.get(reference.text)
    if (!read) {
      read = this.readPush(reference)
      this.reads.set(reference.text, read)
    }
    return read
  }

  /** Closes the connections the reads opened. */
  async close(): Promise<void> {
    await Promise.all([...this.dispatchers.values()].map((dispatcher) => dispatcher.close()))
    this.dispatchers.clear()
  }

  private async readPush(reference: RegistryReference): Promise<PushedImage> {
    const { log } = this.options
    const slash = reference.repository.indexOf('/')
    const host = reference.repository.slice(0, slash)
    const name = reference.repository.slice(slash + 1)
    const registry = new RegistryConnection(host, name, reference, this)
    const top = await registry.manifest(reference.digest ?? reference.tag ?? 'latest')
    if (!top.index) {
      const configDigest = configOf(top.document)
      log.info(
        `Registry image ${reference.text} is a single-platform image manifest ${top.digest} in the registry.`
      )
      return {
        digest: top.digest,
        index: false,
        platforms: [{ platform: '', digest: top.digest, configDigest }],
        skipped: []
      }
    }
    const entries = Array.isArray(top.document.manifests) ? top.document.manifests : []
    const platforms: PushedPlatform[] = []
    const skipped: string[] = []
    for (const entry of entries as unknown[]) {
      const descriptor = record(entry)
      const digest = typeof descriptor.digest === 'string' ? descriptor.digest.toLowerCase() : ''
      if (!/^sha256:[0-9a-f]{64}$/.test(digest)) {
        throw registry.fail(`its index lists a manifest without a sha256 digest`)
      }
      const platform = record(descriptor.platform)
      const osName = typeof platform.os === 'string' ? platform.os : ''
      const architecture = typeof platform.architecture === 'string' ? platform.architecture : ''
      const variant = typeof platform.variant === 'string' ? platform.variant : ''
      const annotations = record(descriptor.annotations)
      if (
        (osName === 'unknown' && architecture === 'unknown') ||
        annotations['vnd.docker.reference.type'] === 'attestation-manifest'
      ) {
        const subject = annotations['vnd.docker.reference.digest']
        skipped.push(
          `${digest} (attestation${typeof subject === 'string' ? ` of ${subject}` : ''})`
        )
        continue
      }
      if (!osName || !architecture) {
        throw registry.fail(`its index lists manifest ${digest} without a platform`)
      }
      if (typeof descriptor.mediaType === 'string' && INDEX_TYPES.includes(descriptor.mediaType)) {
        throw registry.fail(
          `its index lists another index (${digest}); nested indexes are not gated`
        )
      }
      const child = await registry.manifest(digest)
      if (child.index) {
        throw registry.fail(
          `its index lists another index (${digest}); nested indexes are not gated`
        )
      }
      platforms.push({
        platform: [osName, architecture, variant].filter(Boolean).join('/').toLowerCase(),
        digest,
        configDigest: configOf(child.document)
      })
    }
    if (platforms.length === 0) throw registry.fail('its index lists no platform image')
    log.info(
      `Registry image ${reference.text} is an image index ${top.digest} of ${platforms.length} platform(s): ${platforms.map((p) => `${p.platform} ${p.digest}`).join(', ')}.`
    )
    if (skipped.length > 0) {
      log.info(
        `Skipped ${skipped.length} attestation manifest(s) of ${reference.text} (platform unknown/unknown, not an image): ${skipped.join(', ')}.`
      )
    }
    return { digest: top.digest, index: true, platforms, skipped }
  }

  /** The base URL of a registry host: https, or the test-only loopback mapping. */
  baseOf(host: string): URL {
    return this.mapping.get(host.toLowerCase()) ?? new URL(`https://${host}`)
  }

  /** The credentials for a host, masked before use, and where they came from. */
  loginFor(host: string): { login?: RegistryLogin; from: string; helper: boolean } {
    if (this.options.login) {
      return {
        login: this.options.login,
        from: `${Inputs.RegistryUsername}/${Inputs.RegistryPassword}`,
        helper: false
      }
    }
    const found = dockerConfigLogin(host, this.options.env)
    if (found.login) {
      for (const form of [
        found.login.password,
        ...secretMasks(found.login.password),
        ...(found.auth ? [found.auth] : [])
      ]) {
        maskSecret(form)
      }
    }
    return { login: found.login, from: found.file, helper: found.helper }
  }

  tokenFor(key: string): string | undefined {
    return this.tokens.get(key)
  }

  keepToken(key: string, token: string): void {
    maskSecret(token)
    this.tokens.set(key, token)
  }

  dispatcherFor(url: URL): Dispatcher {
    const origin = url.origin
    let dispatcher = this.dispatchers.get(origin)
    if (!dispatcher) {
      const loopback = [...this.mapping.values()].some((mapped) => mapped.origin === origin)
      const proxy = loopback ? undefined : proxyUrlFor(origin, this.options.env)
      dispatcher = proxy ? new ProxyAgent({ uri: proxy.href }) : new Agent()
      this.dispatchers.set(origin, dispatcher)
    }
    return dispatcher
  }

  get requestTimeoutMs(): number {
    return this.options.requestTimeoutMs
  }

  isLoopback(url: URL): boolean {
    return [...this.mapping.values()].some((mapped) => mapped.origin === url.origin)
  }
}

/** One manifest as read: its digest, whether it is an index, and its document. */
interface ReadManifest {
  digest: string
  index: boolean
  document: Record<string, unknown>
}

/** The reads of one reference from one registry repository. */
class RegistryConnection {
  private readonly base: URL
  private readonly login: { login?: RegistryLogin; from: string; helper: boolean }

  constructor(
    private readonly host: string,
    private readonly name: string,
    private readonly reference: RegistryReference,
    private readonly reader: RegistryReader
  ) {
    this.base = reader.baseOf(host)
    this.login = reader.loginFor(host)
  }

  /** A RegistryReadError naming the reference and what to give. */
  fail(why: string): RegistryReadError {
    return new RegistryReadError(
      `Registry image ${this.reference.text}: the gate reads its manifest from the registry ${this.host} to gate every platform of the push, and ${why}. The gate never falls back to matching TCSS rows by tag alone.`
    )
  }

  private noCredentials(refused: boolean): RegistryReadError {
    const helper = this.login.helper
      ? ` (${this.login.from} names a credential helper for it; the gate does not run credential helpers)`
      : ''
    return this.fail(
      refused
        ? `the registry refused the credentials from ${this.login.from}: give credentials that may pull ${this.name}`
        : `the registry asks for credentials and the gate has none for ${this.host}${helper}: log in to the registry before this step (docker/login-action, or docker login, writes $DOCKER_CONFIG/config.json or ~/.docker/config.json), or give ${Inputs.RegistryUsername} and ${Inputs.RegistryPassword} (--${Inputs.RegistryUsername}, --${Inputs.RegistryPassword})`
    )
  }

  async manifest(ref: string): Promise<ReadManifest> {
    const url = new URL(`/v2/${this.name}/manifests/${ref}`, this.base)
    const answer = await this.get(url, { Accept: MANIFEST_ACCEPT })
    if (answer.status === 404) {
      throw this.fail(
        `the registry has no manifest ${ref} in ${this.name} (HTTP 404): check the reference, and that the push finished before this step`
      )
    }
    if (answer.status !== 200) {
      throw this.fail(
        `reading manifest ${ref} answered HTTP ${answer.status}${errorText(answer.body)}`
      )
    }
    const digest = `sha256:${createHash('sha256').update(answer.body).digest('hex')}`
    if (ref.startsWith('sha256:') && digest !== ref) {
      throw this.fail(`the registry served bytes for ${ref} whose digest is ${digest}`)
    }
    let document: Record<string, unknown>
    try {
      document = record(JSON.parse(answer.body.toString('utf8')))
    } catch {
      throw this.fail(`manifest ${ref} is not JSON`)
    }
    const mediaType =
      (typeof document.mediaType === 'string' && document.mediaType) ||
      answer.contentType.split(';')[0].trim()
    if (INDEX_TYPES.includes(mediaType) || (!mediaType && Array.isArray(document.manifests))) {
      return { digest, index: true, document }
    }
    if (MANIFEST_TYPES.includes(mediaType) || (!mediaType && document.config !== undefined)) {
      return { digest, index: false, document }
    }
    throw this.fail(
      `manifest ${ref} is not an image index or image manifest (media type ${JSON.stringify(mediaType)}; accepted: ${MANIFEST_ACCEPT})`
    )
  }

  /** GET with the registry's auth: a cached token, else the challenge answered once. */
  private async get(
    url: URL,
    headers: Record<string, string>
  ): Promise<{ status: number; body: Buffer; contentType: string }> {
    const key = `${this.base.origin} ${this.name}`
    const cached = this.reader.tokenFor(key)
    let answer = await this.send(url, cached ? { ...headers, Authorization: cached } : headers)
    if (answer.status !== 401) return answer
    const challenge = answer.challenge
    const login = this.login.login
    let authorization: string
    if (/^bearer\s/i.test(challenge)) {
      authorization = `Bearer ${await this.token(parseChallenge(challenge), login)}`
    } else if (/^basic\b/i.test(challenge) && login) {
      authorization = `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`
      maskSecret(authorization.slice(6))
    } else {
      throw login ? this.noCredentials(true) : this.noCredentials(false)
    }
    this.reader.keepToken(key, authorization)
    answer = await this.send(url, { ...headers, Authorization: authorization })
    if (answer.status === 401) throw this.noCredentials(login !== undefined)
    if (answer.status === 403) {
      throw this.fail(
        `the registry denied reading ${this.name} (HTTP 403) with the credentials from ${login ? this.login.from : 'nowhere (no credentials)'}: give credentials that may pull it`
      )
    }
    return answer
  }

  private async token(challenge: Record<string, string>, login?: RegistryLogin): Promise<string> {
    const realm = challenge.realm ? safeUrl(challenge.realm) : undefined
    if (!realm || (realm.protocol !== 'https:' && !this.reader.isLoopback(realm))) {
      throw this.fail(
        `its token realm ${JSON.stringify((challenge.realm ?? '').slice(0, 120))} is not an https URL`
      )
    }
    if (challenge.service) realm.searchParams.set('service', challenge.service)
    realm.searchParams.set('scope', challenge.scope || `repository:${this.name}:pull`)
    const headers: Record<string, string> = {}
    if (login) {
      const basic = Buffer.from(`${login.username}:${login.password}`).toString('base64')
      maskSecret(basic)
      headers.Authorization = `Basic ${basic}`
    }
    const answer = await this.send(realm, headers)
    if (answer.status === 401 || answer.status === 403)
      throw this.noCredentials(login !== undefined)
    if (answer.status !== 200) {
      throw this.fail(`its token endpoint ${realm.host} answered HTTP ${answer.status}`)
    }
    let body: Record<string, unknown>
    try {
      body = record(JSON.parse(answer.body.toString('utf8')))
    } catch {
      throw this.fail(`its token endpoint ${realm.host} answered without JSON`)
    }
    const token =
      typeof body.token === 'string'
        ? body.token
        : typeof body.access_token === 'string'
          ? body.access_token
          : ''
    if (!token) throw this.fail(`its token endpoint ${realm.host} answered without a token`)
    maskSecret(token)
    return token
  }

  /**
   * One GET, ridden out over a registry that is briefly unavailable: HTTP
   * 5xx, 408, 429 or no answer are tried again, a few times with back-off.
   */
  private async send(
    url: URL,
    headers: Record<string, string>
  ): Promise<{ status: number; body: Buffer; contentType: string; challenge: string }> {
    for (let attempt = 1; ; attempt++) {
      let answer: Awaited<ReturnType<RegistryConnection['sendOnce']>> | undefined
      try {
        answer = await this.sendOnce(url, headers)
      } catch (error) {
        if (!(error instanceof RegistryReadError && TRANSIENT.has(error)) || attempt >= ATTEMPTS) {
          throw error
        }
      }
      const busy =
        answer !== undefined &&
        (answer.status >= 500 || answer.status === 408 || answer.status === 429)
      if (answer !== undefined && (!busy || attempt >= ATTEMPTS)) return answer
      await new Promise((resolve) => setTimeout(resolve, Math.min(4000, 250 * 2 ** attempt)))
    }
  }

  private async sendOnce(
    url: URL,
    headers: Record<string, string>
  ): Promise<{ status: number; body: Buffer; contentType: string; challenge: string }> {
    try {
      const response = await request(url, {
        method: 'GET',
        headers: { 'User-Agent': 'tcss-virus-gate', ...headers },
        dispatcher: this.reader.dispatcherFor(url),
        headersTimeout: this.reader.requestTimeoutMs,
        bodyTimeout: this.reader.requestTimeoutMs,
        maxRedirections: 0
      })
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length
        if (size > MAX_MANIFEST_BYTES) {
          response.body.destroy()
          throw this.fail(`${url.pathname} is larger than ${MAX_MANIFEST_BYTES} bytes`)
        }
        chunks.push(chunk as Buffer)
      }
      const header = (name: string) => {
        const value = response.headers[name]
        return Array.isArray(value) ? value.join(', ') : (value ?? '')
      }
      if (response.statusCode >= 300 && response.statusCode < 400) {
        throw this.fail(
          `${url.host} answered HTTP ${response.statusCode} (a redirect, not followed)`
        )
      }
      return {
        status: response.statusCode,
        body: Buffer.concat(chunks),
        contentType: header('content-type'),
        challenge: header('www-authenticate')
      }
    } catch (error) {
      if (error instanceof RegistryReadError) throw error
      const code = (error as { code?: unknown }).code
      const unreachable = this.fail(
        `${url.host} could not be reached (${typeof code === 'string' ? code : error instanceof Error ? error.message : String(error)})`
      )
      TRANSIENT.add(unreachable)
      throw unreachable
    }
  }
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

function configOf(document: Record<string, unknown>): string {
  const digest = record(document.config).digest
  return typeof digest === 'string' ? digest.toLowerCase() : ''
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

/** ` (CODE: message)` from a registry's error body, cut short; '' when it has none. */
function errorText(body: Buffer): string {
  try {
    const errors = record(JSON.parse(body.toString('utf8'))).errors
    const first = Array.isArray(errors) ? record(errors[0]) : {}
    const code = typeof first.code === 'string' ? first.code : ''
    const message = typeof first.message === 'string' ? first.message : ''
    return code || message ? ` (${[code, message].filter(Boolean).join(': ').slice(0, 200)})` : ''
  } catch {
    return ''
  }
}

/** `Bearer realm="…",service="…",scope="…"` as its parameters. */
export function parseChallenge(header: string): Record<string, string> {
  const parameters: Record<string, string> = {}
  const text = header.replace(/^\s*\w+\s+/, '')
  for (const match of text.matchAll(/([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    parameters[match[1].toLowerCase()] = (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1')
  }
  return parameters
}

/** The Docker config's credentials for `host` (`auths[host].auth`), with where they were looked for. */
export function dockerConfigLogin(
  host: string,
  env: NodeJS.ProcessEnv
): { login?: RegistryLogin; auth?: string; file: string; helper: boolean } {
  const directory = env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker')
  const file = path.join(directory, 'config.json')
  let config: Record<string, unknown>
  try {
    config = record(JSON.parse(fs.readFileSync(file, 'utf8')))
  } catch {
    return { file, helper: false }
  }
  const wanted = hostAliases(host.toLowerCase())
  const keyHost = (key: string) =>
    key
      .toLowerCase()
      .replace(/^[a-z]+:\/\//, '')
      .replace(/\/.*$/, '')
  const auths = record(config.auths)
  for (const [key, value] of Object.entries(auths)) {
    if (!wanted.includes(keyHost(key))) continue
    const auth = record(value).auth
    if (typeof auth !== 'string' || !auth) continue
    const decoded = Buffer.from(auth, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon <= 0) continue
    return {
      login: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) },
      auth,
      file,
      helper: false
    }
  }
  const helpers = record(config.credHelpers)
  const helper =
    (typeof config.credsStore === 'string' && config.credsStore !== '') ||
    Object.keys(helpers).some((key) => wanted.includes(keyHost(key)))
  return { file, helper }
}

/** Docker Hub goes by several names in Docker configs. */
function hostAliases(host: string): string[] {
  const hub = ['docker.io', 'index.docker.io', 'registry-1.docker.io']
  return hub.includes(host) ? hub : [host]
}
