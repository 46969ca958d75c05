/**
 * What the gate needs from an image, whichever family it belongs to (local
 * images on hosts and nodes, registry images in TCR/CCR): find it, know
 * whether its virus scan is complete and when it was made, start a scan when
 * asked to, and page its findings into the one Finding shape the policy
 * sees. `readScannedFindings` is the one flow over that interface: wait,
 * scan on demand, then read.
 */
import { Inputs } from '../constants.js'
import {
  ACTION_VOCABULARY,
  ApiError,
  ScanError,
  type ScanStatusName,
  type Vocabulary
} from '../errors.js'
import type { Finding } from '../core/evaluate.js'
import type { ImageIdentity } from '../core/image-identity.js'
import type { Clock, Logger } from '../clock.js'
import type { ApiRequester } from '../cloud/requester.js'
import { pollUntil } from './settle.js'

import type { ScanMode } from '../core/settings.js'

export type { ScanMode }

/** A virus scan status the gate knows (the unknown ones fail closed where they are read). */
export type VirusStatus = Exclude<ScanStatusName, 'timeout'>

/** The image's virus scan as read now. */
export interface ScanState {
  status: VirusStatus
  /** When the last virus scan was made (Unix ms), when the source can tell. */
  scanTime?: number
  /**
   * Not scanned, but waiting in TCSS's queue for a scan (registry
   * WAIT_SCAN, "待检测": queued, or never scanned — the models do not say
   * which). A scan may be asked for; a refusal of it is then waited out.
   */
  queued?: boolean
}

/** Whether TCSS may scan the image (it is authorized, i.e. licensed, for scanning). */
export interface Authorization {
  /** IsAuthorized 1 → true, 0 → false; undefined when not given. */
  authorized: boolean | undefined
  /** ScanVirusError, when TCSS gives one. */
  scanVirusError: string
}

/**
 * What a scan task says of itself. It is progress for the log: the task
 * only starts a scan, and completion is read from the image. A status that
 * plainly says the task failed may end the wait early; no other status,
 * known or not, decides anything.
 */
export type TaskState =
  | { state: 'progress'; detail: string }
  | { state: 'failed'; status: 'error' | 'canceled' | 'timeout'; reason: string }

/** A scan task the gate started. */
export interface ScanTask {
  /** TaskID, for messages; '' when the answer carried none. */
  id: string
  /** Reads the task's own status; absent when there is no TaskID to ask about. */
  poll?: () => Promise<TaskState>
}

/**
 * TCSS refused a scan task (FailedOperation.ErrAlreadyScanning, plain
 * FailedOperation, or another refusal): "already scanning, or not
 * authorized", or something else. The flow asks the image which; `cause`
 * is the refusal itself, thrown as it is when the image explains nothing.
 */
export class AlreadyScanningError extends Error {
  override readonly name = 'AlreadyScanningError'
  constructor(
    message: string,
    override readonly cause?: Error
  ) {
    super(message)
  }
}

/** One image found by a source. */
export interface FoundImage {
  /** Which image it is (kind, the name the step gave, TCSS's id): what logs and reports name. */
  readonly identity: ImageIdentity
  /** Identity within the run (imageKey of `identity`): the same key is read and judged once. */
  key: string
  /** The TCSS ImageID when known ('' otherwise), for results. */
  imageId: string
  /** How messages name it (nameOfImage of `identity`). */
  label: string
  /** What to do to get a scan without the gate (for `scan: never`), in the front end's words. */
  scanHint: (say: Vocabulary) => string
  /**
   * The virus scan status now. With `withScanTime`, also when it was made
   * (may cost a request), read so that the status and the time belong to
   * one scan: the findings read next are of that scan, or a newer one.
   */
  readStatus(withScanTime: boolean): Promise<ScanState>
  /** When the last virus scan was made (Unix ms), as the service says now; undefined when it says none. */
  readScanTime(): Promise<number | undefined>
  readAuthorization(): Promise<Authorization>
  /** Starts one virus scan of this image alone; throws AlreadyScanningError when TCSS refuses it. */
  startScan(): Promise<ScanTask>
  /** Every finding of the scan last read as scanned; a complete read or an error. */
  readFindings(): Promise<Finding[]>
  /** The last status seen, for the scan-status output. */
  readonly lastStatus: ScanStatusName | undefined
}

