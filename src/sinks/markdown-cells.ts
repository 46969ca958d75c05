/**
 * Table cells and short marks of the summary and the comment, from the
 * verdict model. Every untrusted string is escaped here.
 */
import type { JudgedFinding, Verdict } from '../core/evaluate.js'
import { identitiesOf, type ImageResult, imageLabel, type Place } from '../core/result.js'
import { UNKNOWN_JUDGED } from '../core/levels.js'
import type { RuntimeEvent } from '../core/runtime-event.js'
import { escapeMarkdown } from './escape.js'

/** The ImageID; with `image`, the name and the ID it was resolved to (or that it was not). */
export function imageCell(
  image: Pick<ImageResult, 'imageId' | 'imageName' | 'identities'>
): string {
  if (image.imageName !== undefined && identitiesOf(image).length === 0) {
    return `${escapeMarkdown(image.imageName)} (not resolved to an ImageID)`
  }
  return escapeMarkdown(imageLabel(image))
}

export function verdictMark(verdict: Verdict): string {
  return verdict === 'pass' ? '✅' : '❌'
}

export function verdictCell(verdict: Verdict): string {
  return `${verdictMark(verdict)} ${verdict}`
}

export function levelCell(finding: JudgedFinding): string {
  if (finding.level !== 'unknown') return finding.level
  return `unknown (RiskLevel ${finding.riskLevel ?? 'missing'}), ${UNKNOWN_JUDGED}`
}

/** The level, with the RiskLevel name when it is not the plain one (RISK_NOTICE, unknown, null). */
export function eventLevelCell(event: RuntimeEvent): string {
  if (event.level === 'unknown') {
    return `unknown (RiskLevel ${event.riskLevel === null ? 'null' : escapeMarkdown(event.riskLevel, 60)}), ${UNKNOWN_JUDGED}`
  }
  return event.riskLevel === `RISK_${event.level.toUpperCase()}`
    ? event.level
    : `${event.level} (${escapeMarkdown(event.riskLevel ?? '', 60)})`
}

export function resultCell(finding: JudgedFinding): string {
  if (finding.violation) return '❌ violation'
  if (finding.allowlisted)
    return `allowlisted: ${escapeMarkdown(finding.allowlistReason ?? '', 200)}`
  return 'within the thresholds'
}

/** A text field of an event; '-' for null. */
export function nullable(value: string | null): string {
  return value === null ? '-' : escapeMarkdown(value)
}

/** The container's name and short ID (as `docker ps` shows it; the JSON report has it whole), or either. */
export function containerCell(place: Place): string {
  if (place.containerName !== null && place.containerId !== null) {
    return `${escapeMarkdown(place.containerName)} (${escapeMarkdown(place.containerId.slice(0, 12))})`
  }
  return nullable(place.container)
}

export function processCell(event: RuntimeEvent): string {
  const name = event.processName ?? event.processPath
  const pid = event.processId !== null ? ` (pid ${event.processId})` : ''
  return name === null && pid === '' ? '-' : `${nullable(name)}${pid}`
}
