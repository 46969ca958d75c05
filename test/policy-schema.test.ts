/**
 * policy.schema.json against the policy parser: what the parser accepts, the
 * schema accepts; what the schema rejects, the parser rejects. Where the two
 * cannot agree, the cases are listed here, and docs/policy.md says so.
 */
import { readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { Ajv } from 'ajv'
import { parse } from 'yaml'
import { PolicyError } from '../src/errors.js'
import { parsePolicy } from '../src/core/policy.js'
import { ROOT } from './helpers/run-action.js'
import {
  POLICY_SCHEMA_FILE,
  POLICY_SCHEMA_STRICTNESS,
  policySchemaValidator,
  schemaErrors
} from './helpers/schemas.js'

const FILE = '.github/tcss-virus-policy.yml'
const SCHEMA_URL =
  'https://raw.githubusercontent.com/tcss-virus-gate/tcss-virus-gate/v1/policy.schema.json'

function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`
}

function schemaAccepts(text: string): { valid: boolean; errors: string[] } {
  const validate = policySchemaValidator()
  const valid = validate(parse(text)) as boolean
  return { valid, errors: schemaErrors(validate.errors) }
}

function parserAccepts(text: string): boolean {
  try {
    parsePolicy(text, FILE)
    return true
  } catch (error) {
    if (error instanceof PolicyError) return false
    throw error
  }
}

const MD5 = '27501aaed5e639693783321219989889'
const HEAD = ['version: 1', 'thresholds:', '  critical: 0']
const entry = (...lines: string[]): string => yaml(...HEAD, 'allowlist:', ...lines)

/** Valid policies: the parser and the schema accept each. */
const VALID: Record<string, string> = {
  'only the version': yaml('version: 1'),
  'every level by name': yaml(
    'version: 1',
    'thresholds:',
    '  critical: 0',
    '  high: 1',
    '  medium: 10',
    '  low: 1000000'
  ),
  'every level by number': yaml(
    'version: 1',
    'thresholds:',
    '  4: 0',
    '  3: 1',
    '  2: 2',
    '  1: 3'
  ),
  'names and numbers mixed': yaml('version: 1', 'thresholds:', '  critical: 0', '  1: 40'),
  'an empty thresholds mapping': yaml('version: 1', 'thresholds: {}'),
  'an empty allowlist': yaml(...HEAD, 'allowlist:'),
  'an empty allowlist list': yaml(...HEAD, 'allowlist: []'),
  'an entry with md5 and reason': entry(`  - md5: ${MD5}`, '    reason: fixture'),
  'an uppercase md5': entry(`  - md5: ${MD5.toUpperCase()}`, '    reason: fixture'),
  'a quoted all-digit md5': entry(`  - md5: "${'1'.repeat(32)}"`, '    reason: fixture'),
  'an expiry date': entry(`  - md5: ${MD5}`, '    reason: fixture', '    expires: 2027-06-30'),
  'a leap day': entry(`  - md5: ${MD5}`, '    reason: fixture', '    expires: 2028-02-29'),
  'a quoted expiry date': entry(`  - md5: ${MD5}`, '    reason: x', '    expires: "2027-01-01"'),
  'path patterns': entry(
    `  - md5: ${MD5}`,
    '    reason: fixture',
    '    paths:',
    '      - /app/test/**',
    '      - "**/fixtures/*.bin"'
  ),
  'a reason in any script': entry(`  - md5: ${MD5}`, '    reason: 测试样本 — test sample'),
  'flow style': '{version: 1, thresholds: {high: 0}, allowlist: [{md5: ' + MD5 + ', reason: r}]}\n'
}

/** Invalid policies: the parser and the schema reject each. */
const INVALID: Record<string, string> = {
  'an empty file': '',
  'a list at the top': yaml('- version: 1'),
  'a missing version': yaml('thresholds:', '  critical: 0'),
  'version 2': yaml('version: 2'),
  'version as text': yaml('version: "1"'),
  'an unknown top-level key': yaml('version: 1', 'threshold:', '  critical: 0'),
  'an unknown level name': yaml('version: 1', 'thresholds:', '  severe: 0'),
  'level number 5': yaml('version: 1', 'thresholds:', '  5: 0'),
  'level number 0': yaml('version: 1', 'thresholds:', '  0: 0'),
  'a negative threshold': yaml('version: 1', 'thresholds:', '  critical: -1'),
  'a fractional threshold': yaml('version: 1', 'thresholds:', '  high: 0.5'),
  'a threshold as text': yaml('version: 1', 'thresholds:', '  high: "0"'),
  'a threshold as a boolean': yaml('version: 1', 'thresholds:', '  high: true'),
  'an empty threshold': yaml('version: 1', 'thresholds:', '  high:'),
  'a threshold too large to count': yaml(
    'version: 1',
    'thresholds:',
    '  low: 99999999999999999999'
  ),
  'the same level by name and by number': yaml(
    'version: 1',
    'thresholds:',
    '  critical: 0',
    '  4: 1'
  ),
  'thresholds as a list': yaml('version: 1', 'thresholds:', '  - critical: 0'),
  'thresholds as text': yaml('version: 1', 'thresholds: none'),
  'empty thresholds': yaml('version: 1', 'thresholds:'),
  'allowlist as a mapping': yaml('version: 1', 'allowlist:', `  md5: ${MD5}`),
  'an allowlist entry as text': yaml('version: 1', 'allowlist:', `  - ${MD5}`),
  'an unknown key in an entry': entry(`  - md5: ${MD5}`, '    reason: r', '    comment: c'),
  'a short md5': entry(`  - md5: ${MD5.slice(1)}`, '    reason: r'),
  'a non-hex md5': entry(`  - md5: ${MD5.slice(1)}g`, '    reason: r'),
  'a missing md5': entry('  - reason: r'),
  'a missing reason': entry(`  - md5: ${MD5}`),
  'an empty reason': entry(`  - md5: ${MD5}`, '    reason: ""'),
  'a blank reason': entry(`  - md5: ${MD5}`, '    reason: "   "'),
  'a reason as a number': entry(`  - md5: ${MD5}`, '    reason: 42'),
  'a date without leading zeros': entry(
    `  - md5: ${MD5}`,
    '    reason: r',
    '    expires: 2027-6-30'
  ),
  'a day-first date': entry(`  - md5: ${MD5}`, '    reason: r', '    expires: 30.06.2027'),
  'a date as digits': entry(`  - md5: ${MD5}`, '    reason: r', '    expires: 20270630'),
  'a date and time': entry(`  - md5: ${MD5}`, '    reason: r', '    expires: 2027-06-30T00:00:00Z'),
  'a day that does not exist (with format checks)': entry(
    `  - md5: ${MD5}`,
    '    reason: r',
    '    expires: 2027-02-30'
  ),
  'a relative path pattern': entry(`  - md5: ${MD5}`, '    reason: r', '    paths: [app/**]'),
  'an empty path list': entry(`  - md5: ${MD5}`, '    reason: r', '    paths: []'),
  'paths as text': entry(`  - md5: ${MD5}`, '    reason: r', '    paths: /app/**')
}

/**
 * Where the parser is stricter than any JSON Schema can be: the schema sees
 * the data after YAML has read it, not how it was written, and cannot
 * compare entries with each other.
 */
const ONLY_THE_PARSER_REJECTS: Record<string, string> = {
  'a threshold written 1.0': yaml('version: 1', 'thresholds:', '  high: 1.0'),
  'version written 1.0': yaml('version: 1.0'),
  'a threshold in hexadecimal': yaml('version: 1', 'thresholds:', '  high: 0x0'),
  'a threshold in octal': yaml('version: 1', 'thresholds:', '  high: 0o5'),
  'a threshold with an exponent': yaml('version: 1', 'thresholds:', '  high: 1e2'),
  'a level key written 04': yaml('version: 1', 'thresholds:', '  04: 0'),
  'a YAML alias': yaml('version: 1', 'thresholds:', '  critical: &zero 0', '  high: *zero'),
  'the same md5 twice (in any case)': entry(
    `  - md5: ${MD5}`,
    '    reason: first',
    `  - md5: ${MD5.toUpperCase()}`,
    '    reason: second'
  )
}

describe('policy.schema.json', () => {
  const schema = JSON.parse(readFileSync(POLICY_SCHEMA_FILE, 'utf8')) as Record<string, unknown>

  it('is a valid draft-07 schema that compiles in strict mode, with the published $id', () => {
    const ajv = new Ajv({ strict: true })
    expect(ajv.validateSchema(schema)).toBe(true)
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#')
    expect(schema.$id).toBe(SCHEMA_URL)
    expect(() => policySchemaValidator()).not.toThrow()
  })

  it('describes every property, so that editors can show help', () => {
    const undescribed: string[] = []
    const visit = (node: unknown, where: string): void => {
      if (typeof node !== 'object' || node === null) return
      const record = node as Record<string, unknown>
      const properties = record.properties as Record<string, Record<string, unknown>> | undefined
      for (const [name, property] of Object.entries(properties ?? {})) {
        if (typeof property.description !== 'string' || property.description.length < 10)
          undescribed.push(`${where}.${name}`)
        visit(property, `${where}.${name}`)
      }
      for (const [name, definition] of Object.entries(
        (record.definitions as Record<string, unknown> | undefined) ?? {}
      )) {
        visit(definition, `#/definitions/${name}`)
      }
    }
    visit(schema, '#')
    expect(undescribed).toEqual([])
    expect(typeof schema.description).toBe('string')
  })

  it('is named by the first line of policy.example.yml, which it accepts', () => {
    const example = readFileSync(path.join(ROOT, 'policy.example.yml'), 'utf8')
    expect(example.split('\n')[0]).toBe('# yaml-language-server: $schema=./policy.schema.json')
    expect(example).toContain(SCHEMA_URL)
    expect(parserAccepts(example)).toBe(true)
    expect(schemaAccepts(example)).toEqual({ valid: true, errors: [] })
  })

  it('accepts every test fixture policy that the parser accepts', () => {
    const dir = path.join(ROOT, 'test', 'fixtures', 'policies')
    const files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name))
    const accepted = files.filter((name) =>
      parserAccepts(readFileSync(path.join(dir, name), 'utf8'))
    )
    expect(accepted.length).toBeGreaterThanOrEqual(3)
    for (const name of accepted) {
      expect({ name, ...schemaAccepts(readFileSync(path.join(dir, name), 'utf8')) }).toEqual({
        name,
        valid: true,
        errors: []
      })
    }
  })

  it('rejects the fixture full of mistakes, as the parser does', () => {
    const text = readFileSync(
      path.join(ROOT, 'test', 'fixtures', 'policies', 'several-mistakes.yml'),
      'utf8'
    )
    expect(parserAccepts(text)).toBe(false)
    expect(schemaAccepts(text).valid).toBe(false)
  })

  it.each(Object.entries(VALID))('accepts %s, as the parser does', (_name, text) => {
    expect(parserAccepts(text)).toBe(true)
    expect(schemaAccepts(text)).toEqual({ valid: true, errors: [] })
  })

  it.each(Object.entries(INVALID))('rejects %s, as the parser does', (_name, text) => {
    expect(parserAccepts(text)).toBe(false)
    expect(schemaAccepts(text).valid).toBe(false)
  })

  it.each(Object.entries(ONLY_THE_PARSER_REJECTS))(
    'cannot reject %s, which the parser rejects',
    (_name, text) => {
      expect(parserAccepts(text)).toBe(false)
      expect(schemaAccepts(text)).toEqual({ valid: true, errors: [] })
    }
  )

  it('rejects a day that does not exist only where "format" is checked; the parser always does', () => {
    const text = INVALID['a day that does not exist (with format checks)']
    const annotationOnly = new Ajv({ ...POLICY_SCHEMA_STRICTNESS, validateFormats: false })
    expect(annotationOnly.validate(schema, parse(text))).toBe(true)
    expect(schemaAccepts(text).valid).toBe(false)
    expect(parserAccepts(text)).toBe(false)
  })

  it('asks for an all-digit md5 to be quoted, which the parser reads either way', () => {
    const text = entry(`  - md5: ${'1'.repeat(32)}`, '    reason: digits only')
    expect(parserAccepts(text)).toBe(true)
    expect(schemaAccepts(text).valid).toBe(false)
  })
})
