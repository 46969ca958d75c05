/**
 * Recorded runs (`record-file`, `--record FILE`): every HTTP exchange of the
 * Tencent Cloud clients (TCSS and STS), as the gate's own transport sees it
 * — action, parameters, status, body, timing, and the faults as they came
 * (a 5xx, a reset, a body that is not JSON, a request given up) — written
 * as JSON lines at the end of the run, also when it fails or is stopped.
 *
 * The transport hands each request to the active recording
 * (recording-session.ts). Nothing of a request's headers is
 * kept but its action, version and region: no Authorization (the
 * signature), no X-TC-Token. Secrets are taken out when the file is
 * written, once every secret of the run is known (recording-redaction.ts).
 */
import type * as http from 'node:http'
import * as zlib from 'node:zlib'
import type { Clock } from '../clock.js'
import { redactRecorded } from './recording-redaction.js'

/** The recording's format, in its header line; the emulator's replay reads this one. */
export const RECORDING_FORMAT = 1

/** One exchange, as written (one line of the file). */
export interface RecordedExchange {
  type: 'exchange'
  /** 1, 2, …: the order in which the requests were sent. */
  seq: number
  /** X-TC-Action. */
  action: string
  /** The endpoint (host and port). */
  host: string
  version?: string
  region?: string
  /** The request's JSON body; paramsText when it is not JSON. */
  params?: unknown
  paramsText?: string
  /** Milliseconds from the start of the recording to the request's start. */
  startMs: number
  /** Milliseconds from the request's start to its end (the last byte, or the failure). */
  durationMs: number
  /**
   * What came of it: ok, error:CODE (Response.Error), error-without-code,
   * http:STATUS, redirect, bad-json, no-response-object, bad-encoding,
   * body-broke-off, reset, refused, network-error, timeout (the client gave
   * up), unfinished (still running when the recording was written).
   */
  outcome: string
  /** Absent when no answer came. */
  status?: number
  statusText?: string
  contentType?: string
  contentEncoding?: string
  /** Where a redirect pointed: the host alone, never its path or query. */
  location?: string
  /** The body, parsed, when it is JSON; else bodyText (decoded when it was compressed). */
  body?: unknown
  bodyText?: string
  /** The transport's failure, when there was one. */
  error?: { code?: string; message: string }
}

type Mutable = Omit<RecordedExchange, 'outcome' | 'durationMs'> & {
  outcome?: string
  durationMs?: number
}

export class Recording {
  private readonly exchanges: Mutable[] = []
  private readonly origin: number
  /** 'saving' once its writing has begun, 'saved' once it is written. */
  state: 'recording' | 'saving' | 'saved' = 'recording'

  constructor(
    /** Real path of the file to write. */
    readonly file: string,
    private readonly clock: Clock,
    /** Fields of the header line besides type and format (the tool, its version, the date). */
    private readonly about: Record<string, string> = {}
  ) {
    this.origin = clock.now()
  }

  get size(): number {
    return this.exchanges.length
  }

  /** Follows one request of the SDK's fetch to its end. Call before the request is sent. */
  observe(req: http.ClientRequest): void {
    const startedAt = this.clock.now()
    const header = (name: string): string | undefined => {
      const value = req.getHeader(name)
      return value === undefined ? undefined : String(value)
    }
    const exchange: Mutable = {
      type: 'exchange',
      seq: this.exchanges.length + 1,
      action: header('x-tc-action') ?? '',
      host: header('host') ?? req.host,
      ...optional('version', header('x-tc-version')),
      ...optional('region', header('x-tc-region')),
      startMs: round(startedAt - this.origin)
    }
    this.exchanges.push(exchange)
    const sent: Buffer[] = []
    const received: Buffer[] = []
    captureBody(req, sent)
    let answered = false
    /**
     * What ended the exchange early, whichever came first: the client giving
     * up (its abort) or the connection. node-fetch aborts after any failure
     * too, so only an abort that comes first means the client gave up.
     */
    let cause: 'client' | 'connection' | undefined
    const failed = (): void => void (cause ??= 'connection')
    const finish = (outcome: (body: Buffer) => string, error?: unknown): void => {
      if (exchange.outcome !== undefined) return
      exchange.durationMs = round(this.clock.now() - startedAt)
      Object.assign(exchange, paramsOf(Buffer.concat(sent)))
      if (error !== undefined) exchange.error = transportError(error)
      exchange.outcome = outcome(Buffer.concat(received))
    }
    req.once('abort', () => void (cause ??= 'client'))
    req.prependListener('response', (res: http.IncomingMessage) => {
      answered = true
      const status = res.statusCode ?? 0
      exchange.status = status
      if (res.statusMessage) exchange.statusText = res.statusMessage
      Object.assign(
        exchange,
        optional('contentType', res.headers['content-type']),
        optional('contentEncoding', res.headers['content-encoding'])
      )
      if (status >= 300 && status < 400) exchange.location = locationHost(res.headers.location)
      res.on('data', (chunk: Buffer) => received.push(chunk))
      res.once('aborted', failed)
      res.once('error', failed)
      res.once('end', () => finish((body) => this.readAnswer(exchange, body)))
      res.once('close', () => {
        if (!res.complete)
          finish((body) => {
            exchange.bodyText = body.toString('utf8')
            return cause === 'client' ? 'timeout' : 'body-broke-off'
          })
      })
    })
    req.once('error', (error) => {
      if (isAbort(error)) cause ??= 'client'
      failed()
      if (!answered) finish(() => (cause === 'client' ? 'timeout' : failureOf(error)), error)
    })
    req.once('close', () => {
      if (!answered) finish(() => (cause === 'client' ? 'timeout' : 'network-error'))
    })
  }

