/**
 * The proxy decision: which proxy variable applies to a URL, whether
 * NO_PROXY bypasses it, and the proxy URL it gives (or the InputError that
 * names an unusable one). No network module is loaded here: the front ends
 * ask before anything else is loaded, and `--version` loads no more than this.
 */
import { InputError } from '../errors.js'
import type { Endpoint } from '../connection.js'
import { maskSecret } from '../secrets.js'

/**
 * The proxy to reach `endpoint` through, or undefined for a direct connection
 * (see proxyUrlFor). Returned as an absolute http:// or https:// URL.
 */
export function proxyFor(
  endpoint: Endpoint,
  env: NodeJS.ProcessEnv = process.env
): string | undefined {
  return proxyUrlFor(`${endpoint.protocol}${endpoint.host}/`, env)?.href
}

/**
 * The Proxy-Authorization of a proxy URL with a user or password (Basic,
 * both percent-decoded), or undefined when it has neither.
 */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined
  const pair = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`
  return `Basic ${Buffer.from(pair).toString('base64')}`
}

/**
 * The proxy a request to `destination` goes through, or undefined for a
 * direct connection, decided as the runner's own tools (@actions/http-client)
 * decide: `https_proxy`, else `HTTPS_PROXY` (`http_proxy`/`HTTP_PROXY` for a
 * plain-http destination), unless `no_proxy`/`NO_PROXY` excludes the host;
 * loopback hosts are never proxied. A bare `host:port` means
 * `http://host:port`.
 *
 * Unlike those tools, a value that cannot be used as a proxy URL (not a URL,
 * a port outside 1-65535, a scheme other than http or https, a user or
 * password that is not valid percent-encoding) is never dropped in favour of
 * a direct connection: it is an InputError that names the variable and shows
 * the value with its user and password masked.
 */
export function proxyUrlFor(
  destination: string,
  env: NodeJS.ProcessEnv = process.env
): URL | undefined {
  const target = new URL(destination)
  if (bypassesProxy(target, env)) return undefined
  const names =
    target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']
  const variable = names.find((name) => env[name])
  if (variable === undefined) return undefined
  return parseProxyUrl(variable, env[variable] ?? '', target.hostname)
}

/** The proxy variable that applies to `target`'s scheme and is set: the lowercase one first. */
function proxyVariableFor(target: URL, env: NodeJS.ProcessEnv): string | undefined {
  const names =
    target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']
  return names.find((name) => env[name])
}

/** The value of the proxy variable `variable` as the URL to tunnel through; an InputError when it is unusable. */
export function parseProxyUrl(variable: string, value: string, host?: string): URL {
  const absolute = absoluteProxyUrl(value.trim())
  // Before anything can print it: also a bare user:password@host:port, which is used as http://…
  maskProxyPassword(absolute)
  const unusable = (why: string): InputError =>
    new InputError(
      `The proxy in ${variable} is not usable: ${why} (${variable}=${shownProxyValue(value)}). ` +
        `Expected an http:// or https:// proxy URL such as http://proxy.example.com:3128 ` +
        `(a user and password percent-encoded)${host ? `, or list ${host} in NO_PROXY to connect directly` : ''}; ` +
        `the gate never connects directly when a proxy is set.`
    )
  let url: URL
  try {
    url = new URL(absolute)
  } catch {
    throw unusable(whyNotAUrl(absolute))
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw unusable(`the scheme '${url.protocol.slice(0, -1)}' is not supported`)
  if (!url.hostname) throw unusable('it names no host')
  if (url.port === '0') throw unusable('port 0 is not a port to connect to (1-65535)')
  try {
    decodeURIComponent(url.username)
    decodeURIComponent(url.password)
  } catch {
    throw unusable('its user or password is not valid percent-encoding (write % as %25)')
  }
  return url
}

/** Why `absolute` (an absolute URL the URL parser refused) is not a proxy URL. */
function whyNotAUrl(absolute: string): string {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(absolute)?.[1] ?? ''
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1)
  if (/\s/.test(hostPort)) return 'its host contains a space'
  const port = /^(?:\[[^\]]*\]|[^:]*):(.*)$/.exec(hostPort)?.[1]
  if (port !== undefined && /^\d+$/.test(port))
    return `the port ${port} is not a port number (1-65535)`
  if (port !== undefined && port !== '') return 'its port is not a number'
  if (/\s/.test(absolute)) return 'it contains a space'
  return 'it is not a URL'
}

