import { randomUUID } from 'node:crypto'
import * as core from '@actions/core'
import * as github from '@actions/github'
import { DEFAULT_RETRY } from './tcss/retry.js'
import {
  AmbiguousImageError,
  ApiError,
  ApiUnavailableError,
  errorMessage,
  InputError,
  PolicyError,
  ScanError
} from './errors.js'
import type { ScanStatusName } from './errors.js'
import { evaluatePolicy } from './evaluate.js'
import { getSettings, type Settings } from './inputs.js'
import { loadPolicy } from './policy-file.js'
import { type GateFailure, type GateResult, imageLabel } from './result.js'
import { escapeLogText } from './report/escape.js'
import { writeJsonReport } from './report/json-report.js'
import { writeSarif } from './report/sarif.js'
import { annotateViolations, logFindings, setFailureOutputs, setOutputs } from './report/outputs.js'
import { renderSummary } from './report/summary.js'
import { commentOnPullRequest } from './report/comment.js'
import { type Clock, systemClock } from './tcss/clock.js'
import { createTcssApi, type TcssApi } from './tcss/client.js'
import { RateLimiter } from './tcss/rate-limiter.js'
import { ApiRequester } from './tcss/requester.js'
import { ImageResolver } from './tcss/resolve-image.js'
import { RetryBudget } from './tcss/retry.js'
import { ScanReader } from './tcss/scan.js'

/** Everything run() takes from the outside world, so tests can pass their own. */
export interface Dependencies {
  clock: Clock
  random: () => number
  /** Today's date, YYYY-MM-DD in UTC, for allowlist expiry. */
  today: () => string
  env: NodeJS.ProcessEnv
  createApi: (settings: Settings) => TcssApi
}

export const defaultDependencies = (): Dependencies => ({
  clock: systemClock,
  random: Math.random,
  today: () => new Date().toISOString().slice(0, 10),
  env: process.env,
  createApi: (settings) =>
    createTcssApi({
      credentials: settings.credentials,
      endpoint: settings.endpoint,
      region: settings.region
    })
})

/** inputs → policy → wait for the scan → read findings → evaluate → report → verdict. Never throws. */
export async function run(deps: Dependencies = defaultDependencies()): Promise<void> {
  let scanStatus: ScanStatusName | undefined
  try {
    const settings = getSettings({
      workspace: deps.env.GITHUB_WORKSPACE || process.cwd(),
      env: deps.env,
      isForkPullRequest: isForkPullRequest()
    })
    const { policy, notice } = await loadPolicy(settings)
    if (notice) core.notice(notice)
    const started = deps.clock.now()
    const api = deps.createApi(settings)
    const log = {
      info: (message: string) => core.info(escapeLogText(message)),
      debug: (message: string) => core.debug(escapeLogText(message))
    }
    // One requester for the image lookup and the scan: one rate limit, one retry budget, one deadline.
    const requester = new ApiRequester({
      limiter: new RateLimiter(settings.maxRps, deps.clock),
      clock: deps.clock,
      deadline: started + settings.waitTimeoutMs,
      // A hung request must not eat the whole wait: a quarter of it, 2 to 30 s.
      requestTimeoutMs: Math.min(30_000, Math.max(2_000, settings.waitTimeoutMs / 4)),
      retry: { ...DEFAULT_RETRY, budget: new RetryBudget(DEFAULT_RETRY.budget) },
      random: deps.random,
      log
    })
    const concurrency = Math.max(2, Math.ceil(settings.maxRps * 2))
    const image = { imageId: settings.imageId ?? '', imageName: settings.imageName }
    core.info(
      `Gating image ${escapeLogText(imageLabel(image))} on its TCSS virus scan (policy: ${escapeLogText(policy.source)}).`
    )

    let reader: ScanReader | undefined
    let result: GateResult
    try {
      if (image.imageName !== undefined) {
        const resolver = new ImageResolver({
          api,
          requester,
          clock: deps.clock,
          pollIntervalMs: settings.pollIntervalMs,
          concurrency,
          log
        })
        image.imageId = (await resolver.resolve(image.imageName)).imageId
      }
      reader = new ScanReader({
        api,
        imageId: image.imageId,
        requester,
        clock: deps.clock,
        pollIntervalMs: settings.pollIntervalMs,
        concurrency,
        log
      })
      const firstPage = await reader.waitForScan()
      scanStatus = reader.lastStatus
      const findings = await reader.readAllFindings(firstPage)
      const evaluation = evaluatePolicy(findings, policy, deps.today())
      result = {
        ...image,
        scanStatus: 'scanned',
        verdict: evaluation.verdict,
        reason: evaluation.reason,
        enforce: settings.enforce,
        policy,
        evaluation,
        warnings: evaluation.warnings,
        requests: requester.requests,
        durationMs: deps.clock.now() - started
      }
    } catch (error) {
      const failure = toFailure(error)
      if (!failure) throw error
      const status = error instanceof ScanError ? error.scanStatus : reader?.lastStatus
      result = {
        ...image,
        scanStatus: status,
        verdict: 'fail',
        reason: failure.message,
        enforce: settings.enforce,
        policy,
        failure,
        warnings: [...policy.warnings],
        requests: requester.requests,
        durationMs: deps.clock.now() - started
      }
    }
    scanStatus = result.scanStatus
    await report(result, settings, deps.env)
    conclude(result)
  } catch (error) {
    setFailureOutputs(scanStatus)
    failWith(error)
  }
}

