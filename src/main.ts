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
import { renderSummary } from './report/summary.js'
import { commentOnPullRequest } from './report/comment.js'
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
    mask: (secret) => core.setSecret(secret)
  }
})

/** inputs → policy → read and judge every image and event → report → verdict. Never throws. */
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
    await report(result, settings, deps.env)
    conclude(result)
  } catch (error) {
    setFailureOutputs(scanStatus)
    failWith(error)
  }
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

async function report(
  result: GateResult,
  settings: Settings,
  env: NodeJS.ProcessEnv
): Promise<void> {
  for (const warning of [...result.warnings, ...(runHygiene(result)?.messages ?? [])]) {
    core.warning(escapeLogText(warning))
  }
  logFindings(result, randomUUID())
  annotateViolations(result)
  annotateFailures(result)
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
  // A permanent API error (credentials, permissions, image ID, event ID) or an ambiguous
  // image name is a configuration mistake, not a finding.
  const configuration = failures(result).some(
    ({ failure }) => failure.kind === 'api' || failure.kind === 'image'
  )
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
