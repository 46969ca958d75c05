import type { Clock } from './clock.js'

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
 */
export class RateLimiter {
  private readonly intervalMs: number
  private lastStart = Number.NEGATIVE_INFINITY
  private queue: Promise<void> = Promise.resolve()

  constructor(
    maxRps: number,
    private readonly clock: Clock
  ) {
    this.intervalMs = 1050 / maxRps
  }

  /** Resolves when the caller may start one request. */
  acquire(): Promise<void> {
    const turn = this.queue.then(async () => {
      const wait = this.lastStart + this.intervalMs - this.clock.now()
      if (wait > 0) await this.clock.sleep(wait)
      this.lastStart = this.clock.now()
    })
    this.queue = turn
    return turn
  }
}
