/**
 * Gating the images of a run: each target found through its family (local
 * images by ImageID or name, registry images by digest, one result per
 * platform of an image index), each image scanned and read once, its
 * findings judged by the policy.
 */
import { Inputs } from '../constants.js'
import { ACTION_VOCABULARY, ScanError, type ScanStatusName, type Vocabulary } from '../errors.js'
import type { Finding } from '../core/evaluate.js'
import { evaluatePolicy } from '../core/evaluate.js'
import { registryHostOf } from '../core/image-reference.js'
import type { RegistryReference } from '../core/registry-reference.js'
import { type ImageResult, imageLabel } from '../core/result.js'
import { type ImageTarget, platformMatches } from '../core/targets.js'
import { type FoundImage, readScannedFindings } from '../sources/image-source.js'
import type { PushedImage } from '../sources/registry-manifest.js'
import { RegistryReadError } from '../sources/registry-connection.js'
import { LocalImage } from '../sources/tcss/local-image.js'
import { findRegistryImages } from '../sources/tcss/registry-image.js'
import { ImageResolver } from '../sources/tcss/resolve-image.js'
import { mergeFindings } from '../sources/tcss/virus-list.js'
import { type GateContext, toFailure } from './context.js'

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
      imageName: name,
      identities: found.map((item) => item.identity)
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
        reason: `The same ${found[0]?.identity.kind === 'registry' ? 'registry image' : 'ImageID'} as ${earlier.label}, judged there: ${other.reason}`,
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
        return [
          failed({ imageId: '', imageName: targetName(target) }, reason, undefined, context.say)
        ]
      }
      return Promise.all(
        units.map(async (unit) => {
          let found: FoundImage[]
          try {
            found = await unit.find()
          } catch (error) {
            const reason = notFoundHint(target, error, context.say ?? ACTION_VOCABULARY)
            return failed({ imageId: '', imageName: unit.name }, reason, undefined, context.say)
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
  const say = context.say ?? ACTION_VOCABULARY
  const listed = pushed.platforms.map((platform) => platform.platform)
  const missing = context.platforms.filter(
    (wanted) => !listed.some((platform) => platformMatches(wanted, platform))
  )
  if (missing.length > 0) {
    throw new RegistryReadError(
      `Registry image ${reference.text} has no platform ${missing.join(', ')}: its image index ${pushed.digest} holds ${listed.join(', ')}. ${say.Setting(Inputs.Platforms)} names platforms to gate; each must be one the image has.`
    )
  }
  const chosen = pushed.platforms.filter((platform) =>
    context.platforms.some((wanted) => platformMatches(wanted, platform.platform))
  )
  const left = listed.filter((platform) => !chosen.some((each) => each.platform === platform))
  context.log.info(
    `Gating ${chosen.map((platform) => platform.platform).join(', ')} of ${reference.text} as ${say.plain(Inputs.Platforms)} says${left.length > 0 ? `; not gated: ${left.join(', ')}` : ''}.`
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
  return [new LocalImage({ ...options, imageId }, target.imageName)]
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
    log: context.log,
    say: context.say
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
    return failed(image, error, last ?? found[0]?.lastStatus, context.say)
  }
}

function failed(
  image: { imageId: string; imageName?: string },
  error: unknown,
  lastStatus: ScanStatusName | undefined,
  say: Vocabulary | undefined
): ImageResult {
  const failure = toFailure(error, say)
  if (!failure) throw error
  return {
    ...image,
    scanStatus: error instanceof ScanError ? error.scanStatus : lastStatus,
    verdict: 'fail',
    reason: failure.message,
    failure
  }
}
