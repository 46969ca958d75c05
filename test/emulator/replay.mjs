/**
 * Replays a recorded run (the JSON lines `record-file` / `--record` writes):
 * an HTTP server on 127.0.0.1 that answers each request with the recorded
 * answer for the same action and parameters, in order — the n-th request
 * with action A and parameters P gets the n-th answer recorded for A and P,
 * whatever came in between for other actions or parameters. Faults are
 * served as they were recorded: an HTTP status and its body, a body that is
 * not JSON, a reset, a body that broke off, a request that got no answer in
 * time (held until the client gives up).
 *
 * The recording holds no signature, so none is checked: a request only has
 * to carry an Authorization header. A parameter the recording shows as
 * `***` (a secret taken out) matches any value there. A request the
 * recording does not hold is answered with the API error
 * FailedOperation.NotInRecording, which names its action and parameters.
 */

import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'

/** The format of recording this replays (the header's `format`). */
export const RECORDING_FORMAT = 1
/** The error code of an answer to a request the recording does not hold. */
export const NOT_IN_RECORDING = 'FailedOperation.NotInRecording'
/** What a secret was replaced with in the recording. */
const REDACTED = '***'
const MAX_BODY_BYTES = 1024 * 1024

/**
 * Parses a recording: its header, then one exchange per line.
 *
 * @param {string} text
 * @returns {import('./replay.d.mts').Recording}
 */
export function parseRecording(text) {
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  if (lines.length === 0) throw new TypeError('the recording is empty (no header line)')
  /** @type {unknown[]} */
  const parsed = lines.map((line, index) => {
    try {
      return JSON.parse(line)
    } catch (error) {
      throw new TypeError(
        `line ${index + 1} of the recording is not JSON: ${error instanceof Error ? error.message : String(error)}`
      )
    }
  })
  const header = /** @type {Record<string, unknown>} */ (parsed[0])
  if (!header || header.type !== 'recording') {
    throw new TypeError('line 1 of the recording is not its header ({"type":"recording",…})')
  }
  if (header.format !== RECORDING_FORMAT) {
    throw new TypeError(
      `the recording has format ${JSON.stringify(header.format)}; this replays format ${RECORDING_FORMAT}`
    )
  }
  const exchanges = parsed.slice(1).map((value, index) => {
    const exchange = /** @type {Record<string, unknown>} */ (value)
    if (
      !exchange ||
      exchange.type !== 'exchange' ||
      typeof exchange.action !== 'string' ||
      typeof exchange.outcome !== 'string'
    ) {
      throw new TypeError(
        `line ${index + 2} of the recording is not an exchange (type, action and outcome)`
      )
    }
    return /** @type {import('./replay.d.mts').RecordedExchange} */ (exchange)
  })
  return { header, exchanges }
}

