/**
 * End-to-end hardening: faults mixed at random, debug logging, large results.
 */
import { describe, expect, it } from '@jest/globals'
import {
  finding,
  listRequests,
  runGate,
  SECRET_ID,
  SECRET_KEY,
  emulatorPerTest
} from '../helpers/gate.js'
import { runAction } from '../helpers/run-action.js'

const start = emulatorPerTest()

const IMAGE = {
  statuses: [1, 2],
  findings: [finding(4), finding(3, { Md5: 'ABCDEF0123456789ABCDEF0123456789' })],
  generate: { count: 640, riskLevels: [1, 2, 2, 1] }
}
const POLICY = {
  '.github/tcss-virus-policy.yml':
    'version: 1\nthresholds:\n  critical: 0\n  high: 0\n  medium: 400\nallowlist:\n  - md5: abcdef0123456789abcdef0123456789\n    reason: known\n'
}

describe('faults', () => {
  it('gives the fault-free verdict and counts when 30 % of requests fail transiently, over several seeds', async () => {
    const emu = await start({ images: { img: IMAGE } })
    const clean = await runGate(emu, {
      inputs: { 'image-id': 'img', 'max-rps': '20' },
      files: POLICY
    })
    expect(clean.exitCode).toBe(1)
    expect(clean.outputs).toMatchObject({
      verdict: 'fail',
      findings: '642',
      violations: '1',
      allowlisted: '1'
    })
    const cleanRequests = listRequests(emu)
    expect(cleanRequests).toBe(2 + 6)

    const kinds = new Set<string>()
    for (const seed of [11, 23, 37]) {
      emu.setImage('img', IMAGE)
      emu.resetRequests()
      // Every fault kind but the hung request (covered on its own), mixed at random.
      emu.setFaults({ rate: 0.3, seed })
      const faulty = await runGate(emu, {
        inputs: { 'image-id': 'img', 'max-rps': '20' },
        files: POLICY
      })
      expect({ seed, exitCode: faulty.exitCode, outputs: faulty.outputs }).toEqual({
        seed,
        exitCode: clean.exitCode,
        outputs: clean.outputs
      })
      const faults = emu.requests.filter((request) => request.outcome !== 'ok')
      expect(faults.length).toBeGreaterThan(0)
      for (const fault of faults) kinds.add(fault.outcome)
    }
    expect(kinds.size).toBeGreaterThanOrEqual(4)
  }, 120_000)
})

describe('secrets', () => {
  it('never prints the key or the token, also with RUNNER_DEBUG=1 and on errors', async () => {
    const token = 'session-token-0123456789-secret'
    const emu = await start({
      images: { img: { findings: [finding(4)] } },
      faults: { script: ['internal'] }
    })
    const options = {
      inputs: { 'image-id': 'img', 'session-token': token, 'report-file': 'report.json' },
      env: { RUNNER_DEBUG: '1' },
      secrets: [token]
    }
    // runGate itself fails the test if the key or token shows up anywhere; check that it looked.
    const judged = await runGate(emu, options)
    expect(judged.stdout).toContain(`::add-mask::${SECRET_KEY}`)
    expect(judged.stdout).toContain(`::add-mask::${token}`)
    expect(judged.stdout).toContain('::debug::DescribeAssetImageVirusList offset 0')
    expect(judged.outputs.verdict).toBe('fail')

    // The leak check can fail: a string the action does print is found everywhere it went.
    const canary = await runAction({
      inputs: {
        'image-id': 'img',
        'secret-id': SECRET_ID,
        'secret-key': SECRET_KEY,
        endpoint: emu.url,
        'report-file': 'r.json'
      },
      secrets: ['img']
    })
    expect(canary.leaks).toEqual(expect.arrayContaining(['stdout', 'summary', 'report']))

    emu.setFaults({ script: [{ code: 'AuthFailure.SignatureFailure' }] })
    const refused = await runGate(emu, options)
    expect(refused.exitCode).toBe(1)
    expect(refused.stdout).toContain('AuthFailure.SignatureFailure')
  })
})

describe('untrusted Markdown', () => {
  it('keeps links, mentions and autolinks in names inert in the summary, and ordinary names readable', async () => {
    const emu = await start({
      images: {
        img: {
          findings: [
            finding(4, {
              Path: '/usr/lib/x86_64-linux-gnu/www.evil.example/libx.so',
              VirusName: 'mail attacker@evil.example or @octocat; see [x](https://evil.example)'
            })
          ]
        }
      }
    })
    const result = await runGate(emu, { inputs: { 'image-id': 'img' } })
    expect(result.exitCode).toBe(1)
    expect(result.summary).not.toMatch(/www\./)
    expect(result.summary).not.toContain('attacker@evil')
    expect(result.summary).not.toMatch(/@octocat/)
    expect(result.summary).not.toContain('](https://')
    expect(result.summary).not.toContain('https://evil')
    expect(result.summary).toContain('/usr/lib/x86_64-linux-gnu/www&#8203;.evil.example/libx.so')
  })
})

describe('size', () => {
  it('keeps the summary under 1 MiB and the outputs small with thousands of findings, and the report complete', async () => {
    const long = '/very/long/path/'.repeat(12)
    const emu = await start({
      images: { img: { generate: { count: 5000, riskLevels: [4, 3], prefix: `${long}x` } } }
    })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'max-rps': '20', 'report-file': 'report.json' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.findings).toBe('5000')
    expect(Buffer.byteLength(result.summary)).toBeLessThan(1024 * 1024)
    expect(result.report?.findings).toHaveLength(5000)
    for (const value of Object.values(result.outputs)) expect(value.length).toBeLessThan(300)
    expect(
      result.commands.filter((c) => c.command === 'error' && c.properties.startsWith('title='))
    ).toHaveLength(10)
  }, 60_000)
})
