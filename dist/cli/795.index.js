export const id = 795;
export const ids = [795];
export const modules = {

/***/ 7368:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ep: () => (/* binding */ activeRecording),
  PG: () => (/* binding */ saveRecording),
  Xr: () => (/* binding */ saveRecordingNow),
  K3: () => (/* binding */ startRecording)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
;// CONCATENATED MODULE: ./src/cloud/recording-redaction.ts
/**
 * What a recording may hold. Every string of it (keys and values alike)
 * loses each registered secret in every form secrets.ts knows (plain,
 * JSON-escaped, URL-encoded, base64 and base64url at any alignment inside a
 * longer encoded run): a response body may quote a credential in any of
 * them. Fields that name a credential (Token, TmpSecretKey,
 * WebIdentityToken, Authorization, …) lose their value whatever it is, so
 * that a secret the run never registered cannot pass either.
 */

/** Fields whose string values are credentials, whoever sent them. */
const CREDENTIAL_FIELD = /^(authorization|signature|(session|security|web-?identity|access|refresh|id)?-?token|(tmp)?secret-?(id|key)|password)$/i;
/** A copy of `value` (JSON data) with every secret taken out of its keys and strings. */
function redactRecorded(value, field = '') {
    if (typeof value === 'string') {
        return CREDENTIAL_FIELD.test(field) && value !== '' ? secrets/* REDACTED */.XF : (0,secrets/* redact */.E$)(value);
    }
    if (Array.isArray(value))
        return value.map((item) => redactRecorded(item, field));
    if (value !== null && typeof value === 'object') {
        const copy = {};
        for (const [key, item] of Object.entries(value)) {
            copy[(0,secrets/* redact */.E$)(key)] = redactRecorded(item, key);
        }
        return copy;
    }
    return value;
}

;// CONCATENATED MODULE: ./src/cloud/recorder.ts


/** The recording's format, in its header line; the emulator's replay reads this one. */
const RECORDING_FORMAT = 1;
class Recording {
    file;
    clock;
    about;
    exchanges = [];
    origin;
    /** 'saving' once its writing has begun, 'saved' once it is written. */
    state = 'recording';
    constructor(
    /** Real path of the file to write. */
    file, clock, 
    /** Fields of the header line besides type and format (the tool, its version, the date). */
    about = {}) {
        this.file = file;
        this.clock = clock;
        this.about = about;
        this.origin = clock.now();
    }
    get size() {
        return this.exchanges.length;
    }
    /** Follows one request of the SDK's fetch to its end. Call before the request is sent. */
    observe(req) {
        const startedAt = this.clock.now();
        const header = (name) => {
            const value = req.getHeader(name);
            return value === undefined ? undefined : String(value);
        };
        const exchange = {
            type: 'exchange',
            seq: this.exchanges.length + 1,
            action: header('x-tc-action') ?? '',
            host: header('host') ?? req.host,
            ...optional('version', header('x-tc-version')),
            ...optional('region', header('x-tc-region')),
            startMs: round(startedAt - this.origin)
        };
        this.exchanges.push(exchange);
        const sent = [];
        const received = [];
        captureBody(req, sent);
        let answered = false;
        /**
         * What ended the exchange early, whichever came first: the client giving
         * up (its abort) or the connection. node-fetch aborts after any failure
         * too, so only an abort that comes first means the client gave up.
         */
        let cause;
        const failed = () => void (cause ??= 'connection');
        const finish = (outcome, error) => {
            if (exchange.outcome !== undefined)
                return;
            exchange.durationMs = round(this.clock.now() - startedAt);
            Object.assign(exchange, paramsOf(Buffer.concat(sent)));
            if (error !== undefined)
                exchange.error = transportError(error);
            exchange.outcome = outcome(Buffer.concat(received));
        };
        req.once('abort', () => void (cause ??= 'client'));
        req.prependListener('response', (res) => {
            answered = true;
            const status = res.statusCode ?? 0;
            exchange.status = status;
            if (res.statusMessage)
                exchange.statusText = res.statusMessage;
            Object.assign(exchange, optional('contentType', res.headers['content-type']), optional('contentEncoding', res.headers['content-encoding']));
            if (status >= 300 && status < 400)
                exchange.location = locationHost(res.headers.location);
            res.on('data', (chunk) => received.push(chunk));
            res.once('aborted', failed);
            res.once('error', failed);
            res.once('end', () => finish((body) => this.readAnswer(exchange, body)));
            res.once('close', () => {
                if (!res.complete)
                    finish((body) => {
                        exchange.bodyText = body.toString('utf8');
                        return cause === 'client' ? 'timeout' : 'body-broke-off';
                    });
            });
        });
        req.once('error', (error) => {
            if (isAbort(error))
                cause ??= 'client';
            failed();
            if (!answered)
                finish(() => (cause === 'client' ? 'timeout' : failureOf(error)), error);
        });
        req.once('close', () => {
            if (!answered)
                finish(() => (cause === 'client' ? 'timeout' : 'network-error'));
        });
    }
    /** Sorts a complete answer: its body decoded and parsed, its outcome named. */
    readAnswer(exchange, raw) {
        let body = raw;
        const encoding = exchange.contentEncoding?.trim().toLowerCase();
        if (encoding && encoding !== 'identity' && raw.length > 0) {
            try {
                body = decode(encoding, raw);
            }
            catch {
                exchange.bodyText = raw.toString('utf8');
                return 'bad-encoding';
            }
        }
        const text = body.toString('utf8');
        const status = exchange.status ?? 0;
        let parsed;
        try {
            parsed = JSON.parse(text);
        }
        catch {
            exchange.bodyText = text;
            if (status >= 300 && status < 400)
                return 'redirect';
            return status === 200 ? 'bad-json' : `http:${status}`;
        }
        exchange.body = parsed;
        if (status >= 300 && status < 400)
            return 'redirect';
        if (status !== 200)
            return `http:${status}`;
        const response = parsed?.Response;
        if (typeof response !== 'object' || response === null)
            return 'no-response-object';
        const error = response.Error;
        if (error === undefined)
            return 'ok';
        const code = error?.Code;
        return typeof code === 'string' && code !== '' ? `error:${code}` : 'error-without-code';
    }
    /** The whole recording as JSON lines: the header, then one line per exchange, every secret taken out. */
    text() {
        const now = this.clock.now();
        const lines = [{ type: 'recording', format: RECORDING_FORMAT, ...this.about }];
        for (const exchange of this.exchanges) {
            const line = { ...exchange };
            if (line.outcome === undefined) {
                line.outcome = 'unfinished';
                line.durationMs = round(now - this.origin - line.startMs);
            }
            lines.push(redactRecorded(ordered(line)));
        }
        return lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
    }
}
/** The order of the fields in a line, so that lines read alike. */
const FIELD_ORDER = [
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
];
function ordered(exchange) {
    const line = {};
    for (const field of FIELD_ORDER) {
        if (exchange[field] !== undefined)
            line[field] = exchange[field];
    }
    return line;
}
function optional(key, value) {
    if (value === undefined)
        return {};
    return { [key]: Array.isArray(value) ? value.join(', ') : value };
}
function round(ms) {
    return Math.round(ms * 10) / 10;
}
/** Copies what `req` writes of its body into `chunks` (the SDK writes it whole, once). */
function captureBody(req, chunks) {
    const keep = (chunk, encoding) => {
        if (typeof chunk === 'string')
            chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8'));
        else if (chunk instanceof Uint8Array)
            chunks.push(Buffer.from(chunk));
    };
    const target = req;
    const write = target.write.bind(req);
    const end = target.end.bind(req);
    target.write = (chunk, encoding, callback) => {
        keep(chunk, encoding);
        return write(chunk, encoding, callback);
    };
    target.end = (chunk, encoding, callback) => {
        if (typeof chunk !== 'function')
            keep(chunk, encoding);
        return end(chunk, encoding, callback);
    };
}
function paramsOf(body) {
    if (body.length === 0)
        return {};
    const text = body.toString('utf8');
    try {
        return { params: JSON.parse(text) };
    }
    catch {
        return { paramsText: text };
    }
}
function decode(encoding, raw) {
    if (encoding === 'gzip' || encoding === 'x-gzip')
        return external_node_zlib_.gunzipSync(raw);
    if (encoding === 'deflate')
        return external_node_zlib_.inflateSync(raw);
    if (encoding === 'br')
        return external_node_zlib_.brotliDecompressSync(raw);
    throw new Error(`unknown content encoding ${encoding}`);
}
function locationHost(location) {
    if (!location)
        return undefined;
    try {
        return new URL(location, 'http://location.invalid').host || undefined;
    }
    catch {
        return undefined;
    }
}
function isAbort(error) {
    return error.name === 'AbortError';
}
function failureOf(error) {
    const code = error.code;
    if (code === 'ECONNRESET' || code === 'EPIPE')
        return 'reset';
    if (code === 'ECONNREFUSED')
        return 'refused';
    return 'network-error';
}
function transportError(error) {
    const { code, message } = error;
    return {
        ...(typeof code === 'string' ? { code } : {}),
        message: typeof message === 'string' ? message : String(error)
    };
}

;// CONCATENATED MODULE: ./src/cloud/recording-session.ts
/**
 * The process's recording: one run records at a time, and the transport
 * hands it every request of every Tencent Cloud client while it runs (one
 * per process, like the registered secrets: a run records whatever client
 * it creates, the doctor's as the gate's, and no factory carries it).
 */




let current;
/** Starts recording every exchange of the Tencent Cloud clients into `file` (a real path). */
function startRecording(file, clock, about = {}) {
    current = new Recording(file, clock, about);
    return current;
}
/** The recording new requests go to, if one is running. */
function activeRecording() {
    return current?.state === 'recording' ? current : undefined;
}
/**
 * Ends the recording and writes it through `write` (whole, through a
 * temporary file). Resolves to the recording written, undefined when none
 * was running; rejects when it cannot be written.
 */
async function saveRecording(write) {
    const recording = activeRecording();
    if (!recording)
        return undefined;
    recording.state = 'saving';
    await write(recording.file, recording.text());
    recording.state = 'saved';
    return recording;
}
/**
 * Writes the recording at once, synchronously, if it is not written yet:
 * for a process that is being stopped (a signal, a hang). Never throws.
 */
function saveRecordingNow() {
    const recording = current;
    if (!recording || recording.state === 'saved')
        return;
    recording.state = 'saved';
    const dir = external_node_path_.dirname(recording.file);
    const temporary = external_node_path_.join(dir, `.${external_node_path_.basename(recording.file)}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tmp`);
    try {
        external_node_fs_.mkdirSync(dir, { recursive: true });
        external_node_fs_.writeFileSync(temporary, recording.text(), { encoding: 'utf8', flag: 'wx', mode: 0o644 });
        external_node_fs_.renameSync(temporary, recording.file);
    }
    catch {
        // Best effort: the process is stopping.
        try {
            external_node_fs_.rmSync(temporary, { force: true });
        }
        catch {
            // Nothing more to do.
        }
    }
}


/***/ }),

