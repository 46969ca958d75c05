/**
 * The command line's report for people, on stdout: the verdict line, then
 * for each image (and the runtime events) a table per level and the
 * violations. Plain text: no Markdown, no workflow command; untrusted text
 * is kept on one line and cannot start one with "::" or carry a terminal
 * escape sequence (escapeLogText).
 */
import type { Evaluation, Finding, JudgedFinding } from '../core/evaluate.js'
import {
  distinctImages,
  type GateResult,
  type ImageResult,
  imageLabel,
  type EventSet
} from '../core/result.js'
import { escapeLogText } from '../sinks/escape.js'

/** Violations listed per image at most; the JSON and JUnit reports hold them all. */
const MAX_VIOLATIONS = 200

export function textReport(result: GateResult, ending: { passed: boolean }): string {
  const lines = [verdictLine(result, ending)]
  for (const image of distinctImages(result)) lines.push('', ...imageSection(image))
  if (result.events) lines.push('', ...eventsSection(result.events))
  return `${lines.join('\n')}\n`
}

function verdictLine(result: GateResult, ending: { passed: boolean }): string {
  const reason = escapeLogText(result.reason)
  if (result.verdict === 'pass')
    return ending.passed
      ? `TCSS virus gate: PASS — ${reason}`
      : `TCSS virus gate: PASS, but a report could not be written — ${reason}`
  return ending.passed
    ? `TCSS virus gate: FAIL (report only, --enforce false) — ${reason}`
    : `TCSS virus gate: FAIL — ${reason}`
}

function imageSection(image: ImageResult): string[] {
  const status = image.scanStatus ? `scan ${image.scanStatus}` : 'scan status unknown'
  const head = `Image ${escapeLogText(imageLabel(image))} — ${status} — ${image.verdict.toUpperCase()}`
  if (!image.evaluation)
    return [head, `  Could not be judged: ${escapeLogText(image.failure?.message ?? image.reason)}`]
  return [head, ...evaluationLines(image.evaluation, (finding) => finding.path)]
}

function eventsSection(events: EventSet): string[] {
  return [
    `Runtime events — ${events.all.length} given, ${events.open.length} open — ${events.verdict.toUpperCase()}`,
    ...events.unread.map(
      (item) =>
        `  Event ${escapeLogText(item.id)} could not be read: ${escapeLogText(item.failure?.message ?? '')}`
    ),
    ...evaluationLines(events.evaluation, (finding) => `event ${finding.eventId}: ${finding.path}`)
  ]
}

function evaluationLines<F extends Finding>(
  evaluation: Evaluation<F>,
  where: (finding: JudgedFinding<F>) => string
): string[] {
  const rows = [
    ['level', 'found', 'allowlisted', 'counted', 'allowed', ''],
    ...evaluation.levels.map((level) => [
      level.level,
      String(level.found),
      String(level.allowlisted),
      String(level.counted),
      level.threshold === undefined ? 'unlimited' : String(level.threshold),
      level.breached ? 'exceeded' : ''
    ])
  ]
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)))
  const table = rows.map((row) =>
    `  ${row
      .map((cell, column) =>
        column >= 1 && column <= 3 ? cell.padStart(widths[column]) : cell.padEnd(widths[column])
      )
      .join('  ')}`.trimEnd()
  )
  const violations = evaluation.findings.filter((finding) => finding.violation)
  if (violations.length === 0) return table
  const shown = violations.slice(0, MAX_VIOLATIONS)
  return [
    ...table,
    `  Violations (${violations.length}):`,
    ...shown.map(
      (finding) =>
        `    ${finding.level.padEnd(8)}  ${escapeLogText(where(finding) || '(no path)')}  ${escapeLogText(finding.virusName || '(unnamed)')}  md5 ${escapeLogText(finding.md5 || 'none')}`
    ),
    ...(violations.length > shown.length
      ? [`    … and ${violations.length - shown.length} more (see --report-file or --junit-file)`]
      : [])
  ]
}
