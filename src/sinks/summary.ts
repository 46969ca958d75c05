import type { Evaluation, JudgedFinding, LevelResult, Verdict } from '../core/evaluate.js'
import { LEVELS } from '../core/levels.js'
import {
  type EventsResult,
  type GateResult,
  type ImageResult,
  isSingleImage,
  runHygiene
} from '../core/result.js'
import type { EventFinding, RuntimeEvent } from '../sources/tcss/virus-detail.js'
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
 *
 * One image without events is shown as it always was: the image's row, then
 * its tables. Several images, or runtime events, get one row per image and a
 * line for the events, then a section per image and one for the events.
 */
export function renderSummary(
  result: GateResult,
  budgetBytes = SUMMARY_BUDGET_BYTES,
  notes: SizeLimitNotes = JOB_SUMMARY_NOTES
): string {
  const out = new BudgetedText(budgetBytes, notes)
  out.add(`## ${headline(result)}\n\n${escapeMarkdown(result.reason, 2000)}\n\n`)
  if (isSingleImage(result)) renderSingleImage(result, result.images[0], out)
  else renderTargets(result, out)
  policySection(result, out)
  return out.text()
}

/** Requests sent, and how many the API throttled when it did: `120 (17 throttled)`. */
function requestsText(result: GateResult): string {
  return result.throttled
    ? `${result.requests} (${result.throttled} throttled)`
    : `${result.requests}`
}

function renderSingleImage(result: GateResult, image: ImageResult, out: BudgetedText): void {
  out.add(
    '| Image | Scan status | Findings | Violations | Allowlisted | API requests |\n|---|---|---|---|---|---|\n'
  )
  const evaluation = image.evaluation
  out.add(
    `| ${imageCell(image)} | ${image.scanStatus ?? 'unknown'} | ${evaluation ? evaluation.findings.length : 'not read'} | ${evaluation?.violations ?? '-'} | ${evaluation?.allowlisted ?? '-'} | ${requestsText(result)} |\n\n`
  )
  if (image.failure) {
    out.add(
      `**The findings could not be judged:** ${escapeMarkdown(image.failure.message, 2000)}\n\n`
    )
  }
  warningSections(result, out)
  if (evaluation) findingSections(evaluation, '###', out)
}

function renderTargets(result: GateResult, out: BudgetedText): void {
  const { images, events } = result
  if (images.length > 0) {
    out.table(
      `### Images (${images.length})\n\n`,
      '| Image | Scan status | Findings | Violations | Allowlisted | Verdict |\n|---|---|---|---|---|---|\n',
      images,
      (image) => {
        const evaluation = image.sameAs === undefined ? image.evaluation : undefined
        const counted = image.sameAs !== undefined ? 'see above' : undefined
        return `| ${imageCell(image)} | ${image.scanStatus ?? 'unknown'} | ${counted ?? (evaluation ? evaluation.findings.length : 'not read')} | ${counted ?? evaluation?.violations ?? '-'} | ${counted ?? evaluation?.allowlisted ?? '-'} | ${verdictCell(image.verdict)}: ${escapeMarkdown(image.reason, 300)} |\n`
      },
      0.3
    )
  }
  if (events) {
    const open = events.evaluation.findings.length
    const resolved = events.items.filter((item) => item.event && !item.event.open).length
    const unread = events.items.filter((item) => item.failure).length
    out.add(
      `**Runtime trojan events (${events.items.length}):** ${open} open (${events.evaluation.violations} violation(s), ${events.evaluation.allowlisted} allowlisted), ${resolved} resolved, ${unread} could not be read — ${verdictCell(events.verdict)}.\n\n`
    )
  }
  out.add(`API requests: ${requestsText(result)}.\n\n`)
  warningSections(result, out)

  // Each image and the events get an equal share of what is left, the unused part passing on.
  let cut = 0
  const sections: Array<() => void> = images.map((image) => () => {
    if (!imageSection(image, out)) cut += 1
  })
  if (events) sections.push(() => eventsSection(events, out))
  out.scope(0.9, () => {
    sections.forEach((render, index) => out.scope(1 / (sections.length - index), render))
  })
  if (cut > 0) out.add(out.omittedNote(`the details of ${cut} image(s)`))
}

/**
 * One image's section. Only its heading is sure to be shown: with many
 * images and a small budget (the comment), the rest of a section that does
 * not fit in its share is left out (and counted in one note after the
 * sections). Returns false when it was.
 */
function imageSection(image: ImageResult, out: BudgetedText): boolean {
  out.add(`### ${verdictMark(image.verdict)} Image ${imageCell(image)}\n\n`)
  const text =
    image.sameAs !== undefined
      ? `The same ImageID as ${escapeMarkdown(image.sameAs)}; its findings are listed there once.\n\n`
      : image.failure
        ? `**The findings could not be judged:** ${escapeMarkdown(image.failure.message, 2000)}\n\n`
        : `${escapeMarkdown(image.reason, 2000)}\n\n`
  if (!out.addIfFits(text)) return false
  return image.evaluation ? findingSections(image.evaluation, '####', out) : true
}

