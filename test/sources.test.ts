/**
 * Unit tests of the image sources with fakes of TcssApi and a fake clock:
 * the poll and re-read loops, one complete read of a paged list, registry
 * rows normalised at the edge, the service's scan times, and the one scan
 * flow (`scan`, scan tasks, authorization).
 */
import { describe, expect, it } from '@jest/globals'
import type { Finding } from '../src/core/evaluate.js'
import {
  AmbiguousImageError,
  ApiError,
  ApiUnavailableError,
  OutOfTimeError,
  ScanError
} from '../src/errors.js'
import { parseRegistryReference } from '../src/core/registry-reference.js'
import { imageKey, nameOfImage } from '../src/core/image-identity.js'
import {
  ListNeverSettledError,
  MAX_REREADS,
  pollUntil,
  rereadUntilSettled
} from '../src/sources/settle.js'
import {
  firstLimitOfRead,
  type ListRead,
  MAX_TOTAL_COUNT,
  type Page,
  pageOverlap,
  pageWindows,
  ReadProof,
  readPagedList
} from '../src/sources/paged-read.js'
import { readScannedFindings } from '../src/sources/image-source.js'
import { AlreadyScanningError, type ScanState, type TaskState } from '../src/sources/scan-state.js'
import type { ScanMode } from '../src/core/settings.js'
import { newerThan } from '../src/sources/scan-status.js'
import { findRegistryImages } from '../src/sources/tcss/registry-image.js'
import { registryFinding } from '../src/sources/tcss/registry-scan.js'
import { RegistrySync } from '../src/sources/tcss/registry-sync.js'
import { rowAddress } from '../src/sources/tcss/registry-rows.js'
import { ERR_ALREADY_SCANNING, taskState } from '../src/sources/tcss/scan-task.js'
import { parseServiceTime } from '../src/sources/tcss/scan-times.js'
import { LocalImage } from '../src/sources/tcss/local-image.js'
import type { TcssApi } from '../src/sources/tcss/client.js'
import { fakeTcss } from './helpers/fake-tcss.js'
import { gateImages } from '../src/gate/images.js'
import {
  fakeClock,
  fakeLocalApi,
  fakeRegistryApi,
  fakeRequester,
  policy,
  recordingLog,
  registryRow,
  scriptedImage,
  TODAY,
  virusRow
} from './helpers/builders.js'

/** The repository address a row proves, or '' when it proves none. */
function rowRepository(row: Record<string, unknown>): string {
  const address = rowAddress(row)
  return 'repository' in address ? address.repository : ''
}

const HOST = 'ccr.ccs.tencentyun.com'
const REPO = `${HOST}/team/app`
/** 2026-11-20 10:00:00 UTC, 18:00:00 in China Standard Time. */
const TEN_UTC = Date.parse('2026-11-20T10:00:00Z')

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a rejection')
}

describe('pollUntil', () => {
  it('stops before a poll that could not start before the deadline, with the error for the time waited', async () => {
    const clock = fakeClock()
    const log = recordingLog()
    let steps = 0
    const error = await rejection(
      pollUntil(
        { clock, deadline: 10_000, pollIntervalMs: 3000, log },
        async () => {
          steps += 1
          return { done: false, waiting: 'Not yet' }
        },
        (waited) => new ScanError(`waited ${waited} s`, 'timeout')
      )
    )
    expect(error).toBeInstanceOf(ScanError)
    expect((error as ScanError).scanStatus).toBe('timeout')
    // Polls at 0, 3, 6 and 9 s; a fifth at 12 s would be past the deadline.
    expect(error.message).toBe('waited 9 s')
    expect(steps).toBe(4)
    expect(clock.slept).toEqual([3000, 3000, 3000])
    expect(log.lines[0]).toBe('info: Not yet (0 s); polling again in 3 s.')
  })

  it('reports a request that ran into wait-timeout as the wait timing out, and nothing else', async () => {
    const poll = (failure: Error): Promise<Error> => {
      const clock = fakeClock()
      let steps = 0
      return rejection(
        pollUntil(
          { clock, deadline: 10_000, pollIntervalMs: 3000, log: recordingLog() },
          async () => {
            steps += 1
            if (steps === 2) throw failure
            return { done: false, waiting: 'Not yet' }
          },
          (waited) => new ScanError(`timed out waiting, after ${waited} s`, 'timeout')
        )
      )
    }
    const outOfTime = [
      new ApiUnavailableError('TCSS API still failing after 1 attempt(s), out of time', true),
      new OutOfTimeError('Ran out of time (wait-timeout) reading the status.')
    ]
    for (const failure of outOfTime)
      expect((await poll(failure)).message).toBe(
        `timed out waiting, after 3 s The last request: ${failure.message}`
      )
    // A scan task the service timed out, or faults that spent their budget, keep their own reason.
    const own = [
      new ScanError('The scan task ended with SCAN_TIMEOUT.', 'timeout'),
      new ApiUnavailableError('TCSS API still failing after 6 attempts')
    ]
    for (const failure of own) expect(await poll(failure)).toBe(failure)
  })

  it('returns the value of the first step that is done, without sleeping after it', async () => {
    const clock = fakeClock()
    let steps = 0
    const value = await pollUntil(
      { clock, deadline: 60_000, pollIntervalMs: 5000, log: recordingLog() },
      async () => (++steps === 3 ? { done: true, value: 'ready' } : { done: false, waiting: '' }),
      () => new Error('no time-out expected')
    )
    expect(value).toBe('ready')
    expect(clock.slept).toEqual([5000, 5000])
  })
})

describe('rereadUntilSettled', () => {
  const agreeing = (reads: number[]) => {
    let next = 0
    return {
      read: async () => reads[next++],
      accept: (read: number, previous: number | undefined) =>
        previous === read ? `settled at ${read}` : undefined,
      problem: (read: number) => `read ${read}`,
      what: 'The list',
      refusal: 'judge incomplete data',
      log: recordingLog()
    }
  }

  it('takes a read once it agrees with the read before it', async () => {
    const reread = agreeing([2, 3, 3, 9])
    await expect(rereadUntilSettled(1, reread)).resolves.toBe('settled at 3')
    expect(reread.log.lines).toHaveLength(3)
  })

  it('fails closed with ListNeverSettledError after MAX_REREADS re-reads, naming every problem', async () => {
    const reads = Array.from({ length: 20 }, (_, index) => index + 2)
    const reread = agreeing(reads)
    const error = await rejection(rereadUntilSettled(1, reread))
    expect(error).toBeInstanceOf(ListNeverSettledError)
    const settled = error as ListNeverSettledError
    expect(settled.problems).toEqual(['read 1', 'read 2', 'read 3', 'read 4', 'read 5', 'read 6'])
    expect(settled.problems).toHaveLength(MAX_REREADS + 1)
    expect(settled.scanStatus).toBe('scanned')
    expect(error.message).toBe(
      'The list did not settle after 6 reads (last problem: read 6); the gate does not judge incomplete data.'
    )
  })
})

describe('the loops, measured from a clock that does not start at zero', () => {
  it('counts the seconds waited from the first poll, not from the clock zero', async () => {
    const clock = fakeClock(100_000)
    const log = recordingLog()
    const error = await rejection(
      pollUntil(
        { clock, deadline: 110_000, pollIntervalMs: 3000, log },
        async () => ({ done: false, waiting: 'Not yet' }),
        (waited) => new ScanError(`waited ${waited} s`, 'timeout')
      )
    )
    expect(error.message).toBe('waited 9 s')
    expect(log.lines).toEqual([
      'info: Not yet (0 s); polling again in 3 s.',
      'info: Not yet (3 s); polling again in 3 s.',
      'info: Not yet (6 s); polling again in 3 s.'
    ])
  })

  it('adds the last request to a time-out that is no ScanError, after the seconds waited', async () => {
    const clock = fakeClock(100_000)
    let steps = 0
    const error = await rejection(
      pollUntil(
        { clock, deadline: 110_000, pollIntervalMs: 3000, log: recordingLog() },
        async () => {
          steps += 1
          if (steps === 2)
            throw new OutOfTimeError('Ran out of time (wait-timeout) reading the status.')
          return { done: false, waiting: 'Not yet' }
        },
        (waited) => new Error(`No answer after ${waited} s.`)
      )
    )
    expect(error).not.toBeInstanceOf(ScanError)
    expect(error.message).toBe(
      'No answer after 3 s. The last request: Ran out of time (wait-timeout) reading the status.'
    )
  })
})

