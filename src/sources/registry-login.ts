/**
 * Where the registry reader finds its credentials and hosts: the Docker
 * config docker/login-action writes, and the test-only mapping of registry
 * hosts to loopback registries.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { InputError } from '../errors.js'
import { type RegistryLogin, record } from './registry-connection.js'

/** The test-only variable that points registry hosts at loopback registries. */
export const TEST_REGISTRY_HOSTS = 'TCSS_VIRUS_GATE_TEST_REGISTRY_HOSTS'

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
