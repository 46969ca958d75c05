/**
 * Building the verdict model (result.ts) from what judge() read: each target
 * with its state, the runtime events as one set, the verdict and the
 * one-line reason of the whole step, its tally and its allowlist hygiene.
 */
import {
  combineHygiene,
  type AllowlistHygiene,
  type Evaluation,
  type Verdict,
  withinThresholds
} from './evaluate.js'
import { emptyCounts, FINDING_LEVELS, judgedLevel } from './levels.js'
import {
  distinctImages,
  evaluations,
  type EventSet,
  type EventsResult,
  type GateResult,
  imageLabel,
  type ImageResult,
  type JudgedEvent,
  type JudgedImage,
  type JudgedTarget,
  levelResults,
  overallScanStatus,
  placeOf,
  type RunFacts,
  type Tally
} from './result.js'

/** Builds the model from what judge() read. */
export function assembleResult(
  reads: { images: readonly ImageResult[]; events?: EventsResult },
  facts: RunFacts
): GateResult {
  const images = reads.images.map(judgedImage)
  const events = reads.events ? eventSet(reads.events) : undefined
  const single = images.length === 1 && events === undefined
  const targets: JudgedTarget[] = [...images, ...(events?.all ?? [])]
  const partial = { images, events }
  return {
    targets,
    images,
    events,
    ...overallVerdict(images, events),
    scanStatus: overallScanStatus(images),
    tally: tally(images, events, single),
    single,
    soleImage: images.length === 1 ? images[0] : undefined,
    hygiene: runHygiene(partial, single),
    ...facts
  }
}

function judgedImage(image: ImageResult): JudgedImage {
  const label = imageLabel(image)
  return {
    ...image,
    kind: 'image',
    state: image.sameAs !== undefined ? 'same' : image.evaluation ? 'judged' : 'unread',
    label,
    subject: `image ${label}`
  }
}

function eventSet(read: EventsResult): EventSet {
  const { evaluation } = read
  const levels = levelResults(evaluation)
  const judged = new Map(evaluation.findings.map((finding) => [finding.eventId, finding]))
  const all = read.items.map((item): JudgedEvent => {
    const base = { kind: 'event' as const, id: item.id, subject: `runtime event ${item.id}` }
    if (!item.event) return { ...base, state: 'unread', failure: item.failure }
    const place = placeOf(item.event)
    const finding = judged.get(item.id)
    if (!item.event.open || !finding)
      return { ...base, state: 'resolved', event: item.event, place }
    const levelResult = levels.get(judgedLevel(finding.level))
    return { ...base, state: 'open', event: item.event, finding, levelResult, place }
  })
  const byId = new Map(all.map((event) => [event.id, event]))
  const open = evaluation.findings.flatMap((finding) => {
    const event = byId.get(finding.eventId)
    return event ? [event] : []
  })
  const resolved = all.filter((event) => event.state === 'resolved')
  const unread = all.filter((event) => event.state === 'unread')
  return {
    all,
    open,
    resolved,
    unread,
    evaluation,
    ...eventsVerdict(open, resolved, unread, evaluation)
  }
}

/** The verdict and reason of the runtime events. */
function eventsVerdict(
  open: readonly JudgedEvent[],
  resolved: readonly JudgedEvent[],
  unread: readonly JudgedEvent[],
  evaluation: Evaluation
): { verdict: Verdict; reason: string } {
  const problems: string[] = []
  if (unread.length > 0) {
    const [first] = unread
    problems.push(
      `${unread.length} event(s) could not be read (${first.id}: ${first.failure?.message ?? ''})`
    )
  }
  if (evaluation.verdict === 'fail') problems.push(evaluation.reason)
  if (problems.length > 0) return { verdict: 'fail', reason: problems.join('; ') }
  const reason =
    open.length === 0
      ? `No open runtime events${resolved.length > 0 ? ` (${resolved.length} resolved)` : ''}.`
      : `${withinThresholds(open.length, evaluation.allowlisted, 'open event(s)')}${resolved.length > 0 ? `, ${resolved.length} resolved` : ''}.`
  return { verdict: 'pass', reason }
}

function tally(images: JudgedImage[], events: EventSet | undefined, single: boolean): Tally {
  const sum: Tally = {
    findings: 0,
    violations: 0,
    allowlisted: 0,
    counts: emptyCounts(),
    judged: !single || images[0].evaluation !== undefined
  }
  for (const evaluation of evaluations({ images, events })) {
    sum.findings += evaluation.findings.length
    sum.violations += evaluation.violations
    sum.allowlisted += evaluation.allowlisted
    for (const level of FINDING_LEVELS) sum.counts[level] += evaluation.counts[level]
  }
  return sum
}

/**
 * The allowlist hygiene of the whole run: expired and expiring entries, and
 * the entries that matched nothing anywhere (only when everything could be
 * judged). Undefined when nothing was judged.
 */
function runHygiene(
  result: Pick<GateResult, 'images' | 'events'>,
  single: boolean
): AllowlistHygiene | undefined {
  const all = evaluations(result)
  if (single) return all[0]?.hygiene
  const images = distinctImages(result)
  const complete =
    images.every((image) => image.evaluation !== undefined) &&
    (result.events?.unread.length ?? 0) === 0
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

/** Reasons quoted in the overall reason line, at most; the summary lists them all. */
const MAX_REASONS = 5
const MAX_REASON_CHARS = 300

/** The verdict and the one-line reason of the whole step, from its images and events. */
function overallVerdict(
  images: readonly JudgedImage[],
  events: EventSet | undefined
): { verdict: Verdict; reason: string } {
  if (images.length === 1 && events === undefined) {
    return { verdict: images[0].verdict, reason: images[0].reason }
  }
  const distinct = images.filter((image) => image.state !== 'same')
  const failing = [
    ...distinct
      .filter((image) => image.verdict === 'fail')
      .map((image) => `image ${image.label}: ${image.reason}`),
    ...(events?.verdict === 'fail' ? [`runtime events: ${events.reason}`] : [])
  ]
  const what = [
    distinct.length > 0 ? `${distinct.length} image(s)` : '',
    events ? `${events.all.length} runtime event(s)` : ''
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

/** The passing images together, as the reason line puts it: "no virus findings." or the tally. */
function imageTally(images: readonly JudgedImage[]): string {
  let findings = 0
  let allowlisted = 0
  for (const image of images) {
    findings += image.evaluation?.findings.length ?? 0
    allowlisted += image.evaluation?.allowlisted ?? 0
  }
  if (findings === 0) return 'no virus findings.'
  return `${withinThresholds(findings, allowlisted)}.`
}
