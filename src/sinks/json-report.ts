import type { AllowlistHygiene, Evaluation } from '../core/evaluate.js'
import {
  allWarnings,
  type EventSet,
  type GateResult,
  type JudgedEvent,
  type JudgedImage
} from '../core/result.js'
import { redactingReplacer } from '../secrets.js'
import type { RuntimeEvent } from '../core/runtime-event.js'

/**
 * The JSON report: everything the summary shows, never cut.
 *
 * The top level keeps the shape of a one-image report. `imageId`,
 * `imageName`, `error`, `levels` and `findings` are those of the image when
 * the step gated exactly one image; with several images (or none) they are
 * null and each image has its own entry in `images`. `scanStatus`, `verdict`,
 * `reason`, `counts`, `violations` and `allowlisted` always describe the whole
 * step, as the outputs do: the worst scan status, and counts over every image
 * and every open runtime event. `events` is null unless `event-ids` was given.
 */
export function buildJsonReport(result: GateResult): Record<string, unknown> {
  const sole = result.soleImage
  const { tally } = result
  return {
    imageId: sole ? sole.imageId || null : null,
    imageName: sole?.imageName ?? null,
    scanStatus: result.scanStatus ?? null,
    verdict: result.verdict,
    enforce: result.enforce,
    reason: result.reason,
    error: sole?.failure ?? null,
    policy: {
      source: result.policy.source,
      thresholds: result.policy.thresholds,
      allowlist: result.policy.allowlist.map(({ md5, reason, expires, paths }) => ({
        md5,
        reason,
        expires: expires ?? null,
        paths: paths ?? null
      }))
    },
    counts: tally.judged ? tally.counts : null,
    levels: sole ? levelsOf(sole.evaluation) : null,
    violations: tally.judged ? tally.violations : null,
    allowlisted: tally.judged ? tally.allowlisted : null,
    findings: sole ? findingsOf(sole.evaluation) : null,
    images: result.images.map(imageSection),
    events: result.events ? eventsSection(result.events) : null,
    allowlistHygiene: hygieneOf(result.hygiene),
    warnings: allWarnings(result),
    requests: result.requests,
    throttled: result.throttled ?? 0,
    durationMs: Math.round(result.durationMs)
  }
}

function imageSection(image: JudgedImage): Record<string, unknown> {
  return {
    imageId: image.imageId || null,
    imageName: image.imageName ?? null,
    scanStatus: image.scanStatus ?? null,
    verdict: image.verdict,
    reason: image.reason,
    error: image.failure ?? null,
    sameAs: image.sameAs ?? null,
    counts: image.evaluation?.counts ?? null,
    levels: levelsOf(image.evaluation),
    violations: image.evaluation?.violations ?? null,
    allowlisted: image.evaluation?.allowlisted ?? null,
    findings: findingsOf(image.evaluation)
  }
}

function levelsOf(evaluation: Evaluation | undefined): unknown {
  return (
    evaluation?.levels.map((level) => ({ ...level, threshold: level.threshold ?? null })) ?? null
  )
}

function findingsOf(evaluation: Evaluation | undefined): unknown[] {
  return (evaluation?.findings ?? []).map((finding) => ({
    md5: finding.md5,
    path: finding.path,
    fileName: finding.fileName,
    virusName: finding.virusName,
    level: finding.level,
    riskLevel: finding.riskLevel,
    allowlisted: finding.allowlisted,
    allowlistReason: finding.allowlistReason ?? null,
    violation: finding.violation,
    // Rows of the service's list merged into this finding (same Md5 and Path).
    rows: finding.rows ?? 1,
    size: finding.size,
    description: finding.description,
    solution: finding.solution,
    tags: finding.tags,
    firstScanTime: finding.firstScanTime,
    latestScanTime: finding.latestScanTime
  }))
}

/** Every event in input order: open ones with their judgement, resolved ones as such, unread ones with the error. */
function eventsSection(events: EventSet): Record<string, unknown> {
  const { evaluation } = events
  return {
    verdict: events.verdict,
    reason: events.reason,
    open: events.open.length,
    resolved: events.resolved.length,
    unread: events.unread.length,
    counts: evaluation.counts,
    levels: levelsOf(evaluation),
    violations: evaluation.violations,
    allowlisted: evaluation.allowlisted,
    items: events.all.map((target: JudgedEvent) => ({
      id: target.id,
      state: target.state,
      error: target.failure ?? null,
      ...(target.event ? eventFields(target.event) : {}),
      allowlisted: target.finding?.allowlisted ?? false,
      allowlistReason: target.finding?.allowlistReason ?? null,
      violation: target.finding?.violation ?? false
    }))
  }
}

function eventFields(event: RuntimeEvent): Record<string, unknown> {
  return {
    level: event.level,
    riskLevel: event.riskLevel,
    status: event.status,
    subStatus: event.subStatus,
    fileMd5: event.fileMd5,
    filePath: event.filePath,
    fileName: event.fileName,
    virusName: event.virusName,
    containerName: event.containerName,
    containerId: event.containerId,
    podName: event.podName,
    namespace: event.namespace,
    clusterName: event.clusterName,
    clusterId: event.clusterId,
    hostName: event.hostName,
    hostIp: event.hostIp,
    processName: event.processName,
    processPath: event.processPath,
    processId: event.processId,
    imageId: event.imageId,
    imageName: event.imageName,
    requestId: event.requestId || null,
    // Every field DescribeVirusDetail sent, as sent.
    detail: event.fields
  }
}

function hygieneOf(hygiene: AllowlistHygiene | undefined): unknown {
  if (!hygiene) return null
  return {
    expired: hygiene.expired.map((entry) => entry.md5),
    expiringSoon: hygiene.expiringSoon.map(({ entry, days }) => ({
      md5: entry.md5,
      expires: entry.expires,
      days
    })),
    stale: hygiene.stale.map((entry) => entry.md5)
  }
}

/** The report as written: indented JSON, secrets redacted. */
export function jsonReportText(result: GateResult): string {
  return `${JSON.stringify(buildJsonReport(result), redactingReplacer, 2)}\n`
}
