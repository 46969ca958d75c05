import { PAGE_SIZE } from '../constants.js'
import { ScanError, type ScanStatusName } from '../errors.js'
import type { Finding } from '../evaluate.js'
import type { Clock } from './clock.js'
import type { TcssApi } from './client.js'
import {
  type ApiRequester,
  expectedPageLength,
  type Logger,
  outOfTimeReading,
  readRemainingPages
} from './requester.js'
import {
  dedupeFindings,
  findingKey,
  parseVirusListResponse,
  type VirusListPage
} from './virus-list.js'

export type { Logger } from './requester.js'

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

interface ListRead {
  totalCount: number
  items: Finding[]
  /** Every page was status 2, with the first page's TotalCount and the expected length. */
  consistent: boolean
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
   * Reads every page after the first. If the list moved while it was paged
   * (TotalCount changed, a page came back short or long, the status changed),
   * re-reads until two consecutive complete reads agree; otherwise fails.
   */
  async readAllFindings(firstPage: VirusListPage): Promise<Finding[]> {
    let read = await this.readPages(firstPage)
    if (read.consistent) return dedupeFindings(read.items)
    const history = [read.totalCount]
    for (let attempt = 1; attempt <= MAX_REREADS; attempt++) {
      this.options.log.info(
        `The list of findings changed while it was read (${read.why}); reading it again.`
      )
      const previous = read
      read = await this.readPages(await this.waitForScan())
      history.push(read.totalCount)
      if (read.consistent && previous.consistent && sameFindings(read.items, previous.items)) {
        return dedupeFindings(read.items)
      }
    }
    throw new ScanError(
      `The list of findings for image ${this.options.imageId} did not settle after ${MAX_REREADS + 1} reads (TotalCount seen: ${history.join(', ')}; last problem: ${read.why}); the gate does not judge incomplete data.`,
      'scanned'
    )
  }

  private async readPages(first: VirusListPage): Promise<ListRead> {
    const total = first.totalCount
    const pages = await readRemainingPages(
      first,
      total,
      (offset) => this.fetchPage(offset),
      this.options.concurrency
    )
    const items: Finding[] = []
    let why = ''
    pages.forEach((page, index) => {
      const expected = expectedPageLength(total, index)
      if (!why && page.status !== 2) why = `page ${index + 1} had VirusScanStatus ${page.status}`
      if (!why && page.totalCount !== total)
        why = `TotalCount went from ${total} to ${page.totalCount}`
      if (!why && page.items.length !== expected) {
        why = `page ${index + 1} held ${page.items.length} findings where ${expected} were expected`
      }
      items.push(...page.items)
    })
    return { totalCount: total, items, consistent: why === '', why }
  }

  /** One page, under the rate limit, retried on transient failures. */
  private fetchPage(offset: number): Promise<VirusListPage> {
    const { api, imageId, requester, log } = this.options
    return requester.request({
      label: `DescribeAssetImageVirusList at offset ${offset}`,
      send: (timeoutMs) =>
        api.describeAssetImageVirusList(
          { ImageID: imageId, Limit: PAGE_SIZE, Offset: offset },
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

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false
  const keys = new Set(a.map(findingKey))
  return b.every((finding) => keys.has(findingKey(finding)))
}
