import * as fs from 'node:fs/promises'
import { InputError } from './errors.js'
import type { Settings } from './inputs.js'
import { defaultPolicy, parsePolicy, type Policy } from './policy.js'

const MAX_POLICY_BYTES = 1024 * 1024

export interface LoadedPolicy {
  policy: Policy
  /** Set when the built-in default applies. */
  notice?: string
}

/** Reads the policy named by the settings; the default path may be absent. */
export async function loadPolicy(settings: Settings): Promise<LoadedPolicy> {
  const display = settings.policyDisplayPath
  let text: string
  try {
    const stat = await fs.stat(settings.policyPath)
    if (!stat.isFile()) throw new InputError(`Policy '${display}' is not a file (input 'policy').`)
    if (stat.size > MAX_POLICY_BYTES) {
      throw new InputError(
        `Policy file '${display}' is ${stat.size} bytes; at most ${MAX_POLICY_BYTES} bytes are read.`
      )
    }
    text = await fs.readFile(settings.policyPath, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      if (settings.policyIsDefault) {
        const policy = defaultPolicy()
        return {
          policy,
          notice: `No policy file at ${display}; using the built-in default policy (critical: 0, high: 0, no allowlist).`
        }
      }
      throw new InputError(
        `Policy file '${display}' does not exist (input 'policy' is read relative to the workspace, ${settings.policyPath}).`
      )
    }
    if (error instanceof InputError) throw error
    throw new InputError(`Cannot read the policy file '${display}': ${(error as Error).message}`)
  }
  return { policy: parsePolicy(text, display) }
}
