/**
 * End-to-end: proxies (HTTPS_PROXY, https_proxy, NO_PROXY, HTTP_PROXY) through
 * the bundled action.
 *
 * Proxies never apply to loopback hosts, so these tests give the gate the real
 * host name, https://tcss.tencentcloudapi.com:PORT, served by the emulator over
 * TLS with a throwaway certificate the child trusts. Nothing leaves the
 * machine: the test proxy tunnels every CONNECT to 127.0.0.1, and the child's
 * DNS is replaced (test/helpers/resolve-local.mjs) so that the name resolves to
 * 127.0.0.1 only where a test allows a direct connection, and any other lookup
 * fails.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../emulator/emulator.mjs'
import { startConnectProxy, type ConnectProxy } from '../helpers/connect-proxy.js'
import { emulatorPerTest, finding, listRequests, runGate } from '../helpers/gate.js'
import type { RunResult } from '../helpers/run-action.js'
import {
  API_HOST,
  createTestCertificate,
  localNetworkEnv,
  REFUSED_LOOKUP,
  type TestCertificate
} from '../helpers/tls-endpoint.js'

const start = emulatorPerTest()

let certificate: TestCertificate
beforeAll(async () => {
  certificate = await createTestCertificate(API_HOST)
})
afterAll(() => certificate?.remove())

let proxy: ConnectProxy | undefined
afterEach(async () => {
  await proxy?.close()
  proxy = undefined
})
async function startProxy(): Promise<ConnectProxy> {
  proxy = await startConnectProxy()
  return proxy
}

/**
 * An image that needs three requests: two status polls (scanning, then
 * scanned with the first page) and a second page of 150 low findings.
 */
const PAGED = 'sha256:paged'
const INFECTED = 'sha256:infected'
const IMAGES = {
  [PAGED]: { statuses: [1, 2], generate: { count: 150, riskLevels: [1] } },
  [INFECTED]: { findings: [finding(4, { Path: '/usr/bin/miner' }), finding(1)] }
}

async function startTlsEmulator(): Promise<Emulator> {
  return start({ images: IMAGES, tls: { key: certificate.key, cert: certificate.cert } })
}

function apiEndpoint(emulator: Emulator): string {
  return `https://${API_HOST}:${emulator.port}`
}

/** Runs the gate against the real host name, with the child's network kept local. */
function runThroughHostName(
  emulator: Emulator,
  imageId: string,
  env: Record<string, string>,
  localHosts: string[] = []
): Promise<RunResult> {
  return runGate(emulator, {
    inputs: { 'image-id': imageId, endpoint: apiEndpoint(emulator) },
    env: { ...localNetworkEnv(certificate, localHosts), ...env }
  })
}

function expectPagedPass(result: RunResult, emulator: Emulator): void {
  expect(result.stderr).not.toContain(REFUSED_LOOKUP)
  expect(result.exitCode).toBe(0)
  expect(result.outputs).toMatchObject({
    verdict: 'pass',
    'scan-status': 'scanned',
    findings: '150'
  })
  expect(listRequests(emulator)).toBe(3)
  expect(emulator.requests.every((request) => request.outcome === 'ok')).toBe(true)
}

/** Every request went through the proxy; tunnels are kept alive, so 3 requests may share one. */
function expectTunnelsTo(tunnel: ConnectProxy, emulator: Emulator): void {
  expect(tunnel.connects.length).toBeGreaterThanOrEqual(1)
  expect(tunnel.connects.length).toBeLessThanOrEqual(3)
  expect(new Set(tunnel.connects)).toEqual(new Set([`${API_HOST}:${emulator.port}`]))
}

