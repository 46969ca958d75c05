/**
 * The one reader of the runner's inputs: every input of action.yml, as given
 * (untrimmed). Interpreting them is core/settings.ts's job; another front end
 * (a command line) provides the same RawInputs from its own flags.
 */
import { Inputs } from '../constants.js'
import type { RawInputs } from '../core/inputs.js'

/** How the runner gives an input (core.getInput). */
export type GetInput = (name: string, options?: { trimWhitespace?: boolean }) => string

export function readInputs(getInput: GetInput): RawInputs {
  const inputs: Record<string, string> = {}
  for (const name of Object.values(Inputs)) inputs[name] = getInput(name, { trimWhitespace: false })
  return inputs
}
