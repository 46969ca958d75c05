/**
 * Scan tasks, for both families: starting one and polling it
 * (`startScanTask`), what a task's status says (progress, or a plain
 * failure), and which refusals of a task the image is asked to explain.
 */
import { ApiError } from '../../errors.js'
import { AlreadyScanningError, type ScanTask, type TaskState } from '../scan-state.js'
import { type CallContext, callTcss, type TcssCall } from './call.js'
import type { Reply } from './response.js'

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

/** The two calls of a family's scan task. */
export interface ScanTaskCalls {
  /** The write that starts the task. */
  create: TcssCall<Reply>
  /** The TaskID of its reply, or undefined when it carries no usable one. */
  taskId: (reply: Reply) => string | undefined
  /** The log line for a reply without a TaskID. */
  withoutTaskId: (reply: Reply) => string
  /** The read of the task's status. */
  status: (taskId: string) => TcssCall<Reply>
}

/**
 * Starts one scan task; a refusal becomes AlreadyScanningError (see
 * alreadyScanning). The TaskID is optional (the image's own status tells
 * when the scan is done): without one, the task has nothing to poll.
 */
export async function startScanTask(context: CallContext, calls: ScanTaskCalls): Promise<ScanTask> {
  const reply = await callTcss(context, calls.create).catch(alreadyScanning)
  const id = calls.taskId(reply)
  if (id === undefined) {
    context.log.info(calls.withoutTaskId(reply))
    return { id: '' }
  }
  const status = calls.status(id)
  return {
    id,
    poll: async () => {
      const { response } = await callTcss(context, {
        ...status,
        debug: ({ response: answer }) =>
          `${status.action} ${id}: Status ${String(answer.Status)}, Schedule ${String(answer.Schedule)}`
      })
      return taskState(response.Status, response.Schedule)
    }
  }
}
