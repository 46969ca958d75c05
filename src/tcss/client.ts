import * as http from 'node:http'
import * as https from 'node:https'
import { getProxyUrl } from '@actions/http-client'
import { Client } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_client.js'
import type {
  DescribeAssetImageListRequest,
  DescribeAssetImageVirusListRequest,
  DescribeVirusDetailRequest
} from 'tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_models.js'
import { ApiError, InputError } from '../errors.js'
import type { Credentials, Endpoint } from '../inputs.js'
import { TransientError } from './retry.js'

/** The part of the TCSS API the gate uses. Returns the raw `Response` object; throws ApiError or TransientError. */
export interface TcssApi {
  describeAssetImageVirusList(
    request: DescribeAssetImageVirusListRequest,
    timeoutMs: number
  ): Promise<unknown>
  /** Images known to TCSS, paged and filtered (used to resolve the `image` input to an ImageID). */
  describeAssetImageList(
    request: DescribeAssetImageListRequest,
    timeoutMs: number
  ): Promise<unknown>
  /** One runtime trojan event (the `event-ids` input). */
  describeVirusDetail(request: DescribeVirusDetailRequest, timeoutMs: number): Promise<unknown>
}

export interface ClientOptions {
  credentials: Credentials
  endpoint: Endpoint
  region?: string
}

/**
 * The proxy to reach `endpoint` through, or undefined for a direct connection,
 * decided as the runner's own tools decide: `https_proxy`/`HTTPS_PROXY` (or
 * `http_proxy`/`HTTP_PROXY` for a plain-http endpoint), unless
 * `no_proxy`/`NO_PROXY` excludes the host; loopback hosts are never proxied.
 * Returned as an absolute http:// or https:// URL, the form the SDK's proxy
 * agent parses (a bare `host:port` is read as `http://host:port`).
 */
export function proxyFor(endpoint: Endpoint): string | undefined {
  const chosen = getProxyUrl(`${endpoint.protocol}${endpoint.host}/`)
  if (!chosen) return undefined
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(chosen) ? chosen : `http://${chosen}`
  let url: URL | undefined
  try {
    url = new URL(absolute)
  } catch {
    url = undefined
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) {
    return url.href
  }
  // Name the variables, never the value: it may hold the proxy's password.
  const variables =
    endpoint.protocol === 'https://' ? 'HTTPS_PROXY/https_proxy' : 'HTTP_PROXY/http_proxy'
  const scheme = url ? ` (scheme '${url.protocol}')` : ''
  throw new InputError(
    `The proxy in ${variables} is not usable${scheme}. ` +
      `Expected an http:// or https:// proxy URL such as http://proxy.example.com:3128, ` +
      `or list ${endpoint.hostname} in NO_PROXY to connect directly.`
  )
}

/** Error codes (and their sub-codes) that retrying can fix. */
const TRANSIENT_CODES = /^(RequestLimitExceeded|InternalError|ResourceUnavailable)(\.|$)/

/** The official SDK behind the TcssApi interface, with errors sorted into transient and permanent. */
export function createTcssApi(options: ClientOptions): TcssApi {
  const { endpoint, credentials } = options
  const client = new Client({
    credential: {
      secretId: credentials.secretId,
      secretKey: credentials.secretKey,
      token: credentials.token
    },
    ...(options.region ? { region: options.region } : {}),
    profile: { httpProfile: httpProfileFor(endpoint) }
  })
  /** One request with its own time limit; what it throws is sorted into transient and permanent. */
  const call = async (action: string, request: object, timeoutMs: number): Promise<unknown> => {
    try {
      return await client.request(action, request, {
        signal: AbortSignal.timeout(Math.max(1, Math.ceil(timeoutMs)))
      })
    } catch (error) {
      throw classifyError(action, error, timeoutMs)
    }
  }

  return {
    describeAssetImageVirusList: (request, timeoutMs) =>
      call('DescribeAssetImageVirusList', request, timeoutMs),
    describeAssetImageList: (request, timeoutMs) =>
      call('DescribeAssetImageList', request, timeoutMs),
    describeVirusDetail: (request, timeoutMs) => call('DescribeVirusDetail', request, timeoutMs)
  }
}

/**
 * The SDK's httpProfile for an endpoint. The SDK on its own reads only
 * lowercase http_proxy and ignores no_proxy: decide here, as the runner's
 * tools do, and always pass either a proxy or an agent.
 */
export function httpProfileFor(endpoint: Endpoint): Record<string, unknown> {
  const proxy = proxyFor(endpoint)
  const httpProfile: Record<string, unknown> = {
    endpoint: endpoint.host,
    protocol: endpoint.protocol,
    reqMethod: 'POST',
    reqTimeout: 60
  }
  if (proxy) httpProfile.proxy = proxy
  else
    httpProfile.agent =
      endpoint.protocol === 'http://'
        ? new http.Agent({ keepAlive: true })
        : new https.Agent({ keepAlive: true })
  return httpProfile
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
    if (TRANSIENT_CODES.test(e.code)) {
      return new TransientError(
        `${e.code}: ${message} (RequestId: ${requestId || 'none'})`,
        e.code,
        requestId
      )
    }
    return new ApiError(action, e.code, message, requestId)
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
  if (error instanceof TypeError && /reading 'Error'/.test(message)) {
    return new TransientError('the response JSON has no "Response" object')
  }
  return error
}
