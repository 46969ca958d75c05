/**
 * End-to-end: runtime trojan events (`event-ids`, DescribeVirusDetail). Open
 * events are judged by the policy like findings; resolved ones are listed;
 * any field may be null, and whatever the gate does not understand fails closed.
 */
import { describe, expect, it } from '@jest/globals'
import { VIRUS_DETAIL_FIELDS } from '../emulator/emulator.mjs'
import { emulatorPerTest, failureLine, finding, runGate } from '../helpers/gate.js'
import type { RunResult } from '../helpers/run-action.js'
import { escapeMarkdown } from '../../src/sinks/escape.js'

const start = emulatorPerTest()

const REPORT = 'report.json'
const POLICY = '.github/tcss-virus-policy.yml'
const LENIENT = 'version: 1\nthresholds:\n  critical: 100\n  high: 100\n'
const MD5 = '27501aaed5e639693783321219989889'

interface EventItem {
  id: string
  state: 'open' | 'resolved' | 'unread'
  error: { kind: string; message: string } | null
  level?: string
  riskLevel?: string | null
  status?: unknown
  violation: boolean
  allowlisted: boolean
  detail?: Record<string, unknown>
  [field: string]: unknown
}

interface EventsSection {
  verdict: string
  reason: string
  open: number
  resolved: number
  unread: number
  counts: Record<string, number>
  items: EventItem[]
}

function events(result: RunResult): EventsSection {
  const section = result.report?.events as EventsSection | null | undefined
  if (!section) throw new Error(`no events in the report:\n${result.stdout}`)
  return section
}

function item(result: RunResult, id: string): EventItem {
  const found = events(result).items.find((entry) => entry.id === id)
  if (!found) throw new Error(`no event ${id} in the report`)
  return found
}

/** The rows of the summary table under a heading, as cells. */
function rows(summary: string, heading: string): string[][] {
  const start = summary.indexOf(heading)
  if (start < 0) throw new Error(`no "${heading}" in:\n${summary}`)
  const end = summary.indexOf('\n\n', summary.indexOf('|---', start))
  return summary
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Event |'))
    .map((line) =>
      line
        .slice(2, -2)
        .split(' | ')
        .map((cell) => cell.trim())
    )
}

