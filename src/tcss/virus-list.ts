import type { Finding } from '../evaluate.js'
import { levelOfRisk } from '../levels.js'
import { readList, readPagedResponse, readTotalCount } from './response.js'

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
  const paged = readPagedResponse('DescribeAssetImageVirusList', raw)
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

/** Identity of a finding for de-duplication: (Md5, Path). */
export function findingKey(finding: Finding): string {
  return `${finding.md5.toLowerCase()}\u0000${finding.path}`
}

export function dedupeFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Map<string, Finding>()
  for (const finding of findings) {
    const key = findingKey(finding)
    if (!seen.has(key)) seen.set(key, finding)
  }
  return [...seen.values()]
}
