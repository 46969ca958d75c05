/**
 * The JUnit XML report, for the test-report views of GitLab, Jenkins and
 * CODING: one test suite per gated image and one for the runtime events,
 * one test case per finding. A violation is a failed test case; a finding
 * within its threshold a passed one; an allowlisted finding is skipped, with
 * the allowlist's reason as its message and its text. An image or event that
 * could not be judged is a test case in error. An image with no finding has
 * one passed test case, so that every suite says something.
 *
 * What the consumers need: the elements and attributes of Jenkins' JUnit
 * schema (junit-10.xsd: no `skipped` on testsuites); test cases named the
 * same in every build, so that GitLab's merge-request widget tells new
 * failures from old ones — the class by the image's repository, the case by
 * the file path, never by tag, digest or ImageID; and a class name whose
 * last dot is the one Jenkins splits on deliberately: package
 * `tcss-virus-gate`, class the repository with its dots as `_`.
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
import { splitReference } from '../core/image-reference.js'
import { levelName } from '../core/levels.js'
import { redact } from '../secrets.js'

interface TestCase {
  name: string
  /** `tcss-virus-gate.<repository>`, the same in every build of the repository. */
  classname: string
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
  // junit-10.xsd allows no `skipped` on testsuites; each testsuite has its own.
  const { tests, failures, errors } = count(suites.flatMap((suite) => suite.cases))
  const tally = { tests, failures, errors }
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
    for (const testCase of suite.cases) lines.push(...caseLines(testCase))
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>', '')
  return lines.join('\n')
}

/**
 * The class of an image's test cases: its repository (the `image` or
 * `registry-image` value without tag or digest), else its ImageID.
 */
export function imageClassname(image: { imageId: string; imageName?: string }): string {
  const reference = image.imageName
  const repository =
    reference === undefined
      ? image.imageId
      : reference.includes('@')
        ? reference.slice(0, reference.indexOf('@'))
        : splitReference(reference).repository
  return classname(repository || 'image')
}

/** `tcss-virus-gate.<subject>`: a dot in the subject (a registry host's) would move Jenkins' split. */
function classname(subject: string): string {
  return `${TOOL_NAME}.${subject.replace(/\./g, '_')}`
}

/** A finding's case by its path; a path that holds several findings also by md5. */
function caseNames(findings: readonly JudgedFinding[], prefix: string): string[] {
  const paths = findings.map((finding) => finding.path || '(no path)')
  return paths.map((path, index) =>
    paths.indexOf(path) === paths.lastIndexOf(path)
      ? `${prefix}${path}`
      : `${prefix}${path} (md5 ${findings[index].md5 || 'none'})`
  )
}

function imageSuite(image: ImageResult): TestSuite {
  const name = `image ${imageLabel(image)}`
  const className = imageClassname(image)
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
      cases: [
        {
          name: 'virus scan',
          classname: className,
          outcome: { kind: 'error', message, details: image.reason }
        }
      ]
    }
  }
  const { findings } = image.evaluation
  if (findings.length === 0) {
    return {
      name,
      properties,
      cases: [
        {
          name: 'virus scan',
          classname: className,
          outcome: { kind: 'passed', output: image.reason }
        }
      ]
    }
  }
  const names = caseNames(findings, '')
  return {
    name,
    properties,
    cases: findings.map((finding, index) => findingCase(finding, names[index], className))
  }
}

const EVENTS_CLASSNAME = classname('runtime-events')

function eventsSuite(events: EventSet): TestSuite {
  const cases = events.all.map((item): TestCase => {
    if (item.state === 'unread' || !item.event) {
      const message = item.failure?.message ?? 'The event could not be read.'
      return {
        name: `event ${item.id}`,
        classname: EVENTS_CLASSNAME,
        outcome: { kind: 'error', message, details: message }
      }
    }
    if (item.state === 'resolved' || !item.finding) {
      return {
        name: `event ${item.id}`,
        classname: EVENTS_CLASSNAME,
        outcome: {
          kind: 'passed',
          output: `Resolved (status ${item.event.status ?? 'null'}); resolved events are not judged.`
        }
      }
    }
    return findingCase(
      item.finding,
      `event ${item.id}: ${item.finding.path || '(no path)'}`,
      EVENTS_CLASSNAME
    )
  })
  return {
    name: 'runtime events',
    properties: [['verdict', events.verdict]],
    cases
  }
}

function findingCase(finding: JudgedFinding, name: string, className: string): TestCase {
  const level = levelName(finding.level)
  const what = `${level} ${finding.virusName || '(unnamed)'} in ${finding.path || '(no path)'} (md5 ${finding.md5 || 'none'})`
  if (finding.violation) {
    return {
      name,
      classname: className,
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
      classname: className,
      outcome: { kind: 'skipped', message: `allowlisted: ${finding.allowlistReason ?? ''}` }
    }
  }
  return {
    name,
    classname: className,
    outcome: { kind: 'passed', output: `${what} is within the policy threshold` }
  }
}

function caseLines(testCase: TestCase): string[] {
  const open = `    <testcase${attributes({ classname: testCase.classname, name: testCase.name, time: '0' })}`
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
      // GitLab shows the element's text, Jenkins the message: both carry the reason.
      return [
        `${open}>`,
        `      <skipped${attributes({ message: outcome.message })}>${escapeXml(outcome.message, 'text')}</skipped>`,
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
