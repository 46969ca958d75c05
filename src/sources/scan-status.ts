/**
 * The one scan-status state machine: what the gate does with each virus
 * status it reads of an image, whichever family it belongs to, and what it
 * says while it waits and when it gives up. It reads nothing itself: its
 * callers read the service and hand it each answer, and it answers with the
 * next step. Its states:
 *
 * - `waiting`: no scan asked for; a completed scan is taken, a running one
 *   waited for, and for anything else `scan` decides (ask for one, or wait
 *   for one started by hand under `scan: never`).
 * - `asked`: the gate asked for a scan (its task started, or was refused
 *   while a scan runs elsewhere); only a completed scan newer than the one
 *   the image showed just before the ask is taken (`newerThan`).
 * - `rereading`: a scan was taken and its findings are being read; page one
 *   of a local image's list (its status and first page in one reply) is read
 *   again. A scan error or a cancellation fails at once, and nothing is
 *   asked for.
 *
 * The last status seen is state of the machine, changed only by what was
 * read; a time-out is said by the error it ends with, never stored as a status.
 */
import { Inputs } from '../constants.js'
import {
  ACTION_VOCABULARY,
  ApiError,
  ScanError,
  type ScanStatusName,
  type Vocabulary
} from '../errors.js'
import type { ScanMode } from '../core/settings.js'
import type {
  AlreadyScanningError,
  Authorization,
  ScanState,
  ScanTask,
  TaskState,
  VirusStatus
} from './scan-state.js'

/**
 * What the image showed just before the gate asked for a scan: the
 * service's own clock, against which "newer" is judged.
 */
export interface Baseline {
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

/** The state the machine is in (see the file's comment). */
type Phase =
  | { name: 'waiting' }
  | {
      name: 'asked'
      baseline: Baseline
      /** The task the gate started; undefined when its ask was refused. */
      task: ScanTask | undefined
      /** The ask was refused while the image was being scanned: that scan is the answer. */
      runningElsewhere: boolean
      /** The image showed a status other than the baseline's since the ask. */
      moved: boolean
    }
  | { name: 'rereading' }

/** What a read again comes to: taken, waited on, or failed. */
export type RereadStep =
  { next: 'done' } | { next: 'wait'; waiting: string } | { next: 'fail'; error: ScanError }

/** What the caller does next, after a status read. */
export type ScanStep =
  | RereadStep
  /** Ask for a scan, then wait, saying `waiting`. */
  | { next: 'ask'; waiting: string }
  /** Read the image's authorization (when `readsAuthorization` says so), then wait. */
  | { next: 'authorize'; waiting: string }
  /** Poll the task and hand its answer to `progressed`. */
  | { next: 'poll-task'; poll: () => Promise<TaskState> }

/** How a machine for one image is set up. */
export interface ScanWatchOptions {
  /** How the image is named in what the machine says. */
  name: string
  scan: ScanMode
  /** What to do to get a scan without the gate (for `scan: never`), in the front end's words. */
  scanHint: (say: Vocabulary) => string
  /** How the front end names its settings in the waiting lines. */
  say: Vocabulary
}

/** The scan status of one image, watched until it can be judged. */
export class ScanWatch {
  private authorizationRead = false

  private constructor(
    private readonly options: ScanWatchOptions,
    private phase: Phase,
    /** The last status read: state of the machine, for the time-out. */
    private seen: ScanStatusName | undefined
  ) {}

  /** An image whose scan is waited for (or asked for, as `scan` says) before its findings are read. */
  static beforeReading(options: ScanWatchOptions): ScanWatch {
    return new ScanWatch(options, { name: 'waiting' }, undefined)
  }

  /**
   * A local image whose list is read again while its findings are read,
   * named as the log names it; `seen` is the status read last before.
   */
  static rereading(name: string, seen: ScanStatusName | undefined): ScanWatch {
    // Nothing is asked for and nothing hinted at while the findings are read.
    const options: ScanWatchOptions = {
      name,
      scan: 'never',
      scanHint: () => '',
      say: ACTION_VOCABULARY
    }
    return new ScanWatch(options, { name: 'rereading' }, seen)
  }

