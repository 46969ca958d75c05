/**
 * The verdict model (src/core/result.ts): one list of judged targets, the
 * step's verdict, reason, scan status, tally and allowlist hygiene — and the
 * reports of several images and events rendered from it.
 */
import { describe, expect, it } from '@jest/globals'
import type { Log } from 'sarif'
import { combineHygiene, type Finding } from '../src/core/evaluate.js'
import { escapeMarkdown } from '../src/sinks/escape.js'
import { buildJsonReport } from '../src/sinks/json-report.js'
import { buildSarif, CONTAINER_ROOT, IMAGE_ROOT } from '../src/sinks/sarif.js'
import { renderSummary } from '../src/sinks/summary.js'
import { commentKey, markerFor, renderComment, COMMENT_BUDGET_CHARS } from '../src/sinks/comment.js'
import {
  allFindings,
  type EventsResult,
  type GateResult,
  type ImageResult,
  overallScanStatus,
  placeOf,
  unjudged,
  violations
} from '../src/core/result.js'
import {
  eventsRead,
  findingWith,
  gateResult,
  judged,
  policy,
  runtimeEvent as event,
  unreadImage
} from './helpers/builders.js'
import { sarifValidator, schemaErrors } from './helpers/schemas.js'

const MIB = 1024 * 1024

let counter = 0
const finding = (riskLevel: number | null, path = `/opt/file-${++counter}`): Finding =>
  findingWith({ virusName: 'Linux.Trojan.Test', size: 10 })(riskLevel, path)

/** The policy of these tests unless one says otherwise. */
const RULES = policy({ critical: 0, high: 0 })

function judgedImage(imageId: string, findings: Finding[], rules = RULES): ImageResult {
  return judged(findings, { imageId }, rules)
}

function failedImage(imageId: string, scanStatus?: ImageResult['scanStatus']): ImageResult {
  return { ...unreadImage(imageId), scanStatus }
}

const eventsResult = (
  events: ReturnType<typeof event>[],
  rules = RULES,
  unread: string[] = []
): EventsResult => eventsRead(events, rules, unread)

function gate(images: ImageResult[], events?: EventsResult, rules = RULES): GateResult {
  return gateResult({ images, events, policy: rules, requests: 7, durationMs: 100 })
}

describe('the step from its images and events', () => {
  it('keeps a single image exactly as it was', () => {
    const image = judgedImage('sha256:a', [finding(4)])
    const result = gate([image])
    expect(result).toMatchObject({ verdict: 'fail', reason: image.reason, single: true })
    expect(result.soleImage?.imageId).toBe('sha256:a')
  })

  it('fails if any image or the events fail, naming each in one line', () => {
    const result = gate([
      judgedImage('sha256:a', []),
      failedImage('sha256:b', 'error'),
      judgedImage('sha256:c', [finding(4)])
    ])
    expect(result.verdict).toBe('fail')
    expect(result.reason).toMatch(
      /^2 of 3 image\(s\) fail\. image sha256:b: .+; image sha256:c: Policy violated/
    )
    expect(result.reason).not.toContain('\n')
    expect(result.reason).not.toContain('.;')
  })

  it('passes only when everything passes', () => {
    const events = eventsResult([event('x', { Status: 'DEAL_DEL' })])
    expect(gate([judgedImage('sha256:a', [finding(1)])], events)).toMatchObject({
      verdict: 'pass',
      reason: expect.stringMatching(
        /^All 1 image\(s\) and 1 runtime event\(s\) pass the policy/
      ) as unknown as string
    })
  })

  it('cuts a long list of reasons and says how many more there are', () => {
    const images = Array.from({ length: 9 }, (_, i) => failedImage(`sha256:${i}`, 'error'))
    const { reason } = gate(images)
    expect(reason).toMatch(/^9 of 9 image\(s\) fail\./)
    expect(reason).toMatch(/\(and 4 more; see the job summary\)\.$/)
  })

  it('reports the worst scan status, none when one could not be read or when there is no image', () => {
    const scanned = judgedImage('sha256:a', [])
    expect(gate([scanned, failedImage('b', 'timeout')]).scanStatus).toBe('timeout')
    expect(overallScanStatus([failedImage('b', 'canceled'), failedImage('c', 'error')])).toBe(
      'error'
    )
    expect(gate([scanned, failedImage('b', undefined)]).scanStatus).toBeUndefined()
    expect(gate([], eventsResult([event('x')])).scanStatus).toBeUndefined()
  })

  it('sums the outputs over distinct images and open events', () => {
    const a = judgedImage('sha256:a', [finding(4), finding(1)])
    const same: ImageResult = { ...a, imageName: 'team/a:1', sameAs: 'sha256:a' }
    const events = eventsResult([event('x'), event('y', { Status: 'DEAL_IGNORE' })])
    const sum = gate([a, same, failedImage('sha256:b')], events).tally
    expect(sum).toEqual({
      judged: true,
      findings: 3,
      violations: 2,
      allowlisted: 0,
      counts: { critical: 1, high: 1, medium: 0, low: 1, unknown: 0 }
    })
  })
})

