/**
 * Unit tests of interpreting the inputs (core/settings.ts) and of reading them
 * (gate/inputs.ts, gate/settings.ts): secrets as pasted (trimmed, refused without being shown,
 * masked first) and the file inputs readSettings resolves, with @actions/core
 * replaced by a fake runner.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'

/** What the fake runner gives: inputs by name, untrimmed. */
let inputs: Record<string, string> = {}
/** Everything masked, and every input read, in order. */
let events: string[] = []

jest.unstable_mockModule('@actions/core', () => ({
  getInput: (name: string, options?: { trimWhitespace?: boolean }) => {
    events.push(`read ${name}`)
    const value = inputs[name] ?? ''
    return options?.trimWhitespace === false ? value : value.trim()
  },
  setSecret: (secret: string) => {
    events.push(`mask ${secret}`)
  }
}))

const { readSettings } = await import('../src/gate/settings.js')
const { parseSecret } = await import('../src/core/credential-settings.js')
const { secretMasks } = await import('../src/secrets.js')
const { readInputs } = await import('../src/gate/inputs.js')
const core = await import('@actions/core')
// As the action's preflight does: secrets are masked by the runner's mask.
const { setLogMask } = await import('../src/secrets.js')
setLogMask((secret) => core.setSecret(secret))
const { InputError } = await import('../src/errors.js')

function refusal(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as Error).message
  }
  throw new Error('expected an InputError')
}

describe('parseSecret', () => {
  const source = { input: 'session-token' }

  it.each([
    ['plain', 'AKIDabc123+/=_-.', 'AKIDabc123+/=_-.'],
    ['trailing newline', 'token-value\n', 'token-value'],
    ['trailing CRLF and spaces', '  token-value \r\n', 'token-value'],
    ['empty', '', '']
  ])('%s', (_name, raw, expected) => {
    expect(parseSecret({ raw, ...source })).toBe(expected)
  })

  it.each([
    ['line break', 'first-half\nsecond-half', 'a line break'],
    ['carriage return', 'first-half\rsecond-half', 'a line break'],
    ['tab', 'first-half\tsecond-half', 'a tab'],
    ['space', 'first-half second-half', 'a space'],
    ['bell', 'first-half\u0007second-half', 'a control character'],
    ['zero-width space', 'first-half\u200bsecond-half', 'a non-ASCII character']
  ])('refuses a %s inside, naming the source and not the value', (_name, raw, what) => {
    const message = refusal(() => parseSecret({ raw, ...source }))
    expect(message).toContain(`Invalid input 'session-token': the value contains ${what} inside`)
    expect(message).not.toContain('first-half')
    expect(message).not.toContain('second-half')
  })
})

describe('secretMasks', () => {
  it('masks the value as given and as trimmed', () => {
    expect(secretMasks('token-value\n')).toEqual(['token-value\n', 'token-value'])
    expect(secretMasks('token-value')).toEqual(['token-value'])
    expect(secretMasks('')).toEqual([])
  })

  it('masks each part around a stray character, but not parts too short to mask', () => {
    expect(secretMasks('first-half\nsecond-half\n')).toEqual([
      'first-half\nsecond-half\n',
      'first-half\nsecond-half',
      'first-half',
      'second-half'
    ])
    expect(secretMasks('long-part\nab')).toEqual(['long-part\nab', 'long-part'])
  })
})

