/**
 * Unit tests of the request machinery with a fake clock: rate limiter, retry
 * with back-off, error classification, response parsing.
 */
import { ApiError, ApiUnavailableError } from '../src/errors.js'
import { classifyError } from '../src/cloud/http.js'
import type { Clock } from '../src/clock.js'
import {
  DeadlineReachedError,
  MIN_RPS,
  RateLimiter,
  SPACING_MARGIN
} from '../src/cloud/rate-limiter.js'
import { ApiRequester } from '../src/cloud/requester.js'
import { DEFAULT_RETRY, RetryBudget, TransientError, withRetry } from '../src/cloud/retry.js'
import { parseVirusListResponse } from '../src/sources/tcss/virus-list.js'

/** A clock that only moves when something sleeps. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = 0
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      now += ms
    }
  }
}

describe('RateLimiter', () => {
  it.each([1, 10, 20, 0.5])(
    'never lets more than max-rps (%p) requests start in any one-second window',
    async (maxRps) => {
      const clock = fakeClock()
      const limiter = new RateLimiter(maxRps, clock)
      const starts: number[] = []
      for (let i = 0; i < 60; i++) {
        await limiter.acquire()
        starts.push(clock.now())
      }
      for (let i = 0; i < starts.length; i++) {
        const inWindow = starts.filter((t) => t >= starts[i] && t < starts[i] + 1000).length
        expect(inWindow).toBeLessThanOrEqual(Math.max(1, Math.floor(maxRps)))
      }
      // …and does not waste more than the margin.
      expect(starts.at(-1)).toBeCloseTo((59 * 1000 * SPACING_MARGIN) / maxRps, 6)
    }
  )

  it('spaces concurrent callers too', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter(20, clock)
    await Promise.all(Array.from({ length: 5 }, () => limiter.acquire()))
    // Each caller waits its turn: the fake clock has moved by the earlier sleeps when the next one computes.
    const gap = (1000 * SPACING_MARGIN) / 20
    expect(clock.sleeps).toEqual([gap, gap, gap, gap])
    expect(clock.now()).toBeCloseTo(4 * gap, 9)
  })

  it('refuses at once, without waiting or taking a turn, a caller whose turn would come at or after the deadline', async () => {
    const clock = fakeClock()
    // About 1 s apart: turns at 0, 1020, 2040; the deadline is 3000.
    const limiter = new RateLimiter(1, clock, 3000)
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => limiter.acquire()))
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      ...Array(7).fill('rejected')
    ])
    const refused = outcomes[3] as PromiseRejectedResult
    expect(refused.reason).toBeInstanceOf(DeadlineReachedError)
    expect((refused.reason as Error).message).toBe(
      'wait-timeout reached before the request could be sent'
    )
    // Only the three admitted callers slept.
    expect(clock.now()).toBeCloseTo(2 * 1000 * SPACING_MARGIN, 9)
  })

  it('refuses a caller whose turn slipped past the deadline when its turn comes', async () => {
    let now = 0
    const clock: Clock = {
      now: () => now,
      // Every sleep overruns by 1000 ms (a busy event loop).
      sleep: async (ms: number) => {
        now += ms + 1000
      }
    }
    const limiter = new RateLimiter(1, clock, 2000)
    const first = limiter.acquire()
    const second = limiter.acquire()
    await expect(first).resolves.toBeUndefined()
    await expect(second).rejects.toBeInstanceOf(DeadlineReachedError)
    expect(now).toBeCloseTo(1000 * SPACING_MARGIN + 1000, 9)
  })
})

describe('RateLimiter, adaptive', () => {
  /** Starts one request through the limiter and returns when it started. */
  const start = async (limiter: RateLimiter, clock: Clock): Promise<number> => {
    await limiter.acquire()
    return clock.now()
  }
  /** `count` requests started and answered, as a job alone on the account sees them. */
  const through = async (limiter: RateLimiter, clock: Clock, count = 10): Promise<void> => {
    for (let i = 0; i < count; i++) {
      await start(limiter, clock)
      limiter.succeeded()
    }
  }

  it('starts at max-rps and halves the rate at once on the first throttle', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter(20, clock)
    expect(limiter.rate).toBe(20)
    await through(limiter, clock)
    const first = await start(limiter, clock)
    const second = await start(limiter, clock)
    expect(second - first).toBeCloseTo((1000 * SPACING_MARGIN) / 20, 9)
    limiter.throttled(second)
    expect(limiter.rate).toBe(10)
    const third = await start(limiter, clock)
    expect(third - second).toBeCloseTo((1000 * SPACING_MARGIN) / 10, 9)
    expect(limiter.throttledCount).toBe(1)
  })

  it('cuts once per round: throttles of requests sent before the last cut change nothing', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter(100, clock)
    await through(limiter, clock, 50)
    const sent = [await start(limiter, clock), await start(limiter, clock)]
    limiter.throttled(sent[0])
    limiter.throttled(sent[1])
    expect(limiter.rate).toBe(50)
    // A request sent after the cut and throttled too, most answers still through: a gentler cut (0.7).
    const later = await start(limiter, clock)
    limiter.throttled(later)
    expect(limiter.rate).toBeCloseTo(35, 9)
    expect(limiter.throttledCount).toBe(3)
  })

  it('applies a cut to a caller already waiting for its turn', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter(10, clock)
    await through(limiter, clock)
    const first = await start(limiter, clock)
    const waiting = start(limiter, clock)
    limiter.throttled(first)
    expect((await waiting) - first).toBeCloseTo((1000 * SPACING_MARGIN) / 5, 9)
  })

  it('recovers on successes, back to max-rps and never above it', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter(20, clock)
    await through(limiter, clock)
    limiter.throttled(await start(limiter, clock))
    expect(limiter.rate).toBe(10)
    const rates: number[] = []
    for (let i = 0; i < 400; i++) {
      await start(limiter, clock)
      limiter.succeeded()
      rates.push(limiter.rate)
    }
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThanOrEqual(rates[i - 1])
    expect(Math.max(...rates)).toBe(20)
    // Back at max-rps within a few seconds (CUBIC: K = cbrt(0.5 / 0.02) ≈ 2.9 s).
    const back = rates.indexOf(20)
    expect(back).toBeGreaterThan(0)
    expect(clock.now()).toBeLessThan(30_000)
  })

  it('keeps max-rps as the ceiling after throttles: a success long after a cut, and every gap', async () => {
    for (const maxRps of [5, 3, 0.05]) {
      const clock = fakeClock()
      const limiter = new RateLimiter(maxRps, clock)
      limiter.throttled(await start(limiter, clock))
      // Long after the cut, CUBIC's curve is far above max-rps: one success may not go past it.
      await clock.sleep(600_000)
      limiter.succeeded()
      expect(limiter.rate).toBe(maxRps)
      // A second cut and recovery: the gaps between starts never beat max-rps.
      limiter.throttled(await start(limiter, clock))
      const starts: number[] = []
      for (let i = 0; i < 60; i++) {
        starts.push(await start(limiter, clock))
        limiter.succeeded()
        expect(limiter.rate).toBeLessThanOrEqual(maxRps)
      }
      await clock.sleep(600_000)
      for (let i = 0; i < 5; i++) {
        starts.push(await start(limiter, clock))
        limiter.succeeded()
      }
      for (let i = 1; i < starts.length; i++) {
        expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(
          (1000 * SPACING_MARGIN) / maxRps - 1e-6
        )
      }
      expect(limiter.rate).toBe(maxRps)
    }
  })

  it('cuts to the share that got through when most answers of the last second were refused', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter(20, clock)
    const sent: number[] = []
    for (let i = 0; i < 5; i++) sent.push(await start(limiter, clock))
    limiter.succeeded()
    limiter.succeeded()
    // The first throttle halves (two of three answers through is more than half).
    limiter.throttled(sent[2])
    expect(limiter.rate).toBe(10)
    // Requests sent before that cut, throttled too: no cut of their own.
    limiter.throttled(sent[3])
    limiter.throttled(sent[4])
    expect(limiter.rate).toBe(10)
    // Sent after the cut and throttled: two of six answers got through, so a third of the rate.
    limiter.throttled(await start(limiter, clock))
    expect(limiter.rate).toBeCloseTo(10 / 3, 9)
    expect(limiter.throttledCount).toBe(4)
  })

  it('never cuts deeper than a tenth of max-rps at once, though gentler cuts may go lower', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter(20, clock)
    // Nothing got through: a tenth of max-rps, not nothing.
    limiter.throttled(await start(limiter, clock))
    expect(limiter.rate).toBeCloseTo(2, 9)
    // Again nothing through, already at that floor: the usual cut (0.7).
    limiter.throttled(await start(limiter, clock))
    expect(limiter.rate).toBeCloseTo(1.4, 9)
  })

  it('counts only the answers of the last second', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter(10, clock)
    for (let i = 0; i < 4; i++) limiter.throttled(await start(limiter, clock))
    const afterRefusals = limiter.rate
    expect(afterRefusals).toBeLessThan(1)
    await clock.sleep(120_000)
    for (let i = 0; i < 30; i++) {
      await start(limiter, clock)
      limiter.succeeded()
    }
    expect(limiter.rate).toBe(10)
    // The refusals are two minutes old; the last second's answers got through: the usual cut.
    limiter.throttled(await start(limiter, clock))
    expect(limiter.rate).toBeCloseTo(7, 9)
  })

  it('after a deeper cut, levels off near the share found rather than at the rate refused', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter(10, clock)
    await start(limiter, clock)
    limiter.succeeded()
    limiter.throttled(await start(limiter, clock))
    expect(limiter.rate).toBe(5)
    // One of three answers through: a third of 5.
    limiter.throttled(await start(limiter, clock))
    const share = limiter.rate
    expect(share).toBeCloseTo(5 / 3, 9)
    const cutAt = clock.now()
    // Answered throughout, for as long as the curve takes to level off (K ≈ 2.5 s):
    // never above the share / 0.7, where the rate refused (5) would be reached after 2.5 s.
    while (clock.now() < cutAt + 2400) {
      await start(limiter, clock)
      limiter.succeeded()
      expect(limiter.rate).toBeLessThanOrEqual(share / 0.7 + 1e-9)
    }
    // …and, answered for longer still, back to max-rps.
    while (clock.now() < cutAt + 60_000) {
      await start(limiter, clock)
      limiter.succeeded()
    }
    expect(limiter.rate).toBe(10)
  })

  it('does not rise without successes', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter(20, clock)
    await through(limiter, clock)
    limiter.throttled(await start(limiter, clock))
    await clock.sleep(60_000)
    expect(limiter.rate).toBe(10)
  })

  it('never goes below the floor, however often it is throttled', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter(20, clock)
    for (let i = 0; i < 40; i++) limiter.throttled(await start(limiter, clock))
    expect(limiter.rate).toBe(MIN_RPS)
    // And max-rps below the floor stays the ceiling.
    const slow = new RateLimiter(0.05, clock)
    slow.throttled(await start(slow, clock))
    expect(slow.rate).toBe(0.05)
  })

  it('never lets a caller go at or after the deadline, whatever the rate does', async () => {
    const clock = fakeClock()
    const deadline = 5000
    const limiter = new RateLimiter(20, clock, deadline)
    const starts: number[] = []
    let refused = 0
    let draw = 0
    const callers = Array.from({ length: 200 }, async () => {
      try {
        const at = await start(limiter, clock)
        starts.push(at)
        // Every third request throttled, the others answered.
        if (draw++ % 3 === 0) limiter.throttled(at)
        else limiter.succeeded()
      } catch (error) {
        expect(error).toBeInstanceOf(DeadlineReachedError)
        refused += 1
      }
    })
    await Promise.all(callers)
    expect(starts.length).toBeGreaterThan(0)
    expect(Math.max(...starts)).toBeLessThan(deadline)
    expect(refused).toBe(200 - starts.length)
    // Every gap honours the rate in force: never two starts closer than max-rps allows.
    for (let i = 1; i < starts.length; i++)
      expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual((1000 * SPACING_MARGIN) / 20 - 1e-9)
  })

  it('reports the rate actually reached since the first throttle', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter(10, clock)
    await through(limiter, clock)
    expect(limiter.rateSinceThrottled()).toBeUndefined()
    limiter.throttled(await start(limiter, clock))
    for (let i = 0; i < 11; i++) await start(limiter, clock)
    expect(limiter.rateSinceThrottled()).toBeCloseTo(5 / SPACING_MARGIN, 6)
  })
})

