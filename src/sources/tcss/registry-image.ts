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
import { PAGE_SIZE } from '../../constants.js'
import { AmbiguousImageError, ScanError, type ScanStatusName } from '../../errors.js'
import type { Finding } from '../../core/evaluate.js'
import type { ScanMode } from '../../core/settings.js'
import type { RegistryReference } from '../../core/registry-reference.js'
import { levelOfRisk } from '../../core/levels.js'
import type { Clock } from '../../cloud/clock.js'
import { type ApiRequester, type Logger, outOfTimeReading } from '../../cloud/requester.js'
import {
  AlreadyScanningError,
  type Authorization,
  type FoundImage,
  type ScanState,
  type ScanTask,
  type VirusStatus
} from '../image-source.js'
import { type ListRead, readPagedList, takeRead } from '../paged-read.js'
import { pollUntil, rereadUntilSettled } from '../settle.js'
import type { TcssApi } from './client.js'
import { need } from './local-image.js'
import { readList, readPagedResponse, readTotalCount } from './response.js'
import {
  matches,
  parseRegistryList,
  type RegistryRow,
  rowKey,
  similarRows
} from './registry-rows.js'
import { alreadyScanning, taskState } from './scan-task.js'
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
  SCANNING: 'scanning',
  SCANNED: 'scanned',
  SCAN_ERR: 'error',
  SCAN_ERROR: 'error',
  SCAN_TIMEOUT: 'error',
  SCAN_CANCELED: 'canceled',
  SCAN_CANCELLED: 'canceled'
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

/**
 * One asset sync per run (SyncAssetImageRegistryAsset for every connected
 * registry, then DescribeAssetImageRegistryAssetStatus until it is no longer
 * `doing`), shared by every registry image of the step. Its outcome is a
 * line for messages; a failed sync does not stop the wait for the image.
 */
export class RegistrySync {
  private started: Promise<string> | undefined
  constructor(private readonly options: Omit<RegistryOptions, 'concurrency'>) {}

  run(): Promise<string> {
    this.started ??= this.sync()
    return this.started
  }

  private async sync(): Promise<string> {
    const { api, requester, clock, pollIntervalMs, log } = this.options
    const sync = need(api.syncAssetImageRegistryAsset, 'SyncAssetImageRegistryAsset')
    const status = need(
      api.describeAssetImageRegistryAssetStatus,
      'DescribeAssetImageRegistryAssetStatus'
    )
    await requester.request({
      label: 'SyncAssetImageRegistryAsset',
      send: (timeoutMs) => sync.call(api, { All: true }, timeoutMs),
      parse: (raw) => raw,
      outOfTime: outOfTimeReading('the registry asset sync')
    })
    log.info("Asked TCSS to sync the registries' image assets (SyncAssetImageRegistryAsset).")
    return pollUntil(
      { clock, deadline: requester.deadline, pollIntervalMs, log },
      async () => {
        const answer = await requester.request({
          label: 'DescribeAssetImageRegistryAssetStatus',
          send: (timeoutMs) => status.call(api, {}, timeoutMs),
          parse: (raw) => readPagedResponse('DescribeAssetImageRegistryAssetStatus', raw).response,
          outOfTime: outOfTimeReading('the registry asset sync status')
        })
        const state = typeof answer.Status === 'string' ? answer.Status : ''
        if (state === 'doing') return { done: false, waiting: 'The registry asset sync is running' }
        if (state === 'success') return { done: true, value: 'the registry asset sync succeeded' }
        const err = typeof answer.Err === 'string' && answer.Err ? `: ${answer.Err}` : ''
        log.info(`The registry asset sync ended with status ${JSON.stringify(state)}${err}.`)
        return {
          done: true,
          value: `the registry asset sync ended with status ${JSON.stringify(state)}${err}`
        }
      },
      () =>
        new ScanError(
          'Ran out of time (wait-timeout) waiting for the registry asset sync.',
          'timeout'
        )
    )
  }
}

/**
 * The registry images `reference` names, waiting (within wait-timeout) for
 * TCSS to list one. Rows with the same Id are one image. Several Ids fail
 * closed, listing them, unless they share one ImageDigest: then each is gated.
 */
