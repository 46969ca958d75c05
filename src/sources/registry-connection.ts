/**
 * The registry's own API, read for one reference: the manifest endpoint of
 * the OCI distribution spec (`GET /v2/<name>/manifests/<reference>`), its
 * auth challenge answered (a Bearer token from the realm, or Basic), every
 * byte read by digest checked against that digest, and a registry that is
 * briefly unavailable ridden out. RegistryReader (registry-manifest.ts)
 * gives the hosts, credentials, tokens and connections of the run.
 */
import { createHash } from 'node:crypto'
import { type Dispatcher, request } from 'undici'
import { Inputs } from '../constants.js'
import type { RegistryReference } from '../core/registry-reference.js'
import { maskSecret } from '../secrets.js'

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json'
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
export const INDEX_TYPES = [OCI_INDEX, DOCKER_MANIFEST_LIST]
const MANIFEST_TYPES = [OCI_MANIFEST, DOCKER_MANIFEST]
/** The Accept header of every manifest read: indexes first, as `docker buildx imagetools` sends it. */
export const MANIFEST_ACCEPT = [...INDEX_TYPES, ...MANIFEST_TYPES].join(', ')

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

/** What a connection needs from the reader of the run: hosts, credentials, tokens, connections. */
export interface RegistryAccess {
  /** The base URL of a registry host: https, or the test-only loopback mapping. */
  baseOf(host: string): URL
  /** The credentials for a host, masked before use, and where they came from. */
  loginFor(host: string): { login?: RegistryLogin; from: string; helper: boolean }
  tokenFor(key: string): string | undefined
  keepToken(key: string, token: string): void
  dispatcherFor(url: URL): Dispatcher
  readonly requestTimeoutMs: number
  isLoopback(url: URL): boolean
}

/** One manifest as read: its digest, whether it is an index, and its document. */
export interface ReadManifest {
  digest: string
  index: boolean
  document: Record<string, unknown>
}

/** The reads of one reference from one registry repository. */
export class RegistryConnection {
  private readonly base: URL
  private readonly login: { login?: RegistryLogin; from: string; helper: boolean }

  constructor(
    private readonly host: string,
    private readonly name: string,
    private readonly reference: RegistryReference,
    private readonly reader: RegistryAccess
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

export function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

export function configOf(document: Record<string, unknown>): string {
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
