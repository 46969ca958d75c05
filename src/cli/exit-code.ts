/**
 * The command line's exit codes, decided once:
 * 0 the gate passed (or report only, --enforce false);
 * 1 the gate failed: violations, or a target that could not be judged (scan
 *   error, time-out, unknown image, an API that stayed unavailable);
 * 2 the gate could not run as configured: invalid flags, inputs or policy,
 *   or credentials and permissions the API refused.
 */
import { isConfigurationError } from '../errors.js'

export const EXIT_PASS = 0
export const EXIT_FAIL = 1
export const EXIT_CONFIGURATION = 2

export interface RunEnding {
  /** What run() resolved to: true for a decided pass or report only. */
  passed: boolean
  /** The error that stopped the run before a verdict, if one did. */
  stoppedBy?: unknown
  /** Whether the API refused the credentials or the permissions during the run. */
  refused: boolean
}

export function exitCodeOf(ending: RunEnding): number {
  if (ending.passed) return EXIT_PASS
  if (ending.stoppedBy !== undefined)
    return isConfigurationError(ending.stoppedBy) ? EXIT_CONFIGURATION : EXIT_FAIL
  return ending.refused ? EXIT_CONFIGURATION : EXIT_FAIL
}
