/**
 * End-to-end: recorded runs. The bundled action (and the command line) with
 * `record-file` / `--record` writes every API exchange as JSON lines; the
 * emulator's replay server answers a second run from that file alone, and
 * the second run ends the same way: same verdict, same outputs, same report.
 * Every recording made here is swept for the run's secrets in every form.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../emulator/emulator.mjs'
import { startReplay, type Replay } from '../emulator/replay.mjs'
import {
  emulatorPerTest,
  failureLine,
  finding,
  runGate,
  SECRET_ID,
  SECRET_KEY
} from '../helpers/gate.js'
import { startFakeRunnerOidc, type FakeRunnerOidc } from '../helpers/fake-runner-oidc.js'
import type { RunOptions, RunResult } from '../helpers/run-action.js'
import { runCliGate, runCliProcess } from '../helpers/run-cli.js'

const start = emulatorPerTest()
let replay: Replay | undefined
let oidc: FakeRunnerOidc | undefined
afterEach(async () => {
  await replay?.close()
  replay = undefined
  await oidc?.close()
  oidc = undefined
})

const RECORD = 'tcss-record.jsonl'
const REPORT = 'tcss-report.json'
const IMAGE = 'sha256:recorded'

/**
 * Secrets with the characters that make their encoded forms differ from the
 * plain one (`/`, `+`, `=`, `&`, `"`, `\`), so that each form is looked for.
 */
const KEY = 'rec/Secret+Key=&"q"\\-0123456789abcdef'
const SESSION_TOKEN = 'rec/Session+Token=&"q"\\-fedcba9876543210'
const GITHUB_TOKEN = 'ghs_rec/GitHub+Token=&"q"-00112233445566'
const REGISTRY_PASSWORD = 'rec/Registry+Password=&"q"\\-778899'
/** The secrets the recorded runs are given (and so register). */
const RUN_SECRETS = [KEY, SESSION_TOKEN, GITHUB_TOKEN, REGISTRY_PASSWORD]
/** What the sweep looks for: those, and the key of the other e2e tests. */
const SECRETS = [...RUN_SECRETS, SECRET_KEY]

/** Every form a secret may take in a text: plain, URL-encoded, base64 (and base64url), JSON-escaped. */
function formsOf(secret: string): string[] {
  const base64 = Buffer.from(secret).toString('base64')
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams([['', secret]]).toString().slice(1),
    base64,
    base64.replace(/=+$/, ''),
    Buffer.from(secret).toString('base64url'),
    JSON.stringify(secret).slice(1, -1)
  ]
}

/** An API error whose message quotes every secret in every form: a service that echoes what it got. */
const ECHOING_FAULT = {
  code: 'InternalError',
  message: `echo ${RUN_SECRETS.flatMap(formsOf).join(' | ')}`
}

/** Every recording the tests make, for the sweep at the end. */
const recordings: Array<{ test: string; text: string }> = []

interface Exchange {
  type: string
  seq: number
  action: string
  params: Record<string, unknown>
  startMs: number
  durationMs: number
  outcome: string
  status?: number
  body?: unknown
  bodyText?: string
}

/** The recording's lines, each parsed; the first is the header. */
function exchangesOf(text: string): Exchange[] {
  const lines = text.split('\n').filter((line) => line !== '')
  const parsed = lines.map((line) => JSON.parse(line) as Exchange)
  expect(parsed[0]).toMatchObject({ type: 'recording', format: 1 })
  return parsed.slice(1)
}

/** The recording a run left, kept for the sweep. */
function recordingOf(result: RunResult, test: string, file = RECORD): string {
  const text = result.readBack[file]
  expect(typeof text).toBe('string')
  recordings.push({ test, text })
  return text
}

/** The run's inputs with the secrets of this file: a key with a session token, a GitHub token, a registry login. */
function secretInputs(): Record<string, string> {
  return {
    'secret-key': KEY,
    'session-token': SESSION_TOKEN,
    'github-token': GITHUB_TOKEN,
    'registry-username': 'robot',
    'registry-password': REGISTRY_PASSWORD
  }
}

function startRecordedEmulator(
  options: Parameters<typeof start>[0] = {}
): ReturnType<typeof start> {
  return start({
    credentials: [{ secretId: SECRET_ID, secretKey: KEY, token: SESSION_TOKEN }],
    ...options
  })
}

