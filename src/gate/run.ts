/**
 * One run of the gate, whichever front end starts it: read the settings and
 * the policy, judge, publish, conclude. Everything the run takes from the
 * world comes in through Dependencies (dependencies.ts), so a test can drive
 * run() in-process with fakes.
 */
import { INPUT_DEFAULTS, Inputs, WRITTEN_FILES } from '../constants.js'
import { outcome, type SinkFailure } from '../core/outcome.js'
import type { GateResult } from '../core/result.js'
import type { RawInputs } from '../core/inputs.js'
import type { Settings } from '../core/settings.js'
import { ACTION_VOCABULARY, type Vocabulary, worded } from '../errors.js'
import type { Runner } from '../runner.js'
import { escapeLogText } from '../sinks/escape.js'
import { setFailureOutputs, setOutputs } from '../sinks/outputs.js'
import type { Dependencies } from './dependencies.js'
import { failureReport } from './failure.js'
import { isForkPullRequest } from './github-event.js'
import { readInputs } from './inputs.js'
import { judge, type JudgeDependencies } from './judge.js'
import type { RunLifecycle } from './lifecycle.js'
import { assertDistinctFiles, pathRoots, resolveContainedPath } from './paths.js'
import { loadPolicy } from './policy-file.js'
import { publish } from './publish.js'
import { saveRunRecording, startRunRecording } from './recording.js'
import { readSettings } from './settings.js'

/** How long a run may outlive wait-timeout before the process is ended as hung. */
const DEADLINE_GRACE_MS = 10_000
/** How long the sinks may take once the verdict is decided (the comment alone may take 30 s). */
const SINKS_TIMEOUT_MS = 60_000

/**
 * settings → policy → judge → publish → conclude, and the recording of the
 * API exchanges (record-file) written however the run ends.
 * Never throws. Resolves to true only for a decided pass (or report only);
 * the caller turns anything else into a non-zero exit.
 */
export async function run(deps: Dependencies, lifecycle?: RunLifecycle): Promise<boolean> {
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
    setFailureOutputs(runner)
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
    settings = readSettings({
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
  for (const { setting } of WRITTEN_FILES) {
    const file = settings[setting]
    if (file) await deps.files.removeStale(file)
  }
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
      inputs[Inputs.Policy] || INPUT_DEFAULTS[Inputs.Policy],
      'read',
      roots
    )
    for (const { input } of WRITTEN_FILES) {
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

function judgeDependencies(deps: Dependencies): JudgeDependencies {
  return {
    clock: deps.clock,
    random: deps.random,
    today: deps.today(),
    env: deps.env,
    createApi: deps.createApi,
    credentialIo: deps.credentialIo,
    say: vocabularyOf(deps),
    log: {
      info: (message: string) => deps.runner.info(escapeLogText(message)),
      debug: (message: string) => deps.runner.debug(escapeLogText(message))
    }
  }
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
