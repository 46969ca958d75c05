/**
 * A forward proxy for the proxy tests: a real HTTP server on 127.0.0.1 that
 * answers `CONNECT host:port` by opening a tunnel to 127.0.0.1:port — whatever
 * host was named. It never resolves or dials the named host, so a test can
 * send the gate to `tcss.tencentcloudapi.com:PORT` and have the tunnel end at
 * a local emulator. Every CONNECT target is recorded; plain proxy requests
 * (`GET http://…`) are recorded too and refused.
 */
import * as http from 'node:http'
import * as net from 'node:net'

export interface ConnectProxy {
  /** 'http://127.0.0.1:PORT', the value for HTTPS_PROXY. */
  url: string
  port: number
  /** Every CONNECT target as the client sent it ('host:port'), in order of arrival. */
  readonly connects: string[]
  /** Every plain (non-CONNECT) proxy request, as 'METHOD target'. */
  readonly plainRequests: string[]
  /** The Proxy-Authorization header of every CONNECT ('' when absent), in order of arrival. */
  readonly proxyAuthorizations: string[]
  /** Stops the server and drops every tunnel. */
  close(): Promise<void>
}

/** host:port, with the host a name, an IPv4 address or a bracketed IPv6 address. */
const CONNECT_TARGET = /^(\[[0-9a-f:.]+\]|[^\s:[\]]+):(\d{1,5})$/i

export interface ConnectProxyOptions {
  /** Accept every CONNECT and never answer it (a proxy that hangs). */
  silent?: boolean
  /** Answer every CONNECT with this HTTP status (e.g. 403: a proxy that refuses the tunnel). */
  refuse?: number
}

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const connects: string[] = []
  const proxyAuthorizations: string[] = []
  const plainRequests: string[] = []
  const sockets = new Set<net.Socket>()
  const track = (socket: net.Socket): void => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  }

  const server = http.createServer((req, res) => {
    plainRequests.push(`${req.method ?? '?'} ${req.url ?? ''}`)
    res.writeHead(501, { 'Content-Type': 'text/plain', Connection: 'close' })
    res.end('This test proxy only tunnels (CONNECT).\n')
  })
  server.on('connection', track)
  server.on('clientError', (_error, socket) => socket.destroy())
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? ''
    connects.push(target)
    proxyAuthorizations.push(req.headers['proxy-authorization'] ?? '')
    if (options.silent) return
    if (options.refuse !== undefined) {
      client.end(`HTTP/1.1 ${options.refuse} Refused\r\nConnection: close\r\n\r\n`)
      return
    }
    const match = CONNECT_TARGET.exec(target)
    const port = match ? Number(match[2]) : 0
    if (!match || port < 1 || port > 65535) {
      client.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
      return
    }
    const upstream = net.connect({ host: '127.0.0.1', port })
    track(upstream)
    let tunnelled = false
    upstream.once('connect', () => {
      tunnelled = true
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => {
      if (tunnelled) client.destroy()
      else client.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n')
    })
    client.on('error', () => upstream.destroy())
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('connect proxy: no TCP address')

  let closing: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    connects,
    plainRequests,
    proxyAuthorizations,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
      return closing
    }
  }
}
