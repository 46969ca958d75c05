/**
 * The JUnit XML report: checked by parsing it with fast-xml-parser (its
 * validator first: well-formed XML 1.0, then the tree) and reading it the
 * way GitLab's and Jenkins' test-report views do: testsuites > testsuite >
 * testcase, with <failure>, <error> or <skipped> inside a test case.
 */
import { describe, expect, it } from '@jest/globals'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { junitXmlText } from '../src/sinks/junit.js'
import { clearSecrets, maskSecret } from '../src/secrets.js'
import type { EventsResult, ImageResult } from '../src/core/result.js'
import { evaluatePolicy } from '../src/core/evaluate.js'
import { finding, gateResult, judged, policy } from './helpers/builders.js'
import { junitSchemaProblems as schemaProblems } from './helpers/junit-schema.js'

type Node = Record<string, unknown>

interface Case {
  name: string
  classname: string
  failure?: Node
  error?: Node
  skipped?: Node
  'system-out'?: string
}
interface Suite {
  name: string
  tests: string
  failures: string
  errors: string
  skipped: string
  testcase: Case[]
}

/** Parses the report as a CI server would; fails the test on XML that is not well formed. */
function parse(xml: string): { testsuites: Node & { testsuite: Suite[] } } {
  expect(XMLValidator.validate(xml)).toBe(true)
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    textNodeName: 'text',
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase' || name === 'property'
  })
  return parser.parse(xml) as { testsuites: Node & { testsuite: Suite[] } }
}

const text = (node: unknown): string =>
  typeof node === 'string' ? node : String((node as Node | undefined)?.text ?? '')

