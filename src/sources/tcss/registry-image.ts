/**
 * Registry images (TCR/CCR or another registry connected to TCSS) behind the
 * FoundImage interface:
 *
 * - found through DescribeAssetImageRegistryList (every page, ordered by Id,
 *   exact repository address plus tag or digest; look-alikes are never
 *   taken), after a registry asset sync when `scan` allows writes;
 * - status, scan time and authorization from DescribeAssetImageRegistryDetail
 *   (VirusStatus, ScanTime, IsAuthorized, ScanVirusError);
 * - findings from DescribeAssetImageRegistryVirusList, normalised at the edge
 *   to the one Finding shape, read only between two status reads that agree;
 * - scans through CreateAssetImageRegistryScanTask +
 *   DescribeAssetImageRegistryScanStatusOneKey.
 */
import { AmbiguousImageError, ScanError, type ScanStatusName } from '../../errors.js'
import type { Finding } from '../../core/evaluate.js'
import type { ScanMode } from '../../core/settings.js'
import type { RegistryReference } from '../../core/registry-reference.js'
import { levelOfRisk } from '../../core/levels.js'
import type { Clock, Logger } from '../../clock.js'
import type { ApiRequester } from '../../cloud/requester.js'
import {
  AlreadyScanningError,
  type Authorization,
  type FoundImage,
  type ScanState,
  type ScanTask,
  type VirusStatus
} from '../image-source.js'
import { pollUntil } from '../settle.js'
import { readWholeList } from '../whole-list.js'
import type { TcssApi } from './client.js'
import { callTcss } from './call.js'
import { readAuthorized, readList, readReply, readTotalCount } from './response.js'
import {
  matches,
  parseRegistryList,
  type RegistryRow,
  rowKey,
  similarRows
} from './registry-rows.js'
import { startScanTask } from './scan-task.js'
import { parseServiceTime } from './scan-times.js'
import { findingKey, mergeFindings, toFinding } from './virus-list.js'

export interface RegistryOptions {
  api: TcssApi
  requester: ApiRequester
  clock: Clock
  pollIntervalMs: number
  concurrency: number
  log: Logger
}

/**
 * The registry list is paged in an explicit order: `Id`, the field of
 * ImageRepoInfo that identifies a row and never changes (not verified live
 * that the service sorts by it).
 */
export const REGISTRY_LIST_ORDER = { Order: 'asc', By: 'Id' } as const

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

/**
 * One asset sync per run (SyncAssetImageRegistryAsset for every connected
 * registry), shared by every registry image of the step, and followed one
 * status read (DescribeAssetImageRegistryAssetStatus) per poll of the
 * registry list, never instead of it: the list is read again on every poll
 * while the sync runs, since a sync may stay `doing` for good (tccli's
 * example: `{"Status":"doing","Err":"rpc service error"}`) while TCSS lists
 * the image meanwhile. `note` says where the sync stands, for messages.
 */
export class RegistrySync {
  private sent: Promise<void> | undefined
  private reading: Promise<void> | undefined
  private settled = false
  /** Where the sync stands, for messages ('' before it was asked for). */
  note = ''
  constructor(private readonly options: Omit<RegistryOptions, 'concurrency'>) {}

  /** Asks for the sync the first time; afterwards reads its status once, until it ends. */
  async step(): Promise<void> {
    if (!this.sent) {
      this.sent = this.send()
      return this.sent
    }
    await this.sent
    if (this.settled) return
    this.reading ??= this.readStatus().finally(() => {
      this.reading = undefined
    })
    return this.reading
  }

  private async send(): Promise<void> {
    const { api, log } = this.options
    await callTcss(this.options, {
      action: 'SyncAssetImageRegistryAsset',
      send: (timeoutMs) => api.syncAssetImageRegistryAsset({ All: true }, timeoutMs),
      parse: (raw) => raw,
      reading: 'the registry asset sync'
    })
    this.note = 'the gate asked TCSS to sync the registry assets'
    log.info("Asked TCSS to sync the registries' image assets (SyncAssetImageRegistryAsset).")
  }

