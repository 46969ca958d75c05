/**
 * End-to-end: allowlist expiry is judged on the UTC date, in the bundled
 * action and the bundled command line. "Now" is put just before and just
 * after UTC midnight (test/fixtures/shifted-clock.mjs, and the emulator's
 * clock with it), in time zones on both sides of UTC, so a local date in
 * place of the UTC one fails whatever the hour the suite runs.
 */
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { emulatorPerTest, finding, runGate } from '../helpers/gate.js'
import { ROOT } from '../helpers/run-action.js'
import { runCliGate } from '../helpers/run-cli.js'

const start = emulatorPerTest()
const IMAGE = 'sha256:expiry'

describe('allowlist expiry near UTC midnight', () => {
  // The entry's last day; "today" is the UTC date, whatever the runner's time zone.
  const LAST_DAY = '2026-06-15'
  const md5 = '27501aaed5e639693783321219989889'
  const SHIFTED = pathToFileURL(path.join(ROOT, 'test', 'fixtures', 'shifted-clock.mjs')).href
  const policyFile = `version: 1\nthresholds:\n  critical: 0\nallowlist:\n  - md5: ${md5}\n    reason: fixture\n    expires: ${LAST_DAY}\n`
  // Etc/GMT+12 is UTC-12 and Etc/GMT-14 is UTC+14: local dates on both sides of the UTC date.
  const cases: Array<[string, string, boolean]> = [
    ['2026-06-15T23:30:00Z', 'Etc/GMT-14', true],
    ['2026-06-15T23:30:00Z', 'Etc/GMT+12', true],
    ['2026-06-16T00:30:00Z', 'Etc/GMT+12', false],
    ['2026-06-16T00:30:00Z', 'Etc/GMT-14', false]
  ]

  it.each(cases)('at %s in %s the entry excuses: %p', async (now, tz, excused) => {
    const offset = Date.parse(now) - Date.now()
    const emu = await start({
      images: { [IMAGE]: { findings: [finding(4, { Md5: md5 })] } },
      now: () => Date.now() + offset
    })
    const result = await runGate(emu, {
      inputs: { 'image-id': IMAGE },
      env: { TZ: tz, TCSS_TEST_NOW: now, NODE_OPTIONS: `--import ${SHIFTED}` },
      files: { '.github/tcss-virus-policy.yml': policyFile }
    })
    expect(result.outputs).toMatchObject(
      excused
        ? { verdict: 'pass', violations: '0', allowlisted: '1' }
        : { verdict: 'fail', violations: '1', allowlisted: '0' }
    )
    expect(result.exitCode).toBe(excused ? 0 : 1)
  })

  it.each(cases)(
    'the command line at %s in %s: the entry excuses: %p',
    async (now, tz, excused) => {
      const offset = Date.parse(now) - Date.now()
      const emu = await start({
        images: { [IMAGE]: { findings: [finding(4, { Md5: md5 })] } },
        now: () => Date.now() + offset
      })
      const run = await runCliGate(emu, ['--image-id', IMAGE, '--policy', 'p.yml'], {
        env: { TZ: tz, TCSS_TEST_NOW: now, NODE_OPTIONS: `--import ${SHIFTED}` },
        files: { 'p.yml': policyFile }
      })
      expect(run.exitCode).toBe(excused ? 0 : 1)
      expect(run.stdout).toMatch(excused ? /^TCSS virus gate: PASS/ : /^TCSS virus gate: FAIL/)
    }
  )
})