/** The outputs that do not name a file (those hold the run's own workspace path). */
function comparableOutputs(result: RunResult): Record<string, string> {
  return Object.fromEntries(
    Object.entries(result.outputs).filter(([name]) => name !== 'report-file')
  )
}

/** Records a run against `emu`, then replays the recording to a second, identical run. */
async function recordAndReplay(
  emu: Emulator,
  test: string,
  options: RunOptions
): Promise<{ recorded: RunResult; replayed: RunResult; exchanges: Exchange[]; replay: Replay }> {
  const inputs = { ...secretInputs(), 'report-file': REPORT, ...options.inputs }
  const recorded = await runGate(emu, {
    ...options,
    inputs: { ...inputs, 'record-file': RECORD },
    secrets: SECRETS,
    readBack: [RECORD]
  })
  const text = recordingOf(recorded, test)
  replay = await startReplay({ recording: text })
  const replayed = await runGate(emu, {
    ...options,
    inputs: { ...inputs, endpoint: replay.url, 'record-file': RECORD },
    secrets: SECRETS,
    readBack: [RECORD]
  })
  recordingOf(replayed, `${test} (replayed)`)
  return { recorded, replayed, exchanges: exchangesOf(text), replay }
}

function expectSameEnding(recorded: RunResult, replayed: RunResult): void {
  const ending = (result: RunResult) => ({
    exitCode: result.exitCode,
    failure: failureLine(result),
    outputs: comparableOutputs(result),
    verdict: result.report?.verdict,
    findings: result.report?.findings
  })
  expect(ending(replayed)).toEqual(ending(recorded))
}

