/**
 * End-to-end: every way the bundled gate can end. It exits 0 only after a
 * decided pass; a run that never reaches a verdict (a proxy that never
 * answers, a signal) exits non-zero with one line saying why; once findings
 * are judged, a sink that cannot be written never erases the judged outputs
 * or the other sinks; report files are whole or absent.
 */
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import {
  emulatorPerTest,
  failureLine,
  finding,
  runGate,
  SECRET_ID,
  SECRET_KEY
} from '../helpers/gate.js'
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js'
import { runAction, type RunResult } from '../helpers/run-action.js'
import {
  API_HOST,
  createTestCertificate,
  localNetworkEnv,
  type TestCertificate
} from '../helpers/tls-endpoint.js'

const start = emulatorPerTest()
const IMAGE = 'sha256:judged'
const REPORT = 'reports/tcss.json'

/**
 * A proxy that accepts the connection, reads the CONNECT and then either
 * closes without a word or sends half a status line and goes quiet.
 */
async function startBrokenProxy(
  behaviour: 'close' | 'half-status' | 'silent'
): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    socket.once('data', () => {
      if (behaviour === 'close') socket.destroy()
      else if (behaviour === 'half-status') socket.write('HTTP/1.1 2')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

describe('behind a proxy that fails', () => {
  let certificate: TestCertificate
  beforeAll(async () => {
    certificate = await createTestCertificate(API_HOST)
  })
  afterAll(() => certificate?.remove())
  let proxy: { close(): Promise<void> } | undefined
  afterEach(async () => {
    await proxy?.close()
    proxy = undefined
  })

  /** Runs the gate against the real host name through a proxy that behaves as `behaviour`. */
  async function runBehind(
    behaviour: 'close' | 'half-status' | 'silent',
    options: { inputs: Record<string, string>; mark?: RegExp; timeoutMs: number }
  ): Promise<RunResult> {
    const broken = await startBrokenProxy(behaviour)
    proxy = broken
    return runAction({
      inputs: {
        'image-id': IMAGE,
        'secret-id': SECRET_ID,
        'secret-key': SECRET_KEY,
        endpoint: `https://${API_HOST}:9`,
        'poll-interval': '0.1',
        ...options.inputs
      },
      env: { ...localNetworkEnv(certificate), HTTPS_PROXY: broken.url },
      secrets: [SECRET_KEY],
      mark: options.mark,
      timeoutMs: options.timeoutMs
    })
  }

  it.each(['close', 'half-status'] as const)(
    'exits non-zero with a reason when the proxy answers CONNECT with %s',
    async (behaviour) => {
      const result = await runBehind(behaviour, {
        inputs: { 'wait-timeout': '4', 'report-file': REPORT },
        timeoutMs: 20_000
      })
      expect(result.exitCode).not.toBe(0)
      expect(result.outputs.verdict).toBe('fail')
      expect(failureLine(result)).toMatch(/TCSS/)
      // A report, if the run got as far as one, says fail too.
      expect(result.report?.verdict ?? 'fail').toBe('fail')
    }
  )

  it('does not keep the process alive after the verdict when the proxy never answers', async () => {
    const result = await runBehind('silent', {
      inputs: { 'wait-timeout': '3' },
      mark: /::error::TCSS virus gate/,
      timeoutMs: 40_000
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    expect(result.markedAtMs).toBeDefined()
    expect(result.durationMs - (result.markedAtMs ?? 0)).toBeLessThan(2_000)
  })
})

describe('signals', () => {
  it('SIGTERM while waiting: non-zero, a reason, and no report left from an earlier run', async () => {
    const emu = await start({ images: { [IMAGE]: { statuses: [1] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': IMAGE, 'report-file': REPORT, 'wait-timeout': '60' },
      // The previous run's report, claiming a pass for another image.
      files: { [REPORT]: JSON.stringify({ imageId: 'sha256:other', verdict: 'pass' }) },
      signal: { name: 'SIGTERM', when: /polling again/ }
    })
    expect(result.signalled).toBe(true)
    expect(result.exitCode).not.toBe(0)
    expect(result.exitCode).not.toBeNull()
    expect(failureLine(result)).toMatch(/SIGTERM/)
    expect(result.outputs.verdict).toBe('fail')
    expect(result.report).toBeUndefined()
    expect(result.workspaceFiles).toEqual([])
  })
})

describe('after the verdict', () => {
  it('exits within 2 s of printing its verdict while a request still hangs on the server', async () => {
    // Every request is held by the server for 30 s and never answered.
    const emu = await start({
      images: { [IMAGE]: { findings: [finding(1)] } },
      faults: { rate: 1, kinds: ['timeout'] },
      faultHoldMs: 30_000
    })
    const result = await runGate(emu, {
      inputs: { 'image-id': IMAGE, 'wait-timeout': '3' },
      mark: /::error::TCSS virus gate failed/,
      timeoutMs: 40_000
    })
    expect(result.exitCode).toBe(1)
    expect(result.markedAtMs).toBeDefined()
    expect(result.durationMs - (result.markedAtMs ?? 0)).toBeLessThan(2_000)
  })
})

describe('a verdict decided late in wait-timeout', () => {
  let github: FakeGitHub | undefined
  afterEach(async () => {
    await github?.close()
    github = undefined
  })

  it('keeps its pass while a hung comment runs past wait-timeout', async () => {
    const token = 'ghs_e2eLateVerdictToken0000000000000000'
    github = await startFakeGitHub({ tokens: { [token]: 'write' }, hang: true })
    const emu = await start({ images: { [IMAGE]: { findings: [finding(1)] } } })
    const repo = { full_name: 'octo-org/octo-service', fork: false }
    // wait-timeout 1 s: the comment's own 30 s limit ends long after wait-timeout and its grace.
    const result = await runGate(emu, {
      inputs: { 'image-id': IMAGE, comment: 'true', 'wait-timeout': '1' },
      githubToken: token,
      event: {
        name: 'pull_request',
        payload: {
          number: 7,
          pull_request: { number: 7, head: { sha: 'a'.repeat(40), repo }, base: { repo } }
        }
      },
      env: { GITHUB_API_URL: github.url },
      secrets: [token],
      timeoutMs: 50_000
    })
    expect(result.outputs.verdict).toBe('pass')
    expect(result.exitCode).toBe(0)
    expect(
      result.commands.some((c) => c.command === 'warning' && /did not answer/.test(c.message))
    ).toBe(true)
  }, 60_000)
})

describe('every sink on its own', () => {
  // One poll while the scan runs: the moment a test breaks a sink, after the inputs were checked.
  const IMAGES = { [IMAGE]: { statuses: [1, 2], findings: [finding(4), finding(1)] } }
  const WHILE_SCANNING = /polling again/
  const makeDir =
    (relative: string) =>
    ({ workspace }: { workspace: string }): void => {
      fs.mkdirSync(path.join(workspace, relative, 'inside'), { recursive: true })
    }
  const JUDGED = {
    verdict: 'fail',
    'scan-status': 'scanned',
    findings: '2',
    violations: '1',
    counts: JSON.stringify({ critical: 1, high: 0, medium: 0, low: 1, unknown: 0 })
  }

  it('a report-file that is a directory: the judged outputs and the summary stay', async () => {
    const emu = await start({ images: IMAGES })
    const result = await runGate(emu, {
      inputs: { 'image-id': IMAGE, 'report-file': 'out' },
      during: { when: WHILE_SCANNING, act: makeDir('out') }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject(JUDGED)
    expect(result.summary).toMatch(/TCSS virus gate/)
    expect(result.stdout).not.toMatch(/Unexpected error/)
    expect(
      result.commands.some((c) => c.command === 'error' && /report-file/.test(c.message))
    ).toBe(true)
  })

  it('a report-file under a file: the outputs keep the judged values, a pass still fails the job', async () => {
    const emu = await start({ images: { [IMAGE]: { statuses: [1, 2], findings: [finding(1)] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': IMAGE, 'report-file': 'plain/report.json' },
      during: {
        when: WHILE_SCANNING,
        act: ({ workspace }) => fs.writeFileSync(path.join(workspace, 'plain'), 'a file')
      }
    })
    // The report was asked for and could not be written: the job fails, the verdict stays.
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'pass', findings: '1', violations: '0' })
    expect(result.outputs['report-file']).toBeUndefined()
    expect(result.summary).toMatch(/TCSS virus gate: pass/)
    expect(failureLine(result)).toMatch(/report-file/)
  })

  it('a SARIF file that cannot be written does not stop the JSON report', async () => {
    const emu = await start({ images: IMAGES })
    const result = await runGate(emu, {
      inputs: { 'image-id': IMAGE, 'report-file': REPORT, 'sarif-file': 'sarif' },
      during: { when: WHILE_SCANNING, act: makeDir('sarif') }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject(JUDGED)
    expect(result.report?.verdict).toBe('fail')
    expect(result.report?.findings).toHaveLength(2)
  })

  it('without GITHUB_STEP_SUMMARY the summary is skipped with a notice and a pass stays a pass', async () => {
    const emu = await start({ images: { [IMAGE]: { findings: [finding(1)] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': IMAGE, 'report-file': REPORT },
      env: { GITHUB_STEP_SUMMARY: '' }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'pass', findings: '1' })
    expect(result.report?.verdict).toBe('pass')
    expect(
      result.commands.some((c) => c.command === 'notice' && /GITHUB_STEP_SUMMARY/.test(c.message))
    ).toBe(true)
  })

  it('a summary file that cannot be written is a warning; the verdict and the report stay', async () => {
    const emu = await start({ images: { [IMAGE]: { findings: [finding(1)] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': IMAGE, 'report-file': REPORT },
      prepare: ({ workspace }) => fs.mkdirSync(path.join(workspace, 'summary-dir')),
      env: { GITHUB_STEP_SUMMARY: 'summary-dir' }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'pass', findings: '1' })
    expect(result.report?.verdict).toBe('pass')
    expect(result.commands.some((c) => c.command === 'warning' && /summary/i.test(c.message))).toBe(
      true
    )
  })

  it('writes the report whole, leaving no temporary file behind', async () => {
    const emu = await start({ images: IMAGES })
    const result = await runGate(emu, { inputs: { 'image-id': IMAGE, 'report-file': REPORT } })
    expect(result.report?.findings).toHaveLength(2)
    expect(result.workspaceFiles).toEqual([REPORT])
  })
})
