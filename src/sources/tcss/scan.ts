import { PAGE_SIZE } from '../../constants.js'
import { ScanError, type ScanStatusName } from '../../errors.js'
import type { Finding } from '../../core/evaluate.js'
import type { Clock } from '../../cloud/clock.js'
import type { TcssApi } from './client.js'
import {
  type ApiRequester,
  checkListSize,
  expectedPageLength,
  type Logger,
  outOfTimeReading,
  readRemainingPages
} from '../../cloud/requester.js'
import {
  mergeFindings,
  pageOverlap,
  parseVirusListResponse,
  sameRows,
  type VirusListPage
} from './virus-list.js'

export type { Logger } from '../../cloud/requester.js'

export interface ScanReaderOptions {
  api: TcssApi
  imageId: string
  /** Sends every request: rate limit, retries, deadline (start + wait-timeout), request count. */
  requester: ApiRequester
  clock: Clock
  pollIntervalMs: number
  /** Parallel page readers; the limiter still caps the rate. */
  concurrency: number
  log: Logger
}

const STATUS_NAMES: Record<number, ScanStatusName> = {
  0: 'not-scanned',
  1: 'scanning',
  2: 'scanned',
  3: 'error',
  4: 'canceled'
}
/** Full re-reads allowed when the list moves while it is paged. */
const MAX_REREADS = 5

/**
 * The list is paged in an explicit order. The service's default order is
 * undocumented, and pages read in an order that changes between requests
 * overlap and miss findings. `Path` is the field of ImageVirusInfo that best
 * identifies a finding and never changes: a file's path within the image is
 * unique but for duplicate rows, whereas RiskLevel, VirusName, Md5 (one file
 * copied to several paths) and FirstScanTime (one scan finds many files) leave
 * long runs of ties in an unspecified order, and LatestScanTime changes with
 * every rescan. Ascending, so that findings added later do not shift the
 * order of the rest more than they must.
 */
export const VIRUS_LIST_ORDER = { Order: 'asc', By: 'Path' } as const

interface ListRead {
  totalCount: number
  /** Every row read, over all pages, duplicates included. */
  rows: Finding[]
  /**
   * Every page was status 2, with the first page's TotalCount and the
   * expected length: as many rows were read as TotalCount says exist.
   */
  complete: boolean
  /** Rows per (lower-cased Md5, Path). */
  rowsByKey: Map<string, number>
  /** Keys read on more than one page. */
  overlapping: number
  /** Overlapping keys that duplicate rows straddling a page boundary cannot explain. */
  unexplained: number
  why: string
}

/** Waits for an image's virus scan and reads every finding, failing closed on anything incomplete. */
export class ScanReader {
  /** The last scan status seen, for the scan-status output. */
  lastStatus: ScanStatusName | undefined
  private readonly options: ScanReaderOptions

  constructor(options: ScanReaderOptions) {
    this.options = options
  }

  /** HTTP requests sent by the run so far (the requester's count, retries included). */
  get requests(): number {
    return this.options.requester.requests
  }

  /** Polls until VirusScanStatus is 2 and returns that response as page one. */
  async waitForScan(): Promise<VirusListPage> {
    const { clock, pollIntervalMs, imageId, log } = this.options
    const deadline = this.options.requester.deadline
    const started = clock.now()
    for (;;) {
      const page = await this.fetchPage(0)
      const name = STATUS_NAMES[page.status]
      if (name === undefined) {
        throw new ScanError(
          `TCSS returned VirusScanStatus ${page.status} for image ${imageId}, a value this gate does not know (expected 0-4); failing closed (RequestId: ${page.requestId || 'none'}).`,
          'error'
        )
      }
      this.lastStatus = name
      if (page.status === 2) return page
      if (page.status === 3) {
        throw new ScanError(
          `The TCSS virus scan of image ${imageId} ended with a scan error (VirusScanStatus 3); rescan the image.`,
          'error'
        )
      }
      if (page.status === 4) {
        throw new ScanError(
          `The TCSS virus scan of image ${imageId} was canceled (VirusScanStatus 4); rescan the image.`,
          'canceled'
        )
      }
      const waited = Math.round((clock.now() - started) / 1000)
      if (clock.now() + pollIntervalMs >= deadline) {
        this.lastStatus = 'timeout'
        throw new ScanError(
          `Timed out after ${waited} s waiting for the TCSS virus scan of image ${imageId} (last status: ${name}); raise wait-timeout or check the scan in the TCSS console.`,
          'timeout'
        )
      }
      log.info(
        `Virus scan of ${imageId} is ${name === 'scanning' ? 'running' : 'not started yet'} (${waited} s); polling again in ${pollIntervalMs / 1000} s.`
      )
      await clock.sleep(pollIntervalMs)
    }
  }

