import type { Clock } from '../clock.js'

/** A request whose turn would come at or after the deadline: refused instead of sent late. */
export class DeadlineReachedError extends Error {
  override readonly name = 'DeadlineReachedError'
  constructor() {
    super('wait-timeout reached before the request could be sent')
  }
}

/**
 * Request starts are spaced SPACING_MARGIN / rate seconds apart: 2 % more
 * than the rate itself, so that up to 20 ms of network jitter in a second
 * cannot push the server's count over a limit the rate is set to. (It was 5 %
 * when the rate was fixed; now a rare throttle slows the rate down instead of
 * failing, and the smaller margin gives the time back to every run.)
 */
export const SPACING_MARGIN = 1.02

/** The slowest the limiter goes however often it is throttled: one request every 10 s. */
export const MIN_RPS = 0.1

/**
 * How the rate follows the service (CUBIC, as in the AWS SDKs' adaptive
 * retry mode): a throttle multiplies the rate by BETA (by FIRST_BETA the first
 * time), then successes raise it along C·(t − K)³ + Wmax, back to the rate
 * that was throttled (Wmax) after K seconds, flat near it, then faster.
 * C is proportional to Wmax (0.4 at 20 req/s, the AWS SDKs' constant), so K
 * is the same whatever the share: ten jobs at 2 req/s each probe above their
 * share as gently, together, as one job at 20 req/s does alone.
 */
const CUBIC_C_PER_RPS = 0.02
const BETA = 0.7
/**
 * The first throttle of a run halves the rate: it is the first sign that
 * other clients share the account, and jobs of one matrix start together at
 * full speed. Cutting deeper at once keeps their first, shared burst of
 * refusals short; later cuts are gentler (BETA) because the rate is then
 * already near its share.
 */
const FIRST_BETA = 0.5
/**
 * A cut goes deeper than BETA when the answers of the last ANSWER_WINDOW_MS
 * say so: the rate becomes the share of them that got through (never below
 * MIN_SHARE of max-rps). A job alone on the account that meets a rare throttle
 * has had most of its answers through and is cut by BETA as before; one of
 * ten that started together has had one in five or fewer through, and goes
 * to about its share of the account at once instead of over several rounds
 * of refusals. The curve back up then levels off a little above that share
 * (at the new rate / BETA), not at the rate that was refused.
 */
const ANSWER_WINDOW_MS = 1000
/** A deeper cut never goes below this share of max-rps (BETA cuts still may). */
const MIN_SHARE = 0.1

/**
 * Spaces request starts evenly at an adaptive rate, so no window of one
 * second holds more starts than the rate allows (no bursts: the API's own
 * limit is counted per second across the whole account).
 *
 * The rate starts at max-rps and follows the service: `throttled` (a
 * RequestLimitExceeded answer) lowers it at once, multiplicatively, at most
 * once per round (a request sent before the last cut says nothing new);
 * `succeeded` raises it back along a CUBIC curve, never above max-rps nor below
 * MIN_RPS. A lower rate also applies to callers already waiting.
 *
 * Callers are served one at a time, and each gap is measured from the moment
 * the previous caller was actually let go, not from when it was due: a busy
 * event loop that releases one caller late pushes the later ones back instead
 * of bunching them up.
 *
 * Nothing is let go at or after the deadline: a caller whose turn cannot come
 * before it is refused at once (DeadlineReachedError), without taking a turn
 * from anyone, and a caller whose turn has slipped past it (late releases or a
 * lower rate) is refused when its turn comes, without delaying the next one.
 */
export class RateLimiter {
  private currentRps: number
  private lastStart = Number.NEGATIVE_INFINITY
  /** When the last admitted caller is due to start, had every release been on time. */
  private lastDue = Number.NEGATIVE_INFINITY
  private queue: Promise<void> = Promise.resolve()
  /** When the rate was last cut, the rate it was cut from (CUBIC's Wmax), K (s) and C. */
  private lastCut: { at: number; fromRps: number; k: number; c: number } | undefined
  /** Throttled answers reported, and when the first one was. */
  private throttles = 0
  private firstThrottleAt = Number.NaN
  /** When the answers of the last ANSWER_WINDOW_MS came, and whether each got through. */
  private readonly answers: { at: number; through: boolean }[] = []
  private startsSinceFirstThrottle = 0

