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
import { Agent, type Dispatcher, ProxyAgent } from 'undici'
import { Inputs } from '../constants.js'
import type { RegistryReference } from '../core/registry-reference.js'
import { secretMasks } from '../secrets.js'
import { maskSecret } from '../secrets.js'
import type { Logger } from '../clock.js'
import { proxyUrlFor } from '../cloud/proxy.js'
import {
  configOf,
  INDEX_TYPES,
  record,
  type RegistryAccess,
  RegistryConnection,
  type RegistryLogin
} from './registry-connection.js'
import {
  dockerConfigLogin,
  parseRegistryHostMapping,
  TEST_REGISTRY_HOSTS
} from './registry-login.js'

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

export interface RegistryReaderOptions {
  /** registry-username / registry-password, when given. */
  login?: RegistryLogin
  env: NodeJS.ProcessEnv
  log: Logger
  /** Per-request limit. */
  requestTimeoutMs: number
}

/** The registry side of a run: one reader, one token cache, every read once. */
export class RegistryReader implements RegistryAccess {
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