function eventsSection(events: EventsResult, out: BudgetedText): void {
  const { evaluation } = events
  out.add(
    `### ${verdictMark(events.verdict)} Runtime trojan events (${events.items.length})\n\n${escapeMarkdown(events.reason, 2000)}\n\n`
  )
  const byId = new Map(events.items.map((item) => [item.id, item]))
  const open = evaluation.findings.flatMap((finding) => {
    const event = byId.get(finding.eventId)?.event
    return event ? [{ event, finding }] : []
  })
  const resolved = events.items.flatMap((item) =>
    item.event && !item.event.open ? [item.event] : []
  )
  const unread = events.items.filter((item) => item.failure !== undefined)
  if (open.length > 0) {
    out.add(
      levelTable(
        evaluation.levels,
        evaluation.counts.unknown,
        '####',
        'Open events per level',
        'event(s)'
      )
    )
  }
  out.table(
    `#### Open events (${open.length})\n\n`,
    '| Event | Level | Result | Status | Container | Pod | Cluster | Process | File path | Virus | MD5 |\n|---|---|---|---|---|---|---|---|---|---|---|\n',
    open,
    ({ event, finding }: { event: RuntimeEvent; finding: JudgedFinding<EventFinding> }) =>
      `| ${escapeMarkdown(event.id)} | ${eventLevelCell(event)} | ${resultCell(finding)} | ${nullable(event.status)} | ${containerCell(event)} | ${nullable(event.podName)} | ${nullable(event.clusterName ?? event.clusterId)} | ${processCell(event)} | ${nullable(event.filePath)} | ${nullable(event.virusName)} | ${nullable(event.fileMd5)} |\n`,
    0.7
  )
  out.table(
    `#### Resolved events (${resolved.length})\n\n`,
    '| Event | Level | Status | Container | Pod | Cluster | Process | File path | Virus |\n|---|---|---|---|---|---|---|---|---|\n',
    resolved,
    (event) =>
      `| ${escapeMarkdown(event.id)} | ${eventLevelCell(event)} | ${nullable(event.status)} | ${containerCell(event)} | ${nullable(event.podName)} | ${nullable(event.clusterName ?? event.clusterId)} | ${processCell(event)} | ${nullable(event.filePath)} | ${nullable(event.virusName)} |\n`,
    0.5
  )
  out.table(
    `#### Could not be read (${unread.length})\n\n`,
    '| Event | Why |\n|---|---|\n',
    unread,
    (item) =>
      `| ${escapeMarkdown(item.id)} | ${escapeMarkdown(item.failure?.message ?? '', 1000)} |\n`,
    0.9
  )
}

/** Warnings and allowlist hygiene: before the long tables, so that cutting the tables never hides them. */
function warningSections(result: GateResult, out: BudgetedText): void {
  out.table(
    '### Warnings\n\n',
    '',
    result.warnings,
    (warning) => `- ${escapeMarkdown(warning, 1000)}\n`,
    0.2
  )
  out.table(
    '### Allowlist hygiene\n\n',
    '',
    runHygiene(result)?.messages ?? [],
    (message) => `- ${escapeMarkdown(message, 1000)}\n`,
    0.2
  )
}

/** The per-level table and the three tables of findings of one evaluation. */
/** The per-level table and the finding tables; false when not even the per-level table fits. */
function findingSections(evaluation: Evaluation, heading: string, out: BudgetedText): boolean {
  if (!out.addIfFits(levelTable(evaluation.levels, evaluation.counts.unknown, heading)))
    return false
  const violations = evaluation.findings.filter((finding) => finding.violation)
  const allowlisted = evaluation.findings.filter((finding) => finding.allowlisted)
  const others = evaluation.findings.filter((finding) => !finding.violation && !finding.allowlisted)
  // Each table gets a share of what is left, so a huge table cannot crowd out the next ones.
  out.table(
    `${heading} Violations (${violations.length})\n\n`,
    '| Level | Path | Virus | MD5 |\n|---|---|---|---|\n',
    violations,
    (f) =>
      `| ${levelCell(f)} | ${escapeMarkdown(f.path)} | ${escapeMarkdown(f.virusName)} | ${escapeMarkdown(f.md5)} |\n`,
    0.6
  )
  out.table(
    `${heading} Allowlisted (${allowlisted.length})\n\n`,
    '| Level | Path | Virus | MD5 | Reason |\n|---|---|---|---|---|\n',
    allowlisted,
    (f) =>
      `| ${levelCell(f)} | ${escapeMarkdown(f.path)} | ${escapeMarkdown(f.virusName)} | ${escapeMarkdown(f.md5)} | ${escapeMarkdown(f.allowlistReason ?? '')} |\n`,
    0.5
  )
  out.table(
    `${heading} Within the thresholds (${others.length})\n\n`,
    '| Level | Path | Virus | MD5 |\n|---|---|---|---|\n',
    others,
    (f) =>
      `| ${levelCell(f)} | ${escapeMarkdown(f.path)} | ${escapeMarkdown(f.virusName)} | ${escapeMarkdown(f.md5)} |\n`,
    0.9
  )
  return true
}

