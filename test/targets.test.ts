/**
 * Unit tests of the pure pieces behind several images and runtime events:
 * DescribeVirusDetail parsing, the step's verdict, outputs and hygiene, and
 * the reports (summary size, escaping, SARIF schema, JSON shape).
 */
import { describe, expect, it } from '@jest/globals'
import type { Log } from 'sarif'
import { combineHygiene, evaluatePolicy, type Finding } from '../src/core/evaluate.js'
import { levelOfEventRisk, levelOfRisk } from '../src/core/levels.js'
import type { AllowlistEntry, Policy } from '../src/core/policy.js'
import { escapeMarkdown } from '../src/sinks/escape.js'
import { buildJsonReport } from '../src/sinks/json-report.js'
import { buildSarif, CONTAINER_ROOT, IMAGE_ROOT } from '../src/sinks/sarif.js'
import { renderSummary } from '../src/sinks/summary.js'
import { commentKey, markerFor, renderComment, COMMENT_BUDGET_CHARS } from '../src/sinks/comment.js'
import {
  type EventsResult,
  type GateResult,
  type ImageResult,
  overallScanStatus,
  overallVerdict,
  runHygiene,
  totals
} from '../src/core/result.js'
import {
  eventFinding,
  parseVirusDetailResponse,
  RESOLVED_STATUSES,
  type RuntimeEvent
} from '../src/sources/tcss/virus-detail.js'
import { TransientError } from '../src/cloud/retry.js'
import { sarifValidator, schemaErrors } from './helpers/schemas.js'

const TODAY = '2026-03-15'
const MIB = 1024 * 1024

let counter = 0
function finding(riskLevel: number | null, path = `/opt/file-${++counter}`): Finding {
  return {
    md5: (++counter).toString(16).padStart(32, '0'),
    path,
    fileName: path.split('/').pop() ?? '',
    virusName: 'Linux.Trojan.Test',
    riskLevel,
    level: levelOfRisk(riskLevel),
    size: 10,
    description: '',
    solution: '',
    tags: [],
    firstScanTime: '',
    latestScanTime: ''
  }
}

function policy(
  thresholds: Policy['thresholds'] = { critical: 0, high: 0 },
  allowlist: Omit<AllowlistEntry, 'line'>[] = []
): Policy {
  return {
    source: '.github/tcss-virus-policy.yml',
    thresholds,
    allowlist: allowlist.map((entry, index) => ({ ...entry, line: 5 + index })),
    warnings: []
  }
}

function judgedImage(imageId: string, findings: Finding[], rules = policy()): ImageResult {
  const evaluation = evaluatePolicy(findings, rules, TODAY)
  return {
    imageId,
    scanStatus: 'scanned',
    verdict: evaluation.verdict,
    reason: evaluation.reason,
    evaluation
  }
}

function failedImage(imageId: string, scanStatus?: ImageResult['scanStatus']): ImageResult {
  const message = `The TCSS virus scan of image ${imageId} ended with a scan error.`
  return {
    imageId,
    scanStatus,
    verdict: 'fail',
    reason: message,
    failure: { kind: 'scan', message }
  }
}

function event(id: string, fields: Record<string, unknown> = {}): RuntimeEvent {
  return parseVirusDetailResponse(id, {
    RiskLevel: 'RISK_HIGH',
    Status: 'DEAL_NONE',
    FileMd5: id.padStart(32, 'e').slice(-32),
    FilePath: `/srv/${id}`,
    ContainerName: 'web',
    RequestId: `req-${id}`,
    ...fields
  })
}