describe('rereadUntilSettled and ListNeverSettledError, word for word', () => {
  it('logs each re-read with the problem of the read before it', async () => {
    const log = recordingLog()
    let next = 0
    const taken = await rereadUntilSettled(1, {
      read: async () => [2, 2][next++],
      accept: (read: number, previous: number | undefined) =>
        read === previous ? read : undefined,
      problem: (read: number) => `read ${read}`,
      what: 'The list',
      refusal: 'judge incomplete data',
      log
    })
    expect(taken).toBe(2)
    expect(log.lines).toEqual([
      'info: The list changed while it was read (read 1); reading it again.',
      'info: The list changed while it was read (read 2); reading it again.'
    ])
  })

  it('puts the detail of every read before the last problem', async () => {
    const error = await rejection(
      rereadUntilSettled(1, {
        read: async (attempt) => attempt + 1,
        accept: () => undefined,
        problem: (read: number) => `read ${read}`,
        what: 'The list',
        refusal: 'judge incomplete data',
        log: recordingLog(),
        detail: (reads) => `TotalCount seen: ${reads.join(', ')}`
      })
    )
    expect(error.message).toBe(
      'The list did not settle after 6 reads (TotalCount seen: 1, 2, 3, 4, 5, 6; last problem: read 6); the gate does not judge incomplete data.'
    )
  })

  it('says the last problem alone when no detail is given, and "none" when there was no problem', () => {
    expect(
      new ListNeverSettledError('The list', ['moved', 'short'], 'judge incomplete data').message
    ).toBe(
      'The list did not settle after 2 reads (last problem: short); the gate does not judge incomplete data.'
    )
    expect(new ListNeverSettledError('The list', [], 'judge incomplete data').message).toBe(
      'The list did not settle after 0 reads (last problem: none); the gate does not judge incomplete data.'
    )
  })
})

describe('ReadProof: the evidence kept', () => {
  type Row = { key: string }
  /** A complete read whose pages hold rows of these keys. */
  const listRead = (...pages: string[][]): ListRead<Row> => ({
    totalCount: pages.flat().length,
    rows: pages.flat().map((key) => ({ key })),
    complete: true,
    ...pageOverlap(
      pages.map((keys) => keys.map((key) => ({ key }))),
      (row: Row) => row.key
    ),
    why: '',
    firstLimit: 100
  })

  it('keeps the most rows of a key any read showed on one page, so the newest read is the one proven', () => {
    const proof = new ReadProof<Row>()
    // k twice on one page; j on two pages, which nothing yet shows as two rows.
    const first = listRead(['k', 'k', 'j'], ['j'])
    expect(proof.take(first)).toBeUndefined()
    // j twice on one page; k now on two pages, once on each: fewer than the first read showed.
    const second = listRead(['k', 'j', 'j'], ['k'])
    expect(proof.take(second)).toBe(second)
    expect(proof.unproven(second)).toBe(0)
  })
})

describe('readPagedList and ReadProof', () => {
  type Row = { key: string }
  const rows = (...keys: string[]): Row[] => keys.map((key) => ({ key }))
  const numbered = (from: number, count: number) =>
    rows(...Array.from({ length: count }, (_, index) => `k${from + index}`))
  const read = (pages: Page<Row>[], options: { deadlineMs?: number; firstLimit?: number } = {}) => {
    const clock = fakeClock()
    const fetched: Array<[number, number]> = []
    const windows = pageWindows(pages[0].totalCount, options.firstLimit)
    const result = readPagedList<Page<Row>, Row>(
      pages[0],
      {
        requester: fakeRequester(clock, { deadlineMs: options.deadlineMs, maxRps: 10 }),
        concurrency: 2,
        what: 'the test list',
        noun: 'rows',
        fetchPage: async (offset, limit) => {
          fetched.push([offset, limit])
          return pages[windows.findIndex(([start]) => start === offset)]
        },
        key: (row) => row.key
      },
      options.firstLimit
    )
    return { result, fetched }
  }

  it('refuses an absurd TotalCount before fetching a page', async () => {
    const { result, fetched } = read([{ totalCount: MAX_TOTAL_COUNT + 1, items: [] }])
    const error = await rejection(result)
    expect(error).toBeInstanceOf(ScanError)
    expect(error.message).toContain(`TotalCount ${MAX_TOTAL_COUNT + 1} for the test list`)
    expect(fetched).toEqual([])
  })

  it('refuses a TotalCount whose pages cannot be read before the deadline', async () => {
    // 10 s at 10 req/s: about 95 more requests fit, and 150 pages would be needed.
    const { result, fetched } = read([{ totalCount: 15_000, items: numbered(0, 100) }], {
      deadlineMs: 10_000
    })
    await expect(result).rejects.toThrow(/TotalCount 15000 for the test list: its 150 pages/)
    expect(fetched).toEqual([])
  })

  it('takes a complete read without overlap at once', async () => {
    const { result, fetched } = read([
      { totalCount: 150, items: numbered(0, 100) },
      { totalCount: 150, items: numbered(100, 50) }
    ])
    const clean = await result
    expect(fetched).toEqual([[100, 100]])
    expect(clean).toMatchObject({ complete: true, overlapping: 0, why: '' })
    expect(clean.rows).toHaveLength(150)
    expect(new ReadProof<Row>().take(clean)).toBe(clean)
  })

  it('pages with boundaries half a page away on every other re-read', async () => {
    expect(pageWindows(250)).toEqual([
      [0, 100],
      [100, 100],
      [200, 100]
    ])
    expect(pageWindows(250, 50)).toEqual([
      [0, 50],
      [50, 100],
      [150, 100]
    ])
    expect(pageWindows(0)).toEqual([[0, 100]])
    expect([1, 2, 3, 4].map(firstLimitOfRead)).toEqual([50, 100, 50, 100])
    const { result, fetched } = read(
      [
        { totalCount: 150, items: numbered(0, 50) },
        { totalCount: 150, items: numbered(50, 100) }
      ],
      { firstLimit: 50 }
    )
    expect((await result).complete).toBe(true)
    expect(fetched).toEqual([[50, 100]])
  })

  it('says why a read is incomplete: a short page, a TotalCount that moved', async () => {
    const short = await read([
      { totalCount: 150, items: numbered(0, 100) },
      { totalCount: 150, items: numbered(100, 49) }
    ]).result
    expect(short).toMatchObject({ complete: false })
    expect(short.why).toBe('page 2 held 49 rows where 50 were expected')
    const proof = new ReadProof<Row>()
    expect(proof.take(short)).toBeUndefined()
    expect(proof.take(short)).toBeUndefined()
    const moved = await read([
      { totalCount: 150, items: numbered(0, 100) },
      { totalCount: 151, items: numbered(100, 50) }
    ]).result
    expect(moved.why).toBe('TotalCount went from 150 to 151')
    expect(new ReadProof<Row>().take(moved)).toBeUndefined()
  })

  it('takes a key on two pages only once a page shows its rows together', async () => {
    const straddling = [
      { totalCount: 150, items: numbered(0, 100) },
      { totalCount: 150, items: [...rows('k99'), ...numbered(100, 49)] }
    ]
    const first = await read(straddling).result
    expect(first).toMatchObject({ complete: true, overlapping: 1 })
    expect(first.why).toBe('1 rows were listed on more than one page, so pages overlapped')
    const proof = new ReadProof<Row>()
    expect(proof.take(first)).toBeUndefined()
    // The same read again proves nothing: a page-dependent order repeats itself.
    expect(proof.take(await read(straddling).result)).toBeUndefined()
    // Boundaries half a page away hold both rows of k99 on one page: they are two rows.
    const shifted = await read(
      [
        { totalCount: 150, items: numbered(0, 50) },
        { totalCount: 150, items: [...numbered(50, 50), ...rows('k99'), ...numbered(100, 49)] }
      ],
      { firstLimit: 50 }
    ).result
    const taken = proof.take(shifted)
    expect(taken).toBeDefined()
    expect(new Set((taken as ListRead<Row>).rows.map((row) => row.key)).size).toBe(149)
  })

  it('never takes a row served on two pages in place of another, whatever the boundaries', async () => {
    // k5 is served twice and k149 never, under both page boundaries.
    const proof = new ReadProof<Row>()
    const plain = await read([
      { totalCount: 150, items: numbered(0, 100) },
      { totalCount: 150, items: [...rows('k5'), ...numbered(100, 49)] }
    ]).result
    const shifted = await read(
      [
        { totalCount: 150, items: numbered(0, 50) },
        { totalCount: 150, items: [...numbered(50, 50), ...rows('k5'), ...numbered(100, 49)] }
      ],
      { firstLimit: 50 }
    ).result
    expect(proof.take(plain)).toBeUndefined()
    expect(proof.take(shifted)).toBeUndefined()
    expect(proof.unproven(plain)).toBe(1)
  })

  it('takes two reads that each show the rows the other split across pages', async () => {
    // One stable list of 250 rows with two keys listed twice: a at 99-100 straddles the gate's
    // boundary at 100, b at 149-150 the shifted boundary at 150. Neither read proves itself.
    const list = numbered(0, 250)
    list.splice(99, 2, ...rows('a', 'a'))
    list.splice(149, 2, ...rows('b', 'b'))
    const pagesOf = (firstLimit: number) =>
      pageWindows(250, firstLimit).map(([offset, limit]) => ({
        totalCount: 250,
        items: list.slice(offset, offset + limit)
      }))
    const plain = await read(pagesOf(100)).result
    const shifted = await read(pagesOf(50), { firstLimit: 50 }).result
    for (const [first, second] of [
      [plain, shifted],
      [shifted, plain]
    ]) {
      const proof = new ReadProof<Row>()
      expect(proof.take(first)).toBeUndefined()
      const taken = proof.take(second)
      expect(taken).toBeDefined()
      expect(new Set((taken as ListRead<Row>).rows.map((row) => row.key)).size).toBe(248)
    }
  })

  it('takes an earlier read once a later one proves it, though the later one is not', async () => {
    const list = numbered(0, 150)
    list.splice(99, 2, ...rows('a', 'a'))
    const plain = await read(
      pageWindows(150).map(([offset, limit]) => ({
        totalCount: 150,
        items: list.slice(offset, offset + limit)
      }))
    ).result
    // The shifted read holds a's rows together, but serves k10 again in place of k149.
    const shiftedList = [...list.slice(0, 149), ...rows('k10')]
    const shifted = await read(
      pageWindows(150, 50).map(([offset, limit]) => ({
        totalCount: 150,
        items: shiftedList.slice(offset, offset + limit)
      })),
      { firstLimit: 50 }
    ).result
    const proof = new ReadProof<Row>()
    expect(proof.take(plain)).toBeUndefined()
    expect(proof.take(shifted)).toBe(plain)
  })

  it('takes no evidence from a read that is not complete', async () => {
    // The incomplete read holds a twice on one page, but its pages disagree on TotalCount.
    const moved = await read([
      { totalCount: 150, items: numbered(0, 100) },
      { totalCount: 151, items: [...rows('a', 'a'), ...numbered(100, 48)] }
    ]).result
    expect(moved.complete).toBe(false)
    const straddling = await read([
      { totalCount: 150, items: [...numbered(0, 99), ...rows('a')] },
      { totalCount: 150, items: [...rows('a'), ...numbered(100, 49)] }
    ]).result
    const proof = new ReadProof<Row>()
    expect(proof.take(moved)).toBeUndefined()
    expect(proof.take(straddling)).toBeUndefined()
  })

  it('keeps the problem of a middle page, whatever the pages after it say', async () => {
    const clock = fakeClock()
    const pages: Array<Page<Row> & { ok: boolean }> = [
      { totalCount: 250, items: numbered(0, 100), ok: true },
      { totalCount: 250, items: numbered(100, 100), ok: false },
      { totalCount: 250, items: numbered(200, 50), ok: true }
    ]
    const result = await readPagedList<Page<Row> & { ok: boolean }, Row>(pages[0], {
      requester: fakeRequester(clock, { maxRps: 10 }),
      concurrency: 1,
      what: 'the test list',
      noun: 'rows',
      fetchPage: async (offset) => pages[offset / 100],
      key: (row) => row.key,
      pageProblem: (page, index) => (page.ok ? undefined : `page ${index + 1} moved`)
    })
    expect(result).toMatchObject({ complete: false, why: 'page 2 moved' })
  })

  it('never has more pages in flight than its concurrency', async () => {
    const clock = fakeClock()
    let inFlight = 0
    let most = 0
    const total = 500
    const result = await readPagedList<Page<Row>, Row>(
      { totalCount: total, items: numbered(0, 100) },
      {
        requester: fakeRequester(clock, { maxRps: 10 }),
        concurrency: 2,
        what: 'the test list',
        noun: 'rows',
        fetchPage: async (offset) => {
          inFlight += 1
          most = Math.max(most, inFlight)
          await new Promise((resolve) => setTimeout(resolve, 5))
          inFlight -= 1
          return { totalCount: total, items: numbered(offset, 100) }
        },
        key: (row) => row.key
      }
    )
    expect(result.complete).toBe(true)
    expect(most).toBe(2)
  })

  it('forgets what a list showed once its TotalCount moved', async () => {
    const proof = new ReadProof<Row>()
    const together = await read([{ totalCount: 2, items: rows('a', 'a') }]).result
    expect(proof.take(together)).toBe(together)
    const apart = await read(
      [
        { totalCount: 3, items: rows('a') },
        { totalCount: 3, items: rows('a', 'b') }
      ],
      { firstLimit: 1 }
    ).result
    expect(apart.complete).toBe(true)
    expect(proof.take(apart)).toBeUndefined()
  })
})

