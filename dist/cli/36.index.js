export const id = 36;
export const ids = [36];
export const modules = {

/***/ 2916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ CLI_VOCABULARY)
/* harmony export */ });
const flag = (name) => `--${name}`;
function joined(items, conjunction) {
    if (items.length <= 1)
        return items.join('');
    return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}
const CLI_VOCABULARY = {
    name: flag,
    setting: flag,
    Setting: flag,
    settings: (names, conjunction = 'and') => joined(names.map(flag), conjunction),
    orVariable: (name, variable) => `${flag(name)} (or ${variable})`,
    variableFor: (variable, name) => `environment variable ${variable} (used when ${flag(name)} is not given)`,
    giveKeys: 'Set the environment variables TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY ' +
        "(from your CI's masked variables or credentials store), or give --secret-id and --secret-key.",
    noIdToken: 'keyless credentials (--role-arn) need the OIDC token of a GitHub Actions job. ' +
        'Here, set the environment variables TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY ' +
        '(and TENCENTCLOUD_SESSION_TOKEN for temporary credentials) instead.',
    workspace: 'the current directory',
    run: 'run',
    perLine: 'repeat the flag, or one value per line',
    moreProblems: (count) => `(and ${count} more problem(s), listed above)`,
    plain: flag,
    given: (name, value) => `${flag(name)} ${value}`,
    pipeline: 'this job'
};


/***/ }),

/***/ 9373:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ systemClock)
/* harmony export */ });
/* unused harmony export sleep */
/** Waits `ms` milliseconds of real time (at once for zero or less). */
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
const systemClock = {
    now: () => performance.now(),
    sleep
};


/***/ }),

/***/ 2210:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  JR: () => (/* binding */ boundedRequest),
  fe: () => (/* binding */ classifyError),
  tQ: () => (/* binding */ httpProfileFor)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/cloud/proxy.ts
var cloud_proxy = __webpack_require__(7849);
// EXTERNAL MODULE: ./src/cloud/retry.ts
var retry = __webpack_require__(6451);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
// EXTERNAL MODULE: ./src/cloud/recording-session.ts + 2 modules
var recording_session = __webpack_require__(7368);
;// CONCATENATED MODULE: ./src/cloud/transport.ts
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





/** Written into the status text of a refused redirect, before the Location's host. */
const REDIRECT_NOT_FOLLOWED = 'redirect not followed, Location host:';
/** The code of the error a body gets when its connection breaks off. */
const BODY_BROKE_OFF = 'ERR_TCSS_GATE_BODY_BROKE_OFF';
/** A CONNECT that gets no answer in this long is given up (it never outlives close() either). */
const CONNECT_TIMEOUT_MS = 30_000;
/** An agent for `endpoint`, tunnelling through `proxy` when given. */
function createTransport(endpoint, proxy) {
    const tunnels = new Set();
    const base = `${endpoint.protocol}${endpoint.host}/`;
    const agent = proxy
        ? tunnellingAgent(endpoint, proxy, tunnels, base)
        : guardedAgent(endpoint.protocol === 'http://' ? external_node_http_.Agent : external_node_https_.Agent, base);
    return {
        agent,
        close() {
            for (const tunnel of tunnels)
                tunnel.destroy();
            tunnels.clear();
            agent.destroy();
        }
    };
}
function guardedAgent(Base, base) {
    const agent = new Base({ keepAlive: true });
    guard(agent, base);
    return agent;
}
/** Hooks every request of `agent` before node-fetch sees its response. */
function guard(agent, base) {
    const target = agent;
    const addRequest = target.addRequest.bind(agent);
    target.addRequest = (req, options) => {
        req.prependListener('response', (res) => {
            const status = res.statusCode ?? 0;
            if (status >= 300 && status < 400) {
                const location = res.headers.location;
                delete res.headers.location;
                res.statusMessage = `${res.statusMessage ?? ''} (${REDIRECT_NOT_FOLLOWED} ${locationHost(location, base)})`;
            }
            res.on('error', () => {
                const error = Object.assign(new Error('the connection broke off while the response body was read'), { code: BODY_BROKE_OFF });
                req.emit('error', error);
            });
        });
        // After the guard's listener is in place, so the recording sees the response first, as sent.
        (0,recording_session/* activeRecording */.ep)()?.observe(req);
        addRequest(req, options);
    };
}
/** The host (and port) a Location points to; never its path or query. */
function locationHost(location, base) {
    if (!location)
        return '(none)';
    try {
        return new URL(location, base).host || '(none)';
    }
    catch {
        return '(unreadable)';
    }
}
function tunnellingAgent(endpoint, proxy, tunnels, base) {
    const Base = endpoint.protocol === 'http://' ? external_node_http_.Agent : external_node_https_.Agent;
    const proxyName = proxy.host;
    const authorization = (0,cloud_proxy/* proxyAuthorization */.YB)(proxy);
    const secure = endpoint.protocol === 'https://';
    const agent = new Base({ keepAlive: true });
    const createConnection = (options, callback) => {
        const host = options.host ?? endpoint.hostname;
        const port = Number(options.port ?? (secure ? 443 : 80));
        const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
        const send = proxy.protocol === 'https:' ? external_node_https_.request : external_node_http_.request;
        const connect = send({
            host: proxy.hostname.replace(/^\[|\]$/g, ''),
            port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
            method: 'CONNECT',
            path: target,
            agent: false,
            headers: { Host: target, ...(authorization ? { 'Proxy-Authorization': authorization } : {}) }
        });
        tunnels.add(connect);
        let done = false;
        const finish = (error, socket) => {
            tunnels.delete(connect);
            if (done) {
                socket?.destroy();
                return;
            }
            done = true;
            callback(error, socket);
        };
        connect.on('socket', (socket) => socket.unref());
        connect.setTimeout(CONNECT_TIMEOUT_MS, () => connect.destroy(new Error(`the proxy ${proxyName} did not answer within 30 s`)));
        connect.once('connect', (res, socket, head) => {
            connect.setTimeout(0);
            if (res.statusCode !== 200) {
                socket.destroy();
                finish(new Error(`the proxy ${proxyName} refused the tunnel to ${target}: HTTP ${res.statusCode}`));
                return;
            }
            if (head.length > 0)
                socket.unshift(head);
            if (!secure) {
                finish(null, socket);
                return;
            }
            const secured = external_node_tls_.connect({ ...options, socket, servername: options.servername ?? host });
            finish(null, secured);
        });
        connect.once('error', (error) => finish(new Error(`could not tunnel through the proxy ${proxyName}: ${error.message}`)));
        connect.once('close', () => finish(new Error(`the proxy ${proxyName} closed the connection before the tunnel was open`)));
        connect.end();
        return undefined;
    };
    agent.createConnection =
        createConnection;
    guard(agent, base);
    return agent;
}

;// CONCATENATED MODULE: ./src/cloud/http.ts
/**
 * The HTTP side every Tencent Cloud client of the gate shares (TCSS and STS):
 * the proxy decision (proxy.ts), the SDK's httpProfile on the gate's own transport, one
 * bounded request, and the sorting of what the SDK throws into ApiError and
 * TransientError.
 */




/** Error codes (and their sub-codes) that retrying can fix. */
const TRANSIENT_CODES = /^(RequestLimitExceeded|InternalError|ResourceUnavailable)(\.|$)/;
/**
 * Codes the families above sort the wrong way. InvalidParameter.RequestTimeout:
 * the query timed out while the backend still works on it; asking again helps.
 */
const TRANSIENT_EXCEPTIONS = ['InvalidParameter.RequestTimeout'];
/** InternalError.ErrRoleNotExist: the account has not authorised TCSS (its service role is missing). */
const PERMANENT_EXCEPTIONS = {
    'InternalError.ErrRoleNotExist': 'TCSS is not authorised in this account: its service role does not exist. ' +
        'Open the Container Security Service console once with an administrator account and grant it the ' +
        'service role it asks for (TCSS_QCSRole), then run the gate again.'
};
/**
 * One request, bounded as a whole — connection, headers and body — by
 * `timeoutMs`: at the limit the request is aborted (node-fetch then destroys
 * its socket) and the call fails at once, whatever the SDK is still doing.
 * What it throws is passed through `classify`.
 */
async function boundedRequest(send, timeoutMs, classify) {
    const ms = Math.max(1, Math.ceil(timeoutMs));
    const controller = new AbortController();
    let timer;
    const timedOut = new Promise((_resolve, reject) => {
        timer = setTimeout(() => {
            controller.abort();
            reject(new retry/* TransientError */.N_(`no complete response within ${seconds(ms)} s (request timed out)`));
        }, ms);
    });
    try {
        return await Promise.race([send(controller.signal), timedOut]);
    }
    catch (error) {
        throw error instanceof retry/* TransientError */.N_ ? error : classify(error);
    }
    finally {
        clearTimeout(timer);
    }
}
function seconds(ms) {
    return ms >= 10_000 ? String(Math.round(ms / 1000)) : (ms / 1000).toFixed(1);
}
/**
 * The SDK's httpProfile for an endpoint, and how to close its connections.
 * The SDK on its own reads only lowercase http_proxy and ignores no_proxy:
 * the proxy is decided here, as the runner's tools do, and the SDK always
 * gets the gate's own agent (see transport.ts), never a proxy URL.
 *
 * reqTimeout 0 turns off node-fetch's own timers: its body timer is never
 * cleared on abort and would keep the process alive for reqTimeout seconds
 * after the verdict. Every request is bounded by boundedRequest instead.
 */
function httpProfileFor(endpoint) {
    const proxy = (0,cloud_proxy/* proxyFor */.iJ)(endpoint);
    const transport = createTransport(endpoint, proxy ? new URL(proxy) : undefined);
    return {
        httpProfile: {
            endpoint: endpoint.host,
            protocol: endpoint.protocol,
            reqMethod: 'POST',
            reqTimeout: 0,
            agent: transport.agent
        },
        close: transport.close
    };
}
/**
 * Sorts whatever the SDK threw into ApiError (fail now) or TransientError
 * (retry). Anything else is a bug and is returned unchanged.
 */