/** What the flow needs besides the image. */
export interface ScanFlowContext {
  requester: ApiRequester
  clock: Clock
  pollIntervalMs: number
  scan: ScanMode
  log: Logger
  /** How the front end names its settings in the progress lines; the action's words when not given. */
  say?: Vocabulary
}

/** An image that TCSS may not scan fails at once, never by time-out. */
function unauthorized(image: FoundImage, authorization: Authorization): ScanError {
  const why = authorization.scanVirusError
    ? ` (ScanVirusError: ${authorization.scanVirusError})`
    : ''
  return new ScanError(
    `Image ${image.label} is not authorized for scanning in TCSS (IsAuthorized 0)${why}, so it has no virus scan and TCSS will not run one. The gate never authorizes images: authorize it in the TCSS console (Asset management → Images → Authorization), then run the job again.`,
    'not-scanned'
  )
}

/**
 * What the image showed just before the gate asked for a scan: the
 * service's own clock, against which "newer" is judged.
 */
interface Baseline {
  status: VirusStatus
  scanTime: number | undefined
}

/**
 * Whether `state` shows a completed scan newer than the one the image had
 * when the gate asked for a scan, both on the service's clock (the runner's
 * clock never enters): a scan time later than the one before; or, when a
 * scan was already running then (its ScanTime may be that scan's start),
 * not earlier than it. An image that had no scan time before takes any
 * completed scan with a time.
 */
export function newerThan(baseline: Baseline, state: ScanState): boolean {
  if (state.status !== 'scanned' || state.scanTime === undefined) return false
  if (baseline.scanTime === undefined) return baseline.status !== 'scanned'
  return baseline.status === 'scanning'
    ? state.scanTime >= baseline.scanTime
    : state.scanTime > baseline.scanTime
}

/** A refused scan task whose refusal the image does not explain, said with its code, message and RequestId. */
function refusedTask(image: FoundImage, refusal: AlreadyScanningError, state: ScanState): Error {
  const cause = refusal.cause
  const detail = cause instanceof ApiError ? cause.message : refusal.message
  return new ScanError(
    `TCSS refused the virus scan task for image ${image.label} (${detail}), and the image is neither being scanned (virus status ${state.status}) nor unauthorized; the gate starts one task per image per run and fails closed.`,
    state.status
  )
}

/**
 * Waits for a complete virus scan of the image, starting one when `scan`
 * says so, and reads its findings. At most one scan task per image: whatever
 * the service shows after it, the gate never starts a second one. A scan is
 * proven by the image, not by its task: after the gate asked for a scan, a
 * result is taken only when the image shows a completed scan newer than
 * what it showed just before (`newerThan`). The task's TaskID is optional
 * and its status is progress for the log; one that plainly failed ends the
 * wait early. A refused task (already scanning, or any other refusal) is
 * explained by the image: unauthorized fails at once, scanning is waited
 * for, anything else fails at once with the refusal.
 */
