/**
 * The one way a TCSS call is made: through the run's requester (rate limit,
 * retries, deadline), its reply checked for shape before anything reads it,
 * one debug line for what it said, and "out of time" said as what the gate
 * was reading. Every source of tcss/ calls through here.
 */
import { Inputs } from '../../constants.js'
import { OutOfTimeError } from '../../errors.js'
import type { Clock, Logger } from '../../clock.js'
import type { ApiRequester } from '../../cloud/requester.js'
import type { TcssApi } from './client.js'
import { readReply, type Reply } from './response.js'

/** What a call needs besides the call itself: the run's requester and log. */
export interface CallContext {
  /** Sends every request: rate limit, retries, deadline (start + wait-timeout), request count. */
  requester: ApiRequester
  log: Logger
}

/** What every reader of tcss/ is given: the API, the run's requester, clock and pace. */
export interface TcssContext extends CallContext {
  api: TcssApi
  clock: Clock
  pollIntervalMs: number
  /** Parallel page readers per list; the limiter still caps the rate. */
  concurrency: number
}

export interface TcssCall<T> {
  /** The API action, e.g. "DescribeAssetImageDetail". */
  action: string
  /** What the request is about, after the action in retry messages: "for Id 7", "at offset 100". */
  about?: string
  /** Sends the request once; gets the time this attempt may take. */
  send: (timeoutMs: number) => Promise<unknown>
  /**
   * Reads the raw reply (throws TransientError for a shape it cannot trust);
   * by default the reply as a checked object (`readReply`).
   */
  parse?: (raw: unknown) => T
  /** The debug line for what the reply said, when there is one to write. */
  debug?: (value: T) => string
  /** What the gate was reading, for the out-of-time error: "the details of image …". */
  reading: string
}

/** A call whose reply is read by `call.parse`. */
export function callTcss<T>(
  context: CallContext,
  call: TcssCall<T> & { parse: (raw: unknown) => T }
): Promise<T>
/** A call whose reply is read as a checked object. */
export function callTcss(context: CallContext, call: TcssCall<Reply>): Promise<Reply>
export function callTcss<T>(context: CallContext, call: TcssCall<T>): Promise<T> {
  const parse = call.parse ?? ((raw: unknown) => readReply(call.action, raw) as T)
  return context.requester.request({
    label: call.about ? `${call.action} ${call.about}` : call.action,
    send: call.send,
    parse: (raw) => {
      const value = parse(raw)
      if (call.debug) context.log.debug(call.debug(value))
      return value
    },
    outOfTime: outOfTimeReading(call.reading)
  })
}

/** The error for a request that would start after the deadline, naming what was being read. */
export function outOfTimeReading(what: string): (detail?: string) => OutOfTimeError {
  return (detail) =>
    new OutOfTimeError(
      (say) =>
        `Ran out of time (${say.plain(Inputs.WaitTimeout)}) reading ${what}${detail ? `: ${detail}` : ''}.`
    )
}
