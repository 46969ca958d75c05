import type { Clock } from './clock.js'

/**
 * Spaces request starts at least 1/maxRps seconds apart, so no window of one
 * second ever holds more than maxRps starts (no bursts: the API's own limit is
 * counted per second across the whole account).
 */
export class RateLimiter {
  private readonly intervalMs: number
  private nextStart = Number.NEGATIVE_INFINITY

  constructor(
    maxRps: number,
    private readonly clock: Clock
  ) {
    this.intervalMs = 1000 / maxRps
  }

  /** Resolves when the caller may start one request. */
  async acquire(): Promise<void> {
    const now = this.clock.now()
    const start = Math.max(now, this.nextStart)
    this.nextStart = start + this.intervalMs
    if (start > now) await this.clock.sleep(start - now)
  }
}
