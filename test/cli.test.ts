/**
 * The command line in-process: flags → the raw inputs run() reads, --help and
 * --version, the exit code of each ending, and the plain-text report. The
 * bundle is run against the emulator in test/e2e/cli.test.ts.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { FLAGS, parseCommandLine } from '../src/cli/flags.js'
import { exitCodeOf } from '../src/cli/exit-code.js'
import { runCli } from '../src/cli/main.js'
import { textReport } from '../src/cli/text-report.js'
import { Inputs, TOOL_VERSION } from '../src/constants.js'
import { ApiError, InputError, PolicyError } from '../src/errors.js'
import {
  fakeClock,
  fakeTcssApi,
  finding,
  gateResult,
  judged,
  virusRow
} from './helpers/builders.js'
import { ROOT } from './helpers/run-action.js'

const actionInputs = (
  parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
).inputs

describe('flags', () => {
  it('has one flag per input of action.yml, by the same name', () => {
    expect(Object.keys(FLAGS).sort()).toEqual(Object.values(Inputs).sort())
    expect(Object.keys(FLAGS).sort()).toEqual(Object.keys(actionInputs).sort())
  })

  it('shows the defaults action.yml gives (the credentials: their environment variables)', () => {
    for (const [name, input] of Object.entries(actionInputs)) {
      const flag = FLAGS[name as keyof typeof FLAGS]
      if (input.default?.includes('${{')) continue
      expect({ name, default: flag.default }).toEqual({ name, default: input.default ?? '' })
    }
  })

  it('turns flags into the raw inputs, lists by repetition or by newlines', () => {
    const parsed = parseCommandLine(
      [
        '--image-id',
        'sha256:a',
        '--image-id',
        'sha256:b\nsha256:c',
        '--policy',
        'ci/policy.yml',
        '--enforce',
        'false',
        '--junit-file',
        'junit.xml'
      ],
      {}
    )
    expect(parsed.kind).toBe('run')
    if (parsed.kind !== 'run') return
    expect(parsed.inputs).toMatchObject({
      'image-id': 'sha256:a\nsha256:b\nsha256:c',
      policy: 'ci/policy.yml',
      enforce: 'false',
      'junit-file': 'junit.xml'
    })
    expect(parsed.inputs['report-file']).toBeUndefined()
  })

  it('turns the summary off unless GITHUB_STEP_SUMMARY is set or it is asked for', () => {
    const run = (argv: string[], env: NodeJS.ProcessEnv) => {
      const parsed = parseCommandLine(argv, env)
      return parsed.kind === 'run' ? parsed.inputs.summary : parsed.kind
    }
    expect(run([], {})).toBe('false')
    expect(run([], { GITHUB_STEP_SUMMARY: '/tmp/s.md' })).toBeUndefined()
    expect(run(['--summary', 'true'], {})).toBe('true')
  })

  it.each([
    [['--no-such-flag']],
    [['--policy', 'a', '--policy', 'b']],
    [['--image-id']],
    [['stray-argument']]
  ])('refuses %j as a usage error', (argv) => {
    const parsed = parseCommandLine(argv, {})
    expect(parsed.kind).toBe('usage-error')
    if (parsed.kind === 'usage-error') expect(parsed.message).toMatch(/\S/)
  })

  it('--help lists every flag with its default; --version prints the version', () => {
    const help = parseCommandLine(['--help'], {})
    expect(help.kind).toBe('print')
    if (help.kind !== 'print') return
    for (const name of Object.values(Inputs)) {
      const line = help.text.split('\n').find((row) => row.trimStart().startsWith(`--${name} `))
      expect({ name, line: line !== undefined }).toEqual({ name, line: true })
    }
    const flat = help.text.replace(/\s+/g, ' ')
    expect(flat).toContain(
      '--wait-timeout <seconds> seconds to wait for the scan and everything after it (default: 900)'
    )
    expect(flat).toContain('(default: .github/tcss-virus-policy.yml)')
    expect(help.text).toContain('TENCENTCLOUD_SECRET_ID')
    expect(parseCommandLine(['--version'], {})).toEqual({
      kind: 'print',
      text: `${TOOL_VERSION}\n`
    })
  })
})

describe('exitCodeOf', () => {
  it('0 for a pass, 1 for a failed gate, 2 for what could not run as configured', () => {
    expect(exitCodeOf({ passed: true, refused: false })).toBe(0)
    expect(exitCodeOf({ passed: false, refused: false })).toBe(1)
    expect(exitCodeOf({ passed: false, refused: true })).toBe(2)
    expect(exitCodeOf({ passed: false, refused: false, stoppedBy: new InputError('x') })).toBe(2)
    expect(exitCodeOf({ passed: false, refused: false, stoppedBy: new PolicyError('p', []) })).toBe(
      2
    )
    expect(exitCodeOf({ passed: false, refused: false, stoppedBy: new Error('bug') })).toBe(1)
  })
})

describe('textReport', () => {
  it('says the verdict, a table per level and the violations, with no workflow command or Markdown', () => {
    const bad = finding(4, { path: '::error::/root/miner', virusName: '**Miner**\u001b[31m' })
    const result = gateResult({ images: [judged([bad, finding(1)], { imageId: 'sha256:bad' })] })
    const text = textReport(result, { passed: false })
    const lines = text.split('\n')
    expect(lines[0]).toMatch(/^TCSS virus gate: FAIL/)
    expect(text).toMatch(/critical\s+1\s+0\s+1\s+0\s+exceeded/)
    expect(text).toContain('Violations (1)')
    expect(text).toContain(bad.md5)
    expect(lines.filter((line) => line.startsWith('::'))).toEqual([])
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/)
    expect(text).not.toMatch(/^\s*\|/m)
  })

  it('says when the gate would fail but only reports', () => {
    const result = gateResult({
      enforce: false,
      images: [judged([finding(4)])]
    })
    expect(textReport(result, { passed: true }).split('\n')[0]).toMatch(
      /^TCSS virus gate: FAIL \(report only/
    )
  })
})

describe('runCli', () => {
  let workspace: string
  let cwd: string
  beforeEach(() => {
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-cli-')))
    cwd = process.cwd()
    process.chdir(workspace)
  })
  afterEach(() => {
    process.chdir(cwd)
    fs.rmSync(workspace, { recursive: true, force: true })
  })

  async function cli(
    argv: string[],
    rows: Record<string, unknown>[] = [],
    api = fakeTcssApi(rows)
  ) {
    let stdout = ''
    let stderr = ''
    const code = await runCli(
      {
        argv,
        env: { TENCENTCLOUD_SECRET_ID: 'AKIDexample', TENCENTCLOUD_SECRET_KEY: 'key-value' },
        stdout: (chunk) => (stdout += chunk),
        stderr: (chunk) => (stderr += chunk)
      },
      { clock: fakeClock(), createApi: () => api, today: () => '2026-03-15' }
    )
    return { code, stdout, stderr }
  }

  it('passes a clean image: exit 0, the verdict on stdout, progress on stderr', async () => {
    const { code, stdout, stderr } = await cli(['--image-id', 'sha256:abc'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^TCSS virus gate: PASS/)
    expect(stderr).toContain('Gating image sha256:abc')
    expect(`${stdout}\n${stderr}`).not.toMatch(/^::/m)
    expect(stderr).not.toContain('GITHUB_STEP_SUMMARY')
  })

  it('fails on a violation with exit 1 and writes the JUnit file', async () => {
    const { code, stdout } = await cli(
      ['--image-id', 'sha256:abc', '--junit-file', 'out/junit.xml'],
      [virusRow('a'.repeat(32), '/root/miner', 4)]
    )
    expect(code).toBe(1)
    expect(stdout).toMatch(/^TCSS virus gate: FAIL/)
    expect(fs.readFileSync(path.join(workspace, 'out/junit.xml'), 'utf8')).toContain('<failure')
  })

  it('exits 2 on a bad flag, an invalid policy, or refused credentials', async () => {
    expect((await cli(['--bogus'])).code).toBe(2)
    fs.writeFileSync(path.join(workspace, 'policy.yml'), 'version: 1\nthresholds: {critical: -1}\n')
    const policy = await cli(['--image-id', 'sha256:abc', '--policy', 'policy.yml'])
    expect(policy.code).toBe(2)
    expect(policy.stderr).toContain('Invalid policy')
    const refusing = {
      ...fakeTcssApi([]),
      describeAssetImageVirusList: async () => {
        throw new ApiError(
          'DescribeAssetImageVirusList',
          'AuthFailure.SecretIdNotFound',
          'no',
          'r1'
        )
      }
    }
    expect((await cli(['--image-id', 'sha256:abc'], [], refusing)).code).toBe(2)
  })

  it('refuses a junit-file outside the working directory', async () => {
    const { code, stderr } = await cli(['--image-id', 'sha256:abc', '--junit-file', '../x.xml'])
    expect(code).toBe(2)
    expect(stderr).toContain('Invalid --junit-file: "../x.xml" is outside the current directory')
  })
})
