/**
 * The first module of the action to be evaluated (the first import of
 * src/index.ts). @actions/github reads the proxy variables for GitHub's API
 * while it loads and throws on a value it cannot parse ("Invalid URL"),
 * before the gate has a word to say. So that variable is checked first: an
 * unusable proxy ends the step as the input error it is, naming the variable.
 */
import * as core from '@actions/core'
import { startupProxyProblem } from '../cloud/proxy.js'
import { setLogMask } from '../secrets.js'
import { escapeLogText } from '../sinks/escape.js'
import { setFailureOutputs } from '../sinks/outputs.js'

// Secrets are hidden in the log by the runner's mask.
setLogMask((value) => core.setSecret(value))

const problem = startupProxyProblem(process.env)
if (problem !== undefined) {
  setFailureOutputs(core)
  core.setFailed(escapeLogText(problem))
  process.exit(1)
}
