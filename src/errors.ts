/**
 * The error family. The boundary in main.ts prints each kind the way a user
 * needs it; tests assert on the kind rather than on wording.
 */

import { README_URL } from './constants.js'

/**
 * How a front end names its settings in what it says: the action by its
 * inputs (input 'secret-id'), the command line by its flags (--secret-id)
 * and environment variables. An error about a setting is worded through
 * one, so each front end says it in its own language.
 */
export interface Vocabulary {
  /** A setting by its name alone: "'secret-id'" / "--secret-id". */
  name(name: string): string
  /** A setting in running text: "input 'secret-id'" / "--secret-id". */
  setting(name: string): string
  /** The same at the start of a sentence: "Input 'secret-id'" / "--secret-id". */
  Setting(name: string): string
  /** Several settings: "inputs 'a' and 'b'" / "--a and --b" (`or` for alternatives). */
  settings(names: readonly string[], conjunction?: 'and' | 'or'): string
  /** A setting that falls back to an environment variable: "'secret-id' (or env X)" / "--secret-id (or X)". */
  orVariable(name: string, variable: string): string
  /** The variable used in its place: "environment variable X (used when input 'secret-key' is empty)". */
  variableFor(variable: string, name: string): string
  /** How to give API keys, after what is missing. */
  giveKeys: string
  /** Why keyless credentials cannot be had here: no OIDC token (after "… cannot request an OIDC token:"). */
  noIdToken: string
  /** Where relative paths start: "the workspace" / "the current directory". */
  workspace: string
  /** One run of the gate: "step" / "run". */
  run: string
  /** How a list is given: "one value per line" / "one value per flag, or one per line". */
  perLine: string
  /** Where the further problems of a policy are shown. */
  moreProblems(count: number): string
  /** A setting named in running text without quotes: "wait-timeout" / "--wait-timeout". */
  plain(name: string): string
  /** A setting with its value, as the user writes it: "scan: never" / "--scan never". */
  given(name: string, value: string): string
  /** What pushed or built the image, from the gate's side: "this workflow" / "this job". */
  pipeline: string
}

/** A message, plain or worded through the front end's vocabulary. */
export type Wording = string | ((say: Vocabulary) => string)

const quoted = (names: readonly string[]): string[] => names.map((name) => `'${name}'`)

function joined(items: readonly string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`
}

/** The action's words: its inputs, its repository secrets, its workflow. */
export const ACTION_VOCABULARY: Vocabulary = {
  name: (name) => `'${name}'`,
  setting: (name) => `input '${name}'`,
  Setting: (name) => `Input '${name}'`,
  settings: (names, conjunction = 'and') =>
    `input${names.length === 1 ? '' : 's'} ${joined(quoted(names), conjunction)}`,
  orVariable: (name, variable) => `'${name}' (or env ${variable})`,
  variableFor: (variable, name) =>
    `environment variable ${variable} (used when input '${name}' is empty)`,
  giveKeys:
    "Set the inputs 'secret-id' and 'secret-key' from repository secrets, " +
    'or the environment variables TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY.',
  noIdToken:
    'the runner did not set ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN. ' +
    "Grant the workflow or the job 'permissions: id-token: write' (a 'permissions:' block gives only what it lists). " +
    `(Pull requests from forks never get one; see ${README_URL}.)`,
  workspace: 'the workspace',
  run: 'step',
  perLine: 'one value per line',
  moreProblems: (count) => `(and ${count} more problem(s), see the annotations)`,
  plain: (name) => name,
  given: (name, value) => `${name}: ${value}`,
  pipeline: 'this workflow'
}

/** The message in a front end's words. */
export function worded(wording: Wording, say: Vocabulary): string {
  return typeof wording === 'string' ? wording : wording(say)
}

/**
 * A setting is missing or invalid. Always fails the job. Its message is in
 * the action's words; `in(vocabulary)` says it in another front end's.
 */
export class InputError extends Error {
  override readonly name = 'InputError'
  constructor(
    private readonly wording: Wording,
    /** The setting it is about, by its name in action.yml; undefined when none is. */
    readonly setting?: string
  ) {
    super(worded(wording, ACTION_VOCABULARY))
  }

  /** The message in the words of a front end. */
  in(say: Vocabulary): string {
    return worded(this.wording, say)
  }
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
    super(policyMessage(file, problems, ACTION_VOCABULARY))
  }

  /** The message in the words of a front end. */
  in(say: Vocabulary): string {
    return policyMessage(this.file, this.problems, say)
  }
}

function policyMessage(file: string, problems: PolicyProblem[], say: Vocabulary): string {
  const first = problems[0]
  if (!first) return `${file}: invalid policy`
  const more = problems.length > 1 ? ` ${say.moreProblems(problems.length - 1)}` : ''
  return `${file}:${first.line}:${first.column}: ${first.message}${more}`
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
  /** The message, in the action's words unless `in` is asked for another front end's. */
  private readonly wording: Wording
  constructor(
    message: Wording,
    /** What the scan-status output should say. */
    readonly scanStatus: ScanStatusName
  ) {
    super(worded(message, ACTION_VOCABULARY))
    this.wording = message
  }

  /** Sentences added to the message since, each worded when the message is. */
  private readonly added: Wording[] = []

  /** Adds a sentence to the message (the action's words in `message`, any front end's in `in`). */
  append(sentence: Wording): void {
    this.added.push(sentence)
    this.message = `${this.message} ${worded(sentence, ACTION_VOCABULARY)}`
  }

  in(say: Vocabulary): string {
    return [this.wording, ...this.added].map((part) => worded(part, say)).join(' ')
  }
}

/** A request that could not be sent or answered before wait-timeout; the wait timed out. */
export class OutOfTimeError extends ScanError {
  constructor(message: Wording) {
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
  private readonly wording: Wording
  constructor(
    message: Wording,
    /** The ImageIDs that carry the name. */
    readonly candidates: string[]
  ) {
    super(worded(message, ACTION_VOCABULARY))
    this.wording = message
  }

  in(say: Vocabulary): string {
    return worded(this.wording, say)
  }
}

/**
 * What a target that could not be judged failed on: scan (an error, a
 * cancel, a time-out, a list that never settled), unavailable (transient
 * faults outlasted their retries), api (a permanent API error), image (a name
 * that matched several ImageIDs, or a registry image that could not be read).
 */
export type FailureKind = 'scan' | 'unavailable' | 'api' | 'image'

/**
 * Configuration mistakes, decided here once. A target that failed for one of
 * these kinds failed because of how the step was set up (credentials,
 * permissions, an ID or a name that names nothing, or several things), not
 * because of the image: such a failure fails the step even in report-only
 * mode (core/outcome.ts).
 */
export const CONFIGURATION_FAILURES: readonly FailureKind[] = ['api', 'image']

/** AuthFailure* (keys, signature, expired token) and UnauthorizedOperation* (CAM permissions). */
export function isRefusal(error: unknown): boolean {
  return error instanceof ApiError && /^(AuthFailure|UnauthorizedOperation)/.test(error.code)
}

/**
 * An error that stops the run before a verdict because of how it was
 * configured: invalid inputs or flags, an invalid policy, credentials that
 * could not be had, or credentials and permissions the API refused. The
 * command line exits 2 for these and for a refusal met while judging
 * (cli/exit-code.ts).
 */
export function isConfigurationError(error: unknown): boolean {
  return (
    error instanceof InputError ||
    error instanceof PolicyError ||
    error instanceof CredentialError ||
    isRefusal(error)
  )
}