function classifyError(action, error, timeoutMs = 0) {
    if (typeof error !== 'object' || error === null)
        return error;
    const e = error;
    const message = typeof e.message === 'string' ? e.message : '';
    // TencentCloudSDKHttpException always carries requestId and traceId (maybe empty).
    const fromSdk = typeof e.requestId === 'string' && typeof e.traceId === 'string';
    const requestId = fromSdk ? e.requestId : '';
    if (fromSdk && typeof e.code === 'string' && e.code !== '') {
        const hint = PERMANENT_EXCEPTIONS[e.code];
        if (hint)
            return new errors/* ApiError */.hD(action, e.code, `${message} ${hint}`, requestId);
        if (TRANSIENT_CODES.test(e.code) || TRANSIENT_EXCEPTIONS.includes(e.code)) {
            return new retry/* TransientError */.N_(`${e.code}: ${message} (RequestId: ${requestId || 'none'})`, e.code, requestId);
        }
        return new errors/* ApiError */.hD(action, e.code, message, requestId);
    }
    if (fromSdk && 'code' in e) {
        // A 200 whose Response.Error has no string Code: the SDK copies whatever was there.
        return new retry/* TransientError */.N_(`the response has a Response.Error without a string Code (Code: ${JSON.stringify(e.code) ?? 'missing'}; RequestId: ${requestId || 'none'})`);
    }
    if (fromSdk && typeof e.httpCode === 'number' && e.httpCode >= 300 && e.httpCode < 400) {
        const at = message.indexOf(REDIRECT_NOT_FOLLOWED);
        const host = at < 0
            ? ''
            : message
                .slice(at + REDIRECT_NOT_FOLLOWED.length)
                .replace(/\)$/, '')
                .trim();
        return new errors/* ApiError */.hD(action, `HTTP${e.httpCode}`, `HTTP ${e.httpCode}: the endpoint answered with a redirect${host ? ` to ${host}` : ''}, which the gate never follows (no request or credential goes to another host). Check the 'endpoint' input and any proxy in between.`, requestId);
    }
    if (fromSdk && typeof e.httpCode === 'number') {
        const status = `HTTP ${e.httpCode}${message ? ` ${message}` : ''}`;
        if (e.httpCode >= 500 || e.httpCode === 429 || e.httpCode === 408)
            return new retry/* TransientError */.N_(status);
        return new errors/* ApiError */.hD(action, `HTTP${e.httpCode}`, status, requestId);
    }
    if (fromSdk) {
        // The SDK wraps every transport failure (reset, refused, DNS, TLS, our time-out) without a code.
        if (/abort/i.test(message)) {
            return new retry/* TransientError */.N_(`no response within ${Math.round(timeoutMs / 1000)} s (request timed out)`);
        }
        return new retry/* TransientError */.N_(`network error: ${message}`);
    }
    if (e.name === 'FetchError' && e.type === 'invalid-json') {
        return new retry/* TransientError */.N_('the response body is not valid JSON');
    }
    if (e.name === 'FetchError' && e.type === 'system' && /^Invalid response body/.test(message)) {
        // Raised while the body is read (after the SDK's own error wrapping).
        const code = error.code;
        if (code === BODY_BROKE_OFF ||
            code === 'ERR_STREAM_PREMATURE_CLOSE' ||
            (typeof code === 'string' && /^E(CONNRESET|PIPE|CONNABORTED)$/.test(code))) {
            const detail = code === BODY_BROKE_OFF ? '' : ` (${code})`;
            return new retry/* TransientError */.N_(`the connection broke off while the response body was read${detail}`);
        }
        if (typeof code === 'string' && code.startsWith('Z_')) {
            return new retry/* TransientError */.N_(`the response body could not be decoded (its Content-Encoding does not match: ${code})`);
        }
        return new retry/* TransientError */.N_(`the response body could not be read: ${message.replace(/^.*?: /, '')}`);
    }
    if (e.name === 'FetchError' || e.name === 'AbortError') {
        return new retry/* TransientError */.N_(`the response could not be read: ${message}`);
    }
    if (error instanceof TypeError && /reading '(Error|Response)'/.test(message)) {
        return new retry/* TransientError */.N_('the response JSON has no "Response" object');
    }
    return error;
}


/***/ }),

/***/ 8026:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   n7: () => (/* binding */ SPACING_MARGIN),
/* harmony export */   v$: () => (/* binding */ RateLimiter),
/* harmony export */   v7: () => (/* binding */ DeadlineReachedError)
/* harmony export */ });
/* unused harmony export MIN_RPS */
/** A request whose turn would come at or after the deadline: refused instead of sent late. */
class DeadlineReachedError extends Error {
    name = 'DeadlineReachedError';
    constructor() {
        super('wait-timeout reached before the request could be sent');
    }
}
/**
 * Request starts are spaced SPACING_MARGIN / rate seconds apart: 2 % more
 * than the rate itself, so that up to 20 ms of network jitter in a second
 * cannot push the server's count over a limit the rate is set to. (It was 5 %
 * when the rate was fixed; now a rare throttle slows the rate down instead of
 * failing, and the smaller margin gives the time back to every run.)
 */
const SPACING_MARGIN = 1.02;
/** The slowest the limiter goes however often it is throttled: one request every 10 s. */
const MIN_RPS = 0.1;
/**
 * How the rate follows the service (CUBIC, as in the AWS SDKs' adaptive
 * retry mode): a throttle multiplies the rate by BETA (by FIRST_BETA the first
 * time), then successes raise it along C·(t − K)³ + Wmax, back to the rate
 * that was throttled (Wmax) after K seconds, flat near it, then faster.
 * C is proportional to Wmax (0.4 at 20 req/s, the AWS SDKs' constant), so K
 * is the same whatever the share: ten jobs at 2 req/s each probe above their
 * share as gently, together, as one job at 20 req/s does alone.
 */
const CUBIC_C_PER_RPS = 0.02;
const BETA = 0.7;
/**
 * The first throttle of a run halves the rate: it is the first sign that
 * other clients share the account, and jobs of one matrix start together at
 * full speed. Cutting deeper at once keeps their first, shared burst of
 * refusals short; later cuts are gentler (BETA) because the rate is then
 * already near its share.
 */
const FIRST_BETA = 0.5;
/**
 * A cut goes deeper than BETA when the answers of the last ANSWER_WINDOW_MS
 * say so: the rate becomes the share of them that got through (never below
 * MIN_SHARE of max-rps). A job alone on the account that meets a rare throttle
 * has had most of its answers through and is cut by BETA as before; one of
 * ten that started together has had one in five or fewer through, and goes
 * to about its share of the account at once instead of over several rounds
 * of refusals. The curve back up then levels off a little above that share
 * (at the new rate / BETA), not at the rate that was refused.
 */
const ANSWER_WINDOW_MS = 1000;
/** A deeper cut never goes below this share of max-rps (BETA cuts still may). */
const MIN_SHARE = 0.1;
/**
 * Spaces request starts evenly at an adaptive rate, so no window of one
 * second holds more starts than the rate allows (no bursts: the API's own
 * limit is counted per second across the whole account).
 *
 * The rate starts at max-rps and follows the service: `throttled` (a
 * RequestLimitExceeded answer) lowers it at once, multiplicatively, at most
 * once per round (a request sent before the last cut says nothing new);
 * `succeeded` raises it back along a CUBIC curve, never above max-rps nor below
 * MIN_RPS. A lower rate also applies to callers already waiting.
 *
 * Callers are served one at a time, and each gap is measured from the moment
 * the previous caller was actually let go, not from when it was due: a busy
 * event loop that releases one caller late pushes the later ones back instead
 * of bunching them up.
 *
 * Nothing is let go at or after the deadline: a caller whose turn cannot come
 * before it is refused at once (DeadlineReachedError), without taking a turn
 * from anyone, and a caller whose turn has slipped past it (late releases or a
 * lower rate) is refused when its turn comes, without delaying the next one.
 */
class RateLimiter {
    maxRps;
    clock;
    deadline;
    currentRps;
    lastStart = Number.NEGATIVE_INFINITY;
    /** When the last admitted caller is due to start, had every release been on time. */
    lastDue = Number.NEGATIVE_INFINITY;
    queue = Promise.resolve();
    /** When the rate was last cut, the rate it was cut from (CUBIC's Wmax), K (s) and C. */
    lastCut;
    /** Throttled answers reported, and when the first one was. */
    throttles = 0;
    firstThrottleAt = Number.NaN;
    /** When the answers of the last ANSWER_WINDOW_MS came, and whether each got through. */
    answers = [];
    startsSinceFirstThrottle = 0;
    constructor(maxRps, clock, 
    /** Clock time at and after which no request starts (start + wait-timeout). */
    deadline = Number.POSITIVE_INFINITY) {
        this.maxRps = maxRps;
        this.clock = clock;
        this.deadline = deadline;
        this.currentRps = maxRps;
    }
    /** The rate requests are let go at now, in requests per second. */
    get rate() {
        return this.currentRps;
    }
    /** Throttled answers reported so far. */
    get throttledCount() {
        return this.throttles;
    }
    /**
     * Requests per second actually started since the first throttle, or
     * undefined before any (or too soon to tell).
     */
    rateSinceThrottled() {
        const seconds = (this.lastStart - this.firstThrottleAt) / 1000;
        if (!(seconds > 0) || this.startsSinceFirstThrottle < 2)
            return undefined;
        return Math.min(this.maxRps, this.startsSinceFirstThrottle / seconds);
    }
    intervalMs() {
        return (1000 * SPACING_MARGIN) / this.currentRps;
    }
    /** Resolves when the caller may start one request; rejects with DeadlineReachedError. */
    acquire() {
        const due = Math.max(this.clock.now(), this.lastDue + this.intervalMs());
        if (due >= this.deadline)
            return Promise.reject(new DeadlineReachedError());
        this.lastDue = due;
        const turn = this.queue.then(async () => {
            // Again after each sleep: the rate may have been cut meanwhile.
            for (;;) {
                const at = this.lastStart + this.intervalMs();
                if (at >= this.deadline)
                    throw new DeadlineReachedError();
                const wait = at - this.clock.now();
                if (wait <= 0)
                    break;
                await this.clock.sleep(wait);
            }
            if (this.clock.now() >= this.deadline)
                throw new DeadlineReachedError();
            this.lastStart = this.clock.now();
            if (this.throttles > 0)
                this.startsSinceFirstThrottle += 1;
        });
        this.queue = turn.catch(() => undefined);
        return turn;
    }
    /** Keeps the answer that came now, and forgets those older than the window. */
    answered(through) {
        const now = this.clock.now();
        this.answers.push({ at: now, through });
        while (this.answers.length > 0 && this.answers[0].at <= now - ANSWER_WINDOW_MS)
            this.answers.shift();
    }
    /** The service throttled a request that started at `startedAt`: slow down, at once. */
    throttled(startedAt) {
        const now = this.clock.now();
        this.answered(false);
        this.throttles += 1;
        if (this.throttles === 1) {
            this.firstThrottleAt = now;
            this.startsSinceFirstThrottle = 0;
        }
        // Sent at the rate before the last cut: already answered by that cut.
        if (this.lastCut && startedAt <= this.lastCut.at)
            return;
        const beta = this.lastCut ? BETA : FIRST_BETA;
        const through = this.answers.filter((answer) => answer.through).length / this.answers.length;
        const factor = Math.min(beta, Math.max(through, (this.maxRps * MIN_SHARE) / this.currentRps));
        const cutTo = Math.max(Math.min(MIN_RPS, this.maxRps), this.currentRps * factor);
        // A deeper cut than beta: the curve levels off near the share found, not at the rate refused.
        const fromRps = factor < beta ? Math.max(cutTo, Math.min(this.currentRps, cutTo / BETA)) : this.currentRps;
        const c = CUBIC_C_PER_RPS * fromRps;
        const k = Math.cbrt((fromRps - cutTo) / c);
        this.lastCut = { at: now, fromRps, k, c };
        this.currentRps = cutTo;
    }
    /** A request was answered without throttling: speed back up towards max-rps. */
    succeeded() {
        this.answered(true);
        if (!this.lastCut || this.currentRps >= this.maxRps)
            return;
        const { at, fromRps, k, c } = this.lastCut;
        const t = (this.clock.now() - at) / 1000;
        const cubic = c * (t - k) ** 3 + fromRps;
        this.currentRps = Math.min(this.maxRps, Math.max(this.currentRps, cubic));
    }
}


