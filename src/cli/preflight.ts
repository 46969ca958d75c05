/**
 * The first module of the command line to be evaluated (the first import of
 * src/cli/index.ts). @actions/github, which the shared run() loads to write a
 * comment, reads the proxy variables while it loads and throws on a value it
 * cannot parse ("Invalid URL"). The command line writes no comment, but that
 * variable is checked first all the same, as the action checks it: an
 * unusable proxy is an input error that names the variable, exit code 2.
 */
import { startupProxyProblem } from '../cloud/proxy.js'
import { redact, setLogMask } from '../secrets.js'
import { escapeLogText } from '../sinks/escape.js'
import { EXIT_CONFIGURATION } from './exit-code.js'

// No runner reads a mask command here (core.setSecret would print the secret
// in one on stdout): secrets are redacted from every line instead.
setLogMask(() => undefined)

const problem = startupProxyProblem(process.env)
if (problem !== undefined) {
  process.stderr.write(`error: ${escapeLogText(redact(problem))}\n`)
  process.exit(EXIT_CONFIGURATION)
}
