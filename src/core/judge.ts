/* eslint-disable no-restricted-imports, no-restricted-globals -- the run, with its I/O, moves to src/gate/ */
/**
 * Reads and judges every target of the step — images and runtime events —
 * concurrently, through one ApiRequester: one rate limit, one retry budget,
 * one deadline for all of them. A target that cannot be read is recorded as
 * a failure of that target (fail closed); the others are still judged.
 */
import { Inputs } from '../constants.js'
import {
  ACTION_VOCABULARY,
  AmbiguousImageError,
  ApiError,
  ApiUnavailableError,
  ScanError,
  type ScanStatusName,
  type Vocabulary
} from '../errors.js'
import { registryHostOf } from './image-reference.js'
import { evaluatePolicy } from './evaluate.js'
import type { Policy } from './policy.js'
import type { EventResult, EventsResult, GateFailure, GateResult, ImageResult } from './result.js'
import { assembleResult, imageLabel } from './result.js'
import { type CredentialIo, resolveCredentials } from '../cloud/credentials.js'
import { RateLimiter } from '../cloud/rate-limiter.js'
import { ApiRequester } from '../cloud/requester.js'
import { DEFAULT_RETRY, RetryBudget } from '../cloud/retry.js'
import type { Credentials } from '../connection.js'
import type { ScanMode, Settings } from './settings.js'
import { type ImageTarget, platformMatches } from './targets.js'
import type { RegistryReference } from './registry-reference.js'
import {
  type PushedImage,
  RegistryReadError,
  RegistryReader
} from '../sources/registry-manifest.js'
import type { Clock, Logger } from '../clock.js'
import type { TcssApi } from '../sources/tcss/client.js'
import { ImageResolver } from '../sources/tcss/resolve-image.js'
import { LocalImage } from '../sources/tcss/local-image.js'
import { findRegistryImages, RegistrySync } from '../sources/tcss/registry-image.js'
import { type FoundImage, readScannedFindings } from '../sources/image-source.js'
import { mergeFindings } from '../sources/tcss/virus-list.js'
import type { Finding } from './evaluate.js'
import { eventFinding, readRuntimeEvent } from '../sources/tcss/virus-detail.js'

