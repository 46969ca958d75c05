import type { ScanStatusName } from '../errors.js'
import { type AllowlistHygiene, combineHygiene, type Evaluation, type Verdict } from './evaluate.js'
import { emptyCounts, FINDING_LEVELS, type FindingLevel } from './levels.js'
import type { Policy } from './policy.js'
import type { EventFinding, RuntimeEvent } from '../sources/tcss/virus-detail.js'

/** Why the gate could not judge an image or an event (it fails closed). */
export interface GateFailure {
  /**
   * scan: error/canceled/time-out/unsettled; unavailable: transient faults outlasted retries;
   * api: a permanent API error; image: the `image` name matched several ImageIDs.
   */
  kind: 'scan' | 'unavailable' | 'api' | 'image'
  message: string
}

/** One gated image: judged (evaluation) or not (failure). */
export interface ImageResult {
  /** The TCSS ImageID gated; empty when an `image` name could not be resolved to one. */
  imageId: string
  /** The `image` value (`name:tag`) the ImageID was resolved from; undefined with `image-id`. */
  imageName?: string
  /** The last scan status seen; undefined when no status could be read. */
  scanStatus?: ScanStatusName
  verdict: Verdict
  /** One line: why this image passes or fails. */
  reason: string
  /** Present when the findings were read and judged. */
  evaluation?: Evaluation
  /** Present when they could not be. */
  failure?: GateFailure
  /**
   * Set when an `image` name resolved to an ImageID that an earlier target of
   * the step already gates: the label of that target. The image is read and
   * judged once, there; this entry repeats its verdict and counts nothing.
   */
  sameAs?: string
}

/** One runtime trojan event: read (event) or not (failure). */
export interface EventResult {
  id: string
  event?: RuntimeEvent
  failure?: GateFailure
}

/** The `event-ids` of the step. */
export interface EventsResult {
  /** Every event, in input order. */
  items: EventResult[]
  /** The open events that could be read, judged by the policy (resolved events are not judged). */
  evaluation: Evaluation<EventFinding>
  /** fail when an event breaks the policy or could not be read. */
  verdict: Verdict
  reason: string
}

/** Everything the reporters need, in one place. */
export interface GateResult {
  /** Every image, in input order (`image-id` values, then `image` values). */
  images: ImageResult[]
  /** Present when `event-ids` was given. */
  events?: EventsResult
  /** fail when any image or the events fail or could not be judged. */
  verdict: Verdict
  /** One line: why the gate passes or fails. */
  reason: string
  enforce: boolean
  policy: Policy
  /** Warnings about the run (policy, expired entries) in the order found. */
  warnings: string[]
  /** HTTP requests sent to the API, retries included. */
  requests: number
  /** Of those, how many the API throttled (RequestLimitExceeded*); absent means none. */
  throttled?: number
  durationMs: number
}

/** How messages name the image: `name:tag (ImageID)`, the name alone while unresolved, or the ImageID. */
export function imageLabel(result: Pick<ImageResult, 'imageId' | 'imageName'>): string {
  if (result.imageName === undefined) return result.imageId
  return result.imageId ? `${result.imageName} (${result.imageId})` : result.imageName
}

/** One image and no events: the reports keep the shape they have always had. */
export function isSingleImage(result: Pick<GateResult, 'images' | 'events'>): boolean {
  return result.images.length === 1 && result.events === undefined
}

/** The images judged in their own right (an entry with sameAs is counted where it points). */
export function distinctImages(result: Pick<GateResult, 'images'>): ImageResult[] {
  return result.images.filter((image) => image.sameAs === undefined)
}

/** Every evaluation of the run: each distinct judged image, then the runtime events. */
export function evaluations(result: Pick<GateResult, 'images' | 'events'>): Evaluation[] {
  const images = distinctImages(result).flatMap((image) =>
    image.evaluation ? [image.evaluation] : []
  )
  return result.events ? [...images, result.events.evaluation] : images
}

export interface Totals {
  /** Distinct image findings plus open events read. */
  findings: number
  violations: number
  allowlisted: number
  counts: Record<FindingLevel, number>
}

/** The counts of the outputs: over every distinct image and every open runtime event. */
export function totals(result: Pick<GateResult, 'images' | 'events'>): Totals {
  const sum: Totals = { findings: 0, violations: 0, allowlisted: 0, counts: emptyCounts() }
  for (const evaluation of evaluations(result)) {
    sum.findings += evaluation.findings.length
    sum.violations += evaluation.violations
    sum.allowlisted += evaluation.allowlisted
    for (const level of FINDING_LEVELS) sum.counts[level] += evaluation.counts[level]
  }
  return sum
}

/** From the worst scan status to the best: what `scan-status` reports for several images. */
const STATUS_ORDER: readonly ScanStatusName[] = [
  'error',
  'canceled',
  'timeout',
  'not-scanned',
  'scanning',
  'scanned'
]