describe('withRetry', () => {
  const options = (clock: Clock, overrides: Partial<Parameters<typeof withRetry>[1]> = {}) => ({
    maxAttempts: 6,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    deadline: 1_000_000,
    budget: new RetryBudget(100),
    clock,
    random: () => 0.999,
    ...overrides
  })

  it('retries transient failures with exponential back-off under a cap, then succeeds', async () => {
    const clock = fakeClock()
    let calls = 0
    const value = await withRetry(async () => {
      calls += 1
      if (calls < 6) throw new TransientError('InternalError')
      return 'ok'
    }, options(clock))
    expect(value).toBe('ok')
    expect(clock.sleeps).toEqual([99, 199, 399, 799, 999])
  })

  it('uses full jitter: the delay is random between 0 and the ceiling', async () => {
    const clock = fakeClock()
    let calls = 0
    const draws = [0, 0.5, 0.25]
    await withRetry(
      async () => {
        if (++calls < 4) throw new TransientError('x')
        return 1
      },
      options(clock, { random: () => draws.shift() ?? 0 })
    )
    expect(clock.sleeps).toEqual([0, 100, 100])
  })

  it('gives up after maxAttempts with the last error', async () => {
    const clock = fakeClock()
    let calls = 0
    const attempt = withRetry(
      async () => {
        calls += 1
        throw new TransientError(`HTTP 503 #${calls}`)
      },
      options(clock, { maxAttempts: 3 })
    )
    await expect(attempt).rejects.toThrow(ApiUnavailableError)
    await expect(attempt).rejects.toThrow(/after 3 attempts; last error: HTTP 503 #3/)
    expect(calls).toBe(3)
  })

  it('never sleeps past the deadline', async () => {
    const clock = fakeClock()
    const attempt = withRetry(
      async () => {
        throw new TransientError('RequestLimitExceeded')
      },
      options(clock, { deadline: 500, maxAttempts: 100 })
    )
    await expect(attempt).rejects.toThrow(/out of time/)
    expect(clock.now()).toBeLessThan(500)
  })

  it('shares one budget between requests', async () => {
    const clock = fakeClock()
    const budget = new RetryBudget(2)
    const failing = () =>
      withRetry(
        async () => {
          throw new TransientError('InternalError')
        },
        options(clock, { budget })
      )
    await expect(failing()).rejects.toThrow(/retry budget is spent/)
    expect(budget.remaining).toBe(0)
    await expect(failing()).rejects.toThrow(/after 1 attempt/)
  })

  it('does not count throttled attempts against the attempts or the budget, and does not sleep on them', async () => {
    const clock = fakeClock()
    const budget = new RetryBudget(0)
    const seen: string[] = []
    let calls = 0
    const value = await withRetry(
      async (n) => {
        calls += 1
        if (calls <= 10)
          throw new TransientError('throttled', 'RequestLimitExceeded.UinLimitExceeded')
        return n
      },
      options(clock, {
        maxAttempts: 1,
        budget,
        throttle: { maxAttempts: 50, onThrottle: (error) => seen.push(error.code) }
      })
    )
    // Still the first (fault) attempt; nothing spent; the limiter, not withRetry, spaces them.
    expect(value).toBe(1)
    expect(seen).toHaveLength(10)
    expect(budget.remaining).toBe(0)
    expect(clock.sleeps).toEqual([])
  })

  it('keeps the fault budget for real faults between throttles', async () => {
    const clock = fakeClock()
    const budget = new RetryBudget(5)
    const script = [
      'RequestLimitExceeded',
      'InternalError',
      'RequestLimitExceeded',
      'InternalError'
    ]
    const attempts: number[] = []
    const value = await withRetry(
      async (n) => {
        attempts.push(n)
        const code = script.shift()
        if (code) throw new TransientError(code, code)
        return 'ok'
      },
      options(clock, { budget, throttle: { maxAttempts: 50, onThrottle: () => undefined } })
    )
    expect(value).toBe('ok')
    expect(attempts).toEqual([1, 1, 2, 2, 3])
    expect(budget.remaining).toBe(3)
  })

  it('gives up on throttling at the deadline, or past a cap honest throttling never reaches', async () => {
    const clock = fakeClock()
    const throttle = (maxAttempts: number) => ({
      maxAttempts,
      onThrottle: () => void clock.sleep(100)
    })
    const always = async (): Promise<never> => {
      throw new TransientError('throttled', 'RequestLimitExceeded')
    }
    await expect(
      withRetry(always, options(clock, { deadline: 1000, throttle: throttle(1000) }))
    ).rejects.toThrow(/out of time \(wait-timeout\); last error: throttled/)
    await expect(withRetry(always, options(clock, { throttle: throttle(20) }))).rejects.toThrow(
      /throttled 20 times in a row/
    )
  })

  it('treats throttling as a fault when not told otherwise', async () => {
    const clock = fakeClock()
    const budget = new RetryBudget(100)
    await expect(
      withRetry(
        async () => {
          throw new TransientError('throttled', 'RequestLimitExceeded')
        },
        options(clock, { budget, maxAttempts: 3 })
      )
    ).rejects.toThrow(/after 3 attempts/)
    expect(budget.remaining).toBe(98)
  })

  it('does not retry permanent errors', async () => {
    const clock = fakeClock()
    let calls = 0
    const attempt = withRetry(async () => {
      calls += 1
      throw new ApiError(
        'DescribeAssetImageVirusList',
        'AuthFailure.SignatureFailure',
        'bad signature',
        'req-1'
      )
    }, options(clock))
    await expect(attempt).rejects.toThrow(ApiError)
    expect(calls).toBe(1)
  })
})

describe("the run's retry defaults", () => {
  const refused = 'network error: connect ECONNREFUSED 127.0.0.1:9'
  const requester = (clock: Clock, deadline: number, lines: string[] = []) =>
    new ApiRequester({
      limiter: new RateLimiter(10, clock, deadline),
      maxRps: 10,
      clock,
      deadline,
      requestTimeoutMs: 10_000,
      retry: { ...DEFAULT_RETRY, budget: new RetryBudget(DEFAULT_RETRY.budget) },
      random: () => 0.999,
      log: { info: (line) => lines.push(line), debug: () => undefined }
    })
  const call = (send: () => Promise<unknown>) => ({
    label: 'DescribeAssetImageVirusList',
    send,
    parse: (raw: unknown) => raw,
    outOfTime: (detail?: string) => new Error(`out of time${detail ? `: ${detail}` : ''}`)
  })

  it('rides out an outage of many attempts until the deadline, under a capped back-off', async () => {
    const clock = fakeClock()
    const upAt = 60_000
    let sent = 0
    const value = await requester(clock, 120_000).request(
      call(async () => {
        sent += 1
        if (clock.now() < upAt) throw new TransientError(refused)
        return 'judged'
      })
    )
    expect(value).toBe('judged')
    expect(sent).toBeGreaterThan(6)
    const backOffs = clock.sleeps.filter((ms) => ms >= 250)
    expect(Math.max(...backOffs)).toBeLessThanOrEqual(DEFAULT_RETRY.maxDelayMs)
    expect(Math.max(...backOffs)).toBeGreaterThanOrEqual(DEFAULT_RETRY.maxDelayMs * 0.9)
    // Back online at 60 s: found within one capped back-off.
    expect(clock.now()).toBeLessThanOrEqual(upAt + DEFAULT_RETRY.maxDelayMs + 1000)
  })

  it('gives up only when the next attempt could not start before the deadline, naming the last failure', async () => {
    const clock = fakeClock()
    const failure = await requester(clock, 30_000)
      .request(
        call(async () => {
          throw new TransientError(refused)
        })
      )
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ApiUnavailableError)
    expect(failure).toMatchObject({ outOfTime: true })
    expect((failure as Error).message).toMatch(
      /out of time \(wait-timeout\); last error: network error: connect ECONNREFUSED/
    )
    expect(clock.now()).toBeLessThan(30_000)
    expect(clock.now()).toBeGreaterThan(30_000 - DEFAULT_RETRY.maxDelayMs - 1000)
  })

  it('still fails at once on a permanent answer', async () => {
    const clock = fakeClock()
    let sent = 0
    await expect(
      requester(clock, 120_000).request(
        call(async () => {
          sent += 1
          throw new ApiError(
            'DescribeAssetImageVirusList',
            'AuthFailure.SecretIdNotFound',
            'no such key',
            'r-1'
          )
        })
      )
    ).rejects.toThrow(ApiError)
    expect(sent).toBe(1)
    expect(clock.now()).toBe(0)
  })
})

