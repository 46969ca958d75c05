/**
 * End-to-end: hostile responses, environments and inputs beyond the other
 * suites, against the bundled action. Each test pins one way the gate could
 * be green by mistake, lose what it judged, or show a secret.
 */
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { startConnectProxy, type ConnectProxy } from '../helpers/connect-proxy.js'
import { startFakeGitHub } from '../helpers/fake-github.js'
import {
  emulatorPerTest,
  failureLine,
  finding,
  runGate,
  SECRET_ID,
  SECRET_KEY
} from '../helpers/gate.js'
import {
  API_HOST,
  createTestCertificate,
  localNetworkEnv,
  type TestCertificate
} from '../helpers/tls-endpoint.js'

const start = emulatorPerTest()
const IMAGE = 'sha256:adversarial'
const HIGH_ONE = { '.github/tcss-virus-policy.yml': 'version: 1\nthresholds:\n  high: 1\n' }

describe('findings the service cannot tell apart', () => {
  it('counts rows without Md5 and Path one by one, never as one finding', async () => {
    const emu = await start({
      images: {
        [IMAGE]: {
          findings: [
            finding(3, { Md5: undefined, Path: undefined, VirusName: 'Linux.Trojan.A' }),
            finding(3, { Md5: undefined, Path: undefined, VirusName: 'Linux.Trojan.B' })
          ]
        }
      }
    })
    const result = await runGate(emu, { inputs: { 'image-id': IMAGE }, files: HIGH_ONE })
    expect(result.outputs).toMatchObject({ verdict: 'fail', findings: '2', violations: '2' })
    expect(result.exitCode).toBe(1)
  })

  it('never merges two findings whose Md5 and Path join to the same text', async () => {
    const emu = await start({
      images: {
        [IMAGE]: {
          findings: [
            finding(3, { Md5: 'a\u0000b', Path: 'c' }),
            finding(3, { Md5: 'a', Path: 'b\u0000c' })
          ]
        }
      }
    })
    const result = await runGate(emu, { inputs: { 'image-id': IMAGE }, files: HIGH_ONE })
    expect(result.outputs).toMatchObject({ verdict: 'fail', findings: '2', violations: '2' })
    expect(result.exitCode).toBe(1)
  })

  it('fails closed on a TotalCount of 0 with findings in the list', async () => {
    const emu = await start({
      images: { [IMAGE]: { findings: [finding(4)], reportedTotalCount: 0 } }
    })
    const result = await runGate(emu, { inputs: { 'image-id': IMAGE, 'wait-timeout': '10' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
  })
})

describe('untrusted text in the summary', () => {
  it('never turns a www. name into a link', async () => {
    const emu = await start({
      images: {
        [IMAGE]: {
          findings: [
            finding(4, {
              VirusName: 'see www.evil.example/fix now',
              Path: '/opt/WWW.evil.example',
              FileName: 'x.www.evil.example'
            })
          ]
        }
      }
    })
    const result = await runGate(emu, { inputs: { 'image-id': IMAGE } })
    expect(result.exitCode).toBe(1)
    expect(result.summary).toMatch(/evil/)
    expect(result.summary).not.toMatch(/www\.evil/i)
  })
})

describe('credentials where they do not belong', () => {
  it.each([
    'https://gate-user:endpoint-pass-77f1@tcss.tencentcloudapi.com',
    'gate-user:endpoint-pass-77f1@tcss.tencentcloudapi.com',
    'https://gate-user:endpoint-pass-77f1/x@tcss.tencentcloudapi.com'
  ])('an endpoint with a user:password is refused without showing them: %s', async (endpoint) => {
    const emu = await start({ images: { [IMAGE]: { findings: [] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': IMAGE, endpoint },
      secrets: ['endpoint-pass-77f1']
    })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toMatch(/^Invalid input 'endpoint': '(https:\/\/)?\*\*\*@/)
    expect(emu.requests).toHaveLength(0)
  })
})

describe('an API error message written to harm', () => {
  it('reaches the log, the summary and the report as text only', async () => {
    const hostile =
      'denied\n::error::forged\r\n##[error]forged <img src=x onerror=alert(1)> www.evil.example @octocat [x](https://evil.example) \u202eexe.pdf'
    const emu = await start({
      images: { [IMAGE]: { findings: [] } },
      faults: { script: [{ code: 'AuthFailure.SignatureFailure', message: hostile }] }
    })
    const result = await runGate(emu, { inputs: { 'image-id': IMAGE, 'report-file': 'r.json' } })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).not.toMatch(/^\s*::error::forged/m)
    expect(result.stdout).not.toMatch(/^.*##\[error\]forged/m)
    expect(result.commands.filter((c) => c.command === 'error').length).toBeGreaterThan(0)
    expect(result.summary).toMatch(/denied/)
    expect(result.summary).not.toMatch(/<img|www\.evil|@octocat|\]\(|https:\/\/evil|\u202e/)
    expect(JSON.stringify(result.report)).toMatch(/denied/)
  })
})

describe('allowlist expiry', () => {
  it.each(['Etc/GMT+12', 'Pacific/Kiritimati'])(
    'an entry that expired yesterday (UTC) excuses nothing, in the time zone %s too',
    async (tz) => {
      const md5 = '27501aaed5e639693783321219989889'
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
      const emu = await start({ images: { [IMAGE]: { findings: [finding(4, { Md5: md5 })] } } })
      const result = await runGate(emu, {
        inputs: { 'image-id': IMAGE },
        env: { TZ: tz },
        files: {
          '.github/tcss-virus-policy.yml': `version: 1\nthresholds:\n  critical: 0\nallowlist:\n  - md5: ${md5}\n    reason: fixture\n    expires: ${yesterday}\n`
        }
      })
      expect(result.exitCode).toBe(1)
      expect(result.outputs).toMatchObject({ verdict: 'fail', violations: '1', allowlisted: '0' })
    }
  )
})

describe('untrusted text in the log', () => {
  it('shows bidi overrides and invisible characters as escapes, never raw', async () => {
    const emu = await start({
      images: {
        [IMAGE]: {
          findings: [
            finding(4, {
              Path: '/opt/app/\u202egpj.exe',
              VirusName: 'Trojan\u200b\u2066Clean\u2069\u{E0041}'
            })
          ]
        }
      }
    })
    const result = await runGate(emu, { inputs: { 'image-id': IMAGE } })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/\\u202egpj\.exe/)
    expect(result.stdout).not.toMatch(/[\u202e\u200b\u2066\u2069]|\u{E0041}/u)
  })
})

describe('the environment', () => {
  it('NODE_DEBUG of the HTTP stack never shows the session token', async () => {
    const token = 'session-token-adversarial-3b9d'
    const emu = await start({
      credentials: [{ secretId: SECRET_ID, secretKey: SECRET_KEY, token }],
      images: { [IMAGE]: { findings: [finding(4)] } }
    })
    const result = await runGate(emu, {
      inputs: { 'image-id': IMAGE, 'session-token': token },
      env: { NODE_DEBUG: 'http,https,net,tls,fetch,undici,stream', DEBUG: '*', RUNNER_DEBUG: '1' },
      secrets: [token]
    })
    expect(result.outputs).toMatchObject({ verdict: 'fail', violations: '1' })
    expect(result.stderr.length).toBeGreaterThan(0)
  })

  it('GITHUB_OUTPUT that cannot be written: a pass still exits non-zero with a reason', async () => {
    const emu = await start({ images: { [IMAGE]: { findings: [] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': IMAGE },
      prepare: ({ runnerTemp }) => fs.mkdirSync(path.join(runnerTemp, 'no-output')),
      env: { GITHUB_OUTPUT: '/nonexistent-dir/output' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toMatch(/TCSS virus gate/)
  })
})

describe('a report-file name that looks like a workflow command', () => {
  it.each([
    ['a line break, with GITHUB_OUTPUT', 'r\n::error::forged\nverdict=pass\n.json', {}, 1],
    ['a line break, without GITHUB_OUTPUT', 'r\n::error::forged\n.json', { GITHUB_OUTPUT: '' }, 1],
    ['no line break', '::error::forged.json', {}, 0]
  ])('%s: never starts a command or an output of its own', async (_name, file, env, code) => {
    const emu = await start({ images: { [IMAGE]: { findings: [] } } })
    const result = await runGate(emu, { inputs: { 'image-id': IMAGE, 'report-file': file }, env })
    expect(result.exitCode).toBe(code)
    expect(result.stdout).not.toMatch(/^::error::forged/m)
    expect(result.stdout).not.toMatch(/^verdict=/m)
    expect(result.commands.filter((c) => /forged/.test(c.properties))).toEqual([])
    if (code === 0) expect(result.workspaceFiles).toEqual([file])
    else expect(failureLine(result)).toMatch(/^Invalid input 'report-file'/)
  })
})

const PULL_REQUEST = {
  name: 'pull_request',
  payload: {
    number: 7,
    pull_request: {
      number: 7,
      head: { repo: { full_name: 'octo-org/octo-service', fork: false } },
      base: { repo: { full_name: 'octo-org/octo-service' } }
    }
  }
}

describe('a GitHub API that never answers the comment', () => {
  it('a pass with a short wait-timeout stays a pass: the comment gives up before the run is ended as hung', async () => {
    const emu = await start({ images: { [IMAGE]: { findings: [] } } })
    const github = await startFakeGitHub({
      tokens: { 'gh-token-adversarial': 'write' },
      hang: true
    })
    try {
      const result = await runGate(emu, {
        inputs: { 'image-id': IMAGE, comment: 'true', 'wait-timeout': '2' },
        event: PULL_REQUEST,
        githubToken: 'gh-token-adversarial',
        env: { GITHUB_API_URL: github.url },
        secrets: ['gh-token-adversarial'],
        timeoutMs: 40_000
      })
      expect(result.outputs.verdict).toBe('pass')
      expect(result.exitCode).toBe(0)
      expect(
        result.commands.some(
          (c) => c.command === 'warning' && /comment.*did not answer within/i.test(c.message)
        )
      ).toBe(true)
    } finally {
      await github.close()
    }
  })
})

describe('signals', () => {
  it('SIGHUP while waiting: non-zero with a reason and the failed outputs', async () => {
    const emu = await start({ images: { [IMAGE]: { statuses: [1] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': IMAGE, 'wait-timeout': '60' },
      signal: { name: 'SIGHUP', when: /polling again/ }
    })
    expect(result.signalled).toBe(true)
    expect(result.exitCode).not.toBe(0)
    expect(result.exitCode).not.toBeNull()
    expect(failureLine(result)).toMatch(/SIGHUP/)
    expect(result.outputs.verdict).toBe('fail')
  })

  it('SIGTERM after the verdict, while the comment is posted: non-zero, the judged outputs kept', async () => {
    const emu = await start({ images: { [IMAGE]: { findings: [finding(1)] } } })
    const github = await startFakeGitHub({
      tokens: { 'gh-token-adversarial': 'write' },
      hang: true
    })
    try {
      const result = await runGate(emu, {
        inputs: { 'image-id': IMAGE, comment: 'true', 'report-file': 'tcss.json' },
        event: {
          name: 'pull_request',
          payload: {
            number: 7,
            pull_request: {
              number: 7,
              head: { repo: { full_name: 'octo-org/octo-service', fork: false } },
              base: { repo: { full_name: 'octo-org/octo-service' } }
            }
          }
        },
        githubToken: 'gh-token-adversarial',
        env: { GITHUB_API_URL: github.url },
        secrets: ['gh-token-adversarial'],
        signal: { name: 'SIGTERM', when: /JSON report written/ }
      })
      expect(result.signalled).toBe(true)
      expect(result.exitCode).toBe(143)
      expect(failureLine(result)).toMatch(/SIGTERM/)
      expect(result.outputs).toMatchObject({ verdict: 'pass', findings: '1', violations: '0' })
      expect(result.report?.verdict).toBe('pass')
      expect(result.workspaceFiles).toEqual(['tcss.json'])
    } finally {
      await github.close()
    }
  })
})

describe('policy YAML that reads differently by YAML version', () => {
  it.each([
    ['a leading zero', 'version: 1\nthresholds:\n  critical: 010\n'],
    ['a leading zero under %YAML 1.1', '%YAML 1.1\n---\nversion: 1\nthresholds:\n  critical: 010\n']
  ])('refuses a threshold written with %s, before any API call', async (_name, text) => {
    const emu = await start({ images: { [IMAGE]: { findings: [finding(4)] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': IMAGE },
      files: { '.github/tcss-virus-policy.yml': text }
    })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toMatch(/^Invalid policy: .*leading zero/)
    expect(emu.requests).toHaveLength(0)
  })
})

describe('a proxy given without a scheme', () => {
  let certificate: TestCertificate
  let proxy: ConnectProxy | undefined
  beforeAll(async () => {
    certificate = await createTestCertificate(API_HOST)
  })
  afterAll(() => certificate?.remove())
  afterEach(async () => {
    await proxy?.close()
    proxy = undefined
  })

  it('masks its password like that of a proxy URL with a scheme', async () => {
    const emu = await start({
      images: { [IMAGE]: { findings: [finding(4)] } },
      tls: { key: certificate.key, cert: certificate.cert }
    })
    proxy = await startConnectProxy()
    const password = 'bare-proxy-pass-9c1e'
    const result = await runGate(emu, {
      inputs: { 'image-id': IMAGE, endpoint: `https://${API_HOST}:${emu.port}` },
      env: {
        ...localNetworkEnv(certificate),
        HTTPS_PROXY: `gate-user:${password}@127.0.0.1:${proxy.port}`,
        DEBUG: '*',
        RUNNER_DEBUG: '1'
      },
      secrets: [password],
      timeoutMs: 20_000
    })
    expect(result.outputs).toMatchObject({ verdict: 'fail', violations: '1' })
    expect(proxy.connects).toEqual([`${API_HOST}:${emu.port}`])
    expect(result.stdout.split('\n')).toContain(`::add-mask::${password}`)
  })
})

describe('a report an earlier run left', () => {
  const REPORT = 'reports/tcss.json'
  const STALE = JSON.stringify({ imageId: 'sha256:other', verdict: 'pass' })

  it.each([
    ['wait-timeout', { 'wait-timeout': 'soon' }],
    ['image-id', { 'image-id': '' }],
    ['secret-key', { 'secret-key': 'two\nlines-of-key' }]
  ])('is removed when the input %s is invalid', async (_input, inputs) => {
    const emu = await start({ images: { [IMAGE]: { findings: [] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': IMAGE, 'report-file': REPORT, 'sarif-file': 'gate.sarif', ...inputs },
      files: { [REPORT]: STALE, 'gate.sarif': STALE }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    expect(emu.requests).toHaveLength(0)
    expect(result.workspaceFiles).toEqual([])
  })
})

it('an invalid input never removes a report-file that is the policy', async () => {
  const emu = await start({ images: { [IMAGE]: { findings: [] } } })
  const policy = 'version: 1\nthresholds:\n  critical: 0\n'
  const result = await runGate(emu, {
    inputs: {
      'image-id': IMAGE,
      'wait-timeout': 'soon',
      'report-file': 'policy.yml',
      policy: 'policy.yml'
    },
    files: { 'policy.yml': policy },
    readBack: ['policy.yml']
  })
  expect(result.exitCode).toBe(1)
  expect(result.readBack['policy.yml']).toBe(policy)
})

describe('a proxy that answers wrongly', () => {
  let certificate: TestCertificate
  let server: net.Server | undefined
  const sockets = new Set<net.Socket>()
  beforeAll(async () => {
    certificate = await createTestCertificate(API_HOST)
  })
  afterAll(() => certificate?.remove())
  afterEach(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    server = undefined
  })

  it.each([
    ['407', 'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n'],
    [
      '200, then garbage',
      'HTTP/1.1 200 Connection established\r\n\r\n\u0000\u00ffnot TLS at all\r\n'
    ]
  ])('%s: fails closed within wait-timeout, without the proxy password', async (_name, answer) => {
    server = net.createServer((socket) => {
      sockets.add(socket)
      socket.on('error', () => undefined)
      socket.once('data', () => socket.write(answer))
    })
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as net.AddressInfo
    const password = 'wrong-proxy-pass-51d0'
    const emu = await start({ images: { [IMAGE]: { findings: [] } } })
    const result = await runGate(emu, {
      inputs: {
        'image-id': IMAGE,
        endpoint: `https://${API_HOST}:${emu.port}`,
        'wait-timeout': '4'
      },
      env: {
        ...localNetworkEnv(certificate),
        HTTPS_PROXY: `http://gate-user:${password}@127.0.0.1:${port}`,
        RUNNER_DEBUG: '1'
      },
      secrets: [password, Buffer.from(`gate-user:${password}`).toString('base64')],
      timeoutMs: 15_000
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    expect(failureLine(result)).toMatch(/^TCSS virus gate failed: /)
    expect(emu.requests).toHaveLength(0)
  })
})
