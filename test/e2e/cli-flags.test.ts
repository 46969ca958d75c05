/**
 * End-to-end: the bundled command line never echoes a secret given as a flag
 * value, however the flags fail — a secret flag repeated, a flag without its
 * value, an invalid choice, an unknown or misspelt flag next to a secret, a
 * value given with `=`, an argument that belongs to no flag. The secret is
 * looked for as given and URL-encoded, on stdout and stderr; each ending is
 * exit 2 with a message that names the flag. No API is reached: the endpoint
 * is a port nothing listens on.
 */
import { describe, expect, it } from '@jest/globals'
import { type CliRun, runCliProcess } from '../helpers/run-cli.js'

/** Secrets with the characters a base64 key or token carries. */
const KEY = 'Zx9+/=Ab+/cD3=fK3y/secret+key=='
const KEY_TOO = 'Qw8/+=second/secret+KEY/value='
const TOKEN = 'tok+/=SessionToken/Value+abc=='
const GITHUB = 'ghs_Github+Token/Value=0123456789'
const DASHED = '-Dash+/=secret-key-value/xyz'
const SECRETS = [KEY, KEY_TOO, TOKEN, GITHUB, DASHED]

const BASE = ['--image-id', 'sha256:abc', '--endpoint', 'http://127.0.0.1:9', '--wait-timeout', '2']

function expectNoSecret(run: CliRun): void {
  const printed = `${run.stdout}\n${run.stderr}`
  for (const secret of SECRETS) {
    expect(printed).not.toContain(secret)
    expect(printed).not.toContain(encodeURIComponent(secret))
    // The part after the first '+', '/' or '=' alone, in case a copy was cut there.
    const tail = secret.slice(secret.search(/[+/=]/) + 1)
    if (tail.length >= 8) expect(printed).not.toContain(tail)
  }
}

const cases: Array<[string, string[], RegExp]> = [
  ['--secret-key twice', ['--secret-key', KEY, '--secret-key', KEY_TOO], /--secret-key/],
  ['--secret-key twice with =', [`--secret-key=${KEY}`, `--secret-key=${KEY_TOO}`], /--secret-key/],
  [
    '--secret-key twice, once with =',
    ['--secret-key', KEY, `--secret-key=${KEY_TOO}`],
    /--secret-key/
  ],
  ['--session-token twice', ['--session-token', TOKEN, '--session-token', KEY], /--session-token/],
  ['--github-token twice', ['--github-token', GITHUB, '--github-token', KEY], /--github-token/],
  [
    'a secret that starts with a dash, twice',
    ['--secret-key', DASHED, '--secret-key', DASHED],
    /--secret-key/
  ],
  [
    '--secret-key without a value, last',
    ['--session-token', TOKEN, '--secret-key'],
    /--secret-key/
  ],
  [
    '--secret-key without a value, before another flag',
    ['--secret-key', '--session-token', TOKEN],
    /--secret-key/
  ],
  [
    '--secret-key without a value, before another flag with =',
    ['--secret-key', `--session-token=${TOKEN}`],
    /--secret-key/
  ],
  ['an unknown flag before a secret', ['--bogus', '--secret-key', KEY], /--bogus/],
  ['an unknown flag after a secret', ['--secret-key', KEY, '--bogus'], /--bogus/],
  ['a misspelt secret flag', ['--secret-kye', KEY], /--secret-kye/],
  ['a misspelt secret flag with =', [`--secret-kye=${KEY}`], /--secret-kye/],
  ['a misspelt token flag with =', [`--sessiontoken=${TOKEN}`], /--sessiontoken/],
  ['an unknown single-dash flag with a secret', [`-k${KEY}`], /unknown option '-k'/],
  ['an argument after a secret', ['--secret-key', KEY, 'extra'], /--secret-key/],
  ['a secret split by a space', ['--secret-key', KEY, KEY_TOO], /--secret-key/],
  ['a secret after --', ['--secret-key', KEY, '--', TOKEN], /--/],
  ['an invalid choice next to a secret', ['--scan', 'sometimes', '--secret-key', KEY], /scan/],
  [
    'an invalid boolean next to a token',
    ['--enforce', 'maybe', '--session-token', TOKEN, '--secret-key', KEY],
    /enforce/
  ],
  ['a secret with a line break', ['--secret-key', `${KEY}\n${KEY_TOO}`], /secret-key/]
]

describe('the command line never echoes a secret flag value', () => {
  it.each(cases)('%s: exit 2, the flag named, no secret shown', async (_what, flags, named) => {
    const run = await runCliProcess([...BASE, ...flags], {
      env: { TENCENTCLOUD_SECRET_ID: 'AKIDflagtest0000000000000000000000' }
    })
    expectNoSecret(run)
    expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({
      exitCode: 2,
      stderr: expect.stringMatching(named)
    })
    expect(run.stdout).toBe('')
  })

  it('still prints --help when a secret is given next to it, without the secret', async () => {
    const run = await runCliProcess(['--secret-key', KEY, '--help', '--bogus'])
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('--secret-key <key>')
    expectNoSecret(run)
  })
})
