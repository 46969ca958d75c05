import type { Client } from 'tencentcloud-sdk-nodejs/tencentcloud/services/sts/v20180813/sts_client.js'
import type { AssumeRoleWithWebIdentityRequest } from 'tencentcloud-sdk-nodejs/tencentcloud/services/sts/v20180813/sts_models.js'
import { ApiError } from '../errors.js'
import type { Endpoint } from '../connection.js'
import { boundedRequest, classifyError, httpProfileFor } from './http.js'
import { TransientError } from './retry.js'

/** The part of the STS API the gate uses. Returns the raw `Response`; throws ApiError or TransientError. */
export interface StsApi {
  assumeRoleWithWebIdentity(
    request: AssumeRoleWithWebIdentityRequest,
    timeoutMs: number
  ): Promise<unknown>
  /** Closes every connection. Optional so that fakes need not have it. */
  close?(): void
}

export interface StsClientOptions {
  endpoint: Endpoint
  /** The Region common parameter, which STS requires. */
  region: string
}

const ACTION = 'AssumeRoleWithWebIdentity'

/**
 * STS codes that the TCSS rules would sort the wrong way: a role that cannot
 * be read is not fixed by retrying, and `InvalidParameter.OverLimit` is
 * STS's frequency limit.
 */
const PERMANENT_INTERNAL_CODES = ['InternalError.GetRoleError', 'InternalError.IllegalRole']
const TRANSIENT_PARAMETER_CODES = ['InvalidParameter.OverLimit']

/**
 * The official SDK's STS client. AssumeRoleWithWebIdentity is called without
 * a signature, as the service expects (`Authorization: SKIP`): the ID token is
 * the proof of identity, and the gate has no key to sign with.
 */
export function createStsApi(options: StsClientOptions): StsApi {
  const { endpoint } = options
  const { httpProfile, close } = httpProfileFor(endpoint)
  // The SDK's STS client is loaded on the first call: only keyless runs ask for it.
  let client: Promise<Client> | undefined
  const loadClient = (): Promise<Client> =>
    (client ??=
      import('tencentcloud-sdk-nodejs/tencentcloud/services/sts/v20180813/sts_client.js').then(
        ({ Client }) =>
          new Client({
            // Never used to sign (skipSign); the SDK wants a credential object all the same.
            credential: {},
            region: options.region,
            profile: { httpProfile }
          })
      ))
  return {
    assumeRoleWithWebIdentity: (request, timeoutMs) =>
      boundedRequest(
        async (signal) => (await loadClient()).request(ACTION, request, { skipSign: true, signal }),
        timeoutMs,
        (error) => classifyStsError(error, timeoutMs)
      ),
    close
  }
}

/** Sorts what the SDK threw into ApiError (fail now) or TransientError (retry), with STS's own codes. */
export function classifyStsError(error: unknown, timeoutMs = 0): unknown {
  const classified = classifyError(ACTION, error, timeoutMs)
  if (classified instanceof TransientError && PERMANENT_INTERNAL_CODES.includes(classified.code)) {
    const message = (error as { message?: unknown }).message
    return new ApiError(
      ACTION,
      classified.code,
      typeof message === 'string' ? message : '',
      classified.requestId
    )
  }
  if (classified instanceof ApiError && TRANSIENT_PARAMETER_CODES.includes(classified.code)) {
    return new TransientError(
      `${classified.code}: ${classified.apiMessage} (RequestId: ${classified.requestId || 'none'})`,
      classified.code,
      classified.requestId
    )
  }
  return classified
}