/***/ 6273:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J0: () => (/* binding */ nameOfFound),
/* harmony export */   p2: () => (/* binding */ imageKey),
/* harmony export */   qM: () => (/* binding */ nameOfImage)
/* harmony export */ });
/* unused harmony export idName */
/**
 * One identity per image, whichever family it belongs to: the log lines of
 * the sources and the reports name an image from it, the same way
 * (`nameOfImage`, and `nameOfFound` for what one target found).
 */
/** Within a run, the same key is read and judged once. */
function imageKey(identity) {
    return `${identity.kind}:${identity.id}`;
}
/** What TCSS's identity of the image is called: "ImageID", "registry image Id". */
function idName(kind) {
    return kind === 'registry' ? 'registry image Id' : 'ImageID';
}
/**
 * How every line names the image: `team/app:1.0 (ImageID sha256:…)`,
 * `HOST/NS/NAME@sha256:… (registry image Id 7)`, or the ImageID alone when
 * that is the name the step gave.
 */
function nameOfImage(identity) {
    if (identity.kind === 'local' && identity.label === identity.id)
        return identity.id;
    return `${identity.label} (${idName(identity.kind)} ${identity.id})`;
}
/**
 * How the log and the reports name what one target found: one image as
 * `nameOfImage` names it; several (the registry images one reference names,
 * one digest) under the label of the first with every id; `given` alone
 * when nothing was found.
 */
