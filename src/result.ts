import type { ScanStatusName } from './errors.js'
import type { Evaluation, Verdict } from './evaluate.js'
import type { Policy } from './policy.js'

/** Why the gate could not judge the image (it fails closed). */
export interface GateFailure {
  /**
   * scan: error/canceled/time-out/unsettled; unavailable: transient faults outlasted retries;
   * api: a permanent API error; image: the `image` name matched several ImageIDs.
   */
  kind: 'scan' | 'unavailable' | 'api' | 'image'
  message: string
}

/** Everything the reporters need, in one place. */
export interface GateResult {
  /** The TCSS ImageID gated; empty when an `image` name could not be resolved to one. */
  imageId: string
  /** The `image` input (`name:tag`) the ImageID was resolved from; undefined with `image-id`. */
  imageName?: string
  /** The last scan status seen; undefined when no status could be read. */
  scanStatus?: ScanStatusName
  verdict: Verdict
  /** One line: why the gate passes or fails. */
  reason: string
  enforce: boolean
  policy: Policy
  /** Present when the findings were read and judged. */
  evaluation?: Evaluation
  /** Present when they could not be. */
  failure?: GateFailure
  /** Warnings about the run (policy, expired entries) in the order found. */
  warnings: string[]
  /** HTTP requests sent to the API, retries included. */
  requests: number
  durationMs: number
}

/** How messages name the image: `name:tag (ImageID)`, the name alone while unresolved, or the ImageID. */
export function imageLabel(result: Pick<GateResult, 'imageId' | 'imageName'>): string {
  if (result.imageName === undefined) return result.imageId
  return result.imageId ? `${result.imageName} (${result.imageId})` : result.imageName
}