  constructor(
    private readonly maxRps: number,
    private readonly clock: Clock,
    /** Clock time at and after which no request starts (start + wait-timeout). */
    private readonly deadline = Number.POSITIVE_INFINITY
  ) {
    this.currentRps = maxRps
  }

  /** The rate requests are let go at now, in requests per second. */
  get rate(): number {
    return this.currentRps
  }

  /** Throttled answers reported so far. */
  get throttledCount(): number {
    return this.throttles
  }

  /**
   * Requests per second actually started since the first throttle, or
   * undefined before any (or too soon to tell).
   */
  rateSinceThrottled(): number | undefined {
    const seconds = (this.lastStart - this.firstThrottleAt) / 1000
    if (!(seconds > 0) || this.startsSinceFirstThrottle < 2) return undefined
    return Math.min(this.maxRps, this.startsSinceFirstThrottle / seconds)
  }

  private intervalMs(): number {
    return (1000 * SPACING_MARGIN) / this.currentRps
  }

  /** Resolves when the caller may start one request; rejects with DeadlineReachedError. */
  acquire(): Promise<void> {
    const due = Math.max(this.clock.now(), this.lastDue + this.intervalMs())
    if (due >= this.deadline) return Promise.reject(new DeadlineReachedError())
    this.lastDue = due
    const turn = this.queue.then(async () => {
      // Again after each sleep: the rate may have been cut meanwhile.
      for (;;) {
        const at = this.lastStart + this.intervalMs()
        if (at >= this.deadline) throw new DeadlineReachedError()
        const wait = at - this.clock.now()
        if (wait <= 0) break
        await this.clock.sleep(wait)
      }
      if (this.clock.now() >= this.deadline) throw new DeadlineReachedError()
      this.lastStart = this.clock.now()
      if (this.throttles > 0) this.startsSinceFirstThrottle += 1
    })
    this.queue = turn.catch(() => undefined)
    return turn
  }

  /** Keeps the answer that came now, and forgets those older than the window. */
  private answered(through: boolean): void {
    const now = this.clock.now()
    this.answers.push({ at: now, through })
    while (this.answers.length > 0 && this.answers[0].at <= now - ANSWER_WINDOW_MS)
      this.answers.shift()
  }

  /** The service throttled a request that started at `startedAt`: slow down, at once. */
  throttled(startedAt: number): void {
    const now = this.clock.now()
    this.answered(false)
    this.throttles += 1
    if (this.throttles === 1) {
      this.firstThrottleAt = now
      this.startsSinceFirstThrottle = 0
    }
    // Sent at the rate before the last cut: already answered by that cut.
    if (this.lastCut && startedAt <= this.lastCut.at) return
    const beta = this.lastCut ? BETA : FIRST_BETA
    const through = this.answers.filter((answer) => answer.through).length / this.answers.length
    const factor = Math.min(beta, Math.max(through, (this.maxRps * MIN_SHARE) / this.currentRps))
    const cutTo = Math.max(Math.min(MIN_RPS, this.maxRps), this.currentRps * factor)
    // A deeper cut than beta: the curve levels off near the share found, not at the rate refused.
    const fromRps =
      factor < beta ? Math.max(cutTo, Math.min(this.currentRps, cutTo / BETA)) : this.currentRps
    const c = CUBIC_C_PER_RPS * fromRps
    const k = Math.cbrt((fromRps - cutTo) / c)
    this.lastCut = { at: now, fromRps, k, c }
    this.currentRps = cutTo
  }

  /** A request was answered without throttling: speed back up towards max-rps. */
  succeeded(): void {
    this.answered(true)
    if (!this.lastCut || this.currentRps >= this.maxRps) return
    const { at, fromRps, k, c } = this.lastCut
    const t = (this.clock.now() - at) / 1000
    const cubic = c * (t - k) ** 3 + fromRps
    this.currentRps = Math.min(this.maxRps, Math.max(this.currentRps, cubic))
  }
}
