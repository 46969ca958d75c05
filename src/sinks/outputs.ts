import { MAX_ERROR_ANNOTATIONS, Outputs } from '../constants.js'
import { emptyCounts, levelName } from '../core/levels.js'
import {
  distinctImages,
  type GateResult,
  type JudgedEvent,
  type Place,
  unjudged,
  violations
} from '../core/result.js'
import type { Runner } from '../runner.js'
import { escapeLogText } from './escape.js'

/**
 * Sets every output; small values only (counts and paths, never the list).
 * Counts are over every image and every open runtime event; scan-status is
 * the worst status of the images (see overallScanStatus).
 */
export function setOutputs(result: GateResult, out: Runner): void {
  judgedOutputsSet.add(out)
  const sum = result.tally
  out.setOutput(Outputs.Verdict, result.verdict)
  out.setOutput(Outputs.ScanStatus, result.scanStatus ?? '')
  out.setOutput(Outputs.Findings, String(sum.findings))
  out.setOutput(Outputs.Violations, String(sum.violations))
  out.setOutput(Outputs.Allowlisted, String(sum.allowlisted))
  out.setOutput(Outputs.Counts, JSON.stringify(sum.counts))
}

/** The runners whose judged outputs are set: nothing may overwrite them afterwards. */
const judgedOutputsSet = new WeakSet<object>()

/**
 * Outputs for a run that stopped before it could judge anything (bad input or
 * policy, a signal). Once the judged outputs are set, it leaves them alone.
 */
export function setFailureOutputs(out: Runner): void {
  if (judgedOutputsSet.has(out)) return
  out.setOutput(Outputs.Verdict, 'fail')
  out.setOutput(Outputs.Findings, '0')
  out.setOutput(Outputs.Violations, '0')
  out.setOutput(Outputs.Allowlisted, '0')
  out.setOutput(Outputs.Counts, JSON.stringify(emptyCounts()))
}

/**
 * One annotation per violation, at most ten (what GitHub shows per step),
 * then one notice for the rest. Errors when enforcing, warnings in report-only mode.
 * The toolkit escapes the message, so untrusted text cannot end the command.
 */
export function annotateViolations(result: GateResult, out: Runner): void {
  const annotations = violations(result).map(({ target, finding }) => {
    const level = levelName(finding.level)
    const what = `${level} virus ${escapeLogText(finding.virusName || '(unnamed)')} in ${escapeLogText(finding.path || '(no path)')}`
    const md5 = `(md5 ${escapeLogText(finding.md5 || 'none')})`
    if (target.kind === 'image') {
      return {
        message: `${what} ${md5}`,
        title: `TCSS virus gate: ${level} finding in ${escapeLogText(target.label)}`
      }
    }
    return {
      message: `${what}${where(target.place)} ${md5}, status ${escapeLogText(target.event?.status ?? 'null')}`,
      title: `TCSS virus gate: open ${level} runtime event ${escapeLogText(target.id)}`
    }
  })
  const annotate = result.enforce ? out.error : out.warning
  for (const { message, title } of annotations.slice(0, MAX_ERROR_ANNOTATIONS)) {
    annotate(message, { title })
  }
  const more = annotations.length - MAX_ERROR_ANNOTATIONS
  if (more > 0)
    out.notice(`${more} more violations — see the job summary`, { title: 'TCSS virus gate' })
}

/**
 * With several images or events, one annotation per image or event that could
 * not be judged, so the run page names each (with one image, the failure line
 * says it all).
 */
export function annotateFailures(result: GateResult, out: Runner): void {
  if (result.single) return
  const annotate = result.enforce ? out.error : out.warning
  for (const { subject, failure } of unjudged(result).slice(0, MAX_ERROR_ANNOTATIONS)) {
    annotate(escapeLogText(failure.message), {
      title: `TCSS virus gate: could not judge ${escapeLogText(subject)}`
    })
  }
}

/** " in container C (pod P, cluster K)", from where the event ran. */
function where(place: Place | undefined): string {
  if (!place) return ''
  const others = [
    place.pod !== null ? `pod ${place.pod}` : '',
    place.cluster !== null ? `cluster ${place.cluster}` : ''
  ].filter(Boolean)
  const head = place.container !== null ? ` in container ${place.container}` : ''
  const tail = others.length > 0 ? ` (${others.join(', ')})` : ''
  return escapeLogText(head + tail)
}

/** Lists the findings in the log between stop-commands markers, one escaped line each. */
export function logFindings(result: GateResult, token: string, out: Runner, maxLines = 1000): void {
  let budget = maxLines
  for (const image of distinctImages(result)) {
    const findings = image.evaluation?.findings ?? []
    if (findings.length === 0) continue
    const title = result.single
      ? `Findings (${findings.length})`
      : `Findings in ${escapeLogText(image.label)} (${findings.length})`
    budget -= logGroup(out, title, 'finding(s)', token, findings, budget, (finding) => {
      return `[${finding.level}] ${mark(finding)}: ${finding.path} — ${finding.virusName} (md5 ${finding.md5})`
    })
  }
  const events = result.events?.all ?? []
  if (events.length === 0) return
  logGroup(
    out,
    `Runtime trojan events (${events.length})`,
    'event(s)',
    token,
    events,
    maxLines,
    eventLine
  )
}

function eventLine(target: JudgedEvent): string {
  const { event, finding } = target
  if (!event) return `${target.id}: could not be read — ${target.failure?.message ?? ''}`
  const state = finding ? `open, ${mark(finding)}` : 'resolved'
  return `[${event.level}] ${target.id} ${state} (status ${event.status ?? 'null'}): ${event.filePath ?? '(no path)'} — ${event.virusName ?? '(unnamed)'} (md5 ${event.fileMd5 ?? 'none'})${where(target.place)}`
}

function mark(finding: { violation: boolean; allowlisted: boolean }): string {
  return finding.violation ? 'VIOLATION' : finding.allowlisted ? 'allowlisted' : 'within threshold'
}

/** One log group of escaped lines between stop-commands markers; returns the lines printed. */
function logGroup<T>(
  out: Runner,
  title: string,
  noun: string,
  token: string,
  items: readonly T[],
  maxLines: number,
  line: (item: T) => string
): number {
  const shown = items.slice(0, Math.max(0, maxLines))
  out.startGroup(title)
  // Nothing printed between these two markers is read as a workflow command.
  out.info(`::stop-commands::${token}`)
  for (const item of shown) out.info(escapeLogText(line(item)))
  if (items.length > shown.length)
    out.info(`${items.length - shown.length} more ${noun} are in the summary and the JSON report.`)
  out.info(`::${token}::`)
  out.endGroup()
  return shown.length
}