function nameOfFound(given, identities) {
    const [first] = identities;
    if (first === undefined)
        return given;
    if (identities.length === 1)
        return nameOfImage(first);
    return `${first.label} (${idName(first.kind)}s ${identities.map((identity) => identity.id).join(', ')})`;
}


/***/ }),

/***/ 7588:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A_: () => (/* binding */ LEVELS),
/* harmony export */   C1: () => (/* binding */ levelName),
/* harmony export */   QL: () => (/* binding */ FINDING_LEVELS),
/* harmony export */   TI: () => (/* binding */ levelOfRisk),
/* harmony export */   T_: () => (/* binding */ UNKNOWN_JUDGED),
/* harmony export */   Uo: () => (/* binding */ judgedLevel),
/* harmony export */   W1: () => (/* binding */ emptyCounts),
/* harmony export */   WK: () => (/* binding */ unknownLevelCount),
/* harmony export */   X: () => (/* binding */ levelOfEventRisk),
/* harmony export */   lE: () => (/* binding */ WITH_UNKNOWN_LEVEL),
/* harmony export */   qs: () => (/* binding */ severityRank),
/* harmony export */   xx: () => (/* binding */ riskOfLevel)
/* harmony export */ });
/** Risk levels a policy can set a threshold for, most severe first. */
const LEVELS = ['critical', 'high', 'medium', 'low'];
const FINDING_LEVELS = [
    'critical',
    'high',
    'medium',
    'low',
    'unknown'
];
/** DescribeAssetImageVirusList RiskLevel → level (4 is the most severe). */
const LEVEL_BY_RISK = { 4: 'critical', 3: 'high', 2: 'medium', 1: 'low' };
const RISK_BY_LEVEL = { critical: 4, high: 3, medium: 2, low: 1 };
function levelOfRisk(riskLevel) {
    return typeof riskLevel === 'number' && Object.hasOwn(LEVEL_BY_RISK, riskLevel)
        ? LEVEL_BY_RISK[riskLevel]
        : 'unknown';
}
/**
 * DescribeVirusDetail RiskLevel (a name) → level. RISK_NOTICE counts as low;
 * null, a missing value or a name this gate does not know is 'unknown'.
 */
