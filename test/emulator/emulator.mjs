/**
 * A local stand-in for the Tencent Cloud Container Security Service (TCSS)
 * API, version 2020-11-01.
 *
 * It is a real HTTP server bound to 127.0.0.1 (HTTPS when given a `tls` key
 * and certificate). Every request goes through the
 * same gate as the real service: TC3-HMAC-SHA256 signature verification over
 * the raw body, clock-skew check, credential lookup, session-token check,
 * version and action lookup, then a per-account rate limit. Only then is the
 * action run against scenario data held in memory.
 *
 * Faults (throttling, server errors, broken bodies, dropped connections,
 * hung requests) can be scripted or drawn from a seeded random generator so
 * that a client's retry logic can be exercised deterministically.
 *
 * Plain ESM JavaScript on purpose: it runs under `node` without a build step,
 * for the end-to-end tests, the demo and the benchmarks alike. Types live in
 * emulator.d.mts.
 *
 * @module
 */

import {
  createHash,
  createHmac,
  createPublicKey,
  KeyObject,
  randomBytes,
  randomUUID,
  timingSafeEqual,
  verify as cryptoVerify
} from 'node:crypto'
import { createServer } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import { performance } from 'node:perf_hooks'

/** The API version this emulator implements. */
export const API_VERSION = '2020-11-01'

/** The service name the real endpoint accepts in the credential scope. */
export const SERVICE = 'tcss'

/** Every fault kind the emulator knows by name. */
export const FAULT_KINDS = Object.freeze([
  'throttle',
  'internal',
  'unavailable',
  'http500',
  'http502',
  'http503',
  'badjson',
  'noresponse',
  'reset',
  'timeout',
  'trickle',
  'resetBody',
  'badEncoding',
  'nullBody',
  'numericCode',
  'redirect'
])

/**
 * Fault kinds drawn by random fault injection unless `kinds` says otherwise:
 * the ones a client gets over with at once ('timeout' and 'trickle' hold a
 * request; 'redirect' needs a target).
 */
export const DEFAULT_RANDOM_FAULT_KINDS = Object.freeze([
  'throttle',
  'internal',
  'unavailable',
  'http500',
  'http502',
  'http503',
  'badjson',
  'noresponse',
  'reset'
])

/** The credential used when `options.credentials` is not given. */
export const DEFAULT_CREDENTIAL = Object.freeze({
  secretId: 'AKIDEMULATOR0000000000000000000000',
  secretKey: 'emulator-secret-key-0000000000000'
})

/* ------------------------------------------------------------------------ */
/* Open facts: what the documents leave open, one named mode per reading     */
/* ------------------------------------------------------------------------ */

/**
 * @param {readonly string[]} readings
 * @param {string} summary
 */
const openFact = (readings, summary) =>
  Object.freeze({ readings: Object.freeze([...readings]), summary })

/**
 * The facts the API documents (SDK model, API reference, tccli examples)
 * leave open, each with the readings the emulator can serve; the first is
 * the default. `startEmulator({ readings: { fact: reading } })` picks one.
 */
export const OPEN_FACTS = Object.freeze({
  virusListOrder: openFact(
    ['honoured', 'risk-level-page-ties'],
    'DescribeAssetImageVirusList: sorted by Order/By as asked, or By ignored and rows sorted by ' +
      'RiskLevel alone (Order honoured) with ties in an order that depends on Limit and Offset, so ' +
      'pages may repeat one row and never serve another'
  ),
  registryVirusListOrder: openFact(
    ['stable', 'risk-level-page-ties'],
    'DescribeAssetImageRegistryVirusList (no Order/By): rows in one stable order, or sorted by ' +
      'RiskLevel with page-dependent ties'
  ),
  localTaskStatus: openFact(
    ['scanning-scanned', 'task-model', 'unlisted'],
    'DescribeAssetImageScanStatus.Status: SCANNING/SCANNED, READY/SCANNING/END (the task model of ' +
      'DescribeAssetImageScanTaskResponse), or names no list has'
  ),
  registryTaskStatus: openFact(
    ['scanning-scanned', 'task-model', 'unlisted'],
    'DescribeAssetImageRegistryScanStatusOneKey.Status: SCANNING/SCANNED, READY/SCANNING/END, or ' +
      'names no list has'
  ),
  localTaskId: openFact(
    ['present', 'absent'],
    'CreateAssetImageScanTask answers with a TaskID, or with a RequestId only'
  ),
  registryTaskId: openFact(
    ['present', 'absent'],
    'CreateAssetImageRegistryScanTask answers with a TaskID, or with a RequestId only (as the API ' +
      "reference's and tccli's examples show)"
  ),
  localBusyCode: openFact(
    ['ErrAlreadyScanning', 'FailedOperation'],
    'CreateAssetImageScanTask refused (a scan running, or the image not authorized): ' +
      'FailedOperation.ErrAlreadyScanning, or plain FailedOperation'
  ),
  registryBusyCode: openFact(
    ['ErrAlreadyScanning', 'FailedOperation'],
    'CreateAssetImageRegistryScanTask refused (a scan running, e.g. scan-on-push, or the image not ' +
      'authorized): FailedOperation.ErrAlreadyScanning, or plain FailedOperation'
  ),
  registrySync: openFact(
    ['completes', 'stuck-doing'],
    'DescribeAssetImageRegistryAssetStatus after a sync: doing, then success; or doing forever ' +
      'with Err "rpc service error" (as tccli\'s example shows) while the images appear all the same'
  ),
  imageNameFilter: openFact(
    ['fuzzy', 'exact-repository', 'exact-name-tag'],
    'DescribeAssetImageList filter ImageName without ExactMatch: substring ignoring case, the ' +
      'repository exactly, or name:tag exactly'
  ),
  registryScanStatus: openFact(
    ['same-as-virus', 'independent'],
    'ImageRepoInfo ScanStatus/CveStatus: the same as VirusStatus, or independent of it'
  ),
  registryVirusStatusNames: openFact(
    ['short', 'model-wide'],
    'registry VirusStatus names: NOT_SCAN/SCANNING/SCANNED/SCAN_ERR/SCAN_CANCELED, or WAIT_SCAN for ' +
      'a queued scan and CANCELED as other scan statuses of the model have them'
  ),
  scanTimeFormat: openFact(
    ['zoned', 'zoneless'],
    'ScanTime fields: ISO 8601 with +08:00 (as the API reference examples carry), or ' +
      'YYYY-MM-DD HH:MM:SS in UTC+8'
  ),
  registryAddress: openFact(
    ['full-path', 'host-only'],
    'ImageRepoAddress: host/namespace/name, or the host alone (Namespace and ImageName carry the rest)'
  ),
  virusRowsWhileScanning: openFact(
    ['served', 'none'],
    "DescribeAssetImageVirusList at VirusScanStatus 0/1: the previous scan's rows (none if never " +
      'scanned), as the API reference example shows, or no rows'
  ),
  multiPlatformListing: openFact(
    ['per-platform', 'index-row', 'one-platform'],
    'DescribeAssetImageRegistryList after a multi-platform push (an image index): one row per ' +
      "platform with that platform manifest's digest, one row with the index digest (the image " +
      'TCSS scanned: its ImageId the config digest of the first platform), or one row for the ' +
      'first platform only'
  ),
  rateLimitWindow: openFact(
    ['sliding', 'whole-seconds', 'bucket'],
    'How the per-second limit (RequestLimitExceeded) is counted: in a window that slides with each ' +
      "request, in whole seconds of the service's clock, or by a bucket of rateLimit requests that " +
      'refills at rateLimit per second'
  )
})

/**
 * The registry images TCSS lists for multi-platform pushes, by Id, under the
 * multiPlatformListing reading: every platform (per-platform), the first
 * platform's image under the index digest (index-row), or the first platform
 * alone (one-platform). Each platform keeps its repository, tag and ImageId.
 *
 * @param {import('./emulator.d.mts').EmulatorOptions['multiPlatformPushes']} pushes
 * @param {Readings} readings
 * @returns {Record<string, import('./emulator.d.mts').RegistryImageScenario>}
 */
function listedPushes(pushes, readings) {
  /** @type {Record<string, import('./emulator.d.mts').RegistryImageScenario>} */
  const listed = {}
  for (const [indexDigest, push] of Object.entries(pushes ?? {})) {
    const platforms = Object.entries(push.platforms)
    if (platforms.length === 0) throw new TypeError(`push ${indexDigest} has no platforms`)
    const shown =
      readings.multiPlatformListing === 'per-platform' ? platforms : platforms.slice(0, 1)
    for (const [id, scenario] of shown) {
      listed[id] = {
        ...scenario,
        repository: push.repository,
        tag: push.tag ?? 'latest',
        ...(readings.multiPlatformListing === 'index-row' ? { digest: indexDigest } : {})
      }
    }
  }
  return listed
}

/**
 * The readings to serve: the defaults with `readings` on top. An unknown
 * fact or reading name is an error that lists the known ones.
 *
 * @param {unknown} readings
 * @returns {Readonly<Record<keyof typeof OPEN_FACTS, string>>}
 */
function resolveReadings(readings) {
  /** @type {Record<string, string>} */
  const resolved = Object.fromEntries(
    Object.entries(OPEN_FACTS).map(([fact, { readings: names }]) => [fact, names[0]])
  )
  if (readings === undefined || readings === null) return Object.freeze(resolved)
  if (typeof readings !== 'object' || Array.isArray(readings)) {
    throw new TypeError('readings must be an object of { fact: reading }')
  }
  for (const [fact, name] of Object.entries(readings)) {
    if (!Object.hasOwn(OPEN_FACTS, fact)) {
      throw new TypeError(
        `unknown open fact '${fact}'; known: ${Object.keys(OPEN_FACTS).join(', ')}`
      )
    }
    const known = OPEN_FACTS[/** @type {keyof typeof OPEN_FACTS} */ (fact)].readings
    if (typeof name !== 'string' || !known.includes(name)) {
      throw new TypeError(
        `unknown reading '${String(name)}' of ${fact}; known: ${known.join(', ')}`
      )
    }
    resolved[fact] = name
  }
  return Object.freeze(resolved)
}

/** @typedef {Readonly<Record<keyof typeof OPEN_FACTS, string>>} Readings */

/** UTC+8, the zone the console and the API reference examples show times in. */
const CHINA_OFFSET_MS = 8 * 3600 * 1000

/**
 * A scan time as the `scanTimeFormat` reading serves it: a string is served
 * as given; a number (Unix ms) becomes `2026-11-20T18:00:00+08:00` (zoned)
 * or `2026-11-20 18:00:00` (zoneless, UTC+8).
 *
 * @param {unknown} time
 * @param {Readings} readings
 * @returns {unknown}
 */
function formatScanTime(time, readings) {
  if (typeof time !== 'number' || !Number.isFinite(time)) return time
  const local = new Date(time + CHINA_OFFSET_MS).toISOString().slice(0, 19)
  return readings.scanTimeFormat === 'zoneless' ? local.replace('T', ' ') : `${local}+08:00`
}

/** The last scan before any task, when a scenario gives no scan time: 2026-11-20 18:00:00 UTC+8. */
const DEFAULT_SCAN_TIME = Date.parse('2026-11-20T10:00:00Z')

/**
 * A stable 32-bit hash of a row and the page that serves it, for tie orders
 * that depend on the page (risk-level-page-ties).
 *
 * @param {unknown} row
 * @param {number} limit
 * @returns {number}
 */
function tieHash(row, limit) {
  const record = row && typeof row === 'object' ? /** @type {Record<string, unknown>} */ (row) : {}
  const key = `${String(record.Md5 ?? record.FileMd5)}|${String(record.Path)}|${limit}`
  return createHash('md5').update(key).digest().readUInt32BE(0)
}

/**
 * A RiskLevel as a sort key: numbers and numeric strings ("4") by value.
 *
 * @param {unknown} row
 * @returns {unknown}
 */
function riskLevelOf(row) {
  const value =
    row && typeof row === 'object' ? /** @type {Record<string, unknown>} */ (row).RiskLevel : null
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value)
  }
  return value
}

/**
 * The `risk-level-page-ties` order, as SQL's `ORDER BY risk LIMIT … OFFSET …`
 * on a non-unique column can give it: rows sorted by RiskLevel alone (`desc`
 * or ascending), and rows of one RiskLevel in an order that is a function of
 * the row, the Limit and the page (Offset / Limit): sorted by a hash of the
 * row and the Limit, reversed on odd pages. Identical queries get identical
 * pages; a tie group that straddles a page boundary is served from both ends
 * of one order, so the next page repeats rows the previous one served and
 * never serves others (99 low + 2 medium findings, asc: page 2 repeats the
 * medium page 1 served).
 *
 * @template T
 * @param {readonly T[]} list
 * @param {'asc' | 'desc'} order
 * @param {number} offset
 * @param {number} limit
 * @returns {T[]}
 */
function riskLevelPageTies(list, order, offset, limit) {
  const sign = order === 'desc' ? -1 : 1
  const reversed = Math.floor(offset / limit) % 2 === 1 ? -1 : 1
  const keyed = list.map((row) => ({ row, risk: riskLevelOf(row), tie: tieHash(row, limit) }))
  keyed.sort((a, b) => sign * compareValues(a.risk, b.risk) || reversed * (a.tie - b.tie))
  return keyed.map(({ row }) => row)
}

const MAX_BODY_BYTES = 1024 * 1024
/** Pause between two bytes of a 'trickle' body. */
const TRICKLE_BYTE_MS = 200
const DEFAULT_LIMIT = 10
const MAX_LIMIT = 100
const RATE_WINDOW_MS = 1000

/* ------------------------------------------------------------------------ */
/* TC3-HMAC-SHA256                                                           */
/* ------------------------------------------------------------------------ */

/**
 * @param {string | Buffer} data
 * @returns {string} lowercase hex SHA-256
 */
function sha256Hex(data) {
  return createHash('sha256').update(data).digest('hex')
}

/**
 * @param {string | Buffer} key
 * @param {string} data
 * @returns {Buffer}
 */
function hmacSha256(key, data) {
  return createHmac('sha256', key).update(data, 'utf8').digest()
}

/**
 * The UTC calendar date (YYYY-MM-DD) of a Unix timestamp in seconds.
 *
 * @param {number} timestamp
 * @returns {string}
 */
export function utcDate(timestamp) {
  return new Date(timestamp * 1000).toISOString().slice(0, 10)
}

/**
 * Strips the port from a Host header value: `127.0.0.1:8080` → `127.0.0.1`,
 * `[::1]:8080` → `[::1]`. The hostname is lowercased.
 *
 * @param {string} host
 * @returns {string}
 */
export function hostnameOf(host) {
  const value = host.trim().toLowerCase()
  if (value.startsWith('[')) {
    const end = value.indexOf(']')
    return end === -1 ? value : value.slice(0, end + 1)
  }
  const colon = value.indexOf(':')
  // A bare IPv6 address (several colons, no brackets) has no port to strip.
  if (colon === -1 || value.indexOf(':', colon + 1) !== -1) return value
  return value.slice(0, colon)
}

/**
 * Builds the canonical request of TC3-HMAC-SHA256.
 *
 * @param {object} parts
 * @param {string} parts.method HTTP method, uppercase
 * @param {string} parts.path canonical URI, `/` for the API
 * @param {string} parts.query query string without `?`, usually empty
 * @param {Array<[string, string]>} parts.headers signed headers, in the
 *   order of SignedHeaders, names and values already canonical
 * @param {string | Buffer} parts.body raw request body
 * @returns {string}
 */
