/**
 * How a judged step ends: the one rule for pass, fail and report only, and
 * for which failures are configuration mistakes (they fail in both modes).
 */
import { CONFIGURATION_FAILURES } from '../errors.js'
import { type GateResult, unjudged } from './result.js'

/** A report the user asked for that could not be written. */
export interface SinkFailure {
  /** The input that asked for it, e.g. 'report-file'. */
  input: string
  message: string
}

export type Outcome =
  /** The verdict is pass and every asked-for report was written (or enforce is off). */
  | { kind: 'pass'; unwritten: string[] }
  /** The verdict is pass, but a report asked for could not be written and enforce is on. */
  | { kind: 'report-failed'; unwritten: string[] }
  /** The verdict is fail, but enforce is off and nothing is a configuration mistake. */
  | { kind: 'report-only'; unwritten: string[] }
  | { kind: 'fail'; unwritten: string[] }

/** A target that failed for a configuration mistake (see CONFIGURATION_FAILURES in errors.ts). */
export function isConfigurationFailure(result: Pick<GateResult, 'images' | 'events'>): boolean {
  return unjudged(result).some(({ failure }) => CONFIGURATION_FAILURES.includes(failure.kind))
}

/**
 * The outcome of a judged step. A report file that was asked for and could
 * not be written fails the job in enforce mode, whatever the verdict.
 */
export function outcome(
  result: Pick<GateResult, 'verdict' | 'enforce' | 'images' | 'events'>,
  sinkFailures: readonly SinkFailure[]
): Outcome {
  const unwritten = sinkFailures.map((failure) => failure.input)
  if (result.verdict === 'pass') {
    return { kind: unwritten.length > 0 && result.enforce ? 'report-failed' : 'pass', unwritten }
  }
  if (!result.enforce && !isConfigurationFailure(result)) return { kind: 'report-only', unwritten }
  return { kind: 'fail', unwritten }
}
