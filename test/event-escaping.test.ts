/**
 * Every field of a runtime event that reaches the job summary and the pull
 * request comment is escaped there, each on its own: one field at a time
 * carries markup and mentions, in an open and in a resolved event, so
 * dropping the escaping of any one cell fails a case of its own.
 */
import { describe, expect, it } from '@jest/globals'
import { escapeMarkdown } from '../src/sinks/escape.js'
import { renderComment } from '../src/sinks/comment.js'
import { renderSummary } from '../src/sinks/summary.js'
import { eventsRead, gateResult, policy, runtimeEvent } from './helpers/builders.js'

const HOSTILE = '</details><img src=x onerror=alert(1)>|@octocat [x](https://evil.example)'
const RULES = policy({ critical: 0, high: 0 })

/** The fields DescribeVirusDetail sends that the event tables show, with what else the cell needs. */
const FIELDS: Array<[string, Record<string, unknown>]> = [
  ['FilePath', {}],
  ['VirusName', {}],
  ['ContainerName', {}],
  ['ContainerName', { ContainerId: 'abcdef0123456789' }],
  ['ContainerId', { ContainerName: null }],
  ['ContainerId', { ContainerName: 'web' }],
  ['PodName', {}],
  ['ClusterName', {}],
  ['ClusterID', { ClusterName: null }],
  ['ProcessName', { ProcessId: 4242 }],
  ['ProcessPath', { ProcessName: null }],
  // An unknown RiskLevel is shown by name (a known one is a fixed name: RISK_NOTICE alone is shown).
  ['RiskLevel', {}],
  ['Status', { RiskLevel: 'RISK_HIGH' }]
]

function renders(fields: Record<string, unknown>, open: boolean): string[] {
  const event = runtimeEvent('evt-hostile', {
    ...(open ? {} : { Status: 'DEAL_ISOLATE' }),
    ...fields
  })
  const result = gateResult({ images: [], events: eventsRead([event], RULES), policy: RULES })
  return [renderSummary(result), renderComment(result)]
}

function expectInert(markdown: string): void {
  expect(markdown).not.toContain('<img')
  expect(markdown).not.toContain('@octocat')
  expect(markdown).not.toContain('](https://')
  expect((markdown.match(/<\/details>/g) ?? []).length).toBeLessThanOrEqual(
    (markdown.match(/<details>/g) ?? []).length
  )
}

describe('runtime-event fields in the summary and the comment', () => {
  it.each(FIELDS.flatMap(([field, rest]) => [true, false].map((open) => [field, rest, open])))(
    '%s is escaped (other fields %j, open %p)',
    (field, rest, open) => {
      const fields = { ...(rest as Record<string, unknown>), [field as string]: HOSTILE }
      for (const markdown of renders(fields, open as boolean)) {
        expectInert(markdown)
        // The field is shown (a container ID beside its name as its first 12 characters,
        // a RiskLevel name cut at 60).
        expect(markdown).toContain(escapeMarkdown(HOSTILE.slice(0, 12)))
      }
    }
  )
})