export function canonicalRequest({ method, path, query, headers, body }) {
  const canonicalHeaders = headers.map(([name, value]) => `${name}:${value}\n`).join('')
  const signedHeaders = headers.map(([name]) => name).join(';')
  return [method, path, query, canonicalHeaders, signedHeaders, sha256Hex(body)].join('\n')
}

/**
 * Computes a TC3-HMAC-SHA256 signature (lowercase hex).
 *
 * @param {object} parts
 * @param {string} parts.secretKey
 * @param {number} parts.timestamp Unix seconds, as sent in X-TC-Timestamp
 * @param {string} parts.date credential-scope date (YYYY-MM-DD)
 * @param {string} parts.service credential-scope service
 * @param {string} parts.canonical canonical request
 * @returns {string}
 */
export function tc3Signature({ secretKey, timestamp, date, service, canonical }) {
  const scope = `${date}/${service}/tc3_request`
  const stringToSign = ['TC3-HMAC-SHA256', String(timestamp), scope, sha256Hex(canonical)].join(
    '\n'
  )
  const kDate = hmacSha256(`TC3${secretKey}`, date)
  const kService = hmacSha256(kDate, service)
  const kSigning = hmacSha256(kService, 'tc3_request')
  return createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex')
}

/**
 * Builds an Authorization header for a JSON POST to `/`, signing
 * `content-type` and `host` the way the official SDKs do. Lets tests craft
 * requests by hand (stale timestamps, odd bodies) without the SDK.
 *
 * @param {object} input
 * @param {string} input.secretId
 * @param {string} input.secretKey
 * @param {number} input.timestamp Unix seconds, the X-TC-Timestamp value
 * @param {string} input.host Host header (a port, if present, is not signed)
 * @param {string | Buffer} input.body raw body
 * @param {string} [input.service] default `tcss`
 * @param {string} [input.contentType] default `application/json`
 * @param {string} [input.date] scope date, default the UTC date of timestamp
 * @returns {string}
 */
export function signTc3Request({
  secretId,
  secretKey,
  timestamp,
  host,
  body,
  service = SERVICE,
  contentType = 'application/json',
  date = utcDate(timestamp)
}) {
  const canonical = canonicalRequest({
    method: 'POST',
    path: '/',
    query: '',
    headers: [
      ['content-type', contentType.trim().toLowerCase()],
      ['host', hostnameOf(host)]
    ],
    body
  })
  const signature = tc3Signature({ secretKey, timestamp, date, service, canonical })
  return (
    `TC3-HMAC-SHA256 Credential=${secretId}/${date}/${service}/tc3_request, ` +
    `SignedHeaders=content-type;host, Signature=${signature}`
  )
}

const AUTHORIZATION_PATTERN =
  /^TC3-HMAC-SHA256 +Credential=([^,\s]+) *, *SignedHeaders=([^,\s]+) *, *Signature=([0-9A-Fa-f]{64})$/

/**
 * Parses an Authorization header. Returns null when it is not well-formed.
 *
 * @param {string | undefined} header
 * @returns {{ secretId: string, date: string, service: string, terminator: string, signedHeaders: string[], signature: string } | null}
 */
function parseAuthorization(header) {
  if (typeof header !== 'string') return null
  const match = AUTHORIZATION_PATTERN.exec(header.trim())
  if (!match) return null
  const scope = match[1].split('/')
  if (scope.length !== 4 || scope.some((part) => part === '')) return null
  const signedHeaders = match[2].split(';')
  if (signedHeaders.some((name) => name === '' || name !== name.toLowerCase())) return null
  return {
    secretId: scope[0],
    date: scope[1],
    service: scope[2],
    terminator: scope[3],
    signedHeaders,
    signature: match[3]
  }
}

/**
 * Best-effort SecretId from an Authorization header, for the request log.
 *
 * @param {string | undefined} header
 * @returns {string | null}
 */
function secretIdOf(header) {
  if (typeof header !== 'string') return null
  const match = /Credential=([^/,\s]+)/.exec(header)
  return match ? match[1] : null
}

/**
 * @param {string} a
 * @param {string} b
 * @returns {boolean}
 */
function constantTimeEqual(a, b) {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  return left.length === right.length && timingSafeEqual(left, right)
}

/* ------------------------------------------------------------------------ */
/* Errors and responses                                                      */
/* ------------------------------------------------------------------------ */

/** An API-level error: answered with HTTP 200 and Response.Error. */
class ApiFailure extends Error {
  /**
   * @param {string} code
   * @param {string} message
   */
  constructor(code, message) {
    super(message)
    this.code = code
  }
}

/**
 * @param {string} code
 * @param {string} message
 * @returns {never}
 */
function fail(code, message) {
  throw new ApiFailure(code, message)
}

/** Default messages for API error codes the emulator produces. */
const ERROR_MESSAGES = {
  InternalError: 'An internal error occurred. Please try again later.',
  'InternalError.MainDBFail': 'The main database operation failed. Please try again later.',
  FailedOperation: 'The operation failed.',
  ResourceUnavailable: 'The resource is temporarily unavailable.',
  ResourceNotFound: 'The resource does not exist.',
  RequestLimitExceeded: 'The number of requests exceeds the frequency limit.',
  'RequestLimitExceeded.UinLimitExceeded':
    'The number of requests for this account exceeds the frequency limit.',
  'AuthFailure.UnauthorizedOperation': 'The request is not authorized (CAM check failed).',
  UnauthorizedOperation: 'The request is not authorized.'
}

/**
 * @param {string} code
 * @returns {string}
 */
function defaultMessage(code) {
  return ERROR_MESSAGES[/** @type {keyof typeof ERROR_MESSAGES} */ (code)] ?? `${code} (injected).`
}

/**
 * @param {number} count
 * @param {number} limit
 * @returns {string}
 */
function rateLimitMessage(count, limit) {
  return (
    `Your current request count is \`${count}\` in one second, which exceeds the frequency ` +
    `limit of \`${limit}\` per second. Please reduce the frequency of calls.`
  )
}

const HTTP_FAULT_BODIES = {
  500: '<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>stgw</center>\r\n</body>\r\n</html>\r\n',
  502: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>stgw</center>\r\n</body>\r\n</html>\r\n',
  503: '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>stgw</center>\r\n</body>\r\n</html>\r\n'
}

/**
 * A body that looks like a real DescribeAssetImageVirusList answer but is not
 * valid JSON: two commas are missing, exactly like the example on the API
 * reference page.
 *
 * @param {string} requestId
 * @returns {string}
 */
function malformedJsonBody(requestId) {
  return `{
    "Response": {
        "TotalCount": 1,
        "List": [
            {
                "CheckPlatform": [],
                "Desc": "Malicious Trojans are detected on your container."
                "FileName": "webshell_2.php",
                "FirstScanTime": "2024-09-02 07:36:15",
                "LatestScanTime": "2024-10-23 16:40:54",
                "Md5": "27501aaed5e639693783321219989889",
                "Path": "/root/webshell_2.php",
                "RiskLevel": 4,
                "Size": 51,
                "Solution": "Isolate or delete the trojan file."
                "Tags": [],
                "VirusName": "Php.Trojan.Php.Ssmw"
            }
        ],
        "RequestId": "${requestId}",
        "VirusScanStatus": 2
    }
}`
}

/* ------------------------------------------------------------------------ */
/* Scenario data                                                             */
/* ------------------------------------------------------------------------ */

const SYNTHETIC_VIRUS_NAMES = [
  'Linux.Trojan.Mirai',
  'Linux.Miner.Xmrig',
  'Php.Trojan.Php.Ssmw',
  'Linux.Backdoor.Tsunami',
  'Script.Webshell.Generic',
  'Linux.Rootkit.Diamorphine'
]

/**
 * @param {unknown} value
 * @returns {value is number}
 */
function isNonNegativeInteger(value) {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
}

/**
 * Creates deterministic synthetic findings.
 *
 * Finding number `i` (i = start, start+1, …) has Md5 = md5(`${prefix}${i}`)
 * and Path `/app/${prefix}data/file-${i}.bin`; RiskLevel cycles through
 * `riskLevels` by position within this call, so `count: 8` with the default
 * levels yields exactly two findings per level.
 *
 * @param {{ count: number, riskLevels?: readonly unknown[], prefix?: string }} spec
 * @param {number} [start] index of the first finding, default 0
 * @returns {Array<Record<string, unknown>>}
 */
export function generateFindings(spec, start = 0) {
  if (!spec || typeof spec !== 'object') throw new TypeError('generate must be an object')
  const { count, riskLevels = [1, 2, 3, 4], prefix = '' } = spec
  if (!isNonNegativeInteger(count)) {
    throw new TypeError(`generate.count must be a non-negative integer, got ${String(count)}`)
  }
  if (!Array.isArray(riskLevels) || riskLevels.length === 0) {
    throw new TypeError('generate.riskLevels must be a non-empty array')
  }
  if (typeof prefix !== 'string') throw new TypeError('generate.prefix must be a string')
  if (!isNonNegativeInteger(start)) throw new TypeError('generate start must be >= 0')

  const findings = new Array(count)
  for (let j = 0; j < count; j++) {
    const i = start + j
    const md5 = createHash('md5').update(`${prefix}${i}`).digest('hex')
    const day = String(1 + (i % 28)).padStart(2, '0')
    findings[j] = {
      CheckPlatform: [],
      Desc: `Synthetic finding ${i}: a malicious file was found in the image.`,
      FileName: `file-${i}.bin`,
      FirstScanTime: `2024-09-${day} 07:36:15`,
      LatestScanTime: `2024-10-${day} 16:40:54`,
      Md5: md5,
      Path: `/app/${prefix}data/file-${i}.bin`,
      RiskLevel: riskLevels[j % riskLevels.length],
      Size: 512 + ((i * 7919) % 65536),
      Solution: 'Isolate or delete the file, then rebuild the image from a clean base.',
      Tags: [],
      VirusName: SYNTHETIC_VIRUS_NAMES[i % SYNTHETIC_VIRUS_NAMES.length]
    }
  }
  return findings
}

/* ------------------------------------------------------------------------ */
/* Order of lists (Order/By) and unstable default orders                     */
/* ------------------------------------------------------------------------ */

/** Order values the SDK model allows (`排序 asc desc`). */
const SORT_ORDERS = ['asc', 'desc']

/** By values accepted for DescribeAssetImageVirusList: the scalar fields of ImageVirusInfo. */
export const VIRUS_LIST_SORT_FIELDS = Object.freeze([
  'Path',
  'RiskLevel',
  'VirusName',
  'Desc',
  'Solution',
  'Size',
  'FirstScanTime',
  'LatestScanTime',
  'Md5',
  'FileName'
])

/** By values accepted for DescribeAssetImageList: the scalar fields of ImagesInfo. */
export const IMAGE_LIST_SORT_FIELDS = Object.freeze([
  'ImageID',
  'ImageName',
  'CreateTime',
  'Size',
  'HostCnt',
  'SuperNodeCnt',
  'ContainerCnt',
  'ScanTime',
  'VulCnt',
  'VirusCnt',
  'RiskCnt',
  'IsTrustImage',
  'OsName',
  'ScanStatus',
  'IsSuggest',
  'IsAuthorized',
  'ComponentCnt'
])

/**
 * @typedef {{ order: 'asc' | 'desc', by: string }} SortOrder
 */

/**
 * Reads and checks a request's Order and By. Returns null when neither is
 * sent (the service's own, undocumented order); By without Order sorts
 * ascending; Order without By, a value that is not a string, an Order other
 * than asc/desc or a By that is not a sortable field is InvalidParameter.
 *
 * @param {Record<string, unknown>} params
 * @param {readonly string[]} fields
 * @returns {SortOrder | null}
 */
function sortOrderOf(params, fields) {
  const { Order: order, By: by } = params
  if (order === undefined && by === undefined) return null
  if (order !== undefined && (typeof order !== 'string' || !SORT_ORDERS.includes(order))) {
    fail(
      'InvalidParameter.InvalidFormat',
      `Order must be one of ${SORT_ORDERS.join(', ')}, got \`${JSON.stringify(order)}\`.`
    )
  }
  if (by === undefined) fail('InvalidParameter.MissingParameter', 'Order needs a sort field `By`.')
  if (typeof by !== 'string' || !fields.includes(by)) {
    fail(
      'InvalidParameter.InvalidFormat',
      `By must be one of ${fields.join(', ')}, got \`${JSON.stringify(by)}\`.`
    )
  }
  return { order: /** @type {'asc' | 'desc'} */ (order ?? 'asc'), by }
}

/**
 * @param {unknown} value
 * @param {string} what
 * @returns {number | null} the seed, or null when the option is off
 */
function unstableOrderSeed(value, what) {
  if (value === undefined || value === false || value === null) return null
  if (value === true) return 1
  if (
    typeof value === 'object' &&
    typeof (/** @type {{ seed?: unknown }} */ (value).seed) === 'number'
  ) {
    return /** @type {{ seed: number }} */ (value).seed
  }
  throw new TypeError(`${what} must be true, false or { seed: number }`)
}

/**
 * A list whose order, without an explicit Order/By, differs from request to
 * request: each request sees its own seeded permutation, chosen by the seed,
 * the request's Offset and how many requests at that Offset came before, so
 * the pages a client reads overlap and miss items, deterministically whatever
 * order concurrent requests arrive in. With Order/By, items that tie on the
 * sort field stay shuffled among themselves, as a database leaves them.
 */
class UnstableOrder {
  /** @param {number} seed */
  constructor(seed) {
    this.seed = seed
    /** @type {Map<number, number>} requests served per Offset */
    this.served = new Map()
  }

  /**
   * @template T
   * @param {readonly T[]} list
   * @param {number} offset
   * @returns {T[]}
   */
  permute(list, offset) {
    const nth = this.served.get(offset) ?? 0
    this.served.set(offset, nth + 1)
    const random = seededRandom(
      (Math.imul(this.seed, 0x9e3779b1) ^
        Math.imul(offset + 1, 0x85ebca6b) ^
        Math.imul(nth + 1, 0xc2b2ae35)) >>>
        0
    )
    const copy = [...list]
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[copy[i], copy[j]] = [copy[j], copy[i]]
    }
    return copy
  }
}

/**
 * Compares two field values: numbers numerically, anything else as text
 * (code-unit order); a missing value sorts first.
 *
 * @param {unknown} a
 * @param {unknown} b
 * @returns {number}
 */
function compareValues(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const left = a === undefined || a === null ? '' : String(a)
  const right = b === undefined || b === null ? '' : String(b)
  return left < right ? -1 : left > right ? 1 : 0
}

/**
 * The list in the order one request sees it.
 *
 * @template T
 * @param {readonly T[]} list
 * @param {SortOrder | null} sort
 * @param {UnstableOrder | null} unstable
 * @param {number} offset
 * @returns {readonly T[]}
 */
function orderedList(list, sort, unstable, offset) {
  const base = unstable ? unstable.permute(list, offset) : list
  if (!sort) return base
  const sign = sort.order === 'desc' ? -1 : 1
  const field = sort.by
  const value = (/** @type {T} */ item) =>
    item && typeof item === 'object'
      ? /** @type {Record<string, unknown>} */ (item)[field]
      : undefined
  // Array.prototype.sort is stable: ties keep the order of `base`.
  return [...base].sort((a, b) => sign * compareValues(value(a), value(b)))
}

