import type { JudgedFinding, LevelResult } from '../evaluate.js'
import { LEVELS } from '../levels.js'
import type { GateResult } from '../result.js'
import { escapeMarkdown } from './escape.js'

/** GitHub refuses a step summary over 1 MiB; stay well below it. */
export const SUMMARY_BUDGET_BYTES = 900 * 1024

const TITLE = 'TCSS virus gate'

/** How the notes about cut tables name the limit and where the rest can be found. */
export interface SizeLimitNotes {
  /** What is kept small, e.g. "the summary". */
  subject: string
  /** The limit, e.g. "GitHub's 1 MiB limit". */
  limit: string
  /** Where the rows left out are, e.g. "the JSON report (report-file) has every finding". */
  elsewhere: string
}

export const JOB_SUMMARY_NOTES: SizeLimitNotes = {
  subject: 'the summary',
  limit: "GitHub's 1 MiB limit",
  elsewhere: 'the JSON report (report-file) has every finding'
}

/**
 * The job summary as Markdown, at most `budgetBytes` UTF-8 bytes (so also at
 * most that many UTF-16 code units). Pure; every untrusted string is escaped here.
 */
export function renderSummary(
  result: GateResult,
  budgetBytes = SUMMARY_BUDGET_BYTES,
  notes: SizeLimitNotes = JOB_SUMMARY_NOTES
): string {
  const out = new BudgetedText(budgetBytes, notes)
  out.add(`## ${headline(result)}\n\n${escapeMarkdown(result.reason, 2000)}\n\n`)
  out.add(
    '| Image | Scan status | Findings | Violations | Allowlisted | API requests |\n|---|---|---|---|---|---|\n'
  )
  const evaluation = result.evaluation
  out.add(
    `| ${imageCell(result)} | ${result.scanStatus ?? 'unknown'} | ${evaluation ? evaluation.findings.length : 'not read'} | ${evaluation?.violations ?? '-'} | ${evaluation?.allowlisted ?? '-'} | ${result.requests} |\n\n`
  )
  if (result.failure) {
    out.add(
      `**The findings could not be judged:** ${escapeMarkdown(result.failure.message, 2000)}\n\n`
    )
  }
  // Warnings come before the long tables so that cutting the tables never hides them.
  out.table(
    '### Warnings\n\n',
    '',
    result.warnings,
    (warning) => `- ${escapeMarkdown(warning, 1000)}\n`,
    0.2
  )
  if (evaluation) {
    out.table(
      '### Allowlist hygiene\n\n',
      '',
      evaluation.hygiene.messages,
      (message) => `- ${escapeMarkdown(message, 1000)}\n`,
      0.2
    )
    out.add(levelTable(evaluation.levels, evaluation.counts.unknown))
    const violations = evaluation.findings.filter((finding) => finding.violation)
    const allowlisted = evaluation.findings.filter((finding) => finding.allowlisted)
    const others = evaluation.findings.filter(
      (finding) => !finding.violation && !finding.allowlisted
    )
    // Each table gets a share of what is left, so a huge table cannot crowd out the next ones.
    out.table(
      `### Violations (${violations.length})\n\n`,
      '| Level | Path | Virus | MD5 |\n|---|---|---|---|\n',
      violations,
      (f) =>
        `| ${levelCell(f)} | ${escapeMarkdown(f.path)} | ${escapeMarkdown(f.virusName)} | ${escapeMarkdown(f.md5)} |\n`,
      0.6
    )
    out.table(
      `### Allowlisted (${allowlisted.length})\n\n`,
      '| Level | Path | Virus | MD5 | Reason |\n|---|---|---|---|---|\n',
      allowlisted,
      (f) =>
        `| ${levelCell(f)} | ${escapeMarkdown(f.path)} | ${escapeMarkdown(f.virusName)} | ${escapeMarkdown(f.md5)} | ${escapeMarkdown(f.allowlistReason ?? '')} |\n`,
      0.5
    )
    out.table(
      `### Within the thresholds (${others.length})\n\n`,
      '| Level | Path | Virus | MD5 |\n|---|---|---|---|\n',
      others,
      (f) =>
        `| ${levelCell(f)} | ${escapeMarkdown(f.path)} | ${escapeMarkdown(f.virusName)} | ${escapeMarkdown(f.md5)} |\n`,
      0.9
    )
  }
  policySection(result, out)
  return out.text()
}

/** The ImageID; with `image`, the name and the ID it was resolved to (or that it was not). */
function imageCell(result: GateResult): string {
  if (result.imageName === undefined) return escapeMarkdown(result.imageId)
  const id = result.imageId
    ? `ImageID ${escapeMarkdown(result.imageId)}`
    : 'not resolved to an ImageID'
  return `${escapeMarkdown(result.imageName)} (${id})`
}