/** What judging takes from the world. */
export interface JudgeDependencies {
  clock: Clock
  random: () => number
  /** YYYY-MM-DD (UTC), for allowlist expiry. */
  today: string
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
    env: process.env,
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

export interface GateContext {
  api: TcssApi
  /** Shared by every request of the step. */
  requester: ApiRequester
  clock: Clock
  pollIntervalMs: number
  /** Parallel page readers per list; the limiter still caps the rate. */
  concurrency: number
  policy: Policy
  /** YYYY-MM-DD (UTC), for allowlist expiry. */
  today: string
  log: Logger
  /** The `scan` input. */
  scan: ScanMode
  /** The front end's words for its settings (the action's when not given). */
  say?: Vocabulary
  /** One registry asset sync per run, shared by every registry image. */
  registrySync: RegistrySync
  /** `platforms`: the platforms of a multi-platform registry image to gate (empty: all). */
  platforms: readonly string[]
  /** Reads what a registry-image reference names in its registry (once per reference). */
  registry: Pick<RegistryReader, 'read'>
}

/** The failure an error stands for, or undefined for an error that is a bug (rethrown). */
export function toFailure(error: unknown): GateFailure | undefined {
  if (error instanceof ScanError) return { kind: 'scan', message: error.message }
  if (error instanceof ApiUnavailableError) return { kind: 'unavailable', message: error.message }
  if (error instanceof ApiError) return { kind: 'api', message: error.message }
  if (error instanceof AmbiguousImageError) return { kind: 'image', message: error.message }
  if (error instanceof RegistryReadError) return { kind: 'image', message: error.message }
  return undefined
}

/**
 * Gates every image, all at once. An image that another target of the step
 * already gates (the same ImageID, or the same registry image) is read
 * once: its entry points to the other (sameAs) and repeats its verdict.
 * Targets whose sets of images only overlap (a tag that names one Id, a
 * digest that names it and another) share the scan of each image they have
 * in common, so no image gets a second scan task.
 */
export function gateImages(
  targets: readonly ImageTarget[],
  context: GateContext
): Promise<ImageResult[]> {
  const reads = new Map<string, { label: string; result: Promise<ImageResult> }>()
  /** Each image once, by key: its first instance and its one scan-and-read. */
  const scans = new Map<string, { item: FoundImage; findings?: Promise<Finding[]> }>()
  const judgeOnce = (found: FoundImage[], name: string | undefined): Promise<ImageResult> => {
    found = found.map((item) => {
      const seen = scans.get(item.key)
      if (seen) return seen.item
      scans.set(item.key, { item })
      return item
    })
    const image = {
      imageId: found.map((item) => item.imageId).find(Boolean) ?? '',
      imageName: name
    }
    const key = found.map((item) => item.key).join(' ')
    const earlier = reads.get(key)
    if (earlier) {
      context.log.info(
        `Image ${imageLabel(image)} is the image ${earlier.label} already names; it is read and judged once.`
      )
      return earlier.result.then((other) => ({
        ...image,
        scanStatus: other.scanStatus,
        verdict: other.verdict,
        reason: `The same ${found[0]?.key.startsWith('registry:') ? 'registry image' : 'ImageID'} as ${earlier.label}, judged there: ${other.reason}`,
        sameAs: earlier.label
      }))
    }
    const result = readAndJudge(image, found, context, scans)
    reads.set(key, { label: imageLabel(image), result })
    return result
  }
  return Promise.all(
    targets.map(async (target) => {
      let units: GateUnit[]
      try {
        units = await unitsOf(target, context)
      } catch (error) {
        const reason = notFoundHint(target, error, context.say ?? ACTION_VOCABULARY)
        return [failed({ imageId: '', imageName: targetName(target) }, reason, undefined)]
      }
      return Promise.all(
        units.map(async (unit) => {
          let found: FoundImage[]
          try {
            found = await unit.find()
          } catch (error) {
            const reason = notFoundHint(target, error, context.say ?? ACTION_VOCABULARY)
            return failed({ imageId: '', imageName: unit.name }, reason, undefined)
          }
          return judgeOnce(found, unit.name)
        })
      )
    })
  ).then((results) => results.flat())
}

/** One image result of a target: a whole target, or one platform of a multi-platform registry image. */
interface GateUnit {
  name: string | undefined
  find: () => Promise<FoundImage[]>
}

/**
 * The image results a target stands for. A registry image is first read from
 * its registry: a single-platform manifest is one result, found in TCSS by
 * its digest (so a tag that moved never takes an older row); an image index
 * is one result per platform (narrowed by `platforms`), each labelled with
 * its platform and found by its platform manifest's digest, or as the index
 * row TCSS scanned it as (the row's ImageId is that platform's config digest).
 */
async function unitsOf(target: ImageTarget, context: GateContext): Promise<GateUnit[]> {
  const reference = target.registryImage
  if (reference === undefined) {
    return [{ name: targetName(target), find: () => findImages(target, context) }]
  }
  const pushed = await context.registry.read(reference)
  const registryOptions = {
    ...findOptions(context),
    scan: context.scan,
    sync: context.registrySync
  }
  if (!pushed.index) {
    const byDigest: RegistryReference = { ...reference, digest: pushed.digest }
    return [{ name: reference.text, find: () => findRegistryImages(byDigest, registryOptions) }]
  }
  const platforms = chosenPlatforms(reference, pushed, context)
  return platforms.map((platform) => {
    const text = `${reference.repository}@${platform.digest} (${platform.platform})`
    const byDigest: RegistryReference = {
      repository: reference.repository,
      digest: platform.digest,
      text
    }
    return {
      name: text,
      find: () =>
        findRegistryImages(byDigest, {
          ...registryOptions,
          push: {
            of: reference.text,
            indexDigest: pushed.digest,
            platform: platform.platform,
            configDigest: platform.configDigest,
            platforms: pushed.platforms.map((each) => each.platform)
          }
        })
    }
  })
}

/** The platforms of an index to gate: all, or those `platforms` names (each must name one). */
function chosenPlatforms(
  reference: RegistryReference,
  pushed: PushedImage,
  context: GateContext
): PushedImage['platforms'] {
  if (context.platforms.length === 0) return pushed.platforms
  const listed = pushed.platforms.map((platform) => platform.platform)
  const missing = context.platforms.filter(
    (wanted) => !listed.some((platform) => platformMatches(wanted, platform))
  )
  if (missing.length > 0) {
    throw new RegistryReadError(
      `Registry image ${reference.text} has no platform ${missing.join(', ')}: its image index ${pushed.digest} holds ${listed.join(', ')}. The input platforms (--platforms) names platforms to gate; each must be one the image has.`
    )
  }
  const chosen = pushed.platforms.filter((platform) =>
    context.platforms.some((wanted) => platformMatches(wanted, platform.platform))
  )
  const left = listed.filter((platform) => !chosen.some((each) => each.platform === platform))
  context.log.info(
    `Gating ${chosen.map((platform) => platform.platform).join(', ')} of ${reference.text} as platforms says${left.length > 0 ? `; not gated: ${left.join(', ')}` : ''}.`
  )
  return chosen
}

function findOptions(context: GateContext) {
  return {
    api: context.api,
    requester: context.requester,
    clock: context.clock,
    pollIntervalMs: context.pollIntervalMs,
    concurrency: context.concurrency,
    log: context.log
  }
}

/**
 * A `name:tag` that names a registry host and is not found among the local
 * images may well be an image a job has just pushed: a registry image, which
 * the local family never lists. The time-out says so; any other error is
 * returned as it is.
 */
function notFoundHint(target: ImageTarget, error: unknown, say: Vocabulary): unknown {
  const host = target.imageName === undefined ? undefined : registryHostOf(target.imageName)
  if (host === undefined || !(error instanceof ScanError) || error.scanStatus !== 'timeout')
    return error
  return new ScanError(
    `${error.message} ${target.imageName} names the registry ${host}, and ${say.setting(Inputs.Image)} looks up local images only (images on hosts and cluster nodes that run the TCSS agent). ` +
      `An image a CI job has just pushed is a registry image: gate it with ${say.setting(Inputs.RegistryImage)} (by digest where the build gives one).`,
    error.scanStatus
  )
}

/** The name an image is shown under: its `image` or `registry-image` value. */
function targetName(target: ImageTarget): string | undefined {
  return target.imageName ?? target.registryImage?.text
}

/** The images a target stands for, found through its family. */
async function findImages(target: ImageTarget, context: GateContext): Promise<FoundImage[]> {
  const options = findOptions(context)
  if (target.imageName === undefined) {
    const imageId = target.imageId ?? ''
    return [new LocalImage({ ...options, imageId }, imageId)]
  }
  const resolver = new ImageResolver(options)
  const imageId = (await resolver.resolve(target.imageName)).imageId
  return [new LocalImage({ ...options, imageId }, imageId)]
}

/**
 * Waits for (or starts, as `scan` says) each image's virus scan, reads its
 * findings and judges them. Several images under one registry reference
 * share one digest: their findings are judged together, so the target
 * fails if any of them would.
 */
async function readAndJudge(
  image: { imageId: string; imageName?: string },
  found: FoundImage[],
  context: GateContext,
  scans: Map<string, { item: FoundImage; findings?: Promise<Finding[]> }>
): Promise<ImageResult> {
  const flow = {
    requester: context.requester,
    clock: context.clock,
    pollIntervalMs: context.pollIntervalMs,
    scan: context.scan,
    log: context.log
  }
  try {
    const rows: Finding[] = []
    for (const item of found) {
      const scan = scans.get(item.key) ?? { item }
      scan.findings ??= readScannedFindings(item, flow)
      scans.set(item.key, scan)
      rows.push(...(await scan.findings))
    }
    const findings = found.length > 1 ? mergeFindings(rows) : rows
    const evaluation = evaluatePolicy(findings, context.policy, context.today)
    return {
      ...image,
      scanStatus: 'scanned',
      verdict: evaluation.verdict,
      reason: evaluation.reason,
      evaluation
    }
  } catch (error) {
    const last = found.map((item) => item.lastStatus).find((status) => status !== 'scanned')
    return failed(image, error, last ?? found[0]?.lastStatus)
  }
}

function failed(
  image: { imageId: string; imageName?: string },
  error: unknown,
  lastStatus: ScanStatusName | undefined
): ImageResult {
  const failure = toFailure(error)
  if (!failure) throw error
  return {
    ...image,
    scanStatus: error instanceof ScanError ? error.scanStatus : lastStatus,
    verdict: 'fail',
    reason: failure.message,
    failure
  }
}

/**
 * Reads every runtime event (DescribeVirusDetail) and judges the open ones
 * with the policy, like findings: allowlisted by FileMd5 (and paths against
 * FilePath), counted per level against the thresholds. Resolved events are
 * listed, not judged. An event that cannot be read fails the events.
 */
export async function gateEvents(
  ids: readonly string[],
  context: GateContext
): Promise<EventsResult | undefined> {
  if (ids.length === 0) return undefined
  const items = await Promise.all(
    ids.map(async (id): Promise<EventResult> => {
      try {
        return {
          id,
          event: await readRuntimeEvent(context.api, context.requester, id, context.log)
        }
      } catch (error) {
        const failure = toFailure(error)
        if (!failure) throw error
        return { id, failure }
      }
    })
  )
  const open = items.flatMap((item) => (item.event?.open ? [eventFinding(item.event)] : []))
  const evaluation = evaluatePolicy(open, context.policy, context.today)
  return { items, evaluation }
}
