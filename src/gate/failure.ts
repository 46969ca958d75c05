/**
 * What the boundary says for an error that stopped the step before a verdict:
 * a clear line for user mistakes (with located annotations for a policy),
 * details only in debug for anything unexpected.
 */
import type { AnnotationProperties } from '@actions/core'
import {
  ACTION_VOCABULARY,
  ApiError,
  CredentialError,
  errorMessage,
  InputError,
  PolicyError,
  type Vocabulary
} from '../errors.js'
import { escapeLogText } from '../sinks/escape.js'

export interface FailureReport {
  /** The one line the job fails with. */
  message: string
  /** Error annotations to write first (a policy's located problems). */
  annotations: Array<{ message: string; properties: AnnotationProperties }>
  /** A stack trace, for the debug log. */
  debug?: string
}

/** `say`: the front end's words for its settings (the action's inputs by default). */
export function failureReport(error: unknown, say: Vocabulary = ACTION_VOCABULARY): FailureReport {
  if (error instanceof PolicyError) {
    return {
      message: `Invalid policy: ${escapeLogText(error.in(say))}`,
      annotations: error.problems.map((problem) => ({
        message: escapeLogText(problem.message),
        properties: {
          title: 'Invalid TCSS virus gate policy',
          file: error.file,
          startLine: problem.line,
          startColumn: problem.column
        }
      }))
    }
  }
  if (error instanceof InputError) return { message: escapeLogText(error.in(say)), annotations: [] }
  if (error instanceof ApiError || error instanceof CredentialError) {
    return { message: escapeLogText(error.message), annotations: [] }
  }
  return {
    message: `Unexpected error in the TCSS virus gate: ${escapeLogText(errorMessage(error))}`,
    annotations: [],
    debug: error instanceof Error && error.stack ? escapeLogText(error.stack) : undefined
  }
}
