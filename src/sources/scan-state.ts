/**
 * The states an image's virus scan and a scan task can be in, as the sources
 * read them and the scan-status machine (scan-status.ts) and the flow over
 * them (image-source.ts) use them.
 */
import type { ScanStatusName } from '../errors.js'

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
