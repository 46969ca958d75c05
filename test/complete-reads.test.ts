/**
 * Unit tests of complete reads: merging duplicate rows (the most severe wins),
 * telling overlapping pages apart, the TotalCount bound, and the ScanReader's
 * re-read rule against a fake API.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import { ScanError } from '../src/errors.js'
import { ListNeverSettledError } from '../src/sources/settle.js'
import type { Finding } from '../src/core/evaluate.js'
import { fakeTcss } from './helpers/fake-tcss.js'
import type { Clock } from '../src/clock.js'
import { RateLimiter } from '../src/cloud/rate-limiter.js'
import { ApiRequester } from '../src/cloud/requester.js'
import { checkListSize, MAX_TOTAL_COUNT, pageOverlap } from '../src/sources/paged-read.js'
import { RetryBudget } from '../src/cloud/retry.js'
import { ScanReader } from '../src/sources/tcss/scan.js'
import { findingKey, mergeFindings, toFinding } from '../src/sources/tcss/virus-list.js'

function fakeClock(): Clock {
  let now = 0
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms
    }
  }
}

const row = (md5: string, path: string, risk: unknown, more: Record<string, unknown> = {}) =>
  ({ Md5: md5, Path: path, RiskLevel: risk, VirusName: `v-${String(risk)}`, ...more }) as Record<
    string,
    unknown
  >
const f = (md5: string, path: string, risk: unknown): Finding => toFinding(row(md5, path, risk))

describe('mergeFindings', () => {
  it('keeps the most severe row of a (Md5, Path), whichever comes first, and counts the rows', () => {
    for (const rows of [
      [f('aa', '/x', 1), f('aa', '/x', 4), f('aa', '/x', 2)],
      [f('aa', '/x', 4), f('aa', '/x', 1), f('aa', '/x', 2)],
      [f('aa', '/x', 2), f('AA', '/x', 1), f('Aa', '/x', 4)]
    ]) {
      const merged = mergeFindings(rows)
      expect(merged).toHaveLength(1)
      expect(merged[0]).toMatchObject({ level: 'critical', riskLevel: 4, rows: 3 })
    }
  })

  it('ranks an unknown level as critical and above it; keeps different paths apart', () => {
    const merged = mergeFindings([f('aa', '/x', 4), f('aa', '/x', null), f('aa', '/y', 1)])
    expect(merged.map((item) => [item.path, item.level, item.rows])).toEqual([
      ['/x', 'unknown', 2],
      ['/y', 'low', 1]
    ])
  })

  it('picks between rows of equal level the same way in any order', () => {
    const a = toFinding(row('aa', '/x', 3, { VirusName: 'Alpha' }))
    const b = toFinding(row('aa', '/x', 3, { VirusName: 'Beta' }))
    expect(mergeFindings([a, b])[0].virusName).toBe(mergeFindings([b, a])[0].virusName)
    // The one whose text sorts first, whichever came first.
    expect(mergeFindings([a, b])[0].virusName).toBe('Alpha')
    expect(mergeFindings([b, a])[0].virusName).toBe('Alpha')
  })

  it('keeps an unknown level over critical whichever comes first', () => {
    for (const rows of [
      [f('aa', '/x', null), f('aa', '/x', 4)],
      [f('aa', '/x', 4), f('aa', '/x', null)]
    ]) {
      expect(mergeFindings(rows).map((item) => [item.level, item.rows])).toEqual([['unknown', 2]])
    }
  })

  it('merges rows that name the file by md5 or by path alone; rows that name neither only when identical', () => {
    const byPath = [f('', '/x', 1), f('', '/x', 4)]
    expect(mergeFindings(byPath).map((item) => [item.path, item.level, item.rows])).toEqual([
      ['/x', 'critical', 2]
    ])
    const byMd5 = [f('aa', '', 1), f('aa', '', 4)]
    expect(mergeFindings(byMd5).map((item) => [item.md5, item.level, item.rows])).toEqual([
      ['aa', 'critical', 2]
    ])
    const unnamed = [f('', '', 1), f('', '', 4), f('', '', 4)]
    expect(mergeFindings(unnamed).map((item) => [item.level, item.rows])).toEqual([
      ['low', 1],
      ['critical', 2]
    ])
  })

  it('folds the case of an md5 to lower case only, so md5s that differ in upper case stay apart', () => {
    // 'ß' and 'ss' are one text in upper case (SS), two in lower case.
    expect(mergeFindings([f('ß', '/x', 1), f('ss', '/x', 1)])).toHaveLength(2)
  })
})

describe('pageOverlap', () => {
  it('counts keys on several pages, rows per key, and the most rows of a key on one page', () => {
    const pages = [
      [f('a', '/1', 1), f('b', '/2', 1), f('b', '/2', 1)],
      [f('B', '/2', 1), f('c', '/3', 1)],
      [f('a', '/1', 1), f('d', '/4', 1)]
    ]
    const overlap = pageOverlap(pages, findingKey)
    expect(overlap.overlapping).toBe(2) // b (pages 1, 2) and a (pages 1, 3)
    const b = findingKey(f('b', '/2', 1))
    expect(overlap.rowsByKey.get(b)).toBe(3)
    expect(overlap.mostOnOnePage.get(b)).toBe(2)
    expect(overlap.mostOnOnePage.get(findingKey(f('a', '/1', 1)))).toBe(1)
    expect(
      pageOverlap([[f('a', '/1', 1), f('a', '/1', 4)], [f('b', '/2', 1)]], findingKey).overlapping
    ).toBe(0)
  })
})

describe('checkListSize', () => {
  it('refuses a TotalCount above the hard cap at once, naming it', () => {
    for (const total of [MAX_TOTAL_COUNT + 1, 1e9, Number.MAX_SAFE_INTEGER]) {
      expect(() => checkListSize(total, 1e12, 'the list')).toThrow(ScanError)
      expect(() => checkListSize(total, 1e12, 'the list')).toThrow(String(total))
    }
  })

  it('accepts a TotalCount of the hard cap itself', () => {
    expect(() => checkListSize(MAX_TOTAL_COUNT, 1e12, 'the list')).not.toThrow()
  })

  it('refuses more pages than fit before the deadline, and accepts what fits', () => {
    expect(() => checkListSize(1000, 9, 'the list')).not.toThrow()
    expect(() => checkListSize(1001, 9, 'the list')).toThrow(/TotalCount 1001 .*11 pages/)
    expect(() => checkListSize(0, 0, 'the list')).not.toThrow()
    expect(() => checkListSize(100, 0, 'the list')).not.toThrow()
  })

  it('the requester counts the requests left at max-rps', () => {
    const clock = fakeClock()
    const requester = new ApiRequester({
      limiter: new RateLimiter(10, clock),
      maxRps: 10,
      clock,
      deadline: 21_000,
      requestTimeoutMs: 2000,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, budget: new RetryBudget(1) },
      random: () => 0.5,
      log: { info: () => undefined, debug: () => undefined }
    })
    // 21 s at 10 req/s, starts spaced 2 % wider than the rate.
    expect(requester.requestsLeft()).toBe(205)
  })
})

type Row = Record<string, unknown>

/** A ScanReader against an API whose pages come from `page(call, offset)`. */
function reader(
  page: (call: number, offset: number, limit: number) => { total: number; list: Row[] }
) {
  const clock = fakeClock()
  const requests: Array<Record<string, unknown>> = []
  const api = fakeTcss({
    describeAssetImageVirusList: async (request) => {
      requests.push({ ...request })
      const { total, list } = page(requests.length, request.Offset ?? 0, request.Limit ?? 10)
      return { VirusScanStatus: 2, TotalCount: total, List: list, RequestId: 'r' }
    }
  })
  const requester = new ApiRequester({
    limiter: new RateLimiter(20, clock),
    maxRps: 20,
    clock,
    deadline: 60_000,
    requestTimeoutMs: 2000,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, budget: new RetryBudget(10) },
    random: () => 0.5,
    log: { info: () => undefined, debug: () => undefined }
  })
  const instance = new ScanReader({
    api,
    imageId: 'img',
    requester,
    clock,
    pollIntervalMs: 1000,
    concurrency: 1,
    log: { info: () => undefined, debug: () => undefined }
  })
  return {
    requests,
    read: async () => instance.readAllFindings(await instance.waitForScan())
  }
}

