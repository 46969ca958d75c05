/**
 * End-to-end: configuration the gate cannot use is named, before the first
 * request, by the action (dist/index.js) and the command line
 * (dist/cli/index.js) alike:
 * - a proxy variable with an unusable URL (not a URL, a bad port, a scheme
 *   other than http/https) is an input error that names the variable and
 *   masks the proxy's user and password, never a direct connection;
 * - a symbolic link at the default policy path that points nowhere, or into
 *   a loop, is an error that names the link, never "no policy file".
 *
 * The API is served under its real host name over TLS (proxies never apply
 * to loopback hosts), and the child may resolve that name to the emulator:
 * a direct connection would reach it, and the emulator's request log shows
 * that none did.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../emulator/emulator.mjs'
import {
  emulatorPerTest,
  failureLine,
  finding,
  runGate,
  SECRET_ID,
  SECRET_KEY
} from '../helpers/gate.js'
import { type CliRun, runCliGate, runCliProcess } from '../helpers/run-cli.js'
import {
  API_HOST,
  createTestCertificate,
  localNetworkEnv,
  type TestCertificate
} from '../helpers/tls-endpoint.js'

const start = emulatorPerTest()

let certificate: TestCertificate
beforeAll(async () => {
  certificate = await createTestCertificate(API_HOST)
})
afterAll(() => certificate?.remove())

const IMAGE = 'sha256:clean'
const PASSWORD = 'pw-Secret+/=9137'

async function startTlsEmulator(): Promise<Emulator> {
  return start({
    images: { [IMAGE]: { findings: [finding(1)] } },
    tls: { key: certificate.key, cert: certificate.cert }
  })
}

const endpointOf = (emulator: Emulator): string => `https://${API_HOST}:${emulator.port}`

/** The command line against the emulator under the API's host name, which the child may resolve. */
function runCliThroughHostName(emulator: Emulator, env: Record<string, string>): Promise<CliRun> {
  return runCliProcess(
    ['--image-id', IMAGE, '--endpoint', endpointOf(emulator), '--poll-interval', '0.1'],
    {
      env: {
        TENCENTCLOUD_SECRET_ID: SECRET_ID,
        TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
        ...localNetworkEnv(certificate, [API_HOST]),
        ...env
      }
    }
  )
}

/** What is wrong, the variable, its value, what the message says, and more environment. */
const badProxies: Array<[string, string, string, RegExp, Record<string, string>?]> = [
  ['a space in the host', 'HTTPS_PROXY', 'proxy host:3128', /not a URL|space/],
  ['a port out of range', 'HTTPS_PROXY', `http://user:${PASSWORD}@127.0.0.1:99999`, /port/],
  [
    'a port out of range, lowercase',
    'https_proxy',
    `http://user:${PASSWORD}@127.0.0.1:99999`,
    /port/
  ],
  ['an unsupported scheme', 'HTTPS_PROXY', `socks5://user:${PASSWORD}@127.0.0.1:1080`, /socks5/],
  [
    'a malformed escape in the password',
    'HTTPS_PROXY',
    `http://user:${PASSWORD}%zz@127.0.0.1:3128`,
    /password|encod/
  ],
  // GitHub's API excluded: the proxy is still the API's.
  [
    'a space in the host, NO_PROXY listing GitHub only',
    'HTTPS_PROXY',
    'proxy host:3128',
    /space/,
    { NO_PROXY: 'api.github.com' }
  ],
  [
    'a port out of range, NO_PROXY listing GitHub only',
    'HTTPS_PROXY',
    `http://user:${PASSWORD}@127.0.0.1:99999`,
    /port/,
    { no_proxy: 'api.github.com' }
  ]
]

function expectNoPassword(text: string): void {
  expect(text).not.toContain(PASSWORD)
  expect(text).not.toContain(encodeURIComponent(PASSWORD))
}

