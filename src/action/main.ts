/**
 * The action's boundary: read the settings and the policy, judge, publish,
 * conclude. Everything the step takes from the world comes in through
 * Dependencies, so a test can drive run() in-process with fakes.
 */
import { randomUUID } from 'node:crypto'
import * as core from '@actions/core'
import { DEFAULT_POLICY_PATH, Inputs, Outputs } from '../constants.js'
import { type CredentialIo } from '../cloud/credentials.js'
import { type Clock, systemClock } from '../clock.js'
import { createStsApi } from '../cloud/sts-client.js'
import { judge } from '../core/judge.js'
import { outcome, type SinkFailure } from '../core/outcome.js'
import { loadPolicy } from '../core/policy-file.js'
import { allWarnings, type GateResult } from '../core/result.js'
import type { Credentials } from '../connection.js'
import { getSettings, type RawInputs, type Settings } from '../core/settings.js'
import { ACTION_VOCABULARY, errorMessage, type Vocabulary, worded } from '../errors.js'
import {
  assertDistinctFiles,
  pathRoots,
  resolveContainedPath,
  resolveOutputPath
} from '../paths.js'
import type { Runner } from '../runner.js'
import { maskSecret } from '../secrets.js'
import { escapeLogText } from '../sinks/escape.js'
import { removeStale, writeFileAtomic } from '../sinks/files.js'
import { jsonReportText } from '../sinks/json-report.js'
import { junitXmlText } from '../sinks/junit.js'
import {
  annotateFailures,
  annotateViolations,
  logFindings,
  setFailureOutputs,
  setOutputs
} from '../sinks/outputs.js'
import { sarifLogText } from '../sinks/sarif.js'
import { renderSummary } from '../sinks/summary.js'
import { createTcssApi, type TcssApi } from '../sources/tcss/client.js'
import { readWorkflowEvent } from './event.js'
import { failureReport } from './failure.js'
import { type GetInput, readInputs } from './inputs.js'
import type { RunLifecycle } from './lifecycle.js'
import { saveRunRecording, startRunRecording } from './recording.js'

/** Everything run() takes from the outside world, so tests can pass their own. */
export interface Dependencies {
  /** The runner's inputs (core.getInput); read once, by action/inputs.ts. */
  getInput: GetInput
  /** The log, annotations, outputs and end state. */
  runner: Runner
  /** The workflow event (github.context): which event, and its payload. */
  github: { eventName: string; payload: unknown }
  /** Appends Markdown to the job summary (GITHUB_STEP_SUMMARY). */
  writeSummary: (markdown: string) => Promise<void>
  /** Report files: written whole through a temporary file, or removed before the run. */
  files: {
    write: (file: string, text: string) => Promise<void>
    removeStale: (file: string) => Promise<void>
  }
  /** A fresh unguessable token (the log's stop-commands marker). */
  newId: () => string
  clock: Clock
  random: () => number
  /** Today's date, YYYY-MM-DD in UTC, for allowlist expiry. */
  today: () => string
  env: NodeJS.ProcessEnv
  /** The TCSS API, called with `credentials` (the keys given, or temporary ones from OIDC). */
  createApi: (settings: Settings, credentials: Credentials) => TcssApi
  /** How keyless credentials are had: the runner's ID token, STS, and log masking. */
  credentialIo: Pick<CredentialIo, 'getIdToken' | 'createSts' | 'mask'>
  /**
   * How the front end names its settings in what it says (the action's
   * inputs when not given; the command line's flags and variables).
   */
  vocabulary?: Vocabulary
  /**
   * Optional, for a front end that shows the run its own way (the command
   * line): told the judged result once the verdict is decided, or the error
   * that stopped the run before one.
   */
  observer?: {
    judged?: (result: GateResult) => void
    stopped?: (error: unknown) => void
  }
}

/** How long a run may outlive wait-timeout before the process is ended as hung. */
const DEADLINE_GRACE_MS = 10_000
/** How long the sinks may take once the verdict is decided (the comment alone may take 30 s). */
const SINKS_TIMEOUT_MS = 60_000

export const defaultDependencies = (): Dependencies => ({
  getInput: core.getInput,
  runner: core,
  github: readWorkflowEvent(),
  writeSummary: async (markdown) => {
    await core.summary.addRaw(markdown, true).write({ overwrite: false })
  },
  files: { write: writeFileAtomic, removeStale },
  newId: randomUUID,
  clock: systemClock,
  random: Math.random,
  today: () => new Date().toISOString().slice(0, 10),
  env: process.env,
  createApi: (settings, credentials) =>
    createTcssApi({
      credentials,
      endpoint: settings.endpoint,
      region: settings.region
    }),
  credentialIo: {
    getIdToken: (audience) => core.getIDToken(audience),
    createSts: (oidc) => createStsApi({ endpoint: oidc.stsEndpoint, region: oidc.stsRegion }),
    mask: (secret) => maskSecret(secret)
  }
})

