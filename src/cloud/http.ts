/**
 * The HTTP side every Tencent Cloud client of the gate shares (TCSS and STS):
 * the proxy decision, the SDK's httpProfile on the gate's own transport, one
 * bounded request, and the sorting of what the SDK throws into ApiError and
 * TransientError.
 */
import { ApiError, InputError } from '../errors.js'
import type { Endpoint } from '../core/settings.js'
import { maskSecret } from '../secrets.js'
import { TransientError } from './retry.js'
import { BODY_BROKE_OFF, createTransport, REDIRECT_NOT_FOLLOWED } from './transport.js'

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

/** Error codes (and their sub-codes) that retrying can fix. */
const TRANSIENT_CODES = /^(RequestLimitExceeded|InternalError|ResourceUnavailable)(\.|$)/
/**
 * Codes the families above sort the wrong way. InvalidParameter.RequestTimeout:
 * the query timed out while the backend still works on it; asking again helps.
 */
const TRANSIENT_EXCEPTIONS = ['InvalidParameter.RequestTimeout']
/** InternalError.ErrRoleNotExist: the account has not authorised TCSS (its service role is missing). */
const PERMANENT_EXCEPTIONS: Record<string, string> = {
  'InternalError.ErrRoleNotExist':
    'TCSS is not authorised in this account: its service role does not exist. ' +
    'Open the Container Security Service console once with an administrator account and grant it the ' +
    'service role it asks for (TCSS_QCSRole), then run the gate again.'
}

/**
 * One request, bounded as a whole — connection, headers and body — by
 * `timeoutMs`: at the limit the request is aborted (node-fetch then destroys
 * its socket) and the call fails at once, whatever the SDK is still doing.
 * What it throws is passed through `classify`.
 */
export async function boundedRequest(
  send: (signal: AbortSignal) => Promise<unknown>,
  timeoutMs: number,
  classify: (error: unknown) => unknown
): Promise<unknown> {
  const ms = Math.max(1, Math.ceil(timeoutMs))
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort()
      reject(new TransientError(`no complete response within ${seconds(ms)} s (request timed out)`))
    }, ms)
  })
  try {
    return await Promise.race([send(controller.signal), timedOut])
  } catch (error) {
    throw error instanceof TransientError ? error : classify(error)
  } finally {
    clearTimeout(timer)
  }
}

function seconds(ms: number): string {
  return ms >= 10_000 ? String(Math.round(ms / 1000)) : (ms / 1000).toFixed(1)
}

/**
 * The SDK's httpProfile for an endpoint, and how to close its connections.
 * The SDK on its own reads only lowercase http_proxy and ignores no_proxy:
 * the proxy is decided here, as the runner's tools do, and the SDK always
 * gets the gate's own agent (see transport.ts), never a proxy URL.
 *
 * reqTimeout 0 turns off node-fetch's own timers: its body timer is never
 * cleared on abort and would keep the process alive for reqTimeout seconds
 * after the verdict. Every request is bounded by boundedRequest instead.
 */
export function httpProfileFor(endpoint: Endpoint): {
  httpProfile: Record<string, unknown>
  close: () => void
} {
  const proxy = proxyFor(endpoint)
  const transport = createTransport(endpoint, proxy ? new URL(proxy) : undefined)
  return {
    httpProfile: {
      endpoint: endpoint.host,
      protocol: endpoint.protocol,
      reqMethod: 'POST',
      reqTimeout: 0,
      agent: transport.agent
    },
    close: transport.close
  }
}

interface SdkErrorShape {
  name?: unknown
  message?: unknown
  code?: unknown
  httpCode?: unknown
  requestId?: unknown
  traceId?: unknown
  type?: unknown
}

/**
 * Sorts whatever the SDK threw into ApiError (fail now) or TransientError
 * (retry). Anything else is a bug and is returned unchanged.
 */
