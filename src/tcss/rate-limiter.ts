import type { Clock } from './clock.js'

/**
 * Spaces request starts evenly, 1.05/maxRps seconds apart, so no window of one
 * second holds more than maxRps starts even when the network delays some of
 * them by up to 50 ms in all (no bursts: the API's own limit is counted per
 * second across the whole account).
 */
export class RateLimiter {
  private readonly intervalMs: number
  private nextStart = Number.NEGATIVE_INFINITY

  constructor(
    maxRps: number,
    private readonly clock: Clock
  ) {
    this.intervalMs = 1050 / maxRps
  }

  /** Resolves when the caller may start one request. */
  async acquire(): Promise<void> {
    const now = this.clock.now()
    const start = Math.max(now, this.nextStart)
    this.nextStart = start + this.intervalMs
    if (start > now) await this.clock.sleep(start - now)
  }
}
