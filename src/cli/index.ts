#!/usr/bin/env node
/**
 * The command line's process: `npx tcss-virus-gate [flags]`. The same
 * lifecycle as the action (fail closed on a hang, a signal or an uncaught
 * error), with plain-text lines on stderr instead of workflow commands.
 *
 * `--version` and `--help` are answered from the flags alone: the run (the
 * SDK, the policy reader, the sinks) is loaded only for a run, and the
 * doctor (`tcss-virus-gate doctor`) only for it.
 */
// First: the log mask of the command line, and a proxy variable that a module below would
// choke on as it loads reported as such.
import './preflight.js'
import { redact } from '../secrets.js'
import { EXIT_PASS } from './exit-code.js'
import { DOCTOR, parseCommandLine } from './flags.js'

const stderr = (text: string): void => void process.stderr.write(text)

const commandLine =
  process.argv[2] === DOCTOR ? undefined : parseCommandLine(process.argv.slice(2), process.env)
if (commandLine === undefined) {
  // The doctor (read-only checks of an account) is loaded for `doctor` only.
  const { runDoctor } = await import('./doctor/main.js')
  process.exitCode = await runDoctor({
    argv: process.argv.slice(3),
    env: process.env,
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr
  })
} else if (commandLine.kind === 'print') {
  process.stdout.write(redact(commandLine.text))
  process.exitCode = EXIT_PASS
} else {
  const [{ runAsProcess }, { runCli }] = await Promise.all([
    import('../gate/lifecycle.js'),
    import('./main.js')
  ])
  runAsProcess(
    (lifecycle) =>
      runCli(
        {
          argv: process.argv.slice(2),
          env: process.env,
          stdout: (text) => void process.stdout.write(text),
          stderr
        },
        {},
        lifecycle,
        commandLine
      ),
    {
      fail: (reason) => stderr(`error: ${redact(reason)}\n`),
      debug: (message) => {
        if (process.env.TCSS_VIRUS_GATE_DEBUG) stderr(`debug: ${redact(message)}\n`)
      }
    }
  )
}
