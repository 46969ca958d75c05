import { PAGE_SIZE } from '../../constants.js'
import { ScanError, type ScanStatusName } from '../../errors.js'
import type { Finding } from '../../core/evaluate.js'
import type { Clock } from '../../cloud/clock.js'
import type { TcssApi } from './client.js'
import { type ApiRequester, type Logger, outOfTimeReading } from '../../cloud/requester.js'
import {
  findingKey,
  mergeFindings,
  parseVirusListResponse,
  type VirusListPage
} from './virus-list.js'
import { type ListRead, readPagedList, takeRead } from '../paged-read.js'
import { pollUntil, rereadUntilSettled } from '../settle.js'

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

export const STATUS_NAMES: Record<number, ScanStatusName> = {
  0: 'not-scanned',
  1: 'scanning',
  2: 'scanned',
  3: 'error',
  4: 'canceled'
}

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
    const { clock, pollIntervalMs, imageId, log, requester } = this.options
    return pollUntil(
      { clock, deadline: requester.deadline, pollIntervalMs, log },
      async () => {
        const page = await this.readStatusPage()
        if (page.status === 2) return { done: true, value: page }
        const name = STATUS_NAMES[page.status]
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
        return {
          done: false,
          waiting: `Virus scan of ${imageId} is ${name === 'scanning' ? 'running' : 'not started yet'}`
        }
      },
      (waited) => {
        const last = this.lastStatus
        this.lastStatus = 'timeout'
        return new ScanError(
          `Timed out after ${waited} s waiting for the TCSS virus scan of image ${imageId} (last status: ${last ?? 'none'}); raise wait-timeout or check the scan in the TCSS console.`,
          'timeout'
        )
      }
    )
  }

  /**
   * One status read: page one of the list, whose VirusScanStatus must be a
   * known value (0-4). The page is also the first page of the findings when
   * the status is 2.
   */
  async readStatusPage(): Promise<VirusListPage> {
    const page = await this.fetchPage(0)
    const name = STATUS_NAMES[page.status]
    if (name === undefined) {
      throw new ScanError(
        `TCSS returned VirusScanStatus ${page.status} for image ${this.options.imageId}, a value this gate does not know (expected 0-4); failing closed (RequestId: ${page.requestId || 'none'}).`,
        'error'
      )
    }
    this.lastStatus = name
    return page
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
    const { log, imageId } = this.options
    return rereadUntilSettled(await this.readPages(firstPage), {
      read: async () => this.readPages(await this.waitForScan()),
      accept: (read: ListRead<Finding>, previous: ListRead<Finding> | undefined) => {
        const taken = takeRead(read, previous, true)
        if (taken === 'straddling') {
          log.info(
            `${read.overlapping} finding(s) were listed on two pages in two reads alike; taking them as rows the service lists twice.`
          )
        }
        return taken ? mergeFindings(read.rows) : undefined
      },
      problem: (read) => read.why,
      what: `The list of findings for image ${imageId}`,
      refusal: 'judge incomplete data',
      log,
      detail: (reads) => `TotalCount seen: ${reads.map((read) => read.totalCount).join(', ')}`
    })
  }

  private readPages(first: VirusListPage): Promise<ListRead<Finding>> {
    return readPagedList(first, {
      requester: this.options.requester,
      concurrency: this.options.concurrency,
      what: `the findings of image ${this.options.imageId}`,
      noun: 'findings',
      fetchPage: (offset) => this.fetchPage(offset),
      key: findingKey,
      pageProblem: (page, index) =>
        page.status !== 2 ? `page ${index + 1} had VirusScanStatus ${page.status}` : undefined
    })
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
