/**
 * Reads and judges every target of the step — images and runtime events —
 * concurrently, through one ApiRequester: one rate limit, one retry budget,
 * one deadline for all of them. A target that cannot be read is recorded as
 * a failure of that target (fail closed); the others are still judged.
 */
import {
  AmbiguousImageError,
  ApiError,
  ApiUnavailableError,
  ScanError,
  type ScanStatusName
} from '../errors.js'
import { evaluatePolicy } from './evaluate.js'
import type { Policy } from './policy.js'
import type { EventResult, EventsResult, GateFailure, ImageResult } from './result.js'
import { imageLabel } from './result.js'
import type { ImageTarget } from './targets.js'
import type { Clock } from '../cloud/clock.js'
import type { TcssApi } from '../sources/tcss/client.js'
import type { ApiRequester, Logger } from '../cloud/requester.js'
import { ImageResolver } from '../sources/tcss/resolve-image.js'
import { ScanReader } from '../sources/tcss/scan.js'
import { eventFinding, readRuntimeEvent } from '../sources/tcss/virus-detail.js'

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
}

/** The failure an error stands for, or undefined for an error that is a bug (rethrown). */
export function toFailure(error: unknown): GateFailure | undefined {
  if (error instanceof ScanError) return { kind: 'scan', message: error.message }
  if (error instanceof ApiUnavailableError) return { kind: 'unavailable', message: error.message }
  if (error instanceof ApiError) return { kind: 'api', message: error.message }
  if (error instanceof AmbiguousImageError) return { kind: 'image', message: error.message }
  return undefined
}

/**
 * Gates every image, all at once. An `image` name that resolves to an
 * ImageID another target already gates is read once: its entry points to the
 * other (sameAs) and repeats its verdict.
 */
export function gateImages(
  targets: readonly ImageTarget[],
  context: GateContext
): Promise<ImageResult[]> {
  const reads = new Map<string, { label: string; result: Promise<ImageResult> }>()
  const judgeOnce = (imageId: string, imageName?: string): Promise<ImageResult> => {
    const image = { imageId, imageName }
    const earlier = reads.get(imageId)
    if (earlier) {
      context.log.info(
        `Image ${imageLabel(image)} is the image ${earlier.label} already names; it is read and judged once.`
      )
      return earlier.result.then((other) => ({
        ...image,
        scanStatus: other.scanStatus,
        verdict: other.verdict,
        reason: `The same ImageID as ${earlier.label}, judged there: ${other.reason}`,
        sameAs: earlier.label
      }))
    }
    const result = readAndJudge(image, context)
    reads.set(imageId, { label: imageLabel(image), result })
    return result
  }
  return Promise.all(
    targets.map(async (target) => {
      if (target.imageName === undefined) return judgeOnce(target.imageId ?? '')
      const resolver = new ImageResolver({
        api: context.api,
        requester: context.requester,
        clock: context.clock,
        pollIntervalMs: context.pollIntervalMs,
        concurrency: context.concurrency,
        log: context.log
      })
      let imageId: string
      try {
        imageId = (await resolver.resolve(target.imageName)).imageId
      } catch (error) {
        return failed({ imageId: '', imageName: target.imageName }, error, undefined)
      }
      return judgeOnce(imageId, target.imageName)
    })
  )
}

async function readAndJudge(
  image: { imageId: string; imageName?: string },
  context: GateContext
): Promise<ImageResult> {
  const reader = new ScanReader({
    api: context.api,
    imageId: image.imageId,
    requester: context.requester,
    clock: context.clock,
    pollIntervalMs: context.pollIntervalMs,
    concurrency: context.concurrency,
    log: context.log
  })
  try {
    const firstPage = await reader.waitForScan()
    const findings = await reader.readAllFindings(firstPage)
    const evaluation = evaluatePolicy(findings, context.policy, context.today)
    return {
      ...image,
      scanStatus: 'scanned',
      verdict: evaluation.verdict,
      reason: evaluation.reason,
      evaluation
    }
  } catch (error) {
    return failed(image, error, reader.lastStatus)
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
  const unread = items.filter((item) => item.failure !== undefined)
  const resolved = items.filter((item) => item.event && !item.event.open).length
  const problems: string[] = []
  if (unread.length > 0) {
    const [first] = unread
    problems.push(
      `${unread.length} event(s) could not be read (${first.id}: ${first.failure?.message ?? ''})`
    )
  }
  if (evaluation.verdict === 'fail') problems.push(evaluation.reason)
  if (problems.length > 0)
    return { items, evaluation, verdict: 'fail', reason: problems.join('; ') }
  const resolvedNote = resolved > 0 ? `, ${resolved} resolved` : ''
  const allowlisted = evaluation.allowlisted > 0 ? `, ${evaluation.allowlisted} allowlisted` : ''
  const reason =
    open.length === 0
      ? `No open runtime events${resolved > 0 ? ` (${resolved} resolved)` : ''}.`
      : `${open.length} open event(s) within the policy thresholds${allowlisted}${resolvedNote}.`
  return { items, evaluation, verdict: 'pass', reason }
}
