import { evaluatePolicy, withinThresholds, type Finding } from '../src/core/evaluate.js'
import { levelOfRisk, type Level } from '../src/core/levels.js'
import { finding, policy, TODAY } from './helpers/builders.js'

function many(count: number, riskLevel: number): Finding[] {
  return Array.from({ length: count }, () => finding(riskLevel))
}

function levelResult(evaluation: ReturnType<typeof evaluatePolicy>, level: Level) {
  const result = evaluation.levels.find((candidate) => candidate.level === level)
  if (!result) throw new Error(`no result for ${level}`)
  return result
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

const CRITICAL = 4
const HIGH = 3
const MEDIUM = 2
const LOW = 1

describe('evaluatePolicy: thresholds', () => {
  it('passes with no findings', () => {
    const evaluation = evaluatePolicy([], policy({ critical: 0, high: 0 }), TODAY)

    expect(evaluation.verdict).toBe('pass')
    expect(evaluation.violations).toBe(0)
    expect(evaluation.findings).toEqual([])
    expect(evaluation.reason).not.toMatch(/violat/i)
  })

  it.each([
    [0, 0, 'pass'],
    [0, 1, 'fail'],
    [2, 2, 'pass'],
    [2, 3, 'fail'],
    [10, 10, 'pass'],
    [10, 11, 'fail']
  ])('threshold %i with %i findings: %s', (threshold, count, verdict) => {
    const evaluation = evaluatePolicy(many(count, HIGH), policy({ high: threshold }), TODAY)

    expect(evaluation.verdict).toBe(verdict)
    expect(evaluation.violations).toBe(verdict === 'fail' ? count : 0)
    expect(levelResult(evaluation, 'high')).toMatchObject({
      found: count,
      counted: count,
      threshold,
      breached: verdict === 'fail'
    })
  })

  it('treats a level without a threshold as unlimited', () => {
    const evaluation = evaluatePolicy(many(500, MEDIUM), policy({ critical: 0 }), TODAY)

    expect(evaluation.verdict).toBe('pass')
    expect(evaluation.violations).toBe(0)
    expect(levelResult(evaluation, 'medium')).toMatchObject({
      found: 500,
      counted: 500,
      threshold: undefined,
      breached: false
    })
  })

  it('passes everything when no threshold is set', () => {
    const findings = [...many(3, CRITICAL), finding(null), ...many(2, LOW)]
    const evaluation = evaluatePolicy(findings, policy({}), TODAY)

    expect(evaluation.verdict).toBe('pass')
    expect(evaluation.findings.every((judged) => !judged.violation)).toBe(true)
  })

  it('marks every finding of a breached level as a violation and none of an unbreached one', () => {
    const critical = many(2, CRITICAL)
    const high = many(3, HIGH)
    const low = many(4, LOW)
    const evaluation = evaluatePolicy(
      [...low, ...high, ...critical],
      policy({ critical: 1, high: 3, low: 0 }),
      TODAY
    )
    const violating = (level: string) =>
      evaluation.findings.filter((judged) => judged.level === level && judged.violation).length

    expect(evaluation.verdict).toBe('fail')
    expect(violating('critical')).toBe(2)
    expect(violating('high')).toBe(0)
    expect(violating('low')).toBe(4)
    expect(evaluation.violations).toBe(6)
    expect(levelResult(evaluation, 'high').breached).toBe(false)
  })

  it('sums found, allowlisted and counted per level', () => {
    const excused = finding(CRITICAL)
    const evaluation = evaluatePolicy(
      [excused, ...many(2, CRITICAL), ...many(1, MEDIUM)],
      policy({ critical: 5 }, [{ md5: excused.md5, reason: 'known' }]),
      TODAY
    )

    expect(levelResult(evaluation, 'critical')).toMatchObject({
      found: 3,
      allowlisted: 1,
      counted: 2,
      threshold: 5,
      breached: false
    })
    expect(levelResult(evaluation, 'medium')).toMatchObject({
      found: 1,
      allowlisted: 0,
      counted: 1
    })
    expect(evaluation.levels.map((result) => result.level)).toEqual([
      'critical',
      'high',
      'medium',
      'low'
    ])
  })
})

describe('evaluatePolicy: allowlist', () => {
  const md5 = '27501aaed5e639693783321219989889'

  it('matches md5 case-insensitively and attaches the reason', () => {
    const excused = finding(CRITICAL, { md5: md5.toUpperCase() })
    const evaluation = evaluatePolicy(
      [excused],
      policy({ critical: 0 }, [{ md5, reason: 'scanner test fixture' }]),
      TODAY
    )

    expect(evaluation.verdict).toBe('pass')
    expect(evaluation.allowlisted).toBe(1)
    expect(evaluation.findings[0]).toMatchObject({
      md5: md5.toUpperCase(),
      allowlisted: true,
      allowlistReason: 'scanner test fixture',
      violation: false
    })
  })

  it('excuses every finding with the md5, whatever its path', () => {
    const findings = [
      finding(HIGH, { md5, path: '/a/one' }),
      finding(HIGH, { md5, path: '/b/two' }),
      finding(HIGH, { md5: md5.toUpperCase(), path: '/c/three' })
    ]
    const evaluation = evaluatePolicy(findings, policy({ high: 0 }, [{ md5, reason: 'ok' }]), TODAY)

    expect(evaluation.verdict).toBe('pass')
    expect(evaluation.allowlisted).toBe(3)
  })

  it('does not count an allowlisted finding against the threshold', () => {
    const findings = [finding(CRITICAL, { md5 }), ...many(2, CRITICAL)]
    const evaluation = evaluatePolicy(
      findings,
      policy({ critical: 1 }, [{ md5, reason: 'ok' }]),
      TODAY
    )

    expect(evaluation.verdict).toBe('fail')
    expect(evaluation.violations).toBe(2)
    expect(evaluation.allowlisted).toBe(1)
    const excused = evaluation.findings.find((judged) => judged.md5 === md5)
    expect(excused).toMatchObject({ allowlisted: true, violation: false })
  })

  it('does not excuse findings that have no md5', () => {
    const evaluation = evaluatePolicy(
      [finding(CRITICAL, { md5: '' })],
      policy({ critical: 0 }, [{ md5, reason: 'ok' }]),
      TODAY
    )

    expect(evaluation.verdict).toBe('fail')
    expect(evaluation.findings[0].allowlisted).toBe(false)
  })

  it('leaves findings with other md5s alone', () => {
    const evaluation = evaluatePolicy(
      [finding(CRITICAL)],
      policy({ critical: 0 }, [{ md5, reason: 'ok' }]),
      TODAY
    )

    expect(evaluation.verdict).toBe('fail')
    expect(evaluation.findings[0]).not.toHaveProperty('allowlistReason')
  })

  it('applies an entry on its expiry day', () => {
    const evaluation = evaluatePolicy(
      [finding(CRITICAL, { md5 })],
      policy({ critical: 0 }, [{ md5, reason: 'ok', expires: '2026-03-15' }]),
      '2026-03-15'
    )

    expect(evaluation.verdict).toBe('pass')
    expect(evaluation.allowlisted).toBe(1)
    expect(evaluation.warnings).toEqual([])
  })

  it('no longer applies an entry the day after it expires, and warns naming the md5', () => {
    const evaluation = evaluatePolicy(
      [finding(CRITICAL, { md5 })],
      policy({ critical: 0 }, [{ md5, reason: 'ok', expires: '2026-03-15' }]),
      '2026-03-16'
    )

    expect(evaluation.verdict).toBe('fail')
    expect(evaluation.allowlisted).toBe(0)
    expect(evaluation.findings[0]).toMatchObject({ allowlisted: false, violation: true })
    expect(evaluation.warnings).toEqual([])
    expect(evaluation.hygiene.expired.map((entry) => entry.md5)).toEqual([md5])
    expect(evaluation.hygiene.messages).toHaveLength(1)
    expect(evaluation.hygiene.messages[0]).toContain(md5)
    expect(evaluation.hygiene.messages[0]).toMatch(/expired/)
    expect(evaluation.hygiene.messages[0]).toContain('2026-03-15')
  })

  it('compares expiry across months and years correctly', () => {
    const entry = { md5, reason: 'ok', expires: '2026-12-31' }
    const before = evaluatePolicy(
      [finding(HIGH, { md5 })],
      policy({ high: 0 }, [entry]),
      '2026-12-31'
    )
    const after = evaluatePolicy(
      [finding(HIGH, { md5 })],
      policy({ high: 0 }, [entry]),
      '2027-01-01'
    )

    expect(before.verdict).toBe('pass')
    expect(after.verdict).toBe('fail')
  })

  it('warns about an expired entry even when no finding matches it', () => {
    const evaluation = evaluatePolicy(
      [],
      policy({ critical: 0 }, [{ md5, reason: 'ok', expires: '2020-01-01' }]),
      TODAY
    )

    expect(evaluation.verdict).toBe('pass')
    expect(evaluation.hygiene.messages).toEqual([expect.stringContaining(md5)])
    expect(evaluation.hygiene.stale).toEqual([])
  })

  it('keeps the policy warnings apart from the allowlist hygiene', () => {
    const evaluation = evaluatePolicy(
      [],
      policy({}, [{ md5, reason: 'ok', expires: '2020-01-01' }], ['policy sets no thresholds']),
      TODAY
    )

    expect(evaluation.warnings).toEqual(['policy sets no thresholds'])
    expect(evaluation.hygiene.messages).toEqual([expect.stringContaining(md5)])
  })
})

describe('evaluatePolicy: allowlist scope and hygiene', () => {
  const md5 = '0123456789abcdef0123456789abcdef'
  const other = 'fedcba9876543210fedcba9876543210'

  it('limits an entry with paths to the findings whose path matches one of its globs', () => {
    const rules = policy({ critical: 0 }, [
      { md5, reason: 'fixtures', paths: ['/app/test/**', '/srv/*.php'] }
    ])
    const evaluation = evaluatePolicy(
      [
        finding(CRITICAL, { md5, path: '/app/test/fixtures/deep/eicar.com' }),
        finding(CRITICAL, { md5, path: '/srv/shell.php' }),
        finding(CRITICAL, { md5, path: '/srv/sub/shell.php' }),
        finding(CRITICAL, { md5, path: '/app/bin/eicar.com' })
      ],
      rules,
      TODAY
    )

    const byPath = Object.fromEntries(evaluation.findings.map((f) => [f.path, f.allowlisted]))
    expect(byPath).toEqual({
      '/app/test/fixtures/deep/eicar.com': true,
      '/srv/shell.php': true,
      '/srv/sub/shell.php': false,
      '/app/bin/eicar.com': false
    })
    expect(evaluation.violations).toBe(2)
  })

  it('matches dot-files and directories with globs', () => {
    const rules = policy({ critical: 0 }, [{ md5, reason: 'cache', paths: ['/root/**'] }])
    const evaluation = evaluatePolicy(
      [finding(CRITICAL, { md5, path: '/root/.cache/.x' })],
      rules,
      TODAY
    )
    expect(evaluation.allowlisted).toBe(1)
  })

  it('names entries that matched no finding as stale, and not the ones that did', () => {
    const rules = policy({ critical: 0 }, [
      { md5, reason: 'used' },
      { md5: other, reason: 'gone' }
    ])
    const evaluation = evaluatePolicy([finding(CRITICAL, { md5 })], rules, TODAY)

    expect(evaluation.hygiene.stale.map((entry) => entry.md5)).toEqual([other])
    expect(evaluation.hygiene.messages).toEqual([
      expect.stringMatching(new RegExp(`${other}.*matched no finding`))
    ])
  })

  it('counts an entry whose paths match nothing as stale', () => {
    const rules = policy({ critical: 0 }, [{ md5, reason: 'scoped', paths: ['/nowhere/**'] }])
    const evaluation = evaluatePolicy([finding(CRITICAL, { md5, path: '/app/x' })], rules, TODAY)
    expect(evaluation.hygiene.stale.map((entry) => entry.md5)).toEqual([md5])
    expect(evaluation.hygiene.messages[0]).toMatch(/within its paths/)
  })

  it.each([
    ['2026-03-15', 0, true],
    ['2026-03-29', 14, true],
    ['2026-03-30', 15, false]
  ])('warns when an entry expires on %s (%i days ahead): %p', (expires, days, warned) => {
    const rules = policy({ critical: 0 }, [{ md5, reason: 'soon', expires }])
    const evaluation = evaluatePolicy([finding(CRITICAL, { md5 })], rules, TODAY)

    expect(evaluation.allowlisted).toBe(1)
    expect(evaluation.hygiene.expiringSoon).toEqual(
      warned ? [{ entry: expect.objectContaining({ md5 }), days }] : []
    )
    expect(evaluation.hygiene.messages).toHaveLength(warned ? 1 : 0)
  })
})

describe('evaluatePolicy: unknown risk levels', () => {
  const unknownRisks: unknown[] = [null, undefined, 0, 5, -1, 2.5, '4', 'critical', Number.NaN]

  it.each(unknownRisks.map((risk) => [risk]))('maps RiskLevel %p to unknown', (risk) => {
    expect(levelOfRisk(risk)).toBe('unknown')
  })

  it.each([
    [4, 'critical'],
    [3, 'high'],
    [2, 'medium'],
    [1, 'low']
  ])('maps RiskLevel %i to %s', (risk, level) => {
    expect(levelOfRisk(risk)).toBe(level)
  })

  it('judges unknown levels as critical and counts them as unknown', () => {
    const findings = unknownRisks.map((risk) => finding(risk))
    const evaluation = evaluatePolicy(findings, policy({ critical: 0 }), TODAY)

    expect(evaluation.verdict).toBe('fail')
    expect(evaluation.violations).toBe(unknownRisks.length)
    expect(evaluation.counts.unknown).toBe(unknownRisks.length)
    expect(evaluation.counts.critical).toBe(0)
    expect(levelResult(evaluation, 'critical')).toMatchObject({
      found: unknownRisks.length,
      counted: unknownRisks.length,
      breached: true
    })
    expect(evaluation.findings.every((judged) => judged.level === 'unknown')).toBe(true)
    expect(evaluation.reason).toMatch(/unknown/)
  })

  it('adds unknown findings to the critical count against the threshold', () => {
    const findings = [finding(CRITICAL), finding(CRITICAL), finding(null)]

    expect(evaluatePolicy(findings, policy({ critical: 3 }), TODAY).verdict).toBe('pass')
    expect(evaluatePolicy(findings, policy({ critical: 2 }), TODAY).verdict).toBe('fail')
  })

  it('judges an out-of-range RiskLevel against the critical threshold', () => {
    const evaluation = evaluatePolicy([finding(7)], policy({ critical: 0, high: 5 }), TODAY)

    expect(evaluation.verdict).toBe('fail')
    expect(evaluation.findings[0]).toMatchObject({
      level: 'unknown',
      riskLevel: 7,
      violation: true
    })
  })

  it('lets an unknown finding be allowlisted like any other', () => {
    const md5 = 'ffffffffffffffffffffffffffffffff'
    const evaluation = evaluatePolicy(
      [finding(null, { md5 })],
      policy({ critical: 0 }, [{ md5, reason: 'ok' }]),
      TODAY
    )

    expect(evaluation.verdict).toBe('pass')
    expect(evaluation.counts.unknown).toBe(1)
  })
})

describe('evaluatePolicy: counts and order', () => {
  it('counts every finding, allowlisted or not, per level', () => {
    const md5 = 'abcdefabcdefabcdefabcdefabcdefab'
    const findings = [
      finding(CRITICAL, { md5 }),
      ...many(2, HIGH),
      ...many(3, LOW),
      finding(null),
      finding(9)
    ]
    const evaluation = evaluatePolicy(
      findings,
      policy({ critical: 0, high: 0 }, [{ md5, reason: 'ok' }]),
      TODAY
    )

    expect(evaluation.counts).toEqual({ critical: 1, high: 2, medium: 0, low: 3, unknown: 2 })
    expect(Object.values(evaluation.counts).reduce((sum, count) => sum + count, 0)).toBe(
      findings.length
    )
    expect(evaluation.findings).toHaveLength(findings.length)
    expect(evaluation.allowlisted).toBe(1)
    expect(evaluation.violations).toBe(4)
  })

  it('orders by level descending, unknown with critical, then by path', () => {
    const findings = [
      finding(LOW, { path: '/a' }),
      finding(CRITICAL, { path: '/m' }),
      finding(MEDIUM, { path: '/b' }),
      finding(null, { path: '/c' }),
      finding(HIGH, { path: '/z' }),
      finding(CRITICAL, { path: '/a' }),
      finding(HIGH, { path: '/B' }),
      finding(5, { path: '/x' })
    ]
    const evaluation = evaluatePolicy(findings, policy({}), TODAY)

    expect(evaluation.findings.map((judged) => `${judged.level} ${judged.path}`)).toEqual([
      'critical /a',
      'unknown /c',
      'critical /m',
      'unknown /x',
      'high /B',
      'high /z',
      'medium /b',
      'low /a'
    ])
  })

  it('gives the same order whatever the input order', () => {
    const findings = [
      ...many(5, CRITICAL),
      ...many(5, HIGH),
      ...many(5, LOW),
      finding(null),
      finding(HIGH, { path: '/same', md5: 'b'.repeat(32) }),
      finding(HIGH, { path: '/same', md5: 'A'.repeat(32) })
    ]
    const key = (list: readonly Finding[]) => list.map((item) => `${item.path}|${item.md5}`)
    const expected = key(evaluatePolicy(findings, policy({ high: 1 }), TODAY).findings)

    const reversed = [...findings].reverse()
    // A fixed shuffle, so the test is repeatable.
    const shuffled = findings
      .map((item, index) => ({ item, rank: (index * 7919) % findings.length }))
      .sort((a, b) => a.rank - b.rank)
      .map(({ item }) => item)

    expect(key(evaluatePolicy(reversed, policy({ high: 1 }), TODAY).findings)).toEqual(expected)
    expect(key(evaluatePolicy(shuffled, policy({ high: 1 }), TODAY).findings)).toEqual(expected)
  })
})

describe('evaluatePolicy: reason', () => {
  it('names the levels over their thresholds and not the others', () => {
    const evaluation = evaluatePolicy(
      [...many(2, CRITICAL), ...many(1, HIGH), ...many(4, MEDIUM)],
      policy({ critical: 0, high: 1, medium: 3 }),
      TODAY
    )

    expect(evaluation.reason).not.toContain('\n')
    expect(evaluation.reason).toMatch(/2 critical/)
    expect(evaluation.reason).toMatch(/4 medium/)
    expect(evaluation.reason).not.toMatch(/high/)
  })

  it('says the findings are within the thresholds on a pass', () => {
    const evaluation = evaluatePolicy(many(3, LOW), policy({ critical: 0 }), TODAY)

    expect(evaluation.reason).not.toContain('\n')
    expect(evaluation.reason).toMatch(/3 finding/)
    expect(evaluation.reason).toMatch(/within/)
  })
})

describe('evaluatePolicy: purity', () => {
  it('does not mutate its inputs', () => {
    const md5 = 'abcdefabcdefabcdefabcdefabcdefab'
    const findings = [
      finding(LOW, { path: '/z', tags: ['one'] }),
      finding(CRITICAL, { md5, path: '/y' }),
      finding(null, { path: '/x' }),
      finding(HIGH, { path: '/a' })
    ]
    const rules = policy(
      { critical: 0, high: 0 },
      [
        { md5, reason: 'ok' },
        { md5: 'c'.repeat(32), reason: 'old', expires: '2020-01-01' }
      ],
      ['a policy warning']
    )
    const findingsBefore = structuredClone(findings)
    const rulesBefore = structuredClone(rules)
    deepFreeze(findings)
    deepFreeze(rules)

    const evaluation = evaluatePolicy(findings, rules, TODAY)

    expect(findings).toEqual(findingsBefore)
    expect(rules).toEqual(rulesBefore)
    expect(evaluation.findings).not.toBe(findings)
    expect(evaluation.warnings).not.toBe(rules.warnings)
  })

  it('gives the same result for the same input', () => {
    const findings = [...many(3, HIGH), finding(null), ...many(2, LOW)]
    const rules = policy({ high: 1 })

    expect(evaluatePolicy(findings, rules, TODAY)).toEqual(evaluatePolicy(findings, rules, TODAY))
  })
})

describe('evaluatePolicy: the allowlist hygiene, word for word', () => {
  const md5 = '0123456789abcdef0123456789abcdef'
  const other = 'fedcba9876543210fedcba9876543210'

  it('says when an entry expired, when one expires today or soon, and when one matched nothing', () => {
    const rules = policy({ critical: 0 }, [
      { md5: 'a'.repeat(32), reason: 'old', expires: '2026-03-14' },
      { md5, reason: 'last day', expires: '2026-03-15' },
      { md5: other, reason: 'soon', expires: '2026-03-29', paths: ['/srv/**'] },
      { md5: 'b'.repeat(32), reason: 'gone' }
    ])
    const evaluation = evaluatePolicy(
      [finding(CRITICAL, { md5 }), finding(CRITICAL, { md5: other, path: '/srv/x' })],
      rules,
      TODAY
    )

    expect(evaluation.hygiene.messages).toEqual([
      `Allowlist entry for md5 ${'a'.repeat(32)} (policy line 10) expired on 2026-03-14 and no longer applies.`,
      `Allowlist entry for md5 ${md5} (policy line 11) expires on 2026-03-15 (today is its last day); renew or remove it.`,
      `Allowlist entry for md5 ${other} (policy line 12) expires on 2026-03-29 (in 14 day(s)); renew or remove it.`,
      `Allowlist entry for md5 ${'b'.repeat(32)} (policy line 13) matched no finding of this image; remove it if the file is gone.`
    ])
  })

  it('names no policy line for an entry that has none, and says "within its paths" for a scoped one', () => {
    const rules = {
      ...policy({ critical: 0 }),
      allowlist: [
        { md5, reason: 'scoped', paths: ['/nowhere/**'], line: 0 },
        { md5: other, reason: 'gone', line: 0 }
      ]
    }
    const evaluation = evaluatePolicy([finding(CRITICAL, { md5, path: '/app/x' })], rules, TODAY)

    expect(evaluation.hygiene.messages).toEqual([
      `Allowlist entry for md5 ${md5} matched no finding of this image within its paths; remove it if the file is gone.`,
      `Allowlist entry for md5 ${other} matched no finding of this image; remove it if the file is gone.`
    ])
  })

  it('takes a glob for a path pattern only: no comment, no negation', () => {
    // The policy file refuses such patterns; an evaluation given one still never widens it.
    const rules = policy({ critical: 0 }, [
      { md5, reason: 'negated?', paths: ['!/srv/**'] },
      { md5: other, reason: 'comment?', paths: ['#/srv/**'] }
    ])
    const evaluation = evaluatePolicy(
      [
        finding(CRITICAL, { md5, path: '/app/x' }),
        finding(CRITICAL, { md5: other, path: '#/srv/a' })
      ],
      rules,
      TODAY
    )

    expect(evaluation.findings.map((judged) => [judged.path, judged.allowlisted])).toEqual([
      ['#/srv/a', true],
      ['/app/x', false]
    ])
  })
})

describe('evaluatePolicy: the reason, word for word', () => {
  it('lists each level over its threshold with its count and what is allowed', () => {
    const evaluation = evaluatePolicy(
      [...many(2, CRITICAL), ...many(1, HIGH), ...many(4, MEDIUM)],
      policy({ critical: 0, high: 1, medium: 3 }),
      TODAY
    )
    expect(evaluation.reason).toBe('Policy violated: 2 critical (allowed 0), 4 medium (allowed 3).')
  })

  it('says how many findings of an unknown level were judged as critical', () => {
    const evaluation = evaluatePolicy(
      [finding(CRITICAL), finding(null), finding(7)],
      policy({ critical: 0 }),
      TODAY
    )
    expect(evaluation.reason).toBe(
      'Policy violated: 3 critical (allowed 0); 2 with an unknown RiskLevel judged as critical.'
    )
  })

  it('says so when there is nothing to judge, and counts the allowlisted findings of a pass', () => {
    const md5 = 'abcdefabcdefabcdefabcdefabcdefab'
    expect(evaluatePolicy([], policy({ critical: 0 }), TODAY).reason).toBe('No virus findings.')
    expect(evaluatePolicy(many(3, LOW), policy({ critical: 0 }), TODAY).reason).toBe(
      '3 finding(s) within the policy thresholds.'
    )
    expect(
      evaluatePolicy(
        [finding(CRITICAL, { md5 }), finding(LOW)],
        policy({ critical: 0 }, [{ md5, reason: 'ok' }]),
        TODAY
      ).reason
    ).toBe('2 finding(s) within the policy thresholds, 1 allowlisted.')
  })

  it('names what it counts in the sentence of a pass', () => {
    expect(withinThresholds(2, 0, 'open event(s)')).toBe(
      '2 open event(s) within the policy thresholds'
    )
    expect(withinThresholds(4, 3)).toBe('4 finding(s) within the policy thresholds, 3 allowlisted')
  })
})

describe('evaluatePolicy: order of findings at one path', () => {
  it('orders findings of one path and md5 by virus name, whatever the input order', () => {
    const md5 = 'abcdefabcdefabcdefabcdefabcdefab'
    const named = (virusName: string) => finding(HIGH, { md5, path: '/same', virusName })
    const findings = [named('Trojan.B'), named('Adware.C'), named('Trojan.A')]
    for (const input of [findings, [...findings].reverse()]) {
      const order = evaluatePolicy(input, policy({}), TODAY).findings.map(
        (judged) => judged.virusName
      )
      expect(order).toEqual(['Adware.C', 'Trojan.A', 'Trojan.B'])
    }
  })
})