describe('registry findings normalised at the edge', () => {
  it('reads FileMd5 and FileSize, the numeric-string RiskLevel and paths from /', () => {
    const found = registryFinding({
      FileMd5: 'd41d8cd98f00b204e9800998ecf8427e',
      FileSize: 2048,
      RiskLevel: '4',
      Path: 'srv/app/dropper',
      FileName: 'dropper',
      VirusName: 'Trojan.X'
    })
    expect(found).toMatchObject({
      md5: 'd41d8cd98f00b204e9800998ecf8427e',
      size: 2048,
      riskLevel: 4,
      level: 'critical',
      path: '/srv/app/dropper',
      virusName: 'Trojan.X'
    })
    expect(registryFinding({ Path: '/already/rooted', RiskLevel: ' 1 ' })).toMatchObject({
      path: '/already/rooted',
      level: 'low'
    })
    expect(registryFinding({ Md5: 'local-field', Size: 1 })).toMatchObject({ md5: '', size: null })
  })

  it.each([['0'], ['x'], [null], [undefined], ['5'], ['-1'], ['']])(
    'reads RiskLevel %p as unknown, never as a low level',
    (risk) => {
      expect(registryFinding({ RiskLevel: risk, Path: 'a' })).toMatchObject({
        riskLevel: null,
        level: 'unknown'
      })
    }
  )

  it('builds the repository address from the fields the service sends', () => {
    expect(rowRepository({ ImageRepoAddress: `${REPO}/` })).toBe(REPO)
    expect(rowRepository({ ImageRepoAddress: HOST, Namespace: 'team', ImageName: 'app' })).toBe(
      REPO
    )
    expect(
      rowRepository({ ImageRepoAddress: HOST, Namespace: 'team', ImageName: '/sub/app' })
    ).toBe(`${HOST}/team/sub/app`)
    // A name holding a '/' without a Namespace does not prove its namespace.
    expect(rowRepository({ ImageRepoAddress: HOST, ImageName: '/team/sub/app' })).toBe('')
    expect(rowRepository({ ImageRepoAddress: HOST })).toBe('')
  })
})