/** A proxy variable's value for a message: quoted, its user and password (everything before the last @) masked. */
function shownProxyValue(value: string): string {
  const userInfo = /^([a-z][a-z0-9+.-]*:\/\/)?(.*)@/is.exec(value)
  const masked = userInfo ? `${userInfo[1] ?? ''}***@${value.slice(userInfo[0].length)}` : value
  return JSON.stringify(masked.length > 200 ? `${masked.slice(0, 200)}…` : masked)
}

/** Whether a request to `target` skips the proxy: a loopback host, or one that NO_PROXY lists (as @actions/http-client reads it). */
function bypassesProxy(target: URL, env: NodeJS.ProcessEnv): boolean {
  const host = target.hostname.toUpperCase()
  if (!host) return false
  if (
    host === 'LOCALHOST' ||
    host.startsWith('127.') ||
    host === '[::1]' ||
    host === '[0:0:0:0:0:0:0:1]'
  )
    return true
  const noProxy = env.no_proxy || env.NO_PROXY || ''
  const port = target.port ? Number(target.port) : target.protocol === 'http:' ? 80 : 443
  const hosts = [host, `${host}:${port}`]
  return noProxy
    .split(',')
    .map((item) => item.trim().toUpperCase())
    .filter((item) => item !== '')
    .some(
      (item) =>
        item === '*' ||
        hosts.some(
          (candidate) =>
            candidate === item ||
            candidate.endsWith(`.${item}`) ||
            (item.startsWith('.') && candidate.endsWith(item))
        )
    )
}

/** A proxy variable's value as the URL it is used as: a bare `host:port` means `http://host:port`. */
export function absoluteProxyUrl(value: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`
}

/**
 * Hides the user and password of a proxy URL (as written, decoded, and as the
 * Basic credentials sent to the proxy) in the job log and every sink. The
 * user information runs to the last @ before the host, as URLs are parsed.
 */
export function maskProxyPassword(proxyUrl: string): void {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(proxyUrl)
  if (!match) return
  const userInfo = match[1]
  const colon = userInfo.indexOf(':')
  const user = colon < 0 ? userInfo : userInfo.slice(0, colon)
  const password = colon < 0 ? '' : userInfo.slice(colon + 1)
  const decode = (text: string): string => {
    try {
      return decodeURIComponent(text)
    } catch {
      return text
    }
  }
  for (const secret of [
    password,
    decode(password),
    encodeURIComponent(decode(password)),
    userInfo,
    Buffer.from(`${decode(user)}:${decode(password)}`).toString('base64')
  ]) {
    if (secret.length >= 3) maskSecret(secret)
  }
}

/**
 * What is wrong with the proxy for GitHub's API, which @actions/github reads
 * as it loads (and throws on, unexplained, when it cannot parse it); undefined
 * when that proxy is usable or not used. The front ends ask before anything
 * else is loaded (src/action/preflight.ts, src/cli/preflight.ts).
 */
export function startupProxyProblem(env: NodeJS.ProcessEnv): string | undefined {
  let githubApi: URL
  try {
    githubApi = new URL(env.GITHUB_API_URL || 'https://api.github.com')
  } catch {
    return undefined
  }
  const variable = proxyVariableFor(githubApi, env)
  if (variable === undefined || bypassesProxy(githubApi, env)) return undefined
  try {
    parseProxyUrl(variable, env[variable] ?? '')
    return undefined
  } catch (error) {
    if (error instanceof InputError) return error.message
    throw error
  }
}
