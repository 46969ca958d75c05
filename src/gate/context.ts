/** What judging one run shares between its targets, and how a failed read becomes a result. */
import {
  ACTION_VOCABULARY,
  AmbiguousImageError,
  ApiError,
  ApiUnavailableError,
  ScanError,
  type Vocabulary
} from '../errors.js'
import type { Clock, Logger } from '../clock.js'
import type { ApiRequester } from '../cloud/requester.js'
import type { Policy } from '../core/policy.js'
import type { GateFailure } from '../core/result.js'
import type { ScanMode } from '../core/settings.js'
import type { RegistryReader } from '../sources/registry-manifest.js'
import { RegistryReadError } from '../sources/registry-connection.js'
import type { TcssApi } from '../sources/tcss/client.js'
import type { RegistrySync } from '../sources/tcss/registry-sync.js'

export interface GateContext {
  api: TcssApi
  /** Shared by every request of the step. */
  requester: ApiRequester
  clock: Clock
  pollIntervalMs: number
  /** Parallel page readers per list; the limiter still caps the rate. */
  concurrency: number
  policy: Policy
  /** YYYY-MM-DD (UTC), for allowlist expiry. */
  today: string
  log: Logger
  /** The `scan` input. */
  scan: ScanMode
  /** The front end's words for its settings (the action's when not given). */
  say?: Vocabulary
  /** One registry asset sync per run, shared by every registry image. */
  registrySync: RegistrySync
  /** `platforms`: the platforms of a multi-platform registry image to gate (empty: all). */
  platforms: readonly string[]
  /** Reads what a registry-image reference names in its registry (once per reference). */
  registry: Pick<RegistryReader, 'read'>
}

/** The failure an error stands for, or undefined for an error that is a bug (rethrown). */
export function toFailure(
  error: unknown,
  say: Vocabulary = ACTION_VOCABULARY
): GateFailure | undefined {
  if (error instanceof ScanError) return { kind: 'scan', message: error.in(say) }
  if (error instanceof ApiUnavailableError) return { kind: 'unavailable', message: error.message }
  if (error instanceof ApiError) return { kind: 'api', message: error.message }
  if (error instanceof AmbiguousImageError) return { kind: 'image', message: error.in(say) }
  if (error instanceof RegistryReadError) return { kind: 'image', message: error.message }
  return undefined
}
