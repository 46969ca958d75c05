/**
 * The JUnit XML report, for the test-report views of GitLab, Jenkins and
 * CODING: one test suite per gated image and one for the runtime events,
 * one test case per finding. A violation is a failed test case; a finding
 * within its threshold a passed one; an allowlisted finding is skipped, with
 * the allowlist's reason as the message. An image or event that could not be
 * judged is a test case in error. An image with no finding has one passed
 * test case, so that every suite says something.
 */
import type { JudgedFinding } from '../core/evaluate.js'
import {
  distinctImages,
  type GateResult,
  type ImageResult,
  imageLabel,
  type EventSet
} from '../core/result.js'
import { TOOL_NAME } from '../constants.js'
import { redact } from '../secrets.js'

interface TestCase {
  name: string
  outcome:
    | { kind: 'passed'; output?: string }
    | { kind: 'failure' | 'error'; message: string; details: string }
    | { kind: 'skipped'; message: string }
}

interface TestSuite {
  name: string
  cases: TestCase[]
  properties: Array<[string, string]>
}

/** The report as written: UTF-8 XML 1.0, untrusted text escaped, secrets redacted. */
export function junitXmlText(result: GateResult): string {
  const suites = [
    ...distinctImages(result).map(imageSuite),
    ...(result.events ? [eventsSuite(result.events)] : [])
  ]
  const tally = count(suites.flatMap((suite) => suite.cases))
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: TOOL_NAME, ...tally, time: seconds(result.durationMs) })}>`
  ]
  for (const suite of suites) {
    const suiteTally = count(suite.cases)
    lines.push(`  <testsuite${attributes({ name: suite.name, ...suiteTally })}>`)
    if (suite.properties.length > 0) {
      lines.push('    <properties>')
      for (const [name, value] of suite.properties)
        lines.push(`      <property${attributes({ name, value })}/>`)
      lines.push('    </properties>')
    }
    for (const testCase of suite.cases) lines.push(...caseLines(suite.name, testCase))
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>', '')
  return lines.join('\n')
}

function imageSuite(image: ImageResult): TestSuite {
  const name = `image ${imageLabel(image)}`
  const properties: Array<[string, string]> = [
    ['image-id', image.imageId],
    ['scan-status', image.scanStatus ?? ''],
    ['verdict', image.verdict]
  ]
  if (image.imageName !== undefined) properties.push(['image', image.imageName])
  if (!image.evaluation) {
    const message = image.failure?.message ?? image.reason
    return {
      name,
      properties,
      cases: [{ name: 'virus scan', outcome: { kind: 'error', message, details: image.reason } }]
    }
  }
  const { findings } = image.evaluation
  if (findings.length === 0) {
    return {
      name,
      properties,
      cases: [{ name: 'virus scan', outcome: { kind: 'passed', output: image.reason } }]
    }
  }
  return { name, properties, cases: findings.map((finding) => findingCase(finding, '')) }
}

function eventsSuite(events: EventSet): TestSuite {
  const cases = events.all.map((item): TestCase => {
    if (item.state === 'unread' || !item.event) {
      const message = item.failure?.message ?? 'The event could not be read.'
      return {
        name: `event ${item.id}`,
        outcome: { kind: 'error', message, details: message }
      }
    }
    if (item.state === 'resolved' || !item.finding) {
      return {
        name: `event ${item.id}`,
        outcome: {
          kind: 'passed',
          output: `Resolved (status ${item.event.status ?? 'null'}); resolved events are not judged.`
        }
      }
    }
    return findingCase(item.finding, `event ${item.id} `)
  })
  return {
    name: 'runtime events',
    properties: [['verdict', events.verdict]],
    cases
  }
}

function findingCase(finding: JudgedFinding, prefix: string): TestCase {
  const level = finding.level === 'unknown' ? 'unknown (judged critical)' : finding.level
  const what = `${level} ${finding.virusName || '(unnamed)'} in ${finding.path || '(no path)'} (md5 ${finding.md5 || 'none'})`
  const name = `${prefix}[${finding.level}] ${finding.path || '(no path)'}`
  if (finding.violation) {
    return {
      name,
      outcome: {
        kind: 'failure',
        message: `${what} breaks the policy`,
        details: [
          `level: ${level}`,
          `path: ${finding.path}`,
          `virus: ${finding.virusName}`,
          `md5: ${finding.md5}`,
          ...(finding.fileName ? [`file name: ${finding.fileName}`] : []),
          ...(finding.description ? [`description: ${finding.description}`] : []),
          ...(finding.solution ? [`solution: ${finding.solution}`] : [])
        ].join('\n')
      }
    }
  }
  if (finding.allowlisted) {
    return {
      name,
      outcome: { kind: 'skipped', message: `allowlisted: ${finding.allowlistReason ?? ''}` }
    }
  }
  return { name, outcome: { kind: 'passed', output: `${what} is within the policy threshold` } }
}

function caseLines(suite: string, testCase: TestCase): string[] {
  const open = `    <testcase${attributes({ classname: suite, name: testCase.name, time: '0' })}`
  const { outcome } = testCase
  switch (outcome.kind) {
    case 'passed':
      return outcome.output
        ? [
            `${open}>`,
            `      <system-out>${escapeXml(outcome.output, 'text')}</system-out>`,
            '    </testcase>'
          ]
        : [`${open}/>`]
    case 'skipped':
      return [
        `${open}>`,
        `      <skipped${attributes({ message: outcome.message })}/>`,
        '    </testcase>'
      ]
    case 'failure':
    case 'error':
      return [
        `${open}>`,
        `      <${outcome.kind}${attributes({ message: outcome.message, type: outcome.kind === 'failure' ? 'violation' : 'not-judged' })}>${escapeXml(outcome.details, 'text')}</${outcome.kind}>`,
        '    </testcase>'
      ]
  }
}

function count(cases: readonly TestCase[]): Record<string, string> {
  const of = (kind: TestCase['outcome']['kind']): string =>
    String(cases.filter((testCase) => testCase.outcome.kind === kind).length)
  return {
    tests: String(cases.length),
    failures: of('failure'),
    errors: of('error'),
    skipped: of('skipped')
  }
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3)
}

function attributes(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('')
}

/**
 * Text for an XML 1.0 attribute or element: markup characters as entities,
 * line breaks and tabs in attributes as character references (a parser
 * would turn them into spaces), and characters XML 1.0 cannot carry at all
 * (control characters, lone surrogates, U+FFFE/U+FFFF) shown as \uXXXX.
 * Secrets are removed first.
 */
export function escapeXml(raw: string, where: 'attribute' | 'text' = 'attribute'): string {
  const kept = where === 'text' ? /[\n\t]/ : undefined
  return redact(raw).replace(
    // eslint-disable-next-line no-control-regex
    /[&<>"'\n\r\t]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (char) => {
      if (kept?.test(char)) return char
      switch (char) {
        case '&':
          return '&amp;'
        case '<':
          return '&lt;'
        case '>':
          return '&gt;'
        case '"':
          return '&quot;'
        case "'":
          return '&apos;'
        case '\n':
          return '&#10;'
        case '\r':
          return '&#13;'
        case '\t':
          return '&#9;'
        default:
          return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
      }
    }
  )
}
