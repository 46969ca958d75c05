/**
 * End-to-end: hostile HTTP behaviour between the gate and the API, through the
 * bundled action. A body that trickles, breaks off, is wrongly encoded or is
 * `null`, an error without a string code, a redirect, a rate limit that cannot
 * serve everyone before wait-timeout, a proxy that hangs, and what the service
 * says about its own state. Every run is bounded by runAction's timeoutMs: a
 * process that outlives its verdict fails the test.
 */
import * as net from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator, FaultKind } from '../emulator/emulator.mjs'
import { startConnectProxy, type ConnectProxy } from '../helpers/connect-proxy.js'
import {
  expectRateAtMost,
  emulatorPerTest,
  failureLine,
  finding,
  listRequests,
  runGate,
  SECRET_ID,
  SECRET_KEY
} from '../helpers/gate.js'
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js'
import { runAction, type RunResult } from '../helpers/run-action.js'
import {
  API_HOST,
  createTestCertificate,
  localNetworkEnv,
  REFUSED_LOOKUP,
  type TestCertificate
} from '../helpers/tls-endpoint.js'

const start = emulatorPerTest()

let proxy: ConnectProxy | undefined
let recorder: RecordingServer | undefined
afterEach(async () => {
  await proxy?.close()
  await recorder?.close()
  proxy = undefined
  recorder = undefined
})

const CLEAN = { img: { findings: [] } }

/** What the final message says for each body fault that never goes away. */
const BODY_FAULTS: Array<[FaultKind, RegExp]> = [
  ['trickle', /no complete response within [\d.]+ s/],
  ['resetBody', /connection broke off while the response body was read/],
  ['badEncoding', /response body could not be decoded/],
  ['nullBody', /response JSON has no "Response" object/],
  ['numericCode', /Response\.Error without a string Code/]
]

describe('a broken response body', () => {
  it.each(BODY_FAULTS)('is retried when it happens once: %s', async (kind) => {
    const emu = await start({ images: CLEAN, faults: { script: [kind] } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'wait-timeout': '10' },
      timeoutMs: 15_000
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.verdict).toBe('pass')
    expect(listRequests(emu)).toBe(2)
    expect(emu.requests[0].outcome).toBe(kind)
  })

  it.each(BODY_FAULTS)(
    'fails closed with a clear message, inside wait-timeout, when it persists: %s',
    async (kind, message) => {
      const emu = await start({ images: CLEAN, faults: { rate: 1, kinds: [kind] } })
      const result = await runGate(emu, {
        inputs: { 'image-id': 'img', 'wait-timeout': '6' },
        // wait-timeout + a few seconds: a timer or socket left behind fails here.
        timeoutMs: 10_000
      })
      expect(result.exitCode).toBe(1)
      expect(result.outputs.verdict).toBe('fail')
      expect(listRequests(emu)).toBeGreaterThan(1)
      expect(`${result.stdout}`).toMatch(message)
      expect(failureLine(result)).toMatch(/^TCSS virus gate failed: /)
    }
  )
})

describe('a redirect from the API endpoint', () => {
  it('is an error naming the status and the host, and no credential goes to the other host', async () => {
    recorder = await startRecordingServer()
    const token = 'session-token-for-the-redirect-test-41'
    const emu = await start({
      credentials: [{ secretId: SECRET_ID, secretKey: SECRET_KEY, token }],
      images: CLEAN,
      faults: { rate: 1, kinds: ['redirect'] },
      redirectTo: `${recorder.url}steal?x=1`
    })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'session-token': token, 'wait-timeout': '10' },
      secrets: [token],
      timeoutMs: 15_000
    })
    const leaked = recorder.requests.filter(
      (request) => request.headers.authorization || request.headers['x-tc-token']
    )
    expect(leaked).toEqual([])
    expect(recorder.requests).toEqual([])
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    // Permanent: one request, no retry.
    expect(listRequests(emu)).toBe(1)
    const line = failureLine(result) ?? ''
    expect(line).toContain('HTTP 302')
    expect(line).toContain(`127.0.0.1:${recorder.port}`)
    expect(line).not.toContain('steal')
  })
})