describe('findRegistryImages', () => {
  const find = (
    reference: string,
    api: TcssApi,
    options: { scan?: ScanMode; deadlineMs?: number } = {}
  ) => {
    const clock = fakeClock()
    const log = recordingLog()
    const requester = fakeRequester(clock, { deadlineMs: options.deadlineMs ?? 60_000 })
    const base = { api, requester, clock, pollIntervalMs: 5000, log }
    return findRegistryImages(parseRegistryReference(reference), {
      ...base,
      concurrency: 2,
      scan: options.scan ?? 'never',
      sync: new RegistrySync(base)
    })
  }
  const DIGEST = `sha256:${'ab'.repeat(32)}`

  it('takes rows with the same Id as one image', async () => {
    const api = fakeRegistryApi({
      rows: [registryRow(7, REPO, '1.0'), registryRow(7, REPO, '1.0'), registryRow(8, REPO, '2.0')]
    })
    const found = await find(`${REPO}:1.0`, api)
    expect(found.map((image) => image.key)).toEqual(['registry:7'])
    expect(found[0].label).toBe(`${REPO}:1.0 (registry image Id 7)`)
  })

  it('gives each image one identity (kind, label, id) that its key and its label are made of', async () => {
    const api = fakeRegistryApi({ rows: [registryRow(7, REPO, '1.0')] })
    const [image] = await find(`${REPO}:1.0`, api)
    expect(image.identity).toEqual({ kind: 'registry', label: `${REPO}:1.0`, id: '7' })
    expect(image.key).toBe(imageKey(image.identity))
    expect(image.label).toBe(nameOfImage(image.identity))
    const local = { kind: 'local' as const, label: 'team/app:1.0', id: `sha256:${'12'.repeat(32)}` }
    expect(nameOfImage(local)).toBe(`team/app:1.0 (ImageID sha256:${'12'.repeat(32)})`)
    expect(nameOfImage({ ...local, label: local.id })).toBe(local.id)
    expect(imageKey(local)).toBe(`local:${local.id}`)
  })

  it('fails closed on several Ids under one reference, listing them', async () => {
    const api = fakeRegistryApi({
      rows: [registryRow(3, REPO, '1.0'), registryRow(4, REPO, '1.0', { ImageDigest: '' })]
    })
    const error = await rejection(find(`${REPO}:1.0`, api))
    expect(error).toBeInstanceOf(AmbiguousImageError)
    expect((error as AmbiguousImageError).candidates).toEqual(['3', '4'])
    expect(error.message).toContain(`Id 3 (digest sha256:${'0'.repeat(63)}3)`)
    expect(error.message).toContain('Id 4 (digest none)')
    // Two Ids without any digest do not share one.
    const none = fakeRegistryApi({
      rows: [
        registryRow(3, REPO, '1.0', { ImageDigest: '' }),
        registryRow(4, REPO, '1.0', { ImageDigest: '' })
      ]
    })
    await expect(find(`${REPO}:1.0`, none)).rejects.toThrow(AmbiguousImageError)
  })

  it('gates every Id that shares one ImageDigest', async () => {
    const api = fakeRegistryApi({
      rows: [
        registryRow(5, REPO, '1.0', { ImageDigest: DIGEST }),
        registryRow(6, REPO, '1.0', { ImageDigest: DIGEST.toUpperCase() })
      ]
    })
    const found = await find(`${REPO}:1.0`, api)
    expect(found.map((image) => image.key)).toEqual(['registry:5', 'registry:6'])
  })

  it('reads a reference without tag as :latest', async () => {
    const api = fakeRegistryApi({
      rows: [registryRow(1, REPO, '1.0'), registryRow(2, REPO, 'latest')]
    })
    const found = await find(REPO, api)
    expect(found.map((image) => image.key)).toEqual(['registry:2'])
  })

  it('matches nested namespaces on the whole repository address', async () => {
    const nested = `${HOST}/team/sub/app`
    const api = fakeRegistryApi({
      rows: [
        registryRow(1, REPO, '1.0'),
        registryRow(2, `${HOST}/sub/app`, '1.0'),
        registryRow(3, nested, '1.0'),
        registryRow(4, HOST, '1.0', {
          ImageRepoAddress: HOST,
          Namespace: 'team',
          ImageName: 'sub/app'
        })
      ]
    })
    await expect(find(`${nested}:1.0`, api)).rejects.toThrow(AmbiguousImageError)
    const one = fakeRegistryApi({
      rows: [registryRow(1, REPO, '1.0'), registryRow(3, nested, '1.0')]
    })
    const found = await find(`${nested}:1.0`, one)
    expect(found.map((image) => image.key)).toEqual(['registry:3'])
  })

  it('matches a digest reference on the digest, whatever the tag', async () => {
    const api = fakeRegistryApi({
      rows: [
        registryRow(1, REPO, '1.0'),
        registryRow(2, REPO, 'nightly', { ImageDigest: DIGEST.toUpperCase() }),
        registryRow(3, `${REPO}-old`, 'nightly', { ImageDigest: DIGEST })
      ]
    })
    const found = await find(`${REPO}@${DIGEST}`, api)
    expect(found.map((image) => image.key)).toEqual(['registry:2'])
  })

  it('never takes a digest-less or prefix-digest row of the same repository for a digest reference', async () => {
    const api = fakeRegistryApi({
      rows: [
        registryRow(1, REPO, 'latest', { ImageDigest: '' }),
        registryRow(2, REPO, 'latest', { ImageDigest: undefined }),
        registryRow(3, REPO, 'latest', { ImageDigest: DIGEST.slice(0, 30) })
      ]
    })
    const error = await rejection(find(`${REPO}@${DIGEST}`, api, { deadlineMs: 12_000 }))
    expect(error).toBeInstanceOf(ScanError)
    expect((error as ScanError).scanStatus).toBe('timeout')
    expect(error.message).toContain(`no image with exactly that repository address and digest`)
    expect(api.calls.filter((call) => !call.startsWith('DescribeAssetImageRegistryList'))).toEqual(
      []
    )
  })

  it('reads the registry list again when its TotalCount moves while paged: a second image shows', async () => {
    const filler = Array.from({ length: 149 }, (_, i) => registryRow(i + 1, `${REPO}-other`, '1.0'))
    const first = registryRow(200, REPO, '1.0', { ImageDigest: DIGEST })
    const second = registryRow(201, REPO, '1.0', { ImageDigest: `sha256:${'cd'.repeat(32)}` })
    const page = (
      rows: Record<string, unknown>[],
      total: number,
      offset: number,
      limit: number
    ) => ({
      TotalCount: total,
      List: rows.slice(offset, offset + limit),
      RequestId: 'req-list'
    })
    // Page 2 of the first read already counts an image pushed meanwhile (151), and holds
    // exactly the 50 rows page 1's TotalCount (150) left for it: only TotalCount moved.
    const api = fakeRegistryApi({
      listPage: (call, offset, limit) =>
        call < 2
          ? page([...filler, first], offset === 0 ? 150 : 151, offset, limit)
          : page([...filler, first, second], 151, offset, limit)
    })
    const error = await rejection(find(`${REPO}:1.0`, api))
    expect(error).toBeInstanceOf(AmbiguousImageError)
    expect((error as AmbiguousImageError).candidates).toEqual(['200', '201'])
    expect(api.calls.filter((call) => call.startsWith('DescribeAssetImageRegistryList'))).toEqual([
      'DescribeAssetImageRegistryList 0',
      'DescribeAssetImageRegistryList 100',
      // The re-read pages with boundaries half a page away.
      'DescribeAssetImageRegistryList 0',
      'DescribeAssetImageRegistryList 50',
      'DescribeAssetImageRegistryList 150'
    ])
  })

  it('fails closed when the TotalCount of the registry list never stops moving between pages', async () => {
    const rows = [
      ...Array.from({ length: 149 }, (_, i) => registryRow(i + 1, `${REPO}-other`, '1.0')),
      registryRow(200, REPO, '1.0')
    ]
    const api = fakeRegistryApi({
      listPage: (_call, offset, limit) => ({
        TotalCount: offset === 0 ? 150 : 151,
        List: rows.slice(offset, offset + limit),
        RequestId: 'req-list'
      })
    })
    const error = await rejection(find(`${REPO}:1.0`, api))
    expect(error).toBeInstanceOf(ListNeverSettledError)
    expect(error.message).toContain('TotalCount went from 150 to 151')
    expect(api.calls.filter((call) => !call.startsWith('DescribeAssetImageRegistryList'))).toEqual(
      []
    )
  })

  it('never takes a look-alike: it waits and times out naming them', async () => {
    const api = fakeRegistryApi({
      rows: [
        registryRow(1, `${REPO}-old`, '1.0'),
        registryRow(2, REPO, '1.0-rc'),
        registryRow(3, REPO, '1.00'),
        registryRow(4, `other.example.com/team/app`, '1.0'),
        registryRow(5, `${HOST}/x/team/app`, '1.0'),
        registryRow(6, REPO.toUpperCase(), '1.0')
      ]
    })
    const error = await rejection(find(`${REPO}:1.0`, api, { deadlineMs: 12_000 }))
    expect(error).toBeInstanceOf(ScanError)
    expect((error as ScanError).scanStatus).toBe('timeout')
    expect(error.message).toContain(`waiting for registry image ${REPO}:1.0 to appear in TCSS`)
    expect(error.message).toContain(`${REPO}:1.0-rc`)
    expect(error.message).toContain('other.example.com/team/app:1.0')
    expect(error.message).toContain('scan: never, so the gate did not ask TCSS to sync')
    expect(api.calls).not.toContain('SyncAssetImageRegistryAsset')
  })
})

describe('parseServiceTime', () => {
  it('reads a time without zone as China Standard Time (UTC+8)', () => {
    expect(parseServiceTime('2026-11-20 18:00:00')).toBe(TEN_UTC)
    expect(parseServiceTime('2026-11-20T18:00:00')).toBe(TEN_UTC)
    expect(parseServiceTime('2026-11-20 18:00:00.500')).toBe(TEN_UTC + 500)
  })

  it('honours the zone a time carries', () => {
    expect(parseServiceTime('2026-11-20T10:00:00Z')).toBe(TEN_UTC)
    expect(parseServiceTime('2026-11-20T18:00:00+08:00')).toBe(TEN_UTC)
    expect(parseServiceTime('2026-11-20T18:00:00+0800')).toBe(TEN_UTC)
    expect(parseServiceTime('2026-11-20T05:00:00-05:00')).toBe(TEN_UTC)
  })

  it.each([[''], ['yesterday'], ['2026-11-20'], ['2026-13-40 99:00:00'], [null], [TEN_UTC]])(
    'reads %p as no time at all',
    (value) => {
      expect(parseServiceTime(value)).toBeUndefined()
    }
  )
})