export async function findRegistryImages(
  reference: RegistryReference,
  options: RegistryOptions & { scan: ScanMode; sync: RegistrySync }
): Promise<FoundImage[]> {
  const { clock, requester, pollIntervalMs, log } = options
  let syncNote = ''
  let similar: string[] = []
  const rows = await pollUntil(
    { clock, deadline: requester.deadline, pollIntervalMs, log },
    async () => {
      const listed = await readRegistryList(options)
      const found = listed.filter((row) => matches(row, reference))
      if (found.length > 0) return { done: true, value: found }
      similar = similarRows(listed, reference)
      if (options.scan !== 'never' && !syncNote) syncNote = await options.sync.run()
      return {
        done: false,
        waiting: `Registry image ${reference.text} is not listed by TCSS yet (${similar.length > 0 ? `similar, not taken: ${similar.join(', ')}` : 'nothing similar listed'})`
      }
    },
    (waited) =>
      new ScanError(
        `Timed out after ${waited} s waiting for registry image ${reference.text} to appear in TCSS: DescribeAssetImageRegistryList lists no image with exactly that repository address and ${reference.digest ? 'digest' : 'tag'}` +
          (similar.length > 0 ? ` (similar, not taken: ${similar.join(', ')})` : '') +
          (syncNote
            ? ` (${syncNote})`
            : options.scan === 'never'
              ? ' (scan: never, so the gate did not ask TCSS to sync the registry)'
              : '') +
          '. Check that the registry is connected to TCSS and the reference is as the console shows it, or raise wait-timeout.',
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
    log.info(
      `Registry image ${reference.text} is TCSS registry image Id ${row.id}${row.digest ? ` (digest ${row.digest})` : ''}.`
    )
  }
  return images.map((row) => new RegistryImage(row, reference, options))
}

async function readRegistryList(options: RegistryOptions): Promise<RegistryRow[]> {
  const { api, requester, log } = options
  const list = need(api.describeAssetImageRegistryList, 'DescribeAssetImageRegistryList')
  const fetchPage = (offset: number) =>
    requester.request({
      label: `DescribeAssetImageRegistryList at offset ${offset}`,
      send: (timeoutMs) =>
        list.call(api, { Limit: PAGE_SIZE, Offset: offset, ...REGISTRY_LIST_ORDER }, timeoutMs),
      parse: (raw) => {
        const page = parseRegistryList(raw)
        log.debug(
          `DescribeAssetImageRegistryList offset ${offset}: TotalCount ${page.totalCount}, ${page.items.length} item(s), RequestId ${page.requestId || 'none'}`
        )
        return page
      },
      outOfTime: outOfTimeReading('the TCSS registry image list')
    })
  const readOnce = async (): Promise<ListRead<RegistryRow>> =>
    readPagedList(await fetchPage(0), {
      requester,
      concurrency: options.concurrency,
      what: 'the TCSS registry image list',
      noun: 'images',
      fetchPage,
      key: rowKey
    })
  return rereadUntilSettled(await readOnce(), {
    read: readOnce,
    accept: (read, previous) => (takeRead(read, previous, true) ? read.rows : undefined),
    problem: (read) => read.why,
    what: 'The TCSS registry image list',
    refusal: 'pick an image from incomplete data',
    log
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
    return { status: detail.status, scanTime: detail.scanTime }
  }

  async readAuthorization(): Promise<Authorization> {
    if (this.row.authorized === false) return { authorized: false, scanVirusError: '' }
    const detail = await this.readDetail()
    return { authorized: detail.authorized, scanVirusError: detail.scanVirusError }
  }

  async startScan(): Promise<ScanTask> {
    const { api, requester, log } = this.options
    const id = this.row.id
    if (this.row.authorized === false) {
      // Listed as unauthorized: the task would be refused; say so without a write.
      throw new AlreadyScanningError(`registry image Id ${id} is listed with IsAuthorized 0`)
    }
    const create = need(api.createAssetImageRegistryScanTask, 'CreateAssetImageRegistryScanTask')
    const answer = await requester
      .request({
        label: `CreateAssetImageRegistryScanTask for Id ${id}`,
        send: (timeoutMs) =>
          create.call(api, { Id: [id], ScanType: [REGISTRY_VIRUS_SCAN_TYPE] }, timeoutMs),
        parse: (raw) => readPagedResponse('CreateAssetImageRegistryScanTask', raw).response,
        outOfTime: outOfTimeReading(`the scan task for registry image Id ${id}`)
      })
      .catch(alreadyScanning)
    const taskId = answer.TaskID
    if (typeof taskId !== 'number' || !Number.isSafeInteger(taskId)) {
      throw new ScanError(
        `CreateAssetImageRegistryScanTask for registry image Id ${id} answered without a numeric TaskID (${JSON.stringify(taskId) ?? 'missing'}); the gate does not start a second task and fails closed.`,
        'error'
      )
    }
    const status = need(
      api.describeAssetImageRegistryScanStatusOneKey,
      'DescribeAssetImageRegistryScanStatusOneKey'
    )
    return {
      id: String(taskId),
      poll: () =>
        requester.request({
          label: `DescribeAssetImageRegistryScanStatusOneKey for task ${taskId}`,
          send: (timeoutMs) => status.call(api, { TaskID: taskId, Id: [id] }, timeoutMs),
          parse: (raw) => {
            const response = readPagedResponse(
              'DescribeAssetImageRegistryScanStatusOneKey',
              raw
            ).response
            log.debug(
              `DescribeAssetImageRegistryScanStatusOneKey ${taskId}: Status ${String(response.Status)}, Schedule ${String(response.Schedule)}`
            )
            return taskState(response.Status, response.Schedule)
          },
          outOfTime: outOfTimeReading(`the scan task ${taskId}`)
        })
    }
  }

  /**
   * Pages the findings between two status reads. The list response carries
   * no scan status, so a read counts only when the status read before it
   * was "scanned" and the one after it is the same status with the same scan
   * time: a scan that restarted or finished in between is a moved list.
   */
  async readFindings(): Promise<Finding[]> {
    const { log } = this.options
    const readOnce = async (before: RegistryDetail | undefined) => {
      const start = before ?? (await this.readDetail())
      if (start.status !== 'scanned') {
        return {
          read: undefined,
          moved: true,
          why: `the virus status was ${this.statusText(start)} before paging`
        }
      }
      const read = await this.readPages()
      const after = await this.readDetail()
      const moved =
        after.status !== 'scanned' ||
        after.rawStatus !== start.rawStatus ||
        after.scanTimeText !== start.scanTimeText
      const why = moved
        ? `the virus status moved from ${this.statusText(start)} to ${this.statusText(after)} while paging`
        : read.why
      return { read, why, moved }
    }
    const first = await readOnce(this.scannedDetail)
    this.scannedDetail = undefined
    return rereadUntilSettled(first, {
      read: () => readOnce(undefined),
      accept: (current, previous) => {
        if (!current.read || current.moved) return undefined
        // No explicit order can be asked for: overlapping pages are never explained away.
        return takeRead(current.read, previous?.read, false)
          ? mergeFindings(current.read.rows)
          : undefined
      },
      problem: (current) => current.why,
      what: `The list of findings for ${this.label}`,
      refusal: 'judge incomplete data',
      log
    })
  }

  private statusText(detail: RegistryDetail): string {
    return `${JSON.stringify(detail.rawStatus) ?? 'missing'}${detail.scanTimeText ? ` (scan time ${detail.scanTimeText})` : ''}`
  }

  private readPages(): Promise<ListRead<Finding>> {
    const { api, requester, log } = this.options
    const id = this.row.id
    const list = need(
      api.describeAssetImageRegistryVirusList,
      'DescribeAssetImageRegistryVirusList'
    )
    const fetchPage = (offset: number) =>
      requester.request({
        label: `DescribeAssetImageRegistryVirusList at offset ${offset}`,
        // The model has no Order/By for this list; none is sent.
        send: (timeoutMs) =>
          list.call(api, { Id: id, Limit: PAGE_SIZE, Offset: offset }, timeoutMs),
        parse: (raw) => {
          const paged = readPagedResponse('DescribeAssetImageRegistryVirusList', raw)
          const items = readList(paged).map(registryFinding)
          const totalCount = readTotalCount(paged.response.TotalCount, paged)
          log.debug(
            `DescribeAssetImageRegistryVirusList Id ${id} offset ${offset}: TotalCount ${totalCount}, ${items.length} item(s), RequestId ${paged.requestId || 'none'}`
          )
          return { totalCount, items }
        },
        outOfTime: outOfTimeReading(`the findings of ${this.label}`)
      })
    return fetchPage(0).then((first) =>
      readPagedList(first, {
        requester,
        concurrency: this.options.concurrency,
        what: `the findings of ${this.label}`,
        noun: 'findings',
        fetchPage,
        key: findingKey
      })
    )
  }

  private readDetail(): Promise<RegistryDetail> {
    const { api, requester, log } = this.options
    const id = this.row.id
    const detail = need(api.describeAssetImageRegistryDetail, 'DescribeAssetImageRegistryDetail')
    return requester
      .request({
        label: `DescribeAssetImageRegistryDetail for Id ${id}`,
        send: (timeoutMs) => detail.call(api, { Id: id }, timeoutMs),
        parse: (raw) => readPagedResponse('DescribeAssetImageRegistryDetail', raw),
        outOfTime: outOfTimeReading(`the status of ${this.label}`)
      })
      .then(({ response, requestId }) => {
        const rawStatus = response.VirusStatus
        const status =
          typeof rawStatus === 'string' ? REGISTRY_VIRUS_STATUS[rawStatus.toUpperCase()] : undefined
        log.debug(
          `DescribeAssetImageRegistryDetail Id ${id}: VirusStatus ${String(rawStatus)}, ScanTime ${String(response.ScanTime)}, IsAuthorized ${String(response.IsAuthorized)}, RequestId ${requestId || 'none'}`
        )
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
          authorized:
            response.IsAuthorized === 1 ? true : response.IsAuthorized === 0 ? false : undefined,
          scanVirusError: typeof response.ScanVirusError === 'string' ? response.ScanVirusError : ''
        }
      })
  }
}
