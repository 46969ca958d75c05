/**
 * End-to-end: the bundled action against the TCSS emulator, one behaviour per test.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import {
  expectRateAtMost,
  failureLine,
  finding,
  listRequests,
  runGate,
  SECRET_ID,
  SECRET_KEY,
  emulatorPerTest
} from '../helpers/gate.js'
import { ACTION_OUTPUTS, ROOT } from '../helpers/run-action.js'

const start = emulatorPerTest()

const POLICY = '.github/tcss-virus-policy.yml'
const STRICT = 'version: 1\nthresholds:\n  critical: 0\n  high: 0\n'

describe('verdict', () => {
  it('passes a clean image, says the default policy applies, and sets every output', async () => {
    const emu = await start({ images: { 'sha256:clean': { statuses: [2], findings: [] } } })
    const result = await runGate(emu, { inputs: { 'image-id': 'sha256:clean' } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({
      verdict: 'pass',
      'scan-status': 'scanned',
      findings: '0',
      violations: '0',
      allowlisted: '0'
    })
    expect(JSON.parse(result.outputs.counts)).toEqual({
      critical: 0,
      high: 0,
      medium: 0,
      low: 0,
      unknown: 0
    })
    // Every output of action.yml but the files' paths (no file was asked for) is set.
    const files = ['report-file', 'sarif-file', 'junit-file']
    expect(Object.keys(result.outputs).sort()).toEqual(
      ACTION_OUTPUTS.filter((name) => !files.includes(name)).sort()
    )
    expect(result.commands).toContainEqual(
      expect.objectContaining({
        command: 'notice',
        message: expect.stringContaining('built-in default policy')
      })
    )
    expect(result.summary).toMatch(/^## ✅ TCSS virus gate: pass/)
    expect(listRequests(emu)).toBe(1)
  })

  it('fails an image with a critical finding under the default policy, with a one-line reason and an annotation', async () => {
    const emu = await start({
      images: {
        'sha256:bad': {
          findings: [
            finding(4, { Path: '/root/miner', VirusName: 'Linux.Miner.Xmrig' }),
            finding(1)
          ]
        }
      }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'sha256:bad' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({
      verdict: 'fail',
      'scan-status': 'scanned',
      findings: '2',
      violations: '1'
    })
    expect(JSON.parse(result.outputs.counts)).toEqual({
      critical: 1,
      high: 0,
      medium: 0,
      low: 1,
      unknown: 0
    })
    const reason = failureLine(result)
    expect(reason).toMatch(/^TCSS virus gate failed: Policy violated: 1 critical \(allowed 0\)/)
    expect(reason).not.toContain('\n')
    const annotations = result.commands.filter(
      (c) => c.command === 'error' && c.properties.startsWith('title=')
    )
    expect(annotations).toHaveLength(1)
    expect(annotations[0].message).toContain('Linux.Miner.Xmrig in /root/miner')
    expect(result.summary).toMatch(/^## ❌ TCSS virus gate: fail/)
    expect(result.summary).toContain('### Violations (1)')
  })

  it('judges each level against its own threshold, and a level not listed is unlimited', async () => {
    const policy = 'version: 1\nthresholds:\n  high: 1\n  2: 2\n'
    const findings = [
      finding(4),
      finding(4),
      finding(3),
      finding(2),
      finding(2),
      finding(1),
      finding(1),
      finding(1)
    ]
    const emu = await start({ images: { img: { findings } } })
    const within = await runGate(emu, {
      inputs: { 'image-id': 'img' },
      files: { [POLICY]: policy }
    })
    expect(within.exitCode).toBe(0)
    expect(within.outputs.verdict).toBe('pass')

    emu.setImage('img', { findings: [...findings, finding(2)] })
    const over = await runGate(emu, { inputs: { 'image-id': 'img' }, files: { [POLICY]: policy } })
    expect(over.exitCode).toBe(1)
    expect(over.outputs.violations).toBe('3')
    expect(failureLine(over)).toContain('3 medium (allowed 2)')
  })

  it('excuses allowlisted md5s case-insensitively and shows the reason', async () => {
    const md5 = 'ABCDEF0123456789ABCDEF0123456789'
    const emu = await start({
      images: { img: { findings: [finding(4, { Md5: md5 }), finding(1)] } }
    })
    const policy = `${STRICT}allowlist:\n  - md5: ${md5.toLowerCase()}\n    reason: Known test fixture\n    expires: 2099-12-31\n`
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img' },
      files: { [POLICY]: policy }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({
      verdict: 'pass',
      allowlisted: '1',
      violations: '0',
      findings: '2'
    })
    expect(result.summary).toContain('### Allowlisted (1)')
    expect(result.summary).toContain('Known test fixture')
  })

  it('stops applying an expired allowlist entry and warns about it', async () => {
    const md5 = 'abcdef0123456789abcdef0123456789'
    const emu = await start({ images: { img: { findings: [finding(4, { Md5: md5 })] } } })
    const policy = `${STRICT}allowlist:\n  - md5: ${md5}\n    reason: Was a fixture\n    expires: 2020-01-31\n`
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img' },
      files: { [POLICY]: policy }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'fail', allowlisted: '0', violations: '1' })
    const warning = result.commands.find(
      (c) => c.command === 'warning' && c.message.includes('expired')
    )
    expect(warning?.message).toContain(md5)
    expect(warning?.message).toContain('2020-01-31')
  })

  it('scopes allowlist entries by path and reports stale and soon-expiring entries under their own heading', async () => {
    const md5 = 'abcdef0123456789abcdef0123456789'
    const gone = '99999999999999999999999999999999'
    const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)
    const emu = await start({
      images: {
        img: {
          findings: [
            finding(4, { Md5: md5, Path: '/app/test/eicar.com' }),
            finding(4, { Md5: md5, Path: '/app/bin/eicar.com' })
          ]
        }
      }
    })
    const policy = `${STRICT}allowlist:\n  - md5: ${md5}\n    reason: test fixture\n    paths: [/app/test/**]\n    expires: ${soon}\n  - md5: ${gone}\n    reason: removed long ago\n`
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'report-file': 'r.json' },
      files: { [POLICY]: policy }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ allowlisted: '1', violations: '1' })
    const warnings = result.commands.filter((c) => c.command === 'warning').map((c) => c.message)
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`${md5}.*expires on ${soon} \\(in [23] day`)),
        expect.stringMatching(new RegExp(`${gone}.*matched no finding`))
      ])
    )
    expect(result.summary).toContain('### Allowlist hygiene')
    expect(result.report?.allowlistHygiene).toMatchObject({ stale: [gone], expired: [] })
  })

  it('judges a missing or unknown RiskLevel as critical (fail closed)', async () => {
    const emu = await start({
      images: { img: { findings: [finding(7), finding(null), finding('4')] } }
    })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img' },
      files: { [POLICY]: 'version: 1\nthresholds:\n  critical: 2\n' }
    })
    expect(result.exitCode).toBe(1)
    expect(JSON.parse(result.outputs.counts)).toMatchObject({ critical: 0, unknown: 3 })
    expect(result.outputs.violations).toBe('3')
    expect(failureLine(result)).toContain('unknown RiskLevel judged as critical')
  })

  it('de-duplicates findings by (Md5, Path) and keeps the same file at two paths', async () => {
    const a = finding(1, { Md5: '11111111111111111111111111111111', Path: '/a' })
    const b = finding(1, { Md5: '11111111111111111111111111111111', Path: '/b' })
    const emu = await start({ images: { img: { findings: [a, b, { ...a, Md5: a.Md5 }] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'report-file': 'out/report.json' }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.findings).toBe('2')
    expect(result.report?.findings.map((f) => f.path)).toEqual(['/a', '/b'])
  })
})

describe('what a run loads', () => {
  it('a run without a policy file runs without the chunk of the policy parser and YAML', async () => {
    const emu = await start({ images: { 'sha256:clean': { statuses: [2], findings: [] } } })
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-no-yaml-'))
    try {
      fs.cpSync(path.join(ROOT, 'dist'), copy, { recursive: true })
      // A message of the YAML library's parser: in one chunk, not in the bundle's main file.
      const parserChunks = fs
        .readdirSync(copy)
        .filter((file) => file.endsWith('.js'))
        .filter((file) =>
          fs
            .readFileSync(path.join(copy, file), 'utf8')
            .includes('Implicit keys need to be on a single line')
        )
      expect(parserChunks).toHaveLength(1)
      expect(parserChunks[0]).not.toBe('index.js')
      fs.rmSync(path.join(copy, parserChunks[0]))
      const bundle = path.join(copy, 'index.js')
      const plain = await runGate(emu, { bundle, inputs: { 'image-id': 'sha256:clean' } })
      expect(plain.exitCode).toBe(0)
      expect(plain.outputs.verdict).toBe('pass')
      // With a policy file the parser is needed, and without its chunk the run cannot judge.
      const withPolicy = await runGate(emu, {
        bundle,
        inputs: { 'image-id': 'sha256:clean', policy: POLICY },
        files: { [POLICY]: STRICT }
      })
      expect(withPolicy.exitCode).not.toBe(0)
      expect(withPolicy.outputs.verdict).not.toBe('pass')
    } finally {
      fs.rmSync(copy, { recursive: true, force: true })
    }
  })
})

describe('scan status', () => {
  it('waits through "not scanned" and "scanning" until the scan is done', async () => {
    const emu = await start({ images: { img: { statuses: [0, 1, 1, 2], findings: [finding(1)] } } })
    const result = await runGate(emu, { inputs: { 'image-id': 'img' } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['scan-status']).toBe('scanned')
    // Status 0 starts a scan (if-not-scanned); a "scanned" page counts once the scan time read
    // before it is newer than the one before the ask: the poll after the page showing 2.
    expect(listRequests(emu)).toBe(5)
    expect(result.stdout).toContain('polling again')
  })

  it.each([
    [3, 'error', /scan error/],
    [4, 'canceled', /canceled/]
  ])('fails when the scan status is %s (%s)', async (status, name, message) => {
    const emu = await start({ images: { img: { statuses: [1, status], findings: [] } } })
    // scan: never, to see the status TCSS reports (if-not-scanned would rescan such an image).
    const result = await runGate(emu, { inputs: { 'image-id': 'img', scan: 'never' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'fail', 'scan-status': name })
    expect(failureLine(result)).toMatch(message)
  })

  it.each([[7], [-1], [null]])(
    'fails closed on an unknown VirusScanStatus %p and names it',
    async (status) => {
      const emu = await start({ images: { img: { statuses: [status], findings: [] } } })
      const result = await runGate(emu, { inputs: { 'image-id': 'img', 'wait-timeout': '3' } })
      expect(result.exitCode).toBe(1)
      expect(result.outputs.verdict).toBe('fail')
      expect(failureLine(result)).toContain(
        `VirusScanStatus ${status === null ? '' : status}`.trim()
      )
    }
  )

  it('times out when the scan never finishes, within the wait-timeout', async () => {
    const emu = await start({ images: { img: { statuses: [1] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'wait-timeout': '1', 'poll-interval': '0.2' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'fail', 'scan-status': 'timeout' })
    expect(failureLine(result)).toMatch(/Timed out after \d+ s waiting .*last status: scanning/)
    expect(result.durationMs).toBeLessThan(10_000)
    const polls = listRequests(emu)
    expect(polls).toBeGreaterThanOrEqual(3)
    expect(polls).toBeLessThanOrEqual(6)
  })
})

describe('report only (enforce: false)', () => {
  const findings = [finding(4), finding(4)]

  it('reports violations as warnings and passes the job, with verdict fail', async () => {
    const emu = await start({ images: { img: { findings } } })
    const result = await runGate(emu, { inputs: { 'image-id': 'img', enforce: 'false' } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'fail', violations: '2' })
    expect(result.commands.filter((c) => c.command === 'error')).toEqual([])
    expect(result.commands.filter((c) => c.command === 'warning').length).toBeGreaterThanOrEqual(2)
    expect(result.summary).toContain('report only, the job passes')
  })

  it('passes on a scan error and a time-out', async () => {
    const emu = await start({ images: { err: { statuses: [3] }, slow: { statuses: [1] } } })
    const error = await runGate(emu, {
      inputs: { 'image-id': 'err', enforce: 'false', scan: 'never' }
    })
    expect(error.exitCode).toBe(0)
    expect(error.outputs).toMatchObject({ verdict: 'fail', 'scan-status': 'error' })
    const slow = await runGate(emu, {
      inputs: { 'image-id': 'slow', enforce: 'false', 'wait-timeout': '1' }
    })
    expect(slow.exitCode).toBe(0)
    expect(slow.outputs).toMatchObject({ verdict: 'fail', 'scan-status': 'timeout' })
  })

  it('still fails on an invalid policy and on bad credentials', async () => {
    const emu = await start({ images: { img: { findings } } })
    const policy = await runGate(emu, {
      inputs: { 'image-id': 'img', enforce: 'false' },
      files: { [POLICY]: 'version: 1\nthreshold:\n  critical: 0\n' }
    })
    expect(policy.exitCode).toBe(1)
    const auth = await runGate(emu, {
      inputs: { 'image-id': 'img', enforce: 'false', 'secret-key': 'wrong-key' },
      secrets: ['wrong-key']
    })
    expect(auth.exitCode).toBe(1)
    expect(failureLine(auth)).toContain('AuthFailure.SignatureFailure')
  })
})

describe('policy errors name the file, line and column, before any API call', () => {
  it.each([
    [
      'a typo in a top-level key',
      'version: 1\nthreshold:\n  critical: 0\n',
      2,
      1,
      /unknown key "threshold".*allowed keys: version, thresholds, allowlist/
    ],
    ['a negative threshold', 'version: 1\nthresholds:\n  high: -1\n', 3, 9, /negative/],
    ['a fractional threshold', 'version: 1\nthresholds:\n  high: 1.5\n', 3, 9, /fraction/],
    [
      'an unknown level',
      'version: 1\nthresholds:\n  severe: 0\n',
      3,
      3,
      /unknown level "severe".*critical, high, medium, low/
    ],
    [
      'a bad md5',
      'version: 1\nallowlist:\n  - md5: xyz\n    reason: r\n',
      3,
      10,
      /32 hexadecimal digits/
    ],
    [
      'a missing reason',
      'version: 1\nallowlist:\n  - md5: 27501aaed5e639693783321219989889\n',
      3,
      5,
      /no reason/
    ],
    [
      'a duplicate md5',
      'version: 1\nallowlist:\n  - md5: 27501aaed5e639693783321219989889\n    reason: a\n  - md5: 27501AAED5E639693783321219989889\n    reason: b\n',
      5,
      5,
      /duplicate allowlist entry.*line 3/
    ],
    [
      'a bad date',
      'version: 1\nallowlist:\n  - md5: 27501aaed5e639693783321219989889\n    reason: a\n    expires: 2027-02-30\n',
      5,
      14,
      /YYYY-MM-DD/
    ],
    ['a wrong type', 'version: 1\nthresholds: [critical]\n', 2, 13, /must be a mapping/],
    ['a YAML syntax error', 'version: 1\nthresholds:\n  critical: 0\n high: 0\n', 4, 1, /./]
  ])('%s', async (_name, policy, line, column, message) => {
    const emu = await start({ images: { img: { findings: [] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img' },
      files: { [POLICY]: policy }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    const annotation = result.commands.find(
      (c) => c.command === 'error' && c.properties.includes('file=')
    )
    expect(annotation?.properties).toContain(`file=${POLICY}`)
    expect(annotation?.properties).toContain(`line=${line},`)
    expect(annotation?.properties).toContain(`col=${column}`)
    expect(annotation?.message).toMatch(message)
    expect(failureLine(result)).toMatch(
      new RegExp(`^Invalid policy: ${POLICY.replace(/\./g, '\\.')}:${line}:${column}: `)
    )
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/)
    expect(listRequests(emu)).toBe(0)
  })

  it('refuses a policy path the user set that does not exist', async () => {
    const emu = await start({ images: { img: { findings: [] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', policy: 'policies/missing.yml' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toContain("Policy file 'policies/missing.yml' does not exist")
    expect(listRequests(emu)).toBe(0)
  })
})

describe('inputs and credentials', () => {
  it('reads credentials from the TENCENTCLOUD_* environment variables', async () => {
    const emu = await start({ images: { img: { findings: [] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'secret-id': '', 'secret-key': '' },
      env: { TENCENTCLOUD_SECRET_ID: SECRET_ID, TENCENTCLOUD_SECRET_KEY: SECRET_KEY }
    })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(`::add-mask::${SECRET_KEY}`)
  })

  it('sends the region common parameter only when region is set', async () => {
    const emu = await start({ images: { img: { findings: [] } } })
    const none = await runGate(emu, { inputs: { 'image-id': 'img' } })
    expect(none.exitCode).toBe(0)
    expect(emu.requests.map((request) => request.region)).toEqual([null])
    const set = await runGate(emu, { inputs: { 'image-id': 'img', region: 'ap-guangzhou' } })
    expect(set.exitCode).toBe(0)
    expect(emu.requests.map((request) => request.region)).toEqual([null, 'ap-guangzhou'])
  })

  it('names both ways to give credentials when they are missing', async () => {
    const emu = await start({ images: { img: { findings: [] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'secret-id': '', 'secret-key': '' }
    })
    expect(result.exitCode).toBe(1)
    const line = failureLine(result) ?? ''
    expect(line).toContain('secret-id')
    expect(line).toContain('TENCENTCLOUD_SECRET_KEY')
    expect(line).not.toContain('fork')
    expect(listRequests(emu)).toBe(0)
  })

  it('explains the missing secrets of a pull request from a fork', async () => {
    const emu = await start({ images: { img: { findings: [] } } })
    const payload = {
      pull_request: {
        head: { repo: { full_name: 'someone/octo-service', fork: true } },
        base: { repo: { full_name: 'octo-org/octo-service' } }
      }
    }
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'secret-id': '', 'secret-key': '' },
      event: { name: 'pull_request', payload }
    })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toMatch(/fork.*workflow_run/)
  })

  it('uses a session token and masks it; a wrong token is refused', async () => {
    const token = 'sts-session-token-that-is-secret-99'
    const emu = await start({
      credentials: [{ secretId: SECRET_ID, secretKey: SECRET_KEY, token }],
      images: { img: { findings: [] } }
    })
    const ok = await runGate(emu, {
      inputs: { 'image-id': 'img', 'session-token': token },
      secrets: [token]
    })
    expect(ok.exitCode).toBe(0)
    expect(ok.stdout).toContain(`::add-mask::${token}`)
    const wrong = await runGate(emu, {
      inputs: { 'image-id': 'img', 'session-token': 'not-the-token-123' },
      secrets: ['not-the-token-123']
    })
    expect(wrong.exitCode).toBe(1)
    expect(failureLine(wrong)).toContain('AuthFailure.TokenFailure')
  })

  it('fails on a wrong secret key with the code, message and RequestId, without retrying', async () => {
    const emu = await start({ images: { img: { findings: [] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'secret-key': 'wrong-secret-key' },
      secrets: ['wrong-secret-key']
    })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toMatch(
      /DescribeAssetImageVirusList failed: AuthFailure\.SignatureFailure: .+ \(RequestId: [0-9a-f-]{36}\)/
    )
    expect(listRequests(emu)).toBe(1)
  })

  it('fails on an unknown image with ResourceNotFound and its RequestId', async () => {
    const emu = await start({ images: {} })
    const result = await runGate(emu, { inputs: { 'image-id': 'sha256:nope' } })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toMatch(/ResourceNotFound: .+ \(RequestId: [0-9a-f-]{36}\)/)
    expect(result.summary).toContain('could not be judged')
  })

  it.each([
    ['endpoint', 'http://tcss.example.com:8080', /loopback/],
    ['endpoint', 'ftp://127.0.0.1', /scheme/],
    ['wait-timeout', 'soon', /Expected a number of seconds/],
    ['poll-interval', '0', /from 0.1 to 600/],
    ['max-rps', '50', /at most|from 0.1 to 20/],
    ['enforce', 'yes', /Expected true or false/],
    ['summary', 'no', /Expected true or false/],
    ['region', 'AP Guangzhou', /Tencent Cloud region/],
    ['image-id', '', /Nothing to gate/],
    ['image-id', 'a\nb c', /Invalid input 'image-id': "b c"/]
  ])('refuses %s=%p with a clear message and no API call', async (name, value, message) => {
    const emu = await start({ images: { img: { findings: [] } } })
    const result = await runGate(emu, { inputs: { 'image-id': 'img', [name]: value } })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toMatch(message)
    expect(result.outputs.verdict).toBe('fail')
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /)
    expect(listRequests(emu)).toBe(0)
  })
})

describe('reading every finding', () => {
  it('reads many pages with exactly ceil(N/100) requests and never above max-rps', async () => {
    const emu = await start({ images: { img: { generate: { count: 1234, riskLevels: [1, 2] } } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'max-rps': '10', 'report-file': 'report.json' },
      files: { [POLICY]: 'version: 1\nthresholds:\n  medium: 1000\n' }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.findings).toBe('1234')
    expect(listRequests(emu)).toBe(13)
    expectRateAtMost(emu, 10)
    expect(result.report?.findings).toHaveLength(1234)
    expect(result.report?.requests).toBe(13)
  })

  it('finds a critical finding on the last page', async () => {
    const riskLevels = [...Array<number>(250).fill(1), 4]
    const emu = await start({ images: { img: { generate: { count: 251, riskLevels } } } })
    const result = await runGate(emu, { inputs: { 'image-id': 'img' } })
    expect(result.exitCode).toBe(1)
    expect(JSON.parse(result.outputs.counts)).toMatchObject({ critical: 1, low: 250 })
    expect(listRequests(emu)).toBe(3)
  })

  it('re-reads when a critical finding appears while paging, and fails', async () => {
    const emu = await start({
      images: {
        img: {
          generate: { count: 300, riskLevels: [1] },
          changes: [{ afterListRequests: 2, add: [finding(4, { Path: '/appeared/late' })] }]
        }
      }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'img', 'report-file': 'r.json' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.findings).toBe('301')
    expect(result.report?.findings[0]).toMatchObject({
      path: '/appeared/late',
      level: 'critical',
      violation: true
    })
    expect(result.stdout).toContain('changed while it was read')
  })

  it('fails closed when the list never settles', async () => {
    const emu = await start({
      images: { img: { generate: { count: 150, riskLevels: [1] }, reportedTotalCount: 180 } }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'img' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    expect(failureLine(result)).toMatch(/did not settle.*incomplete data/)
  })
})

describe('transient and permanent API failures', () => {
  it('retries every transient fault kind and reaches the fault-free verdict', async () => {
    const faults = [
      'throttle',
      'http503',
      'badjson',
      null,
      'reset',
      'internal',
      null,
      'unavailable',
      'noresponse',
      'http502',
      { code: 'RequestLimitExceeded.UinLimitExceeded' },
      null
    ] as const
    const emu = await start({
      images: { img: { generate: { count: 250, riskLevels: [1, 3] } } },
      faults: { script: [...faults] }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'img', 'report-file': 'r.json' } })
    expect(result.stdout).toContain('retry')
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'fail', findings: '250', violations: '125' })
    expect(result.report?.requests).toBe(emu.requests.length)
    expect(emu.requests.length).toBe(3 + faults.filter((fault) => fault !== null).length)
  }, 60_000)

  it('abandons a request that hangs and retries it, inside the wait-timeout', async () => {
    const emu = await start({
      images: { img: { findings: [finding(1)] } },
      faults: { script: ['timeout'] },
      faultHoldMs: 60_000
    })
    // wait-timeout 8 s gives each request 2 s (a quarter, at least 2 s, at most 30 s).
    const result = await runGate(emu, { inputs: { 'image-id': 'img', 'wait-timeout': '8' } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'pass', findings: '1' })
    expect(result.stdout).toMatch(/request timed out/)
    expect(listRequests(emu)).toBe(2)
    expect(result.durationMs).toBeLessThan(8_000)
  }, 30_000)

  it('fails, not passes, when every request hangs until the wait-timeout', async () => {
    const emu = await start({
      images: { img: { findings: [] } },
      faults: { rate: 1, kinds: ['timeout'] },
      faultHoldMs: 60_000
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'img', 'wait-timeout': '4' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    expect(result.durationMs).toBeLessThan(12_000)
  }, 30_000)

  it('retries a fault that never clears until the wait-timeout, then fails naming it', async () => {
    const emu = await start({
      images: { img: { findings: [] } },
      faults: { rate: 1, kinds: ['http503'] }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'img', 'wait-timeout': '12' } })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toMatch(
      /still failing after \d+ attempt\(s\), out of time \(wait-timeout\).*HTTP 503/
    )
    // Capped exponential back-off: a handful of requests, not a hammering.
    expect(listRequests(emu)).toBeGreaterThan(3)
    expect(listRequests(emu)).toBeLessThanOrEqual(20)
    expect(result.durationMs).toBeLessThan(12_000 + 8_000)
  }, 60_000)

  it.each([
    'AuthFailure.UnauthorizedOperation',
    'UnauthorizedOperation.CamNoAuth',
    'InvalidParameter.InvalidFormat'
  ])('fails at once on %s with its code, message and RequestId', async (code) => {
    const emu = await start({
      images: { img: { findings: [] } },
      faults: { script: [{ code, message: `denied for test ${code}` }] }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'img' } })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toMatch(
      new RegExp(`${code.replace(/\./g, '\\.')}: denied for test .* \\(RequestId: [0-9a-f-]{36}\\)`)
    )
    expect(listRequests(emu)).toBe(1)
  })
})

describe('report file and summary', () => {
  it('writes the JSON report with every finding and a stable order', async () => {
    const emu = await start({
      images: {
        img: {
          findings: [
            finding(1, { Path: '/z' }),
            finding(4, { Path: '/b' }),
            finding(4, { Path: '/a' }),
            finding(2, { Path: '/m' })
          ]
        }
      }
    })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'report-file': 'reports/tcss.json' }
    })
    expect(result.outputs['report-file']).toMatch(/reports\/tcss\.json$/)
    expect(result.report).toMatchObject({
      imageId: 'img',
      scanStatus: 'scanned',
      verdict: 'fail',
      requests: 1
    })
    expect(result.report?.findings.map((f) => f.path)).toEqual(['/a', '/b', '/m', '/z'])
    expect(result.report?.findings[0]).toMatchObject({
      level: 'critical',
      riskLevel: 4,
      violation: true,
      allowlisted: false
    })
    expect(result.report?.policy).toMatchObject({
      source: 'built-in default',
      thresholds: { critical: 0, high: 0 }
    })
  })

  it('writes no summary when summary is false', async () => {
    const emu = await start({ images: { img: { findings: [] } } })
    const result = await runGate(emu, { inputs: { 'image-id': 'img', summary: 'false' } })
    expect(result.exitCode).toBe(0)
    expect(result.summary).toBe('')
  })

  it('caps error annotations at 10 and adds one notice for the rest', async () => {
    const emu = await start({ images: { img: { generate: { count: 25, riskLevels: [4] } } } })
    const result = await runGate(emu, { inputs: { 'image-id': 'img' } })
    expect(
      result.commands.filter((c) => c.command === 'error' && c.properties.startsWith('title='))
    ).toHaveLength(10)
    expect(
      result.commands.filter(
        (c) => c.command === 'notice' && c.message === '15 more violations — see the job summary'
      )
    ).toHaveLength(1)
  })

  it('keeps hostile file names inert in the log and the summary', async () => {
    const hostile = finding(4, {
      Path: '/x\n::set-output name=verdict::pass\n::add-mask::',
      VirusName:
        '<script>alert(1)</script>|`x`[y](https://evil.example)@octocat ##[set-output name=verdict;]pass',
      FileName: '</details>'
    })
    const emu = await start({ images: { img: { findings: [hostile] } } })
    const result = await runGate(emu, { inputs: { 'image-id': 'img' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    expect(
      result.stdout.split('\n').filter((line) => /^\s*::(set-output|add-mask::$)/.test(line))
    ).toEqual([])
    expect(result.summary).not.toContain('<script>')
    expect(result.summary).not.toContain('[y](')
    expect(result.summary).not.toMatch(/@octocat/)
    expect(result.outputs.verdict).toBe('fail')
    expect(result.stdout).not.toContain('##[set-output')
  })
})
