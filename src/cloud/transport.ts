/**
 * The connections the SDK's fetch (node-fetch 2) uses, owned by the gate.
 *
 * The SDK builds node-fetch's options itself and never passes `redirect`, so
 * node-fetch would follow a 3xx — and send Authorization (to another port of
 * the same host) and X-TC-Token (anywhere) along. Given a proxy instead of an
 * agent, it creates an https-proxy-agent per request, whose debug log prints
 * the proxy's user:password and whose sockets nobody can close. So the gate
 * always passes its own agent, which:
 *
 * - refuses redirects: the Location header is taken off a 3xx before
 *   node-fetch sees it, and its host goes into the status text, so the SDK
 *   throws an HTTP 3xx error that names it (see REDIRECT_NOT_FOLLOWED);
 * - turns a connection that breaks off mid-body into an error of the body
 *   (node-fetch 2 would otherwise wait for it forever);
 * - tunnels through the proxy with CONNECT itself, with unreferenced sockets
 *   (the caller's own timer keeps the process alive while a request runs);
 * - closes everything on close().
 */
import * as http from 'node:http'
import * as https from 'node:https'
import type * as net from 'node:net'
import * as tls from 'node:tls'
import type { Endpoint } from '../connection.js'
import { proxyAuthorization } from './proxy.js'
import { activeRecording } from './recording-session.js'

/** Written into the status text of a refused redirect, before the Location's host. */
export const REDIRECT_NOT_FOLLOWED = 'redirect not followed, Location host:'
/** The code of the error a body gets when its connection breaks off. */
export const BODY_BROKE_OFF = 'ERR_TCSS_GATE_BODY_BROKE_OFF'
/** A CONNECT that gets no answer in this long is given up (it never outlives close() either). */
const CONNECT_TIMEOUT_MS = 30_000

export interface Transport {
  agent: http.Agent
  /** Destroys every socket, pooled, in use or still tunnelling. */
  close(): void
}

/** An agent for `endpoint`, tunnelling through `proxy` when given. */
export function createTransport(endpoint: Endpoint, proxy?: URL): Transport {
  const tunnels = new Set<http.ClientRequest>()
  const base = `${endpoint.protocol}${endpoint.host}/`
  const agent = proxy
    ? tunnellingAgent(endpoint, proxy, tunnels, base)
    : guardedAgent(endpoint.protocol === 'http://' ? http.Agent : https.Agent, base)
  return {
    agent,
    close() {
      for (const tunnel of tunnels) tunnel.destroy()
      tunnels.clear()
      agent.destroy()
    }
  }
}

type AgentClass = typeof http.Agent | typeof https.Agent
interface AddRequest {
  addRequest(req: http.ClientRequest, options: unknown): void
}

function guardedAgent(Base: AgentClass, base: string): http.Agent {
  const agent = new Base({ keepAlive: true })
  guard(agent, base)
  return agent
}

/** Hooks every request of `agent` before node-fetch sees its response. */
function guard(agent: http.Agent, base: string): void {
  const target = agent as unknown as AddRequest
  const addRequest = target.addRequest.bind(agent)
  target.addRequest = (req, options) => {
    req.prependListener('response', (res: http.IncomingMessage) => {
      const status = res.statusCode ?? 0
      if (status >= 300 && status < 400) {
        const location = res.headers.location
        delete res.headers.location
        res.statusMessage = `${res.statusMessage ?? ''} (${REDIRECT_NOT_FOLLOWED} ${locationHost(location, base)})`
      }
      res.on('error', () => {
        const error = Object.assign(
          new Error('the connection broke off while the response body was read'),
          { code: BODY_BROKE_OFF }
        )
        req.emit('error', error)
      })
    })
    // After the guard's listener is in place, so the recording sees the response first, as sent.
    activeRecording()?.observe(req)
    addRequest(req, options)
  }
}

/** The host (and port) a Location points to; never its path or query. */
function locationHost(location: string | undefined, base: string): string {
  if (!location) return '(none)'
  try {
    return new URL(location, base).host || '(none)'
  } catch {
    return '(unreadable)'
  }
}

function tunnellingAgent(
  endpoint: Endpoint,
  proxy: URL,
  tunnels: Set<http.ClientRequest>,
  base: string
): http.Agent {
  const Base: AgentClass = endpoint.protocol === 'http://' ? http.Agent : https.Agent
  const proxyName = proxy.host
  const authorization = proxyAuthorization(proxy)
  const secure = endpoint.protocol === 'https://'
  const agent = new Base({ keepAlive: true })
  const createConnection = (
    options: tls.ConnectionOptions & { host?: string; port?: number | string },
    callback: (error: Error | null, socket?: net.Socket) => void
  ): undefined => {
    const host = options.host ?? endpoint.hostname
    const port = Number(options.port ?? (secure ? 443 : 80))
    const target = `${host.includes(':') ? `[${host}]` : host}:${port}`
    const send = proxy.protocol === 'https:' ? https.request : http.request
    const connect = send({
      host: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: target,
      agent: false,
      headers: { Host: target, ...(authorization ? { 'Proxy-Authorization': authorization } : {}) }
    })
    tunnels.add(connect)
    let done = false
    const finish = (error: Error | null, socket?: net.Socket): void => {
      tunnels.delete(connect)
      if (done) {
        socket?.destroy()
        return
      }
      done = true
      callback(error, socket)
    }
    connect.on('socket', (socket: net.Socket) => socket.unref())
    connect.setTimeout(CONNECT_TIMEOUT_MS, () =>
      connect.destroy(new Error(`the proxy ${proxyName} did not answer within 30 s`))
    )
    connect.once('connect', (res: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      connect.setTimeout(0)
      if (res.statusCode !== 200) {
        socket.destroy()
        finish(
          new Error(
            `the proxy ${proxyName} refused the tunnel to ${target}: HTTP ${res.statusCode}`
          )
        )
        return
      }
      if (head.length > 0) socket.unshift(head)
      if (!secure) {
        finish(null, socket)
        return
      }
      const secured = tls.connect({ ...options, socket, servername: options.servername ?? host })
      finish(null, secured)
    })
    connect.once('error', (error: Error) =>
      finish(new Error(`could not tunnel through the proxy ${proxyName}: ${error.message}`))
    )
    connect.once('close', () =>
      finish(new Error(`the proxy ${proxyName} closed the connection before the tunnel was open`))
    )
    connect.end()
    return undefined
  }
  ;(agent as unknown as { createConnection: typeof createConnection }).createConnection =
    createConnection
  guard(agent, base)
  return agent
}