describe('junitXmlText', () => {
  it('makes one failed test case per violation, with level, path, virus name and md5', () => {
    const bad = finding(4, { path: '/root/miner', virusName: 'Linux.Miner.Xmrig' })
    const low = finding(1, { path: '/opt/ok', virusName: 'Adware.Low' })
    const image = judged([bad, low], { imageId: 'sha256:bad' }, policy({ critical: 0 }))
    const xml = junitXmlText(gateResult({ images: [image] }))
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true)
    const { testsuites } = parse(xml)
    expect(testsuites).toMatchObject({ name: 'tcss-virus-gate', tests: '2', failures: '1' })
    expect(testsuites.testsuite).toHaveLength(1)
    const [suite] = testsuites.testsuite
    expect(suite).toMatchObject({
      name: 'image sha256:bad',
      tests: '2',
      failures: '1',
      errors: '0',
      skipped: '0'
    })
    const failed = suite.testcase.filter((testCase) => testCase.failure)
    expect(failed).toHaveLength(1)
    expect(failed[0].name).toContain('/root/miner')
    const message = String(failed[0].failure?.message)
    for (const part of ['critical', '/root/miner', 'Linux.Miner.Xmrig', bad.md5])
      expect(message).toContain(part)
    expect(text(failed[0].failure)).toContain(bad.md5)
    // The finding within its threshold is a passed test case.
    const passed = suite.testcase.filter((c) => !c.failure && !c.error && !c.skipped)
    expect(passed.map((c) => c.name)).toEqual([expect.stringContaining('/opt/ok')])
  })

  it('reports allowlisted findings as skipped, with the reason', () => {
    const excused = finding(4, { md5: 'ab'.repeat(16), path: '/fixture/eicar.com' })
    const image = judged(
      [excused],
      {},
      policy({ critical: 0 }, [{ md5: 'ab'.repeat(16), reason: 'Scanner test fixture' }])
    )
    const [suite] = parse(junitXmlText(gateResult({ images: [image] }))).testsuites.testsuite
    expect(suite).toMatchObject({ tests: '1', failures: '0', skipped: '1' })
    expect(String(suite.testcase[0].skipped?.message)).toContain('Scanner test fixture')
  })

  it('gives a clean image one passed test case, and an image that could not be judged an error', () => {
    const clean = judged([], { imageId: 'sha256:clean' })
    const broken = {
      imageId: 'sha256:broken',
      scanStatus: 'timeout' as const,
      verdict: 'fail' as const,
      reason: 'The scan did not finish within 900 s.',
      failure: { kind: 'scan' as const, message: 'The scan did not finish within 900 s.' }
    }
    const { testsuites } = parse(junitXmlText(gateResult({ images: [clean, broken] })))
    expect(testsuites.testsuite.map((suite) => suite.name)).toEqual([
      'image sha256:clean',
      'image sha256:broken'
    ])
    const [cleanSuite, brokenSuite] = testsuites.testsuite
    expect(cleanSuite).toMatchObject({ tests: '1', failures: '0', errors: '0' })
    expect(brokenSuite).toMatchObject({ tests: '1', failures: '0', errors: '1' })
    expect(String(brokenSuite.testcase[0].error?.message)).toContain('did not finish')
    expect(testsuites).toMatchObject({ tests: '2', failures: '0', errors: '1' })
  })

  it('puts the runtime events in a suite of their own', () => {
    const eventFinding = { ...finding(3, { path: '/tmp/x' }), eventId: '42' }
    const evaluation = evaluatePolicy([eventFinding], policy({ high: 0 }), '2026-03-15')
    const events = {
      items: [{ id: '42', event: { open: true, status: 'EVENT_UNDEAL' } }],
      evaluation,
      verdict: evaluation.verdict,
      reason: evaluation.reason
    } as unknown as EventsResult
    const { testsuites } = parse(junitXmlText(gateResult({ images: [], events })))
    expect(testsuites.testsuite.map((suite) => suite.name)).toEqual(['runtime events'])
    expect(testsuites.testsuite[0]).toMatchObject({ tests: '1', failures: '1' })
    expect(String(testsuites.testsuite[0].testcase[0].failure?.message)).toContain('/tmp/x')
  })

  it('keeps hostile text inert and the XML well formed, and never shows a secret', () => {
    clearSecrets()
    maskSecret('super-secret-value-123')
    const hostile = finding(4, {
      path: '/a/<b>&"c\'/]]>/\u0000\u001b[31m\ud800/super-secret-value-123',
      virusName: '</failure></testcase><testcase name="x">'
    })
    const xml = junitXmlText(gateResult({ images: [judged([hostile])] }))
    clearSecrets()
    const [suite] = parse(xml).testsuites.testsuite
    expect(suite.testcase).toHaveLength(1)
    expect(String(suite.testcase[0].failure?.message)).toContain('</failure></testcase>')
    expect(xml).not.toContain('super-secret-value-123')
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/)
  })

  it('is the same text for the same result', () => {
    const result = gateResult({ images: [judged([finding(4), finding(2)])] })
    expect(junitXmlText(result)).toBe(junitXmlText(result))
  })
})

/** Jenkins' reading of a classname: the package before its last dot, the class after it. */
function jenkinsSplit(classname: string): { package: string; class: string } {
  const dot = classname.lastIndexOf('.')
  return dot < 0
    ? { package: '(root)', class: classname }
    : { package: classname.slice(0, dot), class: classname.slice(dot + 1) }
}

