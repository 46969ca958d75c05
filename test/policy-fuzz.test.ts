/**
 * Property test: whatever a policy file holds, parsing ends in a valid policy
 * or a located PolicyError — never another exception, a hang or a stack trace.
 */
import { readFileSync } from 'node:fs'
import { PolicyError } from '../src/errors.js'
import { parsePolicy, type Policy } from '../src/core/policy.js'

const FILE = '.github/tcss-virus-policy.yml'
const SEEDS = [
  readFileSync(new URL('../policy.example.yml', import.meta.url), 'utf8'),
  'version: 1\nthresholds:\n  critical: 0\n  high: 2\n  2: 5\n  low: 100\nallowlist:\n  - md5: 27501aaed5e639693783321219989889\n    reason: fixture\n    expires: 2027-06-30\n  - md5: 11111111111111111111111111111111\n    reason: "quoted: reason"\n',
  'version: 1\nthresholds: {critical: 0, high: 0}\nallowlist: []\n'
]

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FRAGMENTS = [
  '*a',
  '&a ',
  '<<: *a',
  '!!binary ',
  '!!str ',
  '? ',
  '- ',
  ': ',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '#',
  '|',
  '>',
  '---\n',
  '...\n',
  '\t',
  '~',
  'null',
  'true',
  '-1',
  '1.5',
  '1e999',
  '99999999999999999999999',
  '0x1F',
  '2027-13-45',
  'threshold',
  'critical',
  'md5',
  'reason',
  'expires',
  '\u0000',
  '\uFEFF',
  '%YAML 1.1\n',
  '\r\n'
]

type Mutation = (text: string, next: () => number) => string
const pick = <T>(items: readonly T[], next: () => number): T =>
  items[Math.floor(next() * items.length)]
const MUTATIONS: Mutation[] = [
  // random bytes
  (text, next) => {
    const at = Math.floor(next() * (text.length + 1))
    const bytes = Array.from({ length: 1 + Math.floor(next() * 6) }, () =>
      String.fromCharCode(Math.floor(next() * 256))
    ).join('')
    return text.slice(0, at) + bytes + text.slice(at)
  },
  // deleted line
  (text, next) => {
    const lines = text.split('\n')
    lines.splice(Math.floor(next() * lines.length), 1)
    return lines.join('\n')
  },
  // wrong indentation
  (text, next) => {
    const lines = text.split('\n')
    const index = Math.floor(next() * lines.length)
    lines[index] =
      next() < 0.5
        ? lines[index].replace(/^ +/, '')
        : `${' '.repeat(1 + Math.floor(next() * 5))}${lines[index]}`
    return lines.join('\n')
  },
  // a value of the wrong type
  (text, next) =>
    text.replace(
      /: [^\n]+/,
      `: ${pick(['[1, 2]', '{a: 1}', 'null', 'yes', '"0"', '-0', '.inf', '1e3'], next)}`
    ),
  // huge numbers
  (text, next) =>
    text.replace(
      /\b\d+\b/,
      pick(['1e308', '9'.repeat(400), '-9007199254740993', '0.0000001'], next)
    ),
  // a syntax fragment
  (text, next) => {
    const at = Math.floor(next() * (text.length + 1))
    return text.slice(0, at) + pick(FRAGMENTS, next) + text.slice(at)
  },
  // a duplicated line (duplicate keys)
  (text, next) => {
    const lines = text.split('\n')
    const index = Math.floor(next() * lines.length)
    lines.splice(index, 0, lines[index])
    return lines.join('\n')
  }
]

function expectValidOutcome(text: string): Policy | PolicyError {
  try {
    const policy = parsePolicy(text, FILE)
    for (const [level, threshold] of Object.entries(policy.thresholds)) {
      expect(['critical', 'high', 'medium', 'low']).toContain(level)
      expect(Number.isSafeInteger(threshold) && (threshold as number) >= 0).toBe(true)
    }
    for (const entry of policy.allowlist) {
      expect(entry.md5).toMatch(/^[0-9a-f]{32}$/)
      expect(entry.reason.trim()).not.toBe('')
    }
    return policy
  } catch (error) {
    if (!(error instanceof PolicyError)) {
      throw new Error(`not a PolicyError for ${JSON.stringify(text)}: ${String(error)}`)
    }
    expect(error.problems.length).toBeGreaterThan(0)
    const lines = text.split(/\r\n|\r|\n/).length
    for (const problem of error.problems) {
      expect(problem.line).toBeGreaterThanOrEqual(1)
      expect(problem.line).toBeLessThanOrEqual(lines + 1)
      expect(problem.column).toBeGreaterThanOrEqual(1)
      expect(problem.message.trim()).not.toBe('')
      expect(problem.message).not.toMatch(/\n\s+at /)
    }
    expect(error.message.startsWith(`${FILE}:`)).toBe(true)
    return error
  }
}

describe('policy fuzzing', () => {
  it.each([1, 2, 3, 4])('mutated policies end in a policy or a located error (seed %i)', (seed) => {
    const next = random(seed)
    let errors = 0
    for (let round = 0; round < 600; round++) {
      let text = pick(SEEDS, next)
      const steps = 1 + Math.floor(next() * 4)
      for (let step = 0; step < steps; step++) text = pick(MUTATIONS, next)(text, next)
      if (expectValidOutcome(text) instanceof PolicyError) errors += 1
    }
    // The mutations must actually exercise the error paths (and some stay valid).
    expect(errors).toBeGreaterThan(100)
    expect(errors).toBeLessThan(600)
  })

  it('refuses an alias bomb without expanding it', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i)
      const name = String.fromCharCode(97 + i)
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`)
    }
    const bomb = `version: 1\nthresholds:\n  critical: 0\nallowlist:\n  - md5: 27501aaed5e639693783321219989889\n    reason: *l\n${levels.map((line) => `# ${line}`).join('\n')}\n`
    const inline = `${levels.join('\n')}\nversion: 1\n`
    for (const text of [bomb.replace(/# /g, ''), inline]) {
      const outcome = expectValidOutcome(text)
      expect(outcome).toBeInstanceOf(PolicyError)
    }
  })

  it('reports a very long policy of mistakes with a bounded list of problems', () => {
    const text = `version: 1\n${Array.from({ length: 5000 }, (_, i) => `typo${i}: 1`).join('\n')}\n`
    const outcome = expectValidOutcome(text)
    expect(outcome).toBeInstanceOf(PolicyError)
    expect((outcome as PolicyError).problems.length).toBeLessThanOrEqual(50)
  })
})
