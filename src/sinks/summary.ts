/**
 * The job summary's sections, rendered from the verdict model: the headline
 * and reason, the targets, the findings and events, the policy.
 */
import type { Evaluation, LevelResult } from '../core/evaluate.js'
import { LEVELS, unknownLevelCount } from '../core/levels.js'
import type { EventSet, GateResult, JudgedEvent, JudgedImage } from '../core/result.js'
import { BudgetedText, type SizeLimitNotes } from './budgeted-text.js'
import { escapeMarkdown } from './escape.js'
import {
  containerCell,
  eventLevelCell,
  imageCell,
  levelCell,
  nullable,
  processCell,
  resultCell,
  verdictCell,
  verdictMark
} from './markdown-cells.js'

/** GitHub refuses a step summary over 1 MiB; stay well below it. */
export const SUMMARY_BUDGET_BYTES = 900 * 1024

const TITLE = 'TCSS virus gate'

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
  if (result.single) renderSingleImage(result, result.images[0], out)
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

function renderSingleImage(result: GateResult, image: JudgedImage, out: BudgetedText): void {
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
    out.add(
      `**Runtime trojan events (${events.all.length}):** ${events.open.length} open (${events.evaluation.violations} violation(s), ${events.evaluation.allowlisted} allowlisted), ${events.resolved.length} resolved, ${events.unread.length} could not be read — ${verdictCell(events.verdict)}.\n\n`
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
function imageSection(image: JudgedImage, out: BudgetedText): boolean {
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

function eventsSection(events: EventSet, out: BudgetedText): void {
  const { evaluation, open, resolved, unread } = events
  out.add(
    `### ${verdictMark(events.verdict)} Runtime trojan events (${events.all.length})\n\n${escapeMarkdown(events.reason, 2000)}\n\n`
  )
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
    (target) =>
      `${eventCells(target, target.finding ? resultCell(target.finding) : '')} ${nullable(target.event?.fileMd5 ?? null)} |\n`,
    0.7
  )
  out.table(
    `#### Resolved events (${resolved.length})\n\n`,
    '| Event | Level | Status | Container | Pod | Cluster | Process | File path | Virus |\n|---|---|---|---|---|---|---|---|---|\n',
    resolved,
    (target) => `${eventCells(target)}\n`,
    0.5
  )
  out.table(
    `#### Could not be read (${unread.length})\n\n`,
    '| Event | Why |\n|---|---|\n',
    unread,
    (target) =>
      `| ${escapeMarkdown(target.id)} | ${escapeMarkdown(target.failure?.message ?? '', 1000)} |\n`,
    0.9
  )
}

/** The cells an open and a resolved event share, with the open event's result after its level. */
function eventCells(target: JudgedEvent, result?: string): string {
  const event = target.event
  const place = target.place
  if (!event || !place) return `| ${escapeMarkdown(target.id)} |`
  const judged = result === undefined ? '' : ` ${result} |`
  return `| ${escapeMarkdown(event.id)} | ${eventLevelCell(event)} |${judged} ${nullable(event.status)} | ${containerCell(place)} | ${nullable(place.pod)} | ${nullable(place.cluster)} | ${processCell(event)} | ${nullable(event.filePath)} | ${nullable(event.virusName)} |`
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
    result.hygiene?.messages ?? [],
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

function headline(result: GateResult): string {
  if (result.verdict === 'pass') return `✅ ${TITLE}: pass`
  if (!result.enforce) return `⚠️ ${TITLE}: fail (report only, the job passes)`
  return `❌ ${TITLE}: fail`
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
  const note = unknown > 0 ? `\n${unknownLevelCount(unknown, noun)}.\n` : ''
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