/***/ }),

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

/***/ 1563:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ ApiRequester)
/* harmony export */ });
/* unused harmony export MAX_THROTTLED_IN_A_ROW */
/* harmony import */ var _rate_limiter_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8026);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6451);


/**
 * Throttled answers in a row that one request may take before the run gives
 * up on it. Honest throttling never gets near: every throttle slows the rate
 * down, to one request every 10 s at worst, so this many in a row means the
 * service refuses everything.
 */
const MAX_THROTTLED_IN_A_ROW = 100;
/**
 * Every request of one run goes through here: under the rate limit, inside the
 * deadline, retried on transient failures (with the run's DEFAULT_RETRY: until
 * the next attempt could not start before the deadline, not a fixed count),
 * and counted. The image lookup and the scan reader share one instance.
 *
 * A throttled answer (RequestLimitExceeded*) is not a fault: it lowers the
 * limiter's rate and the request queues again, spending neither an attempt
 * nor the retry budget; wait-timeout bounds it.
 */
class ApiRequester {
    options;
    /** HTTP requests sent, retries included. */
    requests = 0;
    /** Of those, how many the service throttled. */
    throttled = 0;
    constructor(options) {
        this.options = options;
    }
    get deadline() {
        return this.options.deadline;
    }
    /**
     * Requests that could still start before the deadline at max-rps (the
     * limiter spaces starts RATE_SPACING_MS / maxRps apart), retries not counted.
     */
    requestsLeft() {
        const { clock, deadline, maxRps } = this.options;
        return Math.max(0, Math.floor(((deadline - clock.now()) * maxRps) / RATE_SPACING_MS));
    }
    /** Says once, in the log, that the service throttled this run (nothing when it did not). */
    logThrottling() {
        const note = this.throttleNote();
        if (note)
            this.options.log.info(note);
    }
    /**
     * One line for the log when the service throttled this run, with the rate
     * the limiter settled at; undefined when it did not.
     */
    throttleNote() {
        if (this.throttled === 0)
            return undefined;
        const { limiter } = this.options;
        const rate = limiter.rateSinceThrottled() ?? limiter.rate;
        return `TCSS throttled this account; reading at ${rate.toFixed(1)} req/s (${this.throttled} of ${this.requests} requests throttled, retried without counting as failures).`;
    }
    async request(call) {
        const { limiter, clock, deadline, retry, random, log, requestTimeoutMs } = this.options;
        let startedAt = Number.NEGATIVE_INFINITY;
        return (0,_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .withRetry */ .bD)(async () => {
            if (deadline - clock.now() <= 0)
                throw call.outOfTime();
            try {
                await limiter.acquire();
            }
            catch (error) {
                if (error instanceof _rate_limiter_js__WEBPACK_IMPORTED_MODULE_0__/* .DeadlineReachedError */ .v7)
                    throw call.outOfTime(error.message);
                throw error;
            }
            startedAt = clock.now();
            this.requests += 1;
            const raw = await call.send(Math.min(requestTimeoutMs, Math.max(1, deadline - clock.now())));
            limiter.succeeded();
            return call.parse(raw);
        }, {
            ...retry,
            deadline,
            clock,
            random,
            onRetry: (error, attempt, delayMs) => log.info(`${call.label} failed (${error.message}); retry ${attempt} in ${delayMs} ms.`),
            throttle: {
                maxAttempts: MAX_THROTTLED_IN_A_ROW,
                onThrottle: (error) => {
                    this.throttled += 1;
                    limiter.throttled(startedAt);
                    // Said once for the run (throttleNote), not once per request.
                    log.debug(`${call.label} throttled (${error.code}); now ${limiter.rate.toFixed(2)} req/s.`);
                }
            }
        });
    }
}
/** The limiter's spacing of request starts, in ms, times maxRps (see RateLimiter). */
const RATE_SPACING_MS = 1000 * _rate_limiter_js__WEBPACK_IMPORTED_MODULE_0__/* .SPACING_MARGIN */ .n7;


/***/ }),

/***/ 6451:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Km: () => (/* binding */ RetryBudget),
/* harmony export */   N_: () => (/* binding */ TransientError),
/* harmony export */   bD: () => (/* binding */ withRetry),
/* harmony export */   vI: () => (/* binding */ DEFAULT_RETRY)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);

/** A failure worth trying again (throttling, 5xx, a broken body, a reset, a time-out). */
class TransientError extends Error {
    code;
    requestId;
    name = 'TransientError';
    constructor(message, code = '', requestId = '') {
        super(message);
        this.code = code;
        this.requestId = requestId;
    }
    /** The service asked the client to slow down (RequestLimitExceeded and its sub-codes). */
    get throttled() {
        return /^RequestLimitExceeded(\.|$)/.test(this.code);
    }
}
/**
 * Retries shared by every request of one run. The run's default is unbounded
 * (DEFAULT_RETRY): every attempt starts through the rate limiter and inside
 * the deadline, which bound the load and the time; a finite budget is for
 * callers that want a count as well.
 */
class RetryBudget {
    remaining;
    constructor(remaining) {
        this.remaining = remaining;
    }
    take() {
        if (this.remaining <= 0)
            return false;
        this.remaining -= 1;
        return true;
    }
}
/**
 * The run's retries: a transient failure (refused, reset, DNS, TLS, 5xx, a
 * time-out, a broken body) is tried again until the next attempt could not
 * start before the deadline (start + wait-timeout), however many attempts
 * that takes, so an outage shorter than wait-timeout is ridden out. The
 * back-off doubles from 300 ms and is capped at 8 s (full jitter: a random
 * delay up to that ceiling), so an API that comes back is found within 8 s
 * and a long outage costs one request per 4 s on average. A permanent answer
 * is never retried.
 */
const DEFAULT_RETRY = {
    maxAttempts: Number.POSITIVE_INFINITY,
    baseDelayMs: 300,
    maxDelayMs: 8000,
    budget: Number.POSITIVE_INFINITY
};
/**
 * Runs `attempt` until it succeeds, throws a non-transient error, or the
 * attempts, the shared budget or the time run out. Back-off is exponential
 * with full jitter, capped at maxDelayMs.
 */
async function withRetry(attempt, options) {
    let throttledInARow = 0;
    for (let n = 1;; n++) {
        try {
            return await attempt(n);
        }
        catch (error) {
            if (!(error instanceof TransientError))
                throw error;
            if (options.throttle && error.throttled) {
                throttledInARow += 1;
                options.throttle.onThrottle(error);
                const giveUp = options.clock.now() >= options.deadline
                    ? `after ${n} attempt(s), out of time (wait-timeout)`
                    : throttledInARow >= options.throttle.maxAttempts
                        ? `throttled ${throttledInARow} times in a row`
                        : undefined;
                if (giveUp) {
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiUnavailableError */ .xN(`${options.service ?? 'TCSS API'} still failing ${giveUp}; last error: ${error.message}`, options.clock.now() >= options.deadline);
                }
                n -= 1;
                continue;
            }
            throttledInARow = 0;
            const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(n - 1, 30));
            const delay = Math.floor(options.random() * ceiling);
            const outOfTime = n < options.maxAttempts && options.clock.now() + delay >= options.deadline;
            const giveUp = n >= options.maxAttempts
                ? `after ${n} attempts`
                : outOfTime
                    ? `after ${n} attempt(s), out of time (wait-timeout)`
                    : !options.budget.take()
                        ? `after ${n} attempt(s), the run's retry budget is spent`
                        : undefined;
            if (giveUp) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiUnavailableError */ .xN(`${options.service ?? 'TCSS API'} still failing ${giveUp}; last error: ${error.message}`, outOfTime);
            }
            options.onRetry?.(error, n, delay);
            await options.clock.sleep(delay);
        }
    }
}


/***/ }),

/***/ 8630:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _t: () => (/* binding */ withDefaultTag),
/* harmony export */   d6: () => (/* binding */ listedReference),
/* harmony export */   fL: () => (/* binding */ DEFAULT_TAG),
/* harmony export */   mQ: () => (/* binding */ splitReference),
/* harmony export */   pY: () => (/* binding */ registryHostOf),
/* harmony export */   wv: () => (/* binding */ isPlausibleImageId)
/* harmony export */ });
/* harmony import */ var _printable_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5260);
/**
 * Image references (`name:tag`) as the gate compares them: the input `image`
 * and the names TCSS lists are brought to the same form, then compared as
 * strings, exactly.
 */

/** The tag a reference without one stands for, as in Docker. */
const DEFAULT_TAG = 'latest';
/** `name[:tag]` split in two. The tag is what follows the last ':' when no '/' follows it (so a registry port is not a tag). */
function splitReference(reference) {
    const colon = reference.lastIndexOf(':');
    if (colon > reference.lastIndexOf('/')) {
        return { repository: reference.slice(0, colon), tag: reference.slice(colon + 1) };
    }
    return { repository: reference };
}
/**
 * The registry host a `name:tag` starts with, as Docker reads a reference:
 * a first path component with a dot or a port, or `localhost`; undefined
 * for a name without one (`team/app:1`, `app`).
 */
function registryHostOf(reference) {
    const slash = reference.indexOf('/');
    if (slash <= 0)
        return undefined;
    const first = reference.slice(0, slash);
    return /[.:]/.test(first) || first === 'localhost' ? first : undefined;
}
/** `app` → `app:latest`; a reference with a tag is returned as it is. */
function withDefaultTag(reference) {
    return splitReference(reference).tag === undefined ? `${reference}:${DEFAULT_TAG}` : reference;
}
/**
 * The `name:tag` of one entry of DescribeAssetImageList, or undefined when it
 * has no usable name. ImageName normally carries the tag itself
 * (`ccr.ccs.tencentyun.com/team/app:1.4.2`): it is then taken as it is and an
 * ImageTag field, if any, is not used. When ImageName has no tag, a non-empty
 * ImageTag is appended (`ImageName:ImageTag`); without one the name stands
 * for `:latest`, the same rule as for the input. Untagged entries that Docker
 * shows as `<none>` never match.
 */
function listedReference(imageName, imageTag) {
    if (typeof imageName !== 'string' || imageName === '' || imageName.startsWith('<none>')) {
        return undefined;
    }
    if (splitReference(imageName).tag !== undefined)
        return imageName;
    const tag = typeof imageTag === 'string' && imageTag !== '' ? imageTag : DEFAULT_TAG;
    return `${imageName}:${tag}`;
}
/** A TCSS ImageID as the gate accepts it: printable ASCII without spaces, at most 256 characters. */
function isPlausibleImageId(value) {
    return typeof value === 'string' && (0,_printable_js__WEBPACK_IMPORTED_MODULE_0__/* .isPrintable */ .C2)(value, 256);
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

/***/ 100:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ parseRegistryReference),
/* harmony export */   z: () => (/* binding */ registryHostKey)
/* harmony export */ });
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7242);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _printable_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5260);
/* harmony import */ var _image_reference_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8630);
/**
 * Registry image references (`registry-image`): HOST/NAMESPACE/NAME:TAG or
 * HOST/NAMESPACE/NAME@sha256:DIGEST. The repository address is everything
 * before the tag or digest (namespaces may be nested); no tag or digest
 * means `:latest`.
 *
 * References compare by the reference grammar: the registry host without
 * regard to case (it is kept in lower case), namespace, name, tag and digest
 * exactly as written.
 */