/**
 * The mutable state of one image: its list, its status sequence and the
 * changes still to come.
 */
class ImageState {
  /**
   * @param {string} imageId
   * @param {Record<string, any>} scenario
   * @param {Readings} readings
   */
  constructor(imageId, scenario, readings) {
    if (!scenario || typeof scenario !== 'object') {
      throw new TypeError(`scenario for image ${imageId} must be an object`)
    }
    const statuses = scenario.statuses ?? [2]
    if (!Array.isArray(statuses) || statuses.length === 0) {
      throw new TypeError(`statuses for image ${imageId} must be a non-empty array`)
    }
    const findings = scenario.findings ?? []
    if (!Array.isArray(findings)) {
      throw new TypeError(`findings for image ${imageId} must be an array`)
    }
    const changes = scenario.changes ?? []
    if (!Array.isArray(changes)) {
      throw new TypeError(`changes for image ${imageId} must be an array`)
    }
    for (const change of changes) {
      if (!change || !isNonNegativeInteger(change.afterListRequests)) {
        throw new TypeError(
          `each change for image ${imageId} needs afterListRequests (a non-negative integer)`
        )
      }
      if (change.removeCount !== undefined && !isNonNegativeInteger(change.removeCount)) {
        throw new TypeError(`removeCount for image ${imageId} must be a non-negative integer`)
      }
    }
    const reported = scenario.reportedTotalCount
    if (reported !== undefined && reported !== null && typeof reported !== 'number') {
      throw new TypeError(`reportedTotalCount for image ${imageId} must be a number`)
    }
    if (scenario.name !== undefined && typeof scenario.name !== 'string') {
      throw new TypeError(`name for image ${imageId} must be a string`)
    }
    if (scenario.listedAfter !== undefined && !isNonNegativeInteger(scenario.listedAfter)) {
      throw new TypeError(`listedAfter for image ${imageId} must be a non-negative integer`)
    }
    const listing = scenario.listing ?? {}
    if (!listing || typeof listing !== 'object' || Array.isArray(listing)) {
      throw new TypeError(`listing for image ${imageId} must be an object`)
    }
    const unstable = unstableOrderSeed(scenario.unstableOrder, `unstableOrder for image ${imageId}`)
    if (
      scenario.scanTime !== undefined &&
      typeof scenario.scanTime !== 'string' &&
      typeof scenario.scanTime !== 'number'
    ) {
      throw new TypeError(`scanTime for image ${imageId} must be a string or Unix milliseconds`)
    }
    const running = scenario.runningScan
    if (running !== undefined && !isNonNegativeInteger(running?.polls)) {
      throw new TypeError(`runningScan for image ${imageId} must be { polls: N }`)
    }
    if (scenario.previousFindings !== undefined && !Array.isArray(scenario.previousFindings)) {
      throw new TypeError(`previousFindings for image ${imageId} must be an array`)
    }

    /** @type {Readings} */
    this.readings = readings

    /** @type {unknown[]} */
    this.statuses = [...statuses]
    this.omitStatus = scenario.omitStatus === true
    /** @type {unknown[]} */
    this.list = [...findings]
    this.nextGeneratedIndex = 0
    if (scenario.generate) this.generate(scenario.generate)
    /** @type {Array<Record<string, any>>} */
    this.pendingChanges = [...changes]
    /** @type {number | undefined} */
    this.reportedTotalCount = typeof reported === 'number' ? reported : undefined
    /** Successful list requests served so far (any offset). */
    this.listRequests = 0
    /** Offset-0 requests served so far (each advances the status sequence). */
    this.statusSteps = 0
    this.imageId = imageId
    /** @type {string | undefined} ImageName in DescribeAssetImageList; unnamed images are not listed. */
    this.name = scenario.name
    /** DescribeAssetImageList requests to serve before this image is listed. */
    this.listedAfter = scenario.listedAfter ?? 0
    /** @type {Record<string, unknown>} fields of the ImagesInfo entry that replace the defaults */
    this.listing = { ...listing }
    /** @type {UnstableOrder | null} shuffles the list per request (see ImageScenario.unstableOrder) */
    this.unstable = unstable === null ? null : new UnstableOrder(unstable)
    /** IsAuthorized (1 or 0) of DescribeAssetImageDetail and the image list. */
    this.authorized = scenario.authorized === 0 || listing.IsAuthorized === 0 ? 0 : 1
    /** Status reads (Offset 0) a scan task shows VirusScanStatus 1 before 2. */
    this.scanPolls = isNonNegativeInteger(scenario.scanPolls) ? scenario.scanPolls : 2
    /** @type {unknown[] | undefined} the list once a scan task has finished */
    this.rescanFindings = Array.isArray(scenario.rescanFindings)
      ? [...scenario.rescanFindings]
      : undefined
    /**
     * @type {string | number} ScanTime of DescribeAssetImageDetail, as given or in Unix ms
     * (served in the scanTimeFormat reading); set anew when a task finishes
     */
    this.scanTime = scenario.scanTime ?? DEFAULT_SCAN_TIME
    /**
     * @type {{ id: string | null, pollsLeft: number, done: boolean, steps: number } | null}
     * the scan task running or run; id null for a scan started elsewhere (runningScan)
     */
    this.task = running ? { id: null, pollsLeft: running.polls, done: false, steps: 0 } : null
    /** Scan tasks created for this image. */
    this.tasks = 0
    /**
     * @type {unknown[] | null} the rows of the last finished scan, served at status 0/1 under
     * virusRowsWhileScanning 'served'; null while the image was never seen scanned
     */
    this.lastScan = scenario.previousFindings ? [...scenario.previousFindings] : null
  }

  /** @returns {unknown} ScanTime as served (the scanTimeFormat reading) */
  servedScanTime() {
    return formatScanTime(this.scanTime, this.readings)
  }

  /** The status the next Offset-0 read would show, without taking a step. */
  currentStatus() {
    if (this.task) return this.task.done ? 2 : 1
    const last = this.statuses.length - 1
    return this.statuses[Math.min(Math.max(this.statusSteps - 1, 0), last)]
  }

  /**
   * Starts a scan task: the image shows VirusScanStatus 1 for `scanPolls`
   * status reads, then 2 with a new ScanTime (and `rescanFindings`, if any).
   *
   * @param {string} id
   */
  startTask(id) {
    if (this.currentStatus() === 2) this.lastScan = this.list
    this.task = { id, pollsLeft: this.scanPolls, done: false, steps: 0 }
    this.tasks++
  }

  /**
   * @param {() => number} now
   * @returns {unknown} the status of this Offset-0 read under a task
   */
  taskStep(now) {
    const task = /** @type {{ pollsLeft: number, done: boolean, steps: number }} */ (this.task)
    if (task.done) return 2
    task.steps++
    if (task.pollsLeft > 0) {
      task.pollsLeft--
      return 1
    }
    task.done = true
    this.scanTime = Math.floor(now() / 1000) * 1000
    if (this.rescanFindings) this.list = [...this.rescanFindings]
    this.lastScan = this.list
    return 2
  }

  /**
   * The image's DescribeAssetImageList entry (ImagesInfo), built from its
   * scenario: counts and scan state follow the current status and list.
   *
   * @returns {Record<string, unknown>}
   */
  listEntry() {
    const status = this.currentStatus()
    const scanStatus =
      { 0: 'NOT_SCAN', 1: 'SCANNING', 2: 'SCANNED', 3: 'SCAN_ERR', 4: 'SCAN_CANCELED' }[
        /** @type {1 | 2 | 3 | 4} */ (status)
      ] ?? 'NOT_SCAN'
    return {
      ImageID: this.imageId,
      ImageName: this.name,
      CreateTime: '2026-11-20T09:58:00Z',
      Size: 16159906,
      HostCnt: 1,
      SuperNodeCnt: 0,
      ContainerCnt: 0,
      ScanTime: status === 2 ? this.servedScanTime() : '',
      VulCnt: 0,
      VirusCnt: status === 2 ? this.list.length : 0,
      RiskCnt: 0,
      IsTrustImage: false,
      OsName: 'alpine:v3.20',
      AgentError: '',
      ScanError: '',
      ScanStatus: scanStatus,
      ScanVirusError: '',
      ScanVulError: '',
      ScanRiskError: '',
      IsSuggest: 0,
      IsAuthorized: this.authorized,
      ComponentCnt: 0,
      ...this.listing
    }
  }

  /**
   * @param {{ count: number, riskLevels?: readonly unknown[], prefix?: string, start?: number }} spec
   */
  generate(spec) {
    const start = spec.start ?? this.nextGeneratedIndex
    const created = generateFindings(spec, start)
    for (const finding of created) this.list.push(finding)
    this.nextGeneratedIndex = Math.max(this.nextGeneratedIndex, start + created.length)
  }

  /** Applies every change that is due before the next list request. */
  applyDueChanges() {
    const stillPending = []
    for (const change of this.pendingChanges) {
      if (change.afterListRequests > this.listRequests) {
        stillPending.push(change)
        continue
      }
      if (change.removeCount) {
        if (change.removeFrom === 'end') {
          this.list.length = Math.max(0, this.list.length - change.removeCount)
        } else {
          this.list.splice(0, change.removeCount)
        }
      }
      if (Array.isArray(change.add)) for (const finding of change.add) this.list.push(finding)
      if (change.generate) this.generate(change.generate)
    }
    this.pendingChanges = stillPending
  }

  /**
   * Serves one list request.
   *
   * @param {number} offset
   * @param {number} limit
   * @param {SortOrder | null} [sort] the request's Order/By, already validated
   * @returns {Record<string, unknown>} the Response fields, without RequestId
   */
  serve(offset, limit, sort = null, now = Date.now) {
    this.applyDueChanges()
    const last = this.statuses.length - 1
    let status
    if (this.task) {
      status = offset === 0 ? this.taskStep(now) : this.currentStatus()
      if (offset === 0) this.statusSteps++
    } else if (offset === 0) {
      status = this.statuses[Math.min(this.statusSteps, last)]
      this.statusSteps++
    } else {
      status = this.statuses[Math.min(Math.max(this.statusSteps - 1, 0), last)]
    }
    this.listRequests++

    /** @type {Record<string, unknown>} */
    const response = {}
    if (status === 2) {
      this.lastScan = this.list
      response.TotalCount = this.reportedTotalCount ?? this.list.length
      response.List = this.ordered(this.list, sort, offset, limit).slice(offset, offset + limit)
    } else if (
      (status === 0 || status === 1) &&
      this.readings.virusRowsWhileScanning === 'served' &&
      this.lastScan !== null &&
      this.lastScan.length > 0
    ) {
      // The rows of the scan before, as the API reference's example shows
      // rows at VirusScanStatus 1.
      response.TotalCount = this.lastScan.length
      response.List = this.ordered(this.lastScan, sort, offset, limit).slice(offset, offset + limit)
    } else {
      response.TotalCount = 0
      response.List = []
    }
    if (!this.omitStatus && status !== undefined) response.VirusScanStatus = status
    return response
  }

  /**
   * The rows in the order one request sees them (the virusListOrder reading).
   *
   * @param {readonly unknown[]} rows
   * @param {SortOrder | null} sort
   * @param {number} offset
   * @param {number} limit
   */
  ordered(rows, sort, offset, limit) {
    if (this.readings.virusListOrder === 'risk-level-page-ties') {
      return riskLevelPageTies(rows, sort?.order ?? 'asc', offset, limit)
    }
    return orderedList(rows, sort, this.unstable, offset)
  }
}

/* ------------------------------------------------------------------------ */
/* Runtime trojan events (DescribeVirusDetail)                               */
/* ------------------------------------------------------------------------ */

/**
 * Every field of a DescribeVirusDetail response (RequestId aside), in the
 * order of the API reference. The service may send null for any of them.
 */
export const VIRUS_DETAIL_FIELDS = Object.freeze([
  'ImageId',
  'ImageName',
  'CreateTime',
  'Size',
  'FilePath',
  'ModifyTime',
  'VirusName',
  'RiskLevel',
  'ContainerName',
  'ContainerId',
  'HostName',
  'HostId',
  'ProcessName',
  'ProcessPath',
  'ProcessMd5',
  'ProcessId',
  'ProcessArgv',
  'ProcessChan',
  'ProcessAccountGroup',
  'ProcessStartAccount',
  'ProcessFileAuthority',
  'SourceType',
  'Tags',
  'HarmDescribe',
  'SuggestScheme',
  'Mark',
  'FileName',
  'FileMd5',
  'EventType',
  'PodName',
  'Status',
  'SubStatus',
  'HostIP',
  'ClientIP',
  'PProcessStartUser',
  'PProcessUserGroup',
  'PProcessPath',
  'PProcessParam',
  'AncestorProcessStartUser',
  'AncestorProcessUserGroup',
  'AncestorProcessPath',
  'AncestorProcessParam',
  'OperationTime',
  'ContainerNetStatus',
  'ContainerNetSubStatus',
  'ContainerIsolateOperationSrc',
  'CheckPlatform',
  'FileAccessTime',
  'FileModifyTime',
  'NodeSubNetID',
  'NodeSubNetName',
  'NodeSubNetCIDR',
  'ClusterID',
  'PodIP',
  'PodStatus',
  'NodeUniqueID',
  'NodeType',
  'NodeID',
  'ClusterName',
  'Namespace',
  'WorkloadType'
])

/**
 * A complete, plausible DescribeVirusDetail answer for event `id` (a pending
 * high-risk web shell in a pod), with `overrides` applied on top: any field,
 * any value, null included. Deterministic: the same id gives the same event.
 *
 * @param {string} id
 * @param {Record<string, unknown>} [overrides]
 * @returns {Record<string, unknown>}
 */
export function virusDetail(id, overrides = {}) {
  const hash = (/** @type {string} */ what) =>
    createHash('md5').update(`${what}:${id}`).digest('hex')
  const container = hash('container')
  return {
    ImageId: `sha256:${hash('image')}${hash('image-2')}`,
    ImageName: 'ccr.ccs.tencentyun.com/team/web:1.4.2',
    CreateTime: '2026-11-20 10:00:00',
    Size: 51,
    FilePath: `/var/www/html/upload/${id}.php`,
    ModifyTime: '2026-11-20 10:05:00',
    VirusName: 'Php.Trojan.Php.Ssmw',
    RiskLevel: 'RISK_HIGH',
    ContainerName: 'web',
    ContainerId: `${container}${hash('container-2')}`,
    HostName: 'node-1',
    HostId: 'ins-0a1b2c3d',
    ProcessName: 'php-fpm',
    ProcessPath: '/usr/sbin/php-fpm8.2',
    ProcessMd5: hash('process'),
    ProcessId: 4242,
    ProcessArgv: 'php-fpm: pool www',
    ProcessChan: 'containerd-shim(1102)->php-fpm(4242)',
    ProcessAccountGroup: 'www-data',
    ProcessStartAccount: 'www-data',
    ProcessFileAuthority: '-rwxr-xr-x',
    SourceType: 2,
    Tags: ['Webshell'],
    HarmDescribe: 'A web shell lets an attacker run commands in the container.',
    SuggestScheme: 'Isolate the container, delete the file and find how it was written.',
    Mark: '',
    FileName: `${id}.php`,
    FileMd5: hash('file'),
    EventType: 'FILE',
    PodName: `web-${container.slice(0, 5)}`,
    Status: 'DEAL_NONE',
    SubStatus: '',
    HostIP: '10.0.0.12',
    ClientIP: '203.0.113.7',
    PProcessStartUser: 'root',
    PProcessUserGroup: 'root',
    PProcessPath: '/usr/bin/containerd-shim-runc-v2',
    PProcessParam: '-namespace k8s.io',
    AncestorProcessStartUser: 'root',
    AncestorProcessUserGroup: 'root',
    AncestorProcessPath: '/usr/bin/containerd',
    AncestorProcessParam: '',
    OperationTime: '2026-11-20 10:05:00',
    ContainerNetStatus: 'NORMAL',
    ContainerNetSubStatus: '',
    ContainerIsolateOperationSrc: '',
    CheckPlatform: ['1'],
    FileAccessTime: '2026-11-20 10:04:59',
    FileModifyTime: '2026-11-20 10:04:58',
    NodeSubNetID: 'subnet-0a1b2c3d',
    NodeSubNetName: 'cluster-nodes',
    NodeSubNetCIDR: '10.0.0.0/24',
    ClusterID: 'cls-0a1b2c3d',
    PodIP: '172.16.0.23',
    PodStatus: 'Running',
    NodeUniqueID: 'node-uid-0001',
    NodeType: 'NORMAL',
    NodeID: 'np-0a1b2c3d',
    ClusterName: 'prod-gz',
    Namespace: 'default',
    WorkloadType: 'Deployment',
    ...overrides
  }
}

