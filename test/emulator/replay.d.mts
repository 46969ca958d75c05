/** Types for replay.mjs, the server that answers from a recorded run. */

/** The format of recording replay.mjs reads. */
export declare const RECORDING_FORMAT: 1
/** The error code of an answer to a request the recording does not hold. */
export declare const NOT_IN_RECORDING: 'FailedOperation.NotInRecording'

/** One line of a recording after its header: one HTTP exchange as the gate saw it. */
export interface RecordedExchange {
  type: 'exchange'
  /** 1, 2, …: the order in which the requests were sent. */
  seq: number
  action: string
  /** The request's JSON body; paramsText when it was not JSON. */
  params?: unknown
  paramsText?: string
  /** ok, error:CODE, http:STATUS, bad-json, no-response-object, reset, timeout, body-broke-off, … */
  outcome: string
  /** Absent when no answer came (a reset, a time-out before the headers). */
  status?: number
  statusText?: string
  contentType?: string
  contentEncoding?: string
  /** The host a redirect pointed to (never its path). */
  location?: string
  /** The body, parsed, when it was JSON; else bodyText. */
  body?: unknown
  bodyText?: string
  startMs: number
  durationMs: number
}

export interface Recording {
  /** The first line: {"type":"recording","format":1,…}. */
  header: Record<string, unknown>
  exchanges: RecordedExchange[]
}

/** One request the replay server answered. */
export interface ServedRequest {
  action: string
  params: unknown
  /** The outcome served (as recorded), 'not-in-recording' or 'unsigned'. */
  outcome: string
  /** The recorded exchange served. */
  seq?: number
}

export interface ReplayOptions {
  /** The recording's text (JSON lines) or its parsed form. */
  recording: string | Recording
  host?: string
  port?: number
  onRequest?: (request: ServedRequest) => void
}

export interface Replay {
  url: string
  port: number
  recording: Recording
  /** Every request answered, in order of arrival. */
  served: ServedRequest[]
  /** Those the recording did not hold. */
  unmatched: ServedRequest[]
  close(): Promise<void>
}

export declare function parseRecording(text: string): Recording
export declare function startReplay(options: ReplayOptions): Promise<Replay>