function eventsResult(
  events: RuntimeEvent[],
  rules = policy(),
  unread: string[] = []
): EventsResult {
  const evaluation = evaluatePolicy(events.filter((e) => e.open).map(eventFinding), rules, TODAY)
  const items = [
    ...events.map((e) => ({ id: e.id, event: e })),
    ...unread.map((id) => ({
      id,
      failure: {
        kind: 'api' as const,
        message: `DescribeVirusDetail failed: ResourceNotFound (${id})`
      }
    }))
  ]
  const fail = evaluation.verdict === 'fail' || unread.length > 0
  return {
    items,
    evaluation,
    verdict: fail ? 'fail' : 'pass',
    reason: fail ? 'Events fail.' : 'Events pass.'
  }
}

function gate(images: ImageResult[], events?: EventsResult, rules = policy()): GateResult {
  return {
    images,
    events,
    ...overallVerdict(images, events),
    enforce: true,
    policy: rules,
    warnings: [],
    requests: 7,
    durationMs: 100
  }
}

describe('DescribeVirusDetail responses', () => {
  it('maps RiskLevel names, RISK_NOTICE to low, anything else to unknown', () => {
    expect(
      ['RISK_CRITICAL', 'RISK_HIGH', 'RISK_MEDIUM', 'RISK_LOW', 'RISK_NOTICE'].map(levelOfEventRisk)
    ).toEqual(['critical', 'high', 'medium', 'low', 'low'])
    for (const value of [null, undefined, '', 'risk_high', 'RISK_SEVERE', 4, 'constructor'])
      expect(levelOfEventRisk(value)).toBe('unknown')
  })

  it('resolves exactly the four DEAL_ statuses and the five handled EVENT_ statuses of events handled in the console', () => {
    expect(RESOLVED_STATUSES).toEqual([
      'DEAL_IGNORE',
      'DEAL_ADD_WHITELIST',
      'DEAL_DEL',
      'DEAL_ISOLATE',
      'EVENT_DEALED',
      'EVENT_IGNORE',
      'EVENT_DEL',
      'EVENT_ADD_WHITE',
      'EVENT_ISOLATE_CONTAINER'
    ])
    for (const status of RESOLVED_STATUSES) expect(event('a', { Status: status }).open).toBe(false)
    for (const status of [
      'DEAL_NONE',
      'DEAL_ISOLATING',
      'DEAL_ISOLATE_FAILED',
      'DEAL_RECOVERING',
      'DEAL_RECOVER_FAILED',
      'DEAL_NEW',
      'EVENT_PENDING',
      'EVENT_RESOTRE_CONTAINER',
      'EVENT_UNDEAL',
      ' DEAL_DEL',
      'deal_del',
      null,
      3,
      undefined
    ])
      expect(event('a', { Status: status }).open).toBe(true)
  })

  it('reads null, missing and wrongly typed fields as null, and keeps what was sent', () => {
    const parsed = parseVirusDetailResponse('e', {
      RiskLevel: null,
      Status: null,
      FilePath: 42,
      ProcessId: '7',
      Tags: 'x',
      Size: null,
      RequestId: 'r'
    })
    expect(parsed).toMatchObject({
      id: 'e',
      level: 'unknown',
      riskLevel: null,
      status: null,
      open: true,
      filePath: null,
      fileMd5: null,
      processId: null,
      tags: null,
      size: null,
      requestId: 'r'
    })
    expect(parsed.fields).toEqual({
      RiskLevel: null,
      Status: null,
      FilePath: 42,
      ProcessId: '7',
      Tags: 'x',
      Size: null
    })
    expect(parseVirusDetailResponse('e', {})).toMatchObject({ level: 'unknown', open: true })
  })

  it('refuses a body that is not an object as transient', () => {
    for (const raw of [null, [], 'x', 3]) {
      expect(() => parseVirusDetailResponse('e', raw)).toThrow(TransientError)
    }
  })

  it('makes a finding of an event: FileMd5 and FilePath, null as empty, unknown level without a RiskLevel', () => {
    expect(eventFinding(event('a'))).toMatchObject({
      eventId: 'a',
      path: '/srv/a',
      level: 'high',
      riskLevel: 3
    })
    expect(
      eventFinding(event('b', { FileMd5: null, FilePath: null, RiskLevel: null }))
    ).toMatchObject({ md5: '', path: '', level: 'unknown', riskLevel: null })
  })
})

