/**
 * The verdict model: every target of the step — images and runtime events —
 * as one list of judged targets with one state each, and what the step as a
 * whole decided (verdict, reason, scan status, tally, allowlist hygiene),
 * and the queries every sink asks of it. assembleResult() (assemble.ts)
 * builds it once from what judge() read; every sink renders it and none
 * recomputes a part of it.
 */
import type { FailureKind, ScanStatusName } from '../errors.js'
import { type ImageIdentity, nameOfFound } from './image-identity.js'
import type {
  AllowlistHygiene,
  Evaluation,
  JudgedFinding,
  LevelResult,
  Verdict
} from './evaluate.js'
import { type FindingLevel, judgedLevel } from './levels.js'
import type { Policy } from './policy.js'
import type { EventFinding, RuntimeEvent } from './runtime-event.js'

/** Why the gate could not judge an image or an event (it fails closed). */
export interface GateFailure {
  /** What it failed on (see FailureKind in errors.ts). */
  kind: FailureKind
  message: string
}

// ------------------------------------------------------------ what judge() reads

/** One gated image as judge() read it: judged (evaluation) or not (failure). */
export interface ImageResult {
  /** The TCSS ImageID gated; empty when an `image` name could not be resolved to one. */
  imageId: string
  /** The `image` value (`name:tag`) the ImageID was resolved from; undefined with `image-id`. */
  imageName?: string
  /**
   * The images TCSS found for it (kind, the name the step gave, TCSS's id),
   * which name it in the log and the reports alike; absent when none was
   * found, or for a local image known by `imageId` alone.
   */
  identities?: readonly ImageIdentity[]
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

/** One runtime trojan event as judge() read it: read (event) or not (failure). */
export interface EventResult {
  id: string
  event?: RuntimeEvent
  failure?: GateFailure
}

/** The `event-ids` of the step as judge() read them: every event, and the open ones judged as one set. */
export interface EventsResult {
  /** Every event, in input order. */
  items: EventResult[]
  /** The open events that could be read, judged by the policy (resolved events are not judged). */
  evaluation: Evaluation<EventFinding>
}

/** What the step knows besides its targets. */
export interface RunFacts {
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

// ------------------------------------------------------------------ the model

/** Where a runtime event ran, as the event names it; an empty name counts as none. */
export interface Place {
  /** The container's name, else its ID. */
  container: string | null
  containerName: string | null
  containerId: string | null
  pod: string | null
  cluster: string | null
}

/** An image of the step. */
export interface JudgedImage extends ImageResult {
  kind: 'image'
  /** judged: its findings were read and judged; unread: failure says why; same: see sameAs. */
  state: 'judged' | 'unread' | 'same'
  /** How messages name it: `name:tag (ImageID)`, the name alone while unresolved, or the ImageID. */
  label: string
  /** How a sentence names it: `image ` and its label. */
  subject: string
}

/** A runtime trojan event of the step. */
export interface JudgedEvent {
  kind: 'event'
  id: string
  /** open: judged by the policy (finding); resolved: listed, not judged; unread: failure says why. */
  state: 'open' | 'resolved' | 'unread'
  /** How a sentence names it: `runtime event ID`. */
  subject: string
  event?: RuntimeEvent
  /** The policy's judgement of an open event. */
  finding?: JudgedFinding<EventFinding>
  /** The level result the open event counts against. */
  levelResult?: LevelResult
  failure?: GateFailure
  /** Where it ran; present when the event was read. */
  place?: Place
}

export type JudgedTarget = JudgedImage | JudgedEvent

/** The runtime events of the step, judged as one set. */
export interface EventSet {
  /** Every event, in input order. */
  all: JudgedEvent[]
  /** The open events, in the policy's order (most severe first, then by path). */
  open: JudgedEvent[]
  /** In input order. */
  resolved: JudgedEvent[]
  /** In input order. */
  unread: JudgedEvent[]
  evaluation: Evaluation<EventFinding>
  /** fail when an event breaks the policy or could not be read. */
  verdict: Verdict
  reason: string
}

export interface Tally {
  /** Distinct image findings plus open events read. */
  findings: number
  violations: number
  allowlisted: number
  counts: Record<FindingLevel, number>
  /**
   * False when the step's only target is an image that could not be judged:
   * the reports then show null rather than zero counts.
   */
  judged: boolean
}

/** Everything the sinks render, decided once. */
export interface GateResult extends RunFacts {
  /** Every target in input order: images (`image-id` values, then `image` values), then events. */
  targets: JudgedTarget[]
  /** The images of targets, in input order. */
  images: JudgedImage[]
  /** Present when `event-ids` was given. */
  events?: EventSet
  /** fail when any image or the events fail or could not be judged. */
  verdict: Verdict
  /** One line: why the gate passes or fails. */
  reason: string
  /** The `scan-status` output (see overallScanStatus); undefined is empty. */
  scanStatus?: ScanStatusName
  /** The counts of the outputs: over every distinct image and every open runtime event. */
  tally: Tally
  /**
   * One image and no events: the summary, the comment and the reports keep
   * the layout they had before several targets were supported.
   */
  single: boolean
  /** The image when the step gates exactly one (events or not): the reports' top-level image fields. */
  soleImage?: JudgedImage
  /** Allowlist hygiene of the whole run; undefined when nothing was judged. */
  hygiene?: AllowlistHygiene
}

/** One finding of the step with the target it belongs to and the level result it counts against. */
export interface FindingOf {
  target: JudgedTarget
  finding: JudgedFinding
  levelResult?: LevelResult
}

/**
 * How the log and every report name the image: as its identities say
 * (`team/app:1.0 (ImageID sha256:…)`, `HOST/NS/NAME@sha256:… (registry image
 * Id 7)`), the name alone while unresolved, or the ImageID.
 */
export function imageLabel(
  result: Pick<ImageResult, 'imageId' | 'imageName' | 'identities'>
): string {
  return nameOfFound(result.imageName ?? result.imageId, identitiesOf(result))
}

/** The identities of an image result; a local image when only its ImageID is known. */
export function identitiesOf(
  result: Pick<ImageResult, 'imageId' | 'imageName' | 'identities'>
): readonly ImageIdentity[] {
  if (result.identities !== undefined && result.identities.length > 0) return result.identities
  if (!result.imageId) return []
  return [{ kind: 'local', label: result.imageName ?? result.imageId, id: result.imageId }]
}

/** Where an event ran: container, pod and cluster, an empty name counting as none. */
export function placeOf(event: RuntimeEvent): Place {
  const named = (value: string | null): string | null => (value === '' ? null : value)
  return {
    container: named(event.containerName) ?? named(event.containerId),
    containerName: named(event.containerName),
    containerId: named(event.containerId),
    pod: named(event.podName),
    cluster: named(event.clusterName) ?? named(event.clusterId)
  }
}

export function levelResults(evaluation: Evaluation): Map<string, LevelResult> {
  return new Map(evaluation.levels.map((level) => [level.level, level]))
}

/** The images judged in their own right (an entry with sameAs is counted where it points). */
export function distinctImages(result: Pick<GateResult, 'images'>): JudgedImage[] {
  return result.images.filter((image) => image.state !== 'same')
}

/** Every evaluation of the run: each distinct judged image, then the runtime events. */
export function evaluations(result: Pick<GateResult, 'images' | 'events'>): Evaluation[] {
  const images = distinctImages(result).flatMap((image) =>
    image.evaluation ? [image.evaluation] : []
  )
  return result.events ? [...images, result.events.evaluation] : images
}

/**
 * Every finding of the step with its target: each distinct image's findings
 * in the policy's order, then the open runtime events in the policy's order.
 */
export function allFindings(result: Pick<GateResult, 'images' | 'events'>): FindingOf[] {
  const found: FindingOf[] = []
  for (const image of distinctImages(result)) {
    if (!image.evaluation) continue
    const levels = levelResults(image.evaluation)
    for (const finding of image.evaluation.findings)
      found.push({ target: image, finding, levelResult: levels.get(judgedLevel(finding.level)) })
  }
  for (const event of result.events?.open ?? []) {
    if (event.finding)
      found.push({ target: event, finding: event.finding, levelResult: event.levelResult })
  }
  return found
}

/** The findings that break the policy, in allFindings order. */
export function violations(result: Pick<GateResult, 'images' | 'events'>): FindingOf[] {
  return allFindings(result).filter(({ finding }) => finding.violation)
}

/** Every image and event that could not be judged. */
export function unjudged(
  result: Pick<GateResult, 'images' | 'events'>
): Array<JudgedTarget & { failure: GateFailure }> {
  return [...distinctImages(result), ...(result.events?.unread ?? [])].filter(
    (target): target is JudgedTarget & { failure: GateFailure } => target.failure !== undefined
  )
}

/** The run's warnings, then the allowlist hygiene messages: what the log and the reports warn of. */
export function allWarnings(result: Pick<GateResult, 'warnings' | 'hygiene'>): string[] {
  return [...result.warnings, ...(result.hygiene?.messages ?? [])]
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
export function overallScanStatus(
  images: ReadonlyArray<Pick<ImageResult, 'scanStatus'>>
): ScanStatusName | undefined {
  let worst: ScanStatusName | undefined
  for (const image of images) {
    if (image.scanStatus === undefined) return undefined
    if (worst === undefined || STATUS_ORDER.indexOf(image.scanStatus) < STATUS_ORDER.indexOf(worst))
      worst = image.scanStatus
  }
  return worst
}