describe('through a proxy', () => {
  it('reaches the API only through HTTPS_PROXY, one CONNECT per request, and judges right', async () => {
    const emu = await startTlsEmulator()
    const tunnel = await startProxy()
    // The API host is not resolvable in the child: a direct connection would fail.
    const result = await runThroughHostName(emu, INFECTED, { HTTPS_PROXY: tunnel.url })
    expect(result.stderr).not.toContain(REFUSED_LOOKUP)
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({
      verdict: 'fail',
      'scan-status': 'scanned',
      findings: '2',
      violations: '1'
    })
    expect(emu.requests).toHaveLength(1)
    expect(tunnel.connects).toEqual([`${API_HOST}:${emu.port}`])
    expect(tunnel.plainRequests).toEqual([])
  })

  it('uses lowercase https_proxy the same way, for every poll and page, keeping its tunnel alive', async () => {
    const emu = await startTlsEmulator()
    const tunnel = await startProxy()
    const result = await runThroughHostName(emu, PAGED, { https_proxy: tunnel.url })
    expectPagedPass(result, emu)
    expectTunnelsTo(tunnel, emu)
  })

  it('reads a bare host:port proxy as an http:// proxy', async () => {
    const emu = await startTlsEmulator()
    const tunnel = await startProxy()
    const result = await runThroughHostName(emu, PAGED, { HTTPS_PROXY: `localhost:${tunnel.port}` })
    expectPagedPass(result, emu)
    expectTunnelsTo(tunnel, emu)
  })

  it('fails closed, without a direct connection, when the proxy is down', async () => {
    const emu = await startTlsEmulator()
    const tunnel = await startProxy()
    const deadProxy = tunnel.url
    await tunnel.close()
    const result = await runGate(emu, {
      inputs: { 'image-id': INFECTED, endpoint: apiEndpoint(emu), 'wait-timeout': '2' },
      env: { ...localNetworkEnv(certificate), HTTPS_PROXY: deadProxy }
    })
    expect(result.stderr).not.toContain(REFUSED_LOOKUP)
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    expect(emu.requests).toHaveLength(0)
  })
})

describe('without a proxy', () => {
  it.each([
    ['the host', API_HOST],
    ['its domain with a leading dot, among others', 'example.com, .tencentcloudapi.com']
  ])('connects directly when NO_PROXY lists %s', async (_what, noProxy) => {
    const emu = await startTlsEmulator()
    const tunnel = await startProxy()
    const result = await runThroughHostName(
      emu,
      PAGED,
      { HTTPS_PROXY: tunnel.url, https_proxy: tunnel.url, NO_PROXY: noProxy },
      [API_HOST]
    )
    expectPagedPass(result, emu)
    expect(tunnel.connects).toEqual([])
    expect(tunnel.plainRequests).toEqual([])
  })

  it('connects directly to a plain-http loopback endpoint whatever proxy is set', async () => {
    const emu = await start({ images: IMAGES })
    const tunnel = await startProxy()
    const result = await runGate(emu, {
      inputs: { 'image-id': PAGED },
      env: {
        ...localNetworkEnv(certificate),
        HTTPS_PROXY: tunnel.url,
        https_proxy: tunnel.url,
        HTTP_PROXY: tunnel.url,
        // The one variable the SDK would read on its own.
        http_proxy: tunnel.url
      }
    })
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:/)
    expectPagedPass(result, emu)
    expect(tunnel.connects).toEqual([])
    expect(tunnel.plainRequests).toEqual([])
  })

  it('does not apply HTTP_PROXY or http_proxy to the https endpoint', async () => {
    const emu = await startTlsEmulator()
    const tunnel = await startProxy()
    const result = await runThroughHostName(
      emu,
      PAGED,
      { HTTP_PROXY: tunnel.url, http_proxy: tunnel.url },
      [API_HOST]
    )
    expectPagedPass(result, emu)
    expect(tunnel.connects).toEqual([])
    expect(tunnel.plainRequests).toEqual([])
  })

  it('fails before any request on a proxy URL it cannot use, never printing its password', async () => {
    const emu = await startTlsEmulator()
    const result = await runThroughHostName(emu, INFECTED, {
      HTTPS_PROXY: 'socks5://user:proxy-password-1@127.0.0.1:1080'
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).not.toBe('pass')
    // Outside the runner's own masking commands, which it consumes and never shows.
    const shown = `${result.stdout}${result.stderr}${result.summary}`
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n')
    expect(shown).not.toContain('proxy-password-1')
    expect(shown).toContain('HTTPS_PROXY')
    expect(emu.requests).toHaveLength(0)
  })
})