function headline(result: GateResult): string {
  if (result.verdict === 'pass') return `✅ ${TITLE}: pass`
  if (!result.enforce) return `⚠️ ${TITLE}: fail (report only, the job passes)`
  return `❌ ${TITLE}: fail`
}

function levelCell(finding: JudgedFinding): string {
  if (finding.level !== 'unknown') return finding.level
  return `unknown (RiskLevel ${finding.riskLevel ?? 'missing'}), judged as critical`
}

function levelTable(levels: LevelResult[], unknown: number): string {
  const rows = levels.map((result) => {
    const allowed = result.threshold === undefined ? 'unlimited' : String(result.threshold)
    const verdict = result.breached
      ? `❌ over by ${result.counted - (result.threshold ?? 0)}`
      : '✅'
    return `| ${result.level} | ${result.found} | ${result.allowlisted} | ${result.counted} | ${allowed} | ${verdict} |\n`
  })
  const note =
    unknown > 0
      ? `\n${unknown} finding(s) had a missing or unknown RiskLevel and are counted as critical.\n`
      : ''
  return `### Findings per level\n\n| Level | Found | Allowlisted | Counted | Allowed | Result |\n|---|---|---|---|---|---|\n${rows.join('')}${note}\n`
}

function policySection(result: GateResult, out: BudgetedText): void {
  const { policy } = result
  const thresholds = LEVELS.map(
    (level) => `${level}: ${policy.thresholds[level] ?? 'unlimited'}`
  ).join(', ')
  out.add(`<details><summary>Policy in effect: ${escapeMarkdown(policy.source)}</summary>\n\n`)
  out.add(`Thresholds (largest number of non-allowlisted findings allowed): ${thresholds}.\n\n`)
  if (policy.allowlist.length === 0) {
    out.add('Allowlist: empty.\n\n')
  } else {
    out.table(
      `Allowlist (${policy.allowlist.length}):\n\n`,
      '| MD5 | Paths | Reason | Expires |\n|---|---|---|---|\n',
      policy.allowlist,
      (entry) =>
        `| ${entry.md5} | ${entry.paths ? entry.paths.map((glob) => escapeMarkdown(glob)).join('<br>') : 'any'} | ${escapeMarkdown(entry.reason)} | ${entry.expires ?? 'never'} |\n`,
      1
    )
  }
  out.add('</details>\n')
}

/** Accumulates Markdown without passing a byte budget; tables are cut with a line that says so. */
class BudgetedText {
  private parts: string[] = []
  private used = 0
  /** Kept free for the short fixed lines and the notes that say what was cut. */
  private readonly reserve = 16 * 1024

  constructor(
    private readonly budget: number,
    private readonly notes: SizeLimitNotes
  ) {}

  add(text: string): void {
    this.parts.push(text)
    this.used += Buffer.byteLength(text)
  }

  /**
   * Adds a table, using at most `share` of the bytes still free. Rows are
   * rendered one by one and only while they fit, so a cut table costs no more
   * than the rows it shows.
   */
  table<T>(
    heading: string,
    header: string,
    items: readonly T[],
    row: (item: T) => string,
    share: number
  ): void {
    if (items.length === 0) return
    const free = Math.max(0, this.budget - this.reserve - this.used)
    const limit = Math.floor(free * share)
    let size = Buffer.byteLength(heading) + Buffer.byteLength(header)
    const rows: string[] = []
    for (const item of items) {
      const text = row(item)
      const bytes = Buffer.byteLength(text)
      if (size + bytes > limit) break
      size += bytes
      rows.push(text)
    }
    this.add(heading)
    if (rows.length > 0) this.add(header + rows.join(''))
    const left = items.length - rows.length
    this.add(
      left > 0
        ? `\n*${left} more row(s) not shown to keep ${this.notes.subject} under ${this.notes.limit}; ${this.notes.elsewhere}.*\n\n`
        : '\n'
    )
  }

  /** The text, never over the budget: a last cut, should the fixed parts ever outgrow the reserve. */
  text(): string {
    const text = this.parts.join('')
    if (this.used <= this.budget) return text
    const { subject, limit, elsewhere } = this.notes
    const note = `\n\n*${subject.charAt(0).toUpperCase()}${subject.slice(1)} was cut here to stay under ${limit}; ${elsewhere}.*\n`
    const keep = Buffer.from(text)
      .subarray(0, Math.max(0, this.budget - Buffer.byteLength(note)))
      .toString('utf8')
    return keep.replace(/\uFFFD$/, '') + note
  }
}
