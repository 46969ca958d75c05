/**
 * Scan tasks, for both families: what a task's status says (progress, or a
 * plain failure), and which refusals of a task the image is asked to explain.
 */
import { ApiError } from '../../errors.js'
import { AlreadyScanningError, type TaskState } from '../image-source.js'

/** FailedOperation.ErrAlreadyScanning: "scanning already, or no right to scan: authorize first". */
export const ERR_ALREADY_SCANNING = 'FailedOperation.ErrAlreadyScanning'

/**
 * Refusals that say the request itself, the key or the account is wrong:
 * asking the image explains nothing, so they are thrown as they are.
 */
const NOT_A_BUSY_IMAGE =
  /^(AuthFailure|UnauthorizedOperation|InvalidParameter|InvalidParameterValue|MissingParameter|UnknownParameter|UnsupportedOperation|InvalidAction|UnsupportedRegion|NoSuchVersion|InternalError\.ErrRoleNotExist)(\.|$)/

/**
 * A refusal of a scan task becomes AlreadyScanningError, for the flow to ask
 * the image why: ErrAlreadyScanning ("already scanning, or not authorized"),
 * plain FailedOperation (the Go SDK's only documented code for
 * CreateAssetImageRegistryScanTask), or any other refusal of the task
 * itself. Errors of the key, the account or the request are rethrown.
 */
export function alreadyScanning(error: unknown): never {
  if (error instanceof ApiError && !NOT_A_BUSY_IMAGE.test(error.code)) {
    throw new AlreadyScanningError(`${error.code}: ${error.apiMessage}`, error)
  }
  throw error
}

/**
 * Task status names that plainly say the task ended without a result. No
 * document lists the names (DescribeAssetImageScanStatus.Status and
 * DescribeAssetImageRegistryScanStatusOneKey.Status are free strings; the
 * related task model documents READY/SCANNING/END), so every other name,
 * known or not, is progress: the image's own virus status decides.
 */
const FAILED: Record<string, 'error' | 'canceled' | 'timeout'> = {
  SCAN_ERR: 'error',
  SCAN_ERROR: 'error',
  SCAN_FAILED: 'error',
  FAILED: 'error',
  FAIL: 'error',
  ERROR: 'error',
  SCAN_TIMEOUT: 'timeout',
  TIMEOUT: 'timeout',
  SCAN_CANCELED: 'canceled',
  SCAN_CANCELLED: 'canceled',
  CANCELED: 'canceled',
  CANCELLED: 'canceled'
}

export function taskState(status: unknown, schedule: unknown): TaskState {
  const name = typeof status === 'string' ? status.trim().toUpperCase() : ''
  const failed = FAILED[name]
  if (failed) return { state: 'failed', status: failed, reason: `task status ${name}` }
  const progress =
    typeof schedule === 'number' && Number.isFinite(schedule) ? `, ${schedule} %` : ''
  const shown = typeof status === 'string' ? JSON.stringify(status) : 'missing'
  return { state: 'progress', detail: `task status ${shown}${progress}` }
}