describe('the rate limit and wait-timeout', () => {
  it('refuses requests that cannot start before wait-timeout at once, so the verdict comes in time', async () => {
    const images: Record<string, { findings: never[] }> = {}
    for (let i = 0; i < 30; i++) images[`img-${String(i).padStart(2, '0')}`] = { findings: [] }
    const emu = await start({ images })
    const result = await runGate(emu, {
      inputs: {
        'image-id': Object.keys(images).join('\n'),
        'max-rps': '1',
        'wait-timeout': '10'
      },
      // 30 requests at 1 per second would take 30 s.
      timeoutMs: 15_000
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    expect(result.stdout).toContain('wait-timeout reached before the request could be sent')
    expect(listRequests(emu)).toBeGreaterThanOrEqual(5)
    expect(listRequests(emu)).toBeLessThanOrEqual(11)
    expectRateAtMost(emu, 1)
  })
})

/** A port on 127.0.0.1 that nothing listens on (until a test starts something there). */
async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Runs the gate against http://127.0.0.1:port, where nothing may be listening yet. */
function runGateAt(port: number, inputs: Record<string, string>, timeoutMs: number) {
  return runAction({
    inputs: {
      'secret-id': SECRET_ID,
      'secret-key': SECRET_KEY,
      endpoint: `http://127.0.0.1:${port}`,
      'poll-interval': '0.1',
      ...inputs
    },
    secrets: [SECRET_KEY],
    timeoutMs
  })
}

describe('an API that refuses connections', () => {
  it('is waited for: refused for 10 s of a 40 s wait-timeout, then the image is judged', async () => {
    const port = await freePort()
    let late: Promise<Emulator> | undefined
    // Nothing listens for the first 10 s: every connection is refused.
    const timer = setTimeout(() => {
      late = start({ port, images: { img: { findings: [finding(3), finding(1)] } } })
    }, 10_000)
    let result: RunResult
    try {
      result = await runGateAt(port, { 'image-id': 'img', 'wait-timeout': '40' }, 70_000)
    } finally {
      clearTimeout(timer)
    }
    const emu = await late
    expect(result.leaks).toEqual([])
    expect(result.stdout).toMatch(/ECONNREFUSED/)
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'fail', findings: '2', violations: '1' })
    expect(result.durationMs).toBeGreaterThanOrEqual(10_000)
    expect(emu && listRequests(emu)).toBeGreaterThanOrEqual(1)
  }, 90_000)

  it('is judged a pass when the image it answers for is clean', async () => {
    const port = await freePort()
    let late: Promise<Emulator> | undefined
    const timer = setTimeout(() => {
      late = start({ port, images: CLEAN })
    }, 10_000)
    let result: RunResult
    try {
      result = await runGateAt(port, { 'image-id': 'img', 'wait-timeout': '40' }, 70_000)
    } finally {
      clearTimeout(timer)
    }
    await late
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'pass', findings: '0' })
  }, 90_000)

  it('down for the whole wait-timeout: the run ends by then, naming the refusal', async () => {
    const port = await freePort()
    const result = await runGateAt(port, { 'image-id': 'img', 'wait-timeout': '12' }, 40_000)
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    // Not a fixed count of attempts: retried until the next one could not start in time.
    expect(result.durationMs).toBeGreaterThanOrEqual(3_000)
    expect(result.durationMs).toBeLessThan(12_000 + 8_000)
    const line = failureLine(result) ?? ''
    expect(line).not.toMatch(/after \d+ attempts;/)
    expect(line).toMatch(/wait-timeout/)
    expect(line).toMatch(/ECONNREFUSED/)
  }, 60_000)
})

describe('what the service says', () => {
  it('retries InvalidParameter.RequestTimeout (the backend is still working) and passes', async () => {
    const emu = await start({
      images: CLEAN,
      faults: { script: [{ code: 'InvalidParameter.RequestTimeout' }] }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'img' }, timeoutMs: 15_000 })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.verdict).toBe('pass')
    expect(listRequests(emu)).toBe(2)
  })

  it('fails at once on InternalError.ErrRoleNotExist, saying what to do', async () => {
    const emu = await start({
      images: CLEAN,
      faults: { rate: 1, kinds: [{ code: 'InternalError.ErrRoleNotExist' }] }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'img' }, timeoutMs: 15_000 })
    expect(result.exitCode).toBe(1)
    expect(listRequests(emu)).toBe(1)
    const line = failureLine(result) ?? ''
    expect(line).toContain('InternalError.ErrRoleNotExist')
    expect(line).toMatch(/service role/i)
  })
})

describe('through a proxy', () => {
  let certificate: TestCertificate
  beforeAll(async () => {
    certificate = await createTestCertificate(API_HOST)
  })
  afterAll(() => certificate?.remove())

  const INFECTED = { infected: { findings: [finding(4), finding(1)] } }

  it('never prints the proxy password, even with DEBUG=*, and still sends it to the proxy', async () => {
    const emu = await start({
      images: INFECTED,
      tls: { key: certificate.key, cert: certificate.cert }
    })
    proxy = await startConnectProxy()
    const password = 'pr0xy:pass/w@rd%secret'
    const encoded = encodeURIComponent(password)
    const basic = Buffer.from(`gate-user:${password}`).toString('base64')
    const proxyUrl = `http://gate-user:${encoded}@127.0.0.1:${proxy.port}`
    const result = await runGate(emu, {
      inputs: { 'image-id': 'infected', endpoint: `https://${API_HOST}:${emu.port}` },
      env: { ...localNetworkEnv(certificate), HTTPS_PROXY: proxyUrl, DEBUG: '*' },
      secrets: [password, encoded, basic],
      timeoutMs: 20_000
    })
    expect(result.stderr).not.toContain(REFUSED_LOOKUP)
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'fail', violations: '1' })
    expect(proxy.connects).toEqual([`${API_HOST}:${emu.port}`])
    expect(proxy.proxyAuthorizations).toEqual([`Basic ${basic}`])
  })

  it('ends the process soon after the verdict when the proxy never answers', async () => {
    const emu = await start({
      images: INFECTED,
      tls: { key: certificate.key, cert: certificate.cert }
    })
    proxy = await startConnectProxy({ silent: true })
    const result = await runGate(emu, {
      inputs: {
        'image-id': 'infected',
        endpoint: `https://${API_HOST}:${emu.port}`,
        'wait-timeout': '4'
      },
      env: { ...localNetworkEnv(certificate), HTTPS_PROXY: proxy.url },
      timeoutMs: 9_000
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    expect(proxy.connects.length).toBeGreaterThan(0)
    expect(emu.requests).toHaveLength(0)
  })
})
