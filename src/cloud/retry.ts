import { ApiUnavailableError } from '../errors.js'
import type { Clock } from './clock.js'

/** A failure worth trying again (throttling, 5xx, a broken body, a reset, a time-out). */
export class TransientError extends Error {
  override readonly name = 'TransientError'
  constructor(
    message: string,
    readonly code: string = '',
    readonly requestId: string = ''
  ) {
    super(message)
  }

  /** The service asked the client to slow down (RequestLimitExceeded and its sub-codes). */
  get throttled(): boolean {
    return /^RequestLimitExceeded(\.|$)/.test(this.code)
  }
}

/** Retries shared by every request of one run, so faults cannot multiply the load without bound. */
export class RetryBudget {
  constructor(public remaining: number) {}
  take(): boolean {
    if (this.remaining <= 0) return false
    this.remaining -= 1
    return true
  }
}

export interface RetryOptions {
  /** Attempts per request, the first included. */
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
  /** Clock time after which no attempt starts and no back-off sleeps. */
  deadline: number
  budget: RetryBudget
  clock: Clock
  /** [0, 1); injectable for tests. */
  random: () => number
  onRetry?: (error: TransientError, attempt: number, delayMs: number) => void
  /**
   * Throttling is not a fault: when given, a throttled attempt is tried again
   * at once (the caller's rate limiter, told through onThrottle, spaces it),
   * without spending an attempt or the budget, until the deadline or
   * maxAttempts throttles in a row. Without it, throttling is a fault.
   */
  throttle?: { maxAttempts: number; onThrottle: (error: TransientError) => void }
  /** Names the API in the final error; default 'TCSS API'. */
  service?: string
}

export const DEFAULT_RETRY = { maxAttempts: 6, baseDelayMs: 300, maxDelayMs: 8000, budget: 60 }

/**
 * Runs `attempt` until it succeeds, throws a non-transient error, or the
 * attempts, the shared budget or the time run out. Back-off is exponential
 * with full jitter.
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  options: RetryOptions
): Promise<T> {
  let throttledInARow = 0
  for (let n = 1; ; n++) {
    try {
      return await attempt(n)
    } catch (error) {
      if (!(error instanceof TransientError)) throw error
      if (options.throttle && error.throttled) {
        throttledInARow += 1
        options.throttle.onThrottle(error)
        const giveUp =
          options.clock.now() >= options.deadline
            ? `after ${n} attempt(s), out of time (wait-timeout)`
            : throttledInARow >= options.throttle.maxAttempts
              ? `throttled ${throttledInARow} times in a row`
              : undefined
        if (giveUp) {
          throw new ApiUnavailableError(
            `${options.service ?? 'TCSS API'} still failing ${giveUp}; last error: ${error.message}`,
            options.clock.now() >= options.deadline
          )
        }
        n -= 1
        continue
      }
      throttledInARow = 0
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (n - 1))
      const delay = Math.floor(options.random() * ceiling)
      const outOfTime = n < options.maxAttempts && options.clock.now() + delay >= options.deadline
      const giveUp =
        n >= options.maxAttempts
          ? `after ${n} attempts`
          : outOfTime
            ? `after ${n} attempt(s), out of time (wait-timeout)`
            : !options.budget.take()
              ? `after ${n} attempt(s), the run's retry budget is spent`
              : undefined
      if (giveUp) {
        throw new ApiUnavailableError(
          `${options.service ?? 'TCSS API'} still failing ${giveUp}; last error: ${error.message}`,
          outOfTime
        )
      }
      options.onRetry?.(error, n, delay)
      await options.clock.sleep(delay)
    }
  }
}
