/**
 * End-to-end: every input and policy error the bundled command line can be
 * led into speaks the command line's language. Each names the setting it is
 * about as a flag (--secret-id) or an environment variable
 * (TENCENTCLOUD_SECRET_ID), never as an action input, and none speaks of
 * annotations, repository secrets, workflows, their permissions or their
 * events. No API is reached: the endpoint is a port nothing listens on.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { Inputs } from '../../src/constants.js'
import { emulatorPerTest, SECRET_ID, SECRET_KEY } from '../helpers/gate.js'
import { type CliOptions, type CliRun, runCliProcess } from '../helpers/run-cli.js'

const NOWHERE = ['--endpoint', 'http://127.0.0.1:9', '--wait-timeout', '1']
const KEYS = { TENCENTCLOUD_SECRET_ID: SECRET_ID, TENCENTCLOUD_SECRET_KEY: SECRET_KEY }
const ROLE = 'qcs::cam::uin/100000000001:roleName/tcss-virus-gate'

/** What the action says and the command line must not. */
const ACTION_WORDS: Array<[string, RegExp]> = [
  ['inputs', /\binputs?\b/i],
  ['annotations', /annotation/i],
  ['repository secrets', /repository secret/i],
  ['workflows', /workflow/i],
  ['permissions', /permissions/i],
  ['pull-request events', /pull[_ ]request|\bon '[^']*' events\b/i],
  ["a setting quoted as an input ('enforce')", new RegExp(`'(${Object.values(Inputs).join('|')})'`)]
]

interface Case {
  argv: string[]
  /** What the message names: flags, variables. */
  names: string[]
  options?: CliOptions
  /** 2 unless said. */
  exitCode?: number
}

