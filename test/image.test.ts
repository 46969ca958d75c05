/**
 * Unit tests of the `image` input: reference rules, input validation, parsing
 * of DescribeAssetImageList, and the resolver with a fake API and clock.
 */
import { describe, expect, it } from '@jest/globals'
import {
  ACTION_VOCABULARY,
  AmbiguousImageError,
  InputError,
  ScanError,
  worded
} from '../src/errors.js'
import {
  isPlausibleImageId,
  listedReference,
  splitReference,
  withDefaultTag
} from '../src/core/image-reference.js'
import { parseImageName, parseTargets } from '../src/core/targets.js'
import type { Clock } from '../src/clock.js'
import type { TcssApi } from '../src/sources/tcss/client.js'
import { fakeTcss } from './helpers/fake-tcss.js'
import { parseImageListResponse } from '../src/sources/tcss/image-list.js'
import { RateLimiter } from '../src/cloud/rate-limiter.js'
import { ApiRequester } from '../src/cloud/requester.js'
import { ImageResolver } from '../src/sources/tcss/resolve-image.js'
import { ListNeverSettledError } from '../src/sources/settle.js'
import { RetryBudget } from '../src/cloud/retry.js'

describe('image references', () => {
  it.each([
    ['app', { repository: 'app' }],
    ['app:1.0', { repository: 'app', tag: '1.0' }],
    ['localhost:5000/team/app', { repository: 'localhost:5000/team/app' }],
    ['localhost:5000/team/app:v2', { repository: 'localhost:5000/team/app', tag: 'v2' }],
    [
      'ccr.ccs.tencentyun.com/team/app:1.4.2',
      { repository: 'ccr.ccs.tencentyun.com/team/app', tag: '1.4.2' }
    ]
  ])('splits %p', (reference, parts) => {
    expect(splitReference(reference)).toEqual(parts)
  })

  it('adds :latest only when there is no tag', () => {
    expect(withDefaultTag('registry:5000/app')).toBe('registry:5000/app:latest')
    expect(withDefaultTag('app:1.0')).toBe('app:1.0')
  })

  it('combines ImageName and ImageTag: a tag in the name wins; no tag at all means latest', () => {
    expect(listedReference('team/app:1.4.2', undefined)).toBe('team/app:1.4.2')
    expect(listedReference('team/app:1.4.2', '9.9')).toBe('team/app:1.4.2')
    expect(listedReference('team/app', '1.4.2')).toBe('team/app:1.4.2')
    expect(listedReference('team/app', '')).toBe('team/app:latest')
    expect(listedReference('team/app', null)).toBe('team/app:latest')
    expect(listedReference('<none>:<none>', undefined)).toBeUndefined()
    expect(listedReference('', '1.0')).toBeUndefined()
    expect(listedReference(42, '1.0')).toBeUndefined()
  })

  it('accepts an ImageID of printable ASCII only', () => {
    expect(isPlausibleImageId('sha256:abc')).toBe(true)
    expect(isPlausibleImageId('')).toBe(false)
    expect(isPlausibleImageId('a b')).toBe(false)
    expect(isPlausibleImageId(null)).toBe(false)
    expect(isPlausibleImageId('x'.repeat(257))).toBe(false)
  })
})

describe('image inputs', () => {
  it('takes image-id and image together, one value per line, and removes duplicates with a notice', () => {
    expect(parseTargets('sha256:abc', '', '')).toEqual({
      images: [{ imageId: 'sha256:abc' }],
      eventIds: [],
      notices: []
    })
    expect(parseTargets('', ' team/app ', '').images).toEqual([{ imageName: 'team/app:latest' }])
    const targets = parseTargets(
      'sha256:a\n\n  sha256:b\r\nsha256:a\n',
      'team/app\nteam/app:latest\nteam/worker:2',
      ''
    )
    expect(targets.images).toEqual([
      { imageId: 'sha256:a' },
      { imageId: 'sha256:b' },
      { imageName: 'team/app:latest' },
      { imageName: 'team/worker:2' }
    ])
    // `team/app` and `team/app:latest` name the same image.
    expect(targets.notices.map((notice) => worded(notice, ACTION_VOCABULARY))).toEqual([
      expect.stringMatching(/'image-id' lists "sha256:a" more than once/),
      expect.stringMatching(/'image' lists "team\/app:latest" more than once/)
    ])
  })

  it('needs at least one image or event, and names every input that could give one', () => {
    expect(() => parseTargets(' ', '\n', '')).toThrow(InputError)
    expect(() => parseTargets(' ', '\n', ' \n ')).toThrow(
      /'image-id' .*'image' .*'event-ids' .*one value per line/
    )
    expect(parseTargets('', '', 'evt-1').eventIds).toEqual(['evt-1'])
  })

  it('refuses a bad value on any line, naming the input', () => {
    expect(() => parseTargets('sha256:a\nbad id', '', '')).toThrow(/Invalid input 'image-id'/)
    expect(() => parseTargets('', 'team/app\nteam/app@sha256:00', '')).toThrow(
      /Invalid input 'image'/
    )
    expect(() => parseTargets('', '', 'ok\nnot ok')).toThrow(/Invalid input 'event-ids'/)
  })

  it('refuses more images or events than one step gates', () => {
    const many = (count: number, prefix: string): string =>
      Array.from({ length: count }, (_, i) => `${prefix}${i}`).join('\n')
    expect(parseTargets(many(256, 'sha256:'), '', '').images).toHaveLength(256)
    expect(() => parseTargets(many(200, 'sha256:'), many(57, 'app:'), '')).toThrow(
      /257 images; one step gates at most 256/
    )
    expect(() => parseTargets('', '', many(1001, 'e'))).toThrow(/at most 1000/)
  })

  it.each([
    'team/app@sha256:0123',
    'team/app:',
    '/team/app:1',
    'team//app:1',
    'team/app/:1',
    'team app:1',
    'team/app:-bad',
    `team/app:${'t'.repeat(129)}`,
    'a\nb'
  ])('refuses %p', (value) => {
    expect(() => parseImageName(value)).toThrow(InputError)
  })

  it('keeps the name exactly as written (no registry or case normalisation)', () => {
    expect(parseImageName('Docker.io/Library/Nginx:1.27')).toBe('Docker.io/Library/Nginx:1.27')
    expect(parseImageName('nginx')).toBe('nginx:latest')
  })
})

