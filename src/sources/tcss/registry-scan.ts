/**
 * One registry image (one Id of DescribeAssetImageRegistryList) behind the
 * FoundImage interface:
 *
 * - status, scan time and authorization from DescribeAssetImageRegistryDetail
 *   (VirusStatus, ScanTime, IsAuthorized, ScanVirusError);
 * - findings from DescribeAssetImageRegistryVirusList, normalised at the edge
 *   to the one Finding shape, read only between two status reads that agree;
 * - scans through CreateAssetImageRegistryScanTask +
 *   DescribeAssetImageRegistryScanStatusOneKey.
 */
import { Inputs } from '../../constants.js'
import { ScanError, type ScanStatusName, type Vocabulary } from '../../errors.js'
import type { Finding } from '../../core/evaluate.js'
import { type ImageIdentity, imageKey, nameOfImage } from '../../core/image-identity.js'
import type { RegistryReference } from '../../core/registry-reference.js'
import { levelOfRisk } from '../../core/levels.js'
import { type FoundImage } from '../image-source.js'
import {
  AlreadyScanningError,
  type Authorization,
  type ScanState,
  type ScanTask,
  type VirusStatus
} from '../scan-state.js'
import { readWholeList } from '../whole-list.js'
import { callTcss } from './call.js'
import type { RegistryOptions } from './registry-list.js'
import type { RegistryRow } from './registry-rows.js'
import { readAuthorized, readList, readReply, readTotalCount } from './response.js'
import { startScanTask } from './scan-task.js'
import { parseServiceTime } from './scan-times.js'
import { findingKey, mergeFindings, toFinding } from './virus-list.js'

/**
 * The image's virus status (VirusStatus of ImageRepoInfo and
 * DescribeAssetImageRegistryDetail). The models give no list; these are the
 * names TCSS uses for image scan states (not verified live). Any other value
 * fails closed, naming it. The overall ScanStatus is not the virus status.
 */
export const REGISTRY_VIRUS_STATUS: Readonly<Record<string, VirusStatus>> = {
  NOT_SCAN: 'not-scanned',
  // "待检测" (DescribeVulScanLocalImageListRequest's ScanStatus filter): queued, or never
  // scanned; read as not scanned and `queued`, so a scan is asked for and a refusal waited out.
  WAIT_SCAN: 'not-scanned',
  SCANNING: 'scanning',
  SCANNED: 'scanned',
  SCAN_ERR: 'error',
  SCAN_ERROR: 'error',
  SCAN_TIMEOUT: 'error',
  SCAN_CANCELED: 'canceled',
  SCAN_CANCELLED: 'canceled',
  CANCELED: 'canceled'
}

/** The scan type of CreateAssetImageRegistryScanTask that asks for the virus scan (not verified live). */
export const REGISTRY_VIRUS_SCAN_TYPE = 'VIRUS'

/**
 * A registry ImageVirus row in the one Finding shape, through the local
 * row's reader: FileMd5 and FileSize are its Md5 and Size, RiskLevel comes as
 * a numeric string (a value that is no level is left out, so the finding is
 * unknown and judged critical), and paths are made to start with `/`.
 */
export function registryFinding(row: Record<string, unknown>): Finding {
  const risk = row.RiskLevel
  const numeric =
    typeof risk === 'number'
      ? risk
      : typeof risk === 'string' && /^\s*[0-9]+\s*$/.test(risk)
        ? Number(risk)
        : null
  const path = typeof row.Path === 'string' ? row.Path : ''
  return toFinding({
    ...row,
    Md5: row.FileMd5,
    Size: row.FileSize,
    RiskLevel: numeric !== null && levelOfRisk(numeric) !== 'unknown' ? numeric : null,
    Path: path === '' || path.startsWith('/') ? path : `/${path}`
  })
}

/** One page of DescribeAssetImageRegistryVirusList, each row in the one Finding shape. */
export function parseRegistryVirusList(raw: unknown): {
  totalCount: number
  items: Finding[]
  requestId: string
} {
  const reply = readReply('DescribeAssetImageRegistryVirusList', raw)
  const items = readList(reply).map(registryFinding)
  return {
    totalCount: readTotalCount(reply.response.TotalCount, reply),
    items,
    requestId: reply.requestId
  }
}