describe('the step from its images and events', () => {
  it('keeps a single image exactly as it was', () => {
    const image = judgedImage('sha256:a', [finding(4)])
    expect(overallVerdict([image], undefined)).toEqual({ verdict: 'fail', reason: image.reason })
  })

  it('fails if any image or the events fail, naming each in one line', () => {
    const result = overallVerdict(
      [
        judgedImage('sha256:a', []),
        failedImage('sha256:b', 'error'),
        judgedImage('sha256:c', [finding(4)])
      ],
      undefined
    )
    expect(result.verdict).toBe('fail')
    expect(result.reason).toMatch(
      /^2 of 3 image\(s\) fail\. image sha256:b: .+; image sha256:c: Policy violated/
    )
    expect(result.reason).not.toContain('\n')
    expect(result.reason).not.toContain('.;')
  })

  it('passes only when everything passes', () => {
    const events = eventsResult([event('x', { Status: 'DEAL_DEL' })])
    expect(overallVerdict([judgedImage('sha256:a', [finding(1)])], events)).toEqual({
      verdict: 'pass',
      reason: expect.stringMatching(
        /^All 1 image\(s\) and 1 runtime event\(s\) pass the policy/
      ) as unknown as string
    })
  })

  it('cuts a long list of reasons and says how many more there are', () => {
    const images = Array.from({ length: 9 }, (_, i) => failedImage(`sha256:${i}`, 'error'))
    const { reason } = overallVerdict(images, undefined)
    expect(reason).toMatch(/^9 of 9 image\(s\) fail\./)
    expect(reason).toMatch(/\(and 4 more; see the job summary\)\.$/)
  })

  it('reports the worst scan status, none when one could not be read or when there is no image', () => {
    const scanned = judgedImage('sha256:a', [])
    expect(overallScanStatus({ images: [scanned, failedImage('b', 'timeout')] })).toBe('timeout')
    expect(
      overallScanStatus({ images: [failedImage('b', 'canceled'), failedImage('c', 'error')] })
    ).toBe('error')
    expect(overallScanStatus({ images: [scanned, failedImage('b', undefined)] })).toBeUndefined()
    expect(overallScanStatus({ images: [] })).toBeUndefined()
  })

  it('sums the outputs over distinct images and open events', () => {
    const a = judgedImage('sha256:a', [finding(4), finding(1)])
    const same: ImageResult = { ...a, imageName: 'team/a:1', sameAs: 'sha256:a' }
    const events = eventsResult([event('x'), event('y', { Status: 'DEAL_IGNORE' })])
    const sum = totals({ images: [a, same, failedImage('sha256:b')], events })
    expect(sum).toEqual({
      findings: 3,
      violations: 2,
      allowlisted: 0,
      counts: { critical: 1, high: 1, medium: 0, low: 1, unknown: 0 }
    })
  })
})