  /** Sorts a complete answer: its body decoded and parsed, its outcome named. */
  private readAnswer(exchange: Mutable, raw: Buffer): string {
    let body = raw
    const encoding = exchange.contentEncoding?.trim().toLowerCase()
    if (encoding && encoding !== 'identity' && raw.length > 0) {
      try {
        body = decode(encoding, raw)
      } catch {
        exchange.bodyText = raw.toString('utf8')
        return 'bad-encoding'
      }
    }
    const text = body.toString('utf8')
    const status = exchange.status ?? 0
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      exchange.bodyText = text
      if (status >= 300 && status < 400) return 'redirect'
      return status === 200 ? 'bad-json' : `http:${status}`
    }
    exchange.body = parsed
    if (status >= 300 && status < 400) return 'redirect'
    if (status !== 200) return `http:${status}`
    const response = (parsed as { Response?: unknown } | null)?.Response
    if (typeof response !== 'object' || response === null) return 'no-response-object'
    const error = (response as { Error?: unknown }).Error
    if (error === undefined) return 'ok'
    const code = (error as { Code?: unknown } | null)?.Code
    return typeof code === 'string' && code !== '' ? `error:${code}` : 'error-without-code'
  }

  /** The whole recording as JSON lines: the header, then one line per exchange, every secret taken out. */
  text(): string {
    const now = this.clock.now()
    const lines = [{ type: 'recording', format: RECORDING_FORMAT, ...this.about }]
    for (const exchange of this.exchanges) {
      const line: Mutable = { ...exchange }
      if (line.outcome === undefined) {
        line.outcome = 'unfinished'
        line.durationMs = round(now - this.origin - line.startMs)
      }
      lines.push(redactRecorded(ordered(line)) as (typeof lines)[number])
    }
    return lines.map((line) => JSON.stringify(line)).join('\n') + '\n'
  }
}

/** The order of the fields in a line, so that lines read alike. */
const FIELD_ORDER: ReadonlyArray<keyof RecordedExchange> = [
  'type',
  'seq',
  'action',
  'host',
  'version',
  'region',
  'params',
  'paramsText',
  'startMs',
  'durationMs',
  'outcome',
  'status',
  'statusText',
  'contentType',
  'contentEncoding',
  'location',
  'body',
  'bodyText',
  'error'
]

function ordered(exchange: Mutable): Record<string, unknown> {
  const line: Record<string, unknown> = {}
  for (const field of FIELD_ORDER) {
    if (exchange[field] !== undefined) line[field] = exchange[field]
  }
  return line
}

function optional<K extends string>(
  key: K,
  value: string | string[] | undefined
): Partial<Record<K, string>> {
  if (value === undefined) return {}
  return { [key]: Array.isArray(value) ? value.join(', ') : value } as Partial<Record<K, string>>
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10
}

/** Copies what `req` writes of its body into `chunks` (the SDK writes it whole, once). */
function captureBody(req: http.ClientRequest, chunks: Buffer[]): void {
  const keep = (chunk: unknown, encoding?: unknown): void => {
    if (typeof chunk === 'string')
      chunks.push(
        Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
      )
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk))
  }
  type Writer = (chunk?: unknown, encoding?: unknown, callback?: unknown) => unknown
  const target = req as unknown as { write: Writer; end: Writer }
  const write = target.write.bind(req)
  const end = target.end.bind(req)
  target.write = (chunk, encoding, callback) => {
    keep(chunk, encoding)
    return write(chunk, encoding, callback)
  }
  target.end = (chunk, encoding, callback) => {
    if (typeof chunk !== 'function') keep(chunk, encoding)
    return end(chunk, encoding, callback)
  }
}

function paramsOf(body: Buffer): { params: unknown } | { paramsText: string } | object {
  if (body.length === 0) return {}
  const text = body.toString('utf8')
  try {
    return { params: JSON.parse(text) as unknown }
  } catch {
    return { paramsText: text }
  }
}

function decode(encoding: string, raw: Buffer): Buffer {
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.gunzipSync(raw)
  if (encoding === 'deflate') return zlib.inflateSync(raw)
  if (encoding === 'br') return zlib.brotliDecompressSync(raw)
  throw new Error(`unknown content encoding ${encoding}`)
}

function locationHost(location: string | undefined): string | undefined {
  if (!location) return undefined
  try {
    return new URL(location, 'http://location.invalid').host || undefined
  } catch {
    return undefined
  }
}

function isAbort(error: unknown): boolean {
  return (error as { name?: unknown }).name === 'AbortError'
}

function failureOf(error: unknown): string {
  const code = (error as { code?: unknown }).code
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset'
  if (code === 'ECONNREFUSED') return 'refused'
  return 'network-error'
}

function transportError(error: unknown): { code?: string; message: string } {
  const { code, message } = error as { code?: unknown; message?: unknown }
  return {
    ...(typeof code === 'string' ? { code } : {}),
    message: typeof message === 'string' ? message : String(error)
  }
}
