/**
 * End-to-end: a gate run on the runtime users get (Node 24) prints no
 * deprecation warning. Users read such warnings as the gate's own problems, so
 * one coming from a dependency is fixed where it comes from (package.json
 * "overrides"), never silenced.
 */
import { describe, expect, it } from '@jest/globals'
import { finding, runGate, emulatorPerTest } from '../helpers/gate.js'

const start = emulatorPerTest()

describe('deprecation warnings', () => {
  it('a passing run prints none', async () => {
    const emu = await start({ images: { 'sha256:clean': { statuses: [0, 2], findings: [] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'sha256:clean', 'poll-interval': '0.1' }
    })
    expect(result.exitCode).toBe(0)
    expect(result.stderr).not.toMatch(/DeprecationWarning|\[DEP\d+\]/)
    expect(result.stdout).not.toMatch(/DeprecationWarning|\[DEP\d+\]/)
  })

  it('a failing run that reads several pages prints none', async () => {
    const findings = Array.from({ length: 150 }, (_, index) =>
      finding((index % 4) + 1, { Path: `/opt/file-${index}` })
    )
    const emu = await start({ images: { 'sha256:bad': { findings } } })
    const result = await runGate(emu, { inputs: { 'image-id': 'sha256:bad' } })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).not.toMatch(/DeprecationWarning|\[DEP\d+\]/)
    expect(result.stdout).not.toMatch(/DeprecationWarning|\[DEP\d+\]/)
  })
})