describe('taskState', () => {
  it('reads plain failures, and takes every other name, known or not, as progress', () => {
    expect(taskState('SCANNING', 40)).toEqual({
      state: 'progress',
      detail: 'task status "SCANNING", 40 %'
    })
    expect(taskState('END', undefined)).toEqual({ state: 'progress', detail: 'task status "END"' })
    expect(taskState(undefined, undefined)).toEqual({
      state: 'progress',
      detail: 'task status missing'
    })
    expect(taskState('SCAN_ERR', 0)).toEqual({
      state: 'failed',
      status: 'error',
      reason: 'task status SCAN_ERR'
    })
    expect(taskState('CANCELED', 0)).toMatchObject({ state: 'failed', status: 'canceled' })
    expect(taskState('scan_timeout', 0)).toMatchObject({ state: 'failed', status: 'timeout' })
    for (const name of ['HALF_DONE', 'READY', 'FINISHED', 'SUCCESS', 'NOT_SCAN']) {
      expect(taskState(name, 0).state).toBe('progress')
    }
  })
})

describe('readScannedFindings', () => {
  /** Runs the flow on `image` with a 60 s deadline; the runner's clock never enters. */
  const run = (image: ReturnType<typeof scriptedImage>, scan: ScanMode, deadlineMs = 60_000) => {
    const clock = fakeClock()
    const log = recordingLog()
    const result = readScannedFindings(image, {
      requester: fakeRequester(clock, { deadlineMs }),
      clock,
      pollIntervalMs: 5000,
      scan,
      log
    })
    return { result, clock, log }
  }
  const scanned = (scanTime?: number): ScanState => ({ status: 'scanned', scanTime })
  const progress = (detail: string): TaskState => ({ state: 'progress', detail })
  const OLD = TEN_UTC - 86_400_000

  it('if-not-scanned reads a scanned image without starting a scan', async () => {
    const image = scriptedImage({ statuses: [scanned(OLD)] })
    await run(image, 'if-not-scanned').result
    expect(image.calls).toEqual(['status scanned', 'findings'])
  })

  it.each(['not-scanned', 'error', 'canceled'] as const)(
    'if-not-scanned starts one scan of an image whose status is %s, and takes the scan the image then shows',
    async (status) => {
      const image = scriptedImage({
        statuses: [{ status, scanTime: OLD }, { status, scanTime: OLD }, scanned(TEN_UTC)],
        tasks: [progress('task status "READY"'), progress('task status "END"')]
      })
      await run(image, 'if-not-scanned').result
      expect(image.tasksStarted).toBe(1)
      expect(image.calls).toEqual([
        `status ${status}`,
        'scan time',
        'startScan',
        `status+time ${status}`,
        'task progress',
        'status+time scanned',
        'findings'
      ])
    }
  )

  it('takes any task status name as progress: only the image says when the scan is done', async () => {
    for (const name of ['END', 'READY', 'FINISHED', 'DONE_X', '']) {
      const image = scriptedImage({
        statuses: [{ status: 'not-scanned' }, { status: 'not-scanned' }, scanned(TEN_UTC)],
        tasks: [taskState(name, 100)]
      })
      await run(image, 'if-not-scanned').result
      expect(image.calls.at(-1)).toBe('findings')
    }
    // A name that says "finished" proves nothing while the image shows no newer scan.
    const stale = scriptedImage({
      statuses: [scanned(OLD)],
      tasks: [taskState('FINISHED', 100)]
    })
    const error = await rejection(run(stale, 'always', 20_000).result)
    expect((error as ScanError).scanStatus).toBe('timeout')
    expect(stale.calls).not.toContain('findings')
  })

  it('needs no TaskID: the image shows the scan the gate asked for', async () => {
    const image = scriptedImage({
      statuses: [scanned(OLD), { status: 'scanning', scanTime: OLD }, scanned(TEN_UTC)],
      start: () => ({ id: '' })
    })
    const { result, log } = run(image, 'always')
    await result
    expect(image.calls).toEqual([
      'status+time scanned',
      'startScan',
      'status+time scanning',
      'status+time scanned',
      'findings'
    ])
    expect(log.lines.join('\n')).toContain('names no TaskID')
  })

  it('never starts a second task, whatever the service shows after the first', async () => {
    for (const scan of ['if-not-scanned', 'always'] as const) {
      const image = scriptedImage({
        statuses: [
          { status: 'not-scanned' },
          { status: 'not-scanned' },
          scanned(),
          { status: 'not-scanned' }
        ]
      })
      const error = await rejection(run(image, scan).result)
      expect((error as ScanError).scanStatus).toBe('timeout')
      expect(error.message).toContain('after the gate started scan task task-1')
      expect(image.tasksStarted).toBe(1)
      expect(image.calls.filter((call) => call === 'startScan')).toHaveLength(1)
    }
  })

  it('always takes only a scan newer than the one the image showed before, on the service clock', async () => {
    const BEFORE = TEN_UTC + 3_600_000 // the service's clock, far from the runner's
    const image = scriptedImage({
      statuses: [scanned(BEFORE), scanned(BEFORE), scanned(BEFORE - 1000), scanned(BEFORE + 1000)]
    })
    await run(image, 'always').result
    expect(image.calls).toEqual([
      'status+time scanned',
      'startScan',
      'status+time scanned',
      'task progress',
      'status+time scanned',
      'task progress',
      'status+time scanned',
      'findings'
    ])
  })

  it('always never takes the scan the image had before, nor one without a scan time', async () => {
    const same = scriptedImage({ statuses: [scanned(OLD)] })
    expect(((await rejection(run(same, 'always', 20_000).result)) as ScanError).scanStatus).toBe(
      'timeout'
    )
    expect(same.calls).not.toContain('findings')
    const untimed = scriptedImage({ statuses: [{ status: 'not-scanned' }, scanned()] })
    await rejection(run(untimed, 'always', 20_000).result)
    expect(untimed.calls).not.toContain('findings')
  })

  it('newerThan compares the service times alone', () => {
    expect(newerThan({ status: 'scanned', scanTime: 1000 }, scanned(2000))).toBe(true)
    expect(newerThan({ status: 'scanned', scanTime: 1000 }, scanned(1000))).toBe(false)
    expect(newerThan({ status: 'scanned', scanTime: undefined }, scanned(1000))).toBe(false)
    expect(newerThan({ status: 'scanning', scanTime: 1000 }, scanned(1000))).toBe(true)
    expect(newerThan({ status: 'scanning', scanTime: 1000 }, scanned(999))).toBe(false)
    expect(newerThan({ status: 'not-scanned', scanTime: undefined }, scanned(5))).toBe(true)
    expect(newerThan({ status: 'error', scanTime: 1000 }, scanned(1000))).toBe(false)
    expect(newerThan({ status: 'not-scanned', scanTime: undefined }, scanned())).toBe(false)
    expect(
      newerThan({ status: 'not-scanned', scanTime: undefined }, { status: 'scanning', scanTime: 9 })
    ).toBe(false)
  })

  it.each(['never', 'if-not-scanned', 'always'] as const)(
    'scan: %s fails an unauthorized image at once, with no task',
    async (scan) => {
      const image = scriptedImage({
        statuses: [{ status: 'not-scanned' }],
        authorization: { authorized: false, scanVirusError: 'no license' },
        start: () => {
          throw new AlreadyScanningError('already scanning, or not authorized')
        }
      })
      const { result, clock } = run(image, scan)
      const error = await rejection(result)
      expect(error).toBeInstanceOf(ScanError)
      expect(error.message).toContain(
        'Image fake-image is not authorized for scanning in TCSS (IsAuthorized 0) (ScanVirusError: no license)'
      )
      expect((error as ScanError).scanStatus).toBe('not-scanned')
      expect(clock.slept).toEqual([])
      expect(image.tasksStarted).toBe(0)
    }
  )

  it('on a refused task asks whether the image is authorized and scanning, then waits for that scan', async () => {
    const image = scriptedImage({
      statuses: [{ status: 'not-scanned' }, { status: 'scanning' }, scanned(OLD)],
      start: () => {
        throw new AlreadyScanningError('FailedOperation: busy')
      }
    })
    const { result, log } = run(image, 'if-not-scanned')
    await result
    expect(image.calls).toEqual([
      'status not-scanned',
      'scan time',
      'startScan',
      'authorization',
      'status+time scanning',
      'status+time scanned',
      'findings'
    ])
    expect(log.lines.join('\n')).toContain('while one is running; waiting for that scan')
  })

  it('always, refused while the image is scanning, never takes the old scan the image then shows', async () => {
    const image = scriptedImage({
      statuses: [scanned(OLD), { status: 'scanning', scanTime: OLD }, scanned(OLD)],
      start: () => {
        throw new AlreadyScanningError('FailedOperation.ErrAlreadyScanning: busy')
      }
    })
    const error = await rejection(run(image, 'always', 20_000).result)
    expect((error as ScanError).scanStatus).toBe('timeout')
    expect(image.calls).not.toContain('findings')
  })

  it('fails at once with the refusal when the image is neither scanning nor unauthorized', async () => {
    const image = scriptedImage({
      statuses: [scanned(OLD)],
      start: () => {
        throw new AlreadyScanningError(
          'FailedOperation: quota',
          new ApiError('CreateAssetImageScanTask', 'FailedOperation', 'quota', 'req-7')
        )
      }
    })
    const { result, clock } = run(image, 'always')
    const error = await rejection(result)
    expect(error.message).toContain(
      'TCSS refused the virus scan task for image fake-image (CreateAssetImageScanTask failed: FailedOperation: quota (RequestId: req-7))'
    )
    expect(clock.slept).toEqual([])
  })

  it.each(['error', 'canceled'] as const)(
    'fails closed with the reason of a task that plainly ends with status %s',
    async (status) => {
      const failed: TaskState = { state: 'failed', status, reason: `task status SCAN_${status}` }
      const image = scriptedImage({
        statuses: [{ status: 'not-scanned' }, { status: 'not-scanned' }, { status: 'scanning' }],
        tasks: [progress('task status "SCANNING"'), failed]
      })
      const error = await rejection(run(image, 'if-not-scanned').result)
      expect(error).toBeInstanceOf(ScanError)
      expect((error as ScanError).scanStatus).toBe(status)
      expect(error.message).toContain(
        `The TCSS virus scan task task-1 for image fake-image ended without a result: ${failed.reason}.`
      )
      expect(image.calls).not.toContain('findings')
    }
  )

  it('takes a fresh scan even when the task then says it failed', async () => {
    const image = scriptedImage({
      statuses: [{ status: 'not-scanned' }, scanned(TEN_UTC)],
      tasks: [{ state: 'failed', status: 'error', reason: 'task status FAILED' }]
    })
    await run(image, 'if-not-scanned').result
    expect(image.calls.at(-1)).toBe('findings')
  })

  it('scan: never waits for a scan it does not start, and says how to get one', async () => {
    const image = scriptedImage({ statuses: [{ status: 'not-scanned' }] })
    const error = await rejection(run(image, 'never', 20_000).result)
    expect((error as ScanError).scanStatus).toBe('timeout')
    expect(error.message).toContain('The gate does not start scans with scan: never')
    expect(image.calls).not.toContain('startScan')
  })
})