/**
 * settings → policy → judge → publish → conclude, and the recording of the
 * API exchanges (record-file) written however the run ends.
 * Never throws. Resolves to true only for a decided pass (or report only);
 * the caller turns anything else into a non-zero exit.
 */
export async function run(
  deps: Dependencies = defaultDependencies(),
  lifecycle?: RunLifecycle
): Promise<boolean> {
  try {
    return await gate(deps, lifecycle)
  } finally {
    await saveRunRecording(deps)
  }
}

async function gate(deps: Dependencies, lifecycle: RunLifecycle | undefined): Promise<boolean> {
  const { runner } = deps
  let result: GateResult
  let settings: Settings
  try {
    ;({ settings } = await prepare(deps, lifecycle))
    const { policy, notice } = await loadPolicy(settings)
    if (notice) runner.notice(notice)
    for (const duplicate of settings.targets.notices)
      runner.notice(escapeLogText(worded(duplicate, vocabularyOf(deps))))
    result = await judge(settings, policy, judgeDependencies(deps))
  } catch (error) {
    setFailureOutputs(undefined, runner)
    fail(runner, error, vocabularyOf(deps))
    deps.observer?.stopped?.(error)
    return false
  }
  try {
    // From here on the verdict is decided: the outputs first, then each sink on its own.
    setOutputs(result, runner)
    deps.observer?.judged?.(result)
    lifecycle?.verdictDecided(SINKS_TIMEOUT_MS)
    return conclude(runner, result, await publish(result, settings, deps))
  } catch (error) {
    fail(runner, error, vocabularyOf(deps))
    return false
  }
}

function vocabularyOf(deps: Dependencies): Vocabulary {
  return deps.vocabulary ?? ACTION_VOCABULARY
}

/** The settings, once, and what must happen before anything is read: the deadline, stale reports removed. */
async function prepare(
  deps: Dependencies,
  lifecycle: RunLifecycle | undefined
): Promise<{ settings: Settings }> {
  const inputs = readInputs(deps.getInput)
  const workspace = deps.env.GITHUB_WORKSPACE || process.cwd()
  let settings: Settings
  try {
    settings = getSettings({
      inputs,
      workspace,
      env: deps.env,
      isForkPullRequest: isForkPullRequest(deps.github.payload)
    })
  } catch (error) {
    await removeStaleOnInputError(inputs, workspace, deps)
    throw error
  }
  lifecycle?.setDeadline(settings.waitTimeoutMs, DEADLINE_GRACE_MS)
  // A report an earlier run left must not stand for this one if this one stops early.
  for (const file of [
    settings.reportFile,
    settings.sarifFile,
    settings.junitFile,
    settings.recordFile
  ])
    if (file) await deps.files.removeStale(file)
  startRunRecording(settings, deps)
  return { settings }
}

/**
 * Another input was invalid: the report files an earlier run left must not
 * stand for this run all the same, when their own inputs resolve inside the
 * workspace (or RUNNER_TEMP) and are not the policy.
 */
async function removeStaleOnInputError(
  inputs: RawInputs,
  workspace: string,
  deps: Dependencies
): Promise<void> {
  try {
    const roots = pathRoots(workspace, deps.env.RUNNER_TEMP)
    const policy = resolveContainedPath(
      Inputs.Policy,
      inputs[Inputs.Policy] || DEFAULT_POLICY_PATH,
      'read',
      roots
    )
    for (const input of [
      Inputs.ReportFile,
      Inputs.SarifFile,
      Inputs.JunitFile,
      Inputs.RecordFile
    ]) {
      const given = inputs[input]
      if (!given) continue
      try {
        const resolved = resolveContainedPath(input, given, 'write', roots)
        assertDistinctFiles([
          { input: Inputs.Policy, resolved: policy },
          { input, resolved }
        ])
        await deps.files.removeStale(resolved.realPath)
      } catch {
        // A path that leaves the workspace, or names the policy, is never touched.
      }
    }
  } catch {
    // Without a workspace or a policy path that resolves, nothing is removed.
  }
}

function judgeDependencies(deps: Dependencies): Parameters<typeof judge>[2] {
  return {
    clock: deps.clock,
    random: deps.random,
    today: deps.today(),
    createApi: deps.createApi,
    credentialIo: deps.credentialIo,
    say: vocabularyOf(deps),
    log: {
      info: (message: string) => deps.runner.info(escapeLogText(message)),
      debug: (message: string) => deps.runner.debug(escapeLogText(message))
    }
  }
}

/**
 * Writes every sink, each in its own guard: one that fails is reported on its
 * own and never touches the outputs or the other sinks. Returns the failures
 * of the files the user asked for (report-file, sarif-file, junit-file): those fail the
 * job in enforce mode, since later steps read them. The summary and the
 * comment are courtesy: their failures are warnings.
 */