  /**
   * Reads every page after the first and returns the distinct findings, each
   * with the most severe of its rows. Only a complete read is judged.
   *
   * TotalCount counts rows, and the service may list one (Md5, Path) more
   * than once, so "distinct findings = TotalCount" would refuse an honest
   * list with duplicates. The rule instead:
   *
   * - A read is complete when every page had VirusScanStatus 2, the first
   *   page's TotalCount and the expected length: TotalCount rows were read.
   * - A complete read in which no (Md5, Path) appears on two pages has every
   *   finding: each key is on one page and a page holds no more copies of it
   *   than the list does, so the distinct findings read are all there are
   *   (pigeonhole). It is judged at once.
   * - A key on two pages means the pages overlap: the order moved between
   *   requests, and some other finding may have been skipped. The list is
   *   read again. Duplicate rows that straddle a page boundary look the same,
   *   so a read with overlaps is accepted only when the read before it was
   *   complete too and both hold exactly the same keys with the same number
   *   of rows each, and every overlap is one key straddling the boundary
   *   of two neighbouring pages (an ordered list keeps the rows of one key
   *   together, so no other overlap is honest).
   * - Anything else after MAX_REREADS re-reads fails closed.
   */
  async readAllFindings(firstPage: VirusListPage): Promise<Finding[]> {
    let read = await this.readPages(firstPage)
    let previous: ListRead | undefined
    const history = [read.totalCount]
    for (let attempt = 1; ; attempt++) {
      if (read.complete && read.overlapping === 0) return mergeFindings(read.rows)
      if (
        read.complete &&
        read.unexplained === 0 &&
        previous?.complete &&
        sameRows(read.rowsByKey, previous.rowsByKey)
      ) {
        this.options.log.info(
          `${read.overlapping} finding(s) were listed on two pages in two reads alike; taking them as rows the service lists twice.`
        )
        return mergeFindings(read.rows)
      }
      if (attempt > MAX_REREADS) break
      this.options.log.info(
        `The list of findings changed while it was read (${read.why}); reading it again.`
      )
      previous = read
      read = await this.readPages(await this.waitForScan())
      history.push(read.totalCount)
    }
    throw new ScanError(
      `The list of findings for image ${this.options.imageId} did not settle after ${MAX_REREADS + 1} reads (TotalCount seen: ${history.join(', ')}; last problem: ${read.why}); the gate does not judge incomplete data.`,
      'scanned'
    )
  }

  private async readPages(first: VirusListPage): Promise<ListRead> {
    const total = first.totalCount
    checkListSize(
      total,
      this.options.requester.requestsLeft(),
      `the findings of image ${this.options.imageId}`
    )
    const pages = await readRemainingPages(
      first,
      total,
      (offset) => this.fetchPage(offset),
      this.options.concurrency
    )
    let why = ''
    pages.forEach((page, index) => {
      const expected = expectedPageLength(total, index)
      if (!why && page.status !== 2) why = `page ${index + 1} had VirusScanStatus ${page.status}`
      if (!why && page.totalCount !== total)
        why = `TotalCount went from ${total} to ${page.totalCount}`
      if (!why && page.items.length !== expected) {
        why = `page ${index + 1} held ${page.items.length} findings where ${expected} were expected`
      }
    })
    const complete = why === ''
    const overlap = pageOverlap(pages.map((page) => page.items))
    if (complete && overlap.overlapping > 0) {
      why = `${overlap.overlapping} finding(s) were listed on more than one page, so pages overlapped`
    }
    return {
      totalCount: total,
      rows: pages.flatMap((page) => page.items),
      complete,
      ...overlap,
      why
    }
  }

  /** One page, under the rate limit, retried on transient failures. */
  private fetchPage(offset: number): Promise<VirusListPage> {
    const { api, imageId, requester, log } = this.options
    return requester.request({
      label: `DescribeAssetImageVirusList at offset ${offset}`,
      send: (timeoutMs) =>
        api.describeAssetImageVirusList(
          { ImageID: imageId, Limit: PAGE_SIZE, Offset: offset, ...VIRUS_LIST_ORDER },
          timeoutMs
        ),
      parse: (raw) => {
        const page = parseVirusListResponse(raw)
        log.debug(
          `DescribeAssetImageVirusList offset ${offset}: VirusScanStatus ${page.status}, TotalCount ${page.totalCount}, ${page.items.length} item(s), RequestId ${page.requestId || 'none'}`
        )
        return page
      },
      outOfTime: outOfTimeReading(`the findings of image ${imageId}`)
    })
  }
}
