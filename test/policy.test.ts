import { readFileSync } from 'node:fs'
import { PolicyError, type PolicyProblem } from '../src/errors.js'
import { DEFAULT_POLICY_SOURCE, defaultPolicy } from '../src/core/default-policy.js'
import { parsePolicy } from '../src/core/policy.js'

const FILE = '.github/tcss-virus-policy.yml'

function readRelative(path: string): string {
  return readFileSync(new URL(path, import.meta.url), 'utf8')
}

function fixture(name: string): string {
  return readRelative(`./fixtures/policies/${name}`)
}

/** Joins lines into a YAML text, so that line numbers in the tests are easy to read. */
function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`
}

/** The PolicyError that parsing must throw. */
function policyError(text: string, file = FILE): PolicyError {
  try {
    parsePolicy(text, file)
  } catch (error) {
    if (error instanceof PolicyError) return error
    throw new Error(`expected a PolicyError, got ${String(error)}`)
  }
  throw new Error('expected a PolicyError, but the policy was accepted')
}

/** The one problem the text must produce. */
function onlyProblem(text: string): PolicyProblem {
  const { problems } = policyError(text)
  expect(problems).toHaveLength(1)
  return problems[0]
}

describe('parsePolicy: valid policies', () => {
  it('accepts the example policy from the specification', () => {
    const policy = parsePolicy(fixture('spec-example.yml'), FILE)

    expect(policy.source).toBe(FILE)
    expect(policy.thresholds).toEqual({ critical: 0, high: 0, medium: 5 })
    expect(policy.allowlist).toEqual([
      {
        md5: '27501aaed5e639693783321219989889',
        reason: "Test fixture used by the upload scanner's own tests",
        expires: '2027-06-30',
        line: 9
      }
    ])
    expect(policy.warnings).toEqual([])
  })

  it('accepts policy.example.yml from the repository root', () => {
    const policy = parsePolicy(readRelative('../policy.example.yml'), 'policy.example.yml')

    expect(policy.warnings).toEqual([])
    expect(Object.keys(policy.thresholds).length).toBeGreaterThan(0)
    for (const entry of policy.allowlist) {
      expect(entry.md5).toMatch(/^[0-9a-f]{32}$/)
      expect(entry.reason.length).toBeGreaterThan(0)
    }
  })

  it('accepts the numeric level keys 4..1 as critical..low', () => {
    const policy = parsePolicy(fixture('numeric-levels.yml'), FILE)

    expect(policy.thresholds).toEqual({ critical: 0, high: 1, medium: 2, low: 3 })
  })

  it('accepts level names and numbers mixed', () => {
    const policy = parsePolicy(yaml('version: 1', 'thresholds:', '  critical: 0', '  1: 40'), FILE)

    expect(policy.thresholds).toEqual({ critical: 0, low: 40 })
  })

  it('leaves unlisted levels out of the thresholds (unlimited)', () => {
    const policy = parsePolicy(yaml('version: 1', 'thresholds:', '  high: 3'), FILE)

    expect(policy.thresholds).toEqual({ high: 3 })
    expect(policy.thresholds.critical).toBeUndefined()
  })

  it('accepts large whole thresholds written in decimal', () => {
    const policy = parsePolicy(yaml('version: 1', 'thresholds:', '  low: 1000000'), FILE)

    expect(policy.thresholds.low).toBe(1000000)
  })

  it('lowercases md5 values and omits expires when not given', () => {
    const policy = parsePolicy(fixture('no-thresholds.yml'), FILE)

    expect(policy.allowlist).toEqual([
      { md5: '0123456789abcdef0123456789abcdef', reason: 'Vendored test sample', line: 3 }
    ])
    expect(policy.allowlist[0]).not.toHaveProperty('expires')
  })

  it.each([
    ['12345678901234567890123456789012'],
    ['00000000000000000000000000000000'],
    ['01234567890123456789012345678901'],
    ['1e345678901234567890123456789012']
  ])('keeps the digits of the number-like md5 %s intact', (md5) => {
    const policy = parsePolicy(
      yaml(
        'version: 1',
        'thresholds:',
        '  critical: 0',
        'allowlist:',
        `  - md5: ${md5}`,
        '    reason: ok'
      ),
      FILE
    )

    expect(policy.allowlist.map((entry) => entry.md5)).toEqual([md5])
  })

  it('accepts a quoted date and a quoted md5', () => {
    const policy = parsePolicy(
      yaml(
        'version: 1',
        'thresholds: { critical: 0 }',
        'allowlist:',
        '  - md5: "27501AAED5E639693783321219989889"',
        "    reason: 'Known sample'",
        '    expires: "2028-02-29"'
      ),
      FILE
    )

    expect(policy.allowlist[0]).toMatchObject({
      md5: '27501aaed5e639693783321219989889',
      reason: 'Known sample',
      expires: '2028-02-29'
    })
  })

  it('treats an empty allowlist as excusing nothing', () => {
    const policy = parsePolicy(
      yaml('version: 1', 'thresholds:', '  critical: 0', 'allowlist:'),
      FILE
    )

    expect(policy.allowlist).toEqual([])
  })
})

describe('parsePolicy: the "no thresholds" warning', () => {
  it('warns when the thresholds key is absent', () => {
    const policy = parsePolicy(fixture('no-thresholds.yml'), FILE)

    expect(policy.warnings).toHaveLength(1)
    expect(policy.warnings[0]).toContain(FILE)
    expect(policy.warnings[0]).toMatch(/no thresholds/)
    expect(policy.warnings[0]).toMatch(/unlimited/)
  })

  it('warns when thresholds is an empty mapping', () => {
    const policy = parsePolicy(yaml('version: 1', 'thresholds: {}'), FILE)

    expect(policy.thresholds).toEqual({})
    expect(policy.warnings).toEqual([expect.stringMatching(/no thresholds/)])
  })

  it('does not warn when a threshold is set, even an unusual one', () => {
    const policy = parsePolicy(yaml('version: 1', 'thresholds:', '  low: 99'), FILE)

    expect(policy.warnings).toEqual([])
  })
})

describe('parsePolicy: mistakes in the structure', () => {
  it('reports an unknown top-level key such as a "threshold" typo', () => {
    const problem = onlyProblem(yaml('version: 1', 'threshold:', '  critical: 0'))

    expect(problem).toMatchObject({ line: 2, column: 1 })
    expect(problem.message).toContain('threshold')
    expect(problem.message).toMatch(/version, thresholds, allowlist/)
  })

  it('reports an unknown key in an allowlist entry', () => {
    const problem = onlyProblem(
      yaml(
        'version: 1',
        'thresholds: { critical: 0 }',
        'allowlist:',
        '  - md5: 27501aaed5e639693783321219989889',
        '    reason: sample',
        '    comment: extra'
      )
    )

    expect(problem).toMatchObject({ line: 6, column: 5 })
    expect(problem.message).toContain('comment')
    expect(problem.message).toMatch(/md5, reason, expires/)
  })

  it('reports thresholds given as a list', () => {
    const problem = onlyProblem(yaml('version: 1', 'thresholds:', '  - critical: 0'))

    expect(problem).toMatchObject({ line: 3, column: 3 })
    expect(problem.message).toMatch(/mapping/)
    expect(problem.message).toMatch(/a list/)
  })

  it('reports thresholds with no value', () => {
    const problem = onlyProblem(yaml('version: 1', 'thresholds:'))

    expect(problem.line).toBe(2)
    expect(problem.message).toMatch(/mapping/)
  })

  it('reports an allowlist given as a mapping', () => {
    const problem = onlyProblem(
      yaml(
        'version: 1',
        'thresholds: { critical: 0 }',
        'allowlist:',
        '  27501aaed5e639693783321219989889: sample'
      )
    )

    expect(problem).toMatchObject({ line: 4, column: 3 })
    expect(problem.message).toMatch(/list/)
    expect(problem.message).toMatch(/a mapping/)
  })

  it('reports an allowlist entry that is not a mapping', () => {
    const problem = onlyProblem(
      yaml(
        'version: 1',
        'thresholds: { critical: 0 }',
        'allowlist:',
        '  - 27501aaed5e639693783321219989889'
      )
    )

    expect(problem).toMatchObject({ line: 4, column: 5 })
    expect(problem.message).toMatch(/md5, reason/)
  })
})

describe('parsePolicy: thresholds', () => {
  const threshold = (value: string): PolicyProblem =>
    onlyProblem(yaml('version: 1', 'thresholds:', `  high: ${value}`))

  it.each([
    ['-1', /negative/],
    ['1.5', /fraction/],
    ['0x10', /decimal/],
    ['1e3', /decimal/],
    ['0o7', /decimal/],
    ['99999999999999999999', /too large/],
    ['"5"', /not a number/],
    ["'0'", /not a number/],
    ['true', /not a number/],
    ['~', /empty/],
    ['[1]', /a list, not a number/],
    ['{ n: 1 }', /a mapping, not a number/]
  ])('rejects the threshold %s', (value, why) => {
    const problem = threshold(value)

    expect(problem).toMatchObject({ line: 3, column: 9 })
    expect(problem.message).toMatch(why)
    expect(problem.message).toMatch(/high/)
    expect(problem.message).toMatch(/whole number/)
  })

  it('reports a level with no threshold value', () => {
    const problem = onlyProblem(yaml('version: 1', 'thresholds:', '  high:', '  low: 1'))

    expect(problem.line).toBe(3)
    expect(problem.message).toMatch(/high is empty/)
  })

  it('reports an unknown level name and names the allowed levels', () => {
    const problem = onlyProblem(yaml('version: 1', 'thresholds:', '  critical: 0', '  severe: 1'))

    expect(problem).toMatchObject({ line: 4, column: 3 })
    expect(problem.message).toContain('severe')
    for (const allowed of ['critical', 'high', 'medium', 'low', '4', '1']) {
      expect(problem.message).toContain(allowed)
    }
  })

  it.each([['0'], ['5'], ['Critical']])('reports the level key %s as unknown', (key) => {
    const problem = onlyProblem(yaml('version: 1', 'thresholds:', `  ${key}: 1`))

    expect(problem).toMatchObject({ line: 3, column: 3 })
    expect(problem.message).toMatch(/unknown level/)
  })

  it('reports the same level given by name and by number, on the second', () => {
    const problem = onlyProblem(yaml('version: 1', 'thresholds:', '  critical: 0', '  4: 2'))

    expect(problem).toMatchObject({ line: 4, column: 3 })
    expect(problem.message).toMatch(/critical/)
    expect(problem.message).toMatch(/twice/)
  })
})

describe('parsePolicy: allowlist entries', () => {
  const entry = (...lines: string[]): string =>
    yaml('version: 1', 'thresholds: { critical: 0 }', 'allowlist:', ...lines)

  it.each([
    ['27501aaed5e63969378332121998988'],
    ['27501aaed5e639693783321219989889a'],
    ['27501aaed5e639693783321219989g89'],
    ['"27501aaed5e63969-783321219989889"'],
    ['12345678901234567890123456789012345']
  ])('rejects the md5 %s', (md5) => {
    const problem = onlyProblem(entry(`  - md5: ${md5}`, '    reason: sample'))

    expect(problem).toMatchObject({ line: 4, column: 10 })
    expect(problem.message).toMatch(/32 hexadecimal digits/)
  })

  it('reports an entry without md5', () => {
    const problem = onlyProblem(entry('  - reason: sample'))

    expect(problem).toMatchObject({ line: 4, column: 5 })
    expect(problem.message).toMatch(/no md5/)
  })

  it('reports an entry without reason', () => {
    const problem = onlyProblem(entry('  - md5: 27501aaed5e639693783321219989889'))

    expect(problem).toMatchObject({ line: 4, column: 5 })
    expect(problem.message).toMatch(/no reason/)
  })

  it.each([['""'], ["'   '"], ['']])('reports the empty reason %s', (reason) => {
    const problem = onlyProblem(
      entry('  - md5: 27501aaed5e639693783321219989889', `    reason: ${reason}`)
    )

    expect(problem.line).toBe(5)
    expect(problem.message).toMatch(/reason/)
    expect(problem.message).toMatch(/non-empty text/)
  })

  it('reports a reason that is a number', () => {
    const problem = onlyProblem(
      entry('  - md5: 27501aaed5e639693783321219989889', '    reason: 42')
    )

    expect(problem).toMatchObject({ line: 5, column: 13 })
    expect(problem.message).toMatch(/reason/)
  })

  it('reports a duplicate md5 regardless of case, on the second entry, naming the first line', () => {
    const problem = onlyProblem(
      entry(
        '  - md5: 27501aaed5e639693783321219989889',
        '    reason: first',
        '  - md5: 0123456789abcdef0123456789abcdef',
        '    reason: other',
        '  - md5: 27501AAED5E639693783321219989889',
        '    reason: second'
      )
    )

    expect(problem).toMatchObject({ line: 8, column: 5 })
    expect(problem.message).toMatch(/duplicate/)
    expect(problem.message).toContain('27501aaed5e639693783321219989889')
    expect(problem.message).toMatch(/line 4\b/)
  })

  it.each([
    ['2027-02-30'],
    ['27-06-30'],
    ['2027/06/30'],
    ['2027-6-30'],
    ['2027-13-01'],
    ['tomorrow']
  ])('rejects the date %s', (date) => {
    const problem = onlyProblem(
      entry(
        '  - md5: 27501aaed5e639693783321219989889',
        '    reason: sample',
        `    expires: ${date}`
      )
    )

    expect(problem).toMatchObject({ line: 6, column: 14 })
    expect(problem.message).toMatch(/YYYY-MM-DD/)
  })
})

describe('parsePolicy: version', () => {
  it('reports a missing version', () => {
    const problem = onlyProblem(yaml('thresholds:', '  critical: 0'))

    expect(problem.line).toBe(1)
    expect(problem.message).toMatch(/version: 1/)
  })

  it.each([['2'], ['"1"'], ['0x1'], ['v1']])('rejects version %s', (version) => {
    const problem = onlyProblem(yaml(`version: ${version}`, 'thresholds:', '  critical: 0'))

    expect(problem).toMatchObject({ line: 1, column: 10 })
    expect(problem.message).toMatch(/expected 1/)
  })
})

describe('parsePolicy: the document as a whole', () => {
  it.each([[''], ['\n\n'], ['# only a comment\n'], ['---\n']])(
    'reports the empty file %j',
    (text) => {
      const problem = onlyProblem(text)

      expect(problem.line).toBe(1)
      expect(problem.message).toMatch(/empty/)
    }
  )

  it.each([
    ['- version: 1\n', /a list/],
    ['version 1\n', /the text/],
    ['42\n', /the number/]
  ])('reports the non-mapping root %j', (text, found) => {
    const problem = onlyProblem(text)

    expect(problem).toMatchObject({ line: 1, column: 1 })
    expect(problem.message).toMatch(/expected a mapping/)
    expect(problem.message).toMatch(found)
  })

  it('reports a YAML syntax error with its location', () => {
    const { problems } = policyError(yaml('version: 1', 'thresholds: [0, 1', 'allowlist:'))

    expect(problems.length).toBeGreaterThan(0)
    expect(problems[0].line).toBeGreaterThanOrEqual(2)
    expect(problems[0].message).not.toMatch(/at line \d+/)
  })

  it('reports bad indentation as a YAML error', () => {
    const { problems } = policyError(yaml('version: 1', 'thresholds:', '  critical: 0', ' high: 0'))

    expect(problems[0].line).toBe(4)
  })

  it('reports a duplicate key at the second occurrence', () => {
    const problem = onlyProblem(yaml('version: 1', 'thresholds:', '  high: 0', '  high: 1'))

    expect(problem).toMatchObject({ line: 4, column: 3 })
    expect(problem.message).toMatch(/unique/)
  })

  it('reports a duplicate top-level key', () => {
    const problem = onlyProblem(yaml('version: 1', 'thresholds: {}', 'version: 1'))

    expect(problem).toMatchObject({ line: 3, column: 1 })
  })

  it('reports aliases', () => {
    const problem = onlyProblem(
      yaml('version: 1', 'thresholds:', '  critical: &zero 0', '  high: *zero')
    )

    expect(problem).toMatchObject({ line: 4, column: 9 })
    expect(problem.message).toMatch(/alias/)
  })

  it('reports several documents in one file', () => {
    const { problems } = policyError(
      yaml('version: 1', 'thresholds:', '  critical: 0', '---', 'version: 1')
    )

    expect(problems).toHaveLength(1)
    expect(problems[0].line).toBe(4)
    expect(problems[0].message).toMatch(/multiple documents/)
  })

  it('reports every mistake together, in file order, naming the file', () => {
    const file = 'ci/policy.yml'
    const error = policyError(fixture('several-mistakes.yml'), file)

    expect(error.file).toBe(file)
    expect(error.message).toContain(`${file}:2:1`)
    expect(error.problems.map(({ line, column }) => [line, column])).toEqual([
      [2, 1],
      [5, 13],
      [6, 3],
      [8, 10],
      [12, 14]
    ])
    expect(error.problems[1].message).toMatch(/negative/)
    expect(error.problems[2].message).toMatch(/severe/)
    expect(error.problems[3].message).toMatch(/not-an-md5/)
    expect(error.problems[4].message).toMatch(/2027-02-30/)
  })

  it('reports a missing version together with other mistakes', () => {
    const { problems } = policyError(yaml('thresholds:', '  critical: -1'))

    expect(problems).toHaveLength(2)
    expect(problems.map((problem) => problem.message).join('\n')).toMatch(/negative[\s\S]*version/)
  })
})

describe('defaultPolicy', () => {
  it('is critical: 0, high: 0 with an empty allowlist', () => {
    const policy = defaultPolicy()

    expect(policy).toEqual({
      source: DEFAULT_POLICY_SOURCE,
      thresholds: { critical: 0, high: 0 },
      allowlist: [],
      warnings: []
    })
  })

  it('returns a fresh object every time', () => {
    const first = defaultPolicy()
    first.thresholds.medium = 3
    first.allowlist.push({ md5: 'a'.repeat(32), reason: 'x', line: 0 })

    expect(defaultPolicy().thresholds).toEqual({ critical: 0, high: 0 })
    expect(defaultPolicy().allowlist).toEqual([])
  })
})

describe('parsePolicy: numbers must be written plainly', () => {
  it.each(['1.0', '01', '0x1'])('refuses version %s', (written) => {
    const problem = onlyProblem(yaml(`version: ${written}`, 'thresholds:', '  critical: 0'))
    expect(problem).toMatchObject({ line: 1, column: 10 })
    expect(problem.message).toMatch(/expected 1/)
  })

  it.each(['2.0', '3.'])('refuses the threshold %s written with a decimal point', (written) => {
    const problem = onlyProblem(yaml('version: 1', 'thresholds:', `  high: ${written}`))
    expect(problem).toMatchObject({ line: 3, column: 9 })
    expect(problem.message).toMatch(/whole number/)
  })

  it.each(['04', '4.0', '0x4'])('refuses the level key %s', (written) => {
    const problem = onlyProblem(yaml('version: 1', 'thresholds:', `  ${written}: 0`))
    expect(problem).toMatchObject({ line: 3, column: 3 })
    expect(problem.message).toMatch(/unknown level/)
  })
})

describe('parsePolicy: allowlist paths', () => {
  it('reads a list of glob patterns', () => {
    const policy = parsePolicy(
      yaml(
        'version: 1',
        'allowlist:',
        '  - md5: 27501aaed5e639693783321219989889',
        '    reason: fixtures',
        '    paths: [/app/test/**, "**/fixtures/*.php"]'
      ),
      FILE
    )
    expect(policy.allowlist[0].paths).toEqual(['/app/test/**', '**/fixtures/*.php'])
  })

  it.each([
    ['    paths: /app/**', 5, 12, /list of glob patterns/],
    ['    paths: []', 5, 12, /list of glob patterns/],
    ['    paths: [app/test/**]', 5, 13, /relative/],
    ['    paths: [1]', 5, 13, /not a pattern/],
    ['    paths: [""]', 5, 13, /not a pattern/]
  ])('refuses %s', (line, lineNumber, column, message) => {
    const problem = onlyProblem(
      yaml(
        'version: 1',
        'allowlist:',
        '  - md5: 27501aaed5e639693783321219989889',
        '    reason: r',
        line
      )
    )
    expect(problem).toMatchObject({ line: lineNumber, column })
    expect(problem.message).toMatch(message)
  })
})

describe('parsePolicy: messages word for word', () => {
  const MD5 = '27501aaed5e639693783321219989889'

  it('names an unknown key as written, and what is allowed', () => {
    expect(onlyProblem(yaml('version: 1', 'threshold:', '  critical: 0')).message).toBe(
      'unknown key "threshold"; allowed keys: version, thresholds, allowlist'
    )
    expect(onlyProblem(yaml('version: 1', 'thresholds:', '  severe: 1')).message).toBe(
      'unknown level "severe"; allowed levels: critical, high, medium, low (or 4, 3, 2, 1)'
    )
    expect(
      onlyProblem(
        yaml('version: 1', 'allowlist:', `  - md5: ${MD5}`, '    reason: r', '    comment: x')
      ).message
    ).toBe('unknown key "comment" in an allowlist entry; allowed keys: md5, reason, expires, paths')
  })

  it('says what a root that is no mapping is', () => {
    expect(onlyProblem('- version: 1\n').message).toBe(
      'expected a mapping with the keys version, thresholds, allowlist, found a list'
    )
  })

  it('refuses an alias in its own words, wherever it stands', () => {
    const problem = onlyProblem(
      yaml('version: 1', 'thresholds:', '  critical: &zero 0', '  high: *zero')
    )
    expect(problem.message).toBe(
      'YAML aliases (*name) are not allowed in a policy; write the value out'
    )
  })

  it('tells a paths entry of blanks apart from a relative one', () => {
    const problem = onlyProblem(
      yaml('version: 1', 'allowlist:', `  - md5: ${MD5}`, '    reason: r', '    paths: ["   "]')
    )
    expect(problem.message).toBe(
      "paths entry '   ' is not a pattern; expected a list of glob patterns of paths inside the image, such as /app/test/**"
    )
  })

  it('refuses an allowlist that is a word, not a list', () => {
    expect(onlyProblem(yaml('version: 1', 'allowlist: none')).message).toBe(
      `"allowlist" must be a list of entries with md5 and reason, found the text 'none'`
    )
  })
})

describe('parsePolicy: what the reading keeps and leaves out', () => {
  const MD5 = '27501aaed5e639693783321219989889'

  it('trims the reason, and leaves out the paths of an entry that gives none', () => {
    const policy = parsePolicy(
      yaml('version: 1', 'allowlist:', `  - md5: ${MD5}`, '    reason: "  Known sample  "'),
      FILE
    )
    expect(policy.allowlist[0].reason).toBe('Known sample')
    expect(policy.allowlist[0]).not.toHaveProperty('paths')
  })

  it('takes an allowlist key with no value at all as an empty allowlist', () => {
    const policy = parsePolicy(
      yaml('version: 1', 'thresholds: { critical: 0 }', '? allowlist'),
      FILE
    )
    expect(policy.allowlist).toEqual([])
  })

  it.each([['    comment: extra'], ['    paths: []'], ['    expires: tomorrow']])(
    'reads no entry with the mistake %j, so a later entry of its md5 is no duplicate',
    (mistake) => {
      const problem = onlyProblem(
        yaml(
          'version: 1',
          'allowlist:',
          `  - md5: ${MD5}`,
          '    reason: first',
          mistake,
          `  - md5: ${MD5}`,
          '    reason: second'
        )
      )
      expect(problem.line).toBe(5)
    }
  )

  it('says only that md5 is missing when an entry has neither md5 nor reason', () => {
    const problem = onlyProblem(yaml('version: 1', 'allowlist:', '  - expires: 2027-01-01'))
    expect(problem.message).toBe(
      'allowlist entry has no md5; every entry needs md5 (32 hex digits) and reason'
    )
  })

  it('stops at the YAML mistakes, before looking for aliases or reading what the document says', () => {
    const problem = onlyProblem(
      yaml(
        'version: 1',
        'version: 1',
        'extra: 1',
        'thresholds:',
        '  critical: &zero 0',
        '  high: *zero'
      )
    )
    expect(problem).toMatchObject({ line: 2, message: 'Map keys must be unique' })
  })

  it('holds YAML to its strict reading: an implicit key spread over two lines is a mistake', () => {
    const problem = onlyProblem(yaml('version: 1', 'thresholds: [critical', '  : 0]'))
    expect(problem.message).toBe('Implicit keys of flow sequence pairs need to be on a single line')
  })

  it('reports at most 50 YAML mistakes, and at most 50 aliases', () => {
    const duplicates = policyError(yaml('version: 1', ...Array(60).fill('version: 1')))
    expect(duplicates.problems).toHaveLength(50)
    expect(duplicates.problems.at(-1)?.line).toBe(51)
    const aliases = policyError(
      yaml('version: 1', 'x: &one 1', 'allowlist:', ...Array(60).fill('  - *one'))
    )
    expect(aliases.problems).toHaveLength(50)
    expect(new Set(aliases.problems.map((problem) => problem.message))).toEqual(
      new Set(['YAML aliases (*name) are not allowed in a policy; write the value out'])
    )
  })
})
