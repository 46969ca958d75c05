import type { Clock, Logger } from '../clock.js'
import { DeadlineReachedError, type RateLimiter, SPACING_MARGIN } from './rate-limiter.js'
import { type RetryBudget, type TransientError, withRetry } from './retry.js'

export interface RequesterOptions {
  limiter: RateLimiter
  /** The limiter's ceiling (max-rps): how fast pages can be read at best. */
  maxRps: number
  clock: Clock
  /** Clock time by which everything must be done (start + wait-timeout). */
  deadline: number
  /** Longest wait for one response before it is abandoned and retried. */
  requestTimeoutMs: number
  /** Back-off, attempts per request and the budget shared by all requests (see DEFAULT_RETRY). */
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
 * Throttled answers in a row that one request may take before the run gives
 * up on it. Honest throttling never gets near: every throttle slows the rate
 * down, to one request every 10 s at worst, so this many in a row means the
 * service refuses everything.
 */
export const MAX_THROTTLED_IN_A_ROW = 100

/**
 * Every request of one run goes through here: under the rate limit, inside the
 * deadline, retried on transient failures (with the run's DEFAULT_RETRY: until
 * the next attempt could not start before the deadline, not a fixed count),
 * and counted. The image lookup and the scan reader share one instance.
 *
 * A throttled answer (RequestLimitExceeded*) is not a fault: it lowers the
 * limiter's rate and the request queues again, spending neither an attempt
 * nor the retry budget; wait-timeout bounds it.
 */
export class ApiRequester {
  /** HTTP requests sent, retries included. */
  requests = 0
  /** Of those, how many the service throttled. */
  throttled = 0

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

  /** Says once, in the log, that the service throttled this run (nothing when it did not). */
  logThrottling(): void {
    const note = this.throttleNote()
    if (note) this.options.log.info(note)
  }

  /**
   * One line for the log when the service throttled this run, with the rate
   * the limiter settled at; undefined when it did not.
   */
  throttleNote(): string | undefined {
    if (this.throttled === 0) return undefined
    const { limiter } = this.options
    const rate = limiter.rateSinceThrottled() ?? limiter.rate
    return `TCSS throttled this account; reading at ${rate.toFixed(1)} req/s (${this.throttled} of ${this.requests} requests throttled, retried without counting as failures).`
  }

  async request<T>(call: ApiCall<T>): Promise<T> {
    const { limiter, clock, deadline, retry, random, log, requestTimeoutMs } = this.options
    let startedAt = Number.NEGATIVE_INFINITY
    return withRetry(
      async () => {
        if (deadline - clock.now() <= 0) throw call.outOfTime()
        try {
          await limiter.acquire()
        } catch (error) {
          if (error instanceof DeadlineReachedError) throw call.outOfTime(error.message)
          throw error
        }
        startedAt = clock.now()
        this.requests += 1
        const raw = await call.send(Math.min(requestTimeoutMs, Math.max(1, deadline - clock.now())))
        limiter.succeeded()
        return call.parse(raw)
      },
      {
        ...retry,
        deadline,
        clock,
        random,
        onRetry: (error: TransientError, attempt: number, delayMs: number) =>
          log.info(`${call.label} failed (${error.message}); retry ${attempt} in ${delayMs} ms.`),
        throttle: {
          maxAttempts: MAX_THROTTLED_IN_A_ROW,
          onThrottle: (error: TransientError) => {
            this.throttled += 1
            limiter.throttled(startedAt)
            // Said once for the run (throttleNote), not once per request.
            log.debug(
              `${call.label} throttled (${error.code}); now ${limiter.rate.toFixed(2)} req/s.`
            )
          }
        }
      }
    )
  }
}

/** The limiter's spacing of request starts, in ms, times maxRps (see RateLimiter). */
const RATE_SPACING_MS = 1000 * SPACING_MARGIN