describe('parseImageListResponse', () => {
  it('reads the entries it needs and tolerates odd fields', () => {
    const page = parseImageListResponse({
      TotalCount: 2,
      List: [
        { ImageID: 'sha256:a', ImageName: 'app:1', ScanTime: 't', HostCnt: 2, CreateTime: 'c' },
        { ImageID: null, ImageName: null }
      ],
      RequestId: 'r'
    })
    expect(page).toEqual({
      totalCount: 2,
      requestId: 'r',
      items: [
        {
          imageId: 'sha256:a',
          reference: 'app:1',
          name: 'app:1',
          scanTime: 't',
          createTime: 'c',
          hostCount: 2
        },
        {
          imageId: null,
          reference: undefined,
          name: '',
          scanTime: '',
          createTime: '',
          hostCount: null
        }
      ]
    })
  })

  it.each([
    [null, /not a JSON object/],
    [{ List: [] }, /TotalCount is missing/],
    [{ TotalCount: -1, List: [] }, /TotalCount is -1/],
    [{ TotalCount: 1, List: {} }, /List is not an array/],
    [{ TotalCount: 1, List: ['x'] }, /List\[0\] is not an object/]
  ])('treats %p as a broken (transient) answer', (raw, message) => {
    expect(() => parseImageListResponse(raw)).toThrow(message)
  })
})

/** A clock that only moves when something sleeps. */
function fakeClock(): Clock {
  let now = 0
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms
    }
  }
}

type Entry = Record<string, unknown>
/** Answers DescribeAssetImageList from a function of (call number, offset). */
function fakeApi(answer: (call: number, offset: number) => { total: number; list: Entry[] }) {
  const calls: Array<{ offset: number; filter: unknown; order?: unknown }> = []
  const api = fakeTcss({
    describeAssetImageList: async (request) => {
      const offset = request.Offset ?? 0
      calls.push({ offset, filter: request.Filters, order: [request.Order, request.By] })
      const { total, list } = answer(calls.length, offset)
      return { TotalCount: total, List: list.slice(offset, offset + 100), RequestId: 'req' }
    }
  })
  return { api, calls }
}

function resolver(api: TcssApi, waitMs = 10_000) {
  const clock = fakeClock()
  const requester = new ApiRequester({
    limiter: new RateLimiter(20, clock),
    maxRps: 20,
    clock,
    deadline: waitMs,
    requestTimeoutMs: 2000,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, budget: new RetryBudget(10) },
    random: () => 0.5,
    log: { info: () => undefined, debug: () => undefined }
  })
  const log: string[] = []
  const instance = new ImageResolver({
    api,
    requester,
    clock,
    pollIntervalMs: 1000,
    concurrency: 2,
    log: { info: (line) => log.push(line), debug: () => undefined }
  })
  return { instance, requester, log }
}

const entry = (id: unknown, name: string, more: Entry = {}): Entry => ({
  ImageID: id,
  ImageName: name,
  ...more
})