/* ------------------------------------------------------------------------ */
/* Fault injection                                                           */
/* ------------------------------------------------------------------------ */

/**
 * A small, fast, seedable PRNG (mulberry32). Returns floats in [0, 1).
 *
 * @param {number} seed
 * @returns {() => number}
 */
function seededRandom(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * @param {unknown} fault
 * @returns {void}
 */
function checkFault(fault) {
  if (fault === null) return
  if (typeof fault === 'string') {
    if (!FAULT_KINDS.includes(fault)) {
      throw new TypeError(`unknown fault kind '${fault}'; known: ${FAULT_KINDS.join(', ')}`)
    }
    return
  }
  if (
    typeof fault === 'object' &&
    typeof (/** @type {{ code?: unknown }} */ (fault).code) === 'string'
  ) {
    return
  }
  throw new TypeError(`a fault is a kind name or { code, message? }, got ${JSON.stringify(fault)}`)
}

/** Decides, request by request, which fault (if any) to inject. */
class FaultInjector {
  /** @param {Record<string, any> | undefined | null} plan */
  constructor(plan) {
    const { script = [], rate = 0, seed = 1, kinds = DEFAULT_RANDOM_FAULT_KINDS } = plan ?? {}
    if (!Array.isArray(script)) throw new TypeError('faults.script must be an array')
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      throw new TypeError('faults.rate must be a number between 0 and 1')
    }
    if (!Array.isArray(kinds) || (rate > 0 && kinds.length === 0)) {
      throw new TypeError('faults.kinds must be a non-empty array')
    }
    script.forEach(checkFault)
    kinds.forEach(checkFault)
    this.script = [...script]
    this.position = 0
    this.rate = rate
    this.kinds = [...kinds]
    this.random = seededRandom(typeof seed === 'number' ? seed : 1)
  }

  /** @returns {string | { code: string, message?: string } | null} */
  next() {
    if (this.position < this.script.length) return this.script[this.position++]
    if (this.rate <= 0) return null
    if (this.random() >= this.rate) return null
    return this.kinds[Math.floor(this.random() * this.kinds.length)]
  }
}

/* ------------------------------------------------------------------------ */
/* Actions                                                                   */
/* ------------------------------------------------------------------------ */

/**
 * @typedef {object} ActionContext
 * @property {Map<string, ImageState>} images
 * @property {Map<string, Record<string, unknown>>} events DescribeVirusDetail answers by event Id
 * @property {Record<string, any>} record the request record, to be filled in
 * @property {{ imageListRequests: number }} counters served requests per action, where an action needs them
 * @property {UnstableOrder | null} imageListOrder shuffles DescribeAssetImageList per request, when asked
 * @property {Readings} readings the readings of the open facts served
 * @property {() => number} now the service clock (Unix ms)
 * @property {any} registry registry images and the asset sync state
 * @property {{ local: Map<string, ImageState[]>, registry: Map<number, RegistryImageState[]> }} tasks scan tasks by TaskID
 */

/**
 * DescribeAssetImageVirusList: the paged virus findings of one image.
 *
 * @param {Record<string, unknown>} params
 * @param {ActionContext} context
 * @returns {Record<string, unknown>}
 */
function describeAssetImageVirusList(params, { images, now }) {
  const imageId = params.ImageID
  if (typeof imageId !== 'string' || imageId === '') {
    fail('InvalidParameter.MissingParameter', 'The required parameter `ImageID` is missing.')
  }
  const limit = params.Limit ?? DEFAULT_LIMIT
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    fail(
      'InvalidParameter.InvalidFormat',
      `Limit must be between 1 and ${MAX_LIMIT}, got \`${JSON.stringify(limit)}\`.`
    )
  }
  const offset = params.Offset ?? 0
  if (!isNonNegativeInteger(offset)) {
    fail(
      'InvalidParameter.InvalidFormat',
      `Offset must be a non-negative integer, got \`${JSON.stringify(offset)}\`.`
    )
  }
  const sort = sortOrderOf(params, VIRUS_LIST_SORT_FIELDS)
  const image = images.get(imageId)
  if (!image) fail('ResourceNotFound', `The image \`${imageId}\` does not exist.`)
  return image.serve(offset, limit, sort, now)
}

/** Filters of DescribeAssetImageList this emulator understands. */
const IMAGE_LIST_FILTERS = ['ImageName', 'ImageID']

/**
 * DescribeAssetImageList: the images TCSS knows, paged, in the order they
 * were added to the emulator (sorted by `By` when asked; shuffled per
 * request with `imageListUnstableOrder`). Only images whose scenario has a `name` are
 * listed, each once its `listedAfter` list requests have been served.
 *
 * By default (imageNameFilter 'fuzzy'), like the service's console search,
 * the `ImageName` filter matches loosely: an image is listed when its
 * ImageName contains any of the values, ignoring case (`team/app` also lists
 * `team/app:1.4.2-rc1`, `team/app-worker:1.4.2` and `other/team/app:1.4.2`);
 * the other readings and ExactMatch are in imageNameMatch. `ImageID` matches
 * exactly. Several filters must all match.
 *
 * @param {Record<string, unknown>} params
 * @param {ActionContext} context
 * @returns {Record<string, unknown>}
 */
function describeAssetImageList(params, { images, counters, imageListOrder, readings }) {
  const limit = params.Limit ?? DEFAULT_LIMIT
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    fail(
      'InvalidParameter.InvalidFormat',
      `Limit must be between 1 and ${MAX_LIMIT}, got \`${JSON.stringify(limit)}\`.`
    )
  }
  const offset = params.Offset ?? 0
  if (!isNonNegativeInteger(offset)) {
    fail(
      'InvalidParameter.InvalidFormat',
      `Offset must be a non-negative integer, got \`${JSON.stringify(offset)}\`.`
    )
  }
  const sort = sortOrderOf(params, IMAGE_LIST_SORT_FIELDS)
  const filters = params.Filters ?? []
  if (!Array.isArray(filters)) fail('InvalidParameter.InvalidFormat', 'Filters must be an array.')
  /** @type {Array<(entry: Record<string, unknown>) => boolean>} */
  const tests = filters.map((filter) => {
    const { Name: name, Values: values } = filter ?? {}
    if (
      typeof name !== 'string' ||
      !Array.isArray(values) ||
      values.some((value) => typeof value !== 'string')
    ) {
      fail(
        'InvalidParameter.InvalidFormat',
        'Each filter needs a string `Name` and an array of string `Values`.'
      )
    }
    if (!IMAGE_LIST_FILTERS.includes(name)) {
      fail(
        'InvalidParameter.InvalidFormat',
        `Filter \`${name}\` is not supported by this emulator (supported: ${IMAGE_LIST_FILTERS.join(', ')}).`
      )
    }
    const exactMatch = filter.ExactMatch
    if (exactMatch !== undefined && typeof exactMatch !== 'boolean') {
      fail('InvalidParameter.InvalidFormat', 'ExactMatch must be a boolean.')
    }
    if (name === 'ImageID') return (entry) => values.includes(entry.ImageID)
    const match = imageNameMatch(readings.imageNameFilter, exactMatch)
    return (entry) => values.some((value) => match(entry, value))
  })
  const served = counters.imageListRequests
  const listed = [...images.values()]
    .filter((image) => image.name !== undefined && image.listedAfter <= served)
    .map((image) => image.listEntry())
    .filter((entry) => tests.every((test) => test(entry)))
  counters.imageListRequests++
  return {
    List: orderedList(listed, sort, imageListOrder, offset).slice(offset, offset + limit),
    TotalCount: listed.length
  }
}

/**
 * The repository of an ImageName (`host/ns/name:tag` → `host/ns/name`;
 * a digest or a tag after the last `/` is cut).
 *
 * @param {string} imageName
 */
function repositoryOf(imageName) {
  const bare = imageName.split('@')[0]
  const colon = bare.lastIndexOf(':')
  return colon > bare.lastIndexOf('/') ? bare.slice(0, colon) : bare
}

/**
 * How the ImageName filter of DescribeAssetImageList matches one entry.
 * Without ExactMatch, the imageNameFilter reading: 'fuzzy' = the ImageName
 * contains the value, ignoring case; 'exact-repository' = the value is the
 * repository (ImageName without its tag) exactly; 'exact-name-tag' = the
 * value is `name:tag` exactly (ImageName, or ImageName:ImageTag when the
 * ImageName carries no tag). ExactMatch sent: false is the fuzzy match;
 * true the reading's exact match, or under 'fuzzy' the whole ImageName
 * exactly. (AssetFilters.ExactMatch, tcss_models.d.ts, says only "是否模糊查询",
 * "whether to query fuzzily", and no default; the field's name is taken at
 * its word.)
 *
 * @param {string} reading
 * @param {boolean | undefined} exactMatch
 * @returns {(entry: Record<string, unknown>, value: string) => boolean}
 */
function imageNameMatch(reading, exactMatch) {
  const mode =
    exactMatch === false
      ? 'fuzzy'
      : exactMatch === true && reading === 'fuzzy'
        ? 'exact-image-name'
        : reading
  return (entry, value) => {
    const imageName = entry.ImageName
    if (typeof imageName !== 'string') return false
    switch (mode) {
      case 'exact-image-name':
        return imageName === value
      case 'exact-repository':
        return repositoryOf(imageName) === value
      case 'exact-name-tag': {
        const tagged = repositoryOf(imageName) !== imageName.split('@')[0]
        const tag = entry.ImageTag
        const nameTag =
          tagged || typeof tag !== 'string' || tag === '' ? imageName : `${imageName}:${tag}`
        return nameTag === value
      }
      default:
        return imageName.toLowerCase().includes(value.toLowerCase())
    }
  }
}

/**
 * DescribeVirusDetail: one runtime trojan event, served exactly as its
 * scenario holds it (see `virusDetail`).
 *
 * @param {Record<string, unknown>} params
 * @param {ActionContext} context
 * @returns {Record<string, unknown>}
 */
function describeVirusDetail(params, { events }) {
  const id = params.Id
  if (typeof id !== 'string' || id === '') {
    fail('InvalidParameter.MissingParameter', 'The required parameter `Id` is missing.')
  }
  const event = events.get(id)
  if (!event) fail('ResourceNotFound', `The trojan file \`${id}\` does not exist.`)
  return { ...event }
}

/* ------------------------------------------------------------------------ */
/* Scans on demand and registry images                                       */
/* ------------------------------------------------------------------------ */

/**
 * DescribeAssetImageDetail (model DescribeAssetImageDetailResponse): one
 * local image, with IsAuthorized, ScanTime and ScanVirusError.
 *
 * @param {Record<string, unknown>} params
 * @param {ActionContext} context
 */
function describeAssetImageDetail(params, { images }) {
  const imageId = params.ImageID
  if (typeof imageId !== 'string' || imageId === '') {
    fail('InvalidParameter.MissingParameter', 'The required parameter `ImageID` is missing.')
  }
  const image = images.get(imageId)
  if (!image) fail('ResourceNotFound', `The image \`${imageId}\` does not exist.`)
  const entry = image.listEntry()
  const status = image.currentStatus()
  return {
    ImageID: imageId,
    ImageName: image.name ?? '',
    ImageDigest: '',
    CreateTime: entry.CreateTime,
    Size: entry.Size,
    HostCnt: entry.HostCnt,
    ContainerCnt: 0,
    SuperNodeCnt: 0,
    ScanTime: status === 2 ? image.servedScanTime() : '',
    VulCnt: 0,
    RiskCnt: 0,
    SensitiveInfoCnt: 0,
    IsTrustImage: false,
    OsName: 'alpine:v3.20',
    AgentError: '',
    ScanError: '',
    Architecture: 'amd64',
    Author: '',
    BuildHistory: '',
    ScanVirusProgress: status === 2 ? 100 : 0,
    ScanVulProgress: 0,
    ScanRiskProgress: 0,
    ScanVirusError: image.authorized ? '' : 'image not authorized',
    ScanVulError: '',
    ScanRiskError: '',
    ScanStatus: entry.ScanStatus,
    VirusCnt: status === 2 ? image.list.length : 0,
    Status: 0,
    RemainScanTime: 0,
    IsAuthorized: image.authorized,
    Solution: '',
    Reason: '',
    RepoDigests: []
  }
}

/**
 * CreateAssetImageScanTask (model CreateAssetImageScanTaskRequest): starts a
 * task for the listed `Images` with ScanScope 1; ScanScope 0 (the default)
 * means every authorized image, as the model says, and the emulator does
 * exactly that. An unauthorized or already scanning image refuses the task
 * with FailedOperation.ErrAlreadyScanning.
 *
 * @param {Record<string, unknown>} params
 * @param {ActionContext} context
 */
function createAssetImageScanTask(params, { images, tasks, readings }) {
  if (params.ScanVirus !== true && params.ScanVul !== true && params.ScanRisk !== true) {
    fail('InvalidParameter', 'One of ScanVul, ScanVirus and ScanRisk must be true.')
  }
  const scope = params.ScanScope ?? 0
  let targets
  if (scope === 1) {
    const ids = params.Images
    if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) {
      fail('InvalidParameter.MissingParameter', 'ScanScope 1 needs `Images`, a list of ImageIDs.')
    }
    targets = ids.map((id) => {
      const image = images.get(id)
      if (!image) fail('ResourceNotFound', `The image \`${id}\` does not exist.`)
      return image
    })
  } else if (scope === 0) {
    targets = [...images.values()].filter((image) => image.authorized)
  } else {
    fail(
      'InvalidParameter.InvalidFormat',
      `ScanScope ${JSON.stringify(scope)} is not supported by this emulator.`
    )
  }
  for (const image of targets) {
    if (!image.authorized || image.currentStatus() === 1) {
      fail(
        busyCode(readings.localBusyCode),
        'The image is being scanned or has no scan authorization; authorize it before scanning.'
      )
    }
  }
  const id = `task-${tasks.local.size + 1}`
  for (const image of targets) if (params.ScanVirus === true) image.startTask(id)
  tasks.local.set(id, targets)
  return readings.localTaskId === 'absent' ? {} : { TaskID: id }
}