const cases: Record<string, Case> = {
  'nothing to gate': { argv: NOWHERE, names: ['--registry-image', '--image-id'] },
  'no credentials': {
    argv: ['--image-id', 'sha256:a', ...NOWHERE],
    names: ['--secret-id', 'TENCENTCLOUD_SECRET_ID', 'TENCENTCLOUD_SECRET_KEY'],
    options: { env: {} }
  },
  'a secret key variable with a space inside': {
    argv: ['--image-id', 'sha256:a', ...NOWHERE],
    names: ['TENCENTCLOUD_SECRET_KEY', '--secret-key'],
    options: { env: { TENCENTCLOUD_SECRET_ID: SECRET_ID, TENCENTCLOUD_SECRET_KEY: 'ab cdef' } }
  },
  'a session token flag with a line break inside': {
    argv: ['--image-id', 'sha256:a', '--session-token', 'abcd\nefgh', ...NOWHERE],
    names: ['--session-token']
  },
  'a github token flag with a space inside': {
    argv: ['--image-id', 'sha256:a', '--github-token', 'abcd efgh', ...NOWHERE],
    names: ['--github-token']
  },
  'an invalid region': {
    argv: ['--image-id', 'sha256:a', '--region', 'Guangzhou!', ...NOWHERE],
    names: ['--region']
  },
  'an invalid scan mode': {
    argv: ['--image-id', 'sha256:a', '--scan', 'sometimes', ...NOWHERE],
    names: ['--scan']
  },
  'a plain-http endpoint elsewhere': {
    argv: ['--image-id', 'sha256:a', '--endpoint', 'http://example.com:80'],
    names: ['--endpoint']
  },
  'a wait-timeout of 0': {
    argv: ['--image-id', 'sha256:a', '--endpoint', 'http://127.0.0.1:9', '--wait-timeout', '0'],
    names: ['--wait-timeout']
  },
  'a poll interval that is no number': {
    argv: ['--image-id', 'sha256:a', '--poll-interval', 'soon', ...NOWHERE],
    names: ['--poll-interval']
  },
  'a max-rps above the API limit': {
    argv: ['--image-id', 'sha256:a', '--max-rps', '100', ...NOWHERE],
    names: ['--max-rps']
  },
  'an invalid enforce': {
    argv: ['--image-id', 'sha256:a', '--enforce', 'maybe', ...NOWHERE],
    names: ['--enforce']
  },
  'an invalid summary': {
    argv: ['--image-id', 'sha256:a', '--summary', 'maybe', ...NOWHERE],
    names: ['--summary']
  },
  'an invalid comment': {
    argv: ['--image-id', 'sha256:a', '--comment', 'maybe', ...NOWHERE],
    names: ['--comment']
  },
  'an invalid sarif scope': {
    argv: ['--image-id', 'sha256:a', '--sarif-scope', 'some', ...NOWHERE],
    names: ['--sarif-scope']
  },
  'a report file outside the current directory': {
    argv: ['--image-id', 'sha256:a', '--report-file', '../report.json', ...NOWHERE],
    names: ['--report-file', 'the current directory']
  },
  'a SARIF file that is a directory': {
    argv: ['--image-id', 'sha256:a', '--sarif-file', 'out', ...NOWHERE],
    names: ['--sarif-file'],
    options: { prepare: (cwd) => fs.mkdirSync(path.join(cwd, 'out')) }
  },
  'a JUnit file elsewhere': {
    argv: ['--image-id', 'sha256:a', '--junit-file', '/etc/tcss-junit.xml', ...NOWHERE],
    names: ['--junit-file', 'is outside the current directory']
  },
  'the report and the JUnit file the same': {
    argv: ['--image-id', 'sha256:a', '--report-file', 'r', '--junit-file', 'r', ...NOWHERE],
    names: ['--report-file', '--junit-file']
  },
  'a policy file that does not exist': {
    argv: ['--image-id', 'sha256:a', '--policy', 'missing.yml', ...NOWHERE],
    names: ['--policy', 'the current directory']
  },
  'a policy that is a directory': {
    argv: ['--image-id', 'sha256:a', '--policy', 'policies', ...NOWHERE],
    names: ['--policy'],
    options: { prepare: (cwd) => fs.mkdirSync(path.join(cwd, 'policies')) }
  },
  'a policy link to nowhere': {
    argv: ['--image-id', 'sha256:a', '--policy', 'p.yml', ...NOWHERE],
    names: ['--policy'],
    options: { prepare: (cwd) => fs.symlinkSync('gone.yml', path.join(cwd, 'p.yml')) }
  },
  'a policy with several problems': {
    argv: ['--image-id', 'sha256:a', '--policy', 'p.yml', ...NOWHERE],
    names: ['p.yml:3:', '1 more problem(s), listed above'],
    options: { files: { 'p.yml': 'version: 1\nthresholds:\n  critical: -1\n  severe: 2\n' } }
  },
  'an invalid policy YAML': {
    argv: ['--image-id', 'sha256:a', '--policy', 'p.yml', ...NOWHERE],
    names: ['p.yml:'],
    options: { files: { 'p.yml': 'version: 1\nthresholds: [\n' } }
  },
  'an image by digest': {
    argv: ['--image', `ccr.ccs.tencentyun.com/team/app@sha256:${'a'.repeat(64)}`, ...NOWHERE],
    names: ['--image', '--registry-image']
  },
  'an invalid image name': {
    argv: ['--image', 'team app:1', ...NOWHERE],
    names: ['--image']
  },
  'an invalid registry image': {
    argv: ['--registry-image', 'ccr.ccs.tencentyun.com/app:bad tag', ...NOWHERE],
    names: ['--registry-image']
  },
  'an invalid image ID': {
    argv: ['--image-id', 'sha256:a b', ...NOWHERE],
    names: ['--image-id']
  },
  'an invalid event ID': {
    argv: ['--event-ids', 'event one', ...NOWHERE],
    names: ['--event-ids']
  },
  'too many images': {
    argv: [
      ...Array.from({ length: 257 }, (_, i) => ['--image-id', `sha256:${i}`]).flat(),
      ...NOWHERE
    ],
    names: ['--image-id', 'one run gates at most']
  },
  'a provider without a role': {
    argv: ['--image-id', 'sha256:a', '--provider-id', 'github', ...NOWHERE],
    names: ['--provider-id', '--role-arn'],
    options: { env: {} }
  },
  'a role without a provider': {
    argv: ['--image-id', 'sha256:a', '--role-arn', ROLE, ...NOWHERE],
    names: ['--role-arn', '--provider-id'],
    options: { env: {} }
  },
  'an audience without a role': {
    argv: ['--image-id', 'sha256:a', '--oidc-audience', 'aud', ...NOWHERE],
    names: ['--oidc-audience', '--role-arn']
  },
  'a role and keys': {
    argv: ['--image-id', 'sha256:a', '--role-arn', ROLE, '--provider-id', 'github', ...NOWHERE],
    names: ['--role-arn', 'TENCENTCLOUD_SECRET_ID', '--secret-id']
  },
  'an invalid role': {
    argv: ['--image-id', 'sha256:a', '--role-arn', 'role', '--provider-id', 'github', ...NOWHERE],
    names: ['--role-arn'],
    options: { env: {} }
  },
  'an invalid provider': {
    argv: ['--image-id', 'sha256:a', '--role-arn', ROLE, '--provider-id', 'a b', ...NOWHERE],
    names: ['--provider-id'],
    options: { env: {} }
  },
  'an invalid audience': {
    argv: [
      '--image-id',
      'sha256:a',
      ...['--role-arn', ROLE, '--provider-id', 'github', '--oidc-audience', 'a b'],
      ...NOWHERE
    ],
    names: ['--oidc-audience'],
    options: { env: {} }
  },
  'a role with no OIDC token to exchange': {
    argv: ['--image-id', 'sha256:a', '--role-arn', ROLE, '--provider-id', 'github', ...NOWHERE],
    names: ['--role-arn', 'TENCENTCLOUD_SECRET_ID', 'TENCENTCLOUD_SECRET_KEY'],
    options: { env: {} }
  },
  'a role, with an OIDC token request in the environment': {
    argv: ['--image-id', 'sha256:a', '--role-arn', ROLE, '--provider-id', 'github', ...NOWHERE],
    names: ['--role-arn', 'TENCENTCLOUD_SECRET_ID'],
    options: {
      env: {
        ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token'
      }
    }
  },
  'a value given twice': {
    argv: ['--image-id', 'sha256:a', '--image-id', 'sha256:a', ...NOWHERE],
    names: ['--image-id lists "sha256:a" more than once'],
    exitCode: 1
  },
  'a comment asked for': {
    argv: ['--image-id', 'sha256:a', '--comment', 'true', ...NOWHERE],
    names: ['--comment'],
    exitCode: 1
  }
}

