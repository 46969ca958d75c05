/**
 * Reads and judges every target of the step — images and runtime events —
 * concurrently, through one ApiRequester: one rate limit, one retry budget,
 * one deadline for all of them. A target that cannot be read is recorded as
 * a failure of that target (fail closed); the others are still judged.
 */
import type { Clock, Logger } from '../clock.js'
import { type CredentialIo, resolveCredentials } from '../cloud/credentials.js'
import { RateLimiter } from '../cloud/rate-limiter.js'
import { ApiRequester } from '../cloud/requester.js'
import { DEFAULT_RETRY, RetryBudget } from '../cloud/retry.js'
import type { Credentials } from '../connection.js'
import type { Policy } from '../core/policy.js'
import { assembleResult } from '../core/assemble.js'
import { type EventsResult, type GateResult, type ImageResult } from '../core/result.js'
import type { Settings } from '../core/settings.js'
import type { ImageTarget } from '../core/targets.js'
import type { Vocabulary } from '../errors.js'
import { RegistryReader } from '../sources/registry-manifest.js'
import type { TcssApi } from '../sources/tcss/client.js'
import { RegistrySync } from '../sources/tcss/registry-sync.js'
import type { GateContext } from './context.js'
import { gateEvents } from './events.js'
import { gateImages } from './images.js'

/** What judging takes from the world. */
export interface JudgeDependencies {
  clock: Clock
  random: () => number
  /** YYYY-MM-DD (UTC), for allowlist expiry. */
  today: string
  /** The variables the registry reader takes its settings from (Docker config, test mappings). */
  env: NodeJS.ProcessEnv
  createApi: (settings: Settings, credentials: Credentials) => TcssApi
  credentialIo: Pick<CredentialIo, 'getIdToken' | 'createSts' | 'mask'>
  log: Logger
  /** The front end's words for its settings, in hints (the action's by default). */
  say?: Vocabulary
}

/**
 * Reads and judges every target of the step under one requester (one rate
 * limit, one retry budget, one deadline) and returns the result every sink
 * renders. Throws only for what stops the step before a verdict (credentials
 * that cannot be had, a bug); a target that cannot be read fails on its own.
 */
export async function judge(
  settings: Settings,
  policy: Policy,
  deps: JudgeDependencies
): Promise<GateResult> {
  const { clock, log } = deps
  const started = clock.now()
  const deadline = started + settings.waitTimeoutMs
  // A hung request must not eat the whole wait: a quarter of it, 2 to 30 s.
  const requestTimeoutMs = Math.min(30_000, Math.max(2_000, settings.waitTimeoutMs / 4))
  const credentials = await resolveCredentials(settings.credentialSource, {
    ...deps.credentialIo,
    clock,
    random: deps.random,
    deadline,
    requestTimeoutMs,
    log
  })
  const api = deps.createApi(settings, credentials)
  const requester = new ApiRequester({
    limiter: new RateLimiter(settings.maxRps, clock, deadline),
    maxRps: settings.maxRps,
    clock,
    deadline,
    requestTimeoutMs,
    retry: { ...DEFAULT_RETRY, budget: new RetryBudget(DEFAULT_RETRY.budget) },
    random: deps.random,
    log
  })
  const { images, eventIds } = settings.targets
  // Before any call: a test-only registry mapping that is not loopback is refused here.
  const registry = new RegistryReader({
    login: settings.registryLogin,
    env: deps.env,
    log,
    requestTimeoutMs
  })
  log.info(`Gating ${describeTargets(images, eventIds)} (policy: ${policy.source}).`)
  const context: GateContext = {
    api,
    requester,
    clock,
    pollIntervalMs: settings.pollIntervalMs,
    concurrency: Math.max(2, Math.ceil(settings.maxRps * 2)),
    policy,
    today: deps.today,
    log,
    say: deps.say,
    scan: settings.scan,
    platforms: settings.platforms,
    registry,
    registrySync: new RegistrySync({
      api,
      requester,
      clock,
      pollIntervalMs: settings.pollIntervalMs,
      log
    })
  }
  let imageResults: ImageResult[]
  let events: EventsResult | undefined
  try {
    ;[imageResults, events] = await Promise.all([
      gateImages(images, context),
      gateEvents(eventIds, context)
    ])
  } finally {
    // No connection, pooled or hung, outlives the reading.
    api.close?.()
    await registry.close()
    requester.logThrottling()
  }
  return assembleResult(
    { images: imageResults, events },
    {
      enforce: settings.enforce,
      policy,
      warnings: [...policy.warnings],
      requests: requester.requests,
      throttled: requester.throttled,
      durationMs: clock.now() - started
    }
  )
}

/** "image sha256:… on its TCSS virus scan", or "3 image(s) and 2 runtime event(s) on …", for the first log line. */
function describeTargets(images: readonly ImageTarget[], eventIds: readonly string[]): string {
  if (images.length === 1 && eventIds.length === 0) {
    const [image] = images
    return `image ${image.imageName ?? image.registryImage?.text ?? image.imageId ?? ''} on its TCSS virus scan`
  }
  const parts: string[] = []
  if (images.length > 0) parts.push(`${images.length} image(s)`)
  if (eventIds.length > 0) parts.push(`${eventIds.length} runtime event(s)`)
  return `${parts.join(' and ')} on TCSS virus findings`
}