const LEVEL_BY_EVENT_RISK = {
    RISK_CRITICAL: 'critical',
    RISK_HIGH: 'high',
    RISK_MEDIUM: 'medium',
    RISK_LOW: 'low',
    RISK_NOTICE: 'low'
};
function levelOfEventRisk(riskLevel) {
    return typeof riskLevel === 'string' && Object.hasOwn(LEVEL_BY_EVENT_RISK, riskLevel)
        ? LEVEL_BY_EVENT_RISK[riskLevel]
        : 'unknown';
}
function riskOfLevel(level) {
    return RISK_BY_LEVEL[level];
}
/**
 * The level whose threshold a finding counts against: unknown levels are
 * judged as critical, so that a value the gate does not understand fails closed.
 */
function judgedLevel(level) {
    return level === 'unknown' ? 'critical' : level;
}
/** What every report says of a missing or unknown RiskLevel: how it is judged. */
const UNKNOWN_JUDGED = 'judged as critical';
/** A finding's level where a report names it: `unknown (judged as critical)` for an unknown one. */
function levelName(level) {
    return level === 'unknown' ? `unknown (${UNKNOWN_JUDGED})` : level;
}
/** What follows a virus name (or a count) of an unknown level: "with an unknown RiskLevel judged as critical". */
const WITH_UNKNOWN_LEVEL = `with an unknown RiskLevel ${UNKNOWN_JUDGED}`;
/** How many findings (or events, `noun`) had an unknown level: "2 finding(s) with an unknown RiskLevel …". */
function unknownLevelCount(count, noun = '') {
    return `${count}${noun ? ` ${noun}` : ''} ${WITH_UNKNOWN_LEVEL}`;
}
/** Sort rank, most severe first; unknown ranks with critical. */
function severityRank(level) {
    return level === 'unknown' ? 4 : RISK_BY_LEVEL[level];
}
function emptyCounts() {
    return { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
}


/***/ }),

/***/ 9294:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $t: () => (/* binding */ placeOf),
/* harmony export */   PJ: () => (/* binding */ overallScanStatus),
/* harmony export */   PO: () => (/* binding */ distinctImages),
/* harmony export */   RQ: () => (/* binding */ levelResults),
/* harmony export */   UI: () => (/* binding */ identitiesOf),
/* harmony export */   Uv: () => (/* binding */ evaluations),
/* harmony export */   bC: () => (/* binding */ unjudged),
/* harmony export */   c4: () => (/* binding */ allFindings),
/* harmony export */   ec: () => (/* binding */ imageLabel),
/* harmony export */   hc: () => (/* binding */ allWarnings),
/* harmony export */   xA: () => (/* binding */ violations)
/* harmony export */ });
/* harmony import */ var _image_identity_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6273);
/* harmony import */ var _levels_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7588);