describe('registry images through the scan flow', () => {
  const flow = async (
    api: ReturnType<typeof fakeRegistryApi>,
    scan: ScanMode,
    reference = `${REPO}:1.0`
  ) => {
    const clock = fakeClock()
    const log = recordingLog()
    const requester = fakeRequester(clock, { deadlineMs: 60_000 })
    const base = { api, requester, clock, pollIntervalMs: 5000, log }
    const [image] = await findRegistryImages(parseRegistryReference(reference), {
      ...base,
      concurrency: 2,
      scan,
      sync: new RegistrySync(base)
    })
    return readScannedFindings(image, {
      requester,
      clock,
      pollIntervalMs: 5000,
      scan,
      log
    })
  }
  const creates = (api: { calls: string[] }) =>
    api.calls.filter((call) => call.startsWith('CreateAssetImageRegistryScanTask'))

  it('takes a scan time in China Standard Time newer than the one before the task, the same one not', async () => {
    const at = (scanTime: string) =>
      fakeRegistryApi({
        rows: [registryRow(1, REPO, '1.0')],
        detail: (_id, call) => ({ ScanTime: call === 0 ? '2026-11-20 17:59:59' : scanTime }),
        virusRows: [{ FileMd5: 'aa', Path: 'srv/x', RiskLevel: '4' }]
      })
    const newer = at('2026-11-20 18:00:00')
    await expect(flow(newer, 'always')).resolves.toMatchObject([
      { path: '/srv/x', level: 'critical' }
    ])
    expect(creates(newer)).toEqual(['CreateAssetImageRegistryScanTask 1'])
    // The same instant written with a zone is the same scan.
    const same = at('2026-11-20T09:59:59Z')
    await expect(flow(same, 'always')).rejects.toThrow(/Timed out .* after the gate started/)
    expect(creates(same)).toHaveLength(1)
  })

  it.each(['never', 'if-not-scanned', 'always'] as const)(
    'scan: %s fails an image listed as unauthorized without a task',
    async (scan) => {
      const api = fakeRegistryApi({
        rows: [registryRow(1, REPO, '1.0', { IsAuthorized: 0 })],
        detail: () => ({ VirusStatus: 'NOT_SCAN', IsAuthorized: 0 })
      })
      await expect(flow(api, scan)).rejects.toThrow(/is not authorized for scanning/)
      expect(creates(api)).toEqual([])
    }
  )

  it('on ErrAlreadyScanning reads IsAuthorized: 0 fails, 1 waits for the running scan', async () => {
    const refused = (authorized: number) =>
      fakeRegistryApi({
        rows: [registryRow(1, REPO, '1.0', { IsAuthorized: undefined })],
        detail: (_id, call) => ({
          VirusStatus: ['NOT_SCAN', 'NOT_SCAN', 'SCANNING', 'SCANNING'][call] ?? 'SCANNED',
          ScanTime: call >= 4 ? '2026-11-20 18:00:00' : '',
          IsAuthorized: authorized
        }),
        createTask: () => {
          throw new ApiError('CreateAssetImageRegistryScanTask', ERR_ALREADY_SCANNING, 'busy', 'r')
        }
      })
    const unauthorized = refused(0)
    await expect(flow(unauthorized, 'if-not-scanned')).rejects.toThrow(/not authorized/)
    const busy = refused(1)
    await expect(flow(busy, 'if-not-scanned')).resolves.toEqual([])
    expect(busy.calls).not.toContain('DescribeAssetImageRegistryScanStatusOneKey')
  })

  it.each([
    ['SCAN_ERR', 'error'],
    ['SCAN_CANCELED', 'canceled']
  ])('fails closed when the task plainly ends with status %s', async (status, scanStatus) => {
    const api = fakeRegistryApi({
      rows: [registryRow(1, REPO, '1.0')],
      detail: () => ({ VirusStatus: 'NOT_SCAN' }),
      taskStatus: (call) => (call === 0 ? 'SCANNING' : status)
    })
    const error = await rejection(flow(api, 'if-not-scanned'))
    expect(error).toBeInstanceOf(ScanError)
    expect((error as ScanError).scanStatus).toBe(scanStatus)
    expect(error.message).toMatch(/task 901 for image .* ended without a result: task status/)
    expect(error.message).toContain(status)
    expect(creates(api)).toHaveLength(1)
  })

  it('waits on a task status it does not know, and says so, never failing on the name', async () => {
    const api = fakeRegistryApi({
      rows: [registryRow(1, REPO, '1.0')],
      detail: () => ({ VirusStatus: 'NOT_SCAN' }),
      taskStatus: () => 'SOMETHING_ELSE'
    })
    const error = await rejection(flow(api, 'if-not-scanned'))
    expect((error as ScanError).scanStatus).toBe('timeout')
    expect(creates(api)).toHaveLength(1)
  })

  it('fails closed on a virus status it does not know, naming it', async () => {
    const api = fakeRegistryApi({
      rows: [registryRow(1, REPO, '1.0')],
      detail: () => ({ VirusStatus: 'HALF_DONE' })
    })
    await expect(flow(api, 'never')).rejects.toThrow(/VirusStatus "HALF_DONE"/)
  })
})

describe('gateImages', () => {
  it('starts one scan task per registry image, even when two lines find overlapping sets of Ids', async () => {
    const DIGEST = `sha256:${'cd'.repeat(32)}`
    const clock = fakeClock()
    const log = recordingLog()
    const requester = fakeRequester(clock, { deadlineMs: 60_000 })
    const created = (id: number) => api.calls.includes(`CreateAssetImageRegistryScanTask ${id}`)
    const api: ReturnType<typeof fakeRegistryApi> = fakeRegistryApi({
      rows: [
        registryRow(81, REPO, '8.0', { ImageDigest: DIGEST }),
        registryRow(82, REPO, '8.1', { ImageDigest: DIGEST })
      ],
      detail: (id) =>
        created(id)
          ? { VirusStatus: 'SCANNED', ScanTime: '2026-11-20 18:00:30' }
          : { VirusStatus: 'NOT_SCAN', ScanTime: '' }
    })
    const base = { api, requester, clock, pollIntervalMs: 5000, concurrency: 2, log }
    const results = await gateImages(
      [
        { registryImage: parseRegistryReference(`${REPO}:8.0`) },
        { registryImage: parseRegistryReference(`${REPO}@${DIGEST}`) }
      ],
      {
        ...base,
        policy: policy(),
        today: TODAY,
        scan: 'if-not-scanned',
        registrySync: new RegistrySync(base),
        platforms: [],
        // The registry names one single-platform manifest by both lines.
        registry: {
          read: () =>
            Promise.resolve({
              digest: DIGEST,
              index: false,
              platforms: [{ platform: '', digest: DIGEST, configDigest: '' }],
              skipped: []
            })
        }
      }
    )
    expect(results.map((result) => result.verdict)).toEqual(['pass', 'pass'])
    expect(api.calls.filter((call) => call.startsWith('CreateAssetImageRegistryScanTask'))).toEqual(
      ['CreateAssetImageRegistryScanTask 81', 'CreateAssetImageRegistryScanTask 82']
    )
  })
})

