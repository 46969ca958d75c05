/**
 * End-to-end: the bundled action writes the SARIF log that code scanning reads.
 */
import { describe, expect, it } from '@jest/globals'
import type { Log, Result } from 'sarif'
import { failureLine, finding, runGate, emulatorPerTest } from '../helpers/gate.js'
import { sarifValidator, schemaErrors } from '../helpers/schemas.js'

const start = emulatorPerTest()

const POLICY = '.github/tcss-virus-policy.yml'
const SARIF = 'reports/tcss-virus.sarif'
const REPORT = 'reports/tcss-virus.json'
const ALLOWLISTED_MD5 = 'ABCDEF0123456789ABCDEF0123456789'

function parseValidSarif(text: string | undefined): Log {
  expect(text).toBeDefined()
  const log = JSON.parse(text as string) as Log
  const validate = sarifValidator()
  if (!validate(log)) throw new Error(schemaErrors(validate.errors).join('\n'))
  expect(log.runs).toHaveLength(1)
  return log
}

function uriOf(result: Result): string | undefined {
  return result.locations?.[0].physicalLocation?.artifactLocation?.uri
}

describe('sarif-file', () => {
  it('writes one schema-valid result per violation, with levels, locations and fingerprints', async () => {
    const emu = await start({
      images: {
        img: {
          findings: [
            finding(4, { Path: '/opt/app/evil bin#1', VirusName: 'Linux.Miner.Xmrig' }),
            finding(4, {
              Path: '/../tmp/[x](y)',
              VirusName: '[click](https://evil.example) {0}',
              Md5: 'FEDCBA9876543210FEDCBA9876543210'
            }),
            finding(4, { Md5: ALLOWLISTED_MD5, Path: '/test/fixture.bin' }),
            finding(9, { Path: '/weird/level', VirusName: 'Odd.Level' }),
            finding(3, { Path: '/usr/bin/high', VirusName: 'Linux.Backdoor' }),
            finding(2, { Path: '/srv/medium-within', VirusName: 'Adware.Medium' }),
            finding(1, { Path: '/srv/low', VirusName: 'Riskware.Low' })
          ]
        }
      }
    })
    const policy = [
      'version: 1',
      'thresholds:',
      '  critical: 0',
      '  high: 0',
      '  medium: 1',
      '  low: 0',
      'allowlist:',
      `  - md5: ${ALLOWLISTED_MD5.toLowerCase()}`,
      '    reason: Known test fixture',
      ''
    ].join('\n')
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'sarif-file': SARIF, 'report-file': REPORT },
      files: { [POLICY]: policy },
      readBack: [SARIF]
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.violations).toBe('5')
    expect(result.stdout).toContain('SARIF log written to ')

    const log = parseValidSarif(result.readBack[SARIF])
    const results = log.runs[0].results ?? []
    expect(results).toHaveLength(5)
    expect(Object.fromEntries(results.map((r) => [uriOf(r), r.level]))).toEqual({
      'opt/app/evil%20bin%231': 'error',
      'tmp/%5Bx%5D(y)': 'error',
      'weird/level': 'error',
      'usr/bin/high': 'error',
      'srv/low': 'note'
    })
    for (const r of results) {
      expect(r.locations?.[0].physicalLocation?.artifactLocation?.uriBaseId).toBe('IMAGE_ROOT')
    }
    // The same violations as the JSON report, matched by md5; one fingerprint each, all distinct.
    const reportViolations = (result.report?.findings ?? [])
      .filter((f) => f.violation === true)
      .map((f) => String(f.md5).toLowerCase())
      .sort()
    expect(results.map((r) => String(r.properties?.md5).toLowerCase()).sort()).toEqual(
      reportViolations
    )
    expect(reportViolations).toContain('fedcba9876543210fedcba9876543210')
    const prints = results.map((r) => r.partialFingerprints?.['tcssFinding/v1'])
    for (const print of prints) expect(print).toMatch(/^[0-9a-f]{64}$/)
    expect(new Set(prints).size).toBe(results.length)
    expect(JSON.stringify(results)).not.toContain(ALLOWLISTED_MD5.toLowerCase())

    const rules = log.runs[0].tool.driver.rules ?? []
    expect(log.runs[0].tool.driver.name).toBe('tcss-virus-gate')
    expect(rules).toHaveLength(5)
    for (const r of results) expect(rules[r.ruleIndex as number].id).toBe(r.ruleId)
    const hostile = results.find((r) => uriOf(r) === 'tmp/%5Bx%5D(y)')
    expect(hostile?.ruleId).toMatch(/^virus\/click-https-evil\.example-0\/[0-9a-f]{12}$/)
    expect(hostile?.message.text).toContain('\\[click\\](https://evil.example) {{0}}')
    expect(log.runs[0].invocations?.[0]).toMatchObject({
      executionSuccessful: true,
      properties: { verdict: 'fail' }
    })
  })

  it('fingerprints one md5 at two paths as two alerts, the same on the next run', async () => {
    const md5 = 'FEDCBA9876543210FEDCBA9876543210'
    const fingerprints = async (order: 'ab' | 'ba'): Promise<Record<string, unknown>> => {
      const rows = [
        finding(4, { Md5: md5, Path: '/opt/app/a.bin' }),
        finding(4, { Md5: md5, Path: '/opt/app/b.bin' })
      ]
      const emu = await start({
        images: { img: { findings: order === 'ab' ? rows : rows.reverse() } }
      })
      const result = await runGate(emu, {
        inputs: { 'image-id': 'img', 'sarif-file': SARIF },
        readBack: [SARIF]
      })
      expect(result.exitCode).toBe(1)
      const results = parseValidSarif(result.readBack[SARIF]).runs[0].results ?? []
      expect(results).toHaveLength(2)
      return Object.fromEntries(
        results.map((r) => [uriOf(r), Object.values(r.partialFingerprints ?? {})])
      )
    }
    const first = await fingerprints('ab')
    const [a, b] = [first['opt/app/a.bin'], first['opt/app/b.bin']]
    expect(a).toHaveLength(1)
    expect(b).toHaveLength(1)
    expect(a).not.toEqual(b)
    expect(await fingerprints('ba')).toEqual(first)
  })

  it('writes a log with no results for a clean image', async () => {
    const emu = await start({ images: { clean: { findings: [] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'clean', 'sarif-file': 'clean.sarif' },
      readBack: ['clean.sarif']
    })
    expect(result.exitCode).toBe(0)
    const log = parseValidSarif(result.readBack['clean.sarif'])
    expect(log.runs[0].results).toEqual([])
    expect(log.runs[0].invocations?.[0].executionSuccessful).toBe(true)
  })

  it('writes a log for a failed scan too: no results, and an invocation note saying why', async () => {
    const emu = await start({ images: { broken: { statuses: [3] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'broken', 'sarif-file': SARIF, scan: 'never' },
      readBack: [SARIF]
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs['scan-status']).toBe('error')
    const log = parseValidSarif(result.readBack[SARIF])
    expect(log.runs[0].results).toEqual([])
    const invocation = log.runs[0].invocations?.[0]
    expect(invocation?.executionSuccessful).toBe(false)
    const notes = invocation?.toolExecutionNotifications ?? []
    expect(notes[0].level).toBe('error')
    expect(notes[0].message.text).toContain('could not judge the image')
    // The note gives the same reason as the job's failure line.
    const reason = failureLine(result)?.replace(/^TCSS virus gate failed: /, '') ?? '(none)'
    expect(notes[0].message.text).toContain(reason)
  })

  it('keeps the results in report-only mode, where the job passes', async () => {
    const emu = await start({ images: { img: { findings: [finding(4), finding(3)] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'sarif-file': SARIF, enforce: 'false' },
      readBack: [SARIF]
    })
    expect(result.exitCode).toBe(0)
    const log = parseValidSarif(result.readBack[SARIF])
    expect(log.runs[0].results?.map((r) => r.level)).toEqual(['error', 'error'])
    expect(log.runs[0].invocations?.[0].properties).toMatchObject({
      verdict: 'fail',
      enforce: false
    })
  })

  it('refuses the same path for sarif-file and report-file before any API call', async () => {
    const emu = await start({ images: { img: { findings: [] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'sarif-file': './out/gate.json', 'report-file': 'out/gate.json' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toContain("'sarif-file' and 'report-file' name the same file")
    expect(emu.requests).toHaveLength(0)
  })
})