/**
 * How the log and every report name the image: as its identities say
 * (`team/app:1.0 (ImageID sha256:…)`, `HOST/NS/NAME@sha256:… (registry image
 * Id 7)`), the name alone while unresolved, or the ImageID.
 */
function imageLabel(result) {
    return (0,_image_identity_js__WEBPACK_IMPORTED_MODULE_1__/* .nameOfFound */ .J0)(result.imageName ?? result.imageId, identitiesOf(result));
}
/** The identities of an image result; a local image when only its ImageID is known. */
function identitiesOf(result) {
    if (result.identities !== undefined && result.identities.length > 0)
        return result.identities;
    if (!result.imageId)
        return [];
    return [{ kind: 'local', label: result.imageName ?? result.imageId, id: result.imageId }];
}
/** Where an event ran: container, pod and cluster, an empty name counting as none. */
function placeOf(event) {
    const named = (value) => (value === '' ? null : value);
    return {
        container: named(event.containerName) ?? named(event.containerId),
        containerName: named(event.containerName),
        containerId: named(event.containerId),
        pod: named(event.podName),
        cluster: named(event.clusterName) ?? named(event.clusterId)
    };
}
function levelResults(evaluation) {
    return new Map(evaluation.levels.map((level) => [level.level, level]));
}
/** The images judged in their own right (an entry with sameAs is counted where it points). */
function distinctImages(result) {
    return result.images.filter((image) => image.state !== 'same');
}
/** Every evaluation of the run: each distinct judged image, then the runtime events. */
function evaluations(result) {
    const images = distinctImages(result).flatMap((image) => image.evaluation ? [image.evaluation] : []);
    return result.events ? [...images, result.events.evaluation] : images;
}
/**
 * Every finding of the step with its target: each distinct image's findings
 * in the policy's order, then the open runtime events in the policy's order.
 */
function allFindings(result) {
    const found = [];
    for (const image of distinctImages(result)) {
        if (!image.evaluation)
            continue;
        const levels = levelResults(image.evaluation);
        for (const finding of image.evaluation.findings)
            found.push({ target: image, finding, levelResult: levels.get((0,_levels_js__WEBPACK_IMPORTED_MODULE_0__/* .judgedLevel */ .Uo)(finding.level)) });
    }
    for (const event of result.events?.open ?? []) {
        if (event.finding)
            found.push({ target: event, finding: event.finding, levelResult: event.levelResult });
    }
    return found;
}
/** The findings that break the policy, in allFindings order. */
function violations(result) {
    return allFindings(result).filter(({ finding }) => finding.violation);
}
/** Every image and event that could not be judged. */
function unjudged(result) {
    return [...distinctImages(result), ...(result.events?.unread ?? [])].filter((target) => target.failure !== undefined);
}
/** The run's warnings, then the allowlist hygiene messages: what the log and the reports warn of. */
function allWarnings(result) {
    return [...result.warnings, ...(result.hygiene?.messages ?? [])];
}
/** From the worst scan status to the best: what `scan-status` reports for several images. */
const STATUS_ORDER = [
    'error',
    'canceled',
    'timeout',
    'not-scanned',
    'scanning',
    'scanned'
];
/**
 * The `scan-status` output: the image's last status for one image; for
 * several, the worst of theirs (error, canceled, timeout, not-scanned,
 * scanning, scanned), and undefined (empty) when the status of any image
 * could not be read — or when the step gates no image.
 */
function overallScanStatus(images) {
    let worst;
    for (const image of images) {
        if (image.scanStatus === undefined)
            return undefined;
        if (worst === undefined || STATUS_ORDER.indexOf(image.scanStatus) < STATUS_ORDER.indexOf(worst))
            worst = image.scanStatus;
    }
    return worst;
}


/***/ }),

/***/ 9795:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runAsProcess: () => (/* binding */ runAsProcess)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _cloud_recording_session_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7368);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _sinks_escape_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7085);
/* harmony import */ var _sinks_files_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(459);
/* harmony import */ var _sinks_outputs_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4086);
/**
 * How the process ends. It starts failed (exit code 1) and only a decided
 * pass clears that. Every other ending exits non-zero with a one-line reason
 * and the outputs known so far:
 * - the event loop empties while the gate is still waiting on something that
 *   will never settle (a proxy that drops a CONNECT without a word);
 * - SIGTERM or SIGINT (the runner's cancel) or SIGHUP, which also removes any report
 *   file half written;
 * - an exception or rejection nothing caught;
 * - the run outlives its own deadline (a socket that keeps the loop alive).
 * Once the verdict is decided, the process exits promptly even if a socket,
 * a timer or a proxy agent would keep it alive.
 */