/**
 * The code of a refused scan task under the localBusyCode/registryBusyCode reading.
 *
 * @param {string} reading
 */
function busyCode(reading) {
  return reading === 'FailedOperation' ? 'FailedOperation' : 'FailedOperation.ErrAlreadyScanning'
}

/**
 * A scan task's Status under the localTaskStatus/registryTaskStatus reading.
 * 'task-model' takes the vocabulary of DescribeAssetImageScanTaskResponse.Status
 * (tcss_models.d.ts: "扫描状态(READY:准备 SCANNING:扫描中 END:完成)"); 'unlisted'
 * names no list has, so a client must not need any.
 *
 * @param {string} reading
 * @param {'queued' | 'running' | 'done'} state
 */
function taskStatusName(reading, state) {
  const names = {
    'scanning-scanned': { queued: 'SCANNING', running: 'SCANNING', done: 'SCANNED' },
    'task-model': { queued: 'READY', running: 'SCANNING', done: 'END' },
    unlisted: { queued: 'QUEUED_X', running: 'RUNNING_X', done: 'DONE_X' }
  }
  return names[/** @type {keyof typeof names} */ (reading)][state]
}

/**
 * DescribeAssetImageScanStatus: SCANNING until every image of the task has
 * been read as scanned once, then SCANNED.
 *
 * @param {Record<string, unknown>} params
 * @param {ActionContext} context
 */
function describeAssetImageScanStatus(params, { tasks, readings }) {
  const targets = tasks.local.get(/** @type {string} */ (params.TaskID))
  if (!targets) fail('ResourceNotFound', `The task \`${String(params.TaskID)}\` does not exist.`)
  const done = targets.filter((image) => image.task?.done).length
  const queued = done < targets.length && targets.every((image) => !image.task?.steps)
  const state = done === targets.length ? 'done' : queued ? 'queued' : 'running'
  return {
    ImageTotal: targets.length,
    ImageScanCnt: done,
    Status: taskStatusName(readings.localTaskStatus, state),
    Schedule: Math.round((done / targets.length) * 100),
    SuccessCount: done,
    RiskCount: 0,
    LeftSeconds: done === targets.length ? 0 : 30
  }
}

/** Registry virus statuses in the order a scan moves through them. */
const REGISTRY_STATUS_NAMES = {
  notScanned: 'NOT_SCAN',
  queued: 'WAIT_SCAN',
  scanning: 'SCANNING',
  scanned: 'SCANNED'
}

/**
 * A registry VirusStatus under the registryVirusStatusNames reading.
 * 'short' serves names as given (NOT_SCAN, SCANNING, SCANNED, SCAN_ERR,
 * SCAN_CANCELED). 'model-wide' uses the names the model gives scan statuses
 * elsewhere: WAIT_SCAN for a queued scan (DescribeVulScanLocalImageListRequest's
 * ScanStatus filter, tcss_models.d.ts: "WAIT_SCAN：待检测，SCANNING：检查中，
 * SCANNED：检查完成，SCAN_ERR：检查失败，CANCELED：检测停止") and CANCELED for a
 * canceled one (the same filter, DescribeVulScanInfoResponse.Status:
 * "NOT_SCAN:未扫描，SCANNING:扫描中,SCANNED:完成，CANCELED：扫描停止",
 * VirusTaskInfo.Status: "CANCELED: 已取消"); a scenario's SCAN_CANCELED is served
 * as CANCELED.
 *
 * @param {unknown} name
 * @param {Readings} readings
 * @returns {unknown}
 */
function registryStatusName(name, readings) {
  if (readings.registryVirusStatusNames !== 'model-wide') return name
  return name === 'SCAN_CANCELED' ? 'CANCELED' : name
}

/**
 * The VirusStatus of a scan task not picked up yet: WAIT_SCAN under
 * 'model-wide', SCANNING under 'short'.
 *
 * @param {Readings} readings
 */
function queuedStatusName(readings) {
  return readings.registryVirusStatusNames === 'model-wide'
    ? REGISTRY_STATUS_NAMES.queued
    : REGISTRY_STATUS_NAMES.scanning
}

/** By values accepted for DescribeAssetImageRegistryList: scalar fields of ImageRepoInfo. */
export const REGISTRY_LIST_SORT_FIELDS = Object.freeze([
  'Id',
  'ImageName',
  'ImageTag',
  'ImageSize',
  'ScanTime',
  'VirusCnt',
  'ImageCreateTime'
])

/** The state of one registry image (one `Id` of DescribeAssetImageRegistryList). */
class RegistryImageState {
  /**
   * @param {number} id
   * @param {Record<string, any>} scenario
   * @param {Readings} readings
   */
  constructor(id, scenario, readings) {
    if (!scenario || typeof scenario !== 'object') {
      throw new TypeError(`scenario for registry image ${id} must be an object`)
    }
    const running = scenario.runningScan
    if (running !== undefined && !isNonNegativeInteger(running?.polls)) {
      throw new TypeError(`runningScan for registry image ${id} must be { polls: N }`)
    }
    /** @type {Readings} */
    this.readings = readings
    if (typeof scenario.repository !== 'string' || scenario.repository.split('/').length < 3) {
      throw new TypeError(`registry image ${id} needs a repository HOST/NAMESPACE/NAME`)
    }
    this.id = id
    const parts = scenario.repository.split('/')
    this.host = parts[0]
    this.namespace = parts.slice(1, -1).join('/')
    this.name = parts.at(-1)
    this.repository = scenario.repository
    this.tag = scenario.tag ?? 'latest'
    this.digest = scenario.digest ?? `sha256:${createHash('sha256').update(`${id}`).digest('hex')}`
    this.imageId =
      scenario.imageId ?? `sha256:${createHash('sha256').update(`image-${id}`).digest('hex')}`
    /** @type {unknown[]} VirusStatus for successive detail reads; the last repeats */
    this.virusStatuses = [...(scenario.virusStatuses ?? ['SCANNED'])]
    this.statusSteps = 0
    /** @type {unknown[]} */
    this.scanTimes = [...(scenario.scanTimes ?? [DEFAULT_SCAN_TIME])]
    this.list = [...(scenario.findings ?? [])]
    if (scenario.generate) {
      for (const finding of generateFindings(scenario.generate)) {
        this.list.push(registryVirusRow(/** @type {Record<string, unknown>} */ (finding)))
      }
    }
    this.rescanFindings = Array.isArray(scenario.rescanFindings)
      ? [...scenario.rescanFindings]
      : undefined
    this.authorized = scenario.authorized === 0 ? 0 : 1
    this.listedAfter = scenario.listedAfter ?? 0
    this.listedAfterSync = scenario.listedAfterSync === true
    this.rowCopies = scenario.rowCopies ?? 1
    this.row = { ...(scenario.row ?? {}) }
    this.scanPolls = isNonNegativeInteger(scenario.scanPolls) ? scenario.scanPolls : 2
    /**
     * @type {{ id: number | null, pollsLeft: number, done: boolean, virus: boolean, scanTime: number, reads: number } | null}
     * the scan running or run; id null for a scan started elsewhere (runningScan, e.g. TCR's scan-on-push)
     */
    this.task = running
      ? { id: null, pollsLeft: running.polls, done: false, virus: true, scanTime: 0, reads: 0 }
      : null
    this.tasks = 0
  }

  /**
   * VirusStatus and ScanTime the next detail read shows; advances the sequences.
   *
   * @param {() => number} now
   */
  step(now) {
    if (this.task) {
      const task = this.task
      if (!task.done && task.pollsLeft > 0) {
        const queued = task.reads === 0
        task.reads++
        task.pollsLeft--
        return {
          status: queued ? queuedStatusName(this.readings) : REGISTRY_STATUS_NAMES.scanning,
          time: this.currentTime()
        }
      }
      if (!task.done) {
        task.reads++
        task.done = true
        task.scanTime = Math.floor(now() / 1000) * 1000
        if (this.rescanFindings) this.list = [...this.rescanFindings]
      }
      return { status: REGISTRY_STATUS_NAMES.scanned, time: this.servedTime(task.scanTime) }
    }
    const index = Math.min(this.statusSteps, this.virusStatuses.length - 1)
    const time = this.scanTimes[Math.min(this.statusSteps, this.scanTimes.length - 1)]
    this.statusSteps++
    return { status: this.servedStatus(this.virusStatuses[index]), time: this.servedTime(time) }
  }

  /** @param {unknown} name @returns {unknown} the name under registryVirusStatusNames */
  servedStatus(name) {
    return registryStatusName(name, this.readings)
  }

  /** @param {unknown} time @returns {unknown} the time under scanTimeFormat */
  servedTime(time) {
    return formatScanTime(time, this.readings)
  }

  /** The ScanTime of the last scan as served, without a step. */
  currentTime() {
    return this.servedTime(
      this.scanTimes[Math.min(Math.max(this.statusSteps - 1, 0), this.scanTimes.length - 1)]
    )
  }

  /** The status without a step (for the list). */
  peek() {
    if (this.task) {
      if (this.task.done) return REGISTRY_STATUS_NAMES.scanned
      return this.task.reads === 0
        ? queuedStatusName(this.readings)
        : REGISTRY_STATUS_NAMES.scanning
    }
    return this.servedStatus(
      this.virusStatuses[Math.min(Math.max(this.statusSteps - 1, 0), this.virusStatuses.length - 1)]
    )
  }

  /** Whether a scan is queued or running, so that a new task is refused. */
  busy() {
    if (this.task && !this.task.done) return true
    const status = this.peek()
    return status === REGISTRY_STATUS_NAMES.scanning || status === REGISTRY_STATUS_NAMES.queued
  }

  /** ImageRepoAddress under the registryAddress reading. */
  address() {
    return this.readings.registryAddress === 'host-only' ? this.host : this.repository
  }

  /**
   * ScanStatus/CveStatus/RiskStatus for a VirusStatus: the same under
   * 'same-as-virus'; under 'independent' the other scans are elsewhere
   * (SCANNING while the virus scan is SCANNED, SCANNED otherwise).
   *
   * @param {unknown} virusStatus
   */
  otherScanStatus(virusStatus) {
    if (this.readings.registryScanStatus !== 'independent') return virusStatus
    return virusStatus === REGISTRY_STATUS_NAMES.scanned
      ? REGISTRY_STATUS_NAMES.scanning
      : REGISTRY_STATUS_NAMES.scanned
  }

  /** @returns {Record<string, unknown>} an ImageRepoInfo row */
  listRow() {
    const status = this.peek()
    const other = this.otherScanStatus(status)
    return {
      ImageDigest: this.digest,
      ImageRepoAddress: this.address(),
      RegistryType: 'tcr',
      ImageName: this.name,
      ImageTag: this.tag,
      ImageSize: 16159906,
      ScanTime: this.task?.done ? this.servedTime(this.task.scanTime) : this.currentTime(),
      ScanStatus: other,
      VulCnt: 0,
      VirusCnt: this.list.length,
      RiskCnt: 0,
      IsTrustImage: false,
      OsName: 'alpine:v3.20',
      ScanVirusError: '',
      ScanVulError: '',
      InstanceId: 'tcr-emulator',
      InstanceName: 'emulator',
      Namespace: this.namespace,
      ScanRiskError: '',
      ScanVirusProgress: 0,
      ScanVulProgress: 0,
      ScanRiskProgress: 0,
      ScanRemainTime: 0,
      CveStatus: other,
      RiskStatus: other,
      VirusStatus: status,
      Progress: 0,
      IsAuthorized: this.authorized,
      RegistryRegion: 'ap-guangzhou',
      Id: this.id,
      ImageId: this.imageId,
      ImageCreateTime: '2026-11-20 17:58:00',
      IsLatestImage: true,
      LowLevelVulCnt: 0,
      MediumLevelVulCnt: 0,
      HighLevelVulCnt: 0,
      CriticalLevelVulCnt: 0,
      ContainerCnt: 0,
      ComponentCnt: 0,
      IsRunning: false,
      HasNeedFixVul: false,
      SensitiveInfoCnt: 0,
      RecommendedFix: false,
      Solution: '',
      Reason: '',
      ...this.row
    }
  }
}

/**
 * An ImageVirus row (DescribeAssetImageRegistryVirusList) from an
 * ImageVirusInfo-shaped finding: FileMd5, FileSize, RiskLevel as a numeric
 * string, Path without its leading `/`.
 *
 * @param {Record<string, unknown>} finding
 */
export function registryVirusRow(finding) {
  return {
    Path: typeof finding.Path === 'string' ? finding.Path.replace(/^\/+/, '') : finding.Path,
    RiskLevel:
      typeof finding.RiskLevel === 'number' ? String(finding.RiskLevel) : finding.RiskLevel,
    Category: 'trojan',
    VirusName: finding.VirusName,
    Tags: finding.Tags ?? [],
    Desc: finding.Desc,
    Solution: finding.Solution,
    FileType: 'ELF',
    FileName: finding.FileName,
    FileMd5: finding.Md5,
    FileSize: finding.Size,
    FirstScanTime: finding.FirstScanTime,
    LatestScanTime: finding.LatestScanTime
  }
}

/**
 * @param {Record<string, unknown>} params
 * @param {ActionContext} context
 */
function describeAssetImageRegistryList(params, { registry, counters }) {
  const limit = params.Limit ?? DEFAULT_LIMIT
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    fail('InvalidParameter.InvalidFormat', `Limit must be between 1 and ${MAX_LIMIT}.`)
  }
  const offset = params.Offset ?? 0
  if (!isNonNegativeInteger(offset))
    fail('InvalidParameter.InvalidFormat', 'Offset must be a non-negative integer.')
  const sort = sortOrderOf(params, REGISTRY_LIST_SORT_FIELDS)
  const served = counters.registryListRequests++
  const rows = [...registry.images.values()]
    .filter((image) => image.listedAfter <= served && (!image.listedAfterSync || registry.synced))
    .flatMap((image) => Array.from({ length: image.rowCopies }, () => image.listRow()))
  return {
    List: orderedList(rows, sort, null, offset).slice(offset, offset + limit),
    TotalCount: rows.length
  }
}

/** @param {Record<string, unknown>} params @param {ActionContext} context */
function registryImageOf(params, { registry }) {
  const id = params.Id
  if (typeof id !== 'number' || !Number.isInteger(id)) {
    fail(
      'InvalidParameter.MissingParameter',
      'The required parameter `Id` (an integer) is missing.'
    )
  }
  const image = registry.images.get(id)
  if (!image) fail('ResourceNotFound', `The registry image \`${id}\` does not exist.`)
  return image
}