describe('allowlist hygiene over several images', () => {
  const rules = policy({ critical: 0 }, [
    { md5: 'a'.repeat(32), reason: 'used by image one' },
    { md5: 'b'.repeat(32), reason: 'used nowhere' },
    { md5: 'c'.repeat(32), reason: 'expired', expires: '2026-01-01' }
  ])
  const withMd5 = (md5: string): Finding => ({ ...finding(4), md5 })

  it('calls an entry stale only when it matched nothing in any image', () => {
    const one = judgedImage('sha256:1', [withMd5('a'.repeat(32))], rules)
    const two = judgedImage('sha256:2', [finding(1)], rules)
    const hygiene = runHygiene({ images: [one, two] })
    expect(hygiene?.stale.map((entry) => entry.md5)).toEqual(['b'.repeat(32)])
    expect(hygiene?.expired.map((entry) => entry.md5)).toEqual(['c'.repeat(32)])
    expect(hygiene?.messages).toEqual([
      expect.stringMatching(/cccc.* expired on 2026-01-01/),
      expect.stringMatching(/bbbb.* matched no finding of any gated image;/)
    ])
  })

  it('says nothing about stale entries when an image could not be read', () => {
    const one = judgedImage('sha256:1', [finding(1)], rules)
    const hygiene = runHygiene({ images: [one, failedImage('sha256:2')] })
    expect(hygiene?.stale).toEqual([])
    expect(hygiene?.expired).toHaveLength(1)
  })

  it("names events in the stale warning, and is the image's own for one image", () => {
    const events = eventsResult([event('x')], rules)
    expect(runHygiene({ images: [], events })?.messages.at(-1)).toMatch(
      /matched no open runtime event/
    )
    const one = judgedImage('sha256:1', [finding(1)], rules)
    expect(runHygiene({ images: [one] })).toBe(one.evaluation?.hygiene)
    expect(combineHygiene([], 'x', true)).toBeUndefined()
  })
})

