/**
 * The fetch the pull-request comment uses: undici's, through the runner's
 * proxy when one applies, with a cap on the connections it may open. Left to
 * itself, undici reconnects at once and without end when a connection is
 * closed before the request is sent (a proxy that drops each CONNECT), which
 * floods the proxy with tens of thousands of connections until the comment's
 * time limit. A courtesy must not do that: after a few connections the
 * request fails and the comment becomes a warning.
 */
import {
  Agent,
  buildConnector,
  fetch as undiciFetch,
  Pool,
  ProxyAgent,
  type Dispatcher
} from 'undici'
import { proxyUrlFor } from '../cloud/proxy.js'
import type { GitHubConnection } from '../sinks/comment-post.js'

/** Connections the comment may open in all (it needs one or two). */
export const MAX_COMMENT_CONNECTIONS = 6

type Connector = buildConnector.connector

/** `connect`, refusing once `limit` connections have been opened through it. */
function limited(connect: Connector, counter: { opened: number }, limit: number): Connector {
  return (options, callback) => {
    counter.opened += 1
    if (counter.opened > limit) {
      callback(new Error(`gave up after ${limit} connections were closed before an answer`), null)
      return
    }
    connect(options, callback)
  }
}

/** A dispatcher for `baseUrl` (direct or through the proxy) that opens at most `limit` connections. */
export function commentDispatcher(baseUrl: string, limit = MAX_COMMENT_CONNECTIONS): Dispatcher {
  const counter = { opened: 0 }
  const proxy = proxyUrlFor(baseUrl)
  if (!proxy) return new Agent({ connect: limited(buildConnector({}), counter, limit) })
  const url = new URL(proxy.href)
  const token =
    url.username || url.password
      ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
      : undefined
  url.username = ''
  url.password = ''
  return new ProxyAgent({
    uri: url.href,
    ...(token ? { token } : {}),
    clientFactory: (origin, options) => {
      const connect = (options as { connect: Connector }).connect
      return new Pool(origin, { ...options, connect: limited(connect, counter, limit) })
    }
  })
}

/** A fetch for Octokit's `request.fetch` over `dispatcher`. */
export function fetchWith(dispatcher: Dispatcher): typeof globalThis.fetch {
  return ((input: string | URL, init?: Record<string, unknown>) =>
    undiciFetch(input, { ...init, dispatcher })) as unknown as typeof globalThis.fetch
}

/** The connection the comment uses for `baseUrl`: a capped dispatcher and a fetch over it. */
export function commentConnection(baseUrl: string): GitHubConnection {
  const dispatcher = commentDispatcher(baseUrl)
  return { fetch: fetchWith(dispatcher), close: () => dispatcher.destroy() }
}
