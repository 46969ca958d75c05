/**
 * The doctor's pure parts, in-process: its flags, the reads each target
 * needs, the readings it derives from what it saw, and the statements it
 * prints, held to docs/cam-policies.md and the emulator's open facts.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { neededReads } from '../src/cli/doctor/access.js'
import { createDoctorApi, type ReadAction } from '../src/cli/doctor/api.js'
import { runDoctor } from '../src/cli/doctor/main.js'
import { systemClock } from '../src/clock.js'
import { parseEndpoint } from '../src/core/endpoint.js'
import type { Settings } from '../src/core/settings.js'
import { parseDoctorCommandLine } from '../src/cli/doctor/flags.js'
import { emptyObservations, type Observations } from '../src/cli/doctor/observations.js'
import { observedReadings } from '../src/cli/doctor/readings.js'
import { READ_AND_SCAN_POLICY } from '../src/cli/doctor/write-actions.js'
import { parseTargets } from '../src/core/targets.js'
import { redact } from '../src/secrets.js'
import { OPEN_FACTS, WRITE_ACTIONS } from './emulator/emulator.mjs'
import { SECRET_ID, SECRET_KEY, startGateEmulator } from './helpers/gate.js'
import { ROOT } from './helpers/run-action.js'

function readingOf(observations: Partial<Observations>, fact: string): string | null | undefined {
  return observedReadings({ ...emptyObservations(), ...observations }).find(
    (entry) => entry.fact === fact
  )?.reading
}

const row = (key: string, path: string, risk: unknown) => ({ key, path, risk })

describe('doctor flags', () => {
  it('takes the targets, credentials, endpoint and --json; the doctor bounds itself at 120 s', () => {
    const parsed = parseDoctorCommandLine([
      '--registry-image',
      'ccr.ccs.tencentyun.com/team/app:1',
      '--image-id',
      'sha256:a',
      '--image-id',
      'sha256:b',
      '--region',
      'ap-guangzhou',
      '--json'
    ])
    expect(parsed).toEqual({
      kind: 'doctor',
      json: true,
      inputs: {
        'registry-image': 'ccr.ccs.tencentyun.com/team/app:1',
        'image-id': 'sha256:a\nsha256:b',
        region: 'ap-guangzhou',
        'wait-timeout': '120'
      }
    })
  })

  it('refuses the flags of the gate that a doctor has no use for, and stray arguments, naming no value', () => {
    const report = parseDoctorCommandLine(['--report-file', 'r.json'])
    expect(report).toMatchObject({ kind: 'usage-error' })
    expect(JSON.stringify(report)).toContain('--report-file')
    const stray = parseDoctorCommandLine(['--secret-key', 'abcdef-secret-value', 'extra'])
    expect(stray.kind).toBe('usage-error')
    expect(JSON.stringify(stray)).not.toContain('extra')
    // The secret given is removed from anything printed from then on.
    expect(redact('key abcdef-secret-value')).not.toContain('abcdef-secret-value')
  })

  it('answers --help with its own flags', () => {
    const help = parseDoctorCommandLine(['--help'])
    expect(help.kind).toBe('print')
    const text = help.kind === 'print' ? help.text : ''
    expect(text).toMatch(/tcss-virus-gate doctor/)
    expect(text).toContain('--json')
    expect(text).not.toContain('--policy')
  })
})

describe('the reads a gate run needs', () => {
  it('every read without targets; with targets only theirs, the scan reads only when it may scan', () => {
    expect(neededReads(parseTargets('', '', 'x'), 'never')).toEqual(
      new Set(['DescribeVirusDetail'])
    )
    const none = { images: [], eventIds: [], notices: [] }
    expect(neededReads(none, 'never').size).toBe(10)
    const registry = neededReads(parseTargets('', '', '', 'ccr.ccs.tencentyun.com/t/a:1'), 'never')
    expect([...registry].sort()).toEqual([
      'DescribeAssetImageRegistryDetail',
      'DescribeAssetImageRegistryList',
      'DescribeAssetImageRegistryVirusList'
    ])
    const named = neededReads(parseTargets('', 'team/app:1', ''), 'if-not-scanned')
    expect([...named].sort()).toEqual([
      'DescribeAssetImageDetail',
      'DescribeAssetImageList',
      'DescribeAssetImageScanStatus',
      'DescribeAssetImageVirusList'
    ])
  })
})

describe('observed readings', () => {
  it('has an entry for every open fact the emulator serves', () => {
    const facts = observedReadings(emptyObservations()).map((entry) => entry.fact)
    for (const fact of Object.keys(OPEN_FACTS)) expect(facts).toContain(fact)
  })

  it('says nothing was observable rather than guessing, when nothing was read', () => {
    for (const entry of observedReadings(emptyObservations())) {
      expect(entry).toMatchObject({ observed: null, reading: null })
      expect(entry.note).toMatch(/not observ/)
    }
  })

  it('reads the virus list order from one page asked ascending and descending by Path', () => {
    const a = row('1', '/a', 4)
    const b = row('2', '/b', 1)
    expect(readingOf({ localOrder: { asc: [a, b], desc: [b, a] } }, 'virusListOrder')).toBe(
      'honoured'
    )
    expect(readingOf({ localOrder: { asc: [b, a], desc: [a, b] } }, 'virusListOrder')).toBe(
      'risk-level-page-ties'
    )
    expect(readingOf({ localOrder: { asc: [a, b], desc: [a, b] } }, 'virusListOrder')).toBeNull()
  })

  it('tells a registry list order that changes with Limit from a stable one, and leaves a sorted, unchanged one open', () => {
    const rows = [row('1', 'a', '1'), row('2', 'b', '1'), row('3', 'c', '4')]
    const swapped = [rows[1], rows[0], rows[2]]
    expect(
      readingOf({ registryOrder: { whole: rows, paged: swapped } }, 'registryVirusListOrder')
    ).toBe('risk-level-page-ties')
    const held = [rows[2], rows[0], rows[1]]
    expect(
      readingOf({ registryOrder: { whole: held, paged: held } }, 'registryVirusListOrder')
    ).toBe('stable')
    expect(
      readingOf({ registryOrder: { whole: rows, paged: rows } }, 'registryVirusListOrder')
    ).toBeNull()
  })

  it('names the ImageName filter from the three questions, and the time format from the times', () => {
    const filter = (repository: boolean, nameTag: boolean, substring: boolean) =>
      readingOf(
        { nameFilter: { shown: 'a/b:1', repository, nameTag, substring } },
        'imageNameFilter'
      )
    expect(filter(true, true, true)).toBe('fuzzy')
    expect(filter(true, false, false)).toBe('exact-repository')
    expect(filter(false, true, false)).toBe('exact-name-tag')
    expect(filter(true, true, false)).toBeNull()
    expect(readingOf({ scanTimes: ['2026-11-20T18:00:00+08:00'] }, 'scanTimeFormat')).toBe('zoned')
    expect(readingOf({ scanTimes: ['2026-11-20 18:00:00'] }, 'scanTimeFormat')).toBe('zoneless')
    expect(
      readingOf({ scanTimes: ['2026-11-20 18:00:00', '2026-11-20T18:00:00Z'] }, 'scanTimeFormat')
    ).toBeNull()
  })

  it('reads the registry address shape, the status names and the RiskLevel types', () => {
    expect(readingOf({ repoAddresses: ['h.example/ns/app'] }, 'registryAddress')).toBe('full-path')
    expect(readingOf({ repoAddresses: ['h.example'] }, 'registryAddress')).toBe('host-only')
    expect(readingOf({ registryVirusStatuses: ['WAIT_SCAN'] }, 'registryVirusStatusNames')).toBe(
      'model-wide'
    )
    expect(readingOf({ registryVirusStatuses: ['SCANNED'] }, 'registryVirusStatusNames')).toBeNull()
    expect(readingOf({ localRiskLevels: [1, 4] }, 'localRiskLevel')).toBe('number')
    expect(readingOf({ registryRiskLevels: ['1', 3] }, 'registryRiskLevel')).toBeNull()
  })
})

describe('the statement printed for the write actions', () => {
  it('is the read + scan policy of docs/cam-policies.md', () => {
    const page = fs.readFileSync(path.join(ROOT, 'docs', 'cam-policies.md'), 'utf8')
    const blocks = [...page.matchAll(/```json\n([\s\S]*?)```/g)].map((match) =>
      JSON.parse(match[1])
    )
    expect(blocks.at(-1)).toEqual(READ_AND_SCAN_POLICY)
  })
})

describe('runDoctor in-process', () => {
  it('against an account without the service role: exit 1, the role ✗ with its fix, no write sent', async () => {
    const emulator = await startGateEmulator({ serviceRoleMissing: true })
    try {
      let stdout = ''
      let stderr = ''
      const code = await runDoctor({
        argv: ['--endpoint', emulator.url, '--max-rps', '20'],
        env: { TENCENTCLOUD_SECRET_ID: SECRET_ID, TENCENTCLOUD_SECRET_KEY: SECRET_KEY },
        cwd: ROOT,
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text)
      })
      expect({ code, stderr }).toEqual({ code: 1, stderr: '' })
      expect(stdout).toMatch(/^✗ service role: .*InternalError\.ErrRoleNotExist/m)
      expect(stdout).toMatch(/fix: .*TCSS_QCSRole/)
      expect(emulator.requests.length).toBeGreaterThan(0)
      expect(emulator.requests.filter((r) => WRITE_ACTIONS.includes(r.action ?? ''))).toEqual([])
    } finally {
      await emulator.close()
    }
  })

  it('sends read actions only: a write action is refused before anything is sent', async () => {
    const settings = {
      endpoint: parseEndpoint('http://127.0.0.1:9'),
      maxRps: 10
    } as unknown as Settings
    const api = createDoctorApi({
      settings,
      credentials: { secretId: 'AKIDX', secretKey: 'key' },
      clock: systemClock,
      deadline: systemClock.now() + 1000
    })
    try {
      await expect(
        api.call('CreateAssetImageScanTask' as unknown as ReadAction, {})
      ).rejects.toThrow(/read actions only/)
    } finally {
      api.close()
    }
  })
})