describe('reports of several images and events', () => {
  const hostile = '</details><img src=x onerror=alert(1)>|@octocat [x](https://evil.example)'
  const result = gate(
    [
      judgedImage('sha256:one', [finding(4, '/srv/bad'), finding(1)]),
      failedImage('sha256:two', 'error'),
      {
        imageId: 'sha256:one',
        imageName: 'team/one:1',
        scanStatus: 'scanned',
        verdict: 'fail',
        reason: 'The same ImageID as sha256:one, judged there.',
        sameAs: 'sha256:one'
      }
    ],
    eventsResult(
      [
        event('evt-open', { ContainerName: hostile, PodName: hostile, ProcessName: hostile }),
        event('evt-done', { Status: 'DEAL_ISOLATE', RiskLevel: 'RISK_CRITICAL' }),
        event(
          'evt-null',
          Object.fromEntries(['RiskLevel', 'Status', 'FilePath', 'FileMd5'].map((f) => [f, null]))
        )
      ],
      policy(),
      ['evt-gone']
    )
  )

  it('renders a row per image, a section per image and one for the events, all escaped', () => {
    const markdown = renderSummary(result)
    expect(markdown).toContain('### Images (3)')
    expect(markdown).toContain('### ❌ Image sha256:one')
    expect(markdown).toContain('### ❌ Image sha256:two')
    expect(markdown).toContain('The same ImageID as sha256:one')
    expect(markdown).toContain('#### Open events (2)')
    expect(markdown).toContain('#### Resolved events (1)')
    expect(markdown).toContain('#### Could not be read (1)')
    expect(markdown).not.toContain('<img')
    expect(markdown).not.toContain('@octocat')
    expect(markdown).not.toContain('](https://')
    expect(markdown.match(/<\/details>/g)).toHaveLength(1)
    expect(markdown).toContain(escapeMarkdown(hostile))
  })

  it('stays under 1 MiB with 20 images of 10,000 findings and 1,000 events, every section present', () => {
    const images = Array.from({ length: 20 }, (_, i) =>
      judgedImage(
        `sha256:${i}`,
        Array.from({ length: 10_000 }, (_, j) =>
          finding(4, `/layer/${i}/some/long/directory/${j}.bin`)
        )
      )
    )
    const events = eventsResult(Array.from({ length: 1_000 }, (_, i) => event(`evt-${i}`)))
    const markdown = renderSummary(gate(images, events))
    expect(Buffer.byteLength(markdown)).toBeLessThan(MIB)
    for (let i = 0; i < 20; i++) expect(markdown).toContain(`### ❌ Image sha256:${i}\n`)
    expect(markdown).toContain('### ❌ Runtime trojan events (1000)')
    expect(markdown).toMatch(/#### Open events \(1000\)\n\n\| Event/)
    // Every image gets some rows of its own, not only the first.
    expect(markdown).toMatch(/\/layer\/19\/some/)
    expect(markdown.trimEnd().endsWith('</details>')).toBe(true)
    const comment = renderComment(gate(images, events))
    expect(comment.length).toBeLessThanOrEqual(COMMENT_BUDGET_CHARS)
  })

  it('keeps every image heading in the comment with 256 images and long, hostile failure messages', () => {
    const images = Array.from({ length: 256 }, (_, i) => ({
      ...failedImage(`sha256:${i}`, 'timeout'),
      failure: { kind: 'scan' as const, message: '<&>|'.repeat(500) }
    }))
    const body = renderComment(gate(images))
    expect(body.length).toBeLessThanOrEqual(COMMENT_BUDGET_CHARS)
    for (let i = 0; i < 256; i++) expect(body).toContain(`### ❌ Image sha256:${i}\n`)
    expect(body).toMatch(/The details of \d+ image\(s\) not shown to keep this comment under/)
    expect(body).not.toMatch(/was cut here/)
    expect(body).toContain('</details>')
  })

  it('writes a SARIF log that the 2.1.0 schema accepts, each result naming its image or event', () => {
    const log = JSON.parse(JSON.stringify(buildSarif(result))) as Log
    const validate = sarifValidator()
    if (!validate(log)) throw new Error(schemaErrors(validate.errors).join('\n'))
    const [run] = log.runs
    expect(Object.keys(run.originalUriBaseIds ?? {})).toEqual([IMAGE_ROOT, CONTAINER_ROOT])
    const results = run.results ?? []
    expect(results.map((r) => r.properties?.imageId ?? r.properties?.eventId)).toEqual([
      'sha256:one',
      'evt-null',
      'evt-open'
    ])
    expect(results[0].message.text).toContain('of image sha256:one')
    expect(results[2].locations?.[0].physicalLocation?.artifactLocation?.uriBaseId).toBe(
      CONTAINER_ROOT
    )
    expect(run.invocations?.[0].executionSuccessful).toBe(false)
    expect(run.properties).toMatchObject({ imageId: null, violations: 3 })
  })

  it('writes a JSON report with a section per image and the events', () => {
    const report = buildJsonReport(result) as Record<string, unknown> & {
      images: Array<Record<string, unknown>>
      events: { items: Array<Record<string, unknown>> }
    }
    expect(report).toMatchObject({
      imageId: null,
      findings: null,
      levels: null,
      error: null,
      scanStatus: 'error',
      verdict: 'fail',
      violations: 3
    })
    expect(report.images.map((image) => [image.imageId, image.verdict, image.sameAs])).toEqual([
      ['sha256:one', 'fail', null],
      ['sha256:two', 'fail', null],
      ['sha256:one', 'fail', 'sha256:one']
    ])
    expect(report.events.items.map((item) => [item.id, item.state])).toEqual([
      ['evt-open', 'open'],
      ['evt-done', 'resolved'],
      ['evt-null', 'open'],
      ['evt-gone', 'unread']
    ])
  })

  it('keys the comment on its targets, sorted, and short', () => {
    expect(commentKey(result)).toBe(
      'event:evt-done,event:evt-gone,event:evt-null,event:evt-open,sha256:one,sha256:two,team/one:1'
    )
    expect(markerFor(result)).toMatch(
      /^<!-- tcss-virus-gate sticky comment, targets event:evt%2Ddone%2C/
    )
    const many = gate(
      Array.from({ length: 100 }, (_, i) => judgedImage(`sha256:${'f'.repeat(60)}${i}`, []))
    )
    expect(commentKey(many)).toMatch(/^sha256-[0-9a-f]{64}$/)
    expect(markerFor(gate([judgedImage('sha256:x', [])]))).toBe(
      '<!-- tcss-virus-gate sticky comment, image sha256:x -->'
    )
  })
})