describe('the judged targets', () => {
  const result = gate(
    [
      judgedImage('sha256:one', [finding(4, '/srv/bad'), finding(1)]),
      failedImage('sha256:two', 'error'),
      { ...judgedImage('sha256:one', []), imageName: 'team/one:1', sameAs: 'sha256:one' }
    ],
    eventsResult(
      [
        event('evt-low', { RiskLevel: 'RISK_LOW' }),
        event('evt-high'),
        event('evt-done', { Status: 'DEAL_DEL' })
      ],
      policy({ high: 0 }),
      ['evt-gone']
    )
  )

  it('lists every target in input order with one state each', () => {
    expect(result.targets.map((target) => [target.kind, target.subject, target.state])).toEqual([
      ['image', 'image sha256:one', 'judged'],
      ['image', 'image sha256:two', 'unread'],
      ['image', 'image team/one:1 (ImageID sha256:one)', 'same'],
      ['event', 'runtime event evt-low', 'open'],
      ['event', 'runtime event evt-high', 'open'],
      ['event', 'runtime event evt-done', 'resolved'],
      ['event', 'runtime event evt-gone', 'unread']
    ])
    expect(result.single).toBe(false)
    expect(result.soleImage).toBeUndefined()
  })

  it('orders open events as the policy does, most severe first', () => {
    expect(result.events?.open.map((target) => target.id)).toEqual(['evt-high', 'evt-low'])
    expect(result.events?.resolved.map((target) => target.id)).toEqual(['evt-done'])
    expect(result.events?.unread.map((target) => target.id)).toEqual(['evt-gone'])
  })

  it('lists findings and violations with their target and level result', () => {
    expect(
      allFindings(result).map(({ target, finding }) => [target.subject, finding.level])
    ).toEqual([
      ['image sha256:one', 'critical'],
      ['image sha256:one', 'low'],
      ['runtime event evt-high', 'high'],
      ['runtime event evt-low', 'low']
    ])
    expect(
      violations(result).map(({ target, levelResult }) => [target.subject, levelResult?.counted])
    ).toEqual([
      ['image sha256:one', 1],
      ['runtime event evt-high', 1]
    ])
    expect(unjudged(result).map((target) => target.subject)).toEqual([
      'image sha256:two',
      'runtime event evt-gone'
    ])
  })

  it('says where an event ran once, an empty name counting as none', () => {
    expect(
      placeOf(
        event('e', { ContainerName: '', ContainerId: 'c0ffee', PodName: '', ClusterID: 'k1' })
      )
    ).toEqual({
      container: 'c0ffee',
      containerName: null,
      containerId: 'c0ffee',
      pod: null,
      cluster: 'k1'
    })
    expect(placeOf(event('e', { ClusterName: '', ClusterID: 'k2' })).cluster).toBe('k2')
  })

  it('keeps the counts of a step whose only image could not be judged apart from zero', () => {
    expect(gate([failedImage('sha256:x')]).tally.judged).toBe(false)
    expect(gate([failedImage('sha256:x')], eventsResult([])).tally.judged).toBe(true)
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
    const hygiene = gate([one, two], undefined, rules).hygiene
    expect(hygiene?.stale.map((entry) => entry.md5)).toEqual(['b'.repeat(32)])
    expect(hygiene?.expired.map((entry) => entry.md5)).toEqual(['c'.repeat(32)])
    expect(hygiene?.messages).toEqual([
      expect.stringMatching(/cccc.* expired on 2026-01-01/),
      expect.stringMatching(/bbbb.* matched no finding of any gated image;/)
    ])
  })

  it('says an entry was used when an image after the first one used it', () => {
    const none = judgedImage('sha256:1', [finding(1)], rules)
    const one = judgedImage('sha256:2', [withMd5('a'.repeat(32))], rules)
    expect(none.evaluation?.hygiene.stale.map((entry) => entry.md5)).toEqual([
      'a'.repeat(32),
      'b'.repeat(32)
    ])
    const hygiene = gate([none, one], undefined, rules).hygiene
    expect(hygiene?.stale.map((entry) => entry.md5)).toEqual(['b'.repeat(32)])
    expect(hygiene?.messages.filter((message) => message.includes('aaaa'))).toEqual([])
  })

  it('says nothing about stale entries when an image could not be read', () => {
    const one = judgedImage('sha256:1', [finding(1)], rules)
    const hygiene = gate([one, failedImage('sha256:2')], undefined, rules).hygiene
    expect(hygiene?.stale).toEqual([])
    expect(hygiene?.expired).toHaveLength(1)
  })

  it("names events in the stale warning, and is the image's own for one image", () => {
    const events = eventsResult([event('x')], rules)
    expect(gate([], events, rules).hygiene?.messages.at(-1)).toMatch(
      /matched no open runtime event/
    )
    const one = judgedImage('sha256:1', [finding(1)], rules)
    expect(gate([one], undefined, rules).hygiene).toBe(one.evaluation?.hygiene)
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
      RULES,
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
