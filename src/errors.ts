/**
 * The error family. The boundary in main.ts prints each kind the way a user
 * needs it; tests assert on the kind rather than on wording.
 */

/** An action input is missing or invalid. Always fails the job. */
export class InputError extends Error {
  override readonly name = 'InputError'
}

/** One located mistake in a policy file. */
export interface PolicyProblem {
  line: number
  column: number
  message: string
}

/** The policy file is missing or invalid. Always fails the job. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError'
  constructor(
    readonly file: string,
    readonly problems: PolicyProblem[]
  ) {
    const first = problems[0]
    const more =
      problems.length > 1
        ? ` (and ${problems.length - 1} more problem(s), see the annotations)`
        : ''
    super(
      first
        ? `${file}:${first.line}:${first.column}: ${first.message}${more}`
        : `${file}: invalid policy`
    )
  }
}

/** The API answered with an error that retrying cannot fix. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly action: string,
    readonly code: string,
    readonly apiMessage: string,
    readonly requestId: string
  ) {
    super(`${action} failed: ${code}: ${apiMessage} (RequestId: ${requestId || 'none'})`)
  }
}

/**
 * The gate could not get a complete, finished scan result: the scan errored or
 * was canceled, the wait timed out, the API stayed unavailable, or the list of
 * findings never settled. The gate never judges such data; it fails closed.
 */
export class ScanError extends Error {
  override readonly name = 'ScanError'
  constructor(
    message: string,
    /** What the scan-status output should say. */
    readonly scanStatus: ScanStatusName
  ) {
    super(message)
  }
}

/** A request that could not be sent or answered before wait-timeout; the wait timed out. */
export class OutOfTimeError extends ScanError {
  constructor(message: string) {
    super(message, 'timeout')
  }
}

export type ScanStatusName =
  'not-scanned' | 'scanning' | 'scanned' | 'error' | 'canceled' | 'timeout'

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * A transient failure (throttling, 5xx, broken body, reset, time-out) that
 * outlived its retries or the time left. Fails closed like a scan error.
 */
export class ApiUnavailableError extends Error {
  override readonly name = 'ApiUnavailableError'
  constructor(
    message: string,
    /** True when it gave up because wait-timeout ran out, not because the faults outlasted their budget. */
    readonly outOfTime = false
  ) {
    super(message)
  }
}

/**
 * Keyless credentials could not be had: the runner gave no OIDC token (the
 * workflow lacks `permissions: id-token: write`, or a fork's pull request),
 * or STS refused or could not answer the exchange. Carries the STS error code
 * and RequestId when there was an answer. Fails the job in both modes.
 */
export class CredentialError extends Error {
  override readonly name = 'CredentialError'
  constructor(
    message: string,
    /** The STS error code, when STS answered with one. */
    readonly code = '',
    /** The RequestId of that answer. */
    readonly requestId = ''
  ) {
    super(message)
  }
}

/**
 * The `image` name matched several images with different ImageIDs (the same
 * name:tag holding different builds on different hosts or registries). The
 * gate does not guess which one the workflow built: a configuration problem
 * that fails the job in both modes.
 */
export class AmbiguousImageError extends Error {
  override readonly name = 'AmbiguousImageError'
  constructor(
    message: string,
    /** The ImageIDs that carry the name. */
    readonly candidates: string[]
  ) {
    super(message)
  }
}