/**
 * A value with the keys of every object sorted, as one string: equal
 * parameters give equal keys whatever order their fields were sent in.
 *
 * @param {unknown} value
 * @returns {string}
 */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`)
    return `{${entries.join(',')}}`
  }
  return JSON.stringify(value) ?? 'undefined'
}

/**
 * Whether `actual` matches `recorded`, where `***` in a recorded string
 * stands for any run of characters (a secret taken out).
 *
 * @param {unknown} recorded
 * @param {unknown} actual
 * @returns {boolean}
 */
function matches(recorded, actual) {
  if (typeof recorded === 'string' && recorded.includes(REDACTED)) {
    if (typeof actual !== 'string') return false
    const pattern = recorded
      .split(REDACTED)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[\\s\\S]*')
    return new RegExp(`^${pattern}$`).test(actual)
  }
  if (Array.isArray(recorded)) {
    return (
      Array.isArray(actual) &&
      actual.length === recorded.length &&
      recorded.every((item, index) => matches(item, actual[index]))
    )
  }
  if (recorded && typeof recorded === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return false
    const keys = Object.keys(recorded)
    return (
      keys.length === Object.keys(actual).length &&
      keys.every(
        (key) =>
          Object.hasOwn(actual, key) &&
          matches(
            /** @type {Record<string, unknown>} */ (recorded)[key],
            /** @type {Record<string, unknown>} */ (actual)[key]
          )
      )
    )
  }
  return recorded === actual
}

/**
 * The recorded answers, by action and parameters, each list in the order recorded.
 *
 * @param {readonly import('./replay.d.mts').RecordedExchange[]} exchanges
 */
function groupExchanges(exchanges) {
  /** @type {Map<string, { action: string, params: unknown, key: string, answers: import('./replay.d.mts').RecordedExchange[], served: number }>} */
  const groups = new Map()
  for (const exchange of exchanges) {
    const params = exchange.params ?? exchange.paramsText ?? null
    const key = `${exchange.action} ${canonical(params)}`
    let group = groups.get(key)
    if (!group) {
      group = { action: exchange.action, params, key, answers: [], served: 0 }
      groups.set(key, group)
    }
    group.answers.push(exchange)
  }
  return {
    /**
     * The group a request belongs to: the one with exactly its parameters,
     * else the first whose `***` parameters match them.
     *
     * @param {string} action
     * @param {unknown} params
     */
    find(action, params) {
      const exact = groups.get(`${action} ${canonical(params)}`)
      if (exact) return exact
      for (const group of groups.values()) {
        if (group.action === action && matches(group.params, params)) return group
      }
      return undefined
    }
  }
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = []
    let size = 0
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
    req.on('aborted', () => reject(new Error('request aborted')))
  })
}

/** @param {import('node:http').IncomingMessage} req */
function destroySocket(req) {
  const socket = req.socket
  if (socket.destroyed) return
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy()
  else socket.destroy()
}

/**
 * The recorded body as it was sent.
 *
 * @param {import('./replay.d.mts').RecordedExchange} exchange
 * @returns {string}
 */
function bodyOf(exchange) {
  if (typeof exchange.bodyText === 'string') return exchange.bodyText
  if (exchange.body !== undefined) return JSON.stringify(exchange.body)
  return ''
}

/**
 * Starts a replaying server on 127.0.0.1 (by default on an ephemeral port).
 *
 * @param {import('./replay.d.mts').ReplayOptions} options
 * @returns {Promise<import('./replay.d.mts').Replay>}
 */
export async function startReplay(options) {
  const recording =
    typeof options.recording === 'string' ? parseRecording(options.recording) : options.recording
  const groups = groupExchanges(recording.exchanges)
  const host = options.host ?? '127.0.0.1'
  /** @type {import('./replay.d.mts').ServedRequest[]} */
  const served = []
  /** @type {import('./replay.d.mts').ServedRequest[]} */
  const unmatched = []
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set()
  /** Requests held open (an exchange the client gave up on), ended by close(). */
  /** @type {Set<() => void>} */
  const held = new Set()
  let closed = false

  /**
   * @param {import('./replay.d.mts').ServedRequest} request
   */
  const report = (request) => {
    served.push(request)
    if (request.outcome === 'not-in-recording') unmatched.push(request)
    try {
      options.onRequest?.(request)
    } catch {
      // A logging hook must never break the server.
    }
  }

  /**
   * Holds the request until the client goes away or the server closes.
   *
   * @param {import('node:http').ServerResponse} res
   * @returns {Promise<void>}
   */
  const hold = (res) =>
    new Promise((resolve) => {
      if (closed || res.destroyed) return resolve()
      const release = () => {
        held.delete(release)
        resolve()
      }
      held.add(release)
      res.on('close', release)
    })

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    let body
    try {
      body = await readBody(req)
    } catch {
      return
    }
    const actionHeader = req.headers['x-tc-action']
    const action = typeof actionHeader === 'string' ? actionHeader : ''
    const text = body.toString('utf8')
    /** @type {unknown} */
    let params = text
    try {
      params = JSON.parse(text)
    } catch {
      // Matched as the text it is (recorded as paramsText).
    }
    const requestId = randomUUID()
    /** @param {string} code @param {string} message */
    const apiError = (code, message) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(
        JSON.stringify({
          Response: { Error: { Code: code, Message: message }, RequestId: requestId }
        })
      )
    }
    if (!req.headers.authorization) {
      report({ action, params, outcome: 'unsigned' })
      apiError('AuthFailure.InvalidAuthorization', 'The Authorization header is missing.')
      return
    }
    const group = groups.find(action, params)
    const exchange = group?.answers[group.served]
    if (!group || !exchange) {
      const had = group ? group.answers.length : 0
      report({ action, params, outcome: 'not-in-recording' })
      apiError(
        NOT_IN_RECORDING,
        `${action || '(no X-TC-Action)'} with parameters ${JSON.stringify(params)} is not in the recording` +
          (had > 0
            ? ` (it holds ${had} answer${had === 1 ? '' : 's'} for them, all served).`
            : ' (no request with this action and these parameters was recorded).')
      )
      return
    }
    group.served += 1
    report({ action, params, outcome: exchange.outcome, seq: exchange.seq })

    if (exchange.status === undefined) {
      // No answer was recorded: the connection failed, or the client gave up first.
      if (exchange.outcome === 'timeout') await hold(res)
      destroySocket(req)
      return
    }
    const payload = bodyOf(exchange)
    /** @type {Record<string, string | number>} */
    const headers = { 'Content-Type': exchange.contentType ?? 'application/json' }
    if (exchange.outcome === 'bad-encoding' && exchange.contentEncoding) {
      headers['Content-Encoding'] = exchange.contentEncoding
    }
    if (exchange.location) headers.Location = `http://${exchange.location}/`
    const cut = exchange.outcome === 'body-broke-off' || exchange.outcome === 'timeout'
    // A body that broke off claims more than it sends.
    headers['Content-Length'] = Buffer.byteLength(payload) + (cut ? 1 : 0)
    res.writeHead(exchange.status, exchange.statusText ?? undefined, headers)
    if (!cut) {
      res.end(payload)
      return
    }
    res.write(payload)
    if (exchange.outcome === 'timeout') await hold(res)
    destroySocket(req)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'Content-Type': 'text/plain' })
        res.end(`replay failure: ${String(error)}\n`)
      }
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('clientError', (_error, socket) => socket.destroy())
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve(undefined)
    })
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('replay: no TCP address')
  const urlHost = host.includes(':') ? `[${host}]` : host
  /** @type {Promise<void> | null} */
  let closing = null
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    recording,
    served,
    unmatched,
    close() {
      if (closing) return closing
      closed = true
      for (const release of held) release()
      held.clear()
      closing = new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
        for (const socket of sockets) socket.destroy()
      })
      return closing
    }
  }
}