describe('a recorded run', () => {
  it('records every exchange and replays to the same verdict, outputs and report', async () => {
    const emu = await startRecordedEmulator({
      images: {
        [IMAGE]: {
          statuses: [1, 1, 2],
          findings: [finding(4, { VirusName: 'Linux.Miner.Recorded' }), finding(1)]
        }
      }
    })
    const { recorded, replayed, exchanges, replay } = await recordAndReplay(emu, 'verdict', {
      inputs: { 'image-id': IMAGE }
    })
    expect(recorded.exitCode).toBe(1)
    expect(recorded.outputs).toMatchObject({ verdict: 'fail', violations: '1', findings: '2' })
    // One line per request the emulator saw, in the order they were sent.
    expect(exchanges.map((exchange) => exchange.action)).toEqual(
      emu.requests.map((request) => request.action)
    )
    expect(exchanges.map((exchange) => exchange.seq)).toEqual(exchanges.map((_, i) => i + 1))
    for (const exchange of exchanges) {
      expect(exchange).toMatchObject({ type: 'exchange', status: 200, outcome: 'ok' })
      expect(exchange.startMs).toBeGreaterThanOrEqual(0)
      expect(exchange.durationMs).toBeGreaterThanOrEqual(0)
    }
    const list = exchanges
      .filter((exchange) => exchange.action === 'DescribeAssetImageVirusList')
      .at(-1)
    expect(list?.params).toMatchObject({ ImageID: IMAGE })
    expect(list?.body).toMatchObject({ Response: { TotalCount: 2 } })

    expectSameEnding(recorded, replayed)
    expect(replay.unmatched).toEqual([])
    expect(replay.served.map((served) => served.action)).toEqual(
      exchanges.map((exchange) => exchange.action)
    )
  })

  it('records faults as they happened and replays them to the same verdict', async () => {
    // Faults spread over the scan's polls (null: an ordinary answer), so no request runs out of time.
    const emu = await startRecordedEmulator({
      images: { [IMAGE]: { statuses: [1, 1, 1, 1, 2], findings: [finding(2)] } },
      faults: {
        script: [
          ECHOING_FAULT,
          'http502',
          null,
          'badjson',
          'reset',
          null,
          'noresponse',
          'resetBody',
          null,
          'timeout'
        ]
      }
    })
    // wait-timeout 20: each request may take 5 s, so the held one is given up in time.
    const { recorded, replayed, exchanges, replay } = await recordAndReplay(emu, 'faults', {
      inputs: { 'image-id': IMAGE, 'wait-timeout': '20' },
      timeoutMs: 60_000
    })
    expect(recorded.exitCode).toBe(0)
    expect(recorded.outputs).toMatchObject({ verdict: 'pass', findings: '1' })
    const outcomes = exchanges.map((exchange) => exchange.outcome)
    expect(outcomes.filter((outcome) => outcome !== 'ok')).toEqual([
      'error:InternalError',
      'http:502',
      'bad-json',
      'reset',
      'no-response-object',
      'body-broke-off',
      'timeout'
    ])
    const byOutcome = (outcome: string) =>
      exchanges.find((exchange) => exchange.outcome === outcome)
    expect(byOutcome('http:502')).toMatchObject({
      status: 502,
      bodyText: expect.stringContaining('502')
    })
    expect(byOutcome('bad-json')).toMatchObject({ status: 200, bodyText: expect.any(String) })
    expect(byOutcome('reset')?.status).toBeUndefined()
    // The echoed secrets are gone, the message around them is kept.
    expect(JSON.stringify(byOutcome('error:InternalError')?.body)).toContain('echo ***')

    expectSameEnding(recorded, replayed)
    expect(replay.unmatched).toEqual([])
    expect(replay.served.map((served) => served.outcome)).toEqual(outcomes)
  })

  it('is written when the run fails on an API error, and replays to the same failure', async () => {
    const emu = await startRecordedEmulator({ images: {} })
    const { recorded, replayed, exchanges } = await recordAndReplay(emu, 'api error', {
      inputs: { 'image-id': 'sha256:unknown' }
    })
    expect(recorded.exitCode).toBe(1)
    expect(exchanges.length).toBeGreaterThan(0)
    expect(exchanges.at(-1)?.outcome).toMatch(/^error:/)
    expectSameEnding(recorded, replayed)
  })

  it('is written when the run runs out of wait-timeout', async () => {
    const emu = await startRecordedEmulator({ images: { [IMAGE]: { statuses: [1] } } })
    const result = await runGate(emu, {
      inputs: { ...secretInputs(), 'image-id': IMAGE, 'record-file': RECORD, 'wait-timeout': '2' },
      secrets: SECRETS,
      readBack: [RECORD]
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs['scan-status']).toBe('timeout')
    const exchanges = exchangesOf(recordingOf(result, 'wait-timeout'))
    expect(exchanges.length).toBe(
      emu.requests.filter((request) => request.outcome !== 'aborted').length
    )
    expect(exchanges.every((exchange) => exchange.outcome === 'ok')).toBe(true)
  })

  it('is written when the run is canceled (SIGTERM) while it waits for the scan', async () => {
    const emu = await startRecordedEmulator({ images: { [IMAGE]: { statuses: [1] } } })
    const result = await runGate(emu, {
      inputs: {
        ...secretInputs(),
        'image-id': IMAGE,
        'record-file': RECORD,
        'wait-timeout': '60'
      },
      secrets: SECRETS,
      readBack: [RECORD],
      signal: { name: 'SIGTERM', when: /polling again/ }
    })
    expect(result.signalled).toBe(true)
    expect(result.exitCode).not.toBe(0)
    const exchanges = exchangesOf(recordingOf(result, 'SIGTERM'))
    expect(exchanges.length).toBeGreaterThan(0)
    // Nothing half written is left beside it.
    expect(result.workspaceFiles).toEqual([RECORD])
  })

  it('a recording that cannot be written is a warning, and the verdict stands', async () => {
    const emu = await startRecordedEmulator({ images: { [IMAGE]: { findings: [] } } })
    const result = await runGate(emu, {
      inputs: { ...secretInputs(), 'image-id': IMAGE, 'record-file': RECORD },
      secrets: SECRETS,
      // A directory where the recording should go, made while the run reads.
      during: {
        when: /Gating image/,
        act: ({ workspace }) => fs.mkdirSync(path.join(workspace, RECORD))
      }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.verdict).toBe('pass')
    expect(result.commands).toContainEqual(
      expect.objectContaining({
        command: 'warning',
        message: expect.stringContaining("Could not write the recording (input 'record-file')")
      })
    )
  })

  it('a request the recording does not hold gets an error that names it', async () => {
    const emu = await startRecordedEmulator({ images: { [IMAGE]: { findings: [] } } })
    const recorded = await runGate(emu, {
      inputs: { ...secretInputs(), 'image-id': IMAGE, 'record-file': RECORD },
      secrets: SECRETS,
      readBack: [RECORD]
    })
    expect(recorded.exitCode).toBe(0)
    replay = await startReplay({ recording: recordingOf(recorded, 'unmatched') })
    const other = await runGate(emu, {
      inputs: { ...secretInputs(), 'image-id': 'sha256:another', endpoint: replay.url },
      secrets: SECRETS
    })
    expect(other.exitCode).toBe(1)
    expect(failureLine(other)).toContain('not in the recording')
    expect(failureLine(other)).toContain('sha256:another')
    expect(replay.unmatched.length).toBeGreaterThan(0)
  })

  it('keyless: the STS exchange is recorded without the temporary credentials, and replays', async () => {
    oidc = await startFakeRunnerOidc()
    const temporary = {
      secretId: 'AKIDTMPRECORDED000000000000000000',
      secretKey: 'temporary-secret-key-recorded-1d2c',
      token: 'temporary-session-token-recorded-8e7f6a5b4c3d'
    }
    const emu = await startRecordedEmulator({
      images: { [IMAGE]: { findings: [finding(3)] } },
      sts: {
        providers: [oidc.provider('github-actions', ['sts.tencentcloudapi.com'])],
        roles: [
          {
            roleArn: 'qcs::cam::uin/100000000001:roleName/tcss-virus-gate',
            providerIds: ['github-actions']
          }
        ],
        credentials: [temporary]
      }
    })
    const idToken = oidc.tokenFor('sts.tencentcloudapi.com')
    const keyless = {
      inputs: {
        'image-id': IMAGE,
        'secret-id': '',
        'secret-key': '',
        'session-token': '',
        'role-arn': 'qcs::cam::uin/100000000001:roleName/tcss-virus-gate',
        'provider-id': 'github-actions'
      },
      env: { ...oidc.env, GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '1' }
    }
    const { recorded, replayed, exchanges } = await recordAndReplay(emu, 'keyless', keyless)
    expect(recorded.exitCode).toBe(1)
    expect(exchanges[0]).toMatchObject({ action: 'AssumeRoleWithWebIdentity', outcome: 'ok' })
    const text = JSON.stringify(exchanges)
    for (const secret of [temporary.secretKey, temporary.token, idToken])
      expect(text.includes(secret)).toBe(false)
    expectSameEnding(recorded, replayed)
  })
})

describe('the command line', () => {
  it('--record writes the recording, and the replayed run prints the same report', async () => {
    const emu = await startRecordedEmulator({
      images: { [IMAGE]: { findings: [finding(4), finding(2)] } }
    })
    const env = { TENCENTCLOUD_SECRET_KEY: KEY, TENCENTCLOUD_SESSION_TOKEN: SESSION_TOKEN }
    const recorded = await runCliGate(emu, ['--image-id', IMAGE, '--record', 'run.jsonl'], { env })
    expect(recorded.exitCode).toBe(1)
    const text = recorded.files['run.jsonl']
    expect(typeof text).toBe('string')
    recordings.push({ test: 'command line', text })
    expect(exchangesOf(text).map((exchange) => exchange.action)).toContain(
      'DescribeAssetImageVirusList'
    )

    replay = await startReplay({ recording: text })
    const replayed = await runCliProcess(
      ['--endpoint', replay.url, '--poll-interval', '0.1', '--image-id', IMAGE],
      { env: { TENCENTCLOUD_SECRET_ID: SECRET_ID, ...env } }
    )
    expect(replayed.exitCode).toBe(recorded.exitCode)
    expect(replayed.stdout).toEqual(recorded.stdout)
    expect(replay.unmatched).toEqual([])
  })

  it('--record and --record-file together are refused, naming both', async () => {
    const emu = await startRecordedEmulator()
    const result = await runCliGate(emu, [
      '--image-id',
      IMAGE,
      '--record',
      'a.jsonl',
      '--record-file',
      'b.jsonl'
    ])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/--record\b.*--record-file|--record-file.*--record\b/)
  })
})

// Last: every test above has added its recordings by now.
describe('every recording made above', () => {
  it('holds no secret in any form (plain, URL-encoded, base64, JSON-escaped) and no signature', () => {
    expect(recordings.length).toBeGreaterThanOrEqual(1)
    for (const { test, text } of recordings) {
      for (const secret of SECRETS) {
        for (const form of formsOf(secret)) {
          expect({ test, found: text.includes(form) ? form : undefined }).toEqual({
            test,
            found: undefined
          })
        }
      }
      expect({
        test,
        signature: /TC3-HMAC-SHA256|Signature=|Authorization|X-TC-Token/i.test(text)
      }).toEqual({ test, signature: false })
    }
  })
})
