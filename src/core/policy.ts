/** The policy file's model and its parser: thresholds per level and an allowlist, every mistake located. */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml'
import type { Node, YAMLMap } from 'yaml'
import { PolicyError, type PolicyProblem } from '../errors.js'
import {
  keyText,
  sourceOf,
  scalarText,
  wholeNumber,
  show,
  describe,
  yamlMessage
} from './policy-yaml.js'
import { isCalendarDate } from './calendar-date.js'
import { LEVELS, type Level, riskOfLevel } from './levels.js'

/** One allowlist entry: findings with this md5 are excused. */
export interface AllowlistEntry {
  /** Lowercase, 32 hex digits. */
  md5: string
  reason: string
  /** Last day (YYYY-MM-DD, UTC) on which the entry applies. */
  expires?: string
  /** Glob patterns of in-image paths the entry is limited to; absent = any path. */
  paths?: string[]
  /** Line of the entry in the policy file (0 for the built-in policy). */
  line: number
}

export interface Policy {
  /** Where the policy came from, for the summary: a path, or 'built-in default'. */
  source: string
  /** Largest number of non-allowlisted findings allowed per level; absent = unlimited. */
  thresholds: Partial<Record<Level, number>>
  allowlist: AllowlistEntry[]
  /** Things worth saying about the policy itself (not errors). */
  warnings: string[]
}

const TOP_KEYS = ['version', 'thresholds', 'allowlist']
const ENTRY_KEYS = ['md5', 'reason', 'expires', 'paths']
const LEVEL_KEYS = `${LEVELS.join(', ')} (or ${LEVELS.map(riskOfLevel).join(', ')})`
const MAX_PROBLEMS = 50

/**
 * Parses a version-1 policy. Every mistake becomes a located problem; all of
 * them are reported together in one PolicyError.
 */
export function parsePolicy(text: string, file: string): Policy {
  const lineCounter = new LineCounter()
  const problems: PolicyProblem[] = []
  const report = (offset: number, message: string): void => {
    const { line, col } = lineCounter.linePos(offset)
    problems.push({ line, column: col, message })
  }
  const at: Report = Object.assign(
    (node: Node | null | undefined, fallback: number, message: string): void =>
      report(node?.range?.[0] ?? fallback, message),
    { lineOf: (node: Node): number => lineCounter.linePos(node.range?.[0] ?? 0).line }
  )

  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    strict: true,
    prettyErrors: false
  })
  for (const issue of [...doc.errors, ...doc.warnings]) {
    report(issue.pos[0], yamlMessage(issue.message))
  }
  if (problems.length > 0) throw new PolicyError(file, problems.slice(0, MAX_PROBLEMS))

  visit(doc, {
    Alias(_key, node) {
      at(node, 0, 'YAML aliases (*name) are not allowed in a policy; write the value out')
    }
  })
  if (problems.length > 0) throw new PolicyError(file, problems.slice(0, MAX_PROBLEMS))

  const root = doc.contents
  const policy: Policy = { source: file, thresholds: {}, allowlist: [], warnings: [] }
  if (root === null || (isScalar(root) && root.value === null)) {
    report(0, 'the policy is empty; expected a mapping with at least "version: 1"')
    throw new PolicyError(file, problems)
  }
  if (!isMap(root)) {
    at(root, 0, `expected a mapping with the keys ${TOP_KEYS.join(', ')}, found ${describe(root)}`)
    throw new PolicyError(file, problems)
  }

  let sawVersion = false
  let sawThresholds = false
  for (const pair of root.items) {
    const key = keyText(pair)
    const keyNode = pair.key as Node | null
    if (key === undefined || !TOP_KEYS.includes(key)) {
      at(
        keyNode,
        0,
        `unknown key ${JSON.stringify(key ?? describe(pair.key))}; allowed keys: ${TOP_KEYS.join(', ')}`
      )
      continue
    }
    const value = pair.value as Node | null
    if (key === 'version') {
      sawVersion = true
      if (!isScalar(value) || value.value !== 1 || sourceOf(value) !== '1') {
        at(value ?? keyNode, 0, `unsupported policy version ${show(value)}; expected 1`)
      }
    } else if (key === 'thresholds') {
      sawThresholds = true
      readThresholds(value, keyNode, policy, at)
    } else {
      readAllowlist(value, keyNode, policy, at)
    }
  }
  if (!sawVersion) at(root, 0, 'missing "version: 1" (the policy format version)')
  if (problems.length > 0) throw new PolicyError(file, problems.slice(0, MAX_PROBLEMS))

  if (!sawThresholds || Object.keys(policy.thresholds).length === 0) {
    policy.warnings.push(
      `The policy ${file} sets no thresholds, so every level is unlimited and no finding can fail the gate.`
    )
  }
  return policy
}

type Report = ((node: Node | null | undefined, fallback: number, message: string) => void) & {
  lineOf: (node: Node) => number
}

