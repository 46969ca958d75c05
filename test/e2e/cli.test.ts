/**
 * End-to-end: the bundled command line against the TCSS emulator, outside
 * GitHub (no GITHUB_* variable), as a GitLab or Jenkins job runs it.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { Inputs } from '../../src/constants.js'
import { emulatorPerTest, finding, SECRET_KEY } from '../helpers/gate.js'
import { ROOT } from '../helpers/run-action.js'
import { type CliRun, runCliGate, runCliProcess } from '../helpers/run-cli.js'

const start = emulatorPerTest()

function expectPlainOutput(run: CliRun): void {
  expect(run.stdout.split('\n').filter((line) => line.startsWith('::'))).toEqual([])
  expect(run.stderr.split('\n').filter((line) => line.startsWith('::'))).toEqual([])
  expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET_KEY)
}

describe('tcss-virus-gate command line', () => {
  it('exits 1 on a violation: verdict, levels and violations on stdout, JUnit with one failure per violation', async () => {
    const emu = await start({
      images: {
        'sha256:bad': {
          findings: [
            finding(4, { Path: '/root/miner', VirusName: 'Linux.Miner.Xmrig' }),
            finding(4, { Path: '/root/miner2' }),
            finding(1)
          ]
        }
      }
    })
    const run = await runCliGate(emu, ['--image-id', 'sha256:bad', '--junit-file', 'junit.xml'])
    expect(run.exitCode).toBe(1)
    expectPlainOutput(run)
    expect(run.stdout).toMatch(/^TCSS virus gate: FAIL/)
    expect(run.stdout).toMatch(/critical\s+2\s+0\s+2\s+0\s+exceeded/)
    expect(run.stdout).toContain('Linux.Miner.Xmrig')
    expect(run.stderr).toMatch(/Gating image sha256:bad/)
    const xml = run.files['junit.xml']
    expect(XMLValidator.validate(xml)).toBe(true)
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => name === 'testsuite' || name === 'testcase'
    }).parse(xml) as {
      testsuites: { testsuite: Array<{ failures: string; testcase: Array<{ failure?: unknown }> }> }
    }
    const [suite] = parsed.testsuites.testsuite
    expect(suite.failures).toBe('2')
    expect(suite.testcase.filter((testCase) => testCase.failure)).toHaveLength(2)
    expect(suite.testcase).toHaveLength(3)
  })

  it('exits 0 on a clean image, with no summary notice outside GitHub', async () => {
    const emu = await start({ images: { 'sha256:clean': { statuses: [2], findings: [] } } })
    const run = await runCliGate(emu, ['--image-id', 'sha256:clean'])
    expect(run.exitCode).toBe(0)
    expectPlainOutput(run)
    expect(run.stdout).toMatch(/^TCSS virus gate: PASS/)
    expect(run.stderr).not.toContain('GITHUB_STEP_SUMMARY')
  })

  it('exits 0 in report-only mode (--enforce false) with a violation', async () => {
    const emu = await start({ images: { 'sha256:bad': { findings: [finding(4)] } } })
    const run = await runCliGate(emu, ['--image-id', 'sha256:bad', '--enforce', 'false'])
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(/^TCSS virus gate: FAIL \(report only/)
  })

  it('exits 2 on an invalid policy, naming the file, line and column', async () => {
    const emu = await start({ images: { 'sha256:clean': { findings: [] } } })
    const run = await runCliGate(emu, ['--image-id', 'sha256:clean', '--policy', 'p.yml'], {
      files: { 'p.yml': 'version: 1\nthresholds:\n  critical: -1\n' }
    })
    expect(run.exitCode).toBe(2)
    expectPlainOutput(run)
    expect(run.stderr).toMatch(/p\.yml:3:\d+/)
    expect(emu.requests).toHaveLength(0)
  })

  it('exits 2 on a bad flag, saying what is wrong', async () => {
    const run = await runCliProcess(['--image-idd', 'sha256:x'])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('--image-idd')
    expect(run.stdout).toBe('')
  })

  it('exits 2 when the credentials are refused', async () => {
    const emu = await start({ images: { 'sha256:clean': { findings: [] } } })
    const run = await runCliGate(emu, ['--image-id', 'sha256:clean'], {
      env: { TENCENTCLOUD_SECRET_KEY: 'not-the-right-key-0000000000' }
    })
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('AuthFailure')
  })

  it('--help lists every input as a flag; --version prints the version of package.json', async () => {
    const help = await runCliProcess(['--help'])
    expect(help.exitCode).toBe(0)
    for (const name of Object.values(Inputs)) expect(help.stdout).toContain(`--${name} `)
    const version = await runCliProcess(['--version'])
    expect(version.exitCode).toBe(0)
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      version: string
    }
    expect(version.stdout).toBe(`${pkg.version}\n`)
  })
})
