import { Minimatch } from 'minimatch'
import { emptyCounts, judgedLevel, LEVELS, severityRank, unknownLevelCount } from './levels.js'
import type { FindingLevel, Level } from './levels.js'
import type { AllowlistEntry, Policy } from './policy.js'

/** One distinct finding (by Md5 and Path) as read from the API. Text fields are untrusted. */
export interface Finding {
  /** As reported; '' when the API gave none. */
  md5: string
  path: string
  fileName: string
  virusName: string
  /** The raw RiskLevel when it was a number, else null. */
  riskLevel: number | null
  level: FindingLevel
  size: number | null
  description: string
  solution: string
  tags: string[]
  firstScanTime: string
  latestScanTime: string
  /**
   * How many rows of the service's list were merged into this finding (rows
   * with the same Md5, ignoring case, and Path); the most severe row gives
   * the other fields. Undefined where rows are not merged (runtime events).
   */
  rows?: number
}

/** A finding (or anything built on one, such as a runtime event) with the policy's judgement. */
export type JudgedFinding<F extends Finding = Finding> = F & {
  allowlisted: boolean
  allowlistReason?: string
  /** True when the finding counts against a level whose threshold is exceeded. */
  violation: boolean
}

export interface LevelResult {
  level: Level
  /** Findings at this level, allowlisted or not (for critical: with the unknown-level ones). */
  found: number
  allowlisted: number
  /** Non-allowlisted findings judged at this level. */
  counted: number
  /** Undefined = unlimited. */
  threshold?: number
  breached: boolean
}

export type Verdict = 'pass' | 'fail'

export interface Evaluation<F extends Finding = Finding> {
  verdict: Verdict
  /** Every finding, most severe first, then by path. */
  findings: JudgedFinding<F>[]
  /** Findings read, per level (allowlisted included). */
  counts: Record<FindingLevel, number>
  levels: LevelResult[]
  violations: number
  allowlisted: number
  /** What the reader should know about the policy itself. */
  warnings: string[]
  /** Allowlist entries that need attention: expired, expiring soon, or matching nothing. */
  hygiene: AllowlistHygiene
  /** One line saying why the gate passes or fails. */
  reason: string
}

export interface AllowlistHygiene {
  /** Past their expires date: they no longer apply. */
  expired: AllowlistEntry[]
  /** Still applying, but expiring within EXPIRING_SOON_DAYS. */
  expiringSoon: Array<{ entry: AllowlistEntry; days: number }>
  /** Applying, but matched no finding of this image. */
  stale: AllowlistEntry[]
  /** One sentence per entry above, for warnings. */
  messages: string[]
}

export const EXPIRING_SOON_DAYS = 14

interface ActiveEntry {
  entry: AllowlistEntry
  matchers?: Minimatch[]
  used: boolean
}

/** Pure: findings + policy + today (YYYY-MM-DD, UTC) → verdict. */
export function evaluatePolicy<F extends Finding>(
  findings: readonly F[],
  policy: Policy,
  today: string
): Evaluation<F> {
  const active = new Map<string, ActiveEntry>()
  const expired: AllowlistEntry[] = []
  for (const entry of policy.allowlist) {
    if (entry.expires !== undefined && entry.expires < today) {
      expired.push(entry)
    } else {
      const matchers = entry.paths?.map(
        (glob) => new Minimatch(glob, { dot: true, nocomment: true, nonegate: true })
      )
      active.set(entry.md5, { entry, matchers, used: false })
    }
  }

  const counts = emptyCounts()
  const levels = new Map<Level, LevelResult>(
    LEVELS.map((level) => [
      level,
      {
        level,
        found: 0,
        allowlisted: 0,
        counted: 0,
        threshold: policy.thresholds[level],
        breached: false
      }
    ])
  )
  const judged: JudgedFinding<F>[] = findings.map((finding): JudgedFinding<F> => {
    counts[finding.level] += 1
    const result = levels.get(judgedLevel(finding.level)) as LevelResult
    result.found += 1
    const candidate = finding.md5 ? active.get(finding.md5.toLowerCase()) : undefined
    if (
      candidate &&
      (!candidate.matchers || candidate.matchers.some((glob) => glob.match(finding.path)))
    ) {
      candidate.used = true
      result.allowlisted += 1
      return {
        ...finding,
        allowlisted: true,
        allowlistReason: candidate.entry.reason,
        violation: false
      }
    }
    result.counted += 1
    return { ...finding, allowlisted: false, violation: false }
  })

  for (const result of levels.values()) {
    result.breached = result.threshold !== undefined && result.counted > result.threshold
  }
  for (const finding of judged) {
    if (!finding.allowlisted && levels.get(judgedLevel(finding.level))?.breached)
      finding.violation = true
  }
  sortFindings(judged)

  const levelResults = [...levels.values()]
  const violations = judged.filter((finding) => finding.violation).length
  const allowlisted = judged.filter((finding) => finding.allowlisted).length
  const verdict: Verdict = violations > 0 ? 'fail' : 'pass'
  return {
    verdict,
    findings: judged,
    counts,
    levels: levelResults,
    violations,
    allowlisted,
    warnings: [...policy.warnings],
    hygiene: allowlistHygiene(expired, [...active.values()], today),
    reason: reasonLine(verdict, levelResults, judged.length, allowlisted, counts.unknown)
  }
}