/** Validates one line of `registry-image`. */
function parseRegistryReference(raw) {
    const value = raw.trim();
    const shown = JSON.stringify(value.slice(0, 160));
    const expected = 'Expected HOST/NAMESPACE/NAME:TAG or HOST/NAMESPACE/NAME@sha256:DIGEST, e.g. ccr.ccs.tencentyun.com/team/app:1.4.2 (no tag means :latest), one per line.';
    const invalid = (why) => new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz((say) => `Invalid ${say.setting(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.RegistryImage)}: ${shown} ${why}. ${expected}`, _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.RegistryImage);
    if (!(0,_printable_js__WEBPACK_IMPORTED_MODULE_2__/* .isPrintable */ .C2)(value, 512))
        throw invalid('is not a reference');
    let repository;
    let tag;
    let digest;
    const at = value.indexOf('@');
    if (at >= 0) {
        repository = value.slice(0, at);
        digest = value.slice(at + 1).toLowerCase();
        if (!/^sha256:[0-9a-f]{64}$/.test(digest))
            throw invalid('has a digest that is not sha256: and 64 hex digits');
        // A tag before the digest (name:tag@sha256:…) is dropped: the digest decides.
        repository = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .splitReference */ .mQ)(repository).repository;
    }
    else {
        const split = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .splitReference */ .mQ)(value);
        repository = split.repository;
        tag = split.tag ?? _image_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .DEFAULT_TAG */ .fL;
        if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag))
            throw invalid('has an invalid tag');
    }
    const parts = repository.split('/');
    if (parts.length < 3 || parts.some((part) => part === '')) {
        throw invalid('does not start with a registry host followed by a namespace and a name');
    }
    // Host names are case-insensitive; namespace and name are compared as written.
    repository = [registryHostKey(parts[0]), ...parts.slice(1)].join('/');
    return {
        repository,
        tag,
        digest,
        text: digest ? `${repository}@${digest}` : `${repository}:${tag ?? _image_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .DEFAULT_TAG */ .fL}`
    };
}
/** A registry host as references and rows are compared: DNS names (and ports) are case-insensitive. */
function registryHostKey(host) {
    return host.toLowerCase();
}


/***/ }),

/***/ 277:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J5: () => (/* binding */ platformMatches),
/* harmony export */   Sx: () => (/* binding */ parseTargets),
/* harmony export */   i4: () => (/* binding */ listLines),
/* harmony export */   qA: () => (/* binding */ parsePlatforms)
/* harmony export */ });
/* unused harmony exports MAX_IMAGES, MAX_EVENT_IDS, parseImageName, parseImageId, parseEventId */
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7242);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _printable_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5260);
/* harmony import */ var _image_reference_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8630);
/* harmony import */ var _registry_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(100);
/**
 * What one gate step judges: images (by ImageID or by name:tag) and runtime
 * trojan events, each input a list with one value per line.
 */





/** At most this many images and events in one step: a limit that says so, never a silent cut. */
const MAX_IMAGES = 256;
const MAX_EVENT_IDS = 1000;
/** The non-empty lines of a list input, trimmed. */
function listLines(raw) {
    return raw
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
}
/**
 * Parses `image-id`, `image` and `event-ids`. Each may hold several values,
 * one per line; at least one value in one of them is required. A value given
 * twice is gated once and a notice says so.
 */
function parseTargets(imageIdRaw, imageRaw, eventIdsRaw, registryRaw = '') {
    const notices = [];
    const ids = unique(listLines(imageIdRaw).map(parseImageId), _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.ImageId, notices);
    const names = unique(listLines(imageRaw).map(parseImageName), _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Image, notices);
    const eventIds = unique(listLines(eventIdsRaw).map(parseEventId), _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.EventIds, notices);
    const registry = unique(listLines(registryRaw).map((line) => (0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseRegistryReference */ .q)(line).text), _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.RegistryImage, notices);
    const images = [
        ...ids.map((imageId) => ({ imageId })),
        ...names.map((imageName) => ({ imageName })),
        ...registry.map((text) => ({ registryImage: (0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseRegistryReference */ .q)(text) }))
    ];
    if (images.length === 0 && eventIds.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz((say) => `Nothing to gate: give at least one of ${say.setting(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.RegistryImage)} (registry images: what a CI job pushes), ${say.setting(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.ImageId)} (TCSS ImageIDs), ${say.setting(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Image)} (name:tag of a local image, looked up in TCSS) or ${say.setting(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.EventIds)} (runtime trojan event IDs); ${say.perLine}.`, _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.ImageId);
    }
    if (images.length > MAX_IMAGES) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz((say) => `${capitalized(say.settings([_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.ImageId, _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Image, _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.RegistryImage]))} name ${images.length} images; one ${say.run} gates at most ${MAX_IMAGES}. Split them over several ${say.run}s.`, _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.ImageId);
    }
    if (eventIds.length > MAX_EVENT_IDS) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz((say) => `${say.Setting(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.EventIds)} names ${eventIds.length} runtime events; one ${say.run} judges at most ${MAX_EVENT_IDS}. Split them over several ${say.run}s.`, _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.EventIds);
    }
    return { images, eventIds, notices };
}
function unique(values, input, notices) {
    const seen = new Set();
    const kept = [];
    for (const value of values) {
        if (seen.has(value)) {
            notices.push((say) => `${say.Setting(input)} lists ${JSON.stringify(value.slice(0, 200))} more than once; it is gated once.`);
        }
        else {
            seen.add(value);
            kept.push(value);
        }
    }
    return kept;
}
/**
 * Validates one value of the `image` input and returns it as `name:tag`,
 * `:latest` added when no tag is given. A digest reference (`name@sha256:…`)
 * is refused: TCSS lists images by name and tag.
 */
function parseImageName(raw) {
    const value = raw.trim();
    const shown = JSON.stringify(value.slice(0, 120));
    const expected = `Expected name:tag as TCSS lists it, e.g. ccr.ccs.tencentyun.com/team/app:1.4.2 (no tag means :latest), one per line.`;
    if (value.includes('@')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz((say) => `Invalid ${say.setting(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Image)}: ${shown} is a digest reference; TCSS lists local images by name and tag. ${expected} To gate an image in a registry by its digest, use ${say.setting(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.RegistryImage)}; to gate by ImageID, ${say.setting(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.ImageId)}.`, _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Image);
    }
    const { repository, tag } = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .splitReference */ .mQ)(value);
    const validRepository = (0,_printable_js__WEBPACK_IMPORTED_MODULE_4__/* .isPrintable */ .C2)(repository) &&
        !repository.startsWith('/') &&
        !repository.endsWith('/') &&
        !repository.includes('//');
    const validTag = tag === undefined || /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag);
    if (value.length > 512 || !validRepository || !validTag) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz((say) => `Invalid ${say.setting(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Image)}: ${shown}. ${expected}`, _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Image);
    }
    return (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .withDefaultTag */ ._t)(value);
}
/** Validates one value of the `image-id` input. */
function parseImageId(raw) {
    const id = raw.trim();
    if (!(0,_printable_js__WEBPACK_IMPORTED_MODULE_4__/* .isPrintable */ .C2)(id, 256)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz((say) => `Invalid ${say.setting(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.ImageId)}: ${JSON.stringify(id.slice(0, 80))}. Expected a TCSS ImageID (printable ASCII without spaces, at most 256 characters), one per line.`, _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.ImageId);
    }
    return id;
}
/** Validates one value of the `event-ids` input (the `Id` of DescribeVirusDetail). */
function parseEventId(raw) {
    const id = raw.trim();
    if (!(0,_printable_js__WEBPACK_IMPORTED_MODULE_4__/* .isPrintable */ .C2)(id, 256)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz((say) => `Invalid ${say.setting(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.EventIds)}: ${JSON.stringify(id.slice(0, 80))}. Expected a TCSS runtime trojan event ID (the Id of DescribeVirusDetail: printable ASCII without spaces, at most 256 characters), one per line.`, _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.EventIds);
    }
    return id;
}
/** `platforms`: a comma or newline list of os/architecture[/variant], e.g. `linux/amd64`. */
function parsePlatforms(raw) {
    const platforms = raw
        .split(/[,\n]/)
        .map((entry) => entry.trim())
        .filter(Boolean);
    for (const platform of platforms) {
        if (!/^[a-z0-9._-]+\/[a-z0-9._-]+(\/[a-z0-9._-]+)?$/i.test(platform)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz((say) => `Invalid ${say.setting(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Platforms)}: ${JSON.stringify(platform.slice(0, 80))}. Expected platforms as os/architecture[/variant] separated by commas or newlines, e.g. linux/amd64,linux/arm64.`, _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Platforms);
        }
    }
    return [...new Set(platforms.map((platform) => platform.toLowerCase()))];
}
/** Whether platform `wanted` (`linux/arm64`) names `platform` (`linux/arm64/v8`). */
function platformMatches(wanted, platform) {
    return platform === wanted || platform.startsWith(`${wanted}/`);
}
function capitalized(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}


/***/ }),

/***/ 5619:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DI: () => (/* binding */ pathRoots),
/* harmony export */   NK: () => (/* binding */ resolveOutputPath),
/* harmony export */   cG: () => (/* binding */ assertDistinctFiles),
/* harmony export */   nI: () => (/* binding */ resolveContainedPath)
/* harmony export */ });
/* unused harmony export isWithin */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/**
 * Where the files named by inputs may be. The policy is read only from inside
 * the workspace; the files the gate writes (report-file, sarif-file, …) go
 * inside the workspace or RUNNER_TEMP. Containment is judged on real paths:
 * `..`, an absolute path elsewhere, or a symbolic link on any component (a
 * checked-out pull request can plant one) that leads out is refused.
 *
 * Everything here is synchronous and takes its roots explicitly, so the
 * checks can be unit-tested on a temporary directory and called while the
 * settings are read (settings.ts), before anything else happens.
 */



/** Real paths of the workspace and RUNNER_TEMP; a workspace that does not exist is an input error. */
function pathRoots(workspace, runnerTemp) {
    const workspaceAbsolute = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(workspace);
    let workspaceReal;
    try {
        workspaceReal = node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync(workspaceAbsolute);
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz((say) => `${capitalized(say.workspace)} ${JSON.stringify(workspaceAbsolute)} (GITHUB_WORKSPACE, or the current directory outside GitHub) cannot be resolved: ${error.code ?? String(error)}.`);
    }
    const roots = { workspace: workspaceAbsolute, workspaceReal };
    if (runnerTemp) {
        try {
            roots.runnerTempReal = node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync(node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(runnerTemp));
            roots.runnerTemp = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(runnerTemp);
        }
        catch {
            // No RUNNER_TEMP on this machine: outputs go to the workspace only.
        }
    }
    return roots;
}
/**
 * Resolves `given` (relative to the workspace, or absolute) and checks that
 * it stays inside the roots `use` allows. Throws an InputError naming
 * `input`, what was given and what is allowed.
 */
