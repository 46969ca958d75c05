import { Client } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_client.js'
import type {
  DescribeAssetImageListRequest,
  DescribeAssetImageVirusListRequest,
  DescribeVirusDetailRequest
} from 'tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_models.js'
import type { Credentials, Endpoint } from '../../core/settings.js'
import { boundedRequest, classifyError, httpProfileFor } from '../../cloud/http.js'

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
  /** Closes every connection; later calls fail. Optional so that fakes need not have it. */
  close?(): void
}

export interface ClientOptions {
  credentials: Credentials
  endpoint: Endpoint
  region?: string
}

/** The official SDK behind the TcssApi interface, with errors sorted into transient and permanent. */
export function createTcssApi(options: ClientOptions): TcssApi {
  const { endpoint, credentials } = options
  const { httpProfile, close } = httpProfileFor(endpoint)
  const client = new Client({
    credential: {
      secretId: credentials.secretId,
      secretKey: credentials.secretKey,
      token: credentials.token
    },
    ...(options.region ? { region: options.region } : {}),
    profile: { httpProfile }
  })
  const call = (action: string, request: object, timeoutMs: number): Promise<unknown> =>
    boundedRequest(
      (signal) => client.request(action, request, { signal }),
      timeoutMs,
      (error) => classifyError(action, error, timeoutMs)
    )

  return {
    describeAssetImageVirusList: (request, timeoutMs) =>
      call('DescribeAssetImageVirusList', request, timeoutMs),
    describeAssetImageList: (request, timeoutMs) =>
      call('DescribeAssetImageList', request, timeoutMs),
    describeVirusDetail: (request, timeoutMs) => call('DescribeVirusDetail', request, timeoutMs),
    close
  }
}