export function classifyError(action: string, error: unknown, timeoutMs = 0): unknown {
  if (typeof error !== 'object' || error === null) return error
  const e = error as SdkErrorShape
  const message = typeof e.message === 'string' ? e.message : ''
  // TencentCloudSDKHttpException always carries requestId and traceId (maybe empty).
  const fromSdk = typeof e.requestId === 'string' && typeof e.traceId === 'string'
  const requestId = fromSdk ? (e.requestId as string) : ''
  if (fromSdk && typeof e.code === 'string' && e.code !== '') {
    const hint = PERMANENT_EXCEPTIONS[e.code]
    if (hint) return new ApiError(action, e.code, `${message} ${hint}`, requestId)
    if (TRANSIENT_CODES.test(e.code) || TRANSIENT_EXCEPTIONS.includes(e.code)) {
      return new TransientError(
        `${e.code}: ${message} (RequestId: ${requestId || 'none'})`,
        e.code,
        requestId
      )
    }
    return new ApiError(action, e.code, message, requestId)
  }
  if (fromSdk && 'code' in e) {
    // A 200 whose Response.Error has no string Code: the SDK copies whatever was there.
    return new TransientError(
      `the response has a Response.Error without a string Code (Code: ${JSON.stringify(e.code) ?? 'missing'}; RequestId: ${requestId || 'none'})`
    )
  }
  if (fromSdk && typeof e.httpCode === 'number' && e.httpCode >= 300 && e.httpCode < 400) {
    const at = message.indexOf(REDIRECT_NOT_FOLLOWED)
    const host =
      at < 0
        ? ''
        : message
            .slice(at + REDIRECT_NOT_FOLLOWED.length)
            .replace(/\)$/, '')
            .trim()
    return new ApiError(
      action,
      `HTTP${e.httpCode}`,
      `HTTP ${e.httpCode}: the endpoint answered with a redirect${host ? ` to ${host}` : ''}, which the gate never follows (no request or credential goes to another host). Check the 'endpoint' input and any proxy in between.`,
      requestId
    )
  }
  if (fromSdk && typeof e.httpCode === 'number') {
    const status = `HTTP ${e.httpCode}${message ? ` ${message}` : ''}`
    if (e.httpCode >= 500 || e.httpCode === 429 || e.httpCode === 408)
      return new TransientError(status)
    return new ApiError(action, `HTTP${e.httpCode}`, status, requestId)
  }
  if (fromSdk) {
    // The SDK wraps every transport failure (reset, refused, DNS, TLS, our time-out) without a code.
    if (/abort/i.test(message)) {
      return new TransientError(
        `no response within ${Math.round(timeoutMs / 1000)} s (request timed out)`
      )
    }
    return new TransientError(`network error: ${message}`)
  }
  if (e.name === 'FetchError' && e.type === 'invalid-json') {
    return new TransientError('the response body is not valid JSON')
  }
  if (e.name === 'FetchError' && e.type === 'system' && /^Invalid response body/.test(message)) {
    // Raised while the body is read (after the SDK's own error wrapping).
    const code = (error as { code?: unknown }).code
    if (
      code === BODY_BROKE_OFF ||
      code === 'ERR_STREAM_PREMATURE_CLOSE' ||
      (typeof code === 'string' && /^E(CONNRESET|PIPE|CONNABORTED)$/.test(code))
    ) {
      const detail = code === BODY_BROKE_OFF ? '' : ` (${code})`
      return new TransientError(
        `the connection broke off while the response body was read${detail}`
      )
    }
    if (typeof code === 'string' && code.startsWith('Z_')) {
      return new TransientError(
        `the response body could not be decoded (its Content-Encoding does not match: ${code})`
      )
    }
    return new TransientError(
      `the response body could not be read: ${message.replace(/^.*?: /, '')}`
    )
  }
  if (e.name === 'FetchError' || e.name === 'AbortError') {
    return new TransientError(`the response could not be read: ${message}`)
  }
  if (error instanceof TypeError && /reading '(Error|Response)'/.test(message)) {
    return new TransientError('the response JSON has no "Response" object')
  }
  return error
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
