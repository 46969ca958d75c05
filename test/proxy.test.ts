/**
 * The proxy decision (proxyFor): which proxy variable applies to the API
 * endpoint, when NO_PROXY excludes it, and the URL form handed to the SDK.
 * test/e2e/proxy.test.ts proves the same through the bundle and a real proxy.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { InputError } from '../src/errors.js'
import { parseEndpoint } from '../src/core/endpoint.js'
import { proxyFor, proxyUrlFor, startupProxyProblem } from '../src/cloud/proxy.js'

const PROXY_VARIABLES = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy'
]
const saved: Record<string, string | undefined> = {}

beforeEach(() => {
  for (const name of PROXY_VARIABLES) {
    saved[name] = process.env[name]
    delete process.env[name]
  }
})
afterEach(() => {
  for (const name of PROXY_VARIABLES) {
    if (saved[name] === undefined) delete process.env[name]
    else process.env[name] = saved[name]
  }
})

const API = parseEndpoint('tcss.tencentcloudapi.com')
const INTL = parseEndpoint('https://tcss.intl.tencentcloudapi.com')
const EMULATOR = parseEndpoint('http://127.0.0.1:8080')

describe('proxyFor', () => {
  it('connects directly when no proxy variable is set', () => {
    expect(proxyFor(API)).toBeUndefined()
  })

  it('uses HTTPS_PROXY, or https_proxy (which wins), for the https endpoint', () => {
    process.env.HTTPS_PROXY = 'http://upper.example:3128'
    expect(proxyFor(API)).toBe('http://upper.example:3128/')
    process.env.https_proxy = 'http://lower.example:3128'
    expect(proxyFor(API)).toBe('http://lower.example:3128/')
  })

  it('does not apply HTTP_PROXY or http_proxy to the https endpoint', () => {
    process.env.HTTP_PROXY = 'http://upper.example:3128'
    process.env.http_proxy = 'http://lower.example:3128'
    expect(proxyFor(API)).toBeUndefined()
  })

  it('never proxies a loopback endpoint, whatever is set', () => {
    for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
      process.env[name] = 'http://proxy.example:3128'
    expect(proxyFor(EMULATOR)).toBeUndefined()
    expect(proxyFor(parseEndpoint('http://localhost:8080'))).toBeUndefined()
    expect(proxyFor(parseEndpoint('http://[::1]:8080'))).toBeUndefined()
  })

  it.each([
    ['the exact host', 'tcss.tencentcloudapi.com'],
    ['the host in another case, among others', 'example.com, TCSS.TencentCloudAPI.com'],
    ['a parent domain', 'tencentcloudapi.com'],
    ['a parent domain with a leading dot', '.tencentcloudapi.com'],
    ['the host with its port', 'tcss.tencentcloudapi.com:443'],
    ['a wildcard', '*']
  ])('connects directly when NO_PROXY lists %s', (_what, noProxy) => {
    process.env.HTTPS_PROXY = 'http://proxy.example:3128'
    process.env.NO_PROXY = noProxy
    expect(proxyFor(API)).toBeUndefined()
  })

  it('reads no_proxy too, and keeps the proxy for hosts it does not list', () => {
    process.env.HTTPS_PROXY = 'http://proxy.example:3128'
    process.env.no_proxy = '.intl.tencentcloudapi.com'
    expect(proxyFor(INTL)).toBeUndefined()
    expect(proxyFor(API)).toBe('http://proxy.example:3128/')
    process.env.no_proxy = 'tcss.tencentcloudapi.com:8443,other.tencentcloudapi.com'
    expect(proxyFor(API)).toBe('http://proxy.example:3128/')
  })

  it('reads a bare host:port as an http proxy, keeping credentials', () => {
    process.env.HTTPS_PROXY = 'proxy.example:3128'
    expect(proxyFor(API)).toBe('http://proxy.example:3128/')
    process.env.HTTPS_PROXY = '10.0.0.1:3128'
    expect(proxyFor(API)).toBe('http://10.0.0.1:3128/')
    process.env.HTTPS_PROXY = 'http://user:p%40ss@proxy.example:3128'
    expect(proxyFor(API)).toBe('http://user:p%40ss@proxy.example:3128/')
  })

  it('accepts an https:// proxy', () => {
    process.env.HTTPS_PROXY = 'https://proxy.example'
    expect(proxyFor(API)).toBe('https://proxy.example/')
  })

  it('refuses a proxy it cannot use, naming the variable and masking the user and password', () => {
    process.env.HTTPS_PROXY = 'socks5://user:hunter2@proxy.example:1080'
    expect(() => proxyFor(API)).toThrow(InputError)
    expect(() => proxyFor(API)).toThrow(
      /HTTPS_PROXY is not usable: the scheme 'socks5'.*"socks5:\/\/\*\*\*@proxy\.example:1080"/
    )
    expect(() => proxyFor(API)).not.toThrow(/hunter2|user:/)
  })

  it.each([
    ['HTTPS_PROXY', 'proxy host:3128', /its host contains a space/],
    ['HTTPS_PROXY', 'http://u:hunter2@proxy.example:99999', /the port 99999 is not a port number/],
    ['https_proxy', 'http://proxy.example:0', /port 0/],
    ['HTTPS_PROXY', 'http://u:hunter2%zz@proxy.example:3128', /not valid percent-encoding/],
    ['HTTPS_PROXY', 'ftp://proxy.example:21', /the scheme 'ftp'/],
    ['HTTPS_PROXY', 'http://proxy.example:31a8', /its port is not a number/],
    ['HTTPS_PROXY', 'http://u:pa/ss@hunter2@proxy.example:3128', /HTTPS_PROXY/]
  ])('refuses %s=%s: %s, never a direct connection', (variable, value, why) => {
    process.env[variable] = value
    expect(() => proxyFor(API)).toThrow(InputError)
    expect(() => proxyFor(API)).toThrow(why)
    expect(() => proxyFor(API)).toThrow(new RegExp(`${variable} is not usable`))
    expect(() => proxyFor(API)).not.toThrow(/hunter2/)
  })

  it('refuses an unusable HTTP_PROXY or http_proxy for a plain-http destination', () => {
    process.env.HTTP_PROXY = 'http://proxy.example:99999'
    expect(() => proxyUrlFor('http://example.com/')).toThrow(/HTTP_PROXY is not usable/)
    process.env.http_proxy = 'proxy host:3128'
    expect(() => proxyUrlFor('http://example.com/')).toThrow(/http_proxy is not usable/)
  })

  it('does not judge a variable it does not use: NO_PROXY, a loopback host, the other scheme', () => {
    process.env.HTTPS_PROXY = 'proxy host:3128'
    process.env.HTTP_PROXY = 'proxy host:3128'
    expect(proxyFor(EMULATOR)).toBeUndefined()
    process.env.NO_PROXY = '.tencentcloudapi.com'
    expect(proxyFor(API)).toBeUndefined()
    process.env.https_proxy = 'http://proxy.example:3128'
    delete process.env.NO_PROXY
    expect(proxyFor(API)).toBe('http://proxy.example:3128/')
  })
})

describe('startupProxyProblem (the proxy @actions/github reads as it loads)', () => {
  it("names an unusable proxy for GitHub's API, unless NO_PROXY lists it", () => {
    const env = { HTTPS_PROXY: 'proxy host:3128' }
    expect(startupProxyProblem(env)).toMatch(/HTTPS_PROXY is not usable/)
    expect(startupProxyProblem({ ...env, NO_PROXY: 'api.github.com' })).toBeUndefined()
    expect(startupProxyProblem({ ...env, GITHUB_API_URL: 'http://127.0.0.1:3000' })).toBeUndefined()
    expect(startupProxyProblem({ HTTPS_PROXY: 'http://proxy.example:3128' })).toBeUndefined()
    expect(startupProxyProblem({})).toBeUndefined()
  })
})