/** How long the process may linger after its verdict before it is ended. */
const EXIT_GRACE_MS = 500;
const actionReporter = {
    fail(reason) {
        try {
            (0,_sinks_outputs_js__WEBPACK_IMPORTED_MODULE_5__/* .setFailureOutputs */ .Jl)(_actions_core__WEBPACK_IMPORTED_MODULE_0__);
        }
        finally {
            // The one line that says why, even when the outputs cannot be written.
            _actions_core__WEBPACK_IMPORTED_MODULE_0__.setFailed(reason);
        }
    },
    debug: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__.debug(message)
};
let settled = false;
let reporter = actionReporter;
/** Ends the process now, failed, with `reason` as the one line that says why. */
function failNow(reason, code = 1) {
    // The recording of a run stopped early is what shows where it stopped.
    (0,_cloud_recording_session_js__WEBPACK_IMPORTED_MODULE_1__/* .saveRecordingNow */ .Xr)();
    (0,_sinks_files_js__WEBPACK_IMPORTED_MODULE_4__/* .removeUnfinished */ .E1)();
    if (!settled) {
        settled = true;
        try {
            reporter.fail((0,_sinks_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeLogText */ .dD)(reason));
        }
        catch {
            // Writing the outputs can fail too (a full disk); the exit code still says it.
        }
    }
    process.exit(code);
}
/**
 * Runs `run` as the whole life of the process. `run` resolves to true only
 * for a decided pass (or report-only mode); anything else ends non-zero. A
 * front end with exit codes of its own resolves to the code instead.
 */
function runAsProcess(run, processReporter = actionReporter) {
    reporter = processReporter;
    process.exitCode = 1;
    process.on('beforeExit', () => {
        if (!settled)
            failNow('TCSS virus gate stopped before it reached a verdict: a connection was left without an answer (check the proxy and the network between the runner and the TCSS endpoint).');
    });
    const signals = [
        ['SIGTERM', 15],
        ['SIGINT', 2],
        // A closed terminal or session (a self-hosted runner's shell) would otherwise end the process without a word.
        ['SIGHUP', 1]
    ];
    for (const [signal, number] of signals) {
        process.on(signal, () => {
            if (settled) {
                (0,_sinks_files_js__WEBPACK_IMPORTED_MODULE_4__/* .removeUnfinished */ .E1)();
                process.exit(process.exitCode ?? 1);
            }
            failNow(`TCSS virus gate canceled (${signal}) before it reached a verdict.`, 128 + number);
        });
    }
    process.on('uncaughtException', (error) => {
        if (error instanceof Error && error.stack)
            reporter.debug((0,_sinks_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeLogText */ .dD)(error.stack));
        failNow(`Unexpected error in the TCSS virus gate: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}`);
    });
    process.on('unhandledRejection', (error) => {
        if (error instanceof Error && error.stack)
            reporter.debug((0,_sinks_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeLogText */ .dD)(error.stack));
        failNow(`Unexpected error in the TCSS virus gate: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}`);
    });
    let watchdog;
    const arm = (ms, reason) => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
            if (!settled)
                failNow(reason);
        }, ms).unref();
    };
    const lifecycle = {
        setDeadline(inMs, graceMs) {
            arm(inMs + graceMs, `TCSS virus gate did not finish within wait-timeout (${Math.round(inMs / 1000)} s) and ${Math.round(graceMs / 1000)} s more; a request never completed (check the proxy and the network).`);
        },
        verdictDecided(inMs) {
            arm(inMs, `TCSS virus gate decided its verdict but could not write its reports, summary and comment within ${Math.round(inMs / 1000)} s; failing rather than ending without them.`);
        }
    };
    run(lifecycle).then((ended) => {
        settled = true;
        process.exitCode = typeof ended === 'number' ? ended : ended ? 0 : 1;
        // Nothing after the verdict may keep the process alive: sockets, timers, agents.
        setTimeout(() => process.exit(process.exitCode), EXIT_GRACE_MS).unref();
    }, (error) => failNow(`Unexpected error in the TCSS virus gate: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}`));
}


/***/ }),