function toFailure(error: unknown): GateFailure | undefined {
  if (error instanceof ScanError) return { kind: 'scan', message: error.message }
  if (error instanceof ApiUnavailableError) return { kind: 'unavailable', message: error.message }
  if (error instanceof ApiError) return { kind: 'api', message: error.message }
  if (error instanceof AmbiguousImageError) return { kind: 'image', message: error.message }
  return undefined
}

async function report(
  result: GateResult,
  settings: Settings,
  env: NodeJS.ProcessEnv
): Promise<void> {
  for (const warning of [...result.warnings, ...(result.evaluation?.hygiene.messages ?? [])]) {
    core.warning(escapeLogText(warning))
  }
  logFindings(result, randomUUID())
  annotateViolations(result)
  if (settings.reportFile) {
    await writeJsonReport(settings.reportFile, result)
    core.info(`JSON report written to ${settings.reportFile}.`)
  }
  if (settings.sarifFile) {
    await writeSarif(settings.sarifFile, result)
    core.info(`SARIF log written to ${escapeLogText(settings.sarifFile)}.`)
  }
  setOutputs(result, settings.reportFile)
  if (settings.summary)
    await core.summary.addRaw(renderSummary(result), true).write({ overwrite: false })
  // Never throws: a comment that cannot be written is a warning, not a verdict.
  if (settings.comment) {
    await commentOnPullRequest(result, settings.githubToken, {
      eventName: github.context.eventName,
      payload: github.context.payload,
      fork: isForkPullRequest(),
      env
    })
  }
}

/** Passes or fails the job with a one-line reason. */
function conclude(result: GateResult): void {
  const line = escapeLogText(result.reason)
  if (result.verdict === 'pass') {
    core.info(`TCSS virus gate passed: ${line}`)
    return
  }
  // A permanent API error (credentials, permissions, image ID) or an ambiguous image name
  // is a configuration mistake, not a finding.
  const configuration = result.failure?.kind === 'api' || result.failure?.kind === 'image'
  if (!result.enforce && !configuration) {
    core.warning(`TCSS virus gate would fail (report only, enforce: false): ${line}`)
    return
  }
  core.setFailed(`TCSS virus gate failed: ${line}`)
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
  } else if (error instanceof InputError || error instanceof ApiError) {
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
