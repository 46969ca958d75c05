/**
 * run() in-process, with every dependency faked: inputs, runner, clock, API,
 * files and the summary. No bundle and no emulator.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createDependencies } from '../src/gate/dependencies.js'
import { failureReport } from '../src/gate/failure.js'
import { run } from '../src/gate/run.js'
import { outcome } from '../src/core/outcome.js'
import { InputError, PolicyError } from '../src/errors.js'
import {
  fakeClock,
  fakeRunner,
  fakeTcssApi,
  gateResult,
  judged,
  virusRow
} from './helpers/builders.js'

let workspace: string

beforeEach(() => {
  workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-main-')))
})
afterEach(() => {
  fs.rmSync(workspace, { recursive: true, force: true })
})

function fakes(
  inputs: Record<string, string>,
  rows: Record<string, unknown>[] = [],
  env: NodeJS.ProcessEnv = {}
) {
  const runner = fakeRunner()
  const api = fakeTcssApi(rows)
  const written = new Map<string, string>()
  const summaries: string[] = []
  const deps = createDependencies({
    getInput: (name) => inputs[name] ?? '',
    runner,
    github: { eventName: 'push', payload: {} },
    writeSummary: async (markdown) => {
      summaries.push(markdown)
    },
    files: {
      write: async (file, text) => {
        written.set(file, text)
      },
      removeStale: async () => undefined
    },
    newId: () => 'token-1',
    clock: fakeClock(),
    random: () => 0.5,
    today: () => '2026-03-15',
    env: { GITHUB_WORKSPACE: workspace, ...env },
    createApi: () => api,
    credentialIo: {
      getIdToken: async () => {
        throw new Error('no OIDC here')
      },
      createSts: () => {
        throw new Error('no STS here')
      },
      mask: () => undefined
    }
  })
  return { deps, runner, api, written, summaries }
}

const keys = { 'secret-id': 'AKIDexample', 'secret-key': 'key-value' }

describe('run', () => {
  it('passes a clean image: outputs, then the summary, then the verdict line', async () => {
    const { deps, runner, summaries } = fakes({ ...keys, 'image-id': 'sha256:abc' }, [], {
      GITHUB_STEP_SUMMARY: 'summary.md'
    })
    await expect(run(deps)).resolves.toBe(true)
    expect(runner.outputs).toMatchObject({
      verdict: 'pass',
      'scan-status': 'scanned',
      findings: '0',
      violations: '0'
    })
    expect(summaries).toHaveLength(1)
    expect(summaries[0]).toContain('TCSS virus gate: pass')
    expect(runner.lines.at(-1)).toBe('info: TCSS virus gate passed: No virus findings.')
    expect(runner.lines.findIndex((line) => line.startsWith('output verdict'))).toBeLessThan(
      runner.lines.length - 1
    )
  })

  it('fails on a violation in enforce mode, and only warns in report-only mode', async () => {
    const rows = [virusRow('a'.repeat(32), '/bin/evil', 4)]
    const enforced = fakes({ ...keys, 'image-id': 'sha256:abc' }, rows)
    await expect(run(enforced.deps)).resolves.toBe(false)
    expect(enforced.runner.outputs.verdict).toBe('fail')
    expect(enforced.runner.lines.at(-1)).toMatch(/^failed: TCSS virus gate failed: Policy violated/)

    const reportOnly = fakes({ ...keys, 'image-id': 'sha256:abc', enforce: 'false' }, rows)
    await expect(run(reportOnly.deps)).resolves.toBe(true)
    expect(reportOnly.runner.lines.at(-1)).toMatch(/^warning: TCSS virus gate would fail/)
  })

  it('skips the summary with a notice when GITHUB_STEP_SUMMARY is not set', async () => {
    const { deps, runner, summaries } = fakes({ ...keys, 'image-id': 'sha256:abc' })
    await run(deps)
    expect(summaries).toEqual([])
    expect(runner.lines).toContainEqual(
      expect.stringMatching(/^notice: GITHUB_STEP_SUMMARY is not set/)
    )
  })

  it('writes the report files it was asked for, and fails when one cannot be written', async () => {
    const { deps, runner, written } = fakes({
      ...keys,
      'image-id': 'sha256:abc',
      'report-file': 'report.json',
      'sarif-file': 'gate.sarif'
    })
    deps.files.write = async (file, text) => {
      if (file.endsWith('.sarif')) throw new Error('disk full')
      written.set(file, text)
    }
    await expect(run(deps)).resolves.toBe(false)
    expect(JSON.parse(written.get(path.join(workspace, 'report.json')) ?? '{}')).toMatchObject({
      verdict: 'pass'
    })
    expect(runner.outputs.verdict).toBe('pass')
    expect(runner.lines.at(-1)).toMatch(
      /^failed: TCSS virus gate passed, but a report failed: 'sarif-file' could not be written\./
    )
  })

  it('sets the sarif-file output only when the log was written, with the scope asked for', async () => {
    const rows = [virusRow('a'.repeat(32), '/bin/evil', 4), virusRow('b'.repeat(32), '/tmp/low', 1)]
    const all = fakes(
      { ...keys, 'image-id': 'sha256:abc', 'sarif-file': 'gate.sarif', 'sarif-scope': 'all' },
      rows
    )
    await run(all.deps)
    expect(all.runner.outputs['sarif-file']).toBe(path.join(workspace, 'gate.sarif'))
    const log = JSON.parse(all.written.get(path.join(workspace, 'gate.sarif')) ?? '{}') as {
      runs: Array<{ results: Array<{ level: string }> }>
    }
    expect(log.runs[0].results.map((result) => result.level)).toEqual(['error', 'note'])

    const failing = fakes({ ...keys, 'image-id': 'sha256:abc', 'sarif-file': 'gate.sarif' })
    failing.deps.files.write = async () => {
      throw new Error('disk full')
    }
    await run(failing.deps)
    expect(failing.runner.outputs['sarif-file']).toBeUndefined()
  })

  it('refuses a sarif-scope it does not know', async () => {
    const { deps, runner } = fakes({ ...keys, 'image-id': 'sha256:abc', 'sarif-scope': 'most' })
    await expect(run(deps)).resolves.toBe(false)
    expect(runner.lines.at(-1)).toMatch(
      /^failed: Invalid input 'sarif-scope': 'most'\. Expected violations or all\./
    )
  })

  it('fails with one line for an input mistake, the failure outputs set', async () => {
    const { deps, runner, api } = fakes({ ...keys })
    await expect(run(deps)).resolves.toBe(false)
    expect(runner.outputs).toMatchObject({ verdict: 'fail', findings: '0' })
    expect(runner.lines.at(-1)).toMatch(/^failed: Nothing to gate/)
    expect(api.calls).toEqual([])
  })
})

describe('outcome', () => {
  const failing = judged([], { verdict: 'fail', reason: 'x' })

  it('passes, fails, or reports only', () => {
    expect(outcome(gateResult(), [])).toEqual({ kind: 'pass', unwritten: [] })
    expect(outcome(gateResult({ images: [failing], verdict: 'fail' }), []).kind).toBe('fail')
    expect(
      outcome(gateResult({ images: [failing], verdict: 'fail', enforce: false }), []).kind
    ).toBe('report-only')
  })

  it('fails a configuration mistake even in report-only mode', () => {
    const misconfigured = judged([], {
      verdict: 'fail',
      evaluation: undefined,
      failure: { kind: 'api', message: 'AuthFailure' }
    })
    expect(
      outcome(gateResult({ images: [misconfigured], verdict: 'fail', enforce: false }), []).kind
    ).toBe('fail')
  })

  it('fails a pass whose report file could not be written, unless enforce is off', () => {
    const failure = [{ input: 'report-file', message: 'disk full' }]
    expect(outcome(gateResult(), failure)).toEqual({
      kind: 'report-failed',
      unwritten: ['report-file']
    })
    expect(outcome(gateResult({ enforce: false }), failure).kind).toBe('pass')
  })
})

describe('failureReport', () => {
  it('says input mistakes plainly and locates policy problems', () => {
    expect(failureReport(new InputError('bad input'))).toEqual({
      message: 'bad input',
      annotations: []
    })
    const report = failureReport(
      new PolicyError('policy.yml', [{ line: 3, column: 5, message: 'unknown key' }])
    )
    expect(report.message).toBe('Invalid policy: policy.yml:3:5: unknown key')
    expect(report.annotations[0].properties).toMatchObject({ file: 'policy.yml', startLine: 3 })
  })

  it('keeps the stack of an unexpected error for the debug log', () => {
    const report = failureReport(new TypeError('boom'))
    expect(report.message).toBe('Unexpected error in the TCSS virus gate: boom')
    expect(report.debug).toContain('TypeError: boom')
  })
})
