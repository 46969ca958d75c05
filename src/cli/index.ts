#!/usr/bin/env node
/**
 * The command line's process: `npx tcss-virus-gate [flags]`. The same
 * lifecycle as the action (fail closed on a hang, a signal or an uncaught
 * error), with plain-text lines on stderr instead of workflow commands.
 */
// First: the log mask of the command line, and a proxy variable that a module below would
// choke on as it loads reported as such.
import './preflight.js'
import { runAsProcess } from '../action/lifecycle.js'
import { redact } from '../secrets.js'
import { runCli } from './main.js'

const stderr = (text: string): void => void process.stderr.write(text)

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
      lifecycle
    ),
  {
    fail: (reason) => stderr(`error: ${redact(reason)}\n`),
    debug: (message) => {
      if (process.env.TCSS_VIRUS_GATE_DEBUG) stderr(`debug: ${redact(message)}\n`)
    }
  }
)
