/**
 * Test-only preload for the action's child process, loaded with
 * `NODE_OPTIONS=--import <file URL of this file>` (see localNetworkEnv in
 * tls-endpoint.ts).
 *
 * It replaces `dns.lookup` and `dns.promises.lookup` so that no name lookup
 * ever leaves the machine:
 * - names listed in TCSS_TEST_LOCAL_HOSTS (comma-separated, case-insensitive)
 *   resolve to 127.0.0.1, so a test can serve `tcss.tencentcloudapi.com` from
 *   a local emulator;
 * - `localhost` (and `*.localhost`) resolve to 127.0.0.1, IP literals to
 *   themselves;
 * - any other name fails with ENOTFOUND, and a line starting with
 *   `resolve-local: refused` is written to stderr so that tests can see it.
 *
 * Plain ESM JavaScript: Node loads it before the bundle, without a build step.
 */

import dns from 'node:dns'
import { isIP } from 'node:net'

export const REFUSED_MARK = 'resolve-local: refused'

const listed = new Set(
  (process.env.TCSS_TEST_LOCAL_HOSTS ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase().replace(/\.$/, ''))
    .filter((name) => name !== '')
)

/**
 * The one answer this resolver gives for a name, or an error.
 *
 * @param {string} hostname
 * @returns {{ address: string, family: 4 | 6 } | NodeJS.ErrnoException}
 */
function answer(hostname) {
  const name = String(hostname).toLowerCase().replace(/\.$/, '')
  const family = isIP(name)
  if (family === 4 || family === 6) return { address: name, family }
  if (listed.has(name) || name === 'localhost' || name.endsWith('.localhost')) {
    return { address: '127.0.0.1', family: 4 }
  }
  process.stderr.write(`${REFUSED_MARK} a lookup of '${name}' (not in TCSS_TEST_LOCAL_HOSTS)\n`)
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${name} (blocked by resolve-local)`), {
    code: 'ENOTFOUND',
    syscall: 'getaddrinfo',
    hostname: name
  })
}

/**
 * Whether the caller wants every address (an array) or one. The address
 * family asked for is not honoured: a listed name is 127.0.0.1 only.
 *
 * @param {unknown} options
 * @returns {{ all: boolean }}
 */
function readOptions(options) {
  if (options && typeof options === 'object') {
    return { all: /** @type {{ all?: boolean }} */ (options).all === true }
  }
  return { all: false }
}

/** @type {typeof dns.lookup} */
const lookup = /** @type {any} */ (
  /**
   * @param {string} hostname
   * @param {unknown} optionsOrCallback
   * @param {Function} [maybeCallback]
   */
  (hostname, optionsOrCallback, maybeCallback) => {
    const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback
    const { all } = readOptions(
      typeof optionsOrCallback === 'function' ? undefined : optionsOrCallback
    )
    if (typeof callback !== 'function') throw new TypeError('dns.lookup needs a callback')
    const result = answer(hostname)
    process.nextTick(() => {
      if (result instanceof Error) callback(result)
      else if (all) callback(null, [result])
      else callback(null, result.address, result.family)
    })
  }
)

/**
 * @param {string} hostname
 * @param {unknown} [options]
 */
async function lookupPromise(hostname, options) {
  const { all } = readOptions(options)
  const result = answer(hostname)
  if (result instanceof Error) throw result
  return all ? [result] : result
}

dns.lookup = lookup
dns.promises.lookup = /** @type {any} */ (lookupPromise)
