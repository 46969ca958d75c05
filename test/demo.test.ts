/**
 * The README's first command, `npm run demo`, must keep working: it runs the
 * bundle against the emulator with the demo scenario and reaches a verdict on
 * real findings (a local image, and a registry image scanned on demand).
 */
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { ROOT } from './helpers/run-action.js'

function demo(...args: string[]): string {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'demo.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000
  })
  expect(run.status).toBe(0)
  return run.stdout
}

describe('npm run demo', () => {
  it('gates the demo image to a verdict on its findings', () => {
    const out = demo()
    expect(out).not.toMatch(/Invalid input/)
    expect(out).toMatch(/^verdict = fail$/m)
    expect(out).toMatch(/^scan-status = scanned$/m)
    expect(out).toMatch(/^findings = [1-9]\d*$/m)
  })

  it('scans a registry image on demand and judges it', () => {
    const out = demo('--registry-image', 'ccr.ccs.tencentyun.com/demo-team/shop-api:1.8.0')
    expect(out).toMatch(/Started TCSS virus scan task/)
    expect(out).toMatch(/^findings = 2$/m)
    expect(out).toMatch(/^violations = 1$/m)
    expect(out).toMatch(/^allowlisted = 1$/m)
  })
})

describe('npm run demo, used wrongly or asked for help', () => {
  const raw = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'demo.mjs'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000
    })
  const noStackTrace = (text: string) =>
    expect(text.split('\n').filter((line) => /^\s+at /.test(line))).toEqual([])

  it('prints its usage on --help, exit 0', () => {
    const run = raw('--help')
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^Usage: npm run demo -- /m)
    expect(run.stdout).toContain('--registry-image')
    noStackTrace(`${run.stdout}${run.stderr}`)
  })

  it.each([
    ['an unknown flag', ['--bogus'], /--bogus/],
    ['a policy that does not exist', ['--policy', 'no/such/policy.yml'], /no\/such\/policy\.yml/]
  ])('says %s in one line, exit 2', (_name, args, named) => {
    const run = raw(...args)
    expect(run.status).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(named)])
    noStackTrace(run.stderr)
  })

  it('says which policy it used, and keeps the report it points at', () => {
    const out = demo('--image', 'sha256:demo-clean')
    expect(out).toMatch(/with policy policy\.example\.yml \(as \.github\/tcss-virus-policy\.yml\)/)
    const report = /JSON report written to (\S+)\./.exec(out)?.[1]
    expect(report).toBeDefined()
    expect(fs.existsSync(String(report))).toBe(true)
    expect(out).toContain(`report kept at ${report}`)
  })
})