describe('the scan flow, other endings', () => {
  const run = (image: ReturnType<typeof scriptedImage>, scan: ScanMode) => {
    const clock = fakeClock()
    return readScannedFindings(image, {
      requester: fakeRequester(clock, { deadlineMs: 60_000 }),
      clock,
      pollIntervalMs: 5000,
      scan,
      log: recordingLog()
    })
  }

  it.each(['error', 'canceled'] as const)(
    'fails when the image shows %s after the task it started finished',
    async (status) => {
      const image = scriptedImage({
        statuses: [{ status: 'not-scanned' }, { status: 'not-scanned' }, { status }]
      })
      const error = await rejection(run(image, 'if-not-scanned'))
      expect((error as ScanError).scanStatus).toBe(status)
      expect(error.message).toContain(
        `that the gate asked for (scan task task-1) ended with status ${status}`
      )
    }
  )

  it('fails when a scan that was already running ends in error', async () => {
    const image = scriptedImage({
      statuses: [{ status: 'not-scanned' }, { status: 'scanning' }, { status: 'error' }],
      start: () => {
        throw new AlreadyScanningError('busy')
      }
    })
    await expect(run(image, 'if-not-scanned')).rejects.toThrow(
      'The TCSS virus scan of image fake-image that was already running ended with status error;'
    )
  })

  it('scan: never waits for a running scan, and fails at once on one that ended in error or was canceled', async () => {
    const waits = scriptedImage({ statuses: [{ status: 'scanning' }, scanned()] })
    await run(waits, 'never')
    expect(waits.calls).toEqual(['status scanning', 'status scanned', 'findings'])
    for (const status of ['error', 'canceled'] as const) {
      const image = scriptedImage({ statuses: [{ status }] })
      const error = await rejection(run(image, 'never'))
      expect((error as ScanError).scanStatus).toBe(status)
      expect(error.message).toContain('set scan: if-not-scanned to let the gate start one')
      expect(image.calls).toEqual([`status ${status}`])
    }
  })

  function scanned(): ScanState {
    return { status: 'scanned' }
  }
})

/** The scan flow over a LocalImage of `api`, with a 60 s deadline; its log for assertions. */
async function scanLocal(
  api: TcssApi,
  imageId: string,
  scan: ScanMode,
  concurrency = 2
): Promise<{ findings: Finding[]; log: ReturnType<typeof recordingLog> }> {
  const clock = fakeClock()
  const log = recordingLog()
  const options = {
    api,
    imageId,
    requester: fakeRequester(clock, { deadlineMs: 60_000 }),
    clock,
    pollIntervalMs: 5000,
    concurrency,
    log
  }
  const findings = await readScannedFindings(new LocalImage(options, 'team/app:1.0'), {
    ...options,
    scan
  })
  return { findings, log }
}

describe('one snapshot of a local image', () => {
  const IMAGE = `sha256:${'34'.repeat(32)}`
  /**
   * scan: always on a scanned image. The new scan (a critical file) finishes
   * right after the `finishAfterList`-th status page is served, so that page
   * still shows the old scan's result (status 2, one low file).
   */
  const service = (finishAfterList: number) => {
    let lists = 0
    let finished = false
    const calls: string[] = []
    const api = fakeTcss({
      describeAssetImageVirusList: async (request) => {
        calls.push(`list ${String(request.Offset)}`)
        const rows = finished ? [virusRow('cc', '/new', 4)] : [virusRow('aa', '/old', 1)]
        if (request.Offset === 0 && ++lists === finishAfterList) {
          queueMicrotask(() => {
            finished = true
          })
        }
        return { VirusScanStatus: 2, TotalCount: 1, List: rows, RequestId: 'r' }
      },
      describeAssetImageDetail: async () => {
        calls.push('detail')
        return {
          IsAuthorized: 1,
          ScanTime: finished ? '2026-11-20T10:05:00Z' : '2026-11-20T09:00:00Z'
        }
      },
      createAssetImageScanTask: async () => ({ TaskID: 't-1', RequestId: 'r' }),
      describeAssetImageScanStatus: async () => ({ Status: 'SCANNING', RequestId: 'r' })
    })
    return { api, calls }
  }

  it('never judges the page of the scan before when the new one finishes right after it', async () => {
    for (const finishAfterList of [1, 2, 3]) {
      const { api, calls } = service(finishAfterList)
      const { findings } = await scanLocal(api, IMAGE, 'always')
      expect({ finishAfterList, findings: findings.map((item) => item.path) }).toEqual({
        finishAfterList,
        findings: ['/new']
      })
      expect(calls.filter((call) => call === 'list 0').length).toBeGreaterThan(finishAfterList)
    }
  })
})

describe('one snapshot of a local image, across pages', () => {
  it('reads again when a newer scan finishes while the pages are read', async () => {
    const IMAGE = `sha256:${'56'.repeat(32)}`
    const phases = [
      { time: '2026-11-20T09:00:00Z', prefix: 'old' },
      { time: '2026-11-20T10:05:00Z', prefix: 'a' },
      { time: '2026-11-20T10:06:00Z', prefix: 'b' }
    ]
    let phase = 0
    let firstPages = 0
    const rowsOf = (prefix: string) =>
      Array.from({ length: 150 }, (_, i) => virusRow(`${prefix}${i}`, `/${prefix}/${i}`, 1))
    const api = fakeTcss({
      describeAssetImageVirusList: async (request) => {
        const offset = Number(request.Offset)
        const rows = rowsOf(phases[phase].prefix).slice(offset, offset + Number(request.Limit))
        // Scan "a" finishes after the first status page, scan "b" after the second.
        if (offset === 0 && ++firstPages <= 2) {
          queueMicrotask(() => {
            phase = firstPages
          })
        }
        return { VirusScanStatus: 2, TotalCount: 150, List: rows, RequestId: 'r' }
      },
      describeAssetImageDetail: async () => ({ IsAuthorized: 1, ScanTime: phases[phase].time }),
      createAssetImageScanTask: async () => ({ TaskID: 't-1', RequestId: 'r' }),
      describeAssetImageScanStatus: async () => ({ Status: 'SCANNING', RequestId: 'r' })
    })
    const { findings, log } = await scanLocal(api, IMAGE, 'always', 1)
    expect(findings).toHaveLength(150)
    expect(new Set(findings.map((item) => item.path.split('/')[1]))).toEqual(new Set(['b']))
    expect(log.lines.join('\n')).toContain('the scan time moved from 2026-11-20T10:05:00Z')
  })
})

describe('registry findings read under any order', () => {
  it('fails closed on a row every later page repeats in place of its own last row', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => ({
      FileMd5: `m${i}`,
      Path: `srv/${i}`,
      RiskLevel: '1'
    }))
    // Whatever the boundaries, a page after the first repeats the row before it and drops
    // its own last one: the same on every read, and never two rows of one key on one page.
    const virusPage = (offset: number, limit: number) => ({
      TotalCount: 150,
      List:
        offset === 0
          ? rows.slice(0, limit)
          : [rows[offset - 1], ...rows.slice(offset, offset + limit - 1)].slice(
              0,
              Math.min(limit, 150 - offset)
            ),
      RequestId: 'req-virus'
    })
    const api = fakeRegistryApi({ rows: [registryRow(1, REPO, '1.0')], virusPage })
    const clock = fakeClock()
    const log = recordingLog()
    const requester = fakeRequester(clock, { deadlineMs: 60_000 })
    const base = { api, requester, clock, pollIntervalMs: 5000, log }
    const [image] = await findRegistryImages(parseRegistryReference(`${REPO}:1.0`), {
      ...base,
      concurrency: 2,
      scan: 'never',
      sync: new RegistrySync(base)
    })
    const error = await rejection(image.readFindings())
    expect(error).toBeInstanceOf(ListNeverSettledError)
    expect((error as ListNeverSettledError).problems.at(-1)).toMatch(/^the list is inconsistent/)
  })
})

