/**
 * Unit tests of the request machinery with a fake clock: rate limiter, retry
 * with back-off, error classification, response parsing.
 */
import { ApiError, ApiUnavailableError } from '../src/errors.js'
import { classifyError } from '../src/cloud/http.js'
import type { Clock } from '../src/cloud/clock.js'
import { DeadlineReachedError, RateLimiter } from '../src/cloud/rate-limiter.js'
import { RetryBudget, TransientError, withRetry } from '../src/cloud/retry.js'
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
      // …and does not waste more than the 5 % margin.
      expect(starts.at(-1)).toBeCloseTo((59 * 1050) / maxRps, 6)
    }
  )

  it('spaces concurrent callers too', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter(20, clock)
    await Promise.all(Array.from({ length: 5 }, () => limiter.acquire()))
    // Each caller waits its turn: the fake clock has moved by the earlier sleeps when the next one computes.
    expect(clock.sleeps).toEqual([52.5, 52.5, 52.5, 52.5])
    expect(clock.now()).toBe(210)
  })

  it('refuses at once, without waiting or taking a turn, a caller whose turn would come at or after the deadline', async () => {
    const clock = fakeClock()
    // 1050 ms apart: turns at 0, 1050, 2100; the deadline is 3000.
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
    expect(clock.now()).toBe(2100)
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
    expect(now).toBe(2050)
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
})