function expectCommandLineWords(run: CliRun): void {
  const printed = `${run.stdout}\n${run.stderr}`
  for (const [what, pattern] of ACTION_WORDS) {
    const line = printed.split('\n').find((text) => pattern.test(text))
    expect({ what, line }).toEqual({ what, line: undefined })
  }
}

describe('the command line speaks of its flags and environment variables', () => {
  it.each(Object.entries(cases))('%s', async (_name, { argv, names, options, exitCode }) => {
    const run = await runCliProcess(argv, { ...options, env: options?.env ?? KEYS })
    expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({
      exitCode: exitCode ?? 2,
      stderr: expect.any(String)
    })
    for (const name of names) expect(run.stderr).toContain(name)
    expectCommandLineWords(run)
  })
})

describe('a name:tag with a registry host that TCSS does not list locally', () => {
  const start = emulatorPerTest()

  it('says to gate a pushed image with --registry-image', async () => {
    const emu = await start({ images: { 'sha256:other': { findings: [] } } })
    const image = 'ccr.ccs.tencentyun.com/team/app:1.4.2'
    const run = await runCliProcess(
      ['--image', image, '--endpoint', emu.url, '--poll-interval', '0.1', '--wait-timeout', '2'],
      { env: KEYS }
    )
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('--registry-image')
    expect(run.stderr).toContain(`gate it with --registry-image`)
    expectCommandLineWords(run)
  })

  it('says nothing of registries for a name without a registry host', async () => {
    const emu = await start({ images: { 'sha256:other': { findings: [] } } })
    const run = await runCliProcess(
      [
        '--image',
        'team/app:1',
        '--endpoint',
        emu.url,
        '--poll-interval',
        '0.1',
        '--wait-timeout',
        '2'
      ],
      { env: KEYS }
    )
    expect(run.exitCode).toBe(1)
    expect(run.stderr).not.toContain('--registry-image')
  })
})

describe('what the reading of TCSS says, in flags', () => {
  const start = emulatorPerTest()
  const waitBriefly = ['--poll-interval', '0.1', '--wait-timeout', '2']

  it('a scan that never comes under --scan never: --scan and --wait-timeout, not the inputs', async () => {
    const emu = await start({ images: { 'sha256:waiting': { statuses: [0] } } })
    const run = await runCliProcess(
      ['--image-id', 'sha256:waiting', '--scan', 'never', '--endpoint', emu.url, ...waitBriefly],
      { env: KEYS }
    )
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain('The gate does not start scans with --scan never')
    expect(run.stderr).toContain('or set --scan if-not-scanned')
    expect(run.stderr).not.toMatch(/scan: (never|if-not-scanned)/)
    expectCommandLineWords(run)
  })

  it('a name that several ImageIDs carry: --image-id and this job', async () => {
    const name = 'team/app:1.4.2'
    const emu = await start({
      images: { 'sha256:host-a': { name }, 'sha256:host-b': { name } }
    })
    const run = await runCliProcess(['--image', name, '--endpoint', emu.url, ...waitBriefly], {
      env: KEYS
    })
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain('which one this job built')
    expect(run.stderr).toContain('as --image-id')
    expectCommandLineWords(run)
  })
})