function readThresholds(
  value: Node | null,
  keyNode: Node | null,
  policy: Policy,
  at: Report
): void {
  if (!isMap(value)) {
    at(
      value ?? keyNode,
      0,
      `"thresholds" must be a mapping of level: number (levels: ${LEVEL_KEYS}), found ${describe(value)}`
    )
    return
  }
  const seenAt = new Map<Level, Node | null>()
  for (const pair of value.items) {
    const keyNode2 = pair.key as Node | null
    const name = keyText(pair)
    const level = name === undefined ? undefined : toLevel(name)
    if (level === undefined) {
      at(
        keyNode2,
        0,
        `unknown level ${JSON.stringify(name ?? describe(pair.key))}; allowed levels: ${LEVEL_KEYS}`
      )
      continue
    }
    if (seenAt.has(level)) {
      at(
        keyNode2,
        0,
        `the level ${level} is given twice (${level} and RiskLevel ${riskOfLevel(level)} are the same level)`
      )
      continue
    }
    seenAt.set(level, keyNode2)
    const limit = pair.value as Node | null
    const count = wholeNumber(limit)
    if (typeof count === 'string') {
      at(
        limit ?? keyNode2,
        0,
        `threshold for ${level} ${count}; expected a whole number of findings, 0 or more`
      )
      continue
    }
    policy.thresholds[level] = count
  }
}

function readAllowlist(value: Node | null, keyNode: Node | null, policy: Policy, at: Report): void {
  // An empty "allowlist:" excuses nothing, which is the strict reading.
  if (value === null || (isScalar(value) && value.value === null)) return
  if (!isSeq(value)) {
    at(
      value ?? keyNode,
      0,
      `"allowlist" must be a list of entries with md5 and reason, found ${describe(value)}`
    )
    return
  }
  const firstLine = new Map<string, number>()
  for (const item of value.items as (Node | null)[]) {
    if (!isMap(item)) {
      at(
        item ?? value,
        0,
        `an allowlist entry must be a mapping with the keys md5, reason and optionally expires, found ${describe(item)}`
      )
      continue
    }
    const entry = readEntry(item, at)
    if (!entry) continue
    const earlier = firstLine.get(entry.md5)
    if (earlier !== undefined) {
      at(
        item,
        0,
        `duplicate allowlist entry for md5 ${entry.md5} (first given on line ${earlier}); keep one entry per md5`
      )
      continue
    }
    firstLine.set(entry.md5, entry.line)
    policy.allowlist.push(entry)
  }
}

function readEntry(item: YAMLMap, at: Report): AllowlistEntry | undefined {
  let md5: string | undefined
  let reason: string | undefined
  let expires: string | undefined
  let paths: string[] | undefined
  let ok = true
  for (const pair of item.items) {
    const name = keyText(pair)
    const keyNode = pair.key as Node | null
    const value = pair.value as Node | null
    if (name === undefined || !ENTRY_KEYS.includes(name)) {
      at(
        keyNode,
        0,
        `unknown key ${JSON.stringify(name ?? describe(pair.key))} in an allowlist entry; allowed keys: ${ENTRY_KEYS.join(', ')}`
      )
      ok = false
    } else if (name === 'md5') {
      const text = scalarText(value)
      if (text === undefined || !/^[0-9a-f]{32}$/i.test(text)) {
        at(value ?? keyNode, 0, `md5 ${show(value)} is not an MD5; expected 32 hexadecimal digits`)
        ok = false
      } else {
        md5 = text.toLowerCase()
      }
    } else if (name === 'reason') {
      if (!isScalar(value) || typeof value.value !== 'string' || value.value.trim() === '') {
        at(
          value ?? keyNode,
          0,
          `reason ${show(value)} is not usable; expected a non-empty text saying why the file is excused`
        )
        ok = false
      } else {
        reason = value.value.trim()
      }
    } else if (name === 'paths') {
      paths = readPaths(value, keyNode, at)
      if (paths === undefined) ok = false
    } else {
      const text = scalarText(value)
      if (text === undefined || !isCalendarDate(text)) {
        at(
          value ?? keyNode,
          0,
          `expires ${show(value)} is not a date; expected YYYY-MM-DD, for example 2027-06-30`
        )
        ok = false
      } else {
        expires = text
      }
    }
  }
  const line = at.lineOf(item)
  if (md5 === undefined && ok) {
    at(item, 0, 'allowlist entry has no md5; every entry needs md5 (32 hex digits) and reason')
    ok = false
  }
  if (reason === undefined && ok) {
    at(item, 0, 'allowlist entry has no reason; say why the file is excused')
    ok = false
  }
  if (!ok || md5 === undefined || reason === undefined) return undefined
  const entry: AllowlistEntry = { md5, reason, line }
  if (expires !== undefined) entry.expires = expires
  if (paths !== undefined) entry.paths = paths
  return entry
}

/** A non-empty list of glob patterns of absolute in-image paths. */
function readPaths(value: Node | null, keyNode: Node | null, at: Report): string[] | undefined {
  const allowed = 'expected a list of glob patterns of paths inside the image, such as /app/test/**'
  if (!isSeq(value) || value.items.length === 0) {
    at(value ?? keyNode, 0, `paths is ${describe(value)}; ${allowed}`)
    return undefined
  }
  const paths: string[] = []
  for (const item of value.items as (Node | null)[]) {
    if (!isScalar(item) || typeof item.value !== 'string' || item.value.trim() === '') {
      at(item ?? value, 0, `paths entry ${show(item)} is not a pattern; ${allowed}`)
      return undefined
    }
    if (!item.value.startsWith('/') && !item.value.startsWith('**')) {
      at(
        item,
        0,
        `paths entry ${show(item)} is relative; image paths are absolute, so start it with / or **`
      )
      return undefined
    }
    paths.push(item.value)
  }
  return paths
}

function toLevel(name: string): Level | undefined {
  if ((LEVELS as readonly string[]).includes(name)) return name as Level
  return LEVELS.find((level) => String(riskOfLevel(level)) === name)
}
