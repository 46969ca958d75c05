/**
 * What the gate needs from an image, whichever family it belongs to (local
 * images on hosts and nodes, registry images in TCR/CCR): find it, know
 * whether its virus scan is complete and when it was made, start a scan when
 * asked to, and page its findings into the one Finding shape the policy
 * sees. `readScannedFindings` is the one flow over that interface: wait,
 * scan on demand, then read.
 */
import { ScanError, type ScanStatusName } from '../errors.js'
import type { Finding } from '../core/evaluate.js'
import type { Clock } from '../cloud/clock.js'
import type { ApiRequester, Logger } from '../cloud/requester.js'
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
}

/** Whether TCSS may scan the image (it is authorized, i.e. licensed, for scanning). */
export interface Authorization {
  /** IsAuthorized 1 → true, 0 → false; undefined when not given. */
  authorized: boolean | undefined
  /** ScanVirusError, when TCSS gives one. */
  scanVirusError: string
}

/** A scan task's state: running, finished, or ended without a result. */
export type TaskState =
  | { state: 'running'; detail: string }
  | { state: 'finished' }
  | { state: 'failed'; status: 'error' | 'canceled' | 'timeout'; reason: string }

/** A scan task the gate started. */
export interface ScanTask {
  /** TaskID, for messages. */
  id: string
  poll(): Promise<TaskState>
}

/**
 * TCSS refused a scan task with FailedOperation.ErrAlreadyScanning: "already
 * scanning, or not authorized". The flow asks the image which.
 */
export class AlreadyScanningError extends Error {
  override readonly name = 'AlreadyScanningError'
}

/** One image found by a source. */
export interface FoundImage {
  /** Identity within the run: the same key is read and judged once. */
  key: string
  /** The TCSS ImageID when known ('' otherwise), for results. */
  imageId: string
  /** How messages name it. */
  label: string
  /** What to do to get a scan without the gate (for `scan: never`). */
  scanHint: string
  /** The virus scan status now. With `withScanTime`, also when it was made (may cost a request). */
  readStatus(withScanTime: boolean): Promise<ScanState>
  readAuthorization(): Promise<Authorization>
  /** Starts one virus scan of this image alone; throws AlreadyScanningError for ErrAlreadyScanning. */
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
  /** Wall-clock time (Unix ms), to compare with the service's scan times. */
  wallClock: () => number
  pollIntervalMs: number
  scan: ScanMode
  log: Logger
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
 * Waits for a complete virus scan of the image, starting one when `scan`
 * says so, and reads its findings. At most one scan task per image: whatever
 * the service shows after it, the gate never starts a second one. A result
 * is taken as the answer to a task the gate started only when the task has
 * finished and the image's scan time is not earlier than the task's start.
 */
export async function readScannedFindings(
  image: FoundImage,
  context: ScanFlowContext
): Promise<Finding[]> {
  const { clock, requester, pollIntervalMs, log, scan } = context
  let task: ScanTask | undefined
  /** Wall-clock second at which the gate asked for a scan (task or refused). */
  let askedAt: number | undefined
  /** ErrAlreadyScanning on an authorized image: a scan the gate did not start is running. */
  let runningElsewhere = false
  let seenScanning = false
  let authorizationChecked = false
  let status: ScanStatusName | undefined

  const checkAuthorization = async (): Promise<void> => {
    if (authorizationChecked) return
    authorizationChecked = true
    const authorization = await image.readAuthorization()
    if (authorization.authorized === false) throw unauthorized(image, authorization)
  }
  const begin = async (): Promise<void> => {
    // Seconds: the service's scan times have no finer grain.
    askedAt = Math.floor(context.wallClock() / 1000) * 1000
    try {
      task = await image.startScan()
      log.info(`Started TCSS virus scan task ${task.id} for image ${image.label}.`)
    } catch (error) {
      if (!(error instanceof AlreadyScanningError)) throw error
      // "Already scanning, or not authorized": find out which.
      await checkAuthorization()
      runningElsewhere = true
      log.info(
        `TCSS says a virus scan of image ${image.label} is already running; waiting for it instead of starting another.`
      )
    }
  }

  if (scan === 'always') await begin()
  await pollUntil(
    { clock, deadline: requester.deadline, pollIntervalMs, log },
    async () => {
      const needTime = askedAt !== undefined
      const state = await image.readStatus(needTime)
      status = state.status
      if (state.status === 'scanning') seenScanning = true
      const newer = (): boolean =>
        askedAt !== undefined && state.scanTime !== undefined && state.scanTime >= askedAt
      if (task) {
        const taskState = await task.poll()
        if (taskState.state === 'failed') {
          status = taskState.status
          throw new ScanError(
            `The TCSS virus scan task ${task.id} for image ${image.label} ended without a result: ${taskState.reason}. The gate starts one task per image per run; look at the task in the TCSS console.`,
            taskState.status
          )
        }
        if (taskState.state === 'running') {
          return {
            done: false,
            waiting: `Scan task ${task.id} for ${image.label} is ${taskState.detail}`
          }
        }
        if (state.status === 'scanned' && newer()) return { done: true, value: undefined }
        if (state.status === 'error' || state.status === 'canceled') {
          throw new ScanError(
            `The TCSS virus scan of image ${image.label} that the gate started (task ${task.id}) ended with status ${state.status}; the gate starts one task per image per run. Look at the image in the TCSS console.`,
            state.status
          )
        }
        return {
          done: false,
          waiting: `Scan task ${task.id} for ${image.label} has finished; waiting for the image's virus status to show a scan newer than the task (now ${state.status})`
        }
      }
      if (runningElsewhere) {
        if (state.status === 'scanned' && (seenScanning || newer()))
          return { done: true, value: undefined }
        if ((state.status === 'error' || state.status === 'canceled') && seenScanning) {
          throw new ScanError(
            `The TCSS virus scan of image ${image.label} that was already running ended with status ${state.status}.`,
            state.status
          )
        }
        return {
          done: false,
          waiting: `Virus scan of ${image.label} is running (started elsewhere)`
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
            `The TCSS virus scan of image ${image.label} ${state.status === 'error' ? 'ended with a scan error' : 'was canceled'}; rescan the image, or set scan: if-not-scanned to let the gate start one.`,
            state.status
          )
        }
        await checkAuthorization()
        return {
          done: false,
          waiting: `Virus scan of ${image.label} is not started yet (scan: never)`
        }
      }
      await begin()
      return { done: false, waiting: `Virus scan of ${image.label} was asked for` }
    },
    (waited) =>
      new ScanError(
        `Timed out after ${waited} s waiting for the TCSS virus scan of image ${image.label} (last status: ${status ?? 'none'})` +
          (task
            ? ` after the gate started scan task ${task.id}; raise wait-timeout or check the task in the TCSS console.`
            : scan === 'never' && status === 'not-scanned'
              ? `. The gate does not start scans with scan: never; ${image.scanHint}`
              : '; raise wait-timeout or check the scan in the TCSS console.'),
        'timeout'
      )
  )
  return image.readFindings()
}