describe('readSettings', () => {
  let base: string
  let workspace: string

  beforeEach(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-inputs-')))
    workspace = path.join(base, 'ws')
    fs.mkdirSync(workspace)
    inputs = { 'image-id': 'sha256:abc', 'secret-id': 'AKIDexample', 'secret-key': 'key-value' }
    events = []
  })

  afterEach(() => {
    fs.rmSync(base, { recursive: true, force: true })
  })

  const settings = (env: NodeJS.ProcessEnv = {}) =>
    readSettings({ inputs: readInputs(core.getInput), workspace, env, isForkPullRequest: false })

  it('uses the trimmed environment token, masked as given and trimmed', () => {
    const result = settings({ TENCENTCLOUD_SESSION_TOKEN: 'session-token-value\n' })
    expect(result.credentialSource).toEqual({
      kind: 'keys',
      credentials: { secretId: 'AKIDexample', secretKey: 'key-value', token: 'session-token-value' }
    })
    expect(events).toContain('mask session-token-value\n')
    expect(events).toContain('mask session-token-value')
  })

  it('prefers the input to the environment variable, and trims a pasted key', () => {
    inputs['secret-key'] = 'input-key-value\n'
    const result = settings({ TENCENTCLOUD_SECRET_KEY: 'env-key-value' })
    expect(result.credentialSource).toMatchObject({ credentials: { secretKey: 'input-key-value' } })
  })

  it('reads every input once, untrimmed', () => {
    inputs['image-id'] = '  sha256:abc \n'
    const raw = readInputs(core.getInput)
    expect(raw['image-id']).toBe('  sha256:abc \n')
    expect(raw['max-rps']).toBe('')
    expect(events.filter((event) => event === 'read image-id')).toHaveLength(1)
  })

  it('masks every secret before it interprets any other input, also when a secret is refused', () => {
    inputs['github-token'] = 'ghs_github-token\nrest'
    inputs['session-token'] = 'token-head\ntoken-tail'
    const message = refusal(() => settings())
    expect(message).toContain("Invalid input 'session-token': the value contains a line break")
    expect(message).not.toContain('token-head')
    const masked = events.filter((event) => event.startsWith('mask '))
    expect(masked).toEqual(
      expect.arrayContaining([
        'mask key-value',
        'mask token-head\ntoken-tail',
        'mask token-head',
        'mask token-tail',
        'mask ghs_github-token\nrest',
        'mask ghs_github-token'
      ])
    )
  })

  it('names the environment variable when the fallback is refused', () => {
    inputs['secret-key'] = ''
    const message = refusal(() => settings({ TENCENTCLOUD_SECRET_KEY: 'key\u0000value' }))
    expect(message).toContain(
      "Invalid environment variable TENCENTCLOUD_SECRET_KEY (used when input 'secret-key' is empty)"
    )
  })

  it('gives the real paths of the policy and the outputs, inside the workspace or RUNNER_TEMP', () => {
    const runnerTemp = path.join(base, 'runner-temp')
    fs.mkdirSync(runnerTemp)
    inputs['report-file'] = 'reports/tcss.json'
    inputs['sarif-file'] = path.join(runnerTemp, 'tcss.sarif')
    const result = settings({ RUNNER_TEMP: runnerTemp })
    expect(result.policyPath).toBe(path.join(workspace, '.github', 'tcss-virus-policy.yml'))
    expect(result.policyIsDefault).toBe(true)
    expect(result.reportFile).toBe(path.join(workspace, 'reports', 'tcss.json'))
    expect(result.sarifFile).toBe(path.join(runnerTemp, 'tcss.sarif'))
    expect(result.pathRoots).toMatchObject({ workspaceReal: workspace, runnerTempReal: runnerTemp })
  })

  it('refuses a default policy path that a planted .github link takes outside', () => {
    const outside = path.join(base, 'outside')
    fs.mkdirSync(outside)
    fs.symlinkSync(outside, path.join(workspace, '.github'))
    expect(refusal(() => settings())).toContain(
      `Invalid input 'policy': ".github/tcss-virus-policy.yml" leads out of the workspace through a symbolic link`
    )
  })

  it('refuses a report-file that is the default policy path, even before the policy exists', () => {
    inputs['report-file'] = '.github/tcss-virus-policy.yml'
    expect(refusal(() => settings())).toContain(
      "Inputs 'report-file' and 'policy' name the same file"
    )
  })

  it('gives the real path of record-file, refused outside the workspace or on another file', () => {
    inputs['record-file'] = 'records/run.jsonl'
    expect(settings().recordFile).toBe(path.join(workspace, 'records', 'run.jsonl'))
    inputs['record-file'] = '../elsewhere.jsonl'
    expect(refusal(() => settings())).toContain(
      `Invalid input 'record-file': "../elsewhere.jsonl" is outside the workspace`
    )
    inputs['record-file'] = 'tcss.json'
    inputs['report-file'] = 'tcss.json'
    expect(refusal(() => settings())).toContain(
      "Inputs 'record-file' and 'report-file' name the same file"
    )
  })
})