const rows = (count: number, risk = 1, prefix = 'p'): Row[] =>
  Array.from({ length: count }, (_, i) => row(`${prefix}${i}`, `/${prefix}/${i}`, risk))

describe('ScanReader', () => {
  it('asks for an explicit order on every page and takes a clean read at once', async () => {
    const list = rows(250)
    const { read, requests } = reader((_, offset) => ({
      total: 250,
      list: list.slice(offset, offset + 100)
    }))
    await expect(read()).resolves.toHaveLength(250)
    expect(requests).toHaveLength(3)
    for (const request of requests) expect(request).toMatchObject({ Order: 'asc', By: 'Path' })
  })

  it('accepts duplicates on one page at once, merged with the most severe row', async () => {
    const list = [row('d', '/d', 1), row('D', '/d', 4), ...rows(148)]
    const { read, requests } = reader((_, offset) => ({
      total: 150,
      list: list.slice(offset, offset + 100)
    }))
    const findings = await read()
    expect(findings).toHaveLength(149)
    expect(findings.find((item) => item.path === '/d')).toMatchObject({
      level: 'critical',
      rows: 2
    })
    expect(requests).toHaveLength(2)
  })

  it('re-reads duplicates that straddle a page boundary, and accepts them once a read with other boundaries shows them together', async () => {
    const list = [...rows(99), row('d', '/d', 1), row('d', '/d', 4), ...rows(20, 1, 'z')]
    const { read, requests } = reader((_, offset, limit) => ({
      total: 121,
      list: list.slice(offset, offset + limit)
    }))
    const findings = await read()
    expect(findings).toHaveLength(120)
    expect(findings.find((item) => item.path === '/d')).toMatchObject({
      level: 'critical',
      rows: 2
    })
    expect(requests).toHaveLength(4)
  })

  it('fails closed on a server that serves the first page at every offset, however consistently', async () => {
    const list = rows(100)
    const { read } = reader((_, _offset, limit) => ({ total: 300, list: list.slice(0, limit) }))
    const error = await read().then(
      () => undefined,
      (failure: unknown) => failure as ListNeverSettledError
    )
    expect(error).toBeInstanceOf(ListNeverSettledError)
    expect(error?.message).toMatch(/did not settle after 6 reads.*incomplete data/)
    expect(error?.problems[0]).toMatch(
      /^the list is inconsistent: 100 findings were listed on more than one page/
    )
  })

  it('fails closed when the overlaps change from read to read', async () => {
    // Each read repeats a different finding of page 1 on page 2 in place of one it then misses.
    const list = rows(200)
    const { read } = reader((call, offset) => {
      const page = list.slice(offset, offset + 100)
      if (offset === 100) page[0] = list[call % 100]
      return { total: 200, list: page }
    })
    await expect(read()).rejects.toThrow(ScanError)
  })

  it('never takes a list whose tie order depends on the page, however alike two reads are', async () => {
    // The service ignores By and sorts on RiskLevel alone; rows of one level come in an order
    // that depends on the query's Limit and Offset, the same on every identical query: one row
    // of the tie group is served on two pages and another never. 99 low + 2 medium = 101 rows.
    const list = [...rows(99, 1), row('m1', '/m/1', 2), row('m2', '/m/2', 2)]
    const served = new Set<string>()
    const { read } = reader((_, offset, limit) => {
      const page = pageDependentOrder(list, limit, offset).slice(offset, offset + limit)
      for (const item of page) served.add(String(item.Md5))
      return { total: list.length, list: page }
    })
    const outcome = await read().then(
      (findings) => findings,
      (error: unknown) => error as Error
    )
    if (outcome instanceof Error) {
      expect(outcome).toBeInstanceOf(ScanError)
      expect(outcome.message).toMatch(/inconsistent/)
    } else {
      // Taken only when every finding was read.
      expect(outcome).toHaveLength(101)
    }
    // The fake does hide a row from reads with the gate's own page boundaries.
    const first = pageDependentOrder(list, 100, 0).slice(0, 100)
    const second = pageDependentOrder(list, 100, 100).slice(100, 200)
    expect(new Set([...first, ...second].map((item) => item.Md5)).size).toBe(100)
  })

  it('takes duplicate rows that straddle a boundary once a read with other boundaries holds them on one page', async () => {
    const list = [...rows(99), row('d', '/d', 1), row('d', '/d', 4), ...rows(20, 1, 'z')]
    const limits: number[] = []
    const { read } = reader((_, offset, limit) => {
      limits.push(limit)
      return { total: 121, list: list.slice(offset, offset + limit) }
    })
    const findings = await read()
    expect(findings).toHaveLength(120)
    expect(limits.some((limit) => limit !== 100)).toBe(true)
  })
})

/**
 * SQL's ORDER BY risk LIMIT n OFFSET m on a non-unique column: sorted by
 * RiskLevel, ties in an order that depends on the query (here a hash of the
 * row and the query's Limit and Offset), the same for identical queries.
 */
function pageDependentOrder(list: Row[], limit: number, offset: number): Row[] {
  const rank = (item: Row) =>
    createHash('sha256')
      .update(`${String(item.Md5)}|${limit}|${offset}`)
      .digest('hex')
  return [...list].sort(
    (a, b) =>
      Number(a.RiskLevel) - Number(b.RiskLevel) ||
      (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0)
  )
}
