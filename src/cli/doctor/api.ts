/**
 * The doctor's one way to the API: the gate's own client (createTcssApi:
 * the same signing, transport, proxy and error sorting), under the gate's
 * requester (rate limit, deadline, retries of transient failures), each
 * answer turned into data instead of an exception, so that every check can
 * explain what it got.
 *
 * Only read actions go through here: `call` refuses any other name.
 */
import { Client } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_client.js'
import type { Clock } from '../../clock.js'
import { boundedRequest, classifyError, httpProfileFor } from '../../cloud/http.js'
import { RateLimiter } from '../../cloud/rate-limiter.js'
import { ApiRequester } from '../../cloud/requester.js'
import { outOfTimeReading } from '../../sources/tcss/call.js'
import { RetryBudget, TransientError } from '../../cloud/retry.js'
import type { Credentials } from '../../connection.js'
import type { Settings } from '../../core/settings.js'
import { ApiError, ApiUnavailableError, errorMessage, ScanError } from '../../errors.js'
import { createTcssApi, type TcssApi } from '../../sources/tcss/client.js'

/** The read actions of the gate, and the one read the doctor adds (the registries TCSS has connected). */
export const READ_ACTIONS = [
  'DescribeAssetImageList',
  'DescribeAssetImageVirusList',
  'DescribeAssetImageDetail',
  'DescribeVirusDetail',
  'DescribeAssetImageRegistryList',
  'DescribeAssetImageRegistryDetail',
  'DescribeAssetImageRegistryVirusList',
  'DescribeAssetImageScanStatus',
  'DescribeAssetImageRegistryScanStatusOneKey',
  'DescribeAssetImageRegistryAssetStatus',
  'DescribeAssetImageRegistryRegistryList'
] as const
export type ReadAction = (typeof READ_ACTIONS)[number]

export type Answer =
  /** The service answered: its `Response` object. */
  | { kind: 'answer'; response: Record<string, unknown>; requestId: string }
  /** The service answered with an error code. */
  | { kind: 'error'; code: string; message: string; requestId: string }
  /** No usable answer: the endpoint, the network or a proxy in between, after the retries. */
  | { kind: 'unreachable'; message: string }

export interface DoctorApi {
  call(action: ReadAction, params: Record<string, unknown>): Promise<Answer>
  /** Every error code answered so far, by action (the service role shows in any of them). */
  readonly codes: ReadonlyArray<{ action: ReadAction; code: string; message: string }>
  /** Whether any call was answered without an error. */
  readonly answered: boolean
  close(): void
}

export interface DoctorApiOptions {
  settings: Settings
  credentials: Credentials
  clock: Clock
  /** Clock time after which no request starts. */
  deadline: number
  random?: () => number
  /** For tests: the gate's client as another factory builds it. */
  createApi?: (settings: Settings, credentials: Credentials) => TcssApi
}

/** A method name of TcssApi for an action: DescribeAssetImageList → describeAssetImageList. */
function methodOf(action: string): string {
  return action.charAt(0).toLowerCase() + action.slice(1)
}

export function createDoctorApi(options: DoctorApiOptions): DoctorApi {
  const { settings, credentials, clock, deadline } = options
  const api = (options.createApi ?? defaultApi)(settings, credentials)
  const extra = extraReads(settings, credentials)
  const requester = new ApiRequester({
    limiter: new RateLimiter(settings.maxRps, clock, deadline),
    maxRps: settings.maxRps,
    clock,
    deadline,
    requestTimeoutMs: 10_000,
    // A few tries: enough to ride out a throttle or a blip, short enough to say "unreachable" soon.
    retry: { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 2_000, budget: new RetryBudget(30) },
    random: options.random ?? Math.random,
    log: { info: () => undefined, debug: () => undefined }
  })
  const codes: Array<{ action: ReadAction; code: string; message: string }> = []
  let answered = false
  return {
    codes,
    get answered() {
      return answered
    },
    async call(action, params) {
      if (!(READ_ACTIONS as readonly string[]).includes(action))
        throw new Error(`the doctor sends read actions only, not ${String(action)}`)
      const member = (api as unknown as Record<string, unknown>)[methodOf(action)]
      const send =
        typeof member === 'function'
          ? (timeoutMs: number) =>
              (member as (request: object, timeoutMs: number) => Promise<unknown>).call(
                api,
                params,
                timeoutMs
              )
          : (timeoutMs: number) => extra(action, params, timeoutMs)
      try {
        const response = await requester.request({
          label: action,
          send,
          parse: (raw) => {
            if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
              throw new TransientError('the response is not a JSON object')
            return raw as Record<string, unknown>
          },
          outOfTime: outOfTimeReading(action)
        })
        const requestId = typeof response.RequestId === 'string' ? response.RequestId : ''
        answered = true
        return { kind: 'answer', response, requestId }
      } catch (error) {
        if (error instanceof ApiError) {
          codes.push({ action, code: error.code, message: error.apiMessage })
          return {
            kind: 'error',
            code: error.code,
            message: error.apiMessage,
            requestId: error.requestId
          }
        }
        if (
          error instanceof ApiUnavailableError ||
          error instanceof ScanError ||
          error instanceof TransientError
        )
          return { kind: 'unreachable', message: error.message }
        return { kind: 'unreachable', message: errorMessage(error) }
      }
    },
    close() {
      api.close?.()
      extra.close()
    }
  }
}

function defaultApi(settings: Settings, credentials: Credentials): TcssApi {
  return createTcssApi({ credentials, endpoint: settings.endpoint, region: settings.region })
}

/**
 * Reads the gate's client does not have (the gate never needs them), on the
 * same transport and error sorting. Built on first use.
 */
function extraReads(
  settings: Settings,
  credentials: Credentials
): ((action: string, params: object, timeoutMs: number) => Promise<unknown>) & {
  close: () => void
} {
  let client: { request: Client['request']; close: () => void } | undefined
  const send = (action: string, params: object, timeoutMs: number): Promise<unknown> => {
    if (!client) {
      const { httpProfile, close } = httpProfileFor(settings.endpoint)
      const sdk = new Client({
        credential: { ...credentials },
        ...(settings.region ? { region: settings.region } : {}),
        profile: { httpProfile }
      })
      client = { request: sdk.request.bind(sdk), close }
    }
    const { request } = client
    return boundedRequest(
      (signal) => request(action, params, { signal }),
      timeoutMs,
      (error) => classifyError(action, error, timeoutMs)
    )
  }
  return Object.assign(send, { close: () => client?.close() })
}