/** The ImageID; with `image`, the name and the ID it was resolved to (or that it was not). */
function imageCell(image: Pick<ImageResult, 'imageId' | 'imageName'>): string {
  if (image.imageName === undefined) return escapeMarkdown(image.imageId)
  const id = image.imageId
    ? `ImageID ${escapeMarkdown(image.imageId)}`
    : 'not resolved to an ImageID'
  return `${escapeMarkdown(image.imageName)} (${id})`
}

function headline(result: GateResult): string {
  if (result.verdict === 'pass') return `✅ ${TITLE}: pass`
  if (!result.enforce) return `⚠️ ${TITLE}: fail (report only, the job passes)`
  return `❌ ${TITLE}: fail`
}

function verdictMark(verdict: Verdict): string {
  return verdict === 'pass' ? '✅' : '❌'
}

function verdictCell(verdict: Verdict): string {
  return `${verdictMark(verdict)} ${verdict}`
}

function levelCell(finding: JudgedFinding): string {
  if (finding.level !== 'unknown') return finding.level
  return `unknown (RiskLevel ${finding.riskLevel ?? 'missing'}), judged as critical`
}

/** The level, with the RiskLevel name when it is not the plain one (RISK_NOTICE, unknown, null). */
function eventLevelCell(event: RuntimeEvent): string {
  if (event.level === 'unknown') {
    return `unknown (RiskLevel ${event.riskLevel === null ? 'null' : escapeMarkdown(event.riskLevel, 60)}), judged as critical`
  }
  return event.riskLevel === `RISK_${event.level.toUpperCase()}`
    ? event.level
    : `${event.level} (${escapeMarkdown(event.riskLevel ?? '', 60)})`
}

function resultCell(finding: JudgedFinding): string {
  if (finding.violation) return '❌ violation'
  if (finding.allowlisted)
    return `allowlisted: ${escapeMarkdown(finding.allowlistReason ?? '', 200)}`
  return 'within the thresholds'
}

/** A text field of an event; '-' for null. */
function nullable(value: string | null): string {
  return value === null ? '-' : escapeMarkdown(value)
}

function containerCell(event: RuntimeEvent): string {
  if (event.containerName !== null && event.containerId !== null) {
    // The short form of the ID, as `docker ps` shows it; the JSON report has it whole.
    return `${escapeMarkdown(event.containerName)} (${escapeMarkdown(event.containerId.slice(0, 12))})`
  }
  return nullable(event.containerName ?? event.containerId)
}

function processCell(event: RuntimeEvent): string {
  const name = event.processName ?? event.processPath
  const pid = event.processId !== null ? ` (pid ${event.processId})` : ''
  return name === null && pid === '' ? '-' : `${nullable(name)}${pid}`
}

function levelTable(
  levels: LevelResult[],
  unknown: number,
  heading = '###',
  title = 'Findings per level',
  noun = 'finding(s)'
): string {
  const rows = levels.map((result) => {
    const allowed = result.threshold === undefined ? 'unlimited' : String(result.threshold)
    const verdict = result.breached
      ? `❌ over by ${result.counted - (result.threshold ?? 0)}`
      : '✅'
    return `| ${result.level} | ${result.found} | ${result.allowlisted} | ${result.counted} | ${allowed} | ${verdict} |\n`
  })
  const note =
    unknown > 0
      ? `\n${unknown} ${noun} had a missing or unknown RiskLevel and are counted as critical.\n`
      : ''
  return `${heading} ${title}\n\n| Level | Found | Allowlisted | Counted | Allowed | Result |\n|---|---|---|---|---|---|\n${rows.join('')}${note}\n`
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
  /** Ends (in bytes used) of the scopes being rendered, innermost last. */
  private readonly scopes: number[] = []

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
    const free = this.free()
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

  /**
   * Adds text only when it fits in the bytes still free (within the innermost
   * scope); returns whether it was added.
   */
  addIfFits(text: string): boolean {
    if (Buffer.byteLength(text) > this.free()) return false
    this.add(text)
    return true
  }

  /** The line that says what was left out and where to find it. */
  omittedNote(what: string): string {
    const { subject, limit, elsewhere } = this.notes
    return `*${what.charAt(0).toUpperCase()}${what.slice(1)} not shown to keep ${subject} under ${limit}; ${elsewhere}.*\n\n`
  }

  /** Bytes the tables may still use: up to the reserve, and within the innermost scope. */
  private free(): number {
    const end = Math.min(this.budget - this.reserve, this.scopes.at(-1) ?? Number.POSITIVE_INFINITY)
    return Math.max(0, end - this.used)
  }

  /**
   * Renders a part whose tables together use at most `share` of the bytes
   * still free; what it leaves unused stays free for what follows.
   */
  scope(share: number, render: () => void): void {
    this.scopes.push(this.used + Math.floor(this.free() * share))
    try {
      render()
    } finally {
      this.scopes.pop()
    }
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
