import { randomUUID } from 'node:crypto'
import * as core from '@actions/core'
import * as github from '@actions/github'
import { DEFAULT_RETRY } from './tcss/retry.js'
import { ApiError, CredentialError, errorMessage, InputError, PolicyError } from './errors.js'
import type { ScanStatusName } from './errors.js'
import { type GateContext, gateEvents, gateImages } from './gate.js'
import { type CredentialIo, resolveCredentials } from './credentials.js'
import { type Credentials, getSettings, type Settings } from './inputs.js'
import { loadPolicy } from './policy-file.js'
import {
  failures,
  type GateResult,
  overallScanStatus,
  overallVerdict,
  runHygiene
} from './result.js'
import type { ImageTarget } from './targets.js'
import { escapeLogText } from './report/escape.js'
import { writeJsonReport } from './report/json-report.js'
import { writeSarif } from './report/sarif.js'
import {
  annotateFailures,
  annotateViolations,
  logFindings,
  setFailureOutputs,
  setOutputs
} from './report/outputs.js'
import { removeStale } from './report/files.js'
import { DEFAULT_POLICY_PATH, Inputs, Outputs } from './constants.js'
import type { RunLifecycle } from './lifecycle.js'
import { maskSecret } from './secrets.js'
import { assertDistinctFiles, pathRoots, resolveContainedPath, resolveOutputPath } from './paths.js'
import { renderSummary } from './report/summary.js'
import { COMMENT_TIMEOUT_MS, commentOnPullRequest } from './report/comment.js'
import { type Clock, systemClock } from './tcss/clock.js'
import { createStsApi } from './sts/client.js'
import { createTcssApi, type TcssApi } from './tcss/client.js'
import { RateLimiter } from './tcss/rate-limiter.js'
import { ApiRequester } from './tcss/requester.js'
import { RetryBudget } from './tcss/retry.js'

/** Everything run() takes from the outside world, so tests can pass their own. */
export interface Dependencies {
  clock: Clock
  random: () => number
  /** Today's date, YYYY-MM-DD in UTC, for allowlist expiry. */
  today: () => string
  env: NodeJS.ProcessEnv
  /** The TCSS API, called with `credentials` (the keys given, or temporary ones from OIDC). */
  createApi: (settings: Settings, credentials: Credentials) => TcssApi
  /** How keyless credentials are had: the runner's ID token, STS, and log masking. */
  credentialIo: Pick<CredentialIo, 'getIdToken' | 'createSts' | 'mask'>
}

/** How long a run may outlive wait-timeout before the process is ended as hung. */
const DEADLINE_GRACE_MS = 10_000

