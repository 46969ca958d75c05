import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import type { GateResult } from '../result.js'

/** The JSON report: everything the summary shows, never cut. */
export function buildJsonReport(result: GateResult): Record<string, unknown> {
  const evaluation = result.evaluation
  return {
    imageId: result.imageId || null,
    imageName: result.imageName ?? null,
    scanStatus: result.scanStatus ?? null,
    verdict: result.verdict,
    enforce: result.enforce,
    reason: result.reason,
    error: result.failure ?? null,
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
    counts: evaluation?.counts ?? null,
    levels:
      evaluation?.levels.map((level) => ({ ...level, threshold: level.threshold ?? null })) ?? null,
    violations: evaluation?.violations ?? null,
    allowlisted: evaluation?.allowlisted ?? null,
    findings: (evaluation?.findings ?? []).map((finding) => ({
      md5: finding.md5,
      path: finding.path,
      fileName: finding.fileName,
      virusName: finding.virusName,
      level: finding.level,
      riskLevel: finding.riskLevel,
      allowlisted: finding.allowlisted,
      allowlistReason: finding.allowlistReason ?? null,
      violation: finding.violation,
      size: finding.size,
      description: finding.description,
      solution: finding.solution,
      tags: finding.tags,
      firstScanTime: finding.firstScanTime,
      latestScanTime: finding.latestScanTime
    })),
    allowlistHygiene: evaluation
      ? {
          expired: evaluation.hygiene.expired.map((entry) => entry.md5),
          expiringSoon: evaluation.hygiene.expiringSoon.map(({ entry, days }) => ({
            md5: entry.md5,
            expires: entry.expires,
            days
          })),
          stale: evaluation.hygiene.stale.map((entry) => entry.md5)
        }
      : null,
    warnings: [...result.warnings, ...(evaluation?.hygiene.messages ?? [])],
    requests: result.requests,
    durationMs: Math.round(result.durationMs)
  }
}

export async function writeJsonReport(file: string, result: GateResult): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true })
  await fs.writeFile(file, `${JSON.stringify(buildJsonReport(result), null, 2)}\n`, 'utf8')
}
