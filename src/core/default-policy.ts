/**
 * The policy that applies when the default policy path holds no file. Apart
 * from the parser (src/core/policy.ts) so that a run without a policy file
 * never loads the parser or the YAML library.
 */
import type { Policy } from './policy.js'

export const DEFAULT_POLICY_SOURCE = 'built-in default'

export function defaultPolicy(): Policy {
  return {
    source: DEFAULT_POLICY_SOURCE,
    thresholds: { critical: 0, high: 0 },
    allowlist: [],
    warnings: []
  }
}
