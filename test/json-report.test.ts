/** The JSON report (src/sinks/json-report.ts), rendered from the verdict model. */
import { describe, expect, it } from '@jest/globals'
import { buildJsonReport, jsonReportText } from '../src/sinks/json-report.js'
import {
  eventsRead,
  finding,
  gateResult,
  judged,
  policy,
  runtimeEvent,
  unreadImage
} from './helpers/builders.js'

const rules = policy({ critical: 0 }, [{ md5: 'f'.repeat(32), reason: 'fixture' }])

describe('buildJsonReport', () => {
  it('keeps the one-image shape for one image', () => {
    const report = buildJsonReport(
      gateResult({
        images: [judged([finding(4, '/bin/evil'), finding(1, '/tmp/low')], {}, rules)],
        policy: rules
      })
    )
    expect(report).toMatchObject({
      imageId: 'sha256:abc',
      scanStatus: 'scanned',
      verdict: 'fail',
      error: null,
      counts: { critical: 1, low: 1 },
      violations: 1,
      allowlisted: 0,
      events: null,
      allowlistHygiene: { stale: ['f'.repeat(32)] }
    })
    expect(report.findings).toHaveLength(2)
    expect(report.levels).toHaveLength(4)
  })

  it('gives null counts for one image that could not be judged, with its error', () => {
    const report = buildJsonReport(gateResult({ images: [unreadImage('sha256:x', 'timeout')] }))
    expect(report).toMatchObject({
      imageId: 'sha256:x',
      scanStatus: 'timeout',
      counts: null,
      violations: null,
      findings: [],
      allowlistHygiene: null,
      error: { kind: 'scan' }
    })
  })

  it('keeps the top-level image fields of the only image when events are judged too', () => {
    const report = buildJsonReport(
      gateResult({
        images: [judged([], {}, rules)],
        events: eventsRead(
          [runtimeEvent('evt-1', { FileMd5: 'f'.repeat(32) }), runtimeEvent('evt-2')],
          rules
        ),
        policy: rules
      })
    ) as Record<string, unknown> & { events: Record<string, unknown> }
    expect(report).toMatchObject({ imageId: 'sha256:abc', allowlisted: 1, findings: [] })
    expect(report.events).toMatchObject({ open: 2, resolved: 0, unread: 0, allowlisted: 1 })
    expect(report.events.items).toEqual([
      expect.objectContaining({
        id: 'evt-1',
        state: 'open',
        allowlisted: true,
        allowlistReason: 'fixture'
      }),
      expect.objectContaining({ id: 'evt-2', state: 'open', allowlisted: false })
    ])
  })

  it('writes indented JSON ending in a newline', () => {
    const text = jsonReportText(gateResult())
    expect(text.endsWith('}\n')).toBe(true)
    expect(text).toContain('\n  "verdict": "pass"')
  })
})
