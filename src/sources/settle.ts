/**
 * The two loops every TCSS read shares: polling until something is ready
 * (a scan, an image that appears in a list, a scan task), and re-reading a
 * paged list until one read of it is complete. Each source says what "ready"
 * and "complete" mean; the loops, their bounds and their errors live here once.
 */
import { ApiUnavailableError, OutOfTimeError, ScanError, type ScanStatusName } from '../errors.js'
import type { Clock, Logger } from '../clock.js'

/** Full re-reads allowed when a list moves while it is paged. */
export const MAX_REREADS = 5

/**
 * A paged list that never read complete: it moved (TotalCount changed, pages
 * overlapped or came short, the scan restarted) on every one of MAX_REREADS + 1
 * reads. The gate never judges or picks from such a list; it fails closed.
 */
export class ListNeverSettledError extends ScanError {
  override readonly name = 'ScanError'
  constructor(
    /** What was read, e.g. "The list of findings for image sha256:…". */
    what: string,
    /** The problem of each read, in order. */
    readonly problems: readonly string[],
    /** What the gate does not do with incomplete data, e.g. "judge incomplete data". */
    refusal: string,
    scanStatus: ScanStatusName = 'scanned',
    /** Extra detail before the last problem, e.g. "TotalCount seen: 3, 4". */
    detail = ''
  ) {
    super(
      `${what} did not settle after ${problems.length} reads (${detail ? `${detail}; ` : ''}last problem: ${problems.at(-1) ?? 'none'}); the gate does not ${refusal}.`,
      scanStatus
    )
  }
}

export interface PollOptions {
  clock: Clock
  /** Clock time by which everything must be done. */
  deadline: number
  pollIntervalMs: number
  log: Logger
}

/** What one poll found: done (with a value) or not yet (with a line saying why, for the log). */
export type PollStep<T> = { done: true; value: T } | { done: false; waiting: string }

/** An error that says wait-timeout ran out during a request (not that the API failed). */
function ranOutOfTime(error: unknown): boolean {
  return (
    (error instanceof ApiUnavailableError && error.outOfTime) || error instanceof OutOfTimeError
  )
}

/**
 * Calls `step` until it is done. Between calls it sleeps pollIntervalMs; when
 * the next call could not start before the deadline it throws `timeout(waitedSeconds)`.
 */
export async function pollUntil<T>(
  options: PollOptions,
  step: () => Promise<PollStep<T>>,
  timeout: (waitedSeconds: number) => Error
): Promise<T> {
  const { clock, deadline, pollIntervalMs, log } = options
  const started = clock.now()
  for (;;) {
    let result: PollStep<T>
    try {
      result = await step()
    } catch (error) {
      // A request that ran into wait-timeout while polling is the wait timing out, said as such.
      if (!ranOutOfTime(error)) throw error
      // Said as the wait's time-out, with what the last request met, so no reason is lost.
      const timedOut = timeout(Math.round((clock.now() - started) / 1000))
      const last = (error as Error).message
      if (timedOut instanceof ScanError) {
        timedOut.append(
          (say) => `The last request: ${error instanceof ScanError ? error.in(say) : last}`
        )
      } else timedOut.message = `${timedOut.message} The last request: ${last}`
      throw timedOut
    }
    if (result.done) return result.value
    const waited = Math.round((clock.now() - started) / 1000)
    if (clock.now() + pollIntervalMs >= deadline) throw timeout(waited)
    log.info(`${result.waiting} (${waited} s); polling again in ${pollIntervalMs / 1000} s.`)
    await clock.sleep(pollIntervalMs)
  }
}

/** How one re-read loop names its list and judges its reads. */
export interface Reread<R, T> {
  /** Reads the list once more, from its first page; `attempt` counts the re-reads from 1. */
  read: (attempt: number) => Promise<R>
  /** The value when this read (with the read before it) may be taken, else undefined. */
  accept: (read: R, previous: R | undefined) => T | undefined
  /** Why a read was not taken, for the log and the final error. */
  problem: (read: R) => string
  /** "The TCSS image list for team/app", "The list of findings for image …". */
  what: string
  /** "pick an image from incomplete data", "judge incomplete data". */
  refusal: string
  log: Logger
  /** Extra detail for the final error, from every read. */
  detail?: (reads: readonly R[]) => string
}

/**
 * Takes the first read that `accept` takes, reading again up to MAX_REREADS
 * times; then throws ListNeverSettledError. `first` is a read already made.
 */
export async function rereadUntilSettled<R, T>(first: R, reread: Reread<R, T>): Promise<T> {
  const reads: R[] = [first]
  let previous: R | undefined
  let current = first
  for (let attempt = 1; ; attempt++) {
    const taken = reread.accept(current, previous)
    if (taken !== undefined) return taken
    if (attempt > MAX_REREADS) break
    reread.log.info(
      `${reread.what} changed while it was read (${reread.problem(current)}); reading it again.`
    )
    previous = current
    current = await reread.read(attempt)
    reads.push(current)
  }
  throw new ListNeverSettledError(
    reread.what,
    reads.map((read) => reread.problem(read)),
    reread.refusal,
    'scanned',
    reread.detail?.(reads) ?? ''
  )
}
