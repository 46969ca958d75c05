/**
 * The TCSS emulator, exercised through the official SDK client so that what
 * the action sees against the emulator is what it would see against the real
 * service (signatures, error shapes, transport failures).
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { Agent } from 'node:http'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from '@jest/globals'
import { Client } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_client.js'
import {
  generateFindings,
  signTc3Request,
  startEmulator,
  VIRUS_DETAIL_FIELDS,
  virusDetail,
  type Emulator,
  type EmulatorOptions
} from './emulator/emulator.mjs'

const emulators: Emulator[] = []
const agents: Agent[] = []

afterEach(async () => {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()))
  for (const agent of agents.splice(0)) agent.destroy()
})

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator(options)
  emulators.push(emulator)
  return emulator
}

interface ClientOverrides {
  secretId?: string
  secretKey?: string
  token?: string
  reqTimeout?: number
}

/** An SDK client aimed at the emulator, the way the action builds it. */
function sdkClient(
  emulator: Pick<Emulator, 'port' | 'secretId' | 'secretKey'>,
  overrides: ClientOverrides = {}
): Client {
  // An explicit agent keeps an http_proxy variable from routing loopback calls.
  const agent = new Agent({ keepAlive: true })
  agents.push(agent)
  return new Client({
    credential: {
      secretId: overrides.secretId ?? emulator.secretId,
      secretKey: overrides.secretKey ?? emulator.secretKey,
      token: overrides.token
    },
    profile: {
      httpProfile: {
        endpoint: `127.0.0.1:${emulator.port}`,
        protocol: 'http://',
        reqTimeout: overrides.reqTimeout ?? 5,
        agent
      }
    }
  })
}

/** What the SDK threw, reduced to the fields a caller can classify on. */
interface Thrown {
  name: string
  code?: string
  httpCode?: number
  type?: string
  message: string
  requestId?: string
}

async function thrown(promise: Promise<unknown>): Promise<Thrown> {
  try {
    await promise
  } catch (error) {
    const e = error as Error & Partial<Omit<Thrown, 'name' | 'message'>>
    return {
      name: e.constructor.name,
      code: e.code,
      httpCode: e.httpCode,
      type: e.type,
      message: e.message,
      requestId: e.requestId
    }
  }
  throw new Error('expected the call to fail')
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A request signed by hand, for cases the SDK cannot produce. */
async function rawCall(
  emulator: Emulator,
  {
    body = '{"ImageID":"img"}',
    timestamp = Math.floor(Date.now() / 1000),
    service = 'tcss',
    version = '2020-11-01',
    action = 'DescribeAssetImageVirusList',
    date,
    tamper
  }: {
    body?: string
    timestamp?: number
    service?: string
    version?: string
    action?: string
    date?: string
    tamper?: string
  } = {}
): Promise<{ status: number; json: { Response: Record<string, unknown> } }> {
  const host = `127.0.0.1:${emulator.port}`
  const authorization = signTc3Request({
    secretId: emulator.secretId,
    secretKey: emulator.secretKey,
    timestamp,
    host,
    body,
    service,
    date
  })
  const response = await fetch(emulator.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: authorization,
      'X-TC-Action': action,
      'X-TC-Version': version,
      'X-TC-Timestamp': String(timestamp)
    },
    body: tamper ?? body
  })
  return {
    status: response.status,
    json: (await response.json()) as { Response: Record<string, unknown> }
  }
}

const webshell = {
  CheckPlatform: [],
  Desc: 'Malicious Trojans are detected on your container.',
  FileName: 'webshell_2.php',
  FirstScanTime: '2024-09-02 07:36:15',
  LatestScanTime: '2024-10-23 16:40:54',
  Md5: '27501aaed5e639693783321219989889',
  Path: '/root/webshell_2.php',
  RiskLevel: 4,
  Size: 51,
  Solution: 'Isolate or delete the trojan file.',
  Tags: [],
  VirusName: 'Php.Trojan.Php.Ssmw'
}

