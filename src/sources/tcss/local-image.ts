/**
 * Local images (hosts and cluster nodes that run the TCSS agent) behind the
 * FoundImage interface: status and findings from DescribeAssetImageVirusList
 * (ScanReader), authorization and scan time from DescribeAssetImageDetail,
 * scans on demand through CreateAssetImageScanTask + DescribeAssetImageScanStatus.
 */
import { Inputs } from '../../constants.js'
import type { ScanStatusName, Vocabulary } from '../../errors.js'
import type { Finding } from '../../core/evaluate.js'
import { type ImageIdentity, imageKey, nameOfImage } from '../../core/image-identity.js'
import type { Logger } from '../../clock.js'
import type { FoundImage } from '../image-source.js'
import type { Authorization, ScanState, ScanTask } from '../scan-state.js'
import { callTcss } from './call.js'
import { readAuthorized } from './response.js'
import { ScanReader, type ScanReaderOptions, STATUS_NAMES } from './scan.js'
import type { VirusListPage } from './virus-list.js'
import { startScanTask } from './scan-task.js'
import { parseServiceTime } from './scan-times.js'
import { ListNeverSettledError, MAX_REREADS } from '../settle.js'

export class LocalImage implements FoundImage {
  readonly identity: ImageIdentity
  readonly key: string
  readonly imageId: string
  readonly label: string
  readonly scanHint: (say: Vocabulary) => string
  private readonly reader: ScanReader
  private firstPage: VirusListPage | undefined
  /**
   * The ScanTime that made the last "scanned" read fresh: the findings are
   * judged only when the image still shows it after paging.
   */
  private snapshotTime: string | undefined
  /** The detail read last for a scan time, for the authorization asked next. */
  private lastDetail: Record<string, unknown> | undefined

  constructor(
    private readonly options: ScanReaderOptions,
    label: string
  ) {
    this.imageId = options.imageId
    this.identity = { kind: 'local', label, id: options.imageId }
    this.key = imageKey(this.identity)
    this.label = nameOfImage(this.identity)
    this.reader = new ScanReader({ ...options, name: this.label })
    this.scanHint = (say) =>
      `start a virus scan of ${label} in the TCSS console (Asset management → Images → Scan), or set ${say.given(Inputs.Scan, 'if-not-scanned')} (the key then needs tcss:CreateAssetImageScanTask and tcss:DescribeAssetImageScanStatus).`
  }

  get lastStatus(): ScanStatusName | undefined {
    return this.reader.lastStatus
  }

  private get log(): Logger {
    return this.options.log
  }

  /**
   * The status from page one of the list; with `withScanTime`, the scan time
   * from DescribeAssetImageDetail read first, so that a page that shows
   * status 2 after it is of that scan or a newer one, never an older one.
   * readFindings then reads the scan time again after paging.
   */
  async readStatus(withScanTime: boolean): Promise<ScanState> {
    const detail = withScanTime ? await this.readDetail() : undefined
    this.lastDetail = detail
    const page = await this.reader.readStatusPage()
    this.firstPage = page.status === 2 ? page : undefined
    const status = STATUS_NAMES[page.status]
    if (!detail) {
      this.snapshotTime = undefined
      return { status }
    }
    const text = typeof detail.ScanTime === 'string' ? detail.ScanTime : ''
    this.snapshotTime = status === 'scanned' ? text : undefined
    return { status, scanTime: parseServiceTime(text) }
  }

  async readScanTime(): Promise<number | undefined> {
    const detail = await this.readDetail()
    this.lastDetail = detail
    return parseServiceTime(detail.ScanTime)
  }

  async readAuthorization(): Promise<Authorization> {
    // IsAuthorized from the detail read just before, if any: it does not change within a run.
    const detail = this.lastDetail ?? (await this.readDetail())
    this.lastDetail = undefined
    return {
      authorized: readAuthorized(detail.IsAuthorized),
      scanVirusError: typeof detail.ScanVirusError === 'string' ? detail.ScanVirusError : ''
    }
  }

  startScan(): Promise<ScanTask> {
    const { api, imageId } = this.options
    return startScanTask(this.options, {
      create: {
        action: 'CreateAssetImageScanTask',
        about: `for ${imageId}`,
        // Exactly this image, the virus scan only; ScanScope 1 = the images listed
        // (the default 0 means every authorized image of the account).
        send: (timeoutMs) =>
          api.createAssetImageScanTask(
            { Images: [imageId], ScanVirus: true, ScanScope: 1 },
            timeoutMs
          ),
        reading: `the scan task for image ${this.label}`
      },
      taskId: ({ response }) =>
        typeof response.TaskID === 'string' && response.TaskID !== '' ? response.TaskID : undefined,
      withoutTaskId: ({ response }) =>
        `CreateAssetImageScanTask for ${imageId} answered without a TaskID (RequestId: ${String(response.RequestId ?? 'none')}).`,
      status: (id) => {
        return {
          action: 'DescribeAssetImageScanStatus',
          about: `for task ${id}`,
          send: (timeoutMs) => api.describeAssetImageScanStatus({ TaskID: id }, timeoutMs),
          reading: `the scan task ${id} for image ${this.label}`
        }
      }
    })
  }

  /**
   * Every finding of the scan last read as scanned. When that read was
   * proven fresh by its scan time, the scan time is read again after paging:
   * a scan that finished while the pages were read is a moved list, read
   * again, never judged on the pages of the scan before it.
   */
  async readFindings(): Promise<Finding[]> {
    let expected = this.snapshotTime
    this.snapshotTime = undefined
    let first = this.firstPage ?? (await this.reader.waitForScan())
    this.firstPage = undefined
    const problems: string[] = []
    for (;;) {
      const findings = await this.reader.readAllFindings(first)
      if (expected === undefined) return findings
      const after = await this.readDetail()
      const now = typeof after.ScanTime === 'string' ? after.ScanTime : ''
      if (now === expected) return findings
      problems.push(
        `the scan time moved from ${expected || 'none'} to ${now || 'none'} while paging`
      )
      if (problems.length > MAX_REREADS) {
        throw new ListNeverSettledError(
          `The list of findings for image ${this.label}`,
          problems,
          'judge incomplete data'
        )
      }
      this.log.info(
        `The list of findings for image ${this.label} changed while it was read (${problems.at(-1)}); reading it again.`
      )
      // Status page after the time, as in readStatus: one scan, or a newer one.
      expected = now
      first = await this.reader.waitForScan()
    }
  }

  private async readDetail(): Promise<Record<string, unknown>> {
    const { api, imageId } = this.options
    const { response } = await callTcss(this.options, {
      action: 'DescribeAssetImageDetail',
      about: `for ${imageId}`,
      send: (timeoutMs) => api.describeAssetImageDetail({ ImageID: imageId }, timeoutMs),
      debug: ({ response: answer }) =>
        `DescribeAssetImageDetail ${imageId}: IsAuthorized ${String(answer.IsAuthorized)}, ScanTime ${String(answer.ScanTime)}, ScanVirusError ${String(answer.ScanVirusError)}`,
      reading: `the details of image ${this.label}`
    })
    return response
  }
}