/** @param {Record<string, unknown>} params @param {ActionContext} context */
function describeAssetImageRegistryDetail(params, context) {
  const image = registryImageOf(params, context)
  const { status, time } = image.step(context.now)
  const row = image.listRow()
  const other = image.otherScanStatus(status)
  return {
    ImageDigest: row.ImageDigest,
    ImageRepoAddress: row.ImageRepoAddress,
    RegistryType: row.RegistryType,
    ImageName: row.ImageName,
    ImageTag: row.ImageTag,
    ScanTime: time,
    ScanStatus: other,
    VulCnt: 0,
    VirusCnt: image.list.length,
    RiskCnt: 0,
    OsName: row.OsName,
    ScanVirusError: image.authorized ? '' : 'image not authorized',
    ScanVulError: '',
    LayerInfo: '',
    InstanceId: row.InstanceId,
    InstanceName: row.InstanceName,
    Namespace: row.Namespace,
    ScanRiskError: '',
    ScanVirusProgress: status === 'SCANNED' ? 100 : 0,
    ScanVulProgress: 0,
    ScanRiskProgress: 0,
    ScanRemainTime: 0,
    CveStatus: other,
    RiskStatus: other,
    VirusStatus: status,
    Progress: 0,
    IsAuthorized: image.authorized,
    ImageSize: row.ImageSize,
    ImageId: row.ImageId,
    RegistryRegion: row.RegistryRegion,
    ImageCreateTime: row.ImageCreateTime,
    SensitiveInfoCnt: 0,
    Id: image.id,
    Solution: '',
    Reason: ''
  }
}

/** @param {Record<string, unknown>} params @param {ActionContext} context */
function describeAssetImageRegistryVirusList(params, context) {
  const image = registryImageOf(params, context)
  if (params.Order !== undefined || params.By !== undefined) {
    fail('UnknownParameter', 'DescribeAssetImageRegistryVirusList has no Order or By.')
  }
  const limit = params.Limit ?? DEFAULT_LIMIT
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    fail('InvalidParameter.InvalidFormat', `Limit must be between 1 and ${MAX_LIMIT}.`)
  }
  const offset = params.Offset ?? 0
  if (!isNonNegativeInteger(offset))
    fail('InvalidParameter.InvalidFormat', 'Offset must be a non-negative integer.')
  const rows =
    context.readings.registryVirusListOrder === 'risk-level-page-ties'
      ? riskLevelPageTies(image.list, 'asc', offset, limit)
      : image.list
  return { List: rows.slice(offset, offset + limit), TotalCount: image.list.length }
}

/** @param {Record<string, unknown>} params @param {ActionContext} context */
function createAssetImageRegistryScanTask(params, { registry, tasks, readings }) {
  const ids = params.Id
  if (params.All === true || !Array.isArray(ids) || ids.length === 0) {
    fail(
      'InvalidParameter',
      'This emulator scans listed registry images only: give `Id`, a list of Ids.'
    )
  }
  const targets = ids.map((id) => {
    const image = registry.images.get(/** @type {number} */ (id))
    if (!image) fail('ResourceNotFound', `The registry image \`${String(id)}\` does not exist.`)
    return image
  })
  for (const image of targets) {
    if (!image.authorized || image.busy()) {
      fail(
        busyCode(readings.registryBusyCode),
        'The image is being scanned or has no scan authorization; authorize it before scanning.'
      )
    }
  }
  const virus = Array.isArray(params.ScanType) && params.ScanType.includes('VIRUS')
  const id = tasks.registry.size + 1
  for (const image of targets) {
    image.tasks++
    if (virus) {
      image.task = { id, pollsLeft: image.scanPolls, done: false, virus, scanTime: 0, reads: 0 }
    }
  }
  tasks.registry.set(id, targets)
  return readings.registryTaskId === 'absent' ? {} : { TaskID: id }
}

/** @param {Record<string, unknown>} params @param {ActionContext} context */
function describeAssetImageRegistryScanStatusOneKey(params, { tasks, registry, readings }) {
  /** @type {RegistryImageState[] | undefined} */
  let targets
  if (params.TaskID === undefined && Array.isArray(params.Id) && params.Id.length > 0) {
    // No TaskID (a task created without one): the progress of the images named.
    targets = params.Id.map((id) => {
      const image = registry.images.get(/** @type {number} */ (id))
      if (!image) fail('ResourceNotFound', `The registry image \`${String(id)}\` does not exist.`)
      return image
    })
  } else {
    targets = tasks.registry.get(/** @type {number} */ (params.TaskID))
  }
  if (!targets) fail('ResourceNotFound', `The task \`${String(params.TaskID)}\` does not exist.`)
  const done = targets.filter((image) => !image.task || image.task.done).length
  const queued = done < targets.length && targets.every((image) => !image.task?.reads)
  const state = done === targets.length ? 'done' : queued ? 'queued' : 'running'
  return {
    ImageTotal: targets.length,
    ImageScanCnt: done,
    ImageStatus: targets.map((image) => ({
      ImageId: image.imageId,
      RegistryType: 'tcr',
      ImageRepoAddress: image.address(),
      InstanceId: 'tcr-emulator',
      InstanceName: 'emulator',
      Namespace: image.namespace,
      ImageName: image.name,
      ImageTag: image.tag,
      ScanStatus: image.peek(),
      CveProgress: 0,
      RiskProgress: 0,
      VirusProgress: image.task?.done ? 100 : 0
    })),
    SuccessCount: done,
    RiskCount: 0,
    Schedule: Math.round((done / targets.length) * 100),
    Status: taskStatusName(readings.registryTaskStatus, state),
    ScanRemainTime: 0
  }
}

/** @param {Record<string, unknown>} params @param {ActionContext} context */
function syncAssetImageRegistryAsset(params, { registry }) {
  if (params.All !== true && !Array.isArray(params.RegistryIds)) {
    fail('InvalidParameter', 'Give All or RegistryIds.')
  }
  registry.syncs++
  registry.syncPollsLeft = registry.syncPolls
  registry.syncing = true
  return {}
}

/**
 * DescribeAssetImageRegistryAssetStatus: under 'completes', `doing` for
 * `registrySyncPolls` reads after a sync, then `success` (and the images
 * listed after a sync appear). Under 'stuck-doing', `doing` with Err
 * "rpc service error" on every read, as tccli's example shows; the images
 * appear all the same once the usual number of reads has passed.
 *
 * @param {Record<string, unknown>} _params
 * @param {ActionContext} context
 */
function describeAssetImageRegistryAssetStatus(_params, { registry, readings, now }) {
  const stuck = readings.registrySync === 'stuck-doing'
  const lastSuccess = () => formatScanTime(registry.lastSyncSuccess, readings)
  if (registry.syncing) {
    if (registry.syncPollsLeft > 0) {
      registry.syncPollsLeft--
      return stuck
        ? { Status: 'doing', Err: 'rpc service error', LatestSyncSuccessTime: lastSuccess() }
        : { Status: 'doing', Err: '', LatestSyncSuccessTime: '' }
    }
    registry.syncing = false
    registry.synced = true
    if (!stuck) registry.lastSyncSuccess = Math.floor(now() / 1000) * 1000
  }
  if (stuck) {
    return { Status: 'doing', Err: 'rpc service error', LatestSyncSuccessTime: lastSuccess() }
  }
  return { Status: 'success', Err: '', LatestSyncSuccessTime: lastSuccess() }
}

/**
 * DescribeAssetImageRegistryRegistryList (model ImageRepoRegistryInfo): the
 * registries connected to TCSS, one row per host of `connectedRegistries`
 * (by default every host the registry images are on). Not an action the gate
 * calls; a read that shows whether a registry is connected at all.
 *
 * @param {Record<string, unknown>} params
 * @param {ActionContext} context
 */
function describeAssetImageRegistryRegistryList(params, { registry }) {
  const limit = params.Limit ?? DEFAULT_LIMIT
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    fail('InvalidParameter.InvalidFormat', `Limit must be between 1 and ${MAX_LIMIT}.`)
  }
  const offset = params.Offset ?? 0
  if (!isNonNegativeInteger(offset))
    fail('InvalidParameter.InvalidFormat', 'Offset must be a non-negative integer.')
  /** @type {string[]} */
  const hosts = registry.connected
  const rows = hosts.map((host, index) => ({
    RegistryId: index + 1,
    Name: host.split('.')[0],
    RegistryType: 'tcr',
    Url: `https://${host}`,
    NetType: 'public',
    RegistryRegion: 'ap-guangzhou',
    RegistryVersion: 'V2',
    ConnectMsg: '',
    ConnDetectType: 'Internet',
    ConnDetectHostCount: 0,
    ConnDetectDetail: [],
    InstanceID: `tcr-emulator-${index + 1}`,
    LatestSyncTime: formatScanTime(registry.lastSyncSuccess, registry.readings),
    SyncStatus: 'SUCCESS',
    SyncFailReason: '',
    SyncSolution: '',
    SyncMessage: '',
    SyncMode: 0
  }))
  return { List: rows.slice(offset, offset + limit), TotalCount: rows.length }
}

/**
 * The write actions this emulator implements: each starts or changes
 * something on the service. A read-only client (the doctor) sends none.
 */
export const WRITE_ACTIONS = Object.freeze([
  'CreateAssetImageScanTask',
  'CreateAssetImageRegistryScanTask',
  'SyncAssetImageRegistryAsset'
])

/**
 * The actions this emulator implements, by name. Add an entry to support
 * another action; each handler validates its own parameters and returns the
 * Response fields (RequestId is added by the caller) or throws ApiFailure.
 *
 * @type {Record<string, (params: Record<string, unknown>, context: ActionContext) => Record<string, unknown>>}
 */
const ACTIONS = {
  DescribeAssetImageVirusList: describeAssetImageVirusList,
  DescribeAssetImageList: describeAssetImageList,
  DescribeVirusDetail: describeVirusDetail,
  DescribeAssetImageDetail: describeAssetImageDetail,
  CreateAssetImageScanTask: createAssetImageScanTask,
  DescribeAssetImageScanStatus: describeAssetImageScanStatus,
  DescribeAssetImageRegistryList: describeAssetImageRegistryList,
  DescribeAssetImageRegistryDetail: describeAssetImageRegistryDetail,
  DescribeAssetImageRegistryVirusList: describeAssetImageRegistryVirusList,
  CreateAssetImageRegistryScanTask: createAssetImageRegistryScanTask,
  DescribeAssetImageRegistryScanStatusOneKey: describeAssetImageRegistryScanStatusOneKey,
  SyncAssetImageRegistryAsset: syncAssetImageRegistryAsset,
  DescribeAssetImageRegistryAssetStatus: describeAssetImageRegistryAssetStatus,
  DescribeAssetImageRegistryRegistryList: describeAssetImageRegistryRegistryList
}

/* ------------------------------------------------------------------------ */
/* STS (AssumeRoleWithWebIdentity)                                           */
/* ------------------------------------------------------------------------ */

/** The STS API version the emulator implements. */
export const STS_API_VERSION = '2018-08-13'

/** STS actions served on the same host; they skip the TC3 signature check (`Authorization: SKIP`). */
const STS_ACTIONS = ['AssumeRoleWithWebIdentity']

/** What STS gives when DurationSeconds is not sent, and the most it gives. */
const STS_DEFAULT_DURATION_S = 7200
const STS_MAX_DURATION_S = 43200

/**
 * Checks the STS configuration given to startEmulator and returns it with
 * every field present.
 *
 * @param {unknown} sts
 * @returns {{ providers: Map<string, { issuer: string, publicKey: import('node:crypto').KeyObject, clientIds: string[] }>, roles: Map<string, { providerIds: string[], subjects: string[] | null }>, maxDurationSeconds: number, credentials: Array<{ secretId: string, secretKey: string, token: string }> } | null}
 */
function stsConfig(sts) {
  if (sts === undefined || sts === null) return null
  if (typeof sts !== 'object') throw new TypeError('sts must be an object')
  const {
    providers = [],
    roles = [],
    maxDurationSeconds = STS_MAX_DURATION_S,
    credentials = []
  } = /** @type {Record<string, any>} */ (sts)
  if (
    !Array.isArray(credentials) ||
    credentials.some(
      (credential) =>
        typeof credential?.secretId !== 'string' ||
        typeof credential.secretKey !== 'string' ||
        typeof credential.token !== 'string'
    )
  ) {
    throw new TypeError('sts.credentials must be an array of { secretId, secretKey, token }')
  }
  if (!Array.isArray(providers) || !Array.isArray(roles)) {
    throw new TypeError('sts.providers and sts.roles must be arrays')
  }
  const providerMap = new Map()
  for (const provider of providers) {
    const { providerId, issuer, publicKey, clientIds } = provider ?? {}
    if (
      typeof providerId !== 'string' ||
      typeof issuer !== 'string' ||
      (typeof publicKey !== 'string' && !(publicKey instanceof KeyObject)) ||
      !Array.isArray(clientIds) ||
      clientIds.some((id) => typeof id !== 'string')
    ) {
      throw new TypeError(
        'each sts provider needs providerId, issuer, publicKey (PEM) and clientIds (strings)'
      )
    }
    providerMap.set(providerId, {
      issuer,
      publicKey: typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey,
      clientIds: [...clientIds]
    })
  }
  const roleMap = new Map()
  for (const role of roles) {
    const { roleArn, providerIds, subjects } = role ?? {}
    if (
      typeof roleArn !== 'string' ||
      !Array.isArray(providerIds) ||
      (subjects !== undefined && !Array.isArray(subjects))
    ) {
      throw new TypeError('each sts role needs roleArn, providerIds and optionally subjects')
    }
    roleMap.set(roleArn, {
      providerIds: [...providerIds],
      subjects: subjects ? [...subjects] : null
    })
  }
  if (!isNonNegativeInteger(maxDurationSeconds) || maxDurationSeconds === 0) {
    throw new TypeError('sts.maxDurationSeconds must be a positive integer')
  }
  return {
    providers: providerMap,
    roles: roleMap,
    maxDurationSeconds,
    credentials: credentials.map((credential) => ({ ...credential }))
  }
}

/**
 * Whether `value` matches a trust-policy pattern, where `*` stands for any
 * run of characters (as in CAM's string_like condition).
 *
 * @param {string} pattern
 * @param {string} value
 * @returns {boolean}
 */
function likeMatch(pattern, value) {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${source}$`, 's').test(value)
}

/**
 * Verifies an OIDC ID token the way STS does for an identity provider: a JWT
 * signed RS256 with the provider's key, from its issuer, for one of its client
 * IDs, and not expired. Returns the claims.
 *
 * @param {unknown} token
 * @param {{ issuer: string, publicKey: import('node:crypto').KeyObject, clientIds: string[] }} provider
 * @param {number} nowSeconds
 * @returns {Record<string, unknown>}
 */
function verifyWebIdentityToken(token, provider, nowSeconds) {
  const code = 'InvalidParameter.WebIdentityTokenError'
  const parts = typeof token === 'string' ? token.split('.') : []
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) {
    fail(code, 'WebIdentityToken is not a JSON Web Token.')
  }
  /** @type {Record<string, unknown>} */
  let header
  /** @type {Record<string, unknown>} */
  let claims
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'))
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
  } catch {
    fail(code, 'WebIdentityToken is not a JSON Web Token.')
  }
  if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object') {
    fail(code, 'WebIdentityToken is not a JSON Web Token.')
  }
  if (header.alg !== 'RS256') {
    fail(code, `WebIdentityToken is signed with \`${String(header.alg)}\`; RS256 is expected.`)
  }
  const signed = cryptoVerify(
    'RSA-SHA256',
    Buffer.from(`${parts[0]}.${parts[1]}`),
    provider.publicKey,
    Buffer.from(parts[2], 'base64url')
  )
  if (!signed)
    fail(code, "WebIdentityToken's signature does not match the identity provider's key.")
  if (claims.iss !== provider.issuer) {
    fail(
      code,
      `WebIdentityToken's issuer \`${String(claims.iss)}\` is not the identity provider's.`
    )
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
  if (!audiences.some((aud) => typeof aud === 'string' && provider.clientIds.includes(aud))) {
    fail(
      code,
      `WebIdentityToken's audience \`${String(claims.aud)}\` is not a client ID of the identity provider.`
    )
  }
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) {
    fail(code, 'WebIdentityToken has expired.')
  }
  if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds + 60) {
    fail(code, 'WebIdentityToken is not valid yet.')
  }
  return claims
}