function resolveContainedPath(input, given, use, roots) {
    const shown = JSON.stringify(given);
    const allowed = (say) => use === 'write'
        ? `Expected a file path inside ${say.workspace} (${roots.workspace})${roots.runnerTemp ? ` or RUNNER_TEMP (${roots.runnerTemp})` : ''}`
        : `Expected a file path inside ${say.workspace} (${roots.workspace})`;
    const invalid = (why) => new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz((say) => `Invalid ${say.setting(input)}: ${shown} ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .worded */ .MH)(why, say)}. ${allowed(say)}; a symbolic link on the way may point only inside it.`, input);
    if (given.trim() === '')
        throw invalid('is empty');
    // A path with a line break cannot be printed on one log line, and no checkout needs one.
    if (/[\p{Cc}\u2028\u2029]/u.test(given)) {
        throw invalid('contains a line break or another control character');
    }
    const absolute = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(roots.workspace, given);
    let resolved;
    try {
        resolved = realPathOf(absolute, { links: MAX_LINKS });
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOTDIR')
            throw invalid('has a file where a directory is expected');
        if (code === 'ELOOP')
            throw invalid('goes through too many symbolic links (a loop?)');
        throw invalid(`cannot be resolved (${code ?? errorText(error)})`);
    }
    const realRoots = [roots.workspaceReal];
    const givenRoots = [roots.workspace, roots.workspaceReal];
    if (use === 'write' && roots.runnerTemp && roots.runnerTempReal) {
        realRoots.push(roots.runnerTempReal);
        givenRoots.push(roots.runnerTemp, roots.runnerTempReal);
    }
    if (!realRoots.some((root) => isWithin(resolved.realPath, root))) {
        const where = (say) => use === 'write' && roots.runnerTemp ? `${say.workspace} and RUNNER_TEMP` : say.workspace;
        const through = givenRoots.some((root) => isWithin(absolute, root));
        throw invalid((say) => through
            ? `leads out of ${where(say)} through a symbolic link (it resolves to ${JSON.stringify(resolved.realPath)})`
            : `is outside ${where(say)}`);
    }
    if (resolved.exists && node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync(resolved.realPath).isDirectory()) {
        throw invalid('is a directory');
    }
    // A file to read behind a link that points nowhere was meant to be there: never "no file".
    if (use === 'read' && !resolved.exists && resolved.brokenLink) {
        const link = resolved.brokenLink;
        const linkPath = isWithin(link.path, roots.workspace)
            ? node_path__WEBPACK_IMPORTED_MODULE_1__.relative(roots.workspace, link.path)
            : link.path;
        const where = link.path === absolute
            ? 'is a symbolic link'
            : `runs through the symbolic link ${JSON.stringify(linkPath)}, which points`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz((say) => `Invalid ${say.setting(input)}: ${shown} ${where} to ${shownTarget(link.target)}, where nothing exists. ` +
            `Make the link point to the file, or remove it.`, input);
    }
    return resolved;
}
/** A link's target for a message: quoted, unless it is long or has control characters. */
function shownTarget(target) {
    return target.length <= 200 && !/[\p{Cc}\u2028\u2029]/u.test(target)
        ? JSON.stringify(target)
        : 'a target not shown';
}
/**
 * For the writer of an output file, right before it writes: re-checks a path
 * from Settings (reportFile, sarifFile, …) against the same roots, because
 * the tree may have changed since the inputs were read (a step running in the
 * background could have planted a symbolic link). Returns the real path to
 * write, or throws an InputError naming `input`. Create missing parent
 * directories of the returned path, then write there (not through the path
 * given), so what is written is what was checked.
 */
function resolveOutputPath(input, file, roots) {
    return resolveContainedPath(input, file, 'write', roots).realPath;
}
/**
 * Refuses two inputs that name one file after resolution: the same real path,
 * or (for files that exist) the same device and inode, which also catches
 * hard links. A later input is named first: "Inputs 'sarif-file' and
 * 'report-file' name the same file".
 */
function assertDistinctFiles(files) {
    for (let later = 1; later < files.length; later++) {
        for (let earlier = 0; earlier < later; earlier++) {
            const a = files[later];
            const b = files[earlier];
            if (sameFile(a.resolved, b.resolved)) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz((say) => `${capitalized(say.settings([a.input, b.input]))} name the same file (${JSON.stringify(a.resolved.realPath)}); give each its own path.`, b.input);
            }
        }
    }
}
function sameFile(a, b) {
    if (comparable(a.realPath) === comparable(b.realPath))
        return true;
    if (!a.exists || !b.exists)
        return false;
    try {
        const statA = node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync(a.realPath);
        const statB = node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync(b.realPath);
        return statA.dev === statB.dev && statA.ino === statB.ino;
    }
    catch {
        return false;
    }
}
/** File names are case-insensitive by default on Windows and macOS. */
function comparable(file) {
    return process.platform === 'win32' || process.platform === 'darwin' ? file.toLowerCase() : file;
}
/** Whether `file` is `root` or below it. */
function isWithin(file, root) {
    const relative = node_path__WEBPACK_IMPORTED_MODULE_1__.relative(root, file);
    return (relative === '' ||
        (relative !== '..' && !relative.startsWith(`..${node_path__WEBPACK_IMPORTED_MODULE_1__.sep}`) && !node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute(relative)));
}
/** As the kernel's own limit (Linux follows at most 40 links per lookup). */
const MAX_LINKS = 40;
/**
 * The real path of an absolute path that may not exist. fs.realpath follows
 * every link of an existing path; for a missing one, walk up to the nearest
 * parent that resolves, following a dangling link on the way by hand (writing
 * through a dangling link would create its target, wherever that is).
 */
function realPathOf(absolute, budget) {
    try {
        return { realPath: node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync(absolute), exists: true };
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            throw error;
    }
    const parent = node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(absolute);
    if (parent === absolute)
        return { realPath: absolute, exists: false };
    const link = readLink(absolute);
    const parentResolved = realPathOf(parent, budget);
    const parentReal = parentResolved.realPath;
    if (link === undefined) {
        const realPath = node_path__WEBPACK_IMPORTED_MODULE_1__.join(parentReal, node_path__WEBPACK_IMPORTED_MODULE_1__.basename(absolute));
        return parentResolved.brokenLink
            ? { realPath, exists: false, brokenLink: parentResolved.brokenLink }
            : { realPath, exists: false };
    }
    budget.links -= 1;
    if (budget.links < 0)
        throw Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' });
    const target = realPathOf(node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(parentReal, link), budget);
    return {
        ...target,
        brokenLink: parentResolved.brokenLink ?? { path: absolute, target: link }
    };
}
function readLink(file) {
    try {
        return node_fs__WEBPACK_IMPORTED_MODULE_0__.readlinkSync(file);
    }
    catch {
        return undefined;
    }
}
function errorText(error) {
    return error instanceof Error ? error.message : String(error);
}
function capitalized(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}


/***/ }),

/***/ 4686:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  s: () => (/* binding */ readSettings)
});

// EXTERNAL MODULE: ./src/cloud/proxy.ts
var proxy = __webpack_require__(7849);
// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(7242);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/printable.ts
var printable = __webpack_require__(5260);
;// CONCATENATED MODULE: ./src/core/endpoint.ts
/** The `endpoint` input: where the TCSS API is, and STS on the same site. */


const LOOPBACK_HOSTNAME = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
/** Accepts `host`, `https://host[:port]`, and `http://host:port` for loopback hosts only. */
function parseEndpoint(raw) {
    const value = raw.trim();
    const allowed = `Expected a host name such as ${constants/* DEFAULT_ENDPOINT */.mP} or tcss.intl.tencentcloudapi.com, ` +
        `an https:// URL, or an http://HOST:PORT URL whose HOST is a loopback address (127.0.0.0/8, localhost, [::1]).`;
    // Never shown: a user:password written into it.
    const shown = value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/is, '$1***@');
    const invalid = (why) => new errors/* InputError */.dz((say) => `Invalid ${say.setting(constants/* Inputs */.G0.Endpoint)}: '${shown}' ${why}. ${allowed}`, constants/* Inputs */.G0.Endpoint);
    const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
    let url;
    try {
        url = new URL(hasScheme ? value : `https://${value}`);
    }
    catch {
        throw invalid('is not a valid host or URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw invalid(`uses the scheme '${url.protocol}'`);
    if (url.username || url.password)
        throw invalid('contains credentials');
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
        throw invalid('has a path, query or fragment');
    }
    const loopback = LOOPBACK_HOSTNAME.test(url.hostname);
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    if (!loopback && !HOSTNAME.test(url.hostname))
        throw invalid('has an invalid host name');
    if (url.protocol === 'http:' && !loopback) {
        throw invalid('uses plain http to a host that is not a loopback address; credentials must not travel unencrypted');
    }
    return { protocol: url.protocol === 'http:' ? 'http://' : 'https://', host: url.host, hostname };
}
/**
 * STS on the same site as TCSS: `tcss.<rest>` becomes `sts.<rest>`
 * (sts.tencentcloudapi.com, sts.intl.tencentcloudapi.com, regional and
 * internal hosts alike); a loopback emulator serves STS itself; any other
 * host falls back to sts.tencentcloudapi.com.
 */
function stsEndpointFor(endpoint) {
    if (LOOPBACK_HOSTNAME.test(endpoint.hostname) || endpoint.hostname === '::1')
        return endpoint;
    const hostname = /^tcss\.(.+\.)?tencentcloudapi\.com$/i.test(endpoint.hostname)
        ? `sts.${endpoint.hostname.slice('tcss.'.length)}`
        : 'sts.tencentcloudapi.com';
    return { protocol: 'https://', host: hostname, hostname };
}

;// CONCATENATED MODULE: ./src/core/credential-settings.ts
/**
 * The credential inputs: API keys (inputs or TENCENTCLOUD_* variables) as
 * pasted, or keyless OIDC through a CAM role. Secrets are read here and
 * refused without being shown; masking them is the caller's, before this runs.
 */




/** An input trimmed, as the runner's getInput gives it; '' when not given. */
function inputText(inputs, name) {
    return (inputs[name] ?? '').trim();
}
/** The input when it has more than whitespace, else the environment variable it falls back to. */
function readSecret(inputs, input, variable, env) {
    const fromInput = inputs[input] ?? '';
    if (fromInput.trim() !== '' || !variable)
        return { raw: fromInput, input };
    return { raw: env[variable] ?? '', input, variable };
}
/**
 * The secret to use: surrounding whitespace trimmed (a pasted secret often
 * ends in a newline, which an HTTP header cannot carry). Anything else that
 * cannot be in a key or token — a line break, a tab, a space, a control or
 * non-ASCII character inside — is an InputError that names the source and
 * what it found, never the value.
 */
