/**
 * What the doctor finds, as its report carries it (the `--json` document
 * described in docs/doctor.md): one entry per check, the observed readings
 * of the open facts, and the write actions it names without trying them.
 */
import type { FindingLevel } from '../../core/levels.js'

/**
 * `ok`: in place. `missing`: something the gate needs is not in place (the
 * fix says what to do). `not-checked`: could not be told (an earlier check
 * failed, or only a write would show it).
 */
export type CheckStatus = 'ok' | 'missing' | 'not-checked'

/** What the gate would see of one target, without judging it. */
export interface TargetView {
  kind: 'image-id' | 'image' | 'registry-image' | 'event-ids'
  /** The target as given (ImageID, name:tag, registry reference or event Id). */
  reference: string
  /** Whether TCSS lists it; null when that could not be read. */
  listed: boolean | null
  /** The ImageID it stands for, when known. */
  imageId?: string
  /** Registry images: the row Ids that match (more than one is said). */
  ids?: number[]
  /** Registry images: whether TCSS has the registry connected; null when it cannot be told. */
  registryConnected?: boolean | null
  /** Registry images not listed: rows that look alike (other tags, hosts or namespaces). */
  similar?: string[]
  /** IsAuthorized: whether TCSS may scan it; null when not read. */
  authorized?: boolean | null
  /** VirusScanStatus (local) or VirusStatus (registry), as served. */
  virusStatus?: unknown
  /** The last scan time as served; null when there is none. */
  scanTime?: string | null
  /** Findings per level of the rows read; null when not read. */
  findings?: Record<FindingLevel, number> | null
  /** Findings TCSS reports in all (TotalCount), when more were listed than read. */
  totalFindings?: number
}

export interface Check {
  /** endpoint, credentials, service-role, permission, target. */
  id: 'endpoint' | 'credentials' | 'service-role' | 'permission' | 'target'
  status: CheckStatus
  /** One line: what was found. */
  summary: string
  /** What to do, when something is missing; null otherwise. */
  fix: string | null
  /** permission: the CAM action, `tcss:Name`. */
  action?: string
  /** The API's error code, when an answer explains the status. */
  code?: string
  requestId?: string
  /** target: what the gate would see. */
  target?: TargetView
}

/** One open fact: what the gate assumes, and what this account showed. */
export interface Reading {
  fact: string
  assumed: string
  /** What the reads showed; null when nothing could be read (see note). */
  observed: string | null
  /** The reading's name in docs/api-contract.md (the emulator's mode) that the observation shows; null when undecided. */
  reading: string | null
  /** Why nothing was observed, when observed is null. */
  note?: string
}