/** The detail fields the gate reads: status, scan time, authorization. */
interface RegistryDetail {
  status: VirusStatus
  rawStatus: unknown
  scanTimeText: string
  scanTime: number | undefined
  authorized: boolean | undefined
  scanVirusError: string
}

/** One registry image (one Id). */
export class RegistryImage implements FoundImage {
  readonly identity: ImageIdentity
  readonly key: string
  readonly imageId: string
  readonly label: string
  readonly scanHint: (say: Vocabulary) => string
  lastStatus: ScanStatusName | undefined
  /** The status read last, when scanned: the "before" of the next read of the findings. */
  private scannedDetail: RegistryDetail | undefined

  constructor(
    private readonly row: RegistryRow,
    reference: RegistryReference,
    private readonly options: RegistryOptions
  ) {
    this.identity = { kind: 'registry', label: reference.text, id: String(row.id) }
    this.key = imageKey(this.identity)
    this.imageId = /^sha256:[0-9a-f]{64}$/i.test(row.imageId) ? row.imageId : ''
    this.label = nameOfImage(this.identity)
    this.scanHint = (say) =>
      `start a virus scan of it in the TCSS console (Asset management → Images → Registry images → Scan), turn on the namespace's automatic scan, or set ${say.given(Inputs.Scan, 'if-not-scanned')} (the key then needs tcss:CreateAssetImageRegistryScanTask and tcss:DescribeAssetImageRegistryScanStatusOneKey).`
  }

  async readStatus(): Promise<ScanState> {
    const detail = await this.readDetail()
    this.scannedDetail = detail.status === 'scanned' ? detail : undefined
    const queued =
      typeof detail.rawStatus === 'string' && detail.rawStatus.toUpperCase() === 'WAIT_SCAN'
    return { status: detail.status, scanTime: detail.scanTime, ...(queued ? { queued } : {}) }
  }

  async readScanTime(): Promise<number | undefined> {
    return (await this.readDetail()).scanTime
  }

  async readAuthorization(): Promise<Authorization> {
    if (this.row.authorized === false) return { authorized: false, scanVirusError: '' }
    const detail = await this.readDetail()
    return { authorized: detail.authorized, scanVirusError: detail.scanVirusError }
  }

  startScan(): Promise<ScanTask> {
    const { api } = this.options
    const id = this.row.id
    if (this.row.authorized === false) {
      // Listed as unauthorized: the task would be refused; say so without a write.
      return Promise.reject(
        new AlreadyScanningError(`registry image Id ${id} is listed with IsAuthorized 0`)
      )
    }
    return startScanTask(this.options, {
      create: {
        action: 'CreateAssetImageRegistryScanTask',
        about: `for Id ${id}`,
        send: (timeoutMs) =>
          api.createAssetImageRegistryScanTask(
            { Id: [id], ScanType: [REGISTRY_VIRUS_SCAN_TYPE] },
            timeoutMs
          ),
        reading: `the scan task for registry image Id ${id}`
      },
      // The API reference's example answers with a RequestId only.
      taskId: ({ response }) =>
        typeof response.TaskID === 'number' && Number.isSafeInteger(response.TaskID)
          ? String(response.TaskID)
          : undefined,
      withoutTaskId: ({ response }) =>
        `CreateAssetImageRegistryScanTask for registry image Id ${id} answered without a TaskID (${JSON.stringify(response.TaskID) ?? 'none'}).`,
      status: (taskId) => {
        return {
          action: 'DescribeAssetImageRegistryScanStatusOneKey',
          about: `for task ${taskId}`,
          send: (timeoutMs) =>
            api.describeAssetImageRegistryScanStatusOneKey(
              { TaskID: Number(taskId), Id: [id] },
              timeoutMs
            ),
          reading: `the scan task ${taskId}`
        }
      }
    })
  }

