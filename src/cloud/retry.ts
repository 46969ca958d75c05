import { ApiUnavailableError } from '../errors.js'
import type { Clock } from '../clock.js'

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

/**
 * Retries shared by every request of one run. The run's default is unbounded
 * (DEFAULT_RETRY): every attempt starts through the rate limiter and inside
 * the deadline, which bound the load and the time; a finite budget is for
 * callers that want a count as well.
 */
export class RetryBudget {
  constructor(public remaining: number) {}
  take(): boolean {
    if (this.remaining <= 0) return false
    this.remaining -= 1
    return true
  }
}

export interface RetryOptions {
  /** Attempts per request, the first included; Infinity: until the deadline. */
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

/**
 * The run's retries: a transient failure (refused, reset, DNS, TLS, 5xx, a
 * time-out, a broken body) is tried again until the next attempt could not
 * start before the deadline (start + wait-timeout), however many attempts
 * that takes, so an outage shorter than wait-timeout is ridden out. The
 * back-off doubles from 300 ms and is capped at 8 s (full jitter: a random
 * delay up to that ceiling), so an API that comes back is found within 8 s
 * and a long outage costs one request per 4 s on average. A permanent answer
 * is never retried.
 */
export const DEFAULT_RETRY = {
  maxAttempts: Number.POSITIVE_INFINITY,
  baseDelayMs: 300,
  maxDelayMs: 8000,
  budget: Number.POSITIVE_INFINITY
}

/**
 * Runs `attempt` until it succeeds, throws a non-transient error, or the
 * attempts, the shared budget or the time run out. Back-off is exponential
 * with full jitter, capped at maxDelayMs.
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
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(n - 1, 30))
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