describe('an unusable proxy URL', () => {
  it.each(badProxies)(
    'action, %s: an input error naming %s, no request sent',
    async (_what, variable, value, why, more = {}) => {
      const emu = await startTlsEmulator()
      const result = await runGate(emu, {
        inputs: { 'image-id': IMAGE, endpoint: endpointOf(emu) },
        env: { ...localNetworkEnv(certificate, [API_HOST]), [variable]: value, ...more },
        secrets: [PASSWORD]
      })
      const reason = failureLine(result) ?? ''
      expectNoPassword(`${result.stdout}${result.stderr}${result.summary}`)
      expect({ exitCode: result.exitCode, requests: emu.requests.length }).toEqual({
        exitCode: 1,
        requests: 0
      })
      expect(reason).toContain(variable)
      expect(reason).toMatch(why)
      expect(reason).not.toContain('Unexpected error')
    }
  )

  it.each(badProxies)(
    'command line, %s: exit 2 naming %s, no request sent',
    async (_what, variable, value, why, more = {}) => {
      const emu = await startTlsEmulator()
      const run = await runCliThroughHostName(emu, { [variable]: value, ...more })
      expectNoPassword(`${run.stdout}${run.stderr}`)
      expect({ exitCode: run.exitCode, requests: emu.requests.length }).toEqual({
        exitCode: 2,
        requests: 0
      })
      expect(run.stderr).toContain(variable)
      expect(run.stderr).toMatch(why)
      expect(run.stderr).not.toContain('Unexpected error')
    }
  )

  it('is no error when NO_PROXY excludes the hosts it would be used for: the API and GitHub', async () => {
    const emu = await startTlsEmulator()
    const run = await runCliThroughHostName(emu, {
      HTTPS_PROXY: 'proxy host:3128',
      NO_PROXY: `${API_HOST},api.github.com`
    })
    expect(run.exitCode).toBe(0)
    expect(emu.requests.length).toBeGreaterThan(0)
  })
})

const POLICY = '.github/tcss-virus-policy.yml'

const brokenLinks: Array<[string, (dir: string) => void, RegExp]> = [
  [
    'a link to a file that does not exist',
    (dir) => {
      fs.mkdirSync(path.join(dir, '.github'), { recursive: true })
      fs.symlinkSync('policies/strict.yml', path.join(dir, POLICY))
    },
    /policies\/strict\.yml/
  ],
  [
    'a link into a loop',
    (dir) => {
      fs.mkdirSync(path.join(dir, '.github'), { recursive: true })
      fs.symlinkSync('loop-b.yml', path.join(dir, POLICY))
      fs.symlinkSync('tcss-virus-policy.yml', path.join(dir, '.github', 'loop-b.yml'))
    },
    /loop/
  ],
  [
    'a .github directory that is a link to nowhere',
    (dir) => fs.symlinkSync('ci-config', path.join(dir, '.github')),
    /ci-config/
  ]
]

describe('a broken symbolic link at the default policy path', () => {
  it.each(brokenLinks)(
    'action, %s: an error naming the link, no request sent',
    async (_what, make, target) => {
      const emu = await start({ images: { [IMAGE]: { findings: [finding(1)] } } })
      const result = await runGate(emu, {
        inputs: { 'image-id': IMAGE },
        prepare: ({ workspace }) => make(workspace)
      })
      const reason = failureLine(result) ?? ''
      expect({ exitCode: result.exitCode, requests: emu.requests.length }).toEqual({
        exitCode: 1,
        requests: 0
      })
      expect(result.stdout).not.toContain('built-in default policy')
      expect(reason).toContain('.github')
      expect(reason).toMatch(target)
    }
  )

  it.each(brokenLinks)(
    'command line, %s: exit 2 naming the link, no request sent',
    async (_what, make, target) => {
      const emu = await start({ images: { [IMAGE]: { findings: [finding(1)] } } })
      const run = await runCliGate(emu, ['--image-id', IMAGE], { prepare: make })
      expect({ exitCode: run.exitCode, requests: emu.requests.length }).toEqual({
        exitCode: 2,
        requests: 0
      })
      expect(run.stderr).not.toContain('built-in default policy')
      expect(run.stderr).toContain('.github')
      expect(run.stderr).toMatch(target)
    }
  )

  it('a missing default policy, with no link, is still the built-in default with a notice', async () => {
    const emu = await start({ images: { [IMAGE]: { findings: [finding(1)] } } })
    const run = await runCliGate(emu, ['--image-id', IMAGE])
    expect(run.exitCode).toBe(0)
    expect(run.stderr).toContain('built-in default policy')
  })
})