describe('runtime trojan events', () => {
  it('judges an open event with the policy and reports where it ran', async () => {
    const emu = await start({
      events: {
        'evt-web': {
          fields: {
            RiskLevel: 'RISK_HIGH',
            Status: 'DEAL_NONE',
            ContainerName: 'web',
            PodName: 'web-7d9c',
            ClusterName: 'prod-gz',
            ProcessName: 'php-fpm',
            ProcessId: 4242,
            FilePath: '/var/www/html/upload/shell.php',
            VirusName: 'Php.Trojan.Php.Ssmw',
            FileMd5: MD5
          }
        }
      }
    })
    const result = await runGate(emu, { inputs: { 'event-ids': 'evt-web', 'report-file': REPORT } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({
      verdict: 'fail',
      'scan-status': '',
      findings: '1',
      violations: '1'
    })
    expect(JSON.parse(result.outputs.counts)).toMatchObject({ high: 1 })
    expect(failureLine(result)).toMatch(
      /^TCSS virus gate failed: The runtime events fail\. runtime events: Policy violated: 1 high \(allowed 0\)/
    )
    expect(result.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        properties: expect.stringContaining('open high runtime event evt-web'),
        message: expect.stringContaining(
          'in /var/www/html/upload/shell.php in container web (pod web-7d9c, cluster prod-gz)'
        )
      })
    )
    expect(result.summary).toContain('### ❌ Runtime trojan events (1)')
    expect(rows(result.summary, '#### Open events (1)')).toEqual([
      [
        'evt-web',
        'high',
        '❌ violation',
        escapeMarkdown('DEAL_NONE'),
        expect.stringMatching(/^web \(/),
        'web-7d9c',
        'prod-gz',
        'php-fpm (pid 4242)',
        '/var/www/html/upload/shell.php',
        'Php.Trojan.Php.Ssmw',
        MD5
      ]
    ])
    expect(result.report).toMatchObject({ imageId: null, findings: null, images: [] })
    expect(events(result)).toMatchObject({ verdict: 'fail', open: 1, resolved: 0, unread: 0 })
    expect(item(result, 'evt-web')).toMatchObject({
      state: 'open',
      level: 'high',
      riskLevel: 'RISK_HIGH',
      status: 'DEAL_NONE',
      containerName: 'web',
      podName: 'web-7d9c',
      clusterName: 'prod-gz',
      processName: 'php-fpm',
      filePath: '/var/www/html/upload/shell.php',
      violation: true
    })
    // Every field DescribeVirusDetail sent is kept.
    expect(Object.keys(item(result, 'evt-web').detail ?? {}).sort()).toEqual(
      [...VIRUS_DETAIL_FIELDS].sort()
    )
  })

  it('handles null in every field: unknown level (judged critical), open status, "-" in the summary', async () => {
    const allNull = Object.fromEntries(VIRUS_DETAIL_FIELDS.map((field) => [field, null]))
    const emu = await start({
      events: { 'evt-null': { fields: allNull }, 'evt-bare': { exact: true, fields: {} } }
    })
    const result = await runGate(emu, {
      inputs: { 'event-ids': 'evt-null\nevt-bare', 'report-file': REPORT }
    })
    expect(result.exitCode).toBe(1)
    expect(result.stdout + result.stderr).not.toMatch(/Unexpected error|TypeError/)
    expect(result.outputs).toMatchObject({ findings: '2', violations: '2' })
    expect(JSON.parse(result.outputs.counts)).toMatchObject({ unknown: 2, critical: 0 })
    expect(failureLine(result)).toMatch(
      /Policy violated: 2 critical \(allowed 0\); 2 with an unknown RiskLevel judged as critical/
    )
    for (const id of ['evt-null', 'evt-bare']) {
      expect(item(result, id)).toMatchObject({
        state: 'open',
        level: 'unknown',
        riskLevel: null,
        status: null,
        fileMd5: null,
        filePath: null,
        containerName: null,
        podName: null,
        violation: true,
        allowlisted: false
      })
    }
    expect(item(result, 'evt-null').detail).toEqual(allNull)
    const [nullRow] = rows(result.summary, '#### Open events (2)')
    expect(nullRow).toEqual([
      expect.stringMatching(/^evt-/),
      'unknown (RiskLevel null), judged as critical',
      '❌ violation',
      '-',
      '-',
      '-',
      '-',
      '-',
      '-',
      '-',
      '-'
    ])
  })

  it('treats every status but the four resolved ones as open: pending, failed, in progress, unknown, null', async () => {
    const open = [
      'DEAL_NONE',
      'DEAL_ISOLATING',
      'DEAL_ISOLATE_FAILED',
      'DEAL_RECOVERING',
      'DEAL_RECOVER_FAILED',
      'DEAL_SOMETHING_NEW',
      'deal_isolate',
      null,
      7
    ]
    const emu = await start({
      events: Object.fromEntries(
        open.map((status, index) => [`open-${index}`, { fields: { Status: status } }])
      )
    })
    const result = await runGate(emu, {
      inputs: {
        'event-ids': open.map((_, index) => `open-${index}`).join('\n'),
        'report-file': REPORT
      },
      files: { [POLICY]: LENIENT }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'pass', findings: String(open.length) })
    expect(events(result)).toMatchObject({ open: open.length, resolved: 0 })
    expect(events(result).items.map((entry) => entry.state)).toEqual(open.map(() => 'open'))
    expect(events(result).items.map((entry) => entry.status)).toEqual(
      open.map((status) => (typeof status === 'string' ? status : null))
    )
    expect(result.summary).toContain(`#### Open events (${open.length})`)
  })

  it('reads the handled-event statuses of the console (EVENT_DEALED, EVENT_DEL, isolation) as resolved', async () => {
    // ModifyVirusFileStatus marks events with these; DescribeVirusDetail then reports them.
    const handled = [
      'EVENT_DEALED',
      'EVENT_DEL',
      'EVENT_IGNORE',
      'EVENT_ADD_WHITE',
      'EVENT_ISOLATE_CONTAINER'
    ]
    const pending = ['EVENT_PENDING', 'EVENT_RESOTRE_CONTAINER']
    const emu = await start({
      events: Object.fromEntries(
        [...handled, ...pending].map((status) => [
          `evt-${status}`,
          { fields: { Status: status, RiskLevel: 'RISK_CRITICAL' } }
        ])
      )
    })
    const result = await runGate(emu, {
      inputs: {
        'event-ids': [...handled, ...pending].map((status) => `evt-${status}`).join('\n'),
        'report-file': REPORT
      }
    })
    expect(result.exitCode).toBe(1)
    expect(events(result)).toMatchObject({ open: pending.length, resolved: handled.length })
    expect(
      events(result)
        .items.filter((entry) => entry.state === 'resolved')
        .map((entry) => entry.status)
    ).toEqual(handled)
    expect(result.outputs).toMatchObject({ violations: String(pending.length) })
  })

  it('lists resolved events without judging them, however severe', async () => {
    const resolved = ['DEAL_IGNORE', 'DEAL_ADD_WHITELIST', 'DEAL_DEL', 'DEAL_ISOLATE']
    const emu = await start({
      events: Object.fromEntries(
        resolved.map((status) => [
          `evt-${status}`,
          { fields: { Status: status, RiskLevel: 'RISK_CRITICAL' } }
        ])
      )
    })
    const result = await runGate(emu, {
      inputs: {
        'event-ids': resolved.map((status) => `evt-${status}`).join('\n'),
        'report-file': REPORT
      }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'pass', findings: '0', violations: '0' })
    expect(failureLine(result)).toBeUndefined()
    expect(result.stdout).toContain(
      'TCSS virus gate passed: All 4 runtime event(s) pass the policy'
    )
    expect(events(result)).toMatchObject({ verdict: 'pass', open: 0, resolved: 4 })
    expect(events(result).reason).toBe('No open runtime events (4 resolved).')
    expect(events(result).items.every((entry) => entry.state === 'resolved')).toBe(true)
    expect(
      rows(result.summary, '#### Resolved events (4)').map((row) => [row[0], row[1], row[2]])
    ).toEqual(
      resolved.map((status) => [
        escapeMarkdown(`evt-${status}`),
        'critical',
        escapeMarkdown(status)
      ])
    )
  })

  it('maps RISK_CRITICAL/HIGH/MEDIUM/LOW to their levels and RISK_NOTICE to low', async () => {
    const risks = ['RISK_CRITICAL', 'RISK_HIGH', 'RISK_MEDIUM', 'RISK_LOW', 'RISK_NOTICE']
    const emu = await start({
      events: Object.fromEntries(risks.map((risk) => [risk, { fields: { RiskLevel: risk } }]))
    })
    const result = await runGate(emu, {
      inputs: { 'event-ids': risks.join('\n'), 'report-file': REPORT },
      files: {
        [POLICY]: 'version: 1\nthresholds:\n  critical: 1\n  high: 1\n  medium: 1\n  low: 1\n'
      }
    })
    expect(JSON.parse(result.outputs.counts)).toEqual({
      critical: 1,
      high: 1,
      medium: 1,
      low: 2,
      unknown: 0
    })
    // Two low events against a threshold of one: RISK_NOTICE counts as low.
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toMatch(/Policy violated: 2 low \(allowed 1\)/)
    expect(item(result, 'RISK_NOTICE')).toMatchObject({
      level: 'low',
      riskLevel: 'RISK_NOTICE',
      violation: true
    })
    expect(item(result, 'RISK_HIGH')).toMatchObject({ level: 'high', violation: false })
    const notice = rows(result.summary, '#### Open events (5)').find(
      (row) => row[0] === escapeMarkdown('RISK_NOTICE')
    )
    expect(notice?.[1]).toBe(`low (${escapeMarkdown('RISK_NOTICE')})`)
  })

  it('allowlists an event by FileMd5, paths matched against FilePath', async () => {
    const emu = await start({
      events: {
        'in-path': { fields: { FileMd5: MD5.toUpperCase(), FilePath: '/app/test/eicar.com' } },
        elsewhere: { fields: { FileMd5: MD5, FilePath: '/srv/eicar.com' } }
      }
    })
    const policy = [
      'version: 1',
      'thresholds:',
      '  critical: 0',
      '  high: 0',
      'allowlist:',
      `  - md5: ${MD5}`,
      '    reason: EICAR test file of our own tests',
      '    paths: [/app/test/**]'
    ].join('\n')
    const result = await runGate(emu, {
      inputs: { 'event-ids': 'in-path\nelsewhere', 'report-file': REPORT },
      files: { [POLICY]: `${policy}\n` }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ findings: '2', violations: '1', allowlisted: '1' })
    expect(item(result, 'in-path')).toMatchObject({
      allowlisted: true,
      allowlistReason: 'EICAR test file of our own tests',
      violation: false
    })
    expect(item(result, 'elsewhere')).toMatchObject({ allowlisted: false, violation: true })
    expect(rows(result.summary, '#### Open events (2)').map((row) => row[2])).toEqual([
      // Most severe first, then by path, as for findings.
      'allowlisted: EICAR test file of our own tests',
      '❌ violation'
    ])
  })

  it('gates images and events together: one verdict, both in the summary, the report and the outputs', async () => {
    const emu = await start({
      images: { 'sha256:app': { findings: [finding(2), finding(1)] } },
      events: {
        'evt-open': { fields: { RiskLevel: 'RISK_CRITICAL', Status: 'DEAL_ISOLATE_FAILED' } },
        'evt-done': { fields: { RiskLevel: 'RISK_CRITICAL', Status: 'DEAL_DEL' } }
      }
    })
    const result = await runGate(emu, {
      inputs: {
        'image-id': 'sha256:app',
        'event-ids': 'evt-open\nevt-done',
        'report-file': REPORT,
        'sarif-file': 'gate.sarif'
      },
      readBack: ['gate.sarif']
    })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('Gating 1 image(s) and 2 runtime event(s)')
    expect(result.outputs).toMatchObject({
      verdict: 'fail',
      'scan-status': 'scanned',
      findings: '3',
      violations: '1'
    })
    expect(JSON.parse(result.outputs.counts)).toMatchObject({ critical: 1, medium: 1, low: 1 })
    expect(failureLine(result)).toMatch(
      /^TCSS virus gate failed: The runtime events fail \(1 image\(s\) pass\)\. runtime events: Policy violated: 1 critical/
    )
    expect(result.summary).toContain('### Images (1)')
    expect(result.summary).toContain('### ✅ Image sha256:app')
    expect(result.summary).toMatch(
      /\*\*Runtime trojan events \(2\):\*\* 1 open \(1 violation\(s\), 0 allowlisted\), 1 resolved, 0 could not be read — ❌ fail/
    )
    expect(rows(result.summary, '#### Resolved events (1)')[0][0]).toBe('evt-done')
    // The single image keeps the top-level image fields; counts cover both.
    expect(result.report).toMatchObject({
      imageId: 'sha256:app',
      scanStatus: 'scanned',
      violations: 1,
      events: { verdict: 'fail', open: 1, resolved: 1 }
    })
    expect(result.report?.findings).toHaveLength(2)
    const sarif = JSON.parse(result.readBack['gate.sarif']) as {
      runs: Array<{
        results: Array<{
          message: { text: string }
          properties: Record<string, unknown>
          locations: Array<{ physicalLocation: { artifactLocation: { uriBaseId: string } } }>
        }>
      }>
    }
    const [violation] = sarif.runs[0].results
    expect(sarif.runs[0].results).toHaveLength(1)
    expect(violation.properties).toMatchObject({
      eventId: 'evt-open',
      status: 'DEAL_ISOLATE_FAILED'
    })
    expect(violation.message.text).toMatch(
      /^Runtime trojan event evt-open, status DEAL_ISOLATE_FAILED/
    )
    expect(violation.locations[0].physicalLocation.artifactLocation.uriBaseId).toBe(
      'CONTAINER_ROOT'
    )
  })

  it('fails closed on an unknown event id, still judging the others, in report-only mode too', async () => {
    const emu = await start({
      images: { 'sha256:app': { findings: [] } },
      events: { 'evt-known': { fields: { RiskLevel: 'RISK_LOW' } } }
    })
    const result = await runGate(emu, {
      inputs: {
        'image-id': 'sha256:app',
        'event-ids': 'evt-known\nevt-gone',
        enforce: 'false',
        'report-file': REPORT
      }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'fail', findings: '1', violations: '0' })
    expect(failureLine(result)).toMatch(
      /runtime events: 1 event\(s\) could not be read \(evt-gone: DescribeVirusDetail failed: ResourceNotFound: .+ \(RequestId: [0-9a-f-]{36}\)\)/
    )
    expect(item(result, 'evt-gone')).toMatchObject({
      state: 'unread',
      error: { kind: 'api', message: expect.stringMatching(/ResourceNotFound/) },
      violation: false
    })
    expect(item(result, 'evt-known')).toMatchObject({ state: 'open', level: 'low' })
    expect(rows(result.summary, '#### Could not be read (1)')[0][0]).toBe('evt-gone')
    expect(result.commands).toContainEqual(
      expect.objectContaining({
        command: 'warning',
        properties: expect.stringContaining('could not judge runtime event evt-gone')
      })
    )
  })

  it('keeps hostile event fields inert in the log, the annotations and the summary', async () => {
    const hostile = '/x\n::set-output name=verdict::pass\n::add-mask::'
    const markup =
      '<script>alert(1)</script>|`x`[y](https://evil.example)@octocat ##[set-output name=verdict;]pass'
    const emu = await start({
      events: {
        'evt-x': {
          fields: {
            FilePath: hostile,
            ContainerName: markup,
            PodName: hostile,
            ClusterName: markup,
            ProcessName: '</details>',
            VirusName: markup,
            Status: `DEAL_NONE\n::warning::forged`
          }
        }
      }
    })
    const result = await runGate(emu, { inputs: { 'event-ids': 'evt-x' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    expect(
      result.stdout
        .split('\n')
        .filter((line) => /^\s*::(set-output|add-mask::$|warning::forged)/.test(line))
    ).toEqual([])
    expect(result.stdout).not.toContain('##[set-output')
    expect(result.summary).not.toContain('<script>')
    expect(result.summary).not.toContain('[y](')
    expect(result.summary).not.toMatch(/@octocat/)
    expect(result.summary.match(/<\/details>/g)).toHaveLength(1)
  })

  it('retries a transient failure of DescribeVirusDetail under the shared budget', async () => {
    const emu = await start({
      events: { 'evt-1': { fields: { RiskLevel: 'RISK_LOW' } } },
      faults: { script: ['internal', 'reset'] }
    })
    const result = await runGate(emu, { inputs: { 'event-ids': 'evt-1' } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'pass', findings: '1' })
    expect(emu.requests.map((request) => request.eventId)).toEqual(['evt-1', 'evt-1', 'evt-1'])
    expect(result.stdout).toMatch(/DescribeVirusDetail for event evt-1 failed .*retry 1/)
  })

  it('refuses a malformed event id before any request, and removes duplicates with a notice', async () => {
    const emu = await start({ events: { e1: {} } })
    const bad = await runGate(emu, { inputs: { 'event-ids': 'e1\nnot an id' } })
    expect(bad.exitCode).toBe(1)
    expect(failureLine(bad)).toMatch(/Invalid input 'event-ids': "not an id"/)
    expect(emu.requests).toHaveLength(0)

    const twice = await runGate(emu, {
      inputs: { 'event-ids': 'e1\ne1' },
      files: { [POLICY]: LENIENT }
    })
    expect(twice.exitCode).toBe(0)
    expect(twice.commands).toContainEqual(
      expect.objectContaining({
        command: 'notice',
        message: expect.stringMatching(/'event-ids' lists "e1" more than once/)
      })
    )
    expect(emu.requests).toHaveLength(1)
  })
})
