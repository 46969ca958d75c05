import { type Finding } from '../src/core/evaluate.js'
import type { Policy } from '../src/core/policy.js'
import { escapeMarkdown } from '../src/sinks/escape.js'
import { renderSummary } from '../src/sinks/summary.js'
import type { GateResult } from '../src/core/result.js'
import { findingWith, gateResult, imageResult, policy, unreadImage } from './helpers/builders.js'

const MIB = 1024 * 1024

const finding = findingWith({ md5: '0'.repeat(32), virusName: 'Test.Virus', size: 10 })

/** One image, as these tests name it, judged by `rules`. */
const judged = (
  findings: Finding[],
  rules: Policy,
  options: { enforce?: boolean; imageId?: string } = {}
): GateResult =>
  imageResult(findings, rules, {
    imageId: options.imageId ?? 'sha256:0123456789abcdef',
    enforce: options.enforce ?? true,
    requests: 3,
    durationMs: 1200
  })

/** The text of the section that starts with the given heading, up to the next heading. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`### ${heading}`)
  if (start < 0) throw new Error(`no section "${heading}" in:\n${markdown}`)
  const next = markdown.indexOf('\n### ', start + 4)
  const detailsAt = markdown.indexOf('<details>', start)
  const candidates = [next, detailsAt].filter((index) => index >= 0)
  return markdown.slice(start, candidates.length > 0 ? Math.min(...candidates) : undefined)
}

/** The data rows of the Markdown tables in a piece of text, as cells. */
function rows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('|---'))
    .slice(1)
    .map((line) =>
      line
        .slice(2, -2)
        .split(' | ')
        .map((cell) => cell.trim())
    )
}

const MD5_A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const MD5_B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'

/** Two critical findings over a limit of 0, one allowlisted critical, one high within its limit, two low unlimited. */
function mixedResult(options: { enforce?: boolean } = {}): GateResult {
  return judged(
    [
      finding(4, '/bin/evil'),
      finding(null, '/opt/odd', { virusName: 'Odd.Sample' }),
      finding(4, '/test/fixture.bin', { md5: MD5_A.toUpperCase(), virusName: 'EICAR' }),
      finding(3, '/usr/lib/high.so'),
      finding(1, '/tmp/one'),
      finding(1, '/tmp/two')
    ],
    policy({ critical: 0, high: 1 }, [
      { md5: MD5_A, reason: 'Scanner self-test file', expires: '2027-06-30' },
      { md5: MD5_B, reason: 'Old exception', expires: '2025-01-01' }
    ]),
    options
  )
}

