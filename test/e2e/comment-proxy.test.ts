/**
 * End-to-end: the pull-request comment behind a proxy that drops every
 * connection. The comment is a courtesy: it must fail with a warning after a
 * handful of connection attempts, not hammer the proxy until its time-out, and
 * never change the verdict.
 */
import * as net from 'node:net'
import { afterEach, expect, it } from '@jest/globals'
import { emulatorPerTest, finding, runGate } from '../helpers/gate.js'

const start = emulatorPerTest()
const TOKEN = 'ghs_e2eProxyToken000000000000000000000'

let proxy: { close(): Promise<void> } | undefined
afterEach(async () => {
  await proxy?.close()
  proxy = undefined
})

type Behaviour = 'at-once' | 'after-request' | 'after-tunnel'

/**
 * A proxy that closes every connection: at once, once it has read the
 * CONNECT, or after answering it (a tunnel that dies). Counts connections.
 */
async function startClosingProxy(
  behaviour: Behaviour
): Promise<{ url: string; connections: () => number }> {
  let connections = 0
  const server = net.createServer((socket) => {
    connections += 1
    socket.on('error', () => undefined)
    if (behaviour === 'at-once') socket.destroy()
    else
      socket.once('data', () => {
        if (behaviour === 'after-tunnel') socket.end('HTTP/1.1 200 Connection established\r\n\r\n')
        else socket.destroy()
      })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  proxy = { close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
  return { url: `http://127.0.0.1:${port}`, connections: () => connections }
}

it.each(['at-once', 'after-request', 'after-tunnel'] as const)(
  'gives up on the comment after a few connections through a proxy that closes them (%s)',
  async (behaviour) => {
    const closing = await startClosingProxy(behaviour)
    const emu = await start({ images: { 'sha256:app': { findings: [finding(1)] } } })
    const repo = { full_name: 'octo-org/octo-service', fork: false }
    const result = await runGate(emu, {
      inputs: { 'image-id': 'sha256:app', comment: 'true' },
      githubToken: TOKEN,
      event: {
        name: 'pull_request',
        payload: {
          number: 7,
          pull_request: { number: 7, head: { sha: 'a'.repeat(40), repo }, base: { repo } }
        }
      },
      // The API is on loopback (never proxied); GitHub is reached through the proxy.
      env: { HTTPS_PROXY: closing.url, GITHUB_API_URL: 'https://api.github.com' },
      secrets: [TOKEN],
      timeoutMs: 45_000
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.verdict).toBe('pass')
    expect(result.commands.some((c) => c.command === 'warning' && /comment/i.test(c.message))).toBe(
      true
    )
    expect(closing.connections()).toBeGreaterThan(0)
    expect(closing.connections()).toBeLessThanOrEqual(10)
  }
)
