/**
 * End-to-end: the action's junit-file input against the TCSS emulator: the
 * report is written inside the workspace, and a path that leaves it is an
 * input error before any request.
 */
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { XMLValidator } from 'fast-xml-parser'
import { emulatorPerTest, failureLine, finding, runGate } from '../helpers/gate.js'

const start = emulatorPerTest()

describe('junit-file in the action', () => {
  it('writes the JUnit report inside the workspace', async () => {
    const emu = await start({ images: { 'sha256:bad': { findings: [finding(4), finding(1)] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'sha256:bad', 'junit-file': 'reports/junit.xml' },
      readBack: ['reports/junit.xml']
    })
    expect(result.exitCode).toBe(1)
    const xml = result.readBack['reports/junit.xml']
    expect(XMLValidator.validate(xml)).toBe(true)
    expect(xml.match(/<failure /g)).toHaveLength(1)
    // Like report-file and sarif-file, the path is an output for the steps after.
    const output = String(result.outputs['junit-file'])
    expect(path.isAbsolute(output) && output.endsWith('/reports/junit.xml')).toBe(true)
  })

  it.each([['../outside.xml'], ['/etc/junit.xml']])(
    'refuses %s, which leaves the workspace, before any request',
    async (file) => {
      const emu = await start({ images: { 'sha256:bad': { findings: [finding(4)] } } })
      const result = await runGate(emu, {
        inputs: { 'image-id': 'sha256:bad', 'junit-file': file }
      })
      expect(result.exitCode).toBe(1)
      expect(failureLine(result)).toContain("'junit-file'")
      expect(emu.requests).toHaveLength(0)
    }
  )

  it('refuses the same file as report-file', async () => {
    const emu = await start({ images: { 'sha256:bad': { findings: [finding(4)] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'sha256:bad', 'junit-file': 'r.json', 'report-file': 'r.json' }
    })
    expect(failureLine(result)).toMatch(/'junit-file' and 'report-file' name the same file/)
  })
})
