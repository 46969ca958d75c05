/**
 * One complete read of a paged TCSS list, shared by every list the gate
 * pages (local and registry findings, the local and the registry image
 * lists): the TotalCount bound, pages read concurrently under the limiter,
 * every page checked against the first one's TotalCount and its expected
 * length, and the proof that a read holds every row whatever order the
 * service used (`ReadProof`). Re-reading is settle.ts; whole-list.ts puts
 * the two together.
 */
import { Inputs, PAGE_SIZE } from '../constants.js'
import { ScanError } from '../errors.js'
import type { ApiRequester } from '../cloud/requester.js'

/** One validated page of any list. */
export interface Page<Row> {
  totalCount: number
  items: Row[]
}

/** How the rows of one read of the list fall into pages, as far as completeness goes. */
export interface PageOverlap {
  /** Rows per key, over every page. */
  rowsByKey: Map<string, number>
  /**
   * Per key, the most rows of it that one page held. One page is one answer
   * of the service, and no answer lists one stored row twice, so this many
   * rows of the key exist.
   */
  mostOnOnePage: Map<string, number>
  /** Keys that appear on more than one page. */
  overlapping: number
}

/** One read of a list, every page of it. */
export interface ListRead<Row> extends PageOverlap {
  totalCount: number
  /** Every row read, over all pages, duplicates included. */
  rows: Row[]
  /**
   * Every page had the first page's TotalCount, the expected length and
   * passed the source's own check: as many rows were read as TotalCount says exist.
   */
  complete: boolean
  /** Why the read is not complete or overlaps; empty when it is clean. */
  why: string
  /** The Limit of the first page (later pages are PAGE_SIZE long): where the boundaries fell. */
  firstLimit: number
}

export interface PagedListOptions<P extends Page<Row>, Row> {
  requester: ApiRequester
  /** Parallel page readers; the limiter still caps the rate. */
  concurrency: number
  /** "the findings of image sha256:…", for the TotalCount bound's message. */
  what: string
  /** "findings", "images": what one row is, for messages. */
  noun: string
  /** One page: `limit` rows from `offset`. */
  fetchPage: (offset: number, limit: number) => Promise<P>
  /** The identity of a row, for overlap detection. */
  key: (row: Row) => string
  /** A problem of one page beyond count and length (e.g. a scan status that moved). */
  pageProblem?: (page: P, index: number) => string | undefined
}

/**
 * The pages of a list of `total` rows whose first page holds `firstLimit`
 * rows: [offset, limit] of each, the first included.
 */
export function pageWindows(total: number, firstLimit = PAGE_SIZE): Array<[number, number]> {
  const windows: Array<[number, number]> = [[0, firstLimit]]
  for (let offset = firstLimit; offset < total; offset += PAGE_SIZE) {
    windows.push([offset, PAGE_SIZE])
  }
  return windows
}

/**
 * Reads the pages after `first` (read with Limit `firstLimit`, PAGE_SIZE
 * by default) with at most `concurrency` requests in flight, and says
 * whether the read is complete and how its keys fall into pages.
 */
export async function readPagedList<P extends Page<Row>, Row>(
  first: P,
  options: PagedListOptions<P, Row>,
  firstLimit = PAGE_SIZE
): Promise<ListRead<Row>> {
  const total = first.totalCount
  const pageCount = 1 + Math.ceil(Math.max(0, total - firstLimit) / PAGE_SIZE)
  // Before the windows are laid out: an absurd TotalCount is refused, not paged.
  checkListSize(total, options.requester.requestsLeft(), options.what, pageCount)
  const windows = pageWindows(total, firstLimit)
  const pages = new Array<P>(windows.length)
  pages[0] = first
  let next = 1
  const worker = async (): Promise<void> => {
    while (next < windows.length) {
      const index = next++
      const [offset, limit] = windows[index]
      pages[index] = await options.fetchPage(offset, limit)
    }
  }
  const workers = Math.min(windows.length - 1, options.concurrency)
  await Promise.all(Array.from({ length: workers }, worker))
  let why = ''
  pages.forEach((page, index) => {
    const [offset, limit] = windows[index]
    const expected = Math.min(limit, Math.max(0, total - offset))
    if (!why) why = options.pageProblem?.(page, index) ?? ''
    if (!why && page.totalCount !== total)
      why = `TotalCount went from ${total} to ${page.totalCount}`
    if (!why && page.items.length !== expected) {
      why = `page ${index + 1} held ${page.items.length} ${options.noun} where ${expected} were expected`
    }
  })
  const complete = why === ''
  const overlap = pageOverlap(
    pages.map((page) => page.items),
    options.key
  )
  if (complete && overlap.overlapping > 0) {
    why = `${overlap.overlapping} ${options.noun} were listed on more than one page, so pages overlapped`
  }
  return {
    totalCount: total,
    rows: pages.flatMap((page) => page.items),
    complete,
    ...overlap,
    why,
    firstLimit
  }
}

/**
 * Where the pages of the next read begin: the gate's own boundaries, then
 * boundaries half a page away, in turn. A row that straddled a boundary in
 * one read lies inside a page of the other.
 */
export function firstLimitOfRead(attempt: number): number {
  return attempt % 2 === 1 ? PAGE_SIZE / 2 : PAGE_SIZE
}