describe('status 3 under if-not-scanned', () => {
  it('rescans a local image whose last virus scan ended in error, and judges the new scan', async () => {
    const IMAGE = `sha256:${'78'.repeat(32)}`
    const api = fakeLocalApi({
      statuses: [3, 3, 1, 2],
      rows: [virusRow('dd', '/z', 4)],
      detail: (created) => ({
        ScanTime: created > 0 ? '2026-11-20T10:00:10Z' : '2026-11-19T10:00:00Z'
      })
    })
    const { findings } = await scanLocal(api, IMAGE, 'if-not-scanned')
    expect(findings).toMatchObject([{ path: '/z', level: 'critical' }])
    expect(api.calls.filter((call) => call.startsWith('CreateAssetImageScanTask'))).toHaveLength(1)
  })
})

describe('LocalImage', () => {
  const IMAGE = `sha256:${'12'.repeat(32)}`
  const local = (api: TcssApi) => {
    const clock = fakeClock()
    const log = recordingLog()
    const options = {
      api,
      imageId: IMAGE,
      requester: fakeRequester(clock, { deadlineMs: 60_000 }),
      clock,
      pollIntervalMs: 5000,
      concurrency: 2,
      log
    }
    return { image: new LocalImage(options, 'team/app:1.0'), options, clock }
  }

  it('says a time-out in its error, while the last status stays the one the image showed', async () => {
    const { image } = local(fakeLocalApi({ statuses: [1], rows: [] }))
    const error = (await image.readFindings().catch((caught: unknown) => caught)) as ScanError
    expect(error).toBeInstanceOf(ScanError)
    expect(error.scanStatus).toBe('timeout')
    expect(error.message).toContain('(last status: scanning)')
    expect(image.lastStatus).toBe('scanning')
  })

  it('makes a call the fake API does not serve fail with the name of that call', async () => {
    const { image } = local(fakeTcss({}))
    await expect(image.readScanTime()).rejects.toThrow('not implemented: describeAssetImageDetail')
    await expect(image.readStatus(false)).rejects.toThrow(
      'not implemented: describeAssetImageVirusList'
    )
  })

  it('reads the status, the scan time only when asked and scanned, and the findings of that read', async () => {
    const api = fakeLocalApi({ statuses: [1, 2], rows: [virusRow('aa', '/x', 4)] })
    const { image } = local(api)
    await expect(image.readStatus(false)).resolves.toEqual({ status: 'scanning' })
    await expect(image.readStatus(true)).resolves.toEqual({ status: 'scanned', scanTime: TEN_UTC })
    expect(image.lastStatus).toBe('scanned')
    await expect(image.readFindings()).resolves.toMatchObject([{ path: '/x', level: 'critical' }])
    // The scan time before the status page, and again after paging: one scan.
    expect(api.calls).toEqual([
      `DescribeAssetImageVirusList ${IMAGE} 0`,
      `DescribeAssetImageDetail ${IMAGE}`,
      `DescribeAssetImageVirusList ${IMAGE} 0`,
      `DescribeAssetImageDetail ${IMAGE}`
    ])
  })

  it('reads IsAuthorized and ScanVirusError', async () => {
    const { image } = local(fakeLocalApi({ detail: { IsAuthorized: 0, ScanVirusError: 'no' } }))
    await expect(image.readAuthorization()).resolves.toEqual({
      authorized: false,
      scanVirusError: 'no'
    })
    const { image: unknown } = local(fakeLocalApi({ detail: { IsAuthorized: 'yes' } }))
    await expect(unknown.readAuthorization()).resolves.toEqual({
      authorized: undefined,
      scanVirusError: ''
    })
  })

  it('starts a virus scan of this image alone and polls its task', async () => {
    const api = fakeLocalApi({ taskStatus: (call) => (call === 0 ? 'SCANNING' : 'SCAN_ERR') })
    const { image } = local(api)
    const task = await image.startScan()
    expect(task.id).toBe('task-local-1')
    const poll = task.poll as NonNullable<typeof task.poll>
    await expect(poll()).resolves.toEqual({
      state: 'progress',
      detail: 'task status "SCANNING", 100 %'
    })
    await expect(poll()).resolves.toMatchObject({ state: 'failed', status: 'error' })
    expect(api.calls[0]).toBe(
      `CreateAssetImageScanTask {"Images":["${IMAGE}"],"ScanVirus":true,"ScanScope":1}`
    )
  })

  it('takes a task without TaskID as asked for, and reports a refusal for the image to explain', async () => {
    const { image } = local(fakeLocalApi({ createTask: () => ({ RequestId: 'r-9' }) }))
    await expect(image.startScan()).resolves.toEqual({ id: '' })
    const { image: plain } = local(
      fakeLocalApi({
        createTask: () => {
          throw new ApiError('CreateAssetImageScanTask', 'FailedOperation', 'busy', 'r')
        }
      })
    )
    await expect(plain.startScan()).rejects.toThrow(AlreadyScanningError)
    const { image: denied } = local(
      fakeLocalApi({
        createTask: () => {
          throw new ApiError('CreateAssetImageScanTask', 'UnauthorizedOperation', 'no', 'r')
        }
      })
    )
    await expect(denied.startScan()).rejects.toThrow(ApiError)
    const { image: busy } = local(
      fakeLocalApi({
        createTask: () => {
          throw new ApiError('CreateAssetImageScanTask', ERR_ALREADY_SCANNING, 'busy', 'r')
        }
      })
    )
    await expect(busy.startScan()).rejects.toThrow(AlreadyScanningError)
  })

  it('goes through the whole flow: not scanned, one task, then the new results', async () => {
    const api = fakeLocalApi({
      statuses: [0, 1, 2],
      rows: [virusRow('bb', '/y', 2)],
      detail: (created) => ({ ScanTime: created > 0 ? '2026-11-20T10:00:10Z' : '' })
    })
    const { image, options } = local(api)
    const findings = await readScannedFindings(image, {
      ...options,
      scan: 'if-not-scanned'
    })
    expect(findings).toMatchObject([{ path: '/y', level: 'medium' }])
    expect(api.calls.filter((call) => call.startsWith('CreateAssetImageScanTask'))).toHaveLength(1)
  })
})

describe('registry images, sync and moving reads', () => {
  const setup = (api: ReturnType<typeof fakeRegistryApi>, scan: ScanMode) => {
    const clock = fakeClock()
    const log = recordingLog()
    const requester = fakeRequester(clock, { deadlineMs: 60_000 })
    const base = { api, requester, clock, pollIntervalMs: 5000, log }
    return { base, scan, log, sync: new RegistrySync(base) }
  }

  it('asks TCSS once to sync the registry when the image is not listed yet, unless scan is never', async () => {
    const rows = [registryRow(1, REPO, '1.0')]
    const api = fakeRegistryApi({
      listPage: () => {
        const listed = api.calls.includes('DescribeAssetImageRegistryAssetStatus') ? rows : []
        return { TotalCount: listed.length, List: listed, RequestId: 'r' }
      }
    })
    const { base, sync } = setup(api, 'if-not-scanned')
    const found = await findRegistryImages(parseRegistryReference(`${REPO}:1.0`), {
      ...base,
      concurrency: 2,
      scan: 'if-not-scanned',
      sync
    })
    expect(found).toHaveLength(1)
    expect(api.calls.filter((call) => call === 'SyncAssetImageRegistryAsset')).toHaveLength(1)
    await sync.step()
    expect(sync.note).toBe('the registry asset sync succeeded')
    expect(api.calls.filter((call) => call === 'SyncAssetImageRegistryAsset')).toHaveLength(1)
  })

  it('never judges findings read while the virus status moved', async () => {
    const api = fakeRegistryApi({
      rows: [registryRow(1, REPO, '1.0')],
      detail: (_id, call) => ({ VirusStatus: call % 2 === 0 ? 'SCANNED' : 'SCANNING' })
    })
    const { base } = setup(api, 'never')
    const [image] = await findRegistryImages(parseRegistryReference(`${REPO}:1.0`), {
      ...base,
      concurrency: 2,
      scan: 'never',
      sync: new RegistrySync(base)
    })
    const error = await rejection(image.readFindings())
    expect(error).toBeInstanceOf(ListNeverSettledError)
    expect(error.message).toContain('virus status moved from "SCANNED"')
  })

  it('takes a task answer without a numeric TaskID as a scan asked for, with no task to poll', async () => {
    const api = fakeRegistryApi({
      rows: [registryRow(1, REPO, '1.0')],
      createTask: () => ({ TaskID: 'x' })
    })
    const { base } = setup(api, 'always')
    const [image] = await findRegistryImages(parseRegistryReference(`${REPO}:1.0`), {
      ...base,
      concurrency: 2,
      scan: 'always',
      sync: new RegistrySync(base)
    })
    await expect(image.startScan()).resolves.toEqual({ id: '' })
  })
})