  /** The last status read, for the time-out. */
  get lastStatus(): ScanStatusName | undefined {
    return this.seen
  }

  /** Whether a scan is asked for before the first read (`scan: always`). */
  get asksFirst(): boolean {
    return this.phase.name === 'waiting' && this.options.scan === 'always'
  }

  /** Whether the next status read needs the scan time (after an ask: freshness is judged by it). */
  get needsScanTime(): boolean {
    return this.phase.name === 'asked'
  }

  /** Whether the authorization is to be read now: once per image, however long the wait. */
  readsAuthorization(): boolean {
    if (this.authorizationRead) return false
    this.authorizationRead = true
    return true
  }

  /** The authorization read: an image TCSS may not scan fails at once, never by time-out. */
  authorization(authorization: Authorization): ScanError | undefined {
    if (authorization.authorized !== false) return undefined
    const why = authorization.scanVirusError
      ? ` (ScanVirusError: ${authorization.scanVirusError})`
      : ''
    return new ScanError(
      `Image ${this.options.name} is not authorized for scanning in TCSS (IsAuthorized 0)${why}, so it has no virus scan and TCSS will not run one. The gate never authorizes images: authorize it in the TCSS console (Asset management → Images → Authorization), then run the job again.`,
      'not-scanned'
    )
  }

  /** The gate asks for a scan now; `before` is what the image showed just before, on the service's clock. */
  asking(before: Baseline): void {
    this.seen = before.status
    this.phase = {
      name: 'asked',
      baseline: before,
      task: undefined,
      runningElsewhere: false,
      moved: false
    }
  }

  /** The scan task started: the line for the log. */
  started(task: ScanTask): string {
    const phase = this.asked()
    phase.task = task
    return task.id
      ? `Started TCSS virus scan task ${task.id} for image ${this.options.name}.`
      : `Asked TCSS for a virus scan of image ${this.options.name}; the answer names no TaskID, so the image's own status tells when it is done.`
  }

  /**
   * TCSS refused the scan task and the image, read just after, shows `now`
   * (its authorization already checked): a scan running or queued (or one
   * newer than the baseline) is waited for, said by the line returned;
   * anything else fails at once with the refusal.
   */
  refused(refusal: AlreadyScanningError, now: ScanState): { error: ScanError } | { line: string } {
    const phase = this.asked()
    this.seen = now.status
    if (now.status !== 'scanning' && !now.queued && !newerThan(phase.baseline, now)) {
      const cause = refusal.cause
      const detail = cause instanceof ApiError ? cause.message : refusal.message
      return {
        error: new ScanError(
          `TCSS refused the virus scan task for image ${this.options.name} (${detail}), and the image is neither being scanned (virus status ${now.status}) nor unauthorized; the gate starts one task per image per run and fails closed.`,
          now.status
        )
      }
    }
    phase.runningElsewhere = true
    return {
      line: `TCSS refused a new virus scan of image ${this.options.name} (${refusal.message}) while one is running; waiting for that scan instead of starting another.`
    }
  }

  /** A status read while waiting: the next step. */
  read(state: ScanState): ScanStep {
    this.seen = state.status
    const { name, scan } = this.options
    switch (this.phase.name) {
      case 'rereading':
        return this.reread(state)
      case 'asked':
        if (newerThan(this.phase.baseline, state)) return { next: 'done' }
        return this.phase.task?.poll
          ? { next: 'poll-task', poll: this.phase.task.poll }
          : this.progressed(state, undefined)
      case 'waiting':
        break
    }
    if (state.status === 'scanned') return { next: 'done' }
    if (state.status === 'scanning') {
      return { next: 'wait', waiting: `Virus scan of ${name} is running` }
    }
    // not-scanned, or the last scan ended in error or was canceled.
    if (scan !== 'never') {
      return { next: 'ask', waiting: `Virus scan of ${name} was asked for` }
    }
    if (state.status === 'error' || state.status === 'canceled') {
      const status = state.status
      return {
        next: 'fail',
        error: new ScanError(
          (say) =>
            `The TCSS virus scan of image ${name} ${status === 'error' ? 'ended with a scan error' : 'was canceled'}; rescan the image, or set ${say.given(Inputs.Scan, 'if-not-scanned')} to let the gate start one.`,
          status
        )
      }
    }
    return {
      next: 'authorize',
      waiting: `Virus scan of ${name} is not started yet (${this.options.say.given(Inputs.Scan, 'never')})`
    }
  }

