/** The `endpoint` input: where the TCSS API is, and STS on the same site. */
import { DEFAULT_ENDPOINT, Inputs } from '../constants.js'
import type { Endpoint } from '../connection.js'
import { InputError } from '../errors.js'

const LOOPBACK_HOSTNAME = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i
const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i

/** Accepts `host`, `https://host[:port]`, and `http://host:port` for loopback hosts only. */
export function parseEndpoint(raw: string): Endpoint {
  const value = raw.trim()
  const allowed =
    `Expected a host name such as ${DEFAULT_ENDPOINT} or tcss.intl.tencentcloudapi.com, ` +
    `an https:// URL, or an http://HOST:PORT URL whose HOST is a loopback address (127.0.0.0/8, localhost, [::1]).`
  // Never shown: a user:password written into it.
  const shown = value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/is, '$1***@')
  const invalid = (why: string): InputError =>
    new InputError(
      (say) => `Invalid ${say.setting(Inputs.Endpoint)}: '${shown}' ${why}. ${allowed}`,
      Inputs.Endpoint
    )
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value)
  let url: URL
  try {
    url = new URL(hasScheme ? value : `https://${value}`)
  } catch {
    throw invalid('is not a valid host or URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalid(`uses the scheme '${url.protocol}'`)
  if (url.username || url.password) throw invalid('contains credentials')
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw invalid('has a path, query or fragment')
  }
  const loopback = LOOPBACK_HOSTNAME.test(url.hostname)
  const hostname = url.hostname.replace(/^\[|\]$/g, '')
  if (!loopback && !HOSTNAME.test(url.hostname)) throw invalid('has an invalid host name')
  if (url.protocol === 'http:' && !loopback) {
    throw invalid(
      'uses plain http to a host that is not a loopback address; credentials must not travel unencrypted'
    )
  }
  return { protocol: url.protocol === 'http:' ? 'http://' : 'https://', host: url.host, hostname }
}

/**
 * STS on the same site as TCSS: `tcss.<rest>` becomes `sts.<rest>`
 * (sts.tencentcloudapi.com, sts.intl.tencentcloudapi.com, regional and
 * internal hosts alike); a loopback emulator serves STS itself; any other
 * host falls back to sts.tencentcloudapi.com.
 */
export function stsEndpointFor(endpoint: Endpoint): Endpoint {
  if (LOOPBACK_HOSTNAME.test(endpoint.hostname) || endpoint.hostname === '::1') return endpoint
  const hostname = /^tcss\.(.+\.)?tencentcloudapi\.com$/i.test(endpoint.hostname)
    ? `sts.${endpoint.hostname.slice('tcss.'.length)}`
    : 'sts.tencentcloudapi.com'
  return { protocol: 'https://', host: hostname, hostname }
}
