import { constants as fsConstants, statSync } from 'node:fs'
import * as fs from 'node:fs/promises'
import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import type { Settings } from '../core/settings.js'
import { resolveContainedPath } from './paths.js'
import { defaultPolicy } from '../core/default-policy.js'
import type { Policy } from '../core/policy.js'

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
    text = await readContainedFile(settings)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      if (settings.policyIsDefault) {
        // A link there that broke since the inputs were read points nowhere: an error, not "no file".
        resolveContainedPath(Inputs.Policy, display, 'read', settings.pathRoots)
        const policy = defaultPolicy()
        return {
          policy,
          notice: `No policy file at ${display}; using the built-in default policy (critical: 0, high: 0, no allowlist).`
        }
      }
      throw new InputError(
        (say) =>
          `Policy file '${display}' does not exist (${say.setting(Inputs.Policy)} is read relative to ${say.workspace}, ${settings.policyPath}).`,
        Inputs.Policy
      )
    }
    if (error instanceof InputError) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ELOOP') {
      throw new InputError(
        (say) =>
          `Policy file '${display}' became a symbolic link after it was checked (${say.setting(Inputs.Policy)}); it was not read.`,
        Inputs.Policy
      )
    }
    throw new InputError(
      `Cannot read the policy file '${display}': ${(error as Error).message}`,
      Inputs.Policy
    )
  }
  // The parser, and the YAML library with it, load only when there is a file to parse.
  const { parsePolicy } = await import('../core/policy.js')
  return { policy: parsePolicy(text, display) }
}

/**
 * Reads the policy at its checked real path, and only if the file opened is
 * still the one a path inside the workspace names: the path is checked again,
 * opened without following a link, and the open file's identity compared with
 * the path's after the open, so a link swapped in since the settings were read is caught
 * instead of read.
 */
async function readContainedFile(settings: Settings): Promise<string> {
  const display = settings.policyDisplayPath
  const recheck = (): string =>
    resolveContainedPath(Inputs.Policy, settings.policyPath, 'read', settings.pathRoots).realPath
  const moved = (): InputError =>
    new InputError(
      (say) =>
        `Policy file '${display}' changed while it was read (${say.setting(Inputs.Policy)}); it was not used.`,
      Inputs.Policy
    )
  const notAFile = (): InputError =>
    new InputError(
      (say) => `Policy '${display}' is not a file (${say.setting(Inputs.Policy)}).`,
      Inputs.Policy
    )
  const file = recheck()
  if (file !== settings.policyPath) throw moved()
  // Stat first: opening a FIFO or device to find out would block.
  const before = statSync(file)
  if (!before.isFile()) throw notAFile()
  const handle = await fs.open(
    file,
    fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0)
  )
  try {
    const opened = await handle.stat()
    if (!opened.isFile()) throw notAFile()
    if (opened.size > MAX_POLICY_BYTES) {
      throw new InputError(
        `Policy file '${display}' is ${opened.size} bytes; at most ${MAX_POLICY_BYTES} bytes are read.`,
        Inputs.Policy
      )
    }
    const again = recheck()
    if (again !== file) throw moved()
    const after = statSync(again)
    if (after.dev !== opened.dev || after.ino !== opened.ino) throw moved()
    return await handle.readFile('utf8')
  } finally {
    await handle.close()
  }
}