/**
 * A random string of letters and digits.
 *
 * @param {number} length
 * @returns {string}
 */
function randomAlphanumeric(length) {
  let text = ''
  while (text.length < length) text += randomBytes(length).toString('base64').replace(/[+/=]/g, '')
  return text.slice(0, length)
}

/* ------------------------------------------------------------------------ */
/* Server                                                                    */
/* ------------------------------------------------------------------------ */

/**
 * The answer an event scenario stands for: the fields of `virusDetail(id)`
 * with the scenario's on top, or the scenario alone when `exact` is true.
 *
 * @param {string} id
 * @param {Record<string, unknown>} scenario
 * @returns {Record<string, unknown>}
 */
function eventState(id, scenario) {
  if (!scenario || typeof scenario !== 'object' || Array.isArray(scenario)) {
    throw new TypeError(`scenario for event ${id} must be an object`)
  }
  const { exact, fields = {} } =
    /** @type {{ exact?: unknown, fields?: Record<string, unknown> }} */ (scenario)
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
    throw new TypeError(`fields for event ${id} must be an object`)
  }
  return exact === true ? { ...fields } : virusDetail(id, fields)
}

/**
 * Reads a request body up to a size limit.
 *
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer | null>} null when the body is too large
 */
function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = []
    let size = 0
    let tooLarge = false
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) tooLarge = true
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)))
    req.on('error', reject)
    req.on('aborted', () => reject(new Error('request aborted')))
  })
}

/**
 * @param {unknown} value
 * @returns {number | null}
 */
function numberOrNull(value) {
  return typeof value === 'number' ? value : null
}

/**
 * The hosts of the registries connected to TCSS: as given, or by default every
 * host the registry images are on, in the order first seen.
 *
 * @param {unknown} given
 * @param {Map<number, RegistryImageState>} images
 * @returns {string[]}
 */
function connectedRegistries(given, images) {
  if (given === undefined) return [...new Set([...images.values()].map((image) => image.host))]
  if (!Array.isArray(given) || given.some((host) => typeof host !== 'string' || host === '')) {
    throw new TypeError('connectedRegistries must be an array of registry hosts')
  }
  return [...given]
}

/**
 * The regions the service answers in (null: any, or none given).
 *
 * @param {unknown} given
 * @returns {string[] | null}
 */
function regionList(given) {
  if (given === undefined) return null
  if (
    !Array.isArray(given) ||
    given.some((region) => typeof region !== 'string' || region === '')
  ) {
    throw new TypeError('regions must be an array of region names')
  }
  return [...given]
}

/**
 * An option naming actions: each must be one the emulator implements.
 *
 * @param {unknown} given
 * @param {string} what
 * @returns {string[]}
 */
function actionList(given, what) {
  if (given === undefined) return []
  if (!Array.isArray(given) || given.some((action) => !Object.hasOwn(ACTIONS, action))) {
    throw new TypeError(`${what} must be an array of action names the emulator implements`)
  }
  return [...given]
}

/**
 * Starts an emulator on 127.0.0.1 (by default on an ephemeral port).
 *
 * @param {import('./emulator.d.mts').EmulatorOptions} [options]
 * @returns {Promise<import('./emulator.d.mts').Emulator>}
 */