describe('classifyError', () => {
  const sdkError = (fields: Record<string, unknown>) =>
    Object.assign(new Error(String(fields.message ?? 'message')), {
      requestId: '',
      traceId: 'trace',
      ...fields
    })

  it.each([
    'RequestLimitExceeded',
    'RequestLimitExceeded.UinLimitExceeded',
    'InternalError',
    'InternalError.DbError',
    'ResourceUnavailable'
  ])('%s is transient', (code) => {
    expect(classifyError('A', sdkError({ code, requestId: 'r' }))).toBeInstanceOf(TransientError)
  })

  it.each([
    'AuthFailure.SignatureFailure',
    'ResourceNotFound',
    'InvalidParameter.InvalidFormat',
    'UnauthorizedOperation',
    'InternalErrorish'
  ])('%s is permanent and keeps code, message and RequestId', (code) => {
    const error = classifyError(
      'DescribeAssetImageVirusList',
      sdkError({ code, message: 'why', requestId: 'req-9' })
    )
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).message).toBe(
      `DescribeAssetImageVirusList failed: ${code}: why (RequestId: req-9)`
    )
  })

  it('sorts HTTP statuses: 5xx, 429 and 408 are transient, other 4xx permanent', () => {
    expect(
      classifyError('A', sdkError({ httpCode: 503, message: 'Service Unavailable' }))
    ).toBeInstanceOf(TransientError)
    expect(classifyError('A', sdkError({ httpCode: 429 }))).toBeInstanceOf(TransientError)
    expect(classifyError('A', sdkError({ httpCode: 404 }))).toBeInstanceOf(ApiError)
  })

  it('treats transport failures, broken JSON and a missing Response as transient', () => {
    expect(
      classifyError(
        'A',
        sdkError({ message: 'request to http://x/ failed, reason: read ECONNRESET' })
      )
    ).toBeInstanceOf(TransientError)
    expect(
      classifyError('A', sdkError({ message: 'The user aborted a request.' }), 2000)
    ).toMatchObject({ message: expect.stringMatching(/timed out/) })
    expect(
      classifyError(
        'A',
        Object.assign(new Error('invalid json'), { name: 'FetchError', type: 'invalid-json' })
      )
    ).toBeInstanceOf(TransientError)
    expect(
      classifyError('A', new TypeError("Cannot read properties of undefined (reading 'Error')"))
    ).toBeInstanceOf(TransientError)
  })

  it('passes programming errors through unchanged', () => {
    const bug = Object.assign(new RangeError('out of range'), { code: 'ERR_OUT_OF_RANGE' })
    expect(classifyError('A', bug)).toBe(bug)
  })
})

