/**
 * The reads the target checks share: whole lists read page by page (a
 * bounded number of pages: the doctor shows what a read shows, it does not
 * prove a list complete as the gate does), findings counted per level, and
 * the plain-text pieces of a target's line.
 */
import { emptyCounts, type FindingLevel, levelOfRisk } from '../../core/levels.js'
import type { Answer, DoctorApi, ReadAction } from './api.js'
import type { Check, TargetView } from './model.js'
import type { Observations } from './observations.js'

export const PAGE = 100
/** Pages read of one list at most. */
export const MAX_PAGES = 10

export interface TargetContext {
  api: DoctorApi
  observations: Observations
}

export interface ListRead {
  rows: Record<string, unknown>[]
  /** TotalCount of the first page. */
  total: number
  /** The first page's answer (for fields beside the list). */
  first: Record<string, unknown>
}

/** The whole list (MAX_PAGES at most), or the answer that stopped it. */
export async function readList(
  api: DoctorApi,
  action: ReadAction,
  params: Record<string, unknown>
): Promise<{ kind: 'list'; list: ListRead } | Exclude<Answer, { kind: 'answer' }>> {
  const rows: Record<string, unknown>[] = []
  let first: Record<string, unknown> | undefined
  let total = 0
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await api.call(action, { ...params, Limit: PAGE, Offset: page * PAGE })
    if (answer.kind !== 'answer') return answer
    const list = Array.isArray(answer.response.List) ? answer.response.List : []
    if (!first) {
      first = answer.response
      total = typeof answer.response.TotalCount === 'number' ? answer.response.TotalCount : 0
    }
    rows.push(...list.filter((row): row is Record<string, unknown> => isObject(row)))
    if (list.length < PAGE || rows.length >= total) break
  }
  return { kind: 'list', list: { rows, total, first: first ?? {} } }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Findings per level, as the gate counts them: RiskLevel 1-4 (registry rows send it as a string). */
export function countLevels(risks: readonly unknown[]): Record<FindingLevel, number> {
  const counts = emptyCounts()
  for (const risk of risks) {
    const level = levelOfRisk(
      typeof risk === 'string' && /^[1-4]$/.test(risk) ? Number(risk) : risk
    )
    counts[level] += 1
  }
  return counts
}

export function countsText(counts: Record<FindingLevel, number>): string {
  return `critical ${counts.critical}, high ${counts.high}, medium ${counts.medium}, low ${counts.low}, unknown ${counts.unknown}`
}

/** The line of a target: what it is, then what TCSS shows of it. */
export function targetSummary(view: TargetView, parts: string[]): string {
  return `${view.kind} ${view.reference}: ${parts.filter((part) => part !== '').join(', ')}`
}

/** A check of a target that could not be read, with why. */
export function unreadTarget(view: TargetView, answer: Exclude<Answer, { kind: 'answer' }>): Check {
  const why =
    answer.kind === 'error'
      ? `${answer.code}: ${answer.message} (RequestId: ${answer.requestId || 'none'})`
      : answer.message
  return {
    id: 'target',
    status: 'not-checked',
    summary: targetSummary(view, [`could not be read (${why})`]),
    fix: null,
    ...(answer.kind === 'error' ? { code: answer.code, requestId: answer.requestId } : {}),
    target: view
  }
}

/** The findings part of a target's line. */
export function findingsText(view: TargetView): string {
  if (!view.findings) return ''
  const more =
    view.totalFindings !== undefined ? ` (the first rows read of ${view.totalFindings})` : ''
  return `findings ${countsText(view.findings)}${more}`
}

export function authorizedText(authorized: boolean | null | undefined): string {
  return authorized === true
    ? 'authorized for scanning'
    : authorized === false
      ? 'NOT authorized for scanning'
      : ''
}
