import { PAGE_SIZE } from '../../constants.js'
import { ScanError } from '../../errors.js'
import type { VirusStatus } from '../scan-state.js'
import type { Finding } from '../../core/evaluate.js'
import { callTcss, type TcssContext } from './call.js'
import {
  findingKey,
  mergeFindings,
  parseVirusListResponse,
  type VirusListPage
} from './virus-list.js'
import { pollUntil } from '../settle.js'
import { ScanWatch } from '../scan-status.js'
import { readWholeList } from '../whole-list.js'

export interface ScanReaderOptions extends TcssContext {
  imageId: string
  /** How messages name the image (nameOfImage of its identity); its ImageID when not given. */
  name?: string
}

export const STATUS_NAMES: Readonly<Record<number, VirusStatus>> = {
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
  /** The virus status of the last status page read; the time-out is the error's, not a status seen. */
  private seen: VirusStatus | undefined
  private readonly options: ScanReaderOptions

  constructor(options: ScanReaderOptions) {
    this.options = options
  }

  private get name(): string {
    return this.options.name ?? this.options.imageId
  }

  /** The virus status of the last status page read, for the scan-status output. */
  get lastStatus(): VirusStatus | undefined {
    return this.seen
  }

  /**
   * Polls until VirusScanStatus is 2 and returns that response as page one
   * (`limit` rows): the list read again while its findings are read, by the
   * scan-status machine's `rereading` state.
   */
  async waitForScan(limit = PAGE_SIZE): Promise<VirusListPage> {
    const { clock, pollIntervalMs, log, requester } = this.options
    const watch = ScanWatch.rereading(this.name, this.seen)
    return pollUntil(
      { clock, deadline: requester.deadline, pollIntervalMs, log },
      async () => {
        const page = await this.readStatusPage(limit)
        const step = watch.reread({ status: STATUS_NAMES[page.status] })
        if (step.next === 'fail') throw step.error
        return step.next === 'done'
          ? { done: true, value: page }
          : { done: false, waiting: step.waiting }
      },
      (waited) => watch.timedOut(waited)
    )
  }

  /**
   * One status read: page one of the list, whose VirusScanStatus must be a
   * known value (0-4). The page is also the first page of the findings when
   * the status is 2.
   */
  async readStatusPage(limit = PAGE_SIZE): Promise<VirusListPage> {
    const page = await this.fetchPage(0, limit)
    const name = STATUS_NAMES[page.status]
    if (name === undefined) {
      throw new ScanError(
        `TCSS returned VirusScanStatus ${page.status} for image ${this.name}, a value this gate does not know (expected 0-4); failing closed (RequestId: ${page.requestId || 'none'}).`,
        'error'
      )
    }
    this.seen = name
    return page
  }

  /**
   * Reads every page after the first and returns the distinct findings, each
   * with the most severe of its rows. Only a read proven complete is judged
   * (readWholeList: every page had VirusScanStatus 2, the first page's
   * TotalCount and the expected length, and no finding is listed more often
   * than one page shows it). A read that is not is read again, from a new
   * status page, with page boundaries half a page away every other time;
   * after MAX_REREADS re-reads the list fails closed.
   */
  readAllFindings(firstPage: VirusListPage): Promise<Finding[]> {
    const { requester, concurrency, log } = this.options
    const name = this.name
    return readWholeList(
      {
        requester,
        concurrency,
        log,
        what: `the findings of image ${name}`,
        title: `The list of findings for image ${name}`,
        noun: 'findings',
        refusal: 'judge incomplete data',
        fetchPage: (offset, limit) => this.fetchPage(offset, limit),
        firstPage: (limit) => this.waitForScan(limit),
        key: findingKey,
        pageProblem: (page, index) =>
          page.status !== 2 ? `page ${index + 1} had VirusScanStatus ${page.status}` : undefined,
        take: mergeFindings,
        detail: (reads) => `TotalCount seen: ${reads.map((read) => read.totalCount).join(', ')}`
      },
      firstPage
    )
  }

  /** One page, under the rate limit, retried on transient failures. */
  private fetchPage(offset: number, limit: number): Promise<VirusListPage> {
    const { api, imageId } = this.options
    return callTcss(this.options, {
      action: 'DescribeAssetImageVirusList',
      about: `at offset ${offset}`,
      send: (timeoutMs) =>
        api.describeAssetImageVirusList(
          { ImageID: imageId, Limit: limit, Offset: offset, ...VIRUS_LIST_ORDER },
          timeoutMs
        ),
      parse: parseVirusListResponse,
      debug: (page) =>
        `DescribeAssetImageVirusList offset ${offset}: VirusScanStatus ${page.status}, TotalCount ${page.totalCount}, ${page.items.length} item(s), RequestId ${page.requestId || 'none'}`,
      reading: `the findings of image ${this.name}`
    })
  }
}