describe('parseVirusListResponse', () => {
  it('reads a page and maps RiskLevel to levels', () => {
    const page = parseVirusListResponse({
      VirusScanStatus: 2,
      TotalCount: 2,
      RequestId: 'r',
      List: [
        { Md5: 'A', Path: '/a', RiskLevel: 4, Tags: ['x', 1] },
        { Md5: null, Path: null, RiskLevel: 9 }
      ]
    })
    expect(page).toMatchObject({ status: 2, totalCount: 2, requestId: 'r' })
    expect(page.items[0]).toMatchObject({
      md5: 'A',
      path: '/a',
      level: 'critical',
      riskLevel: 4,
      tags: ['x']
    })
    expect(page.items[1]).toMatchObject({ md5: '', path: '', level: 'unknown', riskLevel: 9 })
  })

  it('accepts a null List with TotalCount 0, and no TotalCount while scanning', () => {
    expect(parseVirusListResponse({ VirusScanStatus: 2, TotalCount: 0, List: null }).items).toEqual(
      []
    )
    expect(parseVirusListResponse({ VirusScanStatus: 1 }).totalCount).toBe(0)
  })

  it.each([
    [{ TotalCount: 1, List: [] }, /VirusScanStatus is missing/],
    [{ VirusScanStatus: '2', TotalCount: 1, List: [] }, /VirusScanStatus is "2"/],
    [{ VirusScanStatus: 2, List: [] }, /TotalCount is missing/],
    [{ VirusScanStatus: 2, TotalCount: -1, List: [] }, /TotalCount is -1/],
    [{ VirusScanStatus: 2, TotalCount: 1, List: {} }, /List is not an array/],
    [{ VirusScanStatus: 2, TotalCount: 1, List: ['x'] }, /List\[0\] is not an object/],
    [[], /not a JSON object/]
  ])('refuses a malformed response %p as transient', (raw, message) => {
    expect(() => parseVirusListResponse(raw)).toThrow(TransientError)
    expect(() => parseVirusListResponse(raw)).toThrow(message)
  })

  it('names the action and the RequestId in a malformed answer, and reads Tags that are no list as none', () => {
    expect(() =>
      parseVirusListResponse({ VirusScanStatus: '2', TotalCount: 1, List: [], RequestId: 'r-1' })
    ).toThrow(
      'malformed DescribeAssetImageVirusList response: VirusScanStatus is "2" (RequestId: r-1)'
    )
    const page = parseVirusListResponse({
      VirusScanStatus: 2,
      TotalCount: 1,
      List: [{ Md5: 'a', Path: '/a', RiskLevel: 4, Tags: 'x' }]
    })
    expect(page.items[0].tags).toEqual([])
  })
})
