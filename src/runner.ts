import type * as core from '@actions/core'

/**
 * What the step writes to the runner: the log, annotations, outputs and the
 * end state. @actions/core in the action; a fake in tests; plain text in a
 * command line.
 */
export type Runner = Pick<
  typeof core,
  | 'setOutput'
  | 'setFailed'
  | 'info'
  | 'debug'
  | 'notice'
  | 'warning'
  | 'error'
  | 'startGroup'
  | 'endGroup'
>
