/**
 * The HTTP side every Tencent Cloud client of the gate shares (TCSS and STS):
 * the proxy decision (proxy.ts), the SDK's httpProfile on the gate's own transport, one
 * bounded request, and the sorting of what the SDK throws into ApiError and
 * TransientError.
 */
import { ApiError } from '../errors.js'
import type { Endpoint } from '../connection.js'
import { proxyFor } from './proxy.js'
import { TransientError } from './retry.js'
import { BODY_BROKE_OFF, createTransport, REDIRECT_NOT_FOLLOWED } from './transport.js'

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
