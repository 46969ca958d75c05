import type { Finding } from '../../core/evaluate.js'
import { levelOfRisk, severityRank } from '../../core/levels.js'
import { readList, readReply, readTotalCount } from './response.js'

/** One validated page of DescribeAssetImageVirusList. */
export interface VirusListPage {
  /** VirusScanStatus as sent; validated to be an integer, not to be known. */
  status: number
  totalCount: number
  items: Finding[]
  requestId: string
}

/**
 * Strictly checks the shape of a response. A shape the gate cannot trust is
 * treated as transient (retried a bounded number of times), never as "no findings".
 */
export function parseVirusListResponse(raw: unknown): VirusListPage {
  const paged = readReply('DescribeAssetImageVirusList', raw)
  const status = paged.response.VirusScanStatus
  if (typeof status !== 'number' || !Number.isInteger(status)) {
    throw paged.malformed(`VirusScanStatus is ${JSON.stringify(status) ?? 'missing'}`)
  }
  const items = readList(paged).map(toFinding)
  // While the scan runs, TotalCount may be left out.
  const total = readTotalCount(paged.response.TotalCount ?? (status === 2 ? undefined : 0), paged)
  return { status, totalCount: total, items, requestId: paged.requestId }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

export function toFinding(item: Record<string, unknown>): Finding {
  const risk = item.RiskLevel
  return {
    md5: text(item.Md5),
    path: text(item.Path),
    fileName: text(item.FileName),
    virusName: text(item.VirusName),
    riskLevel: typeof risk === 'number' ? risk : null,
    level: levelOfRisk(risk),
    size: typeof item.Size === 'number' ? item.Size : null,
    description: text(item.Desc),
    solution: text(item.Solution),
    tags: Array.isArray(item.Tags)
      ? item.Tags.filter((tag): tag is string => typeof tag === 'string')
      : [],
    firstScanTime: text(item.FirstScanTime),
    latestScanTime: text(item.LatestScanTime)
  }
}

/**
 * Identity of a finding for de-duplication: (Md5, Path), encoded so that no
 * two pairs give the same key. A row with neither names no file: it is only
 * ever merged with a row identical to it, never with another unnamed one.
 */
export function findingKey(finding: Finding): string {
  if (finding.md5 === '' && finding.path === '') return JSON.stringify(['', '', tieBreak(finding)])
  return JSON.stringify([finding.md5.toLowerCase(), finding.path])
}

/**
 * One finding per (lower-cased Md5, Path), keeping the most severe of its rows
 * (an unknown level ranks as critical), never merely the first one seen; each
 * finding records how many rows it merges. Rows of equal severity are chosen
 * between by their text, so the result does not depend on the order the pages
 * came in.
 */
export function mergeFindings(rows: readonly Finding[]): Finding[] {
  const merged = new Map<string, Finding>()
  for (const row of rows) {
    const key = findingKey(row)
    const kept = merged.get(key)
    if (!kept) {
      merged.set(key, { ...row, rows: 1 })
      continue
    }
    const count = (kept.rows ?? 1) + 1
    merged.set(key, { ...(moreSevere(row, kept) ? row : kept), rows: count })
  }
  return [...merged.values()]
}

/** True when `row` should replace `kept`: a higher level, or an equal one that sorts first. */
function moreSevere(row: Finding, kept: Finding): boolean {
  const byRank = severityRank(row.level) - severityRank(kept.level)
  if (byRank !== 0) return byRank > 0
  // Equal rank: unknown over critical (it is judged as critical and says more), then by text.
  if (row.level !== kept.level) return row.level === 'unknown'
  return tieBreak(row) < tieBreak(kept)
}

function tieBreak(finding: Finding): string {
  return JSON.stringify([
    finding.riskLevel,
    finding.md5,
    finding.virusName,
    finding.fileName,
    finding.description,
    finding.solution,
    finding.size,
    finding.tags,
    finding.firstScanTime,
    finding.latestScanTime
  ])
}