describe('renderSummary: content', () => {
  const markdown = renderSummary(mixedResult())

  it('starts with the verdict', () => {
    const [first] = markdown.split('\n')

    expect(first).toMatch(/^## /)
    expect(first).toMatch(/fail/)
    expect(first).not.toMatch(/pass/)
    expect(markdown.indexOf('Policy violated')).toBeLessThan(markdown.indexOf('###'))
  })

  it('headlines a pass as a pass', () => {
    const passing = renderSummary(judged([finding(1, '/tmp/x')], policy({ critical: 0 })))

    expect(passing.split('\n')[0]).toMatch(/pass/)
    expect(passing.split('\n')[0]).not.toMatch(/fail/)
  })

  it('gives the image and the totals', () => {
    const [overview] = rows(markdown.slice(0, markdown.indexOf('###')))

    expect(overview).toEqual(['sha256:0123456789abcdef', 'scanned', '6', '2', '1', '3'])
  })

  it('shows the requests sent and, when the API throttled some, how many', () => {
    const calm = renderSummary(mixedResult())
    expect(calm).toContain('| 3 |\n')
    expect(calm).not.toMatch(/throttled/)
    const throttled = renderSummary({ ...mixedResult(), requests: 120, throttled: 17 })
    expect(throttled).toContain('| 120 (17 throttled) |\n')
  })

  it('counts findings per level, with thresholds and results', () => {
    const table = rows(section(markdown, 'Findings per level'))
    const byLevel = Object.fromEntries(table.map(([level, ...rest]) => [level, rest]))

    expect(Object.keys(byLevel)).toEqual(['critical', 'high', 'medium', 'low'])
    // Level | Found | Allowlisted | Counted | Allowed | Result
    expect(byLevel.critical.slice(0, 4)).toEqual(['3', '1', '2', '0'])
    expect(byLevel.critical[4]).toMatch(/over by 2/)
    expect(byLevel.high.slice(0, 4)).toEqual(['1', '0', '1', '1'])
    expect(byLevel.high[4]).not.toMatch(/over/)
    expect(byLevel.medium.slice(0, 4)).toEqual(['0', '0', '0', 'unlimited'])
    expect(byLevel.low.slice(0, 4)).toEqual(['2', '0', '2', 'unlimited'])
    expect(section(markdown, 'Findings per level')).toMatch(
      /1 finding\(s\) with an unknown RiskLevel judged as critical\./
    )
  })

  it('lists the violations, and only them', () => {
    const text = section(markdown, 'Violations')
    const table = rows(text)

    expect(text).toMatch(/Violations \(2\)/)
    expect(table.map((row) => row[1])).toEqual(['/bin/evil', '/opt/odd'])
    expect(table[1][0]).toMatch(/unknown/)
    expect(table[1][0]).toMatch(/critical/)
    expect(table[1][2]).toBe('Odd.Sample')
    expect(text).not.toContain('/test/fixture.bin')
    expect(text).not.toContain('/usr/lib/high.so')
  })

  it('lists the allowlisted findings with their reasons', () => {
    const text = section(markdown, 'Allowlisted')
    const table = rows(text)

    expect(text).toMatch(/Allowlisted \(1\)/)
    expect(table).toHaveLength(1)
    expect(table[0][1]).toBe('/test/fixture.bin')
    expect(table[0][2]).toBe('EICAR')
    expect(table[0][4]).toBe('Scanner self-test file')
  })

  it('lists the remaining findings apart', () => {
    const table = rows(section(markdown, 'Within the thresholds'))

    expect(table.map((row) => row[1])).toEqual(['/usr/lib/high.so', '/tmp/one', '/tmp/two'])
  })

  it('shows the allowlist hygiene under its own heading, before the finding tables', () => {
    const text = section(markdown, 'Allowlist hygiene')

    expect(text).toContain(MD5_B)
    expect(text).toMatch(/expired/)
    expect(markdown.indexOf('### Allowlist hygiene')).toBeLessThan(
      markdown.indexOf('### Violations')
    )
  })

  it('ends with the policy in effect', () => {
    const details = markdown.slice(markdown.indexOf('<details>'))

    expect(markdown.trimEnd().endsWith('</details>')).toBe(true)
    expect(details).toContain('.github/tcss-virus-policy.yml')
    expect(details).toMatch(/critical: 0, high: 1, medium: unlimited, low: unlimited/)
    const table = rows(details)
    expect(table).toEqual([
      [MD5_A, 'any', 'Scanner self-test file', '2027-06-30'],
      [MD5_B, 'any', 'Old exception', '2025-01-01']
    ])
  })

  it('says when the allowlist is empty', () => {
    const text = renderSummary(judged([], policy({ critical: 0 })))

    expect(text).toMatch(/Allowlist: empty/)
    expect(text).not.toContain('### Violations')
  })
})

describe('renderSummary: outcomes', () => {
  it('says in the headline that a report-only failure lets the job pass', () => {
    const [first] = renderSummary(mixedResult({ enforce: false })).split('\n')

    expect(first).toMatch(/fail/)
    expect(first).toMatch(/report only/)
    expect(first).toMatch(/job passes/)
    expect(first).not.toContain('❌')
  })

  it('renders a failure that left nothing to judge', () => {
    const failure = {
      kind: 'scan' as const,
      message: 'The scan is still running after 900 seconds (status scanning).'
    }
    const result = gateResult({
      images: [unreadImage('sha256:feed', 'timeout', failure)],
      reason: 'The scan did not finish within 900 seconds.',
      policy: policy({ critical: 0, high: 0 }),
      requests: 181,
      durationMs: 900000
    })
    const markdown = renderSummary(result)

    expect(markdown.split('\n')[0]).toMatch(/fail/)
    expect(markdown).toContain('could not be judged')
    expect(markdown).toContain(escapeMarkdown(failure.message))
    expect(markdown).toContain(escapeMarkdown(result.reason))
    expect(markdown).not.toContain('### Findings per level')
    expect(markdown).not.toContain('### Violations')
    expect(rows(markdown.slice(0, markdown.indexOf('**')))[0]).toEqual([
      'sha256:feed',
      'timeout',
      'not read',
      '-',
      '-',
      '181'
    ])
  })
})

describe('renderSummary: untrusted text', () => {
  const hostile = {
    path: '/x/<script>alert(1)</script>|`rm -rf`|\n## Forged heading',
    virusName: '</details><img src=x onerror=alert(1)> @octocat [click](https://evil.example)',
    md5: '*not*_an_~md5~'
  }

  it('escapes everything that comes from the image', () => {
    const markdown = renderSummary(
      judged([finding(4, hostile.path, hostile)], policy({ critical: 0 }), {
        imageId: 'img|<b>x</b>'
      })
    )

    expect(markdown).not.toContain('<script>')
    expect(markdown).not.toContain('<img')
    expect(markdown).not.toContain('<b>')
    expect(markdown).not.toContain('@octocat')
    expect(markdown).not.toContain('](https://')
    expect(markdown).not.toContain('\n## Forged')
    expect(markdown.match(/<\/details>/g)).toHaveLength(1)
    expect(markdown).toContain(escapeMarkdown(hostile.path))
    expect(markdown).toContain(escapeMarkdown(hostile.virusName))
    expect(markdown).toContain(escapeMarkdown(hostile.md5))
    expect(markdown).toContain(escapeMarkdown('img|<b>x</b>'))
    // The row keeps its four columns: no cell was split by a pipe.
    const [row] = rows(section(markdown, 'Violations'))
    expect(row).toHaveLength(4)
  })

  it('escapes the allowlist reason, the policy source and the warnings', () => {
    const reason = 'ok</details><script>x</script>|`y`'
    const source = 'policies/<evil>|.yml'
    const findings = [finding(4, '/a', { md5: MD5_A })]
    const rules = policy({ critical: 0 }, [{ md5: MD5_A, reason }], [], source)
    rules.warnings.push('Warning with <tag> and |pipe|')
    const markdown = renderSummary(judged(findings, rules))

    expect(markdown).not.toContain('<script>')
    expect(markdown).not.toContain('<evil>')
    expect(markdown).not.toContain('<tag>')
    expect(markdown.match(/<\/details>/g)).toHaveLength(1)
    expect(markdown).toContain(escapeMarkdown(reason))
    expect(markdown).toContain(escapeMarkdown(source))
    expect(rows(section(markdown, 'Allowlisted'))[0]).toHaveLength(5)
  })
})

describe('renderSummary: size', () => {
  function bigResult(count: number): GateResult {
    const findings: Finding[] = []
    for (let index = 0; index < count; index += 1) {
      const risk = [4, 3, 2, 1][index % 4]
      const md5 = index % 10 === 0 ? MD5_A : index.toString(16).padStart(32, '0')
      findings.push(
        finding(
          risk,
          `/layer/${index % 97}/usr/share/some/fairly/long/directory/name/file-${index}.bin`,
          {
            md5,
            virusName: `Trojan.Linux.Family${index % 13}.Variant`
          }
        )
      )
    }
    return judged(findings, policy({ critical: 0, high: 0 }, [{ md5: MD5_A, reason: 'bulk' }]))
  }

  it('stays under 1 MiB with 100,000 findings and says how many rows were left out', () => {
    const result = bigResult(100_000)
    const markdown = renderSummary(result)
    const evaluation = result.images[0].evaluation
    if (!evaluation) throw new Error('no evaluation')

    expect(Buffer.byteLength(markdown)).toBeLessThan(MIB)

    const violations = section(markdown, `Violations (${evaluation.violations})`)
    const shown = rows(violations).length
    const omitted = Number(/\*(\d+) more row\(s\) not shown/.exec(violations)?.[1])
    expect(shown).toBeGreaterThan(0)
    expect(shown + omitted).toBe(evaluation.violations)

    // The sections after the cut tables are still there.
    expect(markdown).toContain('### Allowlisted')
    expect(markdown).toContain('### Within the thresholds')
    expect(markdown.trimEnd().endsWith('</details>')).toBe(true)
  })

  it('keeps every row and adds no cut note when the findings fit', () => {
    const result = bigResult(40)
    const markdown = renderSummary(result)

    expect(markdown).not.toMatch(/not shown/)
    expect(rows(section(markdown, 'Violations'))).toHaveLength(
      result.images[0].evaluation?.violations ?? -1
    )
  })

  it('honours a smaller byte budget', () => {
    const budget = 200_000
    const markdown = renderSummary(bigResult(5_000), budget)

    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(budget)
    expect(markdown).toMatch(/more row\(s\) not shown/)
  })

  it('stays under 1 MiB with a huge policy and many expired entries full of escaped characters', () => {
    const hostileReason = '<|>&@#`*_[]'.repeat(90)
    const entries = Array.from({ length: 3_000 }, (_, index) => ({
      md5: index.toString(16).padStart(32, 'c'),
      reason: hostileReason,
      expires: '2020-01-01'
    }))
    const result = judged([finding(4, '/x')], policy({ critical: 0 }, entries))
    expect(result.images[0].evaluation?.hygiene.messages.length).toBe(3_000)

    const markdown = renderSummary(result)

    expect(Buffer.byteLength(markdown)).toBeLessThan(MIB)
    expect(markdown).toMatch(/more row\(s\) not shown/)
    expect(markdown).toContain('### Violations (1)')
    expect(markdown.trimEnd().endsWith('</details>')).toBe(true)
  })
})
