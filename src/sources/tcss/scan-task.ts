/**
 * Scan tasks, for both families: the task status names TCSS may answer, and
 * the error code that means "already scanning, or not authorized".
 */
import { ApiError } from '../../errors.js'
import { AlreadyScanningError, type TaskState } from '../image-source.js'

/** FailedOperation.ErrAlreadyScanning: "scanning already, or no right to scan: authorize first". */
export const ERR_ALREADY_SCANNING = 'FailedOperation.ErrAlreadyScanning'

/** An ApiError for ErrAlreadyScanning becomes AlreadyScanningError; anything else is rethrown. */
export function alreadyScanning(error: unknown): never {
  if (error instanceof ApiError && error.code === ERR_ALREADY_SCANNING) {
    throw new AlreadyScanningError(error.message)
  }
  throw error
}

/**
 * Task status names (DescribeAssetImageScanStatus.Status,
 * DescribeAssetImageRegistryScanStatusOneKey.Status). The models give no
 * list; these are the names TCSS uses for image scan states and runtime scan
 * tasks (not verified live for image scan tasks). Any other value fails closed.
 */
const RUNNING = ['SCANNING', 'SCAN_SCANNING', 'WAITING', 'PENDING', 'NOT_SCAN', 'SCAN_NONE']
const FINISHED = ['SCANNED', 'SCAN_FINISH', 'FINISH', 'FINISHED', 'SUCCESS']
const FAILED: Record<string, 'error' | 'canceled' | 'timeout'> = {
  SCAN_ERR: 'error',
  SCAN_ERROR: 'error',
  FAILED: 'error',
  SCAN_TIMEOUT: 'timeout',
  SCAN_CANCELED: 'canceled',
  SCAN_CANCELING: 'canceled',
  CANCELED: 'canceled'
}

export function taskState(status: unknown, schedule: unknown): TaskState {
  const name = typeof status === 'string' ? status.toUpperCase() : ''
  if (RUNNING.includes(name)) {
    const progress = typeof schedule === 'number' ? ` (${schedule} %)` : ''
    return { state: 'running', detail: `running${progress}` }
  }
  if (FINISHED.includes(name)) return { state: 'finished' }
  const failed = FAILED[name]
  if (failed) return { state: 'failed', status: failed, reason: `task status ${name}` }
  return {
    state: 'failed',
    status: 'error',
    reason: `task status ${JSON.stringify(status) ?? 'missing'}, a value this gate does not know; failing closed`
  }
}
