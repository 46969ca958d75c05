/**
 * A plain HTTP server on 127.0.0.1 that records what it receives and answers
 * every request with a clean, plausible TCSS answer: the place a hostile
 * redirect points to, to see what a client would hand over.
 */
import * as http from 'node:http'
import type * as net from 'node:net'

export interface RecordedRequest {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
}

export interface RecordingServer {
  /** 'http://127.0.0.1:PORT/' */
  url: string
  port: number
  /** Every request received, in order of arrival. */
  readonly requests: RecordedRequest[]
  close(): Promise<void>
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordedRequest[] = []
  const sockets = new Set<net.Socket>()
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    req.resume()
    const body = JSON.stringify({
      Response: { VirusScanStatus: 2, TotalCount: 0, List: [], RequestId: 'recorder' }
    })
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length })
    res.end(body)
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('recording server: no address')
  let closing: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${address.port}/`,
    port: address.port,
    requests,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
      return closing
    }
  }
}