/***/ 459:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E1: () => (/* binding */ removeUnfinished),
/* harmony export */   Zf: () => (/* binding */ writeFileAtomic),
/* harmony export */   sq: () => (/* binding */ removeStale)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Report files are written whole or not at all: to a temporary file beside
 * the target, then renamed over it. A temporary file still open when the
 * process is stopped (the runner's cancel) is removed by `removeUnfinished`.
 */



const unfinished = new Set();
/** Writes `text` to `file` through a temporary file in the same folder and a rename. */
async function writeFileAtomic(file, text) {
    const dir = node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(file);
    await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.mkdir(dir, { recursive: true });
    const temporary = node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, `.${node_path__WEBPACK_IMPORTED_MODULE_2__.basename(file)}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}.tmp`);
    unfinished.add(temporary);
    try {
        // 'wx': never through an existing file or symlink of that name.
        await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.writeFile(temporary, text, { encoding: 'utf8', flag: 'wx', mode: 0o644 });
        await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.rename(temporary, file);
    }
    catch (error) {
        await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.rm(temporary, { force: true }).catch(() => undefined);
        throw error;
    }
    finally {
        unfinished.delete(temporary);
    }
}
/**
 * Removes a report an earlier run left at `file`, so that a run that stops
 * before it writes its own never leaves another run's verdict in place.
 * Only a regular file or a symlink is removed; a folder is left for the
 * writer to report.
 */
async function removeStale(file) {
    const stat = await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.lstat(file).catch(() => undefined);
    if (stat && (stat.isFile() || stat.isSymbolicLink()))
        await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.rm(file, { force: true });
}
/** Synchronously removes every temporary file not yet renamed (from a signal handler). */
function removeUnfinished() {
    for (const temporary of unfinished) {
        try {
            node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync(temporary, { force: true });
        }
        catch {
            // Best effort: the process is stopping.
        }
    }
    unfinished.clear();
}


/***/ }),

/***/ 4086:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H0: () => (/* binding */ logFindings),
/* harmony export */   Jl: () => (/* binding */ setFailureOutputs),
/* harmony export */   jb: () => (/* binding */ annotateViolations),
/* harmony export */   n0: () => (/* binding */ setOutputs),
/* harmony export */   o: () => (/* binding */ annotateFailures)
/* harmony export */ });
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7242);
/* harmony import */ var _core_levels_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7588);
/* harmony import */ var _core_result_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9294);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7085);




/**
 * Sets every output; small values only (counts and paths, never the list).
 * Counts are over every image and every open runtime event; scan-status is
 * the worst status of the images (see overallScanStatus).
 */
function setOutputs(result, out) {
    judgedOutputsSet.add(out);
    const sum = result.tally;
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Outputs */ .tY.Verdict, result.verdict);
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Outputs */ .tY.ScanStatus, result.scanStatus ?? '');
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Outputs */ .tY.Findings, String(sum.findings));
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Outputs */ .tY.Violations, String(sum.violations));
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Outputs */ .tY.Allowlisted, String(sum.allowlisted));
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Outputs */ .tY.Counts, JSON.stringify(sum.counts));
}
/** The runners whose judged outputs are set: nothing may overwrite them afterwards. */
const judgedOutputsSet = new WeakSet();
/**
 * Outputs for a run that stopped before it could judge anything (bad input or
 * policy, a signal). Once the judged outputs are set, it leaves them alone.
 */
function setFailureOutputs(out) {
    if (judgedOutputsSet.has(out))
        return;
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Outputs */ .tY.Verdict, 'fail');
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Outputs */ .tY.Findings, '0');
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Outputs */ .tY.Violations, '0');
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Outputs */ .tY.Allowlisted, '0');
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Outputs */ .tY.Counts, JSON.stringify((0,_core_levels_js__WEBPACK_IMPORTED_MODULE_1__/* .emptyCounts */ .W1)()));
}
/**
 * One annotation per violation, at most ten (what GitHub shows per step),
 * then one notice for the rest. Errors when enforcing, warnings in report-only mode.
 * The toolkit escapes the message, so untrusted text cannot end the command.
 */