  /**
   * After an ask, the status read and what the task says of itself
   * (undefined when it cannot be asked): a task that plainly failed ends
   * the wait; so does an error or a cancellation once the image has shown
   * another status since the ask (a rescan of an errored image shows the
   * old error until it starts, and its ScanTime may move when the new scan
   * starts; the same error with only a new time is waited on, and
   * wait-timeout ends it, failing closed).
   */
  progressed(state: ScanState, progress: TaskState | undefined): RereadStep {
    const phase = this.asked()
    const { name } = this.options
    if (progress?.state === 'failed') {
      return {
        next: 'fail',
        error: new ScanError(
          `The TCSS virus ${this.taskName()} for image ${name} ended without a result: ${progress.reason}. The gate starts one task per image per run; look at the task in the TCSS console.`,
          progress.status
        )
      }
    }
    if (state.status !== phase.baseline.status) phase.moved = true
    if ((state.status === 'error' || state.status === 'canceled') && phase.moved) {
      return {
        next: 'fail',
        error: new ScanError(
          `The TCSS virus scan of image ${name} ${phase.runningElsewhere ? 'that was already running' : `that the gate asked for (${this.taskName()})`} ended with status ${state.status}; the gate starts one task per image per run. Look at the image in the TCSS console.`,
          state.status
        )
      }
    }
    const what = phase.runningElsewhere
      ? `Virus scan of ${name} ${state.status === 'scanning' ? 'is running' : 'is queued'} (started elsewhere)`
      : `Virus scan of ${name} (${this.taskName()}${progress ? `: ${progress.detail}` : ''})`
    const before = phase.baseline.scanTime
    return {
      next: 'wait',
      waiting: `${what}; waiting for the image to show a completed scan newer than ${before === undefined ? 'none' : new Date(before).toISOString()} (now ${state.status})`
    }
  }

  /** The wait ran out after `waited` seconds: the error it ends with, by what was asked. */
  timedOut(waited: number): ScanError {
    const { name, scan } = this.options
    const task = this.phase.name === 'asked' ? this.phase.task : undefined
    const status = this.seen
    return new ScanError(
      (say) =>
        `Timed out after ${waited} s waiting for the TCSS virus scan of image ${name} (last status: ${status ?? 'none'})` +
        (task
          ? ` after the gate started ${this.taskName()}; raise ${say.plain(Inputs.WaitTimeout)} or check the task in the TCSS console.`
          : scan === 'never' && status === 'not-scanned' && this.phase.name === 'waiting'
            ? `. The gate does not start scans with ${say.given(Inputs.Scan, 'never')}; ${this.options.scanHint(say)}`
            : `; raise ${say.plain(Inputs.WaitTimeout)} or check the scan in the TCSS console.`),
      'timeout'
    )
  }

  /** A status read again while the findings are read: scanned, or waited for, or failed at once. */
  reread(state: ScanState): RereadStep {
    this.seen = state.status
    const { name } = this.options
    const { status } = state
    if (status === 'scanned') return { next: 'done' }
    if (status === 'error' || status === 'canceled') {
      const said =
        status === 'error'
          ? 'ended with a scan error (VirusScanStatus 3)'
          : 'was canceled (VirusScanStatus 4)'
      return {
        next: 'fail',
        error: new ScanError(
          `The TCSS virus scan of image ${name} ${said}; rescan the image.`,
          status
        )
      }
    }
    return {
      next: 'wait',
      waiting: `Virus scan of ${name} is ${status === 'scanning' ? 'running' : 'not started yet'}`
    }
  }

  private asked(): Extract<Phase, { name: 'asked' }> {
    if (this.phase.name !== 'asked')
      throw new Error(`no scan was asked for image ${this.options.name}`)
    return this.phase
  }

  private taskName(): string {
    const task = this.phase.name === 'asked' ? this.phase.task : undefined
    return task?.id ? `scan task ${task.id}` : 'the scan task'
  }
}