function parseSecret(given) {
    const value = given.raw.trim();
    // What a secret is made of: printable ASCII without spaces (keys, session tokens, GitHub tokens all are).
    const bad = (0,printable/* firstUnprintable */.bl)(value);
    if (bad === undefined)
        return value;
    const source = (say) => given.variable ? say.variableFor(given.variable, given.input) : say.setting(given.input);
    throw new errors/* InputError */.dz((say) => `Invalid ${source(say)}: the value contains ${describeCharacter(bad)} inside (the value is not shown). ` +
        `Expected printable ASCII without spaces, as Tencent Cloud keys and tokens are; copy the secret again, without line breaks.`, given.input);
}
function describeCharacter(char) {
    if (char === '\n' || char === '\r' || char === '\u2028' || char === '\u2029')
        return 'a line break';
    if (char === '\t')
        return 'a tab';
    if (/\s/u.test(char))
        return 'a space';
    if (/\p{Cc}/u.test(char))
        return 'a control character';
    return 'a non-ASCII character';
}
/**
 * API keys, or keyless OIDC credentials when `role-arn` is set. The two ways
 * exclude each other: keys given (as inputs or TENCENTCLOUD_* variables)
 * together with `role-arn` are an error rather than a silent choice.
 */
function parseCredentialSource(keys, environment, endpointInput) {
    const input = (name) => inputText(environment.inputs, name);
    const roleArn = input(constants/* Inputs */.G0.RoleArn).trim();
    const providerId = input(constants/* Inputs */.G0.ProviderId).trim();
    const audienceInput = input(constants/* Inputs */.G0.OidcAudience).trim();
    const { env } = environment;
    if (!roleArn && !providerId) {
        if (audienceInput && audienceInput !== constants/* DEFAULT_OIDC_AUDIENCE */.fv) {
            throw new errors/* InputError */.dz((say) => `${say.Setting(constants/* Inputs */.G0.OidcAudience)} is set, but it applies only to keyless credentials: set ${say.name(constants/* Inputs */.G0.RoleArn)} and ${say.name(constants/* Inputs */.G0.ProviderId)} as well, or leave it out.`, constants/* Inputs */.G0.OidcAudience);
        }
        return {
            kind: 'keys',
            credentials: parseCredentials(keys.secretId, keys.secretKey, keys.token ?? '', environment.isForkPullRequest)
        };
    }
    const both = (say) => `keyless credentials need both ${say.name(constants/* Inputs */.G0.RoleArn)} (the CAM role to assume) and ${say.name(constants/* Inputs */.G0.ProviderId)} (the CAM OIDC identity provider's name)`;
    if (!roleArn)
        throw new errors/* InputError */.dz((say) => `${say.Setting(constants/* Inputs */.G0.ProviderId)} is set but ${say.name(constants/* Inputs */.G0.RoleArn)} is not; ${both(say)}.`, constants/* Inputs */.G0.RoleArn);
    if (!providerId)
        throw new errors/* InputError */.dz((say) => `${say.Setting(constants/* Inputs */.G0.RoleArn)} is set but ${say.name(constants/* Inputs */.G0.ProviderId)} is not; ${both(say)}.`, constants/* Inputs */.G0.ProviderId);
    const keySettings = [
        [constants/* Inputs */.G0.SecretId, 'TENCENTCLOUD_SECRET_ID'],
        [constants/* Inputs */.G0.SecretKey, 'TENCENTCLOUD_SECRET_KEY'],
        [constants/* Inputs */.G0.SessionToken, 'TENCENTCLOUD_SESSION_TOKEN']
    ];
    const givenKeys = (say) => keySettings.flatMap(([input, variable]) => inputText(environment.inputs, input)
        ? [say.setting(input)]
        : env[variable]?.trim()
            ? [`env ${variable}`]
            : []);
    if (givenKeys(errors/* ACTION_VOCABULARY */.qA).length > 0) {
        throw new errors/* InputError */.dz((say) => `Both keyless credentials (${say.name(constants/* Inputs */.G0.RoleArn)}) and API keys (${givenKeys(say).join(', ')}) are set; pick one: ` +
            `either ${say.name(constants/* Inputs */.G0.RoleArn)} with ${say.name(constants/* Inputs */.G0.ProviderId)} (the job's OIDC token exchanged for temporary credentials), ` +
            `or ${say.name(constants/* Inputs */.G0.SecretId)} with ${say.name(constants/* Inputs */.G0.SecretKey)}, and remove the other.`, constants/* Inputs */.G0.RoleArn);
    }
    if (!/^qcs::cam::uin\/\d{1,20}:role(Name)?\/[\w+=,.@-]{1,128}$/.test(roleArn)) {
        throw new errors/* InputError */.dz((say) => `Invalid ${say.setting(constants/* Inputs */.G0.RoleArn)}: ${JSON.stringify(roleArn.slice(0, 200))}. Expected a CAM role ARN such as qcs::cam::uin/100000000001:roleName/tcss-virus-gate (the role's RoleArn in the CAM console).`, constants/* Inputs */.G0.RoleArn);
    }
    if (!/^[\w+=,.@-]{1,128}$/.test(providerId)) {
        throw new errors/* InputError */.dz((say) => `Invalid ${say.setting(constants/* Inputs */.G0.ProviderId)}: ${JSON.stringify(providerId.slice(0, 200))}. Expected the name of the CAM OIDC identity provider (letters, digits and +=,.@_-, at most 128).`, constants/* Inputs */.G0.ProviderId);
    }
    const audience = audienceInput || constants/* DEFAULT_OIDC_AUDIENCE */.fv;
    if (!(0,printable/* isPrintable */.C2)(audience, 256)) {
        throw new errors/* InputError */.dz((say) => `Invalid ${say.setting(constants/* Inputs */.G0.OidcAudience)}: ${JSON.stringify(audience.slice(0, 200))}. Expected one audience (printable ASCII without spaces, at most 256 characters), such as ${constants/* DEFAULT_OIDC_AUDIENCE */.fv}; it must be a client ID of the identity provider.`, constants/* Inputs */.G0.OidcAudience);
    }
    if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
        // Only the action can see a fork's pull request; its words say what a fork never gets.
        const fork = environment.isForkPullRequest
            ? ` This run is a pull request from a fork, and GitHub gives such runs no ID token whatever the permissions: gate fork pull requests with a separate 'workflow_run' workflow (see ${constants/* README_URL */.Xh}).`
            : '';
        throw new errors/* InputError */.dz((say) => `${say.Setting(constants/* Inputs */.G0.RoleArn)} asks for keyless credentials, but this job cannot request an OIDC token: ` +
            say.noIdToken +
            fork, constants/* Inputs */.G0.RoleArn);
    }
    return {
        kind: 'oidc',
        oidc: {
            roleArn,
            providerId,
            audience,
            sessionName: roleSessionName(env),
            stsEndpoint: stsEndpointFor(parseEndpoint(endpointInput)),
            // Validated with the other inputs; the SDK's own STS credential uses ap-guangzhou as well.
            stsRegion: input(constants/* Inputs */.G0.Region).trim() || 'ap-guangzhou'
        }
    };
}
/** `tcss-virus-gate-<run id>-<attempt>`, so the account's audit log ties each session to its run. */
function roleSessionName(env) {
    const run = [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT].filter((part) => part).join('-');
    const name = run ? `tcss-virus-gate-${run}` : 'tcss-virus-gate';
    return name.replace(/[^\w+=,.@-]/g, '-').slice(0, 128);
}
function parseCredentials(secretId, secretKey, token, isForkPullRequest) {
    const missing = [];
    if (!secretId)
        missing.push([constants/* Inputs */.G0.SecretId, 'TENCENTCLOUD_SECRET_ID']);
    if (!secretKey)
        missing.push([constants/* Inputs */.G0.SecretKey, 'TENCENTCLOUD_SECRET_KEY']);
    if (missing.length > 0) {
        const fork = isForkPullRequest
            ? ` This run is a pull request from a fork, and GitHub gives such runs no secrets: gate fork pull requests with a separate 'workflow_run' workflow (see ${constants/* README_URL */.Xh}).`
            : '';
        throw new errors/* InputError */.dz((say) => `Missing Tencent Cloud credentials: ${missing.map(([input, variable]) => say.orVariable(input, variable)).join(' and ')}. ` +
            say.giveKeys +
            fork, missing[0][0]);
    }
    const credentials = { secretId, secretKey };
    if (token)
        credentials.token = token;
    return credentials;
}

// EXTERNAL MODULE: ./src/core/targets.ts
var core_targets = __webpack_require__(277);
;// CONCATENATED MODULE: ./src/core/settings.ts
/**
 * Interpreting the inputs: every input of action.yml (or the command line's
 * flag of the same name) validated once, into the Settings the run reads.
 */





const SCAN_MODES = ['never', 'if-not-scanned', 'always'];
const MAX_WAIT_TIMEOUT_S = 6 * 60 * 60;
const MAX_POLL_INTERVAL_S = 600;
/**
 * Validates every input once and returns the typed settings. Pure but for
 * the file checks it is given; the secrets are masked by the caller first.
 */