function annotateViolations(result, out) {
    const annotations = (0,_core_result_js__WEBPACK_IMPORTED_MODULE_2__/* .violations */ .xA)(result).map(({ target, finding }) => {
        const level = (0,_core_levels_js__WEBPACK_IMPORTED_MODULE_1__/* .levelName */ .C1)(finding.level);
        const what = `${level} virus ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeLogText */ .dD)(finding.virusName || '(unnamed)')} in ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeLogText */ .dD)(finding.path || '(no path)')}`;
        const md5 = `(md5 ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeLogText */ .dD)(finding.md5 || 'none')})`;
        if (target.kind === 'image') {
            return {
                message: `${what} ${md5}`,
                title: `TCSS virus gate: ${level} finding in ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeLogText */ .dD)(target.label)}`
            };
        }
        return {
            message: `${what}${where(target.place)} ${md5}, status ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeLogText */ .dD)(target.event?.status ?? 'null')}`,
            title: `TCSS virus gate: open ${level} runtime event ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeLogText */ .dD)(target.id)}`
        };
    });
    const annotate = result.enforce ? out.error : out.warning;
    for (const { message, title } of annotations.slice(0, _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_ERROR_ANNOTATIONS */ .tU)) {
        annotate(message, { title });
    }
    const more = annotations.length - _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_ERROR_ANNOTATIONS */ .tU;
    if (more > 0)
        out.notice(`${more} more violations — see the job summary`, { title: 'TCSS virus gate' });
}
/**
 * With several images or events, one annotation per image or event that could
 * not be judged, so the run page names each (with one image, the failure line
 * says it all).
 */
function annotateFailures(result, out) {
    if (result.single)
        return;
    const annotate = result.enforce ? out.error : out.warning;
    for (const { subject, failure } of (0,_core_result_js__WEBPACK_IMPORTED_MODULE_2__/* .unjudged */ .bC)(result).slice(0, _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_ERROR_ANNOTATIONS */ .tU)) {
        annotate((0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeLogText */ .dD)(failure.message), {
            title: `TCSS virus gate: could not judge ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeLogText */ .dD)(subject)}`
        });
    }
}
/** " in container C (pod P, cluster K)", from where the event ran. */
function where(place) {
    if (!place)
        return '';
    const others = [
        place.pod !== null ? `pod ${place.pod}` : '',
        place.cluster !== null ? `cluster ${place.cluster}` : ''
    ].filter(Boolean);
    const head = place.container !== null ? ` in container ${place.container}` : '';
    const tail = others.length > 0 ? ` (${others.join(', ')})` : '';
    return (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeLogText */ .dD)(head + tail);
}
/** Lists the findings in the log between stop-commands markers, one escaped line each. */
function logFindings(result, token, out, maxLines = 1000) {
    let budget = maxLines;
    for (const image of (0,_core_result_js__WEBPACK_IMPORTED_MODULE_2__/* .distinctImages */ .PO)(result)) {
        const findings = image.evaluation?.findings ?? [];
        if (findings.length === 0)
            continue;
        const title = result.single
            ? `Findings (${findings.length})`
            : `Findings in ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeLogText */ .dD)(image.label)} (${findings.length})`;
        budget -= logGroup(out, title, 'finding(s)', token, findings, budget, (finding) => {
            return `[${finding.level}] ${mark(finding)}: ${finding.path} — ${finding.virusName} (md5 ${finding.md5})`;
        });
    }
    const events = result.events?.all ?? [];
    if (events.length === 0)
        return;
    logGroup(out, `Runtime trojan events (${events.length})`, 'event(s)', token, events, maxLines, eventLine);
}
function eventLine(target) {
    const { event, finding } = target;
    if (!event)
        return `${target.id}: could not be read — ${target.failure?.message ?? ''}`;
    const state = finding ? `open, ${mark(finding)}` : 'resolved';
    return `[${event.level}] ${target.id} ${state} (status ${event.status ?? 'null'}): ${event.filePath ?? '(no path)'} — ${event.virusName ?? '(unnamed)'} (md5 ${event.fileMd5 ?? 'none'})${where(target.place)}`;
}
function mark(finding) {
    return finding.violation ? 'VIOLATION' : finding.allowlisted ? 'allowlisted' : 'within threshold';
}
/** One log group of escaped lines between stop-commands markers; returns the lines printed. */
function logGroup(out, title, noun, token, items, maxLines, line) {
    const shown = items.slice(0, Math.max(0, maxLines));
    out.startGroup(title);
    // Nothing printed between these two markers is read as a workflow command.
    out.info(`::stop-commands::${token}`);
    for (const item of shown)
        out.info((0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeLogText */ .dD)(line(item)));
    if (items.length > shown.length)
        out.info(`${items.length - shown.length} more ${noun} are in the summary and the JSON report.`);
    out.info(`::${token}::`);
    out.endGroup();
    return shown.length;
}


/***/ })

};
