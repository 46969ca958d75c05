/** Risk levels a policy can set a threshold for, most severe first. */
export const LEVELS = ['critical', 'high', 'medium', 'low'] as const
export type Level = (typeof LEVELS)[number]

/** A finding's level: one of LEVELS, or 'unknown' when RiskLevel is missing or outside 1–4. */
export type FindingLevel = Level | 'unknown'
export const FINDING_LEVELS: readonly FindingLevel[] = [
  'critical',
  'high',
  'medium',
  'low',
  'unknown'
]

/** DescribeAssetImageVirusList RiskLevel → level (4 is the most severe). */
const LEVEL_BY_RISK: Record<number, Level> = { 4: 'critical', 3: 'high', 2: 'medium', 1: 'low' }
const RISK_BY_LEVEL: Record<Level, number> = { critical: 4, high: 3, medium: 2, low: 1 }

export function levelOfRisk(riskLevel: unknown): FindingLevel {
  return typeof riskLevel === 'number' && Object.hasOwn(LEVEL_BY_RISK, riskLevel)
    ? LEVEL_BY_RISK[riskLevel]
    : 'unknown'
}

/**
 * DescribeVirusDetail RiskLevel (a name) → level. RISK_NOTICE counts as low;
 * null, a missing value or a name this gate does not know is 'unknown'.
 */
const LEVEL_BY_EVENT_RISK: Record<string, Level> = {
  RISK_CRITICAL: 'critical',
  RISK_HIGH: 'high',
  RISK_MEDIUM: 'medium',
  RISK_LOW: 'low',
  RISK_NOTICE: 'low'
}

export function levelOfEventRisk(riskLevel: unknown): FindingLevel {
  return typeof riskLevel === 'string' && Object.hasOwn(LEVEL_BY_EVENT_RISK, riskLevel)
    ? LEVEL_BY_EVENT_RISK[riskLevel]
    : 'unknown'
}

export function riskOfLevel(level: Level): number {
  return RISK_BY_LEVEL[level]
}

/**
 * The level whose threshold a finding counts against: unknown levels are
 * judged as critical, so that a value the gate does not understand fails closed.
 */
export function judgedLevel(level: FindingLevel): Level {
  return level === 'unknown' ? 'critical' : level
}

/** What every report says of a missing or unknown RiskLevel: how it is judged. */
export const UNKNOWN_JUDGED = 'judged as critical'

/** A finding's level where a report names it: `unknown (judged as critical)` for an unknown one. */
export function levelName(level: FindingLevel): string {
  return level === 'unknown' ? `unknown (${UNKNOWN_JUDGED})` : level
}

/** What follows a virus name (or a count) of an unknown level: "with an unknown RiskLevel judged as critical". */
export const WITH_UNKNOWN_LEVEL = `with an unknown RiskLevel ${UNKNOWN_JUDGED}`

/** How many findings (or events, `noun`) had an unknown level: "2 finding(s) with an unknown RiskLevel …". */
export function unknownLevelCount(count: number, noun = ''): string {
  return `${count}${noun ? ` ${noun}` : ''} ${WITH_UNKNOWN_LEVEL}`
}

/** Sort rank, most severe first; unknown ranks with critical. */
export function severityRank(level: FindingLevel): number {
  return level === 'unknown' ? 4 : RISK_BY_LEVEL[level]
}

export function emptyCounts(): Record<FindingLevel, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 }
}
