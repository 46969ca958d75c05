/**
 * The README's first command, `npm run demo`, must keep working: it runs the
 * bundle against the emulator with the demo scenario and reaches a verdict on
 * real findings (a local image, and a registry image scanned on demand).
 */
import { spawnSync } from 'node:child_process'
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
