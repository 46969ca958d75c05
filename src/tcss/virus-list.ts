import type { Finding } from '../evaluate.js'
import { levelOfRisk } from '../levels.js'
import { TransientError } from './retry.js'

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
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new TransientError('the response is not a JSON object')
  }
  const response = raw as Record<string, unknown>
  const requestId = typeof response.RequestId === 'string' ? response.RequestId : ''
  const malformed = (what: string): TransientError =>
    new TransientError(
      `malformed DescribeAssetImageVirusList response: ${what} (RequestId: ${requestId || 'none'})`
    )
  const status = response.VirusScanStatus
  if (typeof status !== 'number' || !Number.isInteger(status)) {
    throw malformed(`VirusScanStatus is ${JSON.stringify(status) ?? 'missing'}`)
  }
  const list = response.List ?? []
  if (!Array.isArray(list)) throw malformed('List is not an array')
  const total = response.TotalCount ?? (status === 2 ? undefined : 0)
  if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0) {
    throw malformed(`TotalCount is ${JSON.stringify(total) ?? 'missing'}`)
  }
  const items = list.map((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw malformed(`List[${index}] is not an object`)
    }
    return toFinding(item as Record<string, unknown>)
  })
  return { status, totalCount: total, items, requestId }
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