export async function readScannedFindings(
  image: FoundImage,
  context: ScanFlowContext
): Promise<Finding[]> {
  const { clock, requester, pollIntervalMs, log, scan } = context
  let task: ScanTask | undefined
  /** What the image showed just before the gate asked for a scan; set once it asked. */
  let baseline: Baseline | undefined
  /** The task was refused while the image was being scanned: that scan is the answer. */
  let runningElsewhere = false
  /** The image showed something other than the baseline since the ask. */
  let moved = false
  let authorizationChecked = false
  let status: ScanStatusName | undefined
  const taskName = () => (task?.id ? `scan task ${task.id}` : 'the scan task')

  const checkAuthorization = async (): Promise<void> => {
    if (authorizationChecked) return
    authorizationChecked = true
    const authorization = await image.readAuthorization()
    if (authorization.authorized === false) throw unauthorized(image, authorization)
  }
  /** Asks for a scan; `state` is the status just read, when there is one. */
  const begin = async (state?: ScanState): Promise<void> => {
    // The service's own clock: the image's scan time just before the ask.
    const before = state ?? (await image.readStatus(true))
    status = before.status
    baseline = {
      status: before.status,
      scanTime: 'scanTime' in before ? before.scanTime : await image.readScanTime()
    }
    try {
      task = await image.startScan()
      log.info(
        task.id
          ? `Started TCSS virus scan task ${task.id} for image ${image.label}.`
          : `Asked TCSS for a virus scan of image ${image.label}; the answer names no TaskID, so the image's own status tells when it is done.`
      )
    } catch (error) {
      if (!(error instanceof AlreadyScanningError)) throw error
      // Busy is not broken: the image says why the task was refused.
      await checkAuthorization()
      const now = await image.readStatus(true)
      status = now.status
      if (now.status !== 'scanning' && !now.queued && !newerThan(baseline, now)) {
        throw refusedTask(image, error, now)
      }
      runningElsewhere = true
      log.info(
        `TCSS refused a new virus scan of image ${image.label} (${error.message}) while one is running; waiting for that scan instead of starting another.`
      )
    }
  }

  if (scan === 'always') await begin()
  await pollUntil(
    { clock, deadline: requester.deadline, pollIntervalMs, log },
    async () => {
      const state = await image.readStatus(baseline !== undefined)
      status = state.status
      if (baseline) {
        if (newerThan(baseline, state)) return { done: true, value: undefined }
        const progress = task?.poll ? await task.poll() : undefined
        if (progress?.state === 'failed') {
          status = progress.status
          throw new ScanError(
            `The TCSS virus ${taskName()} for image ${image.label} ended without a result: ${progress.reason}. The gate starts one task per image per run; look at the task in the TCSS console.`,
            progress.status
          )
        }
        // An error or a cancellation ends the wait once the image has shown another status since
        // the ask: a rescan of an errored image shows the old error until it starts, and its
        // ScanTime may move when the new scan starts. The same error with only a new time is
        // waited on; wait-timeout ends it, failing closed.
        if (state.status !== baseline.status) moved = true
        if ((state.status === 'error' || state.status === 'canceled') && moved) {
          throw new ScanError(
            `The TCSS virus scan of image ${image.label} ${runningElsewhere ? 'that was already running' : `that the gate asked for (${taskName()})`} ended with status ${state.status}; the gate starts one task per image per run. Look at the image in the TCSS console.`,
            state.status
          )
        }
        const what = runningElsewhere
          ? `Virus scan of ${image.label} ${state.status === 'scanning' ? 'is running' : 'is queued'} (started elsewhere)`
          : `Virus scan of ${image.label} (${taskName()}${progress ? `: ${progress.detail}` : ''})`
        return {
          done: false,
          waiting: `${what}; waiting for the image to show a completed scan newer than ${baseline.scanTime === undefined ? 'none' : new Date(baseline.scanTime).toISOString()} (now ${state.status})`
        }
      }
      if (state.status === 'scanned') return { done: true, value: undefined }
      if (state.status === 'scanning') {
        return { done: false, waiting: `Virus scan of ${image.label} is running` }
      }
      // not-scanned, or the last scan ended in error or was canceled.
      if (scan === 'never') {
        if (state.status === 'error' || state.status === 'canceled') {
          throw new ScanError(
            (say) =>
              `The TCSS virus scan of image ${image.label} ${state.status === 'error' ? 'ended with a scan error' : 'was canceled'}; rescan the image, or set ${say.given(Inputs.Scan, 'if-not-scanned')} to let the gate start one.`,
            state.status
          )
        }
        await checkAuthorization()
        return {
          done: false,
          waiting: `Virus scan of ${image.label} is not started yet (${(context.say ?? ACTION_VOCABULARY).given(Inputs.Scan, 'never')})`
        }
      }
      await begin(state)
      return { done: false, waiting: `Virus scan of ${image.label} was asked for` }
    },
    (waited) =>
      new ScanError(
        (say) =>
          `Timed out after ${waited} s waiting for the TCSS virus scan of image ${image.label} (last status: ${status ?? 'none'})` +
          (task
            ? ` after the gate started ${taskName()}; raise ${say.plain(Inputs.WaitTimeout)} or check the task in the TCSS console.`
            : scan === 'never' && status === 'not-scanned'
              ? `. The gate does not start scans with ${say.given(Inputs.Scan, 'never')}; ${image.scanHint(say)}`
              : `; raise ${say.plain(Inputs.WaitTimeout)} or check the scan in the TCSS console.`),
        'timeout'
      )
  )
  return image.readFindings()
}