/** How a stale entry's warning names what it was matched against (one image's findings by default). */
const STALE_SUBJECT = 'finding of this image'

function allowlistHygiene(
  expired: AllowlistEntry[],
  active: ActiveEntry[],
  today: string
): AllowlistHygiene {
  const expiringSoon = active
    .filter(({ entry }) => entry.expires !== undefined)
    .map(({ entry }) => ({ entry, days: daysBetween(today, entry.expires as string) }))
    .filter(({ days }) => days <= EXPIRING_SOON_DAYS)
  const stale = active.filter(({ used }) => !used).map(({ entry }) => entry)
  return { expired, expiringSoon, stale, messages: hygieneMessages(expired, expiringSoon, stale) }
}

/**
 * The allowlist hygiene of a run that judged several sets of findings (several
 * images, runtime events) with one policy. Expired and expiring entries are
 * the same in each; an entry is stale only when it matched nothing in any of
 * them, and only when every set could be judged (`complete`): an entry may
 * well be for a file of an image that could not be read. `subject` names what
 * a stale entry was matched against, e.g. "finding of any gated image".
 */
export function combineHygiene(
  hygienes: readonly AllowlistHygiene[],
  subject: string,
  complete: boolean
): AllowlistHygiene | undefined {
  const [first] = hygienes
  if (!first) return undefined
  const staleEverywhere = (entry: AllowlistEntry): boolean =>
    hygienes.every((hygiene) => hygiene.stale.some((stale) => stale.md5 === entry.md5))
  const stale = complete ? first.stale.filter(staleEverywhere) : []
  const { expired, expiringSoon } = first
  return {
    expired,
    expiringSoon,
    stale,
    messages: hygieneMessages(expired, expiringSoon, stale, subject)
  }
}

function hygieneMessages(
  expired: AllowlistEntry[],
  expiringSoon: Array<{ entry: AllowlistEntry; days: number }>,
  stale: AllowlistEntry[],
  subject = STALE_SUBJECT
): string[] {
  return [
    ...expired.map(
      (entry) =>
        `Allowlist entry for md5 ${entry.md5}${where(entry)} expired on ${entry.expires} and no longer applies.`
    ),
    ...expiringSoon.map(
      ({ entry, days }) =>
        `Allowlist entry for md5 ${entry.md5}${where(entry)} expires on ${entry.expires} (${days === 0 ? 'today is its last day' : `in ${days} day(s)`}); renew or remove it.`
    ),
    ...stale.map(
      (entry) =>
        `Allowlist entry for md5 ${entry.md5}${where(entry)} matched no ${subject}${entry.paths ? ` within its paths` : ''}; remove it if the file is gone.`
    )
  ]
}

/** Whole days from one YYYY-MM-DD date to another. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

function where(entry: AllowlistEntry): string {
  return entry.line > 0 ? ` (policy line ${entry.line})` : ''
}

function compareWithinLevel(a: Finding, b: Finding): number {
  return (
    compareText(a.path, b.path) ||
    compareText(a.md5.toLowerCase(), b.md5.toLowerCase()) ||
    compareText(a.virusName, b.virusName)
  )
}

/**
 * Sorts in place, level descending, then path, md5 and virus name: one bucket
 * per rank, each sorted on its own (fast for 100,000).
 */
function sortFindings<T extends Finding>(findings: T[]): void {
  const buckets = new Map<number, T[]>()
  for (const finding of findings) {
    const rank = severityRank(finding.level)
    const bucket = buckets.get(rank)
    if (bucket) bucket.push(finding)
    else buckets.set(rank, [finding])
  }
  let index = 0
  for (const rank of [...buckets.keys()].sort((a, b) => b - a)) {
    const bucket = buckets.get(rank) as T[]
    bucket.sort(compareWithinLevel)
    for (const finding of bucket) findings[index++] = finding
  }
}

/** Code-unit order: the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function reasonLine(
  verdict: Verdict,
  levels: LevelResult[],
  total: number,
  allowlisted: number,
  unknown: number
): string {
  if (verdict === 'fail') {
    const over = levels
      .filter((result) => result.breached)
      .map((result) => `${result.counted} ${result.level} (allowed ${result.threshold})`)
      .join(', ')
    const unknownNote = unknown > 0 ? `; ${unknownLevelCount(unknown)}` : ''
    return `Policy violated: ${over}${unknownNote}.`
  }
  if (total === 0) return 'No virus findings.'
  return `${withinThresholds(total, allowlisted)}.`
}

/**
 * The one sentence of a passing set of findings (or open events):
 * "3 finding(s) within the policy thresholds, 1 allowlisted".
 */
export function withinThresholds(count: number, allowlisted: number, noun = 'finding(s)'): string {
  const excused = allowlisted > 0 ? `, ${allowlisted} allowlisted` : ''
  return `${count} ${noun} within the policy thresholds${excused}`
}