describe('requests through the official SDK', () => {
  it('serves a page of findings and records the request', async () => {
    const emulator = await start({
      images: { img: { findings: [webshell], generate: { count: 4 } } }
    })
    const result = await sdkClient(emulator).DescribeAssetImageVirusList({
      ImageID: 'img',
      Limit: 3
    })
    expect(result.VirusScanStatus).toBe(2)
    expect(result.TotalCount).toBe(5)
    expect(result.List).toHaveLength(3)
    expect(result.List?.[0]).toEqual(webshell)
    expect(result.List?.[1]).toEqual(generateFindings({ count: 1 })[0])
    expect(result.RequestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(emulator.requests).toEqual([
      expect.objectContaining({
        action: 'DescribeAssetImageVirusList',
        imageId: 'img',
        offset: 0,
        limit: 3,
        outcome: 'ok',
        secretId: emulator.secretId,
        fault: false,
        requestId: result.RequestId
      })
    ])
  })

  it('rejects a wrong secret key with AuthFailure.SignatureFailure', async () => {
    const emulator = await start({ images: { img: {} } })
    const error = await thrown(
      sdkClient(emulator, { secretKey: 'not-the-key' }).DescribeAssetImageVirusList({
        ImageID: 'img'
      })
    )
    expect(error).toMatchObject({
      name: 'TencentCloudSDKHttpException',
      code: 'AuthFailure.SignatureFailure'
    })
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('rejects an unknown SecretId with AuthFailure.SecretIdNotFound', async () => {
    const emulator = await start({ images: { img: {} } })
    const error = await thrown(
      sdkClient(emulator, { secretId: 'AKIDUNKNOWN' }).DescribeAssetImageVirusList({
        ImageID: 'img'
      })
    )
    expect(error.code).toBe('AuthFailure.SecretIdNotFound')
  })

  it('checks the session token of temporary credentials', async () => {
    const credentials = [{ secretId: 'AKIDTEMP', secretKey: 'temp-key', token: 'session-token' }]
    const emulator = await start({ credentials, images: { img: {} } })
    const good = await sdkClient(emulator, { token: 'session-token' }).DescribeAssetImageVirusList({
      ImageID: 'img'
    })
    expect(good.VirusScanStatus).toBe(2)
    const error = await thrown(
      sdkClient(emulator, { token: 'stale' }).DescribeAssetImageVirusList({ ImageID: 'img' })
    )
    expect(error.code).toBe('AuthFailure.TokenFailure')
  })

  it('rejects a request signed too far from the server clock', async () => {
    const emulator = await start({ images: { img: {} }, now: () => Date.now() + 600_000 })
    const error = await thrown(sdkClient(emulator).DescribeAssetImageVirusList({ ImageID: 'img' }))
    expect(error.code).toBe('AuthFailure.SignatureExpire')
  })

  it('validates the parameters', async () => {
    const emulator = await start({ images: { img: {} } })
    const client = sdkClient(emulator)
    const tooMany = await thrown(client.DescribeAssetImageVirusList({ ImageID: 'img', Limit: 101 }))
    expect(tooMany.code).toBe('InvalidParameter.InvalidFormat')
    expect(tooMany.message).toMatch(/Limit must be between 1 and 100/)
    const zero = await thrown(client.DescribeAssetImageVirusList({ ImageID: 'img', Limit: 0 }))
    expect(zero.code).toBe('InvalidParameter.InvalidFormat')
    const negative = await thrown(
      client.DescribeAssetImageVirusList({ ImageID: 'img', Offset: -1 })
    )
    expect(negative.code).toBe('InvalidParameter.InvalidFormat')
    const missing = await thrown(
      client.DescribeAssetImageVirusList({} as Parameters<Client['DescribeAssetImageVirusList']>[0])
    )
    expect(missing.code).toBe('InvalidParameter.MissingParameter')
  })

  it('answers ResourceNotFound for an unknown image', async () => {
    const emulator = await start({ images: { img: {} } })
    const error = await thrown(
      sdkClient(emulator).DescribeAssetImageVirusList({ ImageID: 'sha256:unknown' })
    )
    expect(error.code).toBe('ResourceNotFound')
  })

  it('answers InvalidAction for an action it does not know', async () => {
    const emulator = await start({ images: { img: {} } })
    const error = await thrown(sdkClient(emulator).request('DescribeNothing', {}))
    expect(error.code).toBe('InvalidAction')
  })
})

describe('signature checks on hand-made requests', () => {
  it('accepts the real service name and the exact signed body', async () => {
    const emulator = await start({ images: { img: {} } })
    const ok = await rawCall(emulator)
    expect(ok.status).toBe(200)
    expect(ok.json.Response.VirusScanStatus).toBe(2)
  })

  it('rejects a body changed after signing', async () => {
    const emulator = await start({ images: { img: {} } })
    const result = await rawCall(emulator, { tamper: '{"ImageID": "img"}' })
    expect(result.json.Response.Error).toMatchObject({ Code: 'AuthFailure.SignatureFailure' })
  })

  it('rejects another service or a wrong scope date', async () => {
    const emulator = await start({ images: { img: {} } })
    const otherService = await rawCall(emulator, { service: 'cvm' })
    expect(otherService.json.Response.Error).toMatchObject({
      Code: 'AuthFailure.InvalidAuthorization'
    })
    const wrongDate = await rawCall(emulator, { date: '2001-01-01' })
    expect(wrongDate.json.Response.Error).toMatchObject({
      Code: 'AuthFailure.InvalidAuthorization'
    })
  })

  it('rejects a stale timestamp, a wrong version and a malformed body', async () => {
    const emulator = await start({ images: { img: {} } })
    const stale = await rawCall(emulator, { timestamp: Math.floor(Date.now() / 1000) - 301 })
    expect(stale.json.Response.Error).toMatchObject({ Code: 'AuthFailure.SignatureExpire' })
    const version = await rawCall(emulator, { version: '2018-03-17' })
    expect(version.json.Response.Error).toMatchObject({ Code: 'NoSuchVersion' })
    const notJson = await rawCall(emulator, { body: 'ImageID=img' })
    expect(notJson.json.Response.Error).toMatchObject({ Code: 'InvalidParameter.ParsingError' })
  })

  it('rejects a missing Authorization header', async () => {
    const emulator = await start({ images: { img: {} } })
    const response = await fetch(emulator.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-TC-Action': 'DescribeAssetImageVirusList',
        'X-TC-Version': '2020-11-01',
        'X-TC-Timestamp': String(Math.floor(Date.now() / 1000))
      },
      body: '{"ImageID":"img"}'
    })
    const json = (await response.json()) as { Response: { Error: { Code: string } } }
    expect(json.Response.Error.Code).toBe('AuthFailure.InvalidAuthorization')
  })
})

describe('scenarios', () => {
  it('steps through the statuses on Offset 0 and pages the list', async () => {
    const emulator = await start({
      images: { img: { statuses: [0, 1, 2], generate: { count: 250, prefix: 'p-' } } }
    })
    const client = sdkClient(emulator)
    const first = await client.DescribeAssetImageVirusList({ ImageID: 'img', Limit: 100 })
    expect(first).toMatchObject({ VirusScanStatus: 0, TotalCount: 0, List: [] })
    const second = await client.DescribeAssetImageVirusList({ ImageID: 'img', Limit: 100 })
    expect(second).toMatchObject({ VirusScanStatus: 1, TotalCount: 0, List: [] })

    const pages = []
    for (const offset of [0, 100, 200, 300]) {
      pages.push(
        await client.DescribeAssetImageVirusList({ ImageID: 'img', Limit: 100, Offset: offset })
      )
    }
    expect(pages.map((page) => page.VirusScanStatus)).toEqual([2, 2, 2, 2])
    expect(pages.map((page) => page.TotalCount)).toEqual([250, 250, 250, 250])
    expect(pages.map((page) => page.List?.length)).toEqual([100, 100, 50, 0])
    const findings = pages.flatMap((page) => page.List ?? [])
    expect(new Set(findings.map((finding) => finding.Md5)).size).toBe(250)
    expect(findings[7]).toMatchObject({ Path: '/app/p-data/file-7.bin', RiskLevel: 4 })
    expect(findings.every((finding) => /^[0-9a-f]{32}$/.test(finding.Md5 ?? ''))).toBe(true)
    expect(emulator.imageStats('img')).toEqual({
      listRequests: 6,
      statusSteps: 3,
      findings: 250,
      pendingChanges: 0
    })
  })

  it('serves statuses outside 0..4, null and a missing status as given', async () => {
    const emulator = await start({
      images: {
        odd: { statuses: [7], findings: [webshell] },
        nul: { statuses: [null] },
        gone: { omitStatus: true }
      }
    })
    const client = sdkClient(emulator)
    const odd = await client.DescribeAssetImageVirusList({ ImageID: 'odd' })
    expect(odd).toMatchObject({ VirusScanStatus: 7, TotalCount: 0, List: [] })
    const nul = await client.DescribeAssetImageVirusList({ ImageID: 'nul' })
    expect(nul.VirusScanStatus).toBeNull()
    const gone = await client.DescribeAssetImageVirusList({ ImageID: 'gone' })
    expect('VirusScanStatus' in gone).toBe(false)
    expect(gone.List).toEqual([])
  })

  it('serves raw findings exactly as given', async () => {
    const weird = { Md5: null, Path: '/x', RiskLevel: 'high', Tags: null }
    const emulator = await start({ images: { img: { findings: [weird] } } })
    const result = await sdkClient(emulator).DescribeAssetImageVirusList({ ImageID: 'img' })
    expect(result.List).toEqual([weird])
  })

  it('moves the list while it is being read', async () => {
    const emulator = await start({
      images: {
        img: {
          generate: { count: 10 },
          changes: [
            { afterListRequests: 1, add: [webshell] },
            { afterListRequests: 2, removeCount: 3 },
            { afterListRequests: 3, generate: { count: 2 } }
          ]
        }
      }
    })
    const client = sdkClient(emulator)
    const read = () => client.DescribeAssetImageVirusList({ ImageID: 'img', Limit: 100 })
    expect((await read()).TotalCount).toBe(10)
    const second = await read()
    expect(second.TotalCount).toBe(11)
    expect(second.List?.[10]).toEqual(webshell)
    const third = await read()
    expect(third.TotalCount).toBe(8)
    expect(third.List?.[0]?.Path).toBe('/app/data/file-3.bin')
    const fourth = await read()
    expect(fourth.TotalCount).toBe(10)
    // Findings generated later continue the numbering: no repeats.
    expect(fourth.List?.slice(-2).map((finding) => finding.Path)).toEqual([
      '/app/data/file-10.bin',
      '/app/data/file-11.bin'
    ])
  })

  it('can report a TotalCount that the list never reaches', async () => {
    const emulator = await start({
      images: { img: { generate: { count: 150 }, reportedTotalCount: 400 } }
    })
    const client = sdkClient(emulator)
    const page = await client.DescribeAssetImageVirusList({
      ImageID: 'img',
      Limit: 100,
      Offset: 100
    })
    expect(page.TotalCount).toBe(400)
    expect(page.List).toHaveLength(50)
  })

  it('sorts by Order/By, records them, and refuses values the SDK model does not allow', async () => {
    const emulator = await start({ images: { img: { generate: { count: 12 } } } })
    const client = sdkClient(emulator)
    const paths = (list: Array<{ Path?: string }> | undefined) => list?.map((item) => item.Path)
    const all = generateFindings({ count: 12 }).map((item) => item.Path)
    const asc = await client.DescribeAssetImageVirusList({
      ImageID: 'img',
      Limit: 100,
      Order: 'asc',
      By: 'Path'
    })
    expect(paths(asc.List)).toEqual([...all].sort())
    const desc = await client.DescribeAssetImageVirusList({
      ImageID: 'img',
      Limit: 5,
      Offset: 5,
      Order: 'desc',
      By: 'Path'
    })
    expect(paths(desc.List)).toEqual([...all].sort().reverse().slice(5, 10))
    expect(emulator.requests.map(({ order, by }) => ({ order, by }))).toEqual([
      { order: 'asc', by: 'Path' },
      { order: 'desc', by: 'Path' }
    ])
    for (const [params, code] of [
      [{ Order: 'up', By: 'Path' }, 'InvalidParameter.InvalidFormat'],
      [{ Order: 'asc', By: 'Nope' }, 'InvalidParameter.InvalidFormat'],
      [{ Order: 'asc' }, 'InvalidParameter.MissingParameter']
    ] as const) {
      expect(
        (await thrown(client.DescribeAssetImageVirusList({ ImageID: 'img', ...params }))).code
      ).toBe(code)
    }
    expect(emulator.requests.at(-1)).toMatchObject({ order: 'asc', by: null })
  })

  it('with unstableOrder, pages read without an order overlap; with Order/By they do not', async () => {
    const emulator = await start({
      images: { img: { generate: { count: 450 }, unstableOrder: { seed: 7 } } }
    })
    const client = sdkClient(emulator)
    const read = async (order: { Order?: string; By?: string }) => {
      const keys: string[] = []
      for (let offset = 0; offset < 450; offset += 100) {
        const page = await client.DescribeAssetImageVirusList({
          ImageID: 'img',
          Limit: 100,
          Offset: offset,
          ...order
        })
        expect(page.TotalCount).toBe(450)
        keys.push(...(page.List ?? []).map((item) => `${item.Md5}:${item.Path}`))
      }
      return keys
    }
    const unordered = await read({})
    expect(unordered).toHaveLength(450)
    expect(new Set(unordered).size).toBeLessThan(450)
    const again = await read({})
    expect(again).not.toEqual(unordered)
    const ordered = await read({ Order: 'asc', By: 'Path' })
    expect(new Set(ordered).size).toBe(450)
  })

  it('serves duplicate rows of one (Md5, Path) as given', async () => {
    const row = generateFindings({ count: 1 })[0]
    const emulator = await start({
      images: {
        img: {
          findings: [
            { ...row, RiskLevel: 1 },
            { ...row, RiskLevel: 4 }
          ]
        }
      }
    })
    const page = await sdkClient(emulator).DescribeAssetImageVirusList({ ImageID: 'img' })
    expect(page.TotalCount).toBe(2)
    expect(page.List?.map((item) => item.RiskLevel)).toEqual([1, 4])
  })

  it('replaces images on the fly', async () => {
    const emulator = await start()
    const client = sdkClient(emulator)
    expect((await thrown(client.DescribeAssetImageVirusList({ ImageID: 'img' }))).code).toBe(
      'ResourceNotFound'
    )
    emulator.setImage('img', { statuses: [4] })
    expect((await client.DescribeAssetImageVirusList({ ImageID: 'img' })).VirusScanStatus).toBe(4)
  })

  it('generates 100,000 distinct findings quickly', () => {
    const started = performance.now()
    const findings = generateFindings({ count: 100_000 })
    expect(performance.now() - started).toBeLessThan(3000)
    expect(new Set(findings.map((finding) => finding.Md5)).size).toBe(100_000)
    expect(findings.filter((finding) => finding.RiskLevel === 4)).toHaveLength(25_000)
  })
})

describe('faults, as the SDK reports them', () => {
  const call = (emulator: Emulator, reqTimeout?: number) =>
    thrown(sdkClient(emulator, { reqTimeout }).DescribeAssetImageVirusList({ ImageID: 'img' }))

  it.each([
    ['throttle', 'RequestLimitExceeded'],
    ['internal', 'InternalError'],
    ['unavailable', 'ResourceUnavailable']
  ] as const)('%s: an API error %s', async (kind, code) => {
    const emulator = await start({ images: { img: {} }, faults: { script: [kind] } })
    const error = await call(emulator)
    expect(error).toMatchObject({ name: 'TencentCloudSDKHttpException', code })
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(emulator.requests[0]).toMatchObject({ outcome: kind, fault: true })
  })

  it('an API error of any code', async () => {
    const emulator = await start({
      images: { img: {} },
      faults: { script: [{ code: 'AuthFailure.UnauthorizedOperation', message: 'no CAM grant' }] }
    })
    expect(await call(emulator)).toMatchObject({
      code: 'AuthFailure.UnauthorizedOperation',
      message: 'no CAM grant'
    })
    expect(emulator.requests[0].outcome).toBe('AuthFailure.UnauthorizedOperation')
  })

  it.each([
    ['http500', 500, 'Internal Server Error'],
    ['http502', 502, 'Bad Gateway'],
    ['http503', 503, 'Service Unavailable']
  ] as const)('%s: an exception with httpCode %i and no code', async (kind, httpCode, message) => {
    const emulator = await start({ images: { img: {} }, faults: { script: [kind] } })
    expect(await call(emulator)).toEqual({
      name: 'TencentCloudSDKHttpException',
      code: undefined,
      httpCode,
      type: undefined,
      message,
      requestId: ''
    })
  })

  it("badjson: node-fetch's FetchError of type invalid-json", async () => {
    const emulator = await start({ images: { img: {} }, faults: { script: ['badjson'] } })
    const error = await call(emulator)
    expect(error).toMatchObject({ name: 'FetchError', type: 'invalid-json' })
    expect(error.message).toMatch(/^invalid json response body/)
  })

  it('noresponse: a plain TypeError', async () => {
    const emulator = await start({ images: { img: {} }, faults: { script: ['noresponse'] } })
    const error = await call(emulator)
    expect(error.name).toBe('TypeError')
    expect(error.message).toMatch(/reading 'Error'/)
  })

  it('reset: an exception without code naming the connection reset', async () => {
    const emulator = await start({ images: { img: {} }, faults: { script: ['reset'] } })
    const error = await call(emulator)
    expect(error).toMatchObject({ name: 'TencentCloudSDKHttpException', code: undefined })
    expect(error.message).toMatch(/ECONNRESET|socket hang up/)
  })

  it('timeout: the SDK gives up after reqTimeout; close() ends the hold at once', async () => {
    const emulator = await start({
      images: { img: {} },
      faults: { script: ['timeout', 'timeout'] },
      faultHoldMs: 60_000
    })
    const started = performance.now()
    const error = await call(emulator, 0.3)
    expect(error).toMatchObject({ name: 'TencentCloudSDKHttpException', code: undefined })
    expect(error.message).toMatch(/^network timeout at/)
    expect(performance.now() - started).toBeLessThan(2000)

    const held = call(emulator)
    await sleep(50)
    const closing = performance.now()
    await emulator.close()
    expect(performance.now() - closing).toBeLessThan(500)
    expect((await held).message).toMatch(/ECONNRESET|socket hang up/)
  })

  it('timeout: a hold shorter than reqTimeout ends in a dropped connection', async () => {
    const emulator = await start({
      images: { img: {} },
      faults: { script: ['timeout'] },
      faultHoldMs: 100
    })
    const error = await call(emulator)
    expect(error.message).toMatch(/ECONNRESET|socket hang up/)
  })

  it('a script entry null means no fault; the script runs before random faults', async () => {
    const emulator = await start({
      images: { img: {} },
      faults: { script: [null, 'internal'] }
    })
    const client = sdkClient(emulator)
    await client.DescribeAssetImageVirusList({ ImageID: 'img' })
    await thrown(client.DescribeAssetImageVirusList({ ImageID: 'img' }))
    await client.DescribeAssetImageVirusList({ ImageID: 'img' })
    expect(emulator.requests.map((record) => record.outcome)).toEqual(['ok', 'internal', 'ok'])
  })

  it('random faults are reproducible for a seed', async () => {
    const outcomes = async (seed: number) => {
      const emulator = await start({
        images: { img: {} },
        rateLimit: null,
        faults: { rate: 0.5, seed }
      })
      const client = sdkClient(emulator)
      for (let i = 0; i < 24; i++) {
        await client.DescribeAssetImageVirusList({ ImageID: 'img' }).catch(() => undefined)
      }
      return emulator.requests.map((record) => record.outcome)
    }
    const first = await outcomes(7)
    expect(await outcomes(7)).toEqual(first)
    expect(await outcomes(8)).not.toEqual(first)
    expect(first).toContain('ok')
    expect(first.filter((outcome) => outcome !== 'ok').length).toBeGreaterThan(3)
    expect(first).not.toContain('timeout')
  })
})

describe('rate limit and timing', () => {
  /** How many of `count` calls at once were admitted. */
  const burst = async (client: ReturnType<typeof sdkClient>, count: number): Promise<number> => {
    const results = await Promise.allSettled(
      Array.from({ length: count }, () => client.DescribeAssetImageVirusList({ ImageID: 'img' }))
    )
    for (const result of results) {
      if (result.status === 'rejected') {
        expect((result as PromiseRejectedResult).reason).toMatchObject({
          code: 'RequestLimitExceeded'
        })
      }
    }
    return results.filter((result) => result.status === 'fulfilled').length
  }

  it('rateLimitWindow whole-seconds: the count starts again with each second of its clock', async () => {
    const emulator = await start({
      images: { img: {} },
      readings: { rateLimitWindow: 'whole-seconds' }
    })
    const client = sdkClient(emulator)
    // 200 ms before a second ends, a full second's worth; then, early in the next second, as many again.
    await sleep(1800 - (performance.now() % 1000))
    expect(await burst(client, 20)).toBe(20)
    await sleep(1050 - (performance.now() % 1000))
    // Within one second of the first burst, so a sliding window would refuse them all.
    expect(await burst(client, 21)).toBe(20)
  })

  it('rateLimitWindow bucket: a full bucket, then what it refilled', async () => {
    const emulator = await start({ images: { img: {} }, readings: { rateLimitWindow: 'bucket' } })
    const client = sdkClient(emulator)
    expect(await burst(client, 25)).toBe(20)
    await sleep(500)
    // About 10 tokens came back in half a second; a sliding window would admit none yet.
    const admitted = await burst(client, 20)
    expect(admitted).toBeGreaterThanOrEqual(8)
    expect(admitted).toBeLessThanOrEqual(14)
  })

  it('answers RequestLimitExceeded beyond 20 requests a second', async () => {
    const emulator = await start({ images: { img: {} } })
    const client = sdkClient(emulator)
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, () => client.DescribeAssetImageVirusList({ ImageID: 'img' }))
    )
    const rejected = results.filter((result) => result.status === 'rejected')
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(20)
    expect(rejected).toHaveLength(5)
    for (const result of rejected) {
      expect((result as PromiseRejectedResult).reason).toMatchObject({
        code: 'RequestLimitExceeded'
      })
    }
    expect(emulator.maxRequestsInWindow()).toBe(25)

    await sleep(1050)
    const after = await client.DescribeAssetImageVirusList({ ImageID: 'img' })
    expect(after.VirusScanStatus).toBe(2)
  })

  it('by default counts only admitted requests: the refused ones do not hold the window', async () => {
    const emulator = await start({ images: { img: {} }, rateLimit: 5 })
    const client = sdkClient(emulator)
    const burst = (n: number) =>
      Promise.allSettled(
        Array.from({ length: n }, () => client.DescribeAssetImageVirusList({ ImageID: 'img' }))
      )
    await burst(5)
    await sleep(600)
    // Refused: the window (last 1000 ms) already holds 5 admitted requests.
    expect((await burst(3)).every((r) => r.status === 'rejected')).toBe(true)
    await sleep(500)
    // The first five left the window; the three refused never entered it.
    expect((await burst(5)).every((r) => r.status === 'fulfilled')).toBe(true)
  })

  it('with rateLimitCountsRefused, refused requests count against the window too', async () => {
    const emulator = await start({
      images: { img: {} },
      rateLimit: 5,
      rateLimitCountsRefused: true
    })
    const client = sdkClient(emulator)
    const burst = (n: number) =>
      Promise.allSettled(
        Array.from({ length: n }, () => client.DescribeAssetImageVirusList({ ImageID: 'img' }))
      )
    await burst(5)
    await sleep(600)
    expect((await burst(3)).every((r) => r.status === 'rejected')).toBe(true)
    await sleep(500)
    // The three refused ones are still in the window: only two more fit.
    const outcomes = await burst(5)
    expect(outcomes.filter((r) => r.status === 'fulfilled')).toHaveLength(2)
    expect(emulator.requests.filter((r) => r.outcome === 'RequestLimitExceeded')).toHaveLength(6)
  })

  it('measures the busiest window and applies latency', async () => {
    const emulator = await start({ images: { img: {} }, latencyMs: 40, rateLimit: 0 })
    const client = sdkClient(emulator)
    const burst = () =>
      Promise.all([1, 2, 3].map(() => client.DescribeAssetImageVirusList({ ImageID: 'img' })))
    const started = performance.now()
    await burst()
    expect(performance.now() - started).toBeGreaterThanOrEqual(35)
    await sleep(300)
    await burst()
    expect(emulator.maxRequestsInWindow(100)).toBe(3)
    expect(emulator.maxRequestsInWindow(5000)).toBe(6)
    emulator.resetRequests()
    expect(emulator.requests).toHaveLength(0)
    expect(emulator.maxRequestsInWindow()).toBe(0)
  })
})

