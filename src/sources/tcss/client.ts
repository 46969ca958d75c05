import { Client } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_client.js'
import type {
  CreateAssetImageRegistryScanTaskRequest,
  CreateAssetImageScanTaskRequest,
  DescribeAssetImageDetailRequest,
  DescribeAssetImageRegistryDetailRequest,
  DescribeAssetImageRegistryListRequest,
  DescribeAssetImageRegistryScanStatusOneKeyRequest,
  DescribeAssetImageRegistryVirusListRequest,
  DescribeAssetImageScanStatusRequest,
  SyncAssetImageRegistryAssetRequest,
  DescribeAssetImageListRequest,
  DescribeAssetImageVirusListRequest,
  DescribeVirusDetailRequest
} from 'tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_models.js'
import type { Credentials, Endpoint } from '../../connection.js'
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
  /** One local image: IsAuthorized, ScanTime, ScanVirusError. */
  describeAssetImageDetail(
    request: DescribeAssetImageDetailRequest,
    timeoutMs: number
  ): Promise<unknown>
  /** Write: a virus scan task for local images. */
  createAssetImageScanTask(
    request: CreateAssetImageScanTaskRequest,
    timeoutMs: number
  ): Promise<unknown>
  describeAssetImageScanStatus(
    request: DescribeAssetImageScanStatusRequest,
    timeoutMs: number
  ): Promise<unknown>
  describeAssetImageRegistryList(
    request: DescribeAssetImageRegistryListRequest,
    timeoutMs: number
  ): Promise<unknown>
  describeAssetImageRegistryDetail(
    request: DescribeAssetImageRegistryDetailRequest,
    timeoutMs: number
  ): Promise<unknown>
  describeAssetImageRegistryVirusList(
    request: DescribeAssetImageRegistryVirusListRequest,
    timeoutMs: number
  ): Promise<unknown>
  /** Write: a scan task for registry images. */
  createAssetImageRegistryScanTask(
    request: CreateAssetImageRegistryScanTaskRequest,
    timeoutMs: number
  ): Promise<unknown>
  describeAssetImageRegistryScanStatusOneKey(
    request: DescribeAssetImageRegistryScanStatusOneKeyRequest,
    timeoutMs: number
  ): Promise<unknown>
  /** Write: asks TCSS to list the registries' images again. */
  syncAssetImageRegistryAsset(
    request: SyncAssetImageRegistryAssetRequest,
    timeoutMs: number
  ): Promise<unknown>
  /** The request model is `null`: sent as an empty object. */
  describeAssetImageRegistryAssetStatus(
    request: Record<string, never>,
    timeoutMs: number
  ): Promise<unknown>
  /** Closes every connection; later calls fail. */
  close(): void
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
    describeAssetImageDetail: (request, timeoutMs) =>
      call('DescribeAssetImageDetail', request, timeoutMs),
    createAssetImageScanTask: (request, timeoutMs) =>
      call('CreateAssetImageScanTask', request, timeoutMs),
    describeAssetImageScanStatus: (request, timeoutMs) =>
      call('DescribeAssetImageScanStatus', request, timeoutMs),
    describeAssetImageRegistryList: (request, timeoutMs) =>
      call('DescribeAssetImageRegistryList', request, timeoutMs),
    describeAssetImageRegistryDetail: (request, timeoutMs) =>
      call('DescribeAssetImageRegistryDetail', request, timeoutMs),
    describeAssetImageRegistryVirusList: (request, timeoutMs) =>
      call('DescribeAssetImageRegistryVirusList', request, timeoutMs),
    createAssetImageRegistryScanTask: (request, timeoutMs) =>
      call('CreateAssetImageRegistryScanTask', request, timeoutMs),
    describeAssetImageRegistryScanStatusOneKey: (request, timeoutMs) =>
      call('DescribeAssetImageRegistryScanStatusOneKey', request, timeoutMs),
    syncAssetImageRegistryAsset: (request, timeoutMs) =>
      call('SyncAssetImageRegistryAsset', request, timeoutMs),
    describeAssetImageRegistryAssetStatus: (request, timeoutMs) =>
      call('DescribeAssetImageRegistryAssetStatus', request, timeoutMs),
    close
  }
}
