/**
 * How the process ends. It starts failed (exit code 1) and only a decided
 * pass clears that. Every other ending exits non-zero with a one-line reason
 * and the outputs known so far:
 * - the event loop empties while the gate is still waiting on something that
 *   will never settle (a proxy that drops a CONNECT without a word);
 * - SIGTERM or SIGINT (the runner's cancel) or SIGHUP, which also removes any report
 *   file half written;
 * - an exception or rejection nothing caught;
 * - the run outlives its own deadline (a socket that keeps the loop alive).
 * Once the verdict is decided, the process exits promptly even if a socket,
 * a timer or a proxy agent would keep it alive.
 */
import * as core from '@actions/core'
import { saveRecordingNow } from '../cloud/recording-session.js'
import { errorMessage } from '../errors.js'
import { escapeLogText } from '../sinks/escape.js'
import { removeUnfinished } from '../sinks/files.js'
import { setFailureOutputs } from '../sinks/outputs.js'

/** How long the process may linger after its verdict before it is ended. */
const EXIT_GRACE_MS = 500

export interface RunLifecycle {
  /** The run's deadline is known: end the process if it is still running `graceMs` after it. */
  setDeadline(inMs: number, graceMs: number): void
  /**
   * The verdict is decided and its outputs are set: from now on the run has
   * `inMs` to write its sinks (the comment has its own 30 s limit), however
   * late in wait-timeout the verdict came.
   */
  verdictDecided(inMs: number): void
}

/** How the process says why it ends early: the action's outputs and failure line, or a front end's own. */
export interface ProcessReporter {
  /** The one line that says why the process ends failed before a verdict. */
  fail(reason: string): void
  /** A stack trace of an error nothing caught. */
  debug(message: string): void
}

const actionReporter: ProcessReporter = {
  fail(reason) {
    try {
      setFailureOutputs(core)
    } finally {
      // The one line that says why, even when the outputs cannot be written.
      core.setFailed(reason)
    }
  },
  debug: (message) => core.debug(message)
}

let settled = false
let reporter = actionReporter

/** Ends the process now, failed, with `reason` as the one line that says why. */
function failNow(reason: string, code = 1): never {
  // The recording of a run stopped early is what shows where it stopped.
  saveRecordingNow()
  removeUnfinished()
  if (!settled) {
    settled = true
    try {
      reporter.fail(escapeLogText(reason))
    } catch {
      // Writing the outputs can fail too (a full disk); the exit code still says it.
    }
  }
  process.exit(code)
}

/**
 * Runs `run` as the whole life of the process. `run` resolves to true only
 * for a decided pass (or report-only mode); anything else ends non-zero. A
 * front end with exit codes of its own resolves to the code instead.
 */
export function runAsProcess(
  run: (lifecycle: RunLifecycle) => Promise<boolean | number>,
  processReporter: ProcessReporter = actionReporter
): void {
  reporter = processReporter
  process.exitCode = 1
  process.on('beforeExit', () => {
    if (!settled)
      failNow(
        'TCSS virus gate stopped before it reached a verdict: a connection was left without an answer (check the proxy and the network between the runner and the TCSS endpoint).'
      )
  })
  const signals: Array<[NodeJS.Signals, number]> = [
    ['SIGTERM', 15],
    ['SIGINT', 2],
    // A closed terminal or session (a self-hosted runner's shell) would otherwise end the process without a word.
    ['SIGHUP', 1]
  ]
  for (const [signal, number] of signals) {
    process.on(signal, () => {
      if (settled) {
        removeUnfinished()
        process.exit(process.exitCode ?? 1)
      }
      failNow(`TCSS virus gate canceled (${signal}) before it reached a verdict.`, 128 + number)
    })
  }
  process.on('uncaughtException', (error) => {
    if (error instanceof Error && error.stack) reporter.debug(escapeLogText(error.stack))
    failNow(`Unexpected error in the TCSS virus gate: ${errorMessage(error)}`)
  })
  process.on('unhandledRejection', (error) => {
    if (error instanceof Error && error.stack) reporter.debug(escapeLogText(error.stack))
    failNow(`Unexpected error in the TCSS virus gate: ${errorMessage(error)}`)
  })
  let watchdog: NodeJS.Timeout | undefined
  const arm = (ms: number, reason: string): void => {
    clearTimeout(watchdog)
    watchdog = setTimeout(() => {
      if (!settled) failNow(reason)
    }, ms).unref()
  }
  const lifecycle: RunLifecycle = {
    setDeadline(inMs, graceMs) {
      arm(
        inMs + graceMs,
        `TCSS virus gate did not finish within wait-timeout (${Math.round(inMs / 1000)} s) and ${Math.round(graceMs / 1000)} s more; a request never completed (check the proxy and the network).`
      )
    },
    verdictDecided(inMs) {
      arm(
        inMs,
        `TCSS virus gate decided its verdict but could not write its reports, summary and comment within ${Math.round(inMs / 1000)} s; failing rather than ending without them.`
      )
    }
  }
  run(lifecycle).then(
    (ended) => {
      settled = true
      process.exitCode = typeof ended === 'number' ? ended : ended ? 0 : 1
      // Nothing after the verdict may keep the process alive: sockets, timers, agents.
      setTimeout(() => process.exit(process.exitCode), EXIT_GRACE_MS).unref()
    },
    (error: unknown) => failNow(`Unexpected error in the TCSS virus gate: ${errorMessage(error)}`)
  )
}
