/** The inputs as a front end hands them to the settings. */

/**
 * Every input as the front end read it, untrimmed, by its name in action.yml
 * (see Inputs); an input that was not given is '' or absent.
 */
export type RawInputs = Readonly<Partial<Record<string, string>>>

/** What interpreting the inputs needs besides them. */
export interface InputEnvironment {
  /** What the runner gave (see gate/inputs.ts, the only reader of the front end's inputs). */
  inputs: RawInputs
  workspace: string
  env: NodeJS.ProcessEnv
  /** True when the run is a pull_request event from a fork (no secrets are given then). */
  isForkPullRequest: boolean
}
