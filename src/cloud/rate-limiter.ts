import type { Clock } from './clock.js'

/** A request whose turn would come at or after the deadline: refused instead of sent late. */
export class DeadlineReachedError extends Error {
  override readonly name = 'DeadlineReachedError'
  constructor() {
    super('wait-timeout reached before the request could be sent')
  }
}

/**
 * Spaces request starts evenly, at least 1.05/maxRps seconds apart, so no
 * window of one second holds more than maxRps starts even when the network
 * delays some of them by up to 50 ms in all (no bursts: the API's own limit is
 * counted per second across the whole account).
 *
 * Callers are served one at a time, and each gap is measured from the moment
 * the previous caller was actually let go, not from when it was due: a busy
 * event loop that releases one caller late pushes the later ones back instead
 * of bunching them up.
 *
 * Nothing is let go at or after the deadline: a caller whose turn cannot come
 * before it is refused at once (DeadlineReachedError), without taking a turn
 * from anyone, and a caller whose turn has slipped past it (late releases) is
 * refused when its turn comes, without delaying the next one.
 */
export class RateLimiter {
  private readonly intervalMs: number
  private lastStart = Number.NEGATIVE_INFINITY
  /** When the last admitted caller is due to start, had every release been on time. */
  private lastDue = Number.NEGATIVE_INFINITY
  private queue: Promise<void> = Promise.resolve()

  constructor(
    maxRps: number,
    private readonly clock: Clock,
    /** Clock time at and after which no request starts (start + wait-timeout). */
    private readonly deadline = Number.POSITIVE_INFINITY
  ) {
    this.intervalMs = 1050 / maxRps
  }

  /** Resolves when the caller may start one request; rejects with DeadlineReachedError. */
  acquire(): Promise<void> {
    const due = Math.max(this.clock.now(), this.lastDue + this.intervalMs)
    if (due >= this.deadline) return Promise.reject(new DeadlineReachedError())
    this.lastDue = due
    const turn = this.queue.then(async () => {
      const wait = this.lastStart + this.intervalMs - this.clock.now()
      if (wait > 0) await this.clock.sleep(wait)
      if (this.clock.now() >= this.deadline) throw new DeadlineReachedError()
      this.lastStart = this.clock.now()
    })
    this.queue = turn.catch(() => undefined)
    return turn
  }
}