describe('ImageResolver', () => {
  it('filters on the repository and takes the one exact match', async () => {
    const list = [entry('sha256:rc', 'team/app:1-rc'), entry('sha256:one', 'team/app:1')]
    const { api, calls } = fakeApi(() => ({ total: list.length, list }))
    const { instance, requester } = resolver(api)
    await expect(instance.resolve('team/app:1')).resolves.toMatchObject({
      name: 'team/app:1',
      imageId: 'sha256:one'
    })
    expect(calls).toEqual([
      {
        offset: 0,
        filter: [{ Name: 'ImageName', Values: ['team/app'] }],
        order: ['asc', 'ImageID']
      }
    ])
    expect(requester.requests).toBe(1)
  })

  it('counts rows of one ImageID as one image', async () => {
    const list = [
      entry('sha256:one', 'team/app:1'),
      entry('sha256:one', 'team/app', { ImageTag: '1' })
    ]
    const { api } = fakeApi(() => ({ total: list.length, list }))
    await expect(resolver(api).instance.resolve('team/app:1')).resolves.toMatchObject({
      imageId: 'sha256:one'
    })
  })

  it('refuses several ImageIDs, naming them, most recently scanned first', async () => {
    const list = [
      entry('sha256:old', 'team/app:1', { ScanTime: '2026-01-01 00:00:00' }),
      entry('sha256:new', 'team/app:1', { ScanTime: '2026-02-01 00:00:00' })
    ]
    const { api } = fakeApi(() => ({ total: list.length, list }))
    const error = await resolver(api)
      .instance.resolve('team/app:1')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AmbiguousImageError)
    expect((error as AmbiguousImageError).candidates).toEqual(['sha256:new', 'sha256:old'])
  })

  it('polls until the image appears, within the deadline', async () => {
    // Each poll that finds nothing asks by the repository, then by the whole name:tag.
    const { api, calls } = fakeApi((call) => ({
      total: call < 5 ? 0 : 1,
      list: call < 5 ? [] : [entry('sha256:late', 'team/app:1')]
    }))
    const { instance, log } = resolver(api)
    await expect(instance.resolve('team/app:1')).resolves.toMatchObject({ imageId: 'sha256:late' })
    expect(calls).toHaveLength(5)
    expect(calls.map((call) => JSON.stringify(call.filter))).toEqual([
      ...Array.from({ length: 2 }, () => [
        '[{"Name":"ImageName","Values":["team/app"]}]',
        '[{"Name":"ImageName","Values":["team/app:1"]}]'
      ]).flat(),
      '[{"Name":"ImageName","Values":["team/app"]}]'
    ])
    expect(log.filter((line) => line.includes('not known to TCSS yet'))).toHaveLength(2)
  })

  it('times out with scan status timeout when the image never appears', async () => {
    const { api } = fakeApi(() => ({ total: 1, list: [entry('sha256:x', 'team/app:10')] }))
    const error = await resolver(api, 5000)
      .instance.resolve('team/app:1')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ScanError)
    expect((error as ScanError).scanStatus).toBe('timeout')
    expect((error as ScanError).message).toContain('not taken: team/app:10')
  })

  it('retries an answer whose exact match has no usable ImageID', async () => {
    const { api, calls } = fakeApi((call) => {
      const list = [entry(call === 1 ? null : 'sha256:ok', 'team/app:1')]
      return { total: 1, list }
    })
    await expect(resolver(api).instance.resolve('team/app:1')).resolves.toMatchObject({
      imageId: 'sha256:ok'
    })
    expect(calls).toHaveLength(2)
  })

  it('reads the list again when it moves while paged, and fails if it never settles', async () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => entry(`id-${i}`, `team/app:b${i}`))
    // The second page of the first read reports another TotalCount.
    const { api: moving, calls } = fakeApi((call) => {
      const total = call === 2 ? 151 : 150
      return { total, list: [...many(149), entry('sha256:one', 'team/app:1')] }
    })
    await expect(resolver(moving).instance.resolve('team/app:1')).resolves.toMatchObject({
      imageId: 'sha256:one'
    })
    expect(calls.map((c) => c.offset)).toEqual([0, 100, 0, 100])

    const { api: restless } = fakeApi((call) => ({ total: 150 + call, list: many(150) }))
    await expect(resolver(restless).instance.resolve('team/app:1')).rejects.toThrow(
      ListNeverSettledError
    )
  })

  it('never takes a read whose pages overlap: fewer distinct entries than TotalCount', async () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => entry(`id-${i}`, `team/app:b${i}`))
    const two = [entry('sha256:one', 'team/app:1'), entry('sha256:two', 'team/app:1')]
    // The first read's second page repeats the first page's last entry and misses sha256:two.
    const { api: overlapping, calls } = fakeApi((call, offset) => {
      const list = [...many(100), ...two]
      if (call === 2 && offset === 100)
        return { total: 102, list: [...many(100), list[99], list[100]] }
      return { total: 102, list }
    })
    await expect(resolver(overlapping).instance.resolve('team/app:1')).rejects.toThrow(
      AmbiguousImageError
    )
    expect(calls.map((c) => c.offset)).toEqual([0, 100, 0, 100])

    // Pages that always overlap fail closed, never resolve.
    const { api: stuck } = fakeApi(() => ({
      total: 102,
      list: [...many(100), entry('sha256:one', 'team/app:1'), entry('id-0', 'team/app:b0')]
    }))
    await expect(resolver(stuck).instance.resolve('team/app:1')).rejects.toThrow(
      /did not settle.*pages overlapped/
    )
  })
})