  /**
   * Pages the findings between two status reads. The list response carries
   * no scan status, so a read counts only when the status read before it
   * was "scanned" and the one after it is the same status with the same scan
   * time: a scan that restarted or finished in between is a moved list.
   */
  readFindings(): Promise<Finding[]> {
    const { api, requester, concurrency, log } = this.options
    const id = this.row.id
    const scanned = this.scannedDetail
    this.scannedDetail = undefined
    // No explicit order can be asked for: only a read proven complete is taken.
    return readWholeList({
      requester,
      concurrency,
      log,
      what: `the findings of ${this.label}`,
      title: `The list of findings for ${this.label}`,
      noun: 'findings',
      refusal: 'judge incomplete data',
      fetchPage: (offset, limit) =>
        callTcss(this.options, {
          action: 'DescribeAssetImageRegistryVirusList',
          about: `at offset ${offset}`,
          // The model has no Order/By for this list; none is sent.
          send: (timeoutMs) =>
            api.describeAssetImageRegistryVirusList(
              { Id: id, Limit: limit, Offset: offset },
              timeoutMs
            ),
          parse: parseRegistryVirusList,
          debug: (page) =>
            `DescribeAssetImageRegistryVirusList Id ${id} offset ${offset}: TotalCount ${page.totalCount}, ${page.items.length} item(s), RequestId ${page.requestId || 'none'}`,
          reading: `the findings of ${this.label}`
        }),
      key: findingKey,
      around: async (pages, attempt) => {
        const start = (attempt === 0 ? scanned : undefined) ?? (await this.readDetail())
        if (start.status !== 'scanned') {
          return { moved: `the virus status was ${this.statusText(start)} before paging` }
        }
        const read = await pages()
        const after = await this.readDetail()
        const moved =
          after.status !== 'scanned' ||
          after.rawStatus !== start.rawStatus ||
          after.scanTimeText !== start.scanTimeText
        return moved
          ? {
              moved: `the virus status moved from ${this.statusText(start)} to ${this.statusText(after)} while paging`
            }
          : { read }
      },
      take: mergeFindings
    })
  }

  private statusText(detail: RegistryDetail): string {
    return `${JSON.stringify(detail.rawStatus) ?? 'missing'}${detail.scanTimeText ? ` (scan time ${detail.scanTimeText})` : ''}`
  }

  private async readDetail(): Promise<RegistryDetail> {
    const { api } = this.options
    const id = this.row.id
    const { response, requestId } = await callTcss(this.options, {
      action: 'DescribeAssetImageRegistryDetail',
      about: `for Id ${id}`,
      send: (timeoutMs) => api.describeAssetImageRegistryDetail({ Id: id }, timeoutMs),
      debug: ({ response: answer, requestId: request }) =>
        `DescribeAssetImageRegistryDetail Id ${id}: VirusStatus ${String(answer.VirusStatus)}, ScanTime ${String(answer.ScanTime)}, IsAuthorized ${String(answer.IsAuthorized)}, RequestId ${request || 'none'}`,
      reading: `the status of ${this.label}`
    })
    const rawStatus = response.VirusStatus
    const status =
      typeof rawStatus === 'string' ? REGISTRY_VIRUS_STATUS[rawStatus.toUpperCase()] : undefined
    if (status === undefined) {
      this.lastStatus = 'error'
      throw new ScanError(
        `TCSS returned VirusStatus ${JSON.stringify(rawStatus) ?? 'missing'} for ${this.label}, a value this gate does not know (expected one of ${Object.keys(REGISTRY_VIRUS_STATUS).join(', ')}); failing closed (RequestId: ${requestId || 'none'}).`,
        'error'
      )
    }
    this.lastStatus = status
    const scanTimeText = typeof response.ScanTime === 'string' ? response.ScanTime : ''
    return {
      status,
      rawStatus,
      scanTimeText,
      scanTime: parseServiceTime(scanTimeText),
      authorized: readAuthorized(response.IsAuthorized),
      scanVirusError: typeof response.ScanVirusError === 'string' ? response.ScanVirusError : ''
    }
  }
}