/**
 * Whether a read holds every row of the list, whatever order the service
 * used: its own sort, one that ignores `By`, or one whose ties fall
 * differently for every Limit and Offset (SQL's ORDER BY on a non-unique
 * column with LIMIT/OFFSET serves one row on two pages and another on none,
 * the same on every identical read).
 *
 * TotalCount counts rows, and the service may list one key more than once.
 * One page is one answer, and no answer lists one stored row twice, so a
 * key held n times on one page has at least n rows. A complete read (as
 * many rows as TotalCount) in which no key is held more often than some
 * page of a read of the same list holds it has every row: its counts add
 * up to TotalCount and none exceeds what exists, so nothing is missing.
 * A read without a key on two pages passes at once (pigeonhole); a key on
 * two pages passes only once a read with other boundaries (firstLimitOfRead)
 * shows its rows together on one page — evidence that an order that depends
 * on the page cannot produce. Anything else is an inconsistent list.
 */
export class ReadProof<Row> {
  private totalCount: number | undefined
  private readonly evidence = new Map<string, number>()
  private reads: ListRead<Row>[] = []

  /** Adds `read` as evidence; returns a read of the same list proven complete, if any. */
  take(read: ListRead<Row>): ListRead<Row> | undefined {
    if (!read.complete) return undefined
    if (read.totalCount !== this.totalCount) {
      // Another list (it moved): what the old one showed proves nothing of this one.
      this.totalCount = read.totalCount
      this.evidence.clear()
      this.reads = []
    }
    for (const [key, count] of read.mostOnOnePage) {
      if (count > (this.evidence.get(key) ?? 0)) this.evidence.set(key, count)
    }
    this.reads.push(read)
    return [read, ...this.reads].find((candidate) => this.proves(candidate))
  }

  /** Keys of `read` listed more often than any page shows them: the rows that may stand in for missing ones. */
  unproven(read: ListRead<Row>): number {
    let count = 0
    for (const [key, rows] of read.rowsByKey) {
      if (rows > Math.max(this.evidence.get(key) ?? 0, read.mostOnOnePage.get(key) ?? 0)) count++
    }
    return count
  }

  private proves(read: ListRead<Row>): boolean {
    return read.complete && this.unproven(read) === 0
  }
}

/** Why a complete read was not proven, for the log and the final error. */
export function inconsistency<Row>(read: ListRead<Row>, noun: string): string {
  return `the list is inconsistent: ${read.overlapping} ${noun} were listed on more than one page, and no page shows them as rows the service lists more than once; a row may have been served twice in place of another`
}

/**
 * Finds, per key, the rows of one read and the most rows of it on one page,
 * and the keys on more than one page.
 */
export function pageOverlap<Row>(
  pages: readonly (readonly Row[])[],
  key: (row: Row) => string
): PageOverlap {
  const rowsByKey = new Map<string, number>()
  const mostOnOnePage = new Map<string, number>()
  const pagesByKey = new Map<string, number>()
  for (const page of pages) {
    const onPage = new Map<string, number>()
    for (const row of page) {
      const rowKey = key(row)
      rowsByKey.set(rowKey, (rowsByKey.get(rowKey) ?? 0) + 1)
      onPage.set(rowKey, (onPage.get(rowKey) ?? 0) + 1)
    }
    for (const [rowKey, count] of onPage) {
      pagesByKey.set(rowKey, (pagesByKey.get(rowKey) ?? 0) + 1)
      if (count > (mostOnOnePage.get(rowKey) ?? 0)) mostOnOnePage.set(rowKey, count)
    }
  }
  let overlapping = 0
  for (const count of pagesByKey.values()) if (count > 1) overlapping++
  return { rowsByKey, mostOnOnePage, overlapping }
}

/**
 * No image and no image list holds anywhere near this many entries: a larger
 * TotalCount is a broken answer, refused before anything is allocated or sent.
 */
export const MAX_TOTAL_COUNT = 1_000_000

/**
 * Refuses a TotalCount that cannot be paged: above MAX_TOTAL_COUNT, or more
 * pages than could be read before the deadline at max-rps (`requestsLeft`).
 * Reading it anyway would allocate an absurd array or send requests until
 * wait-timeout, and end without a complete read all the same.
 */
export function checkListSize(
  total: number,
  requestsLeft: number,
  what: string,
  pages = Math.ceil(Math.max(total, 1) / PAGE_SIZE)
): void {
  if (total > MAX_TOTAL_COUNT) {
    throw new ScanError(
      `TCSS reported TotalCount ${total} for ${what}, more than the ${MAX_TOTAL_COUNT} any such list plausibly holds; the gate does not page a list it cannot read whole.`,
      'scanned'
    )
  }
  // Page one is already read.
  if (pages - 1 > requestsLeft) {
    throw new ScanError(
      (say) =>
        `TCSS reported TotalCount ${total} for ${what}: its ${pages} pages cannot be read before ${say.plain(Inputs.WaitTimeout)} at ${say.plain(Inputs.MaxRps)} (about ${requestsLeft} more requests fit); raise ${say.plain(Inputs.WaitTimeout)} or ${say.plain(Inputs.MaxRps)} if the list is really this long.`,
      'scanned'
    )
  }
}
