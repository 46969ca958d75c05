/**
 * The one whole-list reader every paged TCSS list goes through (local and
 * registry findings, the local and the registry image lists): read every
 * page (paged-read.ts), detect overlap, read again with other page
 * boundaries until a read is proven complete (`ReadProof`), and take it;
 * a list that never settles fails closed (settle.ts).
 */
import { PAGE_SIZE } from '../constants.js'
import type { Logger } from '../clock.js'
import type { ApiRequester } from '../cloud/requester.js'
import {
  firstLimitOfRead,
  inconsistency,
  type ListRead,
  type Page,
  ReadProof,
  readPagedList
} from './paged-read.js'
import { rereadUntilSettled } from './settle.js'

/** One read of the list, or why it does not count (the list moved around it). */
type Attempt<Row> = { read: ListRead<Row> } | { moved: string }

export interface WholeList<P extends Page<Row>, Row, T> {
  requester: ApiRequester
  /** Parallel page readers; the limiter still caps the rate. */
  concurrency: number
  log: Logger
  /** "the findings of image sha256:…": the list in messages (the TotalCount bound). */
  what: string
  /** "The list of findings for image sha256:…": the list in the re-read log and the final error. */
  title: string
  /** "findings", "images": what one row is, for messages. */
  noun: string
  /** "judge incomplete data": what the gate does not do with a list that never settles. */
  refusal: string
  /** One page: `limit` rows from `offset`. */
  fetchPage: (offset: number, limit: number) => Promise<P>
  /** The first page of a read whose first page holds `limit` rows (fetchPage(0, limit) by default). */
  firstPage?: (limit: number) => Promise<P>
  /** The identity of a row, for overlap detection. */
  key: (row: Row) => string
  /** A problem of one page beyond count and length (e.g. a scan status that moved). */
  pageProblem?: (page: P, index: number) => string | undefined
  /**
   * Around one read (`attempt` 0 is the first): e.g. status reads before
   * and after paging. Returns the read, or why it does not count.
   */
  around?: (pages: () => Promise<ListRead<Row>>, attempt: number) => Promise<Attempt<Row>>
  /** A reason beyond the proof not to take a read; '' when there is none. */
  readProblem?: (read: ListRead<Row>) => string
  /** Whether later reads move the page boundaries half a page (firstLimitOfRead); true by default. */
  shiftBoundaries?: boolean
  /** What is made of the rows of the read taken. */
  take: (rows: Row[]) => T
  /** Extra detail for the final error, from every read. */
  detail?: (reads: readonly ListRead<Row>[]) => string
}

/** Reads the whole list; `first` is its first page when already read (with Limit PAGE_SIZE). */
export async function readWholeList<P extends Page<Row>, Row, T>(
  list: WholeList<P, Row, T>,
  first?: P
): Promise<T> {
  const readPages = async (attempt: number): Promise<ListRead<Row>> => {
    const limit = list.shiftBoundaries === false ? PAGE_SIZE : firstLimitOfRead(attempt)
    const page =
      attempt === 0 && first !== undefined
        ? first
        : await (list.firstPage ?? ((size: number) => list.fetchPage(0, size)))(limit)
    return readPagedList(page, { ...list }, limit)
  }
  const readOnce = async (attempt: number): Promise<Attempt<Row>> =>
    list.around
      ? list.around(() => readPages(attempt), attempt)
      : { read: await readPages(attempt) }
  const proof = new ReadProof<Row>()
  return rereadUntilSettled(await readOnce(0), {
    read: readOnce,
    accept: (attempt: Attempt<Row>) => {
      if (!('read' in attempt) || list.readProblem?.(attempt.read)) return undefined
      const taken = proof.take(attempt.read)
      return taken ? list.take(taken.rows) : undefined
    },
    problem: (attempt) => {
      if (!('read' in attempt)) return attempt.moved
      const { read } = attempt
      return list.readProblem?.(read) || (read.complete ? inconsistency(read, list.noun) : read.why)
    },
    what: list.title,
    refusal: list.refusal,
    log: list.log,
    ...(list.detail
      ? {
          detail: (attempts: readonly Attempt<Row>[]) =>
            list.detail?.(
              attempts.flatMap((attempt) => ('read' in attempt ? [attempt.read] : []))
            ) ?? ''
        }
      : {})
  })
}
