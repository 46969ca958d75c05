import { PAGE_SIZE } from '../constants.js'
import { ScanError } from '../errors.js'
import type { Clock } from './clock.js'
import { DeadlineReachedError, type RateLimiter } from './rate-limiter.js'
import { type RetryBudget, type TransientError, withRetry } from './retry.js'

export interface Logger {
  info(message: string): void
  debug(message: string): void
}

export interface RequesterOptions {
  limiter: RateLimiter
  /** The limiter's ceiling (max-rps): how fast pages can be read at best. */
  maxRps: number
  clock: Clock
  /** Clock time by which everything must be done (start + wait-timeout). */
  deadline: number
  /** Longest wait for one response before it is abandoned and retried. */
  requestTimeoutMs: number
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; budget: RetryBudget }
  random: () => number
  log: Logger
}

/** One API call: how to send it, how to read its answer, and how to name it in messages. */
export interface ApiCall<T> {
  /** Names the request in retry messages, e.g. "DescribeAssetImageList offset 100". */
  label: string
  /** Sends the request once; gets the time this attempt may take. */
  send: (timeoutMs: number) => Promise<unknown>
  /** Validates the raw `Response`; throws TransientError for a shape it cannot trust. */
  parse: (raw: unknown) => T
  /**
   * What "out of time" means for this call (the error thrown once the
   * deadline has passed), with what exactly ran out when known.
   */
  outOfTime: (detail?: string) => Error
}

/**
 * Every request of one run goes through here: under the rate limit, inside the
 * deadline, retried on transient failures against one shared retry budget, and
 * counted. The image lookup and the scan reader share one instance.
 */
export class ApiRequester {
  /** HTTP requests sent, retries included. */
  requests = 0

  constructor(private readonly options: RequesterOptions) {}

  get deadline(): number {
    return this.options.deadline
  }

  /**
   * Requests that could still start before the deadline at max-rps (the
   * limiter spaces starts RATE_SPACING_MS / maxRps apart), retries not counted.
   */
  requestsLeft(): number {
    const { clock, deadline, maxRps } = this.options
    return Math.max(0, Math.floor(((deadline - clock.now()) * maxRps) / RATE_SPACING_MS))
  }

  async request<T>(call: ApiCall<T>): Promise<T> {
    const { limiter, clock, deadline, retry, random, log, requestTimeoutMs } = this.options
    return withRetry(
      async () => {
        if (deadline - clock.now() <= 0) throw call.outOfTime()
        try {
          await limiter.acquire()
        } catch (error) {
          if (error instanceof DeadlineReachedError) throw call.outOfTime(error.message)
          throw error
        }
        this.requests += 1
        const raw = await call.send(Math.min(requestTimeoutMs, Math.max(1, deadline - clock.now())))
        return call.parse(raw)
      },
      {
        ...retry,
        deadline,
        clock,
        random,
        onRetry: (error: TransientError, attempt: number, delayMs: number) =>
          log.info(`${call.label} failed (${error.message}); retry ${attempt} in ${delayMs} ms.`)
      }
    )
  }
}

/** The limiter's spacing of request starts, in ms, times maxRps (see RateLimiter). */
const RATE_SPACING_MS = 1050

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
export function checkListSize(total: number, requestsLeft: number, what: string): void {
  const pages = Math.ceil(Math.max(total, 1) / PAGE_SIZE)
  if (total > MAX_TOTAL_COUNT) {
    throw new ScanError(
      `TCSS reported TotalCount ${total} for ${what}, more than the ${MAX_TOTAL_COUNT} any such list plausibly holds; the gate does not page a list it cannot read whole.`,
      'scanned'
    )
  }
  // Page one is already read.
  if (pages - 1 > requestsLeft) {
    throw new ScanError(
      `TCSS reported TotalCount ${total} for ${what}: its ${pages} pages cannot be read before wait-timeout at max-rps (about ${requestsLeft} more requests fit); raise wait-timeout or max-rps if the list is really this long.`,
      'scanned'
    )
  }
}

/**
 * Fetches pages 2…N of a list of `total` items (page one is already read),
 * with at most `concurrency` requests in flight; the requester's limiter still
 * caps the rate. Returns every page in order, the first included. `total`
 * must have passed checkListSize.
 */
export async function readRemainingPages<P>(
  first: P,
  total: number,
  fetchPage: (offset: number) => Promise<P>,
  concurrency: number
): Promise<P[]> {
  const pageCount = Math.ceil(Math.max(total, 1) / PAGE_SIZE)
  if (total > MAX_TOTAL_COUNT) throw new RangeError(`unchecked TotalCount ${total}`)
  const pages = new Array<P>(pageCount)
  pages[0] = first
  let next = 1
  const worker = async (): Promise<void> => {
    while (next < pageCount) {
      const index = next++
      pages[index] = await fetchPage(index * PAGE_SIZE)
    }
  }
  const workers = Math.min(pageCount - 1, concurrency)
  await Promise.all(Array.from({ length: workers }, worker))
  return pages
}

/** The number of items page `index` (from 0) of a list of `total` should hold. */
export function expectedPageLength(total: number, index: number): number {
  return Math.min(PAGE_SIZE, Math.max(0, total - index * PAGE_SIZE))
}

/** The ScanError for a request that would start after the deadline. */
export function outOfTimeReading(what: string): (detail?: string) => ScanError {
  return (detail) =>
    new ScanError(
      `Ran out of time (wait-timeout) reading ${what}${detail ? `: ${detail}` : ''}.`,
      'timeout'
    )
}