describe('command line', () => {
  it('serves the demo scenario and exits cleanly on SIGTERM', async () => {
    const cli = fileURLToPath(new URL('./emulator/cli.mjs', import.meta.url))
    const scenario = fileURLToPath(new URL('./emulator/scenarios/demo.json', import.meta.url))
    const child = spawn(process.execPath, [cli, '--scenario', scenario, '--rate-limit', '50'], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    try {
      let stderr = ''
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
      const [line] = (await once(child.stdout.setEncoding('utf8'), 'data')) as [string]
      const info = JSON.parse(line.trim()) as { url: string; secretId: string; secretKey: string }
      const port = Number(new URL(info.url).port)
      const client = sdkClient({ ...info, port })
      const statuses = []
      let last
      for (let i = 0; i < 3; i++) {
        last = await client.DescribeAssetImageVirusList({
          ImageID: 'sha256:demo-infected',
          Limit: 100
        })
        statuses.push(last.VirusScanStatus)
      }
      expect(statuses).toEqual([1, 1, 2])
      expect(last?.TotalCount).toBe(6)
      expect(last?.List?.map((finding) => finding.RiskLevel).sort()).toEqual([1, 1, 2, 3, 4, 4])
      const clean = await client.DescribeAssetImageVirusList({ ImageID: 'sha256:demo-clean' })
      expect(clean).toMatchObject({ VirusScanStatus: 2, TotalCount: 0, List: [] })

      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      const [code] = await exited
      expect(code).toBe(0)
      expect(stderr.trim().split('\n')).toHaveLength(4)
      expect(stderr).toMatch(/DescribeAssetImageVirusList sha256:demo-clean .*-> ok/)
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
  })
})

describe('DescribeAssetImageList', () => {
  const images: EmulatorOptions['images'] = {
    'sha256:rc': { name: 'ccr.ccs.tencentyun.com/team/app:1.4.2-rc1' },
    'sha256:worker': { name: 'ccr.ccs.tencentyun.com/team/app-worker:1.4.2' },
    'sha256:unnamed': {},
    'sha256:app': { name: 'ccr.ccs.tencentyun.com/team/app:1.4.2', generate: { count: 3 } },
    'sha256:other': { name: 'docker.io/library/nginx:1.27' }
  }

  it('lists named images in order, matching ImageName loosely and ignoring case', async () => {
    const emulator = await start({ images })
    const client = sdkClient(emulator)
    const result = await client.DescribeAssetImageList({
      Filters: [{ Name: 'ImageName', Values: ['TEAM/APP'] }],
      Limit: 100
    })
    expect(result.TotalCount).toBe(3)
    expect(result.List?.map((image) => image.ImageID)).toEqual([
      'sha256:rc',
      'sha256:worker',
      'sha256:app'
    ])
    expect(result.List?.[2]).toMatchObject({
      ImageID: 'sha256:app',
      ImageName: 'ccr.ccs.tencentyun.com/team/app:1.4.2',
      ScanStatus: 'SCANNED',
      VirusCnt: 3,
      HostCnt: 1
    })
    expect(result.List?.[2].ScanTime).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(emulator.requests).toEqual([
      expect.objectContaining({
        action: 'DescribeAssetImageList',
        imageNameFilter: 'TEAM/APP',
        offset: 0,
        limit: 100,
        outcome: 'ok'
      })
    ])

    const all = await client.DescribeAssetImageList({})
    expect(all.TotalCount).toBe(4) // the unnamed image is not listed
    const byId = await client.DescribeAssetImageList({
      Filters: [{ Name: 'ImageID', Values: ['sha256:app'] }]
    })
    expect(byId.List?.map((image) => image.ImageID)).toEqual(['sha256:app'])
  })

  it('pages with Limit and Offset and validates its parameters', async () => {
    const many = Object.fromEntries(
      Array.from({ length: 230 }, (_, i) => [`sha256:${i}`, { name: `team/app:build-${i}` }])
    )
    const emulator = await start({ images: many })
    const client = sdkClient(emulator)
    const pages = []
    for (const offset of [0, 100, 200]) {
      pages.push(await client.DescribeAssetImageList({ Limit: 100, Offset: offset }))
    }
    expect(pages.map((page) => page.TotalCount)).toEqual([230, 230, 230])
    expect(pages.map((page) => page.List?.length)).toEqual([100, 100, 30])
    expect(pages[2].List?.at(-1)?.ImageName).toBe('team/app:build-229')
    const byDefault = await client.DescribeAssetImageList({})
    expect(byDefault.List).toHaveLength(10)

    const tooMany = await thrown(client.DescribeAssetImageList({ Limit: 101 }))
    expect(tooMany.code).toBe('InvalidParameter.InvalidFormat')
    const negative = await thrown(client.DescribeAssetImageList({ Offset: -1 }))
    expect(negative.code).toBe('InvalidParameter.InvalidFormat')
    const unknown = await thrown(
      client.DescribeAssetImageList({ Filters: [{ Name: 'ScanStatus', Values: ['scanned'] }] })
    )
    expect(unknown.code).toBe('InvalidParameter.InvalidFormat')
    expect(unknown.message).toMatch(/not supported by this emulator/)
  })

  it('sorts by Order/By and shuffles each request with imageListUnstableOrder', async () => {
    const many = Object.fromEntries(
      Array.from({ length: 150 }, (_, i) => [`sha256:${i}`, { name: `team/app:build-${i}` }])
    )
    const emulator = await start({ images: many, imageListUnstableOrder: true })
    const client = sdkClient(emulator)
    const read = async (order: { Order?: string; By?: string }) => {
      const ids: string[] = []
      for (const offset of [0, 100]) {
        const page = await client.DescribeAssetImageList({ Limit: 100, Offset: offset, ...order })
        ids.push(...(page.List ?? []).map((image) => image.ImageID ?? ''))
      }
      return ids
    }
    expect(new Set(await read({})).size).toBeLessThan(150)
    const sorted = await read({ Order: 'desc', By: 'ImageID' })
    expect(sorted).toEqual(Object.keys(many).sort().reverse())
    expect(emulator.requests.at(-1)).toMatchObject({ order: 'desc', by: 'ImageID' })
    expect((await thrown(client.DescribeAssetImageList({ Order: 'asc', By: 'Md5' }))).code).toBe(
      'InvalidParameter.InvalidFormat'
    )
  })

  it('lists an image only after listedAfter list requests', async () => {
    const emulator = await start({
      images: { 'sha256:late': { name: 'team/app:2.0', listedAfter: 2 } },
      faults: { script: ['internal'] }
    })
    const client = sdkClient(emulator)
    const ask = () =>
      client.DescribeAssetImageList({ Filters: [{ Name: 'ImageName', Values: ['team/app'] }] })
    // A faulted request is not served, so it does not count.
    expect((await thrown(ask())).code).toBe('InternalError')
    expect((await ask()).TotalCount).toBe(0)
    expect((await ask()).TotalCount).toBe(0)
    expect((await ask()).List?.map((image) => image.ImageID)).toEqual(['sha256:late'])
  })

  it('serves listing overrides as given, and follows the scan status', async () => {
    const emulator = await start({
      images: {
        'sha256:split': {
          name: 'team/app',
          statuses: [1, 2],
          listing: { ImageTag: '1.4.2', HostCnt: 3, ScanTime: '2026-11-21T08:00:00Z' }
        },
        'sha256:broken': { name: 'team/broken:1', listing: { ImageID: null } }
      }
    })
    const client = sdkClient(emulator)
    const before = await client.DescribeAssetImageList({})
    expect(before.List?.[0]).toMatchObject({
      ImageID: 'sha256:split',
      ImageName: 'team/app',
      ImageTag: '1.4.2',
      HostCnt: 3,
      ScanTime: '2026-11-21T08:00:00Z',
      ScanStatus: 'SCANNING'
    })
    expect(before.List?.[1].ImageID).toBeNull()
    await client.DescribeAssetImageVirusList({ ImageID: 'sha256:split' })
    await client.DescribeAssetImageVirusList({ ImageID: 'sha256:split' })
    const after = await client.DescribeAssetImageList({})
    expect(after.List?.[0].ScanStatus).toBe('SCANNED')
  })
})

describe('DescribeVirusDetail', () => {
  /** The output fields of the API reference page, RequestId aside. */
  const SEED_FIELDS = [
    'ImageId',
    'ImageName',
    'CreateTime',
    'Size',
    'FilePath',
    'ModifyTime',
    'VirusName',
    'RiskLevel',
    'ContainerName',
    'ContainerId',
    'HostName',
    'HostId',
    'ProcessName',
    'ProcessPath',
    'ProcessMd5',
    'ProcessId',
    'ProcessArgv',
    'ProcessChan',
    'ProcessAccountGroup',
    'ProcessStartAccount',
    'ProcessFileAuthority',
    'SourceType',
    'Tags',
    'HarmDescribe',
    'SuggestScheme',
    'Mark',
    'FileName',
    'FileMd5',
    'EventType',
    'PodName',
    'Status',
    'SubStatus',
    'HostIP',
    'ClientIP',
    'PProcessStartUser',
    'PProcessUserGroup',
    'PProcessPath',
    'PProcessParam',
    'AncestorProcessStartUser',
    'AncestorProcessUserGroup',
    'AncestorProcessPath',
    'AncestorProcessParam',
    'OperationTime',
    'ContainerNetStatus',
    'ContainerNetSubStatus',
    'ContainerIsolateOperationSrc',
    'CheckPlatform',
    'FileAccessTime',
    'FileModifyTime',
    'NodeSubNetID',
    'NodeSubNetName',
    'NodeSubNetCIDR',
    'ClusterID',
    'PodIP',
    'PodStatus',
    'NodeUniqueID',
    'NodeType',
    'NodeID',
    'ClusterName',
    'Namespace',
    'WorkloadType'
  ]

  it('knows every field of the API reference', () => {
    expect([...VIRUS_DETAIL_FIELDS].sort()).toEqual([...SEED_FIELDS].sort())
    expect(Object.keys(virusDetail('e')).sort()).toEqual([...SEED_FIELDS].sort())
  })

  it('serves a complete event through the SDK and records its Id', async () => {
    const emulator = await start({ events: { 'evt-1': {} } })
    const result = await sdkClient(emulator).DescribeVirusDetail({ Id: 'evt-1' })
    const { RequestId: requestId, ...fields } = result as Record<string, unknown>
    expect(fields).toEqual(virusDetail('evt-1'))
    expect(result).toMatchObject({ RiskLevel: 'RISK_HIGH', Status: 'DEAL_NONE' })
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(emulator.requests).toEqual([
      expect.objectContaining({
        action: 'DescribeVirusDetail',
        eventId: 'evt-1',
        imageId: null,
        outcome: 'ok'
      })
    ])
  })

  it('serves any field as given: null everywhere, odd values, or only the fields listed', async () => {
    const allNull = Object.fromEntries(VIRUS_DETAIL_FIELDS.map((field) => [field, null]))
    const emulator = await start({
      events: {
        nulls: { fields: allNull },
        odd: { fields: { RiskLevel: 'RISK_SEVERE', Status: 7, Tags: null } },
        bare: { exact: true, fields: { FileMd5: 'abc' } }
      }
    })
    const client = sdkClient(emulator)
    const nulls = (await client.DescribeVirusDetail({ Id: 'nulls' })) as Record<string, unknown>
    for (const field of VIRUS_DETAIL_FIELDS) expect(nulls[field]).toBeNull()
    expect(await client.DescribeVirusDetail({ Id: 'odd' })).toMatchObject({
      RiskLevel: 'RISK_SEVERE',
      Status: 7,
      Tags: null,
      FilePath: '/var/www/html/upload/odd.php'
    })
    const bare = (await client.DescribeVirusDetail({ Id: 'bare' })) as Record<string, unknown>
    expect(Object.keys(bare).sort()).toEqual(['FileMd5', 'RequestId'])
  })

  it('answers ResourceNotFound for an unknown Id and MissingParameter without one', async () => {
    const emulator = await start({ events: { known: {} } })
    const client = sdkClient(emulator)
    const unknown = await thrown(client.DescribeVirusDetail({ Id: 'nope' }))
    expect(unknown).toMatchObject({
      name: 'TencentCloudSDKHttpException',
      code: 'ResourceNotFound'
    })
    expect(unknown.message).toContain('nope')
    const missing = await thrown(
      client.DescribeVirusDetail({} as Parameters<Client['DescribeVirusDetail']>[0])
    )
    expect(missing.code).toBe('InvalidParameter.MissingParameter')
  })

  it('adds, replaces and removes events on the fly', async () => {
    const emulator = await start()
    const client = sdkClient(emulator)
    expect((await thrown(client.DescribeVirusDetail({ Id: 'later' }))).code).toBe(
      'ResourceNotFound'
    )
    emulator.setEvent('later', { fields: { Status: 'DEAL_ISOLATE' } })
    expect(await client.DescribeVirusDetail({ Id: 'later' })).toMatchObject({
      Status: 'DEAL_ISOLATE'
    })
    emulator.setEvent('later', null)
    expect((await thrown(client.DescribeVirusDetail({ Id: 'later' }))).code).toBe(
      'ResourceNotFound'
    )
  })

  it('counts against the same rate limit and takes the same faults as the other actions', async () => {
    const emulator = await start({
      events: { e: {} },
      faults: { script: ['throttle', { code: 'InternalError' }] }
    })
    const client = sdkClient(emulator)
    expect((await thrown(client.DescribeVirusDetail({ Id: 'e' }))).code).toBe(
      'RequestLimitExceeded'
    )
    expect((await thrown(client.DescribeVirusDetail({ Id: 'e' }))).code).toBe('InternalError')
    expect(await client.DescribeVirusDetail({ Id: 'e' })).toMatchObject({ Status: 'DEAL_NONE' })
  })
})