function interpretSettings(environment, files) {
    const { env, inputs } = environment;
    const input = (name) => inputText(inputs, name);
    const secretId = parseSecret(readSecret(inputs, constants/* Inputs */.G0.SecretId, 'TENCENTCLOUD_SECRET_ID', env));
    const secretKey = parseSecret(readSecret(inputs, constants/* Inputs */.G0.SecretKey, 'TENCENTCLOUD_SECRET_KEY', env));
    const token = parseSecret(readSecret(inputs, constants/* Inputs */.G0.SessionToken, 'TENCENTCLOUD_SESSION_TOKEN', env));
    const githubToken = parseSecret(readSecret(inputs, constants/* Inputs */.G0.GithubToken, undefined, env));
    const targets = (0,core_targets/* parseTargets */.Sx)(input(constants/* Inputs */.G0.ImageId), input(constants/* Inputs */.G0.Image), input(constants/* Inputs */.G0.EventIds), input(constants/* Inputs */.G0.RegistryImage));
    const policyInput = input(constants/* Inputs */.G0.Policy) || constants/* INPUT_DEFAULTS */.WJ[constants/* Inputs */.G0.Policy];
    const roots = files.pathRoots(environment.workspace, env.RUNNER_TEMP);
    const policy = files.resolveContainedPath(constants/* Inputs */.G0.Policy, policyInput, 'read', roots);
    const endpointInput = input(constants/* Inputs */.G0.Endpoint) || constants/* INPUT_DEFAULTS */.WJ[constants/* Inputs */.G0.Endpoint];
    const settings = {
        targets,
        policyPath: policy.realPath,
        policyDisplayPath: policyInput,
        policyIsDefault: policyInput === constants/* INPUT_DEFAULTS */.WJ[constants/* Inputs */.G0.Policy],
        credentialSource: parseCredentialSource({ secretId, secretKey, token }, environment, endpointInput),
        endpoint: parseEndpoint(endpointInput),
        waitTimeoutMs: parseNumber(constants/* Inputs */.G0.WaitTimeout, input(constants/* Inputs */.G0.WaitTimeout), {
            min: 1,
            max: MAX_WAIT_TIMEOUT_S,
            what: 'a number of seconds'
        }) * 1000,
        pollIntervalMs: parseNumber(constants/* Inputs */.G0.PollInterval, input(constants/* Inputs */.G0.PollInterval), {
            min: 0.1,
            max: MAX_POLL_INTERVAL_S,
            what: 'a number of seconds'
        }) * 1000,
        maxRps: parseNumber(constants/* Inputs */.G0.MaxRps, input(constants/* Inputs */.G0.MaxRps), {
            min: 0.1,
            max: constants/* API_MAX_RPS */.Q8,
            what: 'a number of requests per second'
        }),
        scan: parseScanMode(input(constants/* Inputs */.G0.Scan)),
        platforms: (0,core_targets/* parsePlatforms */.qA)(input(constants/* Inputs */.G0.Platforms)),
        registryLogin: parseRegistryLogin(input(constants/* Inputs */.G0.RegistryUsername), parseSecret(readSecret(inputs, constants/* Inputs */.G0.RegistryPassword, undefined, env))),
        enforce: parseBoolean(constants/* Inputs */.G0.Enforce, input(constants/* Inputs */.G0.Enforce)),
        summary: parseBoolean(constants/* Inputs */.G0.Summary, input(constants/* Inputs */.G0.Summary)),
        comment: parseBoolean(constants/* Inputs */.G0.Comment, input(constants/* Inputs */.G0.Comment)),
        sarifScope: parseSarifScope(input(constants/* Inputs */.G0.SarifScope)),
        githubToken,
        pathRoots: roots
    };
    const region = input(constants/* Inputs */.G0.Region);
    if (region) {
        if (!/^[a-z0-9-]{1,64}$/.test(region)) {
            throw new errors/* InputError */.dz((say) => `Invalid ${say.setting(constants/* Inputs */.G0.Region)}: '${region}'. Expected a Tencent Cloud region such as ap-guangzhou (lowercase letters, digits and '-').`, constants/* Inputs */.G0.Region);
        }
        settings.region = region;
    }
    // The policy and every file the gate writes are distinct files, also through links.
    const named = [{ input: constants/* Inputs */.G0.Policy, resolved: policy }];
    for (const { input: name, setting } of constants/* WRITTEN_FILES */.mk) {
        const given = input(name);
        if (!given)
            continue;
        const resolved = files.resolveContainedPath(name, given, 'write', roots);
        settings[setting] = resolved.realPath;
        named.push({ input: name, resolved });
    }
    files.assertDistinctFiles(named);
    return settings;
}
/** The `scan` input; empty means the default, if-not-scanned. */
function parseScanMode(raw) {
    const value = raw.trim() || constants/* INPUT_DEFAULTS */.WJ[constants/* Inputs */.G0.Scan];
    if (SCAN_MODES.includes(value))
        return value;
    throw new errors/* InputError */.dz((say) => `Invalid ${say.setting(constants/* Inputs */.G0.Scan)}: ${JSON.stringify(value.slice(0, 80))}. Expected one of ${SCAN_MODES.join(', ')}.`, constants/* Inputs */.G0.Scan);
}
function parseNumber(name, raw, range) {
    const text = raw.trim() === '' ? constants/* INPUT_DEFAULTS */.WJ[name] : raw.trim();
    const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isFinite(value) || value < range.min || value > range.max) {
        throw new errors/* InputError */.dz((say) => `Invalid ${say.setting(name)}: '${text}'. Expected ${range.what} from ${range.min} to ${range.max}.`, name);
    }
    return value;
}
const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];
function parseBoolean(name, raw) {
    const text = raw.trim() || constants/* INPUT_DEFAULTS */.WJ[name];
    if (TRUE_VALUES.includes(text))
        return true;
    if (FALSE_VALUES.includes(text))
        return false;
    throw new errors/* InputError */.dz((say) => `Invalid ${say.setting(name)}: '${text}'. Expected true or false.`, name);
}
function parseSarifScope(raw) {
    const value = raw.trim() || constants/* INPUT_DEFAULTS */.WJ[constants/* Inputs */.G0.SarifScope];
    if (value === 'violations' || value === 'all')
        return value;
    throw new errors/* InputError */.dz((say) => `Invalid ${say.setting(constants/* Inputs */.G0.SarifScope)}: '${value.slice(0, 80)}'. Expected violations or all.`, constants/* Inputs */.G0.SarifScope);
}
/** `registry-username` and `registry-password`: both or neither. */
function parseRegistryLogin(username, password) {
    if (!username && !password)
        return undefined;
    if (!username || !password) {
        throw new errors/* InputError */.dz((say) => `${capitalizedText(say.settings([constants/* Inputs */.G0.RegistryUsername, constants/* Inputs */.G0.RegistryPassword]))} go together: give both, or neither (the gate then reads the Docker config docker login wrote).`, username ? constants/* Inputs */.G0.RegistryPassword : constants/* Inputs */.G0.RegistryUsername);
    }
    return { username, password };
}
function capitalizedText(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

// EXTERNAL MODULE: ./src/secrets.ts
var src_secrets = __webpack_require__(7194);
// EXTERNAL MODULE: ./src/gate/paths.ts
var paths = __webpack_require__(5619);
;// CONCATENATED MODULE: ./src/gate/settings.ts
/**
 * The settings of a run: the secrets masked before anything can print them,
 * every input interpreted (core/settings.ts) with its files checked on disk,
 * and every proxy the run would use checked before any request.
 */






/** Every input validated once, as the run uses them; throws an InputError for the first invalid one. */
function readSettings(environment) {
    const { env, inputs } = environment;
    // Mask secrets before anything else can print them, valid or not: as given
    // (untrimmed) and as used (trimmed), and each part around a stray line break.
    const secrets = [
        readSecret(inputs, constants/* Inputs */.G0.SecretKey, 'TENCENTCLOUD_SECRET_KEY', env),
        readSecret(inputs, constants/* Inputs */.G0.SessionToken, 'TENCENTCLOUD_SESSION_TOKEN', env),
        readSecret(inputs, constants/* Inputs */.G0.GithubToken, undefined, env),
        readSecret(inputs, constants/* Inputs */.G0.RegistryPassword, undefined, env)
    ];
    for (const given of secrets) {
        for (const mask of (0,src_secrets/* secretMasks */.c6)(given.raw))
            (0,src_secrets/* maskSecret */.$l)(mask);
    }
    const settings = interpretSettings(environment, {
        pathRoots: paths/* pathRoots */.DI,
        resolveContainedPath: paths/* resolveContainedPath */.nI,
        assertDistinctFiles: paths/* assertDistinctFiles */.cG
    });
    assertUsableProxies(settings, env);
    return settings;
}
/**
 * Every proxy the run would go through is a usable URL, before any request:
 * for the API, for STS when the credentials are keyless, and for GitHub's
 * API when the comment is asked for. An unusable one is an InputError that
 * names its variable (see proxyUrlFor), never a direct connection later.
 */
function assertUsableProxies(settings, env) {
    (0,proxy/* proxyFor */.iJ)(settings.endpoint, env);
    const source = settings.credentialSource;
    if (source.kind === 'oidc')
        (0,proxy/* proxyFor */.iJ)(source.oidc.stsEndpoint, env);
    if (settings.comment) {
        let githubApi;
        try {
            githubApi = new URL(env.GITHUB_API_URL || 'https://api.github.com');
        }
        catch {
            // The comment reports an API URL it cannot use itself, as its own failure.
            return;
        }
        (0,proxy/* proxyUrlFor */.tr)(githubApi.href, env);
    }
}


/***/ }),

/***/ 8622:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ outOfTimeReading),
/* harmony export */   E: () => (/* binding */ callTcss)
/* harmony export */ });
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7242);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _response_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(565);
/**
 * The one way a TCSS call is made: through the run's requester (rate limit,
 * retries, deadline), its reply checked for shape before anything reads it,
 * one debug line for what it said, and "out of time" said as what the gate
 * was reading. Every source of tcss/ calls through here.
 */



function callTcss(context, call) {
    const parse = call.parse ?? ((raw) => (0,_response_js__WEBPACK_IMPORTED_MODULE_2__/* .readReply */ .Xw)(call.action, raw));
    return context.requester.request({
        label: call.about ? `${call.action} ${call.about}` : call.action,
        send: call.send,
        parse: (raw) => {
            const value = parse(raw);
            if (call.debug)
                context.log.debug(call.debug(value));
            return value;
        },
        outOfTime: outOfTimeReading(call.reading)
    });
}
/** The error for a request that would start after the deadline, naming what was being read. */
function outOfTimeReading(what) {
    return (detail) => new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .OutOfTimeError */ .JT((say) => `Ran out of time (${say.plain(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.WaitTimeout)}) reading ${what}${detail ? `: ${detail}` : ''}.`);
}


/***/ }),

/***/ 7641:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   u: () => (/* binding */ createTcssApi)
/* harmony export */ });
/* harmony import */ var tencentcloud_sdk_nodejs_tencentcloud_services_tcss_v20201101_tcss_client_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3066);
/* harmony import */ var _cloud_http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2210);


/** The official SDK behind the TcssApi interface, with errors sorted into transient and permanent. */
function createTcssApi(options) {
    const { endpoint, credentials } = options;
    const { httpProfile, close } = (0,_cloud_http_js__WEBPACK_IMPORTED_MODULE_1__/* .httpProfileFor */ .tQ)(endpoint);
    const client = new tencentcloud_sdk_nodejs_tencentcloud_services_tcss_v20201101_tcss_client_js__WEBPACK_IMPORTED_MODULE_0__/* .Client */ .K({
        credential: {
            secretId: credentials.secretId,
            secretKey: credentials.secretKey,
            token: credentials.token
        },
        ...(options.region ? { region: options.region } : {}),
        profile: { httpProfile }
    });
    const call = (action, request, timeoutMs) => (0,_cloud_http_js__WEBPACK_IMPORTED_MODULE_1__/* .boundedRequest */ .JR)((signal) => client.request(action, request, { signal }), timeoutMs, (error) => (0,_cloud_http_js__WEBPACK_IMPORTED_MODULE_1__/* .classifyError */ .fe)(action, error, timeoutMs));
    return {
        describeAssetImageVirusList: (request, timeoutMs) => call('DescribeAssetImageVirusList', request, timeoutMs),
        describeAssetImageList: (request, timeoutMs) => call('DescribeAssetImageList', request, timeoutMs),
        describeVirusDetail: (request, timeoutMs) => call('DescribeVirusDetail', request, timeoutMs),
        describeAssetImageDetail: (request, timeoutMs) => call('DescribeAssetImageDetail', request, timeoutMs),
        createAssetImageScanTask: (request, timeoutMs) => call('CreateAssetImageScanTask', request, timeoutMs),
        describeAssetImageScanStatus: (request, timeoutMs) => call('DescribeAssetImageScanStatus', request, timeoutMs),
        describeAssetImageRegistryList: (request, timeoutMs) => call('DescribeAssetImageRegistryList', request, timeoutMs),
        describeAssetImageRegistryDetail: (request, timeoutMs) => call('DescribeAssetImageRegistryDetail', request, timeoutMs),
        describeAssetImageRegistryVirusList: (request, timeoutMs) => call('DescribeAssetImageRegistryVirusList', request, timeoutMs),
        createAssetImageRegistryScanTask: (request, timeoutMs) => call('CreateAssetImageRegistryScanTask', request, timeoutMs),
        describeAssetImageRegistryScanStatusOneKey: (request, timeoutMs) => call('DescribeAssetImageRegistryScanStatusOneKey', request, timeoutMs),
        syncAssetImageRegistryAsset: (request, timeoutMs) => call('SyncAssetImageRegistryAsset', request, timeoutMs),
        describeAssetImageRegistryAssetStatus: (request, timeoutMs) => call('DescribeAssetImageRegistryAssetStatus', request, timeoutMs),
        close
    };
}