/**
 * The `scan-status` output: the image's last status for one image; for
 * several, the worst of theirs (error, canceled, timeout, not-scanned,
 * scanning, scanned), and undefined (empty) when the status of any image
 * could not be read — or when the step gates no image.
 */
export function overallScanStatus(result: Pick<GateResult, 'images'>): ScanStatusName | undefined {
  let worst: ScanStatusName | undefined
  for (const image of result.images) {
    if (image.scanStatus === undefined) return undefined
    if (worst === undefined || STATUS_ORDER.indexOf(image.scanStatus) < STATUS_ORDER.indexOf(worst))
      worst = image.scanStatus
  }
  return worst
}

/**
 * The allowlist hygiene of the whole run: expired and expiring entries, and
 * the entries that matched nothing anywhere (only when everything could be
 * judged). Undefined when nothing was judged.
 */
export function runHygiene(
  result: Pick<GateResult, 'images' | 'events'>
): AllowlistHygiene | undefined {
  const all = evaluations(result)
  if (isSingleImage(result)) return all[0]?.hygiene
  const images = distinctImages(result)
  const complete =
    images.every((image) => image.evaluation !== undefined) &&
    (result.events?.items.every((item) => item.failure === undefined) ?? true)
  const subject =
    result.events === undefined
      ? 'finding of any gated image'
      : images.length === 0
        ? 'open runtime event'
        : 'finding of any gated image or open runtime event'
  return combineHygiene(
    all.map((evaluation) => evaluation.hygiene),
    subject,
    complete
  )
}

/** Every image and event that could not be judged, with how to name it. */
export function failures(
  result: Pick<GateResult, 'images' | 'events'>
): Array<{ label: string; failure: GateFailure }> {
  return [
    ...distinctImages(result).flatMap((image) =>
      image.failure ? [{ label: `image ${imageLabel(image)}`, failure: image.failure }] : []
    ),
    ...(result.events?.items ?? []).flatMap((item) =>
      item.failure ? [{ label: `runtime event ${item.id}`, failure: item.failure }] : []
    )
  ]
}

/** Reasons quoted in the overall reason line, at most; the summary lists them all. */
const MAX_REASONS = 5
const MAX_REASON_CHARS = 300

/** The verdict and the one-line reason of the whole step, from its images and events. */
export function overallVerdict(
  images: readonly ImageResult[],
  events: EventsResult | undefined
): { verdict: Verdict; reason: string } {
  if (images.length === 1 && events === undefined) {
    return { verdict: images[0].verdict, reason: images[0].reason }
  }
  const distinct = images.filter((image) => image.sameAs === undefined)
  const failing = [
    ...distinct
      .filter((image) => image.verdict === 'fail')
      .map((image) => `image ${imageLabel(image)}: ${image.reason}`),
    ...(events?.verdict === 'fail' ? [`runtime events: ${events.reason}`] : [])
  ]
  const what = [
    distinct.length > 0 ? `${distinct.length} image(s)` : '',
    events ? `${events.items.length} runtime event(s)` : ''
  ]
    .filter(Boolean)
    .join(' and ')
  if (failing.length === 0) {
    const parts = distinct.length > 0 ? [`images: ${imageTally(distinct)}`] : []
    if (events) parts.push(`runtime events: ${events.reason}`)
    return { verdict: 'pass', reason: `All ${what} pass the policy; ${parts.join('; ')}` }
  }
  const shown = failing
    .slice(0, MAX_REASONS)
    .map((text) =>
      text.length > MAX_REASON_CHARS
        ? `${text.slice(0, MAX_REASON_CHARS)}…`
        : text.replace(/\.$/, '')
    )
  const more =
    failing.length > MAX_REASONS
      ? ` (and ${failing.length - MAX_REASONS} more; see the job summary)`
      : ''
  const failed = distinct.filter((image) => image.verdict === 'fail').length
  const eventsFail = events?.verdict === 'fail'
  const head =
    failed === 0
      ? `The runtime events fail${distinct.length > 0 ? ` (${distinct.length} image(s) pass)` : ''}`
      : `${failed} of ${distinct.length} image(s)${eventsFail ? ' and the runtime events' : ''} fail`
  return { verdict: 'fail', reason: `${head}. ${shown.join('; ')}${more}.` }
}

function imageTally(images: readonly ImageResult[]): string {
  let findings = 0
  let allowlisted = 0
  for (const image of images) {
    findings += image.evaluation?.findings.length ?? 0
    allowlisted += image.evaluation?.allowlisted ?? 0
  }
  if (findings === 0) return 'no virus findings.'
  return `${findings} finding(s) within the policy thresholds${allowlisted > 0 ? `, ${allowlisted} allowlisted` : ''}.`
}