export async function publish(
  result: GateResult,
  settings: Settings,
  deps: Dependencies
): Promise<SinkFailure[]> {
  const { runner, env } = deps
  const failed: SinkFailure[] = []
  /** `required`: a file the user asked for, whose failure fails the job in enforce mode. */
  const guard = async (sink: string, write: () => unknown, required = false): Promise<boolean> => {
    try {
      await write()
      return true
    } catch (error) {
      const message = `Could not write the ${sink}: ${errorMessage(error)}`
      if (required) {
        failed.push({ input: sink, message })
        runner.error(escapeLogText(message), { title: `TCSS virus gate: ${sink} not written` })
      } else {
        runner.warning(escapeLogText(message))
      }
      return false
    }
  }
  await guard('job log', () => {
    for (const warning of allWarnings(result)) {
      runner.warning(escapeLogText(warning))
    }
    logFindings(result, deps.newId(), undefined, runner)
    annotateViolations(result, runner)
    annotateFailures(result, runner)
  })
  const files = [
    {
      input: Inputs.ReportFile,
      file: settings.reportFile,
      what: 'JSON report',
      output: Outputs.ReportFile,
      text: () => jsonReportText(result)
    },
    {
      input: Inputs.SarifFile,
      file: settings.sarifFile,
      what: 'SARIF log',
      output: Outputs.SarifFile,
      text: () => sarifLogText(result, settings.sarifScope)
    },
    {
      input: Inputs.JunitFile,
      file: settings.junitFile,
      what: 'JUnit report',
      output: Outputs.JunitFile,
      text: () => junitXmlText(result)
    }
  ]
  for (const { input, file, what, output, text } of files) {
    if (!file) continue
    // Resolved again at write time: a link planted since the inputs were read cannot lead out.
    const written = await guard(
      input,
      () => deps.files.write(resolveOutputPath(input, file, settings.pathRoots), text()),
      true
    )
    if (!written) continue
    if (output) runner.setOutput(output, file)
    runner.info(`${what} written to ${escapeLogText(file)}.`)
  }
  if (settings.summary) {
    if (env.GITHUB_STEP_SUMMARY) {
      await guard('job summary', () => deps.writeSummary(renderSummary(result)))
    } else {
      runner.notice(
        'GITHUB_STEP_SUMMARY is not set (not running as a GitHub Actions step?), so the job summary is skipped; the verdict is in the log and the outputs.'
      )
    }
  }
  // Never throws on its own: a comment that cannot be written is a warning, not a verdict.
  if (settings.comment) {
    // The GitHub API client is loaded only by a run that comments.
    await guard('pull-request comment', async () => {
      const { commentOnPullRequest } = await import('../sinks/comment-post.js')
      await commentOnPullRequest(result, settings.githubToken, {
        eventName: deps.github.eventName,
        payload: deps.github.payload,
        fork: isForkPullRequest(deps.github.payload),
        env,
        log: runner
      })
    })
  }
  return failed
}

/** Passes or fails the job with a one-line reason, as outcome() decides; true when the job passes. */
function conclude(
  runner: Runner,
  result: GateResult,
  sinkFailures: readonly SinkFailure[]
): boolean {
  const line = escapeLogText(result.reason)
  const decided = outcome(result, sinkFailures)
  const unwritten =
    decided.unwritten.length > 0
      ? ` ${decided.unwritten.map((input) => `'${input}' could not be written.`).join(' ')}`
      : ''
  switch (decided.kind) {
    case 'report-failed':
      runner.setFailed(`TCSS virus gate passed, but a report failed:${unwritten} ${line}`)
      return false
    case 'pass':
      runner.info(`TCSS virus gate passed: ${line}`)
      if (unwritten) runner.warning(`TCSS virus gate report only (enforce: false):${unwritten}`)
      return true
    case 'report-only':
      runner.warning(
        `TCSS virus gate would fail (report only, enforce: false): ${line}${unwritten}`
      )
      return true
    case 'fail':
      runner.setFailed(`TCSS virus gate failed: ${line}${unwritten}`)
      return false
  }
}

/** The one error boundary: what failureReport() makes of the error, written to the runner. */
function fail(runner: Runner, error: unknown, say: Vocabulary): void {
  const report = failureReport(error, say)
  if (report.debug) runner.debug(report.debug)
  for (const { message, properties } of report.annotations) runner.error(message, properties)
  runner.setFailed(report.message)
}

export function isForkPullRequest(payload: unknown): boolean {
  try {
    const pullRequest = (payload as { pull_request?: unknown } | undefined)?.pull_request as
      | {
          head?: { repo?: { full_name?: string; fork?: boolean } }
          base?: { repo?: { full_name?: string } }
        }
      | undefined
    if (!pullRequest) return false
    const head = pullRequest.head?.repo
    return (
      head?.fork === true ||
      (head?.full_name !== undefined && head.full_name !== pullRequest.base?.repo?.full_name)
    )
  } catch {
    return false
  }
}
