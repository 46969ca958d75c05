/**
 * Local images (hosts and cluster nodes that run the TCSS agent) behind the
 * FoundImage interface: status and findings from DescribeAssetImageVirusList
 * (ScanReader), authorization and scan time from DescribeAssetImageDetail,
 * scans on demand through CreateAssetImageScanTask + DescribeAssetImageScanStatus.
 */
import { ScanError, type ScanStatusName } from '../../errors.js'
import type { Finding } from '../../core/evaluate.js'
import type { Logger } from '../../cloud/requester.js'
import { outOfTimeReading } from '../../cloud/requester.js'
import { TransientError } from '../../cloud/retry.js'
import type {
  Authorization,
  FoundImage,
  ScanState,
  ScanTask,
  VirusStatus
} from '../image-source.js'
import type { TcssApi } from './client.js'
import { ScanReader, type ScanReaderOptions } from './scan.js'
import type { VirusListPage } from './virus-list.js'
import { alreadyScanning, taskState } from './scan-task.js'
import { parseServiceTime } from './scan-times.js'

/** A method of the API the fake in use may lack. */
export function need<T>(method: T | undefined, name: string): T {
  if (!method) throw new Error(`the TCSS API client has no ${name}`)
  return method
}

function objectResponse(action: string, raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new TransientError(`malformed ${action} response: not a JSON object`)
  }
  return raw as Record<string, unknown>
}

export class LocalImage implements FoundImage {
  readonly key: string
  readonly imageId: string
  readonly label: string
  readonly scanHint: string
  private readonly reader: ScanReader
  private firstPage: VirusListPage | undefined

  constructor(
    private readonly options: ScanReaderOptions,
    label: string
  ) {
    this.imageId = options.imageId
    this.key = `local:${options.imageId}`
    this.label = label
    this.reader = new ScanReader(options)
    this.scanHint = `start a virus scan of ${label} in the TCSS console (Asset management → Images → Scan), or set scan: if-not-scanned (the key then needs tcss:CreateAssetImageScanTask and tcss:DescribeAssetImageScanStatus).`
  }

  get lastStatus(): ScanStatusName | undefined {
    return this.reader.lastStatus
  }

  private get log(): Logger {
    return this.options.log
  }

  async readStatus(withScanTime: boolean): Promise<ScanState> {
    const page = await this.reader.readStatusPage()
    this.firstPage = page.status === 2 ? page : undefined
    const status = this.reader.lastStatus as VirusStatus
    if (!withScanTime || status !== 'scanned') return { status }
    const detail = await this.readDetail()
    return { status, scanTime: parseServiceTime(detail.ScanTime) }
  }

  async readAuthorization(): Promise<Authorization> {
    const detail = await this.readDetail()
    return {
      authorized: detail.IsAuthorized === 0 ? false : detail.IsAuthorized === 1 ? true : undefined,
      scanVirusError: typeof detail.ScanVirusError === 'string' ? detail.ScanVirusError : ''
    }
  }

  async startScan(): Promise<ScanTask> {
    const { api, requester, imageId } = this.options
    const create = need(api.createAssetImageScanTask, 'CreateAssetImageScanTask')
    const response = await requester
      .request({
        label: `CreateAssetImageScanTask for ${imageId}`,
        // Exactly this image, the virus scan only; ScanScope 1 = the images listed
        // (the default 0 means every authorized image of the account).
        send: (timeoutMs) =>
          create.call(api, { Images: [imageId], ScanVirus: true, ScanScope: 1 }, timeoutMs),
        parse: (raw) => objectResponse('CreateAssetImageScanTask', raw),
        outOfTime: outOfTimeReading(`the scan task for image ${imageId}`)
      })
      .catch(alreadyScanning)
    const id = response.TaskID
    if (typeof id !== 'string' || id === '') {
      // The task may exist: never start another one; fail closed.
      throw new ScanError(
        `CreateAssetImageScanTask for ${imageId} answered without a TaskID (RequestId: ${String(response.RequestId ?? 'none')}); the gate does not start a second task and fails closed.`,
        'error'
      )
    }
    const status = need(api.describeAssetImageScanStatus, 'DescribeAssetImageScanStatus')
    return {
      id,
      poll: () =>
        requester.request({
          label: `DescribeAssetImageScanStatus for task ${id}`,
          send: (timeoutMs) => status.call(api, { TaskID: id }, timeoutMs),
          parse: (raw) => {
            const answer = objectResponse('DescribeAssetImageScanStatus', raw)
            this.log.debug(
              `DescribeAssetImageScanStatus ${id}: Status ${String(answer.Status)}, Schedule ${String(answer.Schedule)}`
            )
            return taskState(answer.Status, answer.Schedule)
          },
          outOfTime: outOfTimeReading(`the scan task ${id} for image ${imageId}`)
        })
    }
  }

  async readFindings(): Promise<Finding[]> {
    const first = this.firstPage ?? (await this.reader.waitForScan())
    this.firstPage = undefined
    return this.reader.readAllFindings(first)
  }

  private readDetail(): Promise<Record<string, unknown>> {
    const { api, requester, imageId } = this.options
    const detail = need(api.describeAssetImageDetail, 'DescribeAssetImageDetail')
    return requester.request({
      label: `DescribeAssetImageDetail for ${imageId}`,
      send: (timeoutMs) => detail.call(api, { ImageID: imageId }, timeoutMs),
      parse: (raw) => {
        const answer = objectResponse('DescribeAssetImageDetail', raw)
        this.log.debug(
          `DescribeAssetImageDetail ${imageId}: IsAuthorized ${String(answer.IsAuthorized)}, ScanTime ${String(answer.ScanTime)}, ScanVirusError ${String(answer.ScanVirusError)}`
        )
        return answer
      },
      outOfTime: outOfTimeReading(`the details of image ${imageId}`)
    })
  }
}

export type { TcssApi }