  private async readStatus(): Promise<void> {
    const { api, log } = this.options
    const { response: answer } = await callTcss(this.options, {
      action: 'DescribeAssetImageRegistryAssetStatus',
      send: (timeoutMs) => api.describeAssetImageRegistryAssetStatus({}, timeoutMs),
      reading: 'the registry asset sync status'
    })
    const state = typeof answer.Status === 'string' ? answer.Status : ''
    const err = typeof answer.Err === 'string' && answer.Err ? ` (Err: ${answer.Err})` : ''
    if (state === 'doing') {
      this.note = `the registry asset sync is still running${err}`
      return
    }
    this.settled = true
    this.note =
      state === 'success'
        ? 'the registry asset sync succeeded'
        : `the registry asset sync ended with status ${JSON.stringify(state)}${err}`
    log.info(`${this.note.charAt(0).toUpperCase()}${this.note.slice(1)}.`)
  }
}

/**
 * One platform of a multi-platform push (an image index), as the registry
 * shows it. TCSS may list such a push one row per platform, as one row under
 * the index digest, or one platform only (open fact multiPlatformListing):
 * the platform is its own row (its manifest digest), or the index row whose
 * ImageId is the platform's config digest, the one image TCSS scanned under
 * it. No other row is ever taken for the platform.
 */
export interface PushedPlatformOf {
  /** The reference the push was named by (tag or index digest). */
  of: string
  indexDigest: string
  platform: string
  /** The platform image's config digest ('' when unknown: the index row is then never taken). */
  configDigest: string
  /** Every platform of the index, for messages. */
  platforms: readonly string[]
}

/** Whether `row` is the index row of `push` and TCSS scanned this very platform under it. */
function isIndexRowOf(row: RegistryRow, repository: string, push: PushedPlatformOf): boolean {
  return (
    !row.unproven &&
    row.repository === repository &&
    row.digest === push.indexDigest &&
    push.configDigest !== '' &&
    row.imageId.toLowerCase() === push.configDigest
  )
}

/** What TCSS lists of the push besides this platform, for the messages of a platform not listed. */
function pushNote(
  listed: readonly RegistryRow[],
  repository: string,
  push: PushedPlatformOf
): string {
  const index = listed.filter(
    (row) => !row.unproven && row.repository === repository && row.digest === push.indexDigest
  )
  const rows = index.map(
    (row) =>
      `the index digest as Id ${row.id} (ImageId ${row.imageId || 'none'}, not this platform's config ${push.configDigest || 'unknown'}), not taken for ${push.platform}`
  )
  return (
    `${push.platform} is one platform of the multi-platform image ${push.of} (index ${push.indexDigest}: ${push.platforms.join(', ')})` +
    (rows.length > 0 ? `; TCSS lists ${rows.join('; ')}` : '') +
    '. TCSS may list a multi-platform push one row per platform, as one row under the index digest, or one platform only (open fact multiPlatformListing, docs/registry-images.md); the gate never passes a platform TCSS has not scanned. To gate only some platforms, set platforms (e.g. linux/amd64)'
  )
}

/**
 * The registry images `reference` names, waiting (within wait-timeout) for
 * TCSS to list one. Rows with the same Id are one image. Several Ids fail
 * closed, listing them, unless they share one ImageDigest: then each is gated.
 * With `push`, the reference is one platform of an image index (see
 * PushedPlatformOf).
 */