export const defaultDependencies = (): Dependencies => ({
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
 * inputs → policy → read and judge every image and event → report → verdict.
 * Never throws. Resolves to true only for a decided pass (or report only);
 * the caller turns anything else into a non-zero exit.
 */
export async function run(
  deps: Dependencies = defaultDependencies(),
  lifecycle?: RunLifecycle
): Promise<boolean> {
  let scanStatus: ScanStatusName | undefined
  let inputsRead = false
  try {
    const settings = getSettings({
      workspace: deps.env.GITHUB_WORKSPACE || process.cwd(),
      env: deps.env,
      isForkPullRequest: isForkPullRequest()
    })
    inputsRead = true
    lifecycle?.setDeadline(settings.waitTimeoutMs, DEADLINE_GRACE_MS)
    // When the process is ended as hung; the courtesy sinks must give up before it.
    const endsAt = deps.clock.now() + settings.waitTimeoutMs + DEADLINE_GRACE_MS
    // A report an earlier run left must not stand for this one if this one stops early.
    for (const file of [settings.reportFile, settings.sarifFile]) if (file) await removeStale(file)
    const { policy, notice } = await loadPolicy(settings)
    if (notice) core.notice(notice)
    for (const duplicate of settings.targets.notices) core.notice(escapeLogText(duplicate))
    const started = deps.clock.now()
    const log = {
      info: (message: string) => core.info(escapeLogText(message)),
      debug: (message: string) => core.debug(escapeLogText(message))
    }
    // A hung request must not eat the whole wait: a quarter of it, 2 to 30 s.
    const requestTimeoutMs = Math.min(30_000, Math.max(2_000, settings.waitTimeoutMs / 4))
    const credentials = await resolveCredentials(settings.credentialSource, {
      ...deps.credentialIo,
      clock: deps.clock,
      random: deps.random,
      deadline: started + settings.waitTimeoutMs,
      requestTimeoutMs,
      log
    })
    const api = deps.createApi(settings, credentials)
    // One requester for every request of the step (image lookups, scans, events):
    // one rate limit, one retry budget, one deadline.
    const requester = new ApiRequester({
      limiter: new RateLimiter(settings.maxRps, deps.clock, started + settings.waitTimeoutMs),
      maxRps: settings.maxRps,
      clock: deps.clock,
      deadline: started + settings.waitTimeoutMs,
      requestTimeoutMs,
      retry: { ...DEFAULT_RETRY, budget: new RetryBudget(DEFAULT_RETRY.budget) },
      random: deps.random,
      log
    })
    const concurrency = Math.max(2, Math.ceil(settings.maxRps * 2))
    const { images, eventIds } = settings.targets
    core.info(
      `Gating ${describeTargets(images, eventIds)} (policy: ${escapeLogText(policy.source)}).`
    )
    const context: GateContext = {
      api,
      requester,
      clock: deps.clock,
      pollIntervalMs: settings.pollIntervalMs,
      concurrency,
      policy,
      today: deps.today(),
      log
    }
    // Images and events together, all under the one requester.
    let imageResults: Awaited<ReturnType<typeof gateImages>>
    let events: Awaited<ReturnType<typeof gateEvents>>
    try {
      ;[imageResults, events] = await Promise.all([
        gateImages(images, context),
        gateEvents(eventIds, context)
      ])
    } finally {
      // No connection, pooled or hung, outlives the reading.
      api.close?.()
    }
    const result: GateResult = {
      images: imageResults,
      events,
      ...overallVerdict(imageResults, events),
      enforce: settings.enforce,
      policy,
      warnings: [...policy.warnings],
      requests: requester.requests,
      durationMs: deps.clock.now() - started
    }
    scanStatus = overallScanStatus(result)
    // From here on the verdict is decided: the outputs first, then each sink on its own.
    setOutputs(result)
    const sinkFailures = await report(result, settings, deps.env, () => endsAt - deps.clock.now())
    return conclude(result, sinkFailures)
  } catch (error) {
    if (!inputsRead) await removeStaleOnInputError(deps.env)
    setFailureOutputs(scanStatus)
    failWith(error)
    return false
  }
}

/**
 * Another input was invalid: the report files an earlier run left must not
 * stand for this run all the same, when their own inputs resolve inside and
 * are not the policy.
 */
async function removeStaleOnInputError(env: NodeJS.ProcessEnv): Promise<void> {
  try {
    const roots = pathRoots(env.GITHUB_WORKSPACE || process.cwd(), env.RUNNER_TEMP)
    const policyInput = core.getInput(Inputs.Policy) || DEFAULT_POLICY_PATH
    const policy = resolveContainedPath(Inputs.Policy, policyInput, 'read', roots)
    for (const input of [Inputs.ReportFile, Inputs.SarifFile]) {
      const given = core.getInput(input)
      if (!given) continue
      try {
        const resolved = resolveContainedPath(input, given, 'write', roots)
        assertDistinctFiles([
          { input: Inputs.Policy, resolved: policy },
          { input, resolved }
        ])
        await removeStale(resolved.realPath)
      } catch {
        // A path that leaves the workspace, or names the policy, is never touched.
      }
    }
  } catch {
    // Without a workspace or a policy path that resolves, nothing is removed.
  }
}

/** A sink the user asked for that could not be written. */
interface SinkFailure {
  /** The input that asked for it, e.g. 'report-file'. */
  input: string
  message: string
}

/**
 * Writes every sink, each in its own guard: one that fails is reported on its
 * own and never touches the outputs or the other sinks. Returns the failures
 * of the files the user asked for (report-file, sarif-file): those fail the
 * job in enforce mode, since later steps read them. The summary and the
 * comment are courtesy: their failures are warnings.
 */
async function report(
  result: GateResult,
  settings: Settings,
  env: NodeJS.ProcessEnv,
  msLeft: () => number
): Promise<SinkFailure[]> {
  const failed: SinkFailure[] = []
  const guard = async (sink: string, write: () => unknown): Promise<boolean> => {
    try {
      await write()
      return true
    } catch (error) {
      const message = `Could not write the ${sink}: ${errorMessage(error)}`
      if (sink === Inputs.ReportFile || sink === Inputs.SarifFile) {
        failed.push({ input: sink, message })
        core.error(escapeLogText(message), { title: `TCSS virus gate: ${sink} not written` })
      } else {
        core.warning(escapeLogText(message))
      }
      return false
    }
  }
  await guard('job log', () => {
    for (const warning of [...result.warnings, ...(runHygiene(result)?.messages ?? [])]) {
      core.warning(escapeLogText(warning))
    }
    logFindings(result, randomUUID())
    annotateViolations(result)
    annotateFailures(result)
  })
  const { reportFile, sarifFile } = settings
  if (reportFile) {
    // Resolved again at write time: a link planted since the inputs were read cannot lead out.
    const written = await guard(Inputs.ReportFile, () =>
      writeJsonReport(resolveOutputPath(Inputs.ReportFile, reportFile, settings.pathRoots), result)
    )
    if (written) {
      core.setOutput(Outputs.ReportFile, reportFile)
      core.info(`JSON report written to ${escapeLogText(reportFile)}.`)
    }
  }
  if (sarifFile) {
    const written = await guard(Inputs.SarifFile, () =>
      writeSarif(resolveOutputPath(Inputs.SarifFile, sarifFile, settings.pathRoots), result)
    )
    if (written) core.info(`SARIF log written to ${escapeLogText(sarifFile)}.`)
  }
  if (settings.summary) {
    if (env.GITHUB_STEP_SUMMARY) {
      await guard('job summary', () =>
        core.summary.addRaw(renderSummary(result), true).write({ overwrite: false })
      )
    } else {
      core.notice(
        'GITHUB_STEP_SUMMARY is not set (not running as a GitHub Actions step?), so the job summary is skipped; the verdict is in the log and the outputs.'
      )
    }
  }
  // Never throws on its own: a comment that cannot be written is a warning, not a verdict.
  if (settings.comment) {
    await guard('pull-request comment', () =>
      commentOnPullRequest(result, settings.githubToken, {
        eventName: github.context.eventName,
        payload: github.context.payload,
        fork: isForkPullRequest(),
        env,
        // A hung GitHub API is a warning, never a run ended as hung after its verdict.
        timeoutMs: Math.max(1_000, Math.min(COMMENT_TIMEOUT_MS, Math.floor(msLeft() - 2_000)))
      })
    )
  }
  return failed
}

/** "image sha256:… on its TCSS virus scan", or "3 image(s) and 2 runtime event(s) on …", for the first log line. */
function describeTargets(images: readonly ImageTarget[], eventIds: readonly string[]): string {
  if (images.length === 1 && eventIds.length === 0) {
    const [image] = images
    return `image ${escapeLogText(image.imageName ?? image.imageId ?? '')} on its TCSS virus scan`
  }
  const parts: string[] = []
  if (images.length > 0) parts.push(`${images.length} image(s)`)
  if (eventIds.length > 0) parts.push(`${eventIds.length} runtime event(s)`)
  return `${parts.join(' and ')} on TCSS virus findings`
}

/**
 * Passes or fails the job with a one-line reason; true when the job passes.
 * A report file that was asked for and could not be written fails the job in
 * enforce mode, whatever the verdict (the verdict output stays as judged).
 */
function conclude(result: GateResult, sinkFailures: readonly SinkFailure[]): boolean {
  const line = escapeLogText(result.reason)
  const unwritten =
    sinkFailures.length > 0
      ? ` ${sinkFailures.map((failure) => `'${failure.input}' could not be written.`).join(' ')}`
      : ''
  if (result.verdict === 'pass') {
    if (unwritten && result.enforce) {
      core.setFailed(`TCSS virus gate passed, but a report failed:${unwritten} ${line}`)
      return false
    }
    core.info(`TCSS virus gate passed: ${line}`)
    if (unwritten) core.warning(`TCSS virus gate report only (enforce: false):${unwritten}`)
    return true
  }
  // A permanent API error (credentials, permissions, image ID, event ID) or an ambiguous
  // image name is a configuration mistake, not a finding.
  const configuration = failures(result).some(
    ({ failure }) => failure.kind === 'api' || failure.kind === 'image'
  )
  if (!result.enforce && !configuration) {
    core.warning(`TCSS virus gate would fail (report only, enforce: false): ${line}${unwritten}`)
    return true
  }
  core.setFailed(`TCSS virus gate failed: ${line}${unwritten}`)
  return false
}

/** The one error boundary: a clear line for user mistakes, details only in debug. */
function failWith(error: unknown): void {
  if (error instanceof PolicyError) {
    for (const problem of error.problems) {
      core.error(escapeLogText(problem.message), {
        title: 'Invalid TCSS virus gate policy',
        file: error.file,
        startLine: problem.line,
        startColumn: problem.column
      })
    }
    core.setFailed(`Invalid policy: ${escapeLogText(error.message)}`)
  } else if (
    error instanceof InputError ||
    error instanceof ApiError ||
    error instanceof CredentialError
  ) {
    core.setFailed(escapeLogText(error.message))
  } else {
    if (error instanceof Error && error.stack) core.debug(escapeLogText(error.stack))
    core.setFailed(`Unexpected error in the TCSS virus gate: ${escapeLogText(errorMessage(error))}`)
  }
}

function isForkPullRequest(): boolean {
  try {
    const pullRequest = github.context.payload.pull_request as
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