export async function startEmulator(options = {}) {
  const host = options.host ?? '127.0.0.1'
  const credentials = (options.credentials ?? [DEFAULT_CREDENTIAL]).map((credential) => ({
    ...credential
  }))
  if (credentials.length === 0) throw new TypeError('credentials must not be empty')
  /** @type {Map<string, { secretId: string, secretKey: string, token?: string, expiresAt?: number }>} */
  const credentialsById = new Map()
  for (const credential of credentials) {
    if (typeof credential.secretId !== 'string' || typeof credential.secretKey !== 'string') {
      throw new TypeError('each credential needs a string secretId and secretKey')
    }
    credentialsById.set(credential.secretId, credential)
  }
  const latencyMs = options.latencyMs ?? 0
  const rateLimit = options.rateLimit === undefined ? 20 : options.rateLimit
  const rateLimitCountsRefused = options.rateLimitCountsRefused === true
  const maxClockSkewSeconds = options.maxClockSkewSeconds ?? 300
  const faultHoldMs = options.faultHoldMs ?? 30000
  const redirectTo = options.redirectTo
  const now = options.now ?? Date.now
  const onRequest = options.onRequest
  const sts = stsConfig(options.sts)
  const readings = resolveReadings(options.readings)
  /** @type {import('./emulator.d.mts').IssuedCredential[]} */
  const issuedCredentials = []

  /** @type {Map<string, ImageState>} */
  const images = new Map()
  for (const [imageId, scenario] of Object.entries(options.images ?? {})) {
    images.set(imageId, new ImageState(imageId, scenario, readings))
  }
  /** @type {Map<string, Record<string, unknown>>} */
  const events = new Map()
  for (const [id, scenario] of Object.entries(options.events ?? {})) {
    events.set(id, eventState(id, scenario))
  }
  let faults = new FaultInjector(options.faults)
  /** Served requests per action, for actions whose answers depend on them. */
  const counters = { imageListRequests: 0, registryListRequests: 0 }
  /** Registry images by Id, and the one registry asset sync state. */
  const registry = {
    /** @type {Map<number, RegistryImageState>} */
    images: new Map(),
    synced: false,
    syncing: false,
    syncs: 0,
    syncPolls: options.registrySyncPolls ?? 1,
    syncPollsLeft: 0,
    /** Unix ms of the last successful sync (LatestSyncSuccessTime). */
    lastSyncSuccess: DEFAULT_SCAN_TIME
  }
  for (const [id, scenario] of Object.entries({
    ...options.registryImages,
    ...listedPushes(options.multiPlatformPushes, readings)
  })) {
    registry.images.set(Number(id), new RegistryImageState(Number(id), scenario, readings))
  }
  registry.readings = readings
  registry.connected = connectedRegistries(options.connectedRegistries, registry.images)
  const deniedActions = actionList(options.deniedActions, 'deniedActions')
  const serviceRoleMissing = options.serviceRoleMissing === true
  const regions = regionList(options.regions)
  /** Scan tasks by TaskID. */
  const tasks = { local: new Map(), registry: new Map() }
  const imageListSeed = unstableOrderSeed(options.imageListUnstableOrder, 'imageListUnstableOrder')
  const imageListOrder = imageListSeed === null ? null : new UnstableOrder(imageListSeed)

  /** @type {import('./emulator.d.mts').RequestRecord[]} */
  const requests = []
  /** Arrival times of the requests the rate limit counts (admitted ones; refused ones too with rateLimitCountsRefused). */
  let admitted = /** @type {number[]} */ ([])
  // The whole-seconds and bucket readings of rateLimitWindow.
  let currentSecond = Number.NaN
  let inSecond = 0
  let tokens = rateLimit ?? 0
  let refilledAt = performance.now()
  let closed = false
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set()
  /** @type {Set<{ timer: NodeJS.Timeout, resolve: () => void }>} */
  const waits = new Set()

  /**
   * Waits before answering. Resolves to true when it is still worth
   * answering, false when the emulator was closed or the client went away
   * in the meantime.
   *
   * @param {number} ms
   * @param {import('node:http').ServerResponse} res
   * @returns {Promise<boolean>}
   */
  function pause(ms, res) {
    if (closed || res.destroyed) return Promise.resolve(false)
    if (ms <= 0) return Promise.resolve(true)
    return new Promise((resolve) => {
      const finish = (/** @type {boolean} */ value) => {
        clearTimeout(entry.timer)
        waits.delete(entry)
        res.off('close', onClose)
        resolve(value)
      }
      const onClose = () => finish(false)
      const entry = {
        timer: setTimeout(() => finish(!closed && !res.destroyed), ms),
        resolve: () => finish(false)
      }
      waits.add(entry)
      res.on('close', onClose)
    })
  }

  /**
   * Admits a request through the rolling-window rate limit. A refused
   * request holds a place in the window too when rateLimitCountsRefused is
   * set (a service that counts every call it receives).
   *
   * @param {number} arrival performance.now() at arrival
   * @returns {number} 0 when admitted, else the count that exceeded the limit
   */
  function admit(arrival) {
    if (!rateLimit) return 0
    if (readings.rateLimitWindow === 'whole-seconds') {
      const second = Math.floor(arrival / 1000)
      if (second !== currentSecond) {
        currentSecond = second
        inSecond = 0
      }
      if (inSecond >= rateLimit) {
        if (rateLimitCountsRefused) inSecond += 1
        return inSecond + (rateLimitCountsRefused ? 0 : 1)
      }
      inSecond += 1
      return 0
    }
    if (readings.rateLimitWindow === 'bucket') {
      tokens = Math.min(rateLimit, tokens + ((arrival - refilledAt) * rateLimit) / 1000)
      refilledAt = arrival
      if (tokens < 1) {
        if (rateLimitCountsRefused) tokens -= 1
        return rateLimit + 1
      }
      tokens -= 1
      return 0
    }
    const horizon = arrival - RATE_WINDOW_MS
    let first = 0
    while (first < admitted.length && admitted[first] <= horizon) first++
    if (first > 0) admitted = admitted.slice(first)
    if (admitted.length >= rateLimit) {
      if (rateLimitCountsRefused) admitted.push(arrival)
      return admitted.length + (rateLimitCountsRefused ? 0 : 1)
    }
    admitted.push(arrival)
    return 0
  }

  /**
   * STS AssumeRoleWithWebIdentity, answered on the TCSS host so that a client
   * pointed at the emulator reaches both. Like the real action it takes no
   * signature (`Authorization: SKIP`): the ID token is the proof. The token is
   * checked against the identity provider named by ProviderId, the role's
   * trust against the token's `sub`, and the temporary credentials issued are
   * then accepted for TCSS calls until they expire.
   *
   * @param {import('node:http').IncomingMessage} req
   * @param {Record<string, unknown>} params
   * @returns {Record<string, unknown>} Response fields
   */
  function runSts(req, params) {
    const action = /** @type {string} */ (req.headers['x-tc-action'])
    if (req.headers.authorization !== 'SKIP') {
      fail(
        'AuthFailure.InvalidAuthorization',
        `${action} is not signed: send the header \`Authorization: SKIP\`.`
      )
    }
    const timestampHeader = req.headers['x-tc-timestamp']
    const timestamp = typeof timestampHeader === 'string' ? Number(timestampHeader) : NaN
    const serverSeconds = Math.floor(now() / 1000)
    if (
      !/^\d+$/.test(String(timestampHeader ?? '')) ||
      Math.abs(serverSeconds - timestamp) > maxClockSkewSeconds
    ) {
      fail(
        'AuthFailure.SignatureExpire',
        'X-TC-Timestamp is missing or too far from the server time.'
      )
    }
    const version = req.headers['x-tc-version']
    if (version !== STS_API_VERSION) {
      fail('NoSuchVersion', `Version \`${String(version)}\` of service sts does not exist.`)
    }
    if (typeof req.headers['x-tc-region'] !== 'string' || req.headers['x-tc-region'] === '') {
      fail('MissingParameter', 'The request is missing the required parameter `Region`.')
    }
    if (!sts)
      fail('UnsupportedOperation', 'This emulator was started without an sts configuration.')

    for (const name of ['ProviderId', 'WebIdentityToken', 'RoleArn', 'RoleSessionName']) {
      if (typeof params[name] !== 'string' || params[name] === '') {
        fail('InvalidParameter.ParamError', `The required parameter \`${name}\` is missing.`)
      }
    }
    const {
      ProviderId: providerId,
      RoleArn: roleArn,
      RoleSessionName: sessionName
    } = /** @type {Record<string, string>} */ (params)
    if (!/^[\w+=,.@-]{2,128}$/.test(sessionName)) {
      fail('InvalidParameter.ParamError', 'RoleSessionName must be 2 to 128 of [A-Za-z0-9+=,.@_-].')
    }
    const duration = params.DurationSeconds ?? STS_DEFAULT_DURATION_S
    if (!isNonNegativeInteger(duration) || duration === 0) {
      fail('InvalidParameter.ParamError', 'DurationSeconds must be a positive integer.')
    }
    if (duration > sts.maxDurationSeconds) {
      fail(
        'InvalidParameter.OverTimeError',
        `DurationSeconds ${duration} exceeds the limit of ${sts.maxDurationSeconds}.`
      )
    }
    const provider = sts.providers.get(providerId)
    if (!provider) {
      fail('InvalidParameter.ParamError', `The identity provider \`${providerId}\` does not exist.`)
    }
    const claims = verifyWebIdentityToken(params.WebIdentityToken, provider, serverSeconds)
    const role = sts.roles.get(roleArn)
    if (!role) fail('ResourceNotFound.RoleNotFound', `The role \`${roleArn}\` does not exist.`)
    const subject = typeof claims.sub === 'string' ? claims.sub : ''
    if (
      !role.providerIds.includes(providerId) ||
      (role.subjects !== null && !role.subjects.some((pattern) => likeMatch(pattern, subject)))
    ) {
      fail(
        'UnauthorizedOperation',
        `The trust policy of role \`${roleArn}\` does not allow this web identity (sub \`${subject}\`).`
      )
    }

    const expiredTime = serverSeconds + duration
    const issued = {
      ...(sts.credentials.shift() ?? {
        secretId: `AKID${randomAlphanumeric(32)}`,
        secretKey: randomAlphanumeric(32),
        token: `${randomAlphanumeric(40)}.${randomBytes(96).toString('base64url')}`
      }),
      roleArn,
      sessionName,
      subject,
      expiredTime
    }
    issuedCredentials.push(issued)
    credentialsById.set(issued.secretId, {
      secretId: issued.secretId,
      secretKey: issued.secretKey,
      token: issued.token,
      expiresAt: expiredTime * 1000
    })
    return {
      Credentials: {
        Token: issued.token,
        TmpSecretId: issued.secretId,
        TmpSecretKey: issued.secretKey
      },
      ExpiredTime: expiredTime,
      Expiration: new Date(expiredTime * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
    }
  }

  /**
   * Runs the checks of the real service in order, then the action.
   *
   * @param {import('node:http').IncomingMessage} req
   * @param {Buffer} body
   * @param {Record<string, unknown> | null} params parsed body
   * @param {number} arrival
   * @param {import('./emulator.d.mts').RequestRecord} record
   * @returns {Record<string, unknown>} Response fields
   */
  function verifyAndRun(req, body, params, arrival, record) {
    if (req.method !== 'POST') {
      fail(
        'UnsupportedProtocol',
        `HTTP method ${req.method} is not supported; send a POST request with a JSON body.`
      )
    }
    const contentType = req.headers['content-type'] ?? ''
    if (!/^application\/json\s*(;|$)/i.test(contentType)) {
      fail(
        'InvalidParameter.ParsingError',
        `Content-Type \`${contentType}\` is not supported; use application/json.`
      )
    }
    if (!params) fail('InvalidParameter.ParsingError', 'The request body is not a JSON object.')
    const actionHeader = req.headers['x-tc-action']
    if (typeof actionHeader === 'string' && STS_ACTIONS.includes(actionHeader)) {
      return runSts(req, params)
    }

    const auth = parseAuthorization(req.headers.authorization)
    if (!auth) {
      fail(
        'AuthFailure.InvalidAuthorization',
        'The Authorization header is missing or does not follow the TC3-HMAC-SHA256 format.'
      )
    }

    const timestampHeader = req.headers['x-tc-timestamp']
    const timestamp = typeof timestampHeader === 'string' ? Number(timestampHeader) : NaN
    if (!/^\d+$/.test(String(timestampHeader ?? '')) || !Number.isSafeInteger(timestamp)) {
      fail(
        'AuthFailure.SignatureExpire',
        'X-TC-Timestamp is missing or is not a Unix timestamp in seconds.'
      )
    }
    const serverSeconds = Math.floor(now() / 1000)
    if (Math.abs(serverSeconds - timestamp) > maxClockSkewSeconds) {
      fail(
        'AuthFailure.SignatureExpire',
        `Signature expired: the request timestamp ${timestamp} is more than ` +
          `${maxClockSkewSeconds} seconds away from the server time ${serverSeconds}.`
      )
    }

    const hostHeader = req.headers.host ?? ''
    const hostname = hostnameOf(hostHeader)
    if (auth.date !== utcDate(timestamp)) {
      fail(
        'AuthFailure.InvalidAuthorization',
        `The credential scope date ${auth.date} does not match the UTC date of X-TC-Timestamp (${utcDate(timestamp)}).`
      )
    }
    // The real service accepts only `tcss` here. The SDK derives the service
    // from the first dot-label of its endpoint, so against 127.0.0.1:PORT it
    // signs with `127` (and against localhost:PORT with `localhost:PORT`);
    // those are accepted too so that the unmodified SDK can be used.
    const localServices = [hostname.split('.')[0], hostHeader.trim().toLowerCase().split('.')[0]]
    if (auth.service !== SERVICE && !localServices.includes(auth.service)) {
      fail(
        'AuthFailure.InvalidAuthorization',
        `The credential scope service \`${auth.service}\` is not \`${SERVICE}\`.`
      )
    }
    if (auth.terminator !== 'tc3_request') {
      fail('AuthFailure.InvalidAuthorization', 'The credential scope must end with `tc3_request`.')
    }
    if (!auth.signedHeaders.includes('content-type') || !auth.signedHeaders.includes('host')) {
      fail(
        'AuthFailure.InvalidAuthorization',
        'SignedHeaders must include at least content-type and host.'
      )
    }

    const credential = credentialsById.get(auth.secretId)
    if (!credential) {
      fail(
        'AuthFailure.SecretIdNotFound',
        'The SecretId was not found. Check that it is correct and that the key is enabled.'
      )
    }

    const url = new URL(req.url ?? '/', 'http://emulator.invalid')
    /** @type {Array<[string, string]>} */
    const signedHeaders = auth.signedHeaders.map((name) => {
      if (name === 'host') return ['host', hostname]
      const raw = req.headers[name]
      const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '')
      return [name, value.trim().toLowerCase()]
    })
    const canonical = canonicalRequest({
      method: 'POST',
      path: url.pathname,
      query: url.search.slice(1),
      headers: signedHeaders,
      body
    })
    const expected = tc3Signature({
      secretKey: credential.secretKey,
      timestamp,
      date: auth.date,
      service: auth.service,
      canonical
    })
    if (!constantTimeEqual(expected, auth.signature)) {
      fail(
        'AuthFailure.SignatureFailure',
        'The signature does not match the request. Check the SecretKey and how the request is signed.'
      )
    }

    if (credential.expiresAt !== undefined && now() >= credential.expiresAt) {
      fail('AuthFailure.TokenFailure', 'The temporary credentials have expired.')
    }
    if (credential.token !== undefined && req.headers['x-tc-token'] !== credential.token) {
      fail(
        'AuthFailure.TokenFailure',
        'The session token (X-TC-Token) is missing or invalid for this SecretId.'
      )
    }

    const version = req.headers['x-tc-version']
    if (typeof version !== 'string' || version === '') {
      fail('MissingParameter', 'The request is missing the required parameter `X-TC-Version`.')
    }
    if (version !== API_VERSION) {
      fail('NoSuchVersion', `Version \`${version}\` of service ${SERVICE} does not exist.`)
    }
    const action = req.headers['x-tc-action']
    if (typeof action !== 'string' || action === '') {
      fail('MissingParameter', 'The request is missing the required parameter `X-TC-Action`.')
    }
    const handler = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined
    if (!handler) {
      fail('InvalidAction', `The action \`${action}\` does not exist in ${SERVICE} ${API_VERSION}.`)
    }

    const region = record.region
    if (regions && region !== null && !regions.includes(region)) {
      fail('UnsupportedRegion', `The API does not support the region \`${region}\`.`)
    }
    if (deniedActions.includes(action)) {
      // CAM refuses before the service runs anything, in the wording of its refusals.
      fail(
        'AuthFailure.UnauthorizedOperation',
        `you are not authorized to perform operation (${SERVICE}:${action})\n` +
          `resource (qcs::${SERVICE}:${record.region ?? ''}:uin/100000000001:*) has no permission`
      )
    }
    const over = admit(arrival)
    if (over) {
      fail('RequestLimitExceeded', rateLimitMessage(over, /** @type {number} */ (rateLimit)))
    }
    if (serviceRoleMissing) fail('InternalError.ErrRoleNotExist', 'user not authorised')

    return handler(params, {
      images,
      events,
      record,
      counters,
      imageListOrder,
      registry,
      tasks,
      readings,
      now
    })
  }

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {number} status
   * @param {string} contentType
   * @param {string} body
   * @param {string | undefined} traceId
   */
  function send(res, status, contentType, body, traceId) {
    if (res.destroyed || res.writableEnded) return
    /** @type {Record<string, string | number>} */
    const headers = {
      'Content-Type': contentType,
      'Content-Length': Buffer.byteLength(body)
    }
    if (traceId) headers['X-TC-TraceId'] = traceId
    res.writeHead(status, headers)
    res.end(body)
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   */
  function destroySocket(req) {
    const socket = req.socket
    if (socket.destroyed) return
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy()
    else socket.destroy()
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    const arrival = performance.now()
    const requestId = randomUUID()
    const traceHeader = req.headers['x-tc-traceid']
    const traceId = typeof traceHeader === 'string' ? traceHeader : undefined
    const actionHeader = req.headers['x-tc-action']
    /** @type {import('./emulator.d.mts').RequestRecord} */
    const record = {
      at: arrival,
      action: typeof actionHeader === 'string' ? actionHeader : null,
      imageId: null,
      eventId: null,
      imageNameFilter: null,
      params: null,
      offset: null,
      limit: null,
      order: null,
      by: null,
      outcome: 'pending',
      secretId: secretIdOf(req.headers.authorization),
      sessionToken:
        typeof req.headers['x-tc-token'] === 'string' ? req.headers['x-tc-token'] : null,
      region: typeof req.headers['x-tc-region'] === 'string' ? req.headers['x-tc-region'] : null,
      fault: false,
      requestId
    }
    requests.push(record)
    const fault = faults.next()

    /** @param {string} outcome */
    const settle = (outcome) => {
      record.outcome = outcome
      if (onRequest) {
        try {
          onRequest(record)
        } catch {
          // A logging hook must never break the server.
        }
      }
    }

    let body
    try {
      body = await readBody(req)
    } catch {
      settle('aborted')
      return
    }

    /** @type {Record<string, unknown> | null} */
    let params = null
    if (body) {
      try {
        const parsed = JSON.parse(body.toString('utf8'))
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) params = parsed
      } catch {
        params = null
      }
    }
    if (params) {
      record.params = params
      record.imageId = typeof params.ImageID === 'string' ? params.ImageID : null
      record.eventId = typeof params.Id === 'string' ? params.Id : null
      const nameFilter = Array.isArray(params.Filters)
        ? params.Filters.find((filter) => filter?.Name === 'ImageName')
        : undefined
      record.imageNameFilter = Array.isArray(nameFilter?.Values)
        ? nameFilter.Values.join(',')
        : null
      record.offset = params.Offset === undefined ? 0 : numberOrNull(params.Offset)
      record.limit = params.Limit === undefined ? DEFAULT_LIMIT : numberOrNull(params.Limit)
      record.order = typeof params.Order === 'string' ? params.Order : null
      record.by = typeof params.By === 'string' ? params.By : null
    }

    /** @param {string} code @param {string} message */
    const apiError = (code, message) =>
      JSON.stringify({
        Response: { Error: { Code: code, Message: message }, RequestId: requestId }
      })

    if (fault !== null) {
      record.fault = true
      if (typeof fault === 'object') {
        settle(fault.code)
        if (await pause(latencyMs, res)) {
          send(
            res,
            200,
            'application/json',
            apiError(fault.code, fault.message ?? defaultMessage(fault.code)),
            traceId
          )
        }
        return
      }
      settle(fault)
      if (fault === 'timeout') {
        // Hold the request, then drop it; close() ends the hold at once.
        await pause(faultHoldMs, res)
        destroySocket(req)
        return
      }
      if (!(await pause(latencyMs, res))) return
      switch (fault) {
        case 'throttle':
          send(
            res,
            200,
            'application/json',
            apiError(
              'RequestLimitExceeded',
              rateLimitMessage((rateLimit || 20) + 1, rateLimit || 20)
            ),
            traceId
          )
          return
        case 'internal':
          send(
            res,
            200,
            'application/json',
            apiError('InternalError', defaultMessage('InternalError')),
            traceId
          )
          return
        case 'unavailable':
          send(
            res,
            200,
            'application/json',
            apiError('ResourceUnavailable', defaultMessage('ResourceUnavailable')),
            traceId
          )
          return
        case 'http500':
          send(res, 500, 'text/html', HTTP_FAULT_BODIES[500], traceId)
          return
        case 'http502':
          send(res, 502, 'text/html', HTTP_FAULT_BODIES[502], traceId)
          return
        case 'http503':
          send(res, 503, 'text/html', HTTP_FAULT_BODIES[503], traceId)
          return
        case 'badjson':
          send(res, 200, 'application/json', malformedJsonBody(requestId), traceId)
          return
        case 'noresponse':
          send(res, 200, 'application/json', '{}', traceId)
          return
        case 'reset':
          destroySocket(req)
          return
        case 'trickle': {
          // Headers at once, then the body one byte at a time, never finished:
          // only a client that bounds the whole response gets out.
          const text = apiError('InternalError', defaultMessage('InternalError'))
          res.writeHead(200, {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(text)
          })
          for (let i = 0; i < text.length - 1; i++) {
            res.write(text[i])
            if (!(await pause(TRICKLE_BYTE_MS, res))) return
          }
          destroySocket(req)
          return
        }
        case 'resetBody': {
          // Half of a complete answer, then a reset.
          const text = apiError('InternalError', defaultMessage('InternalError'))
          res.writeHead(200, {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(text)
          })
          res.write(text.slice(0, Math.floor(text.length / 2)))
          if (await pause(50, res)) destroySocket(req)
          return
        }
        case 'badEncoding': {
          // Says gzip, is not.
          const text = JSON.stringify({
            Response: { TotalCount: 0, List: [], RequestId: requestId }
          })
          res.writeHead(200, {
            'Content-Type': 'application/json',
            'Content-Encoding': 'gzip',
            'Content-Length': Buffer.byteLength(text)
          })
          res.end(text)
          return
        }
        case 'nullBody':
          send(res, 200, 'application/json', 'null', traceId)
          return
        case 'numericCode':
          send(
            res,
            200,
            'application/json',
            JSON.stringify({
              Response: {
                Error: { Code: 4000, Message: 'An error without a string code.' },
                RequestId: requestId
              }
            }),
            traceId
          )
          return
        case 'redirect':
          res.writeHead(302, {
            Location: redirectTo ?? 'http://127.0.0.1:9/',
            'Content-Type': 'text/html',
            'Content-Length': 0
          })
          res.end()
          return
        default:
          destroySocket(req)
          return
      }
    }

    const url = new URL(req.url ?? '/', 'http://emulator.invalid')
    if (url.pathname !== '/') {
      settle('http404')
      if (await pause(latencyMs, res)) {
        send(res, 404, 'text/plain', `No such path: ${url.pathname}\n`, traceId)
      }
      return
    }

    let payload
    try {
      if (body === null) {
        fail('InvalidParameter.ParsingError', `The request body exceeds ${MAX_BODY_BYTES} bytes.`)
      }
      const fields = verifyAndRun(req, body, params, arrival, record)
      payload = JSON.stringify({ Response: { ...fields, RequestId: requestId } })
      settle('ok')
    } catch (error) {
      if (!(error instanceof ApiFailure)) {
        settle('InternalError')
        payload = apiError('InternalError', `Emulator bug: ${String(error)}`)
      } else {
        settle(error.code)
        payload = apiError(error.code, error.message)
      }
    }
    if (await pause(latencyMs, res)) send(res, 200, 'application/json', payload, traceId)
  }

  /** @type {import('node:http').RequestListener} */
  const listener = (req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'Content-Type': 'text/plain' })
        res.end(`emulator failure: ${String(error)}\n`)
      }
    })
  }
  const tls = options.tls
  if (tls && (typeof tls.key !== 'string' || typeof tls.cert !== 'string')) {
    throw new TypeError('tls needs a PEM key and cert (strings)')
  }
  const server = tls
    ? createTlsServer({ key: tls.key, cert: tls.cert }, listener)
    : createServer(listener)
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  // A client that drops a connection mid-request must not crash the server.
  server.on('clientError', (_error, socket) => socket.destroy())

  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve(undefined)
    })
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('emulator: no TCP address')
  const port = address.port
  const urlHost = host.includes(':') ? `[${host}]` : host

  /** @type {Promise<void> | null} */
  let closing = null

  return {
    url: `${tls ? 'https' : 'http'}://${urlHost}:${port}`,
    port,
    secretId: credentials[0].secretId,
    secretKey: credentials[0].secretKey,
    requests,
    issuedCredentials,
    readings,
    setImage(imageId, scenario) {
      if (scenario === null) images.delete(imageId)
      else images.set(imageId, new ImageState(imageId, scenario, readings))
    },
    setEvent(id, scenario) {
      if (scenario === null) events.delete(id)
      else events.set(id, eventState(id, scenario))
    },
    setFaults(plan) {
      faults = new FaultInjector(plan)
    },
    resetRequests() {
      requests.length = 0
    },
    imageStats(imageId) {
      const image = images.get(imageId)
      if (!image) return undefined
      return {
        listRequests: image.listRequests,
        statusSteps: image.statusSteps,
        findings: image.list.length,
        pendingChanges: image.pendingChanges.length
      }
    },
    maxRequestsInWindow(windowMs = RATE_WINDOW_MS) {
      let best = 0
      let first = 0
      for (let last = 0; last < requests.length; last++) {
        while (requests[last].at - requests[first].at >= windowMs) first++
        best = Math.max(best, last - first + 1)
      }
      return best
    },
    close() {
      if (closing) return closing
      closed = true
      for (const entry of waits) {
        clearTimeout(entry.timer)
        entry.resolve()
      }
      waits.clear()
      closing = new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
        for (const socket of sockets) socket.destroy()
      })
      return closing
    }
  }
}
