/**
 * One complete read of a paged TCSS list, shared by every list the gate
 * pages (local and registry findings, the local and the registry image
 * lists): the TotalCount bound, pages read concurrently under the limiter,
 * every page checked against the first one's TotalCount and its expected
 * length, and overlap detection between pages. Whether a read may be taken
 * is `takeRead`; re-reading is settle.ts.
 */
import {
  type ApiRequester,
  checkListSize,
  expectedPageLength,
  readRemainingPages
} from '../cloud/requester.js'

/** One validated page of any list. */
export interface Page<Row> {
  totalCount: number
  items: Row[]
}

/** How the rows of one read of the list fall into pages, as far as completeness goes. */
export interface PageOverlap {
  /** Rows per key, over every page. */
  rowsByKey: Map<string, number>
  /** Keys that appear on more than one page. */
  overlapping: number
  /**
   * Overlapping keys that duplicate rows of a sorted list cannot explain: a
   * key on pages that are not neighbours, or a second key shared by the same
   * two neighbouring pages.
   */
  unexplained: number
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
}

export interface PagedListOptions<P extends Page<Row>, Row> {
  requester: ApiRequester
  /** Parallel page readers; the limiter still caps the rate. */
  concurrency: number
  /** "the findings of image sha256:…", for the TotalCount bound's message. */
  what: string
  /** "findings", "images": what one row is, for messages. */
  noun: string
  fetchPage: (offset: number) => Promise<P>
  /** The identity of a row, for overlap detection. */
  key: (row: Row) => string
  /** A problem of one page beyond count and length (e.g. a scan status that moved). */
  pageProblem?: (page: P, index: number) => string | undefined
}

/** Reads pages 2…N after `first` and says whether the read is complete and where pages overlap. */
export async function readPagedList<P extends Page<Row>, Row>(
  first: P,
  options: PagedListOptions<P, Row>
): Promise<ListRead<Row>> {
  const total = first.totalCount
  checkListSize(total, options.requester.requestsLeft(), options.what)
  const pages = await readRemainingPages(first, total, options.fetchPage, options.concurrency)
  let why = ''
  pages.forEach((page, index) => {
    const expected = expectedPageLength(total, index)
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
  return { totalCount: total, rows: pages.flatMap((page) => page.items), complete, ...overlap, why }
}

/**
 * Whether a read holds every row of the list.
 *
 * TotalCount counts rows, and the service may list one key more than once,
 * so "distinct rows = TotalCount" would refuse an honest list with
 * duplicates. The rule instead:
 *
 * - A read is complete when every page had the first page's TotalCount and
 *   the expected length: TotalCount rows were read.
 * - A complete read in which no key appears on two pages has every row: each
 *   key is on one page and a page holds no more copies of it than the list
 *   does, so the distinct keys read are all there are (pigeonhole). This
 *   holds whatever order the pages came in.
 * - A key on two pages means the pages overlap: the order moved between
 *   requests, and some other row may have been skipped. Duplicate rows that
 *   straddle a page boundary look the same, so, for a list paged in an
 *   explicit order only (`ordered`), a read with overlaps is taken when the
 *   read before it was complete too, both hold exactly the same keys with the
 *   same number of rows each, and every overlap is one key straddling the
 *   boundary of two neighbouring pages (an ordered list keeps the rows of one
 *   key together, so no other overlap is honest). A list the service cannot
 *   be asked to order never gets this allowance.
 */
export function takeRead<Row>(
  read: ListRead<Row>,
  previous: ListRead<Row> | undefined,
  ordered: boolean
): 'clean' | 'straddling' | undefined {
  if (read.complete && read.overlapping === 0) return 'clean'
  if (
    ordered &&
    read.complete &&
    read.unexplained === 0 &&
    previous?.complete &&
    sameRows(read.rowsByKey, previous.rowsByKey)
  ) {
    return 'straddling'
  }
  return undefined
}

/**
 * Finds the keys that appear on more than one page of one read. With an
 * explicit order the pages of one read are disjoint slices of one sorted
 * list: a key on two pages means the pages came from different orders (the
 * list moved), unless the service lists that key more than once and its
 * rows, which sort together, straddle a page boundary. A boundary lies
 * inside one run of equal rows at most, so only one key per pair of
 * neighbouring pages can be explained that way.
 */
export function pageOverlap<Row>(
  pages: readonly (readonly Row[])[],
  key: (row: Row) => string
): PageOverlap {
  const rowsByKey = new Map<string, number>()
  const pagesByKey = new Map<string, Set<number>>()
  pages.forEach((page, index) => {
    for (const row of page) {
      const rowKey = key(row)
      rowsByKey.set(rowKey, (rowsByKey.get(rowKey) ?? 0) + 1)
      const seenOn = pagesByKey.get(rowKey)
      if (seenOn) seenOn.add(index)
      else pagesByKey.set(rowKey, new Set([index]))
    }
  })
  let overlapping = 0
  let unexplained = 0
  const boundaries = new Set<number>()
  for (const seenOn of pagesByKey.values()) {
    if (seenOn.size < 2) continue
    overlapping += 1
    const [first, second] = [...seenOn].sort((a, b) => a - b)
    if (seenOn.size > 2 || second !== first + 1 || boundaries.has(first)) unexplained += 1
    else boundaries.add(first)
  }
  return { rowsByKey, overlapping, unexplained }
}

/** Same keys, each with the same number of rows. */
export function sameRows(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false
  for (const [key, count] of a) if (b.get(key) !== count) return false
  return true
}
