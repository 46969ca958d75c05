import * as core from '@actions/core'
import { MAX_ERROR_ANNOTATIONS, Outputs } from '../constants.js'
import type { ScanStatusName } from '../errors.js'
import { emptyCounts } from '../levels.js'
import { type GateResult, imageLabel } from '../result.js'
import { escapeLogText } from './escape.js'

/** Sets every output; small values only (counts and paths, never the list). */
export function setOutputs(result: GateResult, reportFile?: string): void {
  const evaluation = result.evaluation
  core.setOutput(Outputs.Verdict, result.verdict)
  core.setOutput(Outputs.ScanStatus, result.scanStatus ?? '')
  core.setOutput(Outputs.Findings, String(evaluation?.findings.length ?? 0))
  core.setOutput(Outputs.Violations, String(evaluation?.violations ?? 0))
  core.setOutput(Outputs.Allowlisted, String(evaluation?.allowlisted ?? 0))
  core.setOutput(Outputs.Counts, JSON.stringify(evaluation?.counts ?? emptyCounts()))
  if (reportFile) core.setOutput(Outputs.ReportFile, reportFile)
}

/** Outputs for a run that stopped before it could judge anything (bad input or policy). */
export function setFailureOutputs(scanStatus: ScanStatusName | undefined): void {
  core.setOutput(Outputs.Verdict, 'fail')
  if (scanStatus) core.setOutput(Outputs.ScanStatus, scanStatus)
  core.setOutput(Outputs.Findings, '0')
  core.setOutput(Outputs.Violations, '0')
  core.setOutput(Outputs.Allowlisted, '0')
  core.setOutput(Outputs.Counts, JSON.stringify(emptyCounts()))
}

/**
 * One annotation per violation, at most ten (what GitHub shows per step),
 * then one notice for the rest. Errors when enforcing, warnings in report-only mode.
 * The toolkit escapes the message, so untrusted text cannot end the command.
 */
export function annotateViolations(result: GateResult): void {
  const violations = result.evaluation?.findings.filter((finding) => finding.violation) ?? []
  const annotate = result.enforce ? core.error : core.warning
  for (const finding of violations.slice(0, MAX_ERROR_ANNOTATIONS)) {
    const level = finding.level === 'unknown' ? 'unknown-level (judged critical)' : finding.level
    annotate(
      `${level} virus ${escapeLogText(finding.virusName || '(unnamed)')} in ${escapeLogText(finding.path || '(no path)')} (md5 ${escapeLogText(finding.md5 || 'none')})`,
      { title: `TCSS virus gate: ${level} finding in ${escapeLogText(imageLabel(result))}` }
    )
  }
  const more = violations.length - MAX_ERROR_ANNOTATIONS
  if (more > 0)
    core.notice(`${more} more violations — see the job summary`, { title: 'TCSS virus gate' })
}

/** Lists the findings in the log between stop-commands markers, one escaped line each. */
export function logFindings(result: GateResult, token: string, maxLines = 1000): void {
  const findings = result.evaluation?.findings ?? []
  if (findings.length === 0) return
  core.startGroup(`Findings (${findings.length})`)
  // Nothing printed between these two markers is read as a workflow command.
  core.info(`::stop-commands::${token}`)
  for (const finding of findings.slice(0, maxLines)) {
    const mark = finding.violation
      ? 'VIOLATION'
      : finding.allowlisted
        ? 'allowlisted'
        : 'within threshold'
    core.info(
      escapeLogText(
        `[${finding.level}] ${mark}: ${finding.path} — ${finding.virusName} (md5 ${finding.md5})`
      )
    )
  }
  if (findings.length > maxLines)
    core.info(
      `${findings.length - maxLines} more finding(s) are in the summary and the JSON report.`
    )
  core.info(`::${token}::`)
  core.endGroup()
}
