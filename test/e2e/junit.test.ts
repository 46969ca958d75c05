/**
 * End-to-end: the action's junit-file input against the TCSS emulator: the
 * report is written inside the workspace, and a path that leaves it is an
 * input error before any request.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { XMLValidator } from 'fast-xml-parser'
import { emulatorPerTest, failureLine, finding, runGate } from '../helpers/gate.js'
import { junitSchemaProblems } from '../helpers/junit-schema.js'
import { ROOT } from '../helpers/run-action.js'
import { runCliGate } from '../helpers/run-cli.js'

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

describe('a JUnit file an earlier run left', () => {
  const STALE = '<?xml version="1.0"?><testsuites tests="1" failures="0"/>'

  it.each([
    ['wait-timeout', { 'wait-timeout': 'soon' }],
    ['image-id', { 'image-id': '' }]
  ])(
    'is removed when the input %s is invalid, like the other report files',
    async (_input, inputs) => {
      const emu = await start({ images: { 'sha256:bad': { findings: [] } } })
      const result = await runGate(emu, {
        inputs: {
          'image-id': 'sha256:bad',
          'junit-file': 'reports/junit.xml',
          'report-file': 'reports/tcss.json',
          ...inputs
        },
        files: { 'reports/junit.xml': STALE, 'reports/tcss.json': '{}' }
      })
      expect(result.exitCode).toBe(1)
      expect(result.outputs.verdict).toBe('fail')
      expect(emu.requests).toHaveLength(0)
      expect(result.workspaceFiles).toEqual([])
    }
  )
  it('is removed by the command line when a flag value is invalid', async () => {
    const emu = await start({ images: { 'sha256:bad': { findings: [] } } })
    const result = await runCliGate(
      emu,
      ['--image-id', 'sha256:bad', '--junit-file', 'reports/junit.xml', '--max-rps', 'fast'],
      { files: { 'reports/junit.xml': STALE } }
    )
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('--max-rps')
    expect(emu.requests).toHaveLength(0)
    expect(Object.keys(result.files)).toEqual([])
  })
})

describe('the JUnit file of every demo scenario', () => {
  it.each([
    ['an infected local image', ['--image-id', 'sha256:demo-infected']],
    ['a clean local image', ['--image-id', 'sha256:demo-clean']],
    [
      'a registry image scanned on demand',
      ['--registry-image', 'ccr.ccs.tencentyun.com/demo-team/shop-api:1.8.0']
    ],
    [
      'an image and runtime events',
      [
        '--image-id',
        'sha256:demo-infected',
        ...['--event-ids', 'evt-demo-pending', '--event-ids', 'evt-demo-isolated'],
        ...['--event-ids', 'evt-demo-notice']
      ]
    ]
  ])('follows junit-10.xsd: %s', async (_name, argv) => {
    const scenario = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'test', 'emulator', 'scenarios', 'demo.json'), 'utf8')
    ) as Parameters<typeof start>[0]
    const emu = await start(scenario)
    const run = await runCliGate(emu, [...argv, '--junit-file', 'junit.xml'])
    expect(run.files['junit.xml']).toBeDefined()
    expect(await junitSchemaProblems(run.files['junit.xml'])).toEqual([])
  })
})