/***/ }),

/***/ 6658:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ parseImageListResponse)
/* harmony export */ });
/* harmony import */ var _core_image_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8630);
/* harmony import */ var _response_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(565);


/**
 * Strictly checks the shape of a response; a shape the gate cannot trust is
 * transient (retried a bounded number of times), never "no such image".
 */
function parseImageListResponse(raw) {
    const paged = (0,_response_js__WEBPACK_IMPORTED_MODULE_0__/* .readReply */ .Xw)('DescribeAssetImageList', raw);
    const items = (0,_response_js__WEBPACK_IMPORTED_MODULE_0__/* .readList */ .LD)(paged).map((entry) => ({
        imageId: entry.ImageID,
        reference: (0,_core_image_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .listedReference */ .d6)(entry.ImageName, entry.ImageTag),
        name: typeof entry.ImageName === 'string' ? entry.ImageName : '',
        tag: entry.ImageTag,
        scanTime: typeof entry.ScanTime === 'string' ? entry.ScanTime : '',
        createTime: typeof entry.CreateTime === 'string' ? entry.CreateTime : '',
        hostCount: typeof entry.HostCnt === 'number' ? entry.HostCnt : null
    }));
    const total = (0,_response_js__WEBPACK_IMPORTED_MODULE_0__/* .readTotalCount */ .Ub)(paged.response.TotalCount, paged);
    return { totalCount: total, items, requestId: paged.requestId };
}


/***/ }),

/***/ 9259:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cK: () => (/* binding */ matches),
/* harmony export */   hJ: () => (/* binding */ parseRegistryList),
/* harmony export */   hx: () => (/* binding */ similarRows),
/* harmony export */   om: () => (/* binding */ rowKey)
/* harmony export */ });
/* unused harmony export rowAddress */
/* harmony import */ var _core_registry_reference_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(100);
/* harmony import */ var _response_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(565);
/**
 * Rows of DescribeAssetImageRegistryList (ImageRepoInfo) and how a
 * `registry-image` reference is matched against them.
 *
 * A row is compared by the reference grammar: the registry host without
 * regard to case, namespace, name, tag and digest exactly. A row takes part
 * only when its fields prove its whole repository address, namespace
 * included; one that cannot is never taken and is shown as not taken, with
 * the reason. The shapes a row may have (which of them the service sends is
 * not verified live):
 *
 * | ImageRepoAddress | Namespace | ImageName  | repository address                                     |
 * | ---------------- | --------- | ---------- | ------------------------------------------------------ |
 * | `host/ns/name`   | empty     | empty      | `host/ns/name`                                         |
 * | `host/ns/name`   | `ns`      | `name`     | `host/ns/name` (the fields must agree with it)         |
 * | `host`           | `ns`      | `name`     | `host/ns/name` (ImageName taken whole, even with `/`)  |
 * | `host`           | empty     | `name`     | `host/name` (no namespace: matches no reference)       |
 * | `host`           | empty     | `team/app` | none: the namespace cannot be proven                   |
 * | empty            | any       | any        | none: no registry host                                 |
 */


const text = (value) => (typeof value === 'string' ? value.trim() : '');
/** The repository address of a row (see the table above). */
function rowAddress(row) {
    const address = text(row.ImageRepoAddress).replace(/\/+$/, '');
    const name = text(row.ImageName).replace(/^\/+|\/+$/g, '');
    const namespace = text(row.Namespace).replace(/^\/+|\/+$/g, '');
    if (!address)
        return { unproven: 'ImageRepoAddress is empty, so the row names no registry host' };
    const slash = address.indexOf('/');
    if (slash >= 0) {
        const host = address.slice(0, slash);
        const path = address.slice(slash + 1);
        if (!host || path.split('/').some((part) => part === '')) {
            return { unproven: `ImageRepoAddress ${JSON.stringify(address)} has an empty part` };
        }
        // The address proves the repository; Namespace and ImageName, when sent, must agree with it.
        const agrees = (!namespace || path.startsWith(`${namespace}/`)) && (!name || `/${path}`.endsWith(`/${name}`));
        if (!agrees) {
            return {
                unproven: `ImageRepoAddress ${JSON.stringify(address)} disagrees with Namespace ${JSON.stringify(namespace)} and ImageName ${JSON.stringify(name)}`
            };
        }
        return { repository: `${(0,_core_registry_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .registryHostKey */ .z)(host)}/${path}` };
    }
    if (!name) {
        return { unproven: 'ImageRepoAddress is the registry host alone and ImageName is empty' };
    }
    if (name.split('/').includes('') || (namespace && namespace.split('/').includes(''))) {
        return {
            unproven: `Namespace ${JSON.stringify(namespace)} or ImageName ${JSON.stringify(name)} has an empty part`
        };
    }
    const host = (0,_core_registry_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .registryHostKey */ .z)(address);
    if (namespace)
        return { repository: `${host}/${namespace}/${name}` };
    if (name.includes('/')) {
        return {
            unproven: `ImageRepoAddress is the registry host alone and Namespace is empty, so ImageName ${JSON.stringify(name)} does not prove its namespace`
        };
    }
    return { repository: `${host}/${name}` };
}
function readRow(row) {
    const address = rowAddress(row);
    const fields = [
        ['ImageRepoAddress', row.ImageRepoAddress],
        ['Namespace', row.Namespace],
        ['ImageName', row.ImageName]
    ]
        .filter(([, value]) => typeof value === 'string' && value.trim() !== '')
        .map(([field, value]) => `${String(field)} ${JSON.stringify(value)}`);
    return {
        id: typeof row.Id === 'number' && Number.isSafeInteger(row.Id) ? row.Id : -1,
        repository: 'repository' in address ? address.repository : '',
        unproven: 'unproven' in address ? address.unproven : '',
        shown: fields.join(', '),
        name: text(row.ImageName).replace(/^\/+|\/+$/g, ''),
        tag: typeof row.ImageTag === 'string' ? row.ImageTag : '',
        digest: typeof row.ImageDigest === 'string' ? row.ImageDigest.toLowerCase() : '',
        imageId: typeof row.ImageId === 'string' ? row.ImageId : '',
        authorized: (0,_response_js__WEBPACK_IMPORTED_MODULE_1__/* .readAuthorized */ .WE)(row.IsAuthorized),
        virusStatus: row.VirusStatus,
        scanTime: typeof row.ScanTime === 'string' ? row.ScanTime : ''
    };
}
/** One page of DescribeAssetImageRegistryList. */
function parseRegistryList(raw) {
    const paged = (0,_response_js__WEBPACK_IMPORTED_MODULE_1__/* .readReply */ .Xw)('DescribeAssetImageRegistryList', raw);
    return {
        totalCount: (0,_response_js__WEBPACK_IMPORTED_MODULE_1__/* .readTotalCount */ .Ub)(paged.response.TotalCount, paged),
        items: (0,_response_js__WEBPACK_IMPORTED_MODULE_1__/* .readList */ .LD)(paged).map(readRow),
        requestId: paged.requestId
    };
}
/** What makes two rows the same row of one read (for overlap detection). */
function rowKey(row) {
    return JSON.stringify([row.id, row.repository, row.unproven, row.shown, row.tag, row.digest]);
}
/**
 * Whether `row` is the image `reference` names: a proven repository address
 * equal to the reference's, and its tag, or (for a digest reference) a
 * digest equal to the reference's, never an empty or partial one.
 */
function matches(row, reference) {
    if (row.unproven || !row.repository || row.repository !== reference.repository)
        return false;
    if (reference.digest !== undefined)
        return row.digest !== '' && row.digest === reference.digest;
    return row.tag === reference.tag;
}
/**
 * Rows that look like the reference but are not taken, for the message of a
 * reference that TCSS does not list (at most 10): the same repository with
 * another tag or digest, the same path under another host or namespace, and
 * rows that cannot prove their namespace whose name ends like the
 * reference's, each of these with the reason.
 */
function similarRows(listed, reference) {
    const path = reference.repository.slice(reference.repository.indexOf('/') + 1);
    const name = path.slice(path.lastIndexOf('/') + 1);
    const shown = listed
        .filter((row) => !matches(row, reference))
        .flatMap((row) => {
        if (row.unproven) {
            return row.name === name || row.name.endsWith(`/${name}`)
                ? [`${row.shown} tag ${JSON.stringify(row.tag)} (Id ${row.id}: ${row.unproven})`]
                : [];
        }
        return row.repository === reference.repository || row.repository.endsWith(path)
            ? [`${row.repository}:${row.tag}`]
            : [];
    });
    return [...new Set(shown)].slice(0, 10);
}


/***/ }),

/***/ 565:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LD: () => (/* binding */ readList),
/* harmony export */   Ub: () => (/* binding */ readTotalCount),
/* harmony export */   WE: () => (/* binding */ readAuthorized),
/* harmony export */   Xw: () => (/* binding */ readReply)
/* harmony export */ });
/* harmony import */ var _cloud_retry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6451);

function readReply(action, raw) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new _cloud_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .TransientError */ .N_(`malformed ${action} response: not a JSON object`);
    }
    const response = raw;
    const requestId = typeof response.RequestId === 'string' ? response.RequestId : '';
    const malformed = (what) => new _cloud_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .TransientError */ .N_(`malformed ${action} response: ${what} (RequestId: ${requestId || 'none'})`);
    return { response, requestId, malformed };
}
/** `List` (absent or null = empty), every item an object. */
function readList({ response, malformed }) {
    const list = response.List ?? [];
    if (!Array.isArray(list))
        throw malformed('List is not an array');
    return list.map((item, index) => {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
            throw malformed(`List[${index}] is not an object`);
        }
        return item;
    });
}
/** A TotalCount that is a non-negative whole number. */
function readTotalCount(value, { malformed }) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
        throw malformed(`TotalCount is ${JSON.stringify(value) ?? 'missing'}`);
    }
    return value;
}
/** IsAuthorized (of an image, local or registry): 1 → true, 0 → false, anything else undefined (not said). */
function readAuthorized(value) {
    return value === 1 ? true : value === 0 ? false : undefined;
}


/***/ })

};
