/**
 * What the gate needs from an image, whichever family it belongs to (local
 * images on hosts and nodes, registry images in TCR/CCR): find it, know
 * whether its virus scan is complete and when it was made, start a scan when
 * asked to, and page its findings into the one Finding shape the policy
 * sees. `readScannedFindings` is the one flow over that interface: wait,
 * scan on demand, then read.
 */
import { ACTION_VOCABULARY, type ScanStatusName, type Vocabulary } from '../errors.js'
import type { Finding } from '../core/evaluate.js'
import type { ImageIdentity } from '../core/image-identity.js'
import type { Clock, Logger } from '../clock.js'
import type { ApiRequester } from '../cloud/requester.js'
import { pollUntil } from './settle.js'
import { ScanWatch } from './scan-status.js'
import {
  AlreadyScanningError,
  type Authorization,
  type ScanState,
  type ScanTask
} from './scan-state.js'
import type { ScanMode } from '../core/settings.js'

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

/**
 * Waits for a complete virus scan of the image, starting one when `scan`
 * says so, and reads its findings: the I/O of the scan-status machine
 * (`ScanWatch`, which decides each step and says each line). At most one
 * scan task per image: whatever the service shows after it, the gate never
 * starts a second one. A scan is proven by the image, not by its task: after
 * the gate asked for a scan, a result is taken only when the image shows a
 * completed scan newer than what it showed just before (`newerThan`). The
 * task's TaskID is optional and its status is progress for the log; one
 * that plainly failed ends the wait early. A refused task (already scanning,
 * or any other refusal) is explained by the image: unauthorized fails at
 * once, scanning is waited for, anything else fails at once with the refusal.
 */
export async function readScannedFindings(
  image: FoundImage,
  context: ScanFlowContext
): Promise<Finding[]> {
  const { clock, requester, pollIntervalMs, log, scan } = context
  const watch = ScanWatch.beforeReading({
    name: image.label,
    scan,
    scanHint: image.scanHint,
    say: context.say ?? ACTION_VOCABULARY
  })

  const checkAuthorization = async (): Promise<void> => {
    if (!watch.readsAuthorization()) return
    const refusal = watch.authorization(await image.readAuthorization())
    if (refusal) throw refusal
  }
  /** Asks for a scan; `state` is the status just read, when there is one. */
  const begin = async (state?: ScanState): Promise<void> => {
    // The service's own clock: the image's scan time just before the ask.
    const before = state ?? (await image.readStatus(true))
    watch.asking({
      status: before.status,
      scanTime: 'scanTime' in before ? before.scanTime : await image.readScanTime()
    })
    let task: ScanTask
    try {
      task = await image.startScan()
    } catch (error) {
      if (!(error instanceof AlreadyScanningError)) throw error
      // Busy is not broken: the image says why the task was refused.
      await checkAuthorization()
      const answer = watch.refused(error, await image.readStatus(true))
      if ('error' in answer) throw answer.error
      log.info(answer.line)
      return
    }
    log.info(watch.started(task))
  }

  if (watch.asksFirst) await begin()
  await pollUntil(
    { clock, deadline: requester.deadline, pollIntervalMs, log },
    async () => {
      const state = await image.readStatus(watch.needsScanTime)
      const first = watch.read(state)
      const step = first.next === 'poll-task' ? watch.progressed(state, await first.poll()) : first
      switch (step.next) {
        case 'done':
          return { done: true, value: undefined }
        case 'fail':
          throw step.error
        case 'authorize':
          await checkAuthorization()
          break
        case 'ask':
          await begin(state)
          break
        case 'wait':
          break
      }
      return { done: false, waiting: step.waiting }
    },
    (waited) => watch.timedOut(waited)
  )
  return image.readFindings()
}