export async function findRegistryImages(
  reference: RegistryReference,
  options: RegistryOptions & { scan: ScanMode; sync: RegistrySync; push?: PushedPlatformOf }
): Promise<FoundImage[]> {
  const { clock, requester, pollIntervalMs, log, push } = options
  let similar: string[] = []
  let pushed = ''
  const rows = await pollUntil(
    { clock, deadline: requester.deadline, pollIntervalMs, log },
    async () => {
      const listed = await readRegistryList(options)
      const found = listed.filter(
        (row) =>
          matches(row, reference) ||
          (push !== undefined && isIndexRowOf(row, reference.repository, push))
      )
      if (found.length > 0) return { done: true, value: found }
      pushed = push ? pushNote(listed, reference.repository, push) : ''
      similar = similarRows(listed, reference)
      // The list is read on every poll; the sync is asked for once and followed beside it.
      if (options.scan !== 'never') await options.sync.step()
      return {
        done: false,
        waiting: `Registry image ${reference.text} is not listed by TCSS yet (${similar.length > 0 ? `similar, not taken: ${similar.join(', ')}` : 'nothing similar listed'}${options.sync.note ? `; ${options.sync.note}` : ''})${pushed ? `. ${pushed}.` : ''}`
      }
    },
    (waited) =>
      new ScanError(
        `Timed out after ${waited} s waiting for registry image ${reference.text} to appear in TCSS: DescribeAssetImageRegistryList lists no image with exactly that repository address and ${reference.digest ? 'digest' : 'tag'}` +
          (similar.length > 0 ? ` (similar, not taken: ${similar.join(', ')})` : '') +
          (options.sync.note
            ? ` (${options.sync.note})`
            : options.scan === 'never'
              ? ' (scan: never, so the gate did not ask TCSS to sync the registry)'
              : '') +
          (pushed
            ? `. ${pushed}.`
            : '. Check that the registry is connected to TCSS and the reference is as the console shows it, or raise wait-timeout.'),
        'timeout'
      )
  )
  const byId = new Map<number, RegistryRow>()
  for (const row of rows) if (!byId.has(row.id)) byId.set(row.id, row)
  const images = [...byId.values()].sort((a, b) => a.id - b.id)
  const digests = new Set(images.map((row) => row.digest))
  if (images.length > 1 && (digests.size !== 1 || digests.has(''))) {
    const shown = images
      .slice(0, 10)
      .map(
        (row) =>
          `Id ${row.id} (digest ${row.digest || 'none'}${row.scanTime ? `, scanned ${row.scanTime}` : ''})`
      )
    throw new AmbiguousImageError(
      `Registry image ${reference.text} matches ${images.length} different TCSS registry images: ${shown.join('; ')}${images.length > 10 ? ` and ${images.length - 10} more` : ''}. The gate does not guess which one this workflow pushed: gate it by digest (HOST/NAMESPACE/NAME@sha256:…).`,
      images.map((row) => String(row.id))
    )
  }
  for (const row of images) {
    const asIndex = push !== undefined && row.digest === push.indexDigest
    log.info(
      `Registry image ${reference.text} is TCSS registry image Id ${row.id}${row.digest ? ` (digest ${row.digest})` : ''}${asIndex ? `: TCSS lists the image index ${push.of} as one image whose ImageId is this platform's config digest, so that row is what TCSS scanned of ${push.platform}` : ''}.`
    )
  }
  return images.map((row) => new RegistryImage(row, reference, options))
}

function readRegistryList(options: RegistryOptions): Promise<RegistryRow[]> {
  const { api, requester, concurrency, log } = options
  return readWholeList({
    requester,
    concurrency,
    log,
    what: 'the TCSS registry image list',
    title: 'The TCSS registry image list',
    noun: 'images',
    refusal: 'pick an image from incomplete data',
    fetchPage: (offset, limit) =>
      callTcss(options, {
        action: 'DescribeAssetImageRegistryList',
        about: `at offset ${offset}`,
        send: (timeoutMs) =>
          api.describeAssetImageRegistryList(
            { Limit: limit, Offset: offset, ...REGISTRY_LIST_ORDER },
            timeoutMs
          ),
        parse: parseRegistryList,
        debug: (page) =>
          `DescribeAssetImageRegistryList offset ${offset}: TotalCount ${page.totalCount}, ${page.items.length} item(s), RequestId ${page.requestId || 'none'}`,
        reading: 'the TCSS registry image list'
      }),
    key: rowKey,
    take: (rows) => rows
  })
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
class RegistryImage implements FoundImage {
  readonly key: string
  readonly imageId: string
  readonly label: string
  readonly scanHint: string
  lastStatus: ScanStatusName | undefined
  /** The status read last, when scanned: the "before" of the next read of the findings. */
  private scannedDetail: RegistryDetail | undefined

  constructor(
    private readonly row: RegistryRow,
    reference: RegistryReference,
    private readonly options: RegistryOptions
  ) {
    this.key = `registry:${row.id}`
    this.imageId = /^sha256:[0-9a-f]{64}$/i.test(row.imageId) ? row.imageId : ''
    this.label = `${reference.text} (registry image Id ${row.id})`
    this.scanHint = `start a virus scan of it in the TCSS console (Asset management → Images → Registry images → Scan), turn on the namespace's automatic scan, or set scan: if-not-scanned (the key then needs tcss:CreateAssetImageRegistryScanTask and tcss:DescribeAssetImageRegistryScanStatusOneKey).`
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