describe('JUnit its consumers accept', () => {
  /** One build of a registry image: its tag, digest and ImageID change from build to build. */
  const buildImages = (tag: string, imageId: string): ImageResult[] => [
    judged(
      [
        finding(4, { path: '/root/miner', md5: 'aa'.repeat(16) }),
        finding(1, { path: '/opt/adware', md5: 'bb'.repeat(16) }),
        finding(4, { path: '/fixture/eicar.com', md5: 'cc'.repeat(16) })
      ],
      { imageId, imageName: `ccr.ccs.tencentyun.com/demo-team/shop-api:${tag}` },
      policy({ critical: 0 }, [{ md5: 'cc'.repeat(16), reason: 'Scanner test fixture' }])
    ),
    judged([], {
      imageId: `${imageId}9`,
      imageName: `ccr.ccs.tencentyun.com/demo-team/worker@sha256:${imageId.slice(-1).repeat(64)}`
    })
  ]
  const build = (tag: string, imageId: string) => gateResult({ images: buildImages(tag, imageId) })
  const cases = (xml: string) =>
    parse(xml).testsuites.testsuite.flatMap((suite) =>
      suite.testcase.map((testCase) => ({ classname: testCase.classname, name: testCase.name }))
    )

  it('follows the rules of Jenkins junit-10.xsd, for images, events and failures alike', async () => {
    const eventFinding = { ...finding(3, { path: '/tmp/x' }), eventId: '42' }
    const evaluation = evaluatePolicy([eventFinding], policy({ high: 0 }), '2026-03-15')
    const events = {
      items: [{ id: '42', event: { open: true, status: 'EVENT_UNDEAL' } }],
      evaluation,
      verdict: evaluation.verdict,
      reason: evaluation.reason
    } as unknown as EventsResult
    const broken = {
      imageId: 'sha256:broken',
      scanStatus: 'timeout' as const,
      verdict: 'fail' as const,
      reason: 'The scan did not finish within 900 s.',
      failure: { kind: 'scan' as const, message: 'The scan did not finish within 900 s.' }
    }
    const xml = junitXmlText(
      gateResult({ images: [...buildImages('1.8.0', 'sha256:1111'), broken], events })
    )
    expect(await schemaProblems(xml)).toEqual([])
  })

  it('names test cases the same in two builds of one repository: by repository and file path', () => {
    const first = cases(junitXmlText(build('1.8.0', 'sha256:1111')))
    const second = cases(junitXmlText(build('1.9.0', 'sha256:2222')))
    expect(second).toEqual(first)
    for (const { classname, name } of first) {
      for (const changing of ['1.8.0', 'sha256:', '1111']) {
        expect(classname).not.toContain(changing)
        expect(name).not.toContain(changing)
      }
    }
  })

  it('splits a class name into the gate as package and the repository as class, never at a host dot', () => {
    const names = cases(junitXmlText(build('1.8.0', 'sha256:1111'))).map(({ classname }) =>
      jenkinsSplit(classname)
    )
    expect(names).toEqual([
      { package: 'tcss-virus-gate', class: 'ccr_ccs_tencentyun_com/demo-team/shop-api' },
      { package: 'tcss-virus-gate', class: 'ccr_ccs_tencentyun_com/demo-team/shop-api' },
      { package: 'tcss-virus-gate', class: 'ccr_ccs_tencentyun_com/demo-team/shop-api' },
      { package: 'tcss-virus-gate', class: 'ccr_ccs_tencentyun_com/demo-team/worker' }
    ])
  })

  it("gives a skipped finding the allowlist's reason as its text, as GitLab shows it", () => {
    const [suite] = parse(junitXmlText(build('1.8.0', 'sha256:1111'))).testsuites.testsuite
    const skipped = suite.testcase.find((testCase) => testCase.skipped)
    expect(text(skipped?.skipped)).toContain('Scanner test fixture')
    expect(String(skipped?.skipped?.message)).toContain('Scanner test fixture')
  })
})

describe('the JUnit schema check itself', () => {
  const wrap = (suites: string, root = '<testsuites tests="1" failures="0" errors="0">') =>
    `<?xml version="1.0" encoding="UTF-8"?>\n${root}${suites}</testsuites>\n`
  const suite = (cases: string, attributes = 'name="s" tests="1" failures="0" errors="0"') =>
    `<testsuite ${attributes}>${cases}</testsuite>`

  it('accepts a minimal report Jenkins accepts', async () => {
    expect(await schemaProblems(wrap(suite('<testcase name="c" classname="k"/>')))).toEqual([])
  })

  it.each([
    [
      'a skipped count on testsuites',
      wrap(suite('<testcase name="c"/>'), '<testsuites tests="1" skipped="0">')
    ],
    ['a test case without a name', wrap(suite('<testcase classname="k"/>'))],
    ['a suite without its failures count', wrap(suite('', 'name="s" tests="0" errors="0"'))],
    [
      'a suite time that is no Surefire time',
      wrap(suite('', 'name="s" tests="0" failures="0" errors="0" time="1s"'))
    ],
    ['an element Jenkins does not know', wrap(suite('<testcase name="c"><warning/></testcase>'))]
  ])('rejects %s, naming the problem', async (_name, xml) => {
    const problems = await schemaProblems(xml)
    expect(problems.length).toBeGreaterThan(0)
    expect(problems.join('\n')).toMatch(/line \d+: /)
  })
})
