export const id = 625;
export const ids = [625];
export const modules = {

/***/ 7625:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  noticingRefusals: () => (/* binding */ noticingRefusals),
  runCli: () => (/* binding */ runCli)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(7242);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/clock.ts
var clock = __webpack_require__(9373);
// EXTERNAL MODULE: ./src/cloud/http.ts + 1 modules
var http = __webpack_require__(2210);
// EXTERNAL MODULE: ./src/cloud/retry.ts
var retry = __webpack_require__(6451);
;// CONCATENATED MODULE: ./src/cloud/sts-client.ts



const ACTION = 'AssumeRoleWithWebIdentity';
/**
 * STS codes that the TCSS rules would sort the wrong way: a role that cannot
 * be read is not fixed by retrying, and `InvalidParameter.OverLimit` is
 * STS's frequency limit.
 */
const PERMANENT_INTERNAL_CODES = ['InternalError.GetRoleError', 'InternalError.IllegalRole'];
const TRANSIENT_PARAMETER_CODES = ['InvalidParameter.OverLimit'];
/**
 * The official SDK's STS client. AssumeRoleWithWebIdentity is called without
 * a signature, as the service expects (`Authorization: SKIP`): the ID token is
 * the proof of identity, and the gate has no key to sign with.
 */
function createStsApi(options) {
    const { endpoint } = options;
    const { httpProfile, close } = (0,http/* httpProfileFor */.tQ)(endpoint);
    // The SDK's STS client is loaded on the first call: only keyless runs ask for it.
    let client;
    const loadClient = () => (client ??=
        __webpack_require__.e(/* import() */ 684).then(__webpack_require__.bind(__webpack_require__, 8684)).then(({ Client }) => new Client({
            // Never used to sign (skipSign); the SDK wants a credential object all the same.
            credential: {},
            region: options.region,
            profile: { httpProfile }
        })));
    return {
        assumeRoleWithWebIdentity: (request, timeoutMs) => (0,http/* boundedRequest */.JR)(async (signal) => (await loadClient()).request(ACTION, request, { skipSign: true, signal }), timeoutMs, (error) => classifyStsError(error, timeoutMs)),
        close
    };
}
/** Sorts what the SDK threw into ApiError (fail now) or TransientError (retry), with STS's own codes. */
function classifyStsError(error, timeoutMs = 0) {
    const classified = (0,http/* classifyError */.fe)(ACTION, error, timeoutMs);
    if (classified instanceof retry/* TransientError */.N_ && PERMANENT_INTERNAL_CODES.includes(classified.code)) {
        const message = error.message;
        return new errors/* ApiError */.hD(ACTION, classified.code, typeof message === 'string' ? message : '', classified.requestId);
    }
    if (classified instanceof errors/* ApiError */.hD && TRANSIENT_PARAMETER_CODES.includes(classified.code)) {
        return new retry/* TransientError */.N_(`${classified.code}: ${classified.apiMessage} (RequestId: ${classified.requestId || 'none'})`, classified.code, classified.requestId);
    }
    return classified;
}

// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
// EXTERNAL MODULE: ./src/sinks/files.ts
var files = __webpack_require__(459);
// EXTERNAL MODULE: ./src/sources/tcss/client.ts
var client = __webpack_require__(7641);
;// CONCATENATED MODULE: ./src/gate/dependencies.ts
/**
 * Everything a run takes from the world, in one place. The action, the
 * command line and the tests each call createDependencies with what is
 * theirs (the runner, the inputs, how an OIDC token is had) and take the
 * rest as it is here: the clock, the files, the TCSS and STS clients.
 */








/** Today in UTC, YYYY-MM-DD. */
function utcToday() {
    return new Date().toISOString().slice(0, 10);
}
/**
 * The dependencies of one run: the overrides as given, everything else as a
 * real run has it. Without its own, the job summary is appended to the file
 * GITHUB_STEP_SUMMARY names, and keyless credentials are refused (only a
 * GitHub Actions job has an OIDC token to give).
 */
function createDependencies(overrides) {
    const env = overrides.env ?? process.env;
    return {
        github: { eventName: '', payload: {} },
        writeSummary: async (markdown) => {
            const file = env.GITHUB_STEP_SUMMARY;
            if (file)
                await external_node_fs_.promises.appendFile(file, markdown);
        },
        files: { write: files/* writeFileAtomic */.Zf, removeStale: files/* removeStale */.sq },
        newId: external_node_crypto_.randomUUID,
        clock: clock/* systemClock */.m,
        random: Math.random,
        today: utcToday,
        createApi: (settings, credentials) => (0,client/* createTcssApi */.u)({ credentials, endpoint: settings.endpoint, region: settings.region }),
        ...overrides,
        env,
        credentialIo: {
            getIdToken: () => Promise.reject(new errors/* CredentialError */.oA('No OIDC token can be requested in this run.')),
            createSts: (oidc) => createStsApi({ endpoint: oidc.stsEndpoint, region: oidc.stsRegion }),
            mask: (secret) => (0,secrets/* maskSecret */.$l)(secret),
            ...overrides.credentialIo
        }
    };
}

// EXTERNAL MODULE: ./src/core/result.ts
var core_result = __webpack_require__(9294);
;// CONCATENATED MODULE: ./src/core/outcome.ts
/**
 * How a judged step ends: the one rule for pass, fail and report only, and
 * for which failures are configuration mistakes (they fail in both modes).
 */


/** A target that failed for a configuration mistake (see CONFIGURATION_FAILURES in errors.ts). */
function isConfigurationFailure(result) {
    return (0,core_result/* unjudged */.bC)(result).some(({ failure }) => errors/* CONFIGURATION_FAILURES */.Z0.includes(failure.kind));
}
/**
 * The outcome of a judged step. A report file that was asked for and could
 * not be written fails the job in enforce mode, whatever the verdict.
 */
function outcome(result, sinkFailures) {
    const unwritten = sinkFailures.map((failure) => failure.input);
    if (result.verdict === 'pass') {
        return { kind: unwritten.length > 0 && result.enforce ? 'report-failed' : 'pass', unwritten };
    }
    if (!result.enforce && !isConfigurationFailure(result))
        return { kind: 'report-only', unwritten };
    return { kind: 'fail', unwritten };
}

// EXTERNAL MODULE: ./src/sinks/escape.ts
var sinks_escape = __webpack_require__(7085);
// EXTERNAL MODULE: ./src/sinks/outputs.ts
var outputs = __webpack_require__(4086);
;// CONCATENATED MODULE: ./src/gate/failure.ts


/** `say`: the front end's words for its settings (the action's inputs by default). */
function failureReport(error, say = errors/* ACTION_VOCABULARY */.qA) {
    if (error instanceof errors/* PolicyError */.pn) {
        return {
            message: `Invalid policy: ${(0,sinks_escape/* escapeLogText */.dD)(error.in(say))}`,
            annotations: error.problems.map((problem) => ({
                message: (0,sinks_escape/* escapeLogText */.dD)(problem.message),
                properties: {
                    title: 'Invalid TCSS virus gate policy',
                    file: error.file,
                    startLine: problem.line,
                    startColumn: problem.column
                }
            }))
        };
    }
    if (error instanceof errors/* InputError */.dz)
        return { message: (0,sinks_escape/* escapeLogText */.dD)(error.in(say)), annotations: [] };
    if (error instanceof errors/* ApiError */.hD || error instanceof errors/* CredentialError */.oA) {
        return { message: (0,sinks_escape/* escapeLogText */.dD)(error.message), annotations: [] };
    }
    return {
        message: `Unexpected error in the TCSS virus gate: ${(0,sinks_escape/* escapeLogText */.dD)((0,errors/* errorMessage */.gJ)(error))}`,
        annotations: [],
        debug: error instanceof Error && error.stack ? (0,sinks_escape/* escapeLogText */.dD)(error.stack) : undefined
    };
}

;// CONCATENATED MODULE: ./src/gate/github-event.ts
/** What the run reads from the workflow event's payload. */
/** True when the pull request's head is in another repository than its base (a fork). */
function isForkPullRequest(payload) {
    try {
        const pullRequest = payload?.pull_request;
        if (!pullRequest)
            return false;
        const head = pullRequest.head?.repo;
        return (head?.fork === true ||
            (head?.full_name !== undefined && head.full_name !== pullRequest.base?.repo?.full_name));
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/gate/inputs.ts
/**
 * The one reader of the runner's inputs: every input of action.yml, as given
 * (untrimmed). Interpreting them is core/settings.ts's job; another front end
 * (a command line) provides the same RawInputs from its own flags.
 */

function readInputs(getInput) {
    const inputs = {};
    for (const name of Object.values(constants/* Inputs */.G0))
        inputs[name] = getInput(name, { trimWhitespace: false });
    return inputs;
}

;// CONCATENATED MODULE: ./src/cloud/credentials.ts



/** What the service gives temporary credentials when DurationSeconds is not sent. */
const STS_DEFAULT_DURATION_S = 7200;
const STS_MAX_DURATION_S = 43200;
/** Credentials must outlive the run by this much: the last request may start just before the deadline. */
const DURATION_MARGIN_S = 600;
/** The credentials for the TCSS calls: the keys as given, or temporary ones through OIDC. */
async function resolveCredentials(source, io) {
    if (source.kind === 'keys')
        return source.credentials;
    return assumeRoleWithOidc(source.oidc, io);
}
/**
 * Requests the job's OIDC token, exchanges it with STS AssumeRoleWithWebIdentity
 * and masks the temporary SecretId, SecretKey and token before anything else
 * happens. Transient STS failures are retried inside the deadline; anything
 * else is a CredentialError naming the STS code and RequestId.
 */
async function assumeRoleWithOidc(oidc, io) {
    let idToken;
    try {
        idToken = await io.getIdToken(oidc.audience);
    }
    catch (error) {
        throw new errors/* CredentialError */.oA(`Could not get the job's OIDC token from the runner (audience '${oidc.audience}'): ${oneLine((0,errors/* errorMessage */.gJ)(error))}. ` +
            `The workflow or job needs 'permissions: id-token: write'.`);
    }
    io.mask(idToken);
    const claims = tokenClaims(idToken);
    io.log.info(`Got the job's OIDC token (sub: ${claims.sub ?? 'unknown'}, aud: ${claims.aud ?? 'unknown'}); ` +
        `assuming role ${oidc.roleArn} through identity provider ${oidc.providerId} at ${oidc.stsEndpoint.host}.`);
    const sts = io.createSts(oidc);
    const request = {
        ProviderId: oidc.providerId,
        WebIdentityToken: idToken,
        RoleArn: oidc.roleArn,
        RoleSessionName: oidc.sessionName,
        ...durationFor(io)
    };
    try {
        const answer = await (0,retry/* withRetry */.bD)(async () => {
            const left = io.deadline - io.clock.now();
            if (left <= 0) {
                throw new errors/* CredentialError */.oA(`Ran out of time (wait-timeout) exchanging the job's OIDC token with STS.`);
            }
            const raw = await sts.assumeRoleWithWebIdentity(request, Math.min(io.requestTimeoutMs, Math.max(1, left)));
            return parseAssumeRoleResponse(raw, io.mask);
        }, {
            ...retry/* DEFAULT_RETRY */.vI,
            budget: new retry/* RetryBudget */.Km(retry/* DEFAULT_RETRY */.vI.maxAttempts),
            deadline: io.deadline,
            clock: io.clock,
            random: io.random,
            service: 'STS AssumeRoleWithWebIdentity',
            onRetry: (error, attempt, delayMs) => io.log.info(`AssumeRoleWithWebIdentity failed (${error.message}); retry ${attempt} in ${delayMs} ms.`)
        });
        const expires = answer.expiration ? `; they expire at ${answer.expiration}` : '';
        io.log.info(`Using temporary credentials of role ${oidc.roleArn}${expires}.`);
        return answer.credentials;
    }
    catch (error) {
        if (error instanceof errors/* ApiError */.hD) {
            throw new errors/* CredentialError */.oA(`Could not assume role ${oidc.roleArn} with the job's OIDC token: ${error.message}. ${hintFor(error.code, oidc, claims)}`, error.code, error.requestId);
        }
        if (error instanceof errors/* ApiUnavailableError */.xN) {
            throw new errors/* CredentialError */.oA(`Could not get temporary credentials from ${oidc.stsEndpoint.host}: ${error.message}`);
        }
        throw error;
    }
    finally {
        sts.close?.();
    }
}
/** DurationSeconds only when the service's default would not outlast wait-timeout (a role may allow less). */
function durationFor(io) {
    const needed = Math.ceil((io.deadline - io.clock.now()) / 1000) + DURATION_MARGIN_S;
    if (needed <= STS_DEFAULT_DURATION_S)
        return {};
    return { DurationSeconds: Math.min(STS_MAX_DURATION_S, needed) };
}
/** What to check for each refusal, in the user's terms. */
function hintFor(code, oidc, claims) {
    const sub = claims.sub ? ` This run's token has sub '${claims.sub}'.` : '';
    if (code.startsWith('InvalidParameter.WebIdentityTokenError')) {
        return (`STS did not accept the token: check that the CAM identity provider '${oidc.providerId}' has the issuer ` +
            `https://token.actions.githubusercontent.com and lists '${oidc.audience}' (input '${constants/* Inputs */.G0.OidcAudience}') as a client ID, ` +
            `and that the token had not expired.`);
    }
    if (code.startsWith('UnauthorizedOperation') || code.startsWith('AuthFailure')) {
        return (`Check the trust policy of the role: it must allow sts:AssumeRoleWithWebIdentity for the provider ` +
            `'${oidc.providerId}', and its conditions on aud and sub must match this run.${sub}`);
    }
    if (code.startsWith('InvalidParameter.OverTimeError')) {
        return (`STS refused the session length: the gate asks for wait-timeout plus ${DURATION_MARGIN_S / 60} minutes when that is more ` +
            `than ${STS_DEFAULT_DURATION_S / 3600} hours, and the role '${oidc.roleArn}' allows less. Raise the role's maximum session ` +
            `duration in CAM, or lower input '${constants/* Inputs */.G0.WaitTimeout}'.`);
    }
    if (code.startsWith('ResourceNotFound') || code.startsWith('InternalError.GetRoleError')) {
        return `Check input '${constants/* Inputs */.G0.RoleArn}': the role must exist in the account the identity provider belongs to.`;
    }
    return `Check the inputs '${constants/* Inputs */.G0.RoleArn}' and '${constants/* Inputs */.G0.ProviderId}' and the role's trust policy.${sub}`;
}
/**
 * Reads the temporary credentials out of an AssumeRoleWithWebIdentity answer,
 * masking each secret string it finds before it is validated, so that no
 * message about a broken answer can carry one.
 */
function parseAssumeRoleResponse(raw, mask) {
    const response = (typeof raw === 'object' && raw !== null ? raw : {});
    const given = response.Credentials;
    const fields = (typeof given === 'object' && given !== null ? given : {});
    const { TmpSecretId: secretId, TmpSecretKey: secretKey, Token: token } = fields;
    for (const value of [secretId, secretKey, token]) {
        if (typeof value === 'string' && value !== '')
            mask(value);
    }
    if (typeof secretId !== 'string' ||
        secretId === '' ||
        typeof secretKey !== 'string' ||
        secretKey === '' ||
        typeof token !== 'string' ||
        token === '') {
        throw new retry/* TransientError */.N_('the AssumeRoleWithWebIdentity response has no complete Credentials (TmpSecretId, TmpSecretKey, Token)');
    }
    const expiration = typeof response.Expiration === 'string' ? response.Expiration : undefined;
    return { credentials: { secretId, secretKey, token }, ...(expiration ? { expiration } : {}) };
}
/**
 * The `sub` and `aud` claims of a JWT, for messages: they are what a role's
 * trust policy conditions compare. Nothing is verified here (STS does that);
 * an unreadable token just has no claims.
 */
function tokenClaims(token) {
    const payload = token.split('.')[1];
    if (!payload)
        return {};
    try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        if (typeof claims !== 'object' || claims === null)
            return {};
        const { sub, aud } = claims;
        const text = (value) => typeof value === 'string'
            ? value.slice(0, 300)
            : Array.isArray(value) && value.every((item) => typeof item === 'string')
                ? value.join(',').slice(0, 300)
                : undefined;
        const result = {};
        const subject = text(sub);
        const audience = text(aud);
        if (subject !== undefined)
            result.sub = subject;
        if (audience !== undefined)
            result.aud = audience;
        return result;
    }
    catch {
        return {};
    }
}
function oneLine(text) {
    return text.replace(/\s+/g, ' ').trim();
}

// EXTERNAL MODULE: ./src/cloud/rate-limiter.ts
var rate_limiter = __webpack_require__(8026);
// EXTERNAL MODULE: ./src/cloud/requester.ts
var cloud_requester = __webpack_require__(1563);
// EXTERNAL MODULE: ./node_modules/minimatch/dist/esm/index.js + 7 modules
var esm = __webpack_require__(3581);
// EXTERNAL MODULE: ./src/core/levels.ts
var core_levels = __webpack_require__(7588);
;// CONCATENATED MODULE: ./src/core/evaluate.ts


const EXPIRING_SOON_DAYS = 14;
/** Pure: findings + policy + today (YYYY-MM-DD, UTC) → verdict. */
function evaluatePolicy(findings, policy, today) {
    const active = new Map();
    const expired = [];
    for (const entry of policy.allowlist) {
        if (entry.expires !== undefined && entry.expires < today) {
            expired.push(entry);
        }
        else {
            const matchers = entry.paths?.map((glob) => new esm/* Minimatch */.VR(glob, { dot: true, nocomment: true, nonegate: true }));
            active.set(entry.md5, { entry, matchers, used: false });
        }
    }
    const counts = (0,core_levels/* emptyCounts */.W1)();
    const levels = new Map(core_levels/* LEVELS */.A_.map((level) => [
        level,
        {
            level,
            found: 0,
            allowlisted: 0,
            counted: 0,
            threshold: policy.thresholds[level],
            breached: false
        }
    ]));
    const judged = findings.map((finding) => {
        counts[finding.level] += 1;
        const result = levels.get((0,core_levels/* judgedLevel */.Uo)(finding.level));
        result.found += 1;
        const candidate = finding.md5 ? active.get(finding.md5.toLowerCase()) : undefined;
        if (candidate &&
            (!candidate.matchers || candidate.matchers.some((glob) => glob.match(finding.path)))) {
            candidate.used = true;
            result.allowlisted += 1;
            return {
                ...finding,
                allowlisted: true,
                allowlistReason: candidate.entry.reason,
                violation: false
            };
        }
        result.counted += 1;
        return { ...finding, allowlisted: false, violation: false };
    });
    for (const result of levels.values()) {
        result.breached = result.threshold !== undefined && result.counted > result.threshold;
    }
    for (const finding of judged) {
        if (!finding.allowlisted && levels.get((0,core_levels/* judgedLevel */.Uo)(finding.level))?.breached)
            finding.violation = true;
    }
    sortFindings(judged);
    const levelResults = [...levels.values()];
    const violations = judged.filter((finding) => finding.violation).length;
    const allowlisted = judged.filter((finding) => finding.allowlisted).length;
    const verdict = violations > 0 ? 'fail' : 'pass';
    return {
        verdict,
        findings: judged,
        counts,
        levels: levelResults,
        violations,
        allowlisted,
        warnings: [...policy.warnings],
        hygiene: allowlistHygiene(expired, [...active.values()], today),
        reason: reasonLine(verdict, levelResults, judged.length, allowlisted, counts.unknown)
    };
}
/** How a stale entry's warning names what it was matched against (one image's findings by default). */
const STALE_SUBJECT = 'finding of this image';
function allowlistHygiene(expired, active, today) {
    const expiringSoon = active
        .filter(({ entry }) => entry.expires !== undefined)
        .map(({ entry }) => ({ entry, days: daysBetween(today, entry.expires) }))
        .filter(({ days }) => days <= EXPIRING_SOON_DAYS);
    const stale = active.filter(({ used }) => !used).map(({ entry }) => entry);
    return { expired, expiringSoon, stale, messages: hygieneMessages(expired, expiringSoon, stale) };
}
/**
 * The allowlist hygiene of a run that judged several sets of findings (several
 * images, runtime events) with one policy. Expired and expiring entries are
 * the same in each; an entry is stale only when it matched nothing in any of
 * them, and only when every set could be judged (`complete`): an entry may
 * well be for a file of an image that could not be read. `subject` names what
 * a stale entry was matched against, e.g. "finding of any gated image".
 */
function combineHygiene(hygienes, subject, complete) {
    const [first] = hygienes;
    if (!first)
        return undefined;
    const staleEverywhere = (entry) => hygienes.every((hygiene) => hygiene.stale.some((stale) => stale.md5 === entry.md5));
    const stale = complete ? first.stale.filter(staleEverywhere) : [];
    const { expired, expiringSoon } = first;
    return {
        expired,
        expiringSoon,
        stale,
        messages: hygieneMessages(expired, expiringSoon, stale, subject)
    };
}
function hygieneMessages(expired, expiringSoon, stale, subject = STALE_SUBJECT) {
    return [
        ...expired.map((entry) => `Allowlist entry for md5 ${entry.md5}${where(entry)} expired on ${entry.expires} and no longer applies.`),
        ...expiringSoon.map(({ entry, days }) => `Allowlist entry for md5 ${entry.md5}${where(entry)} expires on ${entry.expires} (${days === 0 ? 'today is its last day' : `in ${days} day(s)`}); renew or remove it.`),
        ...stale.map((entry) => `Allowlist entry for md5 ${entry.md5}${where(entry)} matched no ${subject}${entry.paths ? ` within its paths` : ''}; remove it if the file is gone.`)
    ];
}
/** Whole days from one YYYY-MM-DD date to another. */
function daysBetween(from, to) {
    return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
function where(entry) {
    return entry.line > 0 ? ` (policy line ${entry.line})` : '';
}
function compareWithinLevel(a, b) {
    return (compareText(a.path, b.path) ||
        compareText(a.md5.toLowerCase(), b.md5.toLowerCase()) ||
        compareText(a.virusName, b.virusName));
}
/**
 * Sorts in place, level descending, then path, md5 and virus name: one bucket
 * per rank, each sorted on its own (fast for 100,000).
 */
function sortFindings(findings) {
    const buckets = new Map();
    for (const finding of findings) {
        const rank = (0,core_levels/* severityRank */.qs)(finding.level);
        const bucket = buckets.get(rank);
        if (bucket)
            bucket.push(finding);
        else
            buckets.set(rank, [finding]);
    }
    let index = 0;
    for (const rank of [...buckets.keys()].sort((a, b) => b - a)) {
        const bucket = buckets.get(rank);
        bucket.sort(compareWithinLevel);
        for (const finding of bucket)
            findings[index++] = finding;
    }
}
/** Code-unit order: the same on every machine and locale. */
function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
function reasonLine(verdict, levels, total, allowlisted, unknown) {
    if (verdict === 'fail') {
        const over = levels
            .filter((result) => result.breached)
            .map((result) => `${result.counted} ${result.level} (allowed ${result.threshold})`)
            .join(', ');
        const unknownNote = unknown > 0 ? `; ${(0,core_levels/* unknownLevelCount */.WK)(unknown)}` : '';
        return `Policy violated: ${over}${unknownNote}.`;
    }
    if (total === 0)
        return 'No virus findings.';
    return `${withinThresholds(total, allowlisted)}.`;
}
/**
 * The one sentence of a passing set of findings (or open events):
 * "3 finding(s) within the policy thresholds, 1 allowlisted".
 */
function withinThresholds(count, allowlisted, noun = 'finding(s)') {
    const excused = allowlisted > 0 ? `, ${allowlisted} allowlisted` : '';
    return `${count} ${noun} within the policy thresholds${excused}`;
}

;// CONCATENATED MODULE: ./src/core/assemble.ts
/**
 * Building the verdict model (result.ts) from what judge() read: each target
 * with its state, the runtime events as one set, the verdict and the
 * one-line reason of the whole step, its tally and its allowlist hygiene.
 */



/** Builds the model from what judge() read. */
function assembleResult(reads, facts) {
    const images = reads.images.map(judgedImage);
    const events = reads.events ? eventSet(reads.events) : undefined;
    const single = images.length === 1 && events === undefined;
    const targets = [...images, ...(events?.all ?? [])];
    const partial = { images, events };
    return {
        targets,
        images,
        events,
        ...overallVerdict(images, events),
        scanStatus: (0,core_result/* overallScanStatus */.PJ)(images),
        tally: tally(images, events, single),
        single,
        soleImage: images.length === 1 ? images[0] : undefined,
        hygiene: runHygiene(partial, single),
        ...facts
    };
}
function judgedImage(image) {
    const label = (0,core_result/* imageLabel */.ec)(image);
    return {
        ...image,
        kind: 'image',
        state: image.sameAs !== undefined ? 'same' : image.evaluation ? 'judged' : 'unread',
        label,
        subject: `image ${label}`
    };
}
function eventSet(read) {
    const { evaluation } = read;
    const levels = (0,core_result/* levelResults */.RQ)(evaluation);
    const judged = new Map(evaluation.findings.map((finding) => [finding.eventId, finding]));
    const all = read.items.map((item) => {
        const base = { kind: 'event', id: item.id, subject: `runtime event ${item.id}` };
        if (!item.event)
            return { ...base, state: 'unread', failure: item.failure };
        const place = (0,core_result/* placeOf */.$t)(item.event);
        const finding = judged.get(item.id);
        if (!item.event.open || !finding)
            return { ...base, state: 'resolved', event: item.event, place };
        const levelResult = levels.get((0,core_levels/* judgedLevel */.Uo)(finding.level));
        return { ...base, state: 'open', event: item.event, finding, levelResult, place };
    });
    const byId = new Map(all.map((event) => [event.id, event]));
    const open = evaluation.findings.flatMap((finding) => {
        const event = byId.get(finding.eventId);
        return event ? [event] : [];
    });
    const resolved = all.filter((event) => event.state === 'resolved');
    const unread = all.filter((event) => event.state === 'unread');
    return {
        all,
        open,
        resolved,
        unread,
        evaluation,
        ...eventsVerdict(open, resolved, unread, evaluation)
    };
}
/** The verdict and reason of the runtime events. */
function eventsVerdict(open, resolved, unread, evaluation) {
    const problems = [];
    if (unread.length > 0) {
        const [first] = unread;
        problems.push(`${unread.length} event(s) could not be read (${first.id}: ${first.failure?.message ?? ''})`);
    }
    if (evaluation.verdict === 'fail')
        problems.push(evaluation.reason);
    if (problems.length > 0)
        return { verdict: 'fail', reason: problems.join('; ') };
    const reason = open.length === 0
        ? `No open runtime events${resolved.length > 0 ? ` (${resolved.length} resolved)` : ''}.`
        : `${withinThresholds(open.length, evaluation.allowlisted, 'open event(s)')}${resolved.length > 0 ? `, ${resolved.length} resolved` : ''}.`;
    return { verdict: 'pass', reason };
}
function tally(images, events, single) {
    const sum = {
        findings: 0,
        violations: 0,
        allowlisted: 0,
        counts: (0,core_levels/* emptyCounts */.W1)(),
        judged: !single || images[0].evaluation !== undefined
    };
    for (const evaluation of (0,core_result/* evaluations */.Uv)({ images, events })) {
        sum.findings += evaluation.findings.length;
        sum.violations += evaluation.violations;
        sum.allowlisted += evaluation.allowlisted;
        for (const level of core_levels/* FINDING_LEVELS */.QL)
            sum.counts[level] += evaluation.counts[level];
    }
    return sum;
}
/**
 * The allowlist hygiene of the whole run: expired and expiring entries, and
 * the entries that matched nothing anywhere (only when everything could be
 * judged). Undefined when nothing was judged.
 */
function runHygiene(result, single) {
    const all = (0,core_result/* evaluations */.Uv)(result);
    if (single)
        return all[0]?.hygiene;
    const images = (0,core_result/* distinctImages */.PO)(result);
    const complete = images.every((image) => image.evaluation !== undefined) &&
        (result.events?.unread.length ?? 0) === 0;
    const subject = result.events === undefined
        ? 'finding of any gated image'
        : images.length === 0
            ? 'open runtime event'
            : 'finding of any gated image or open runtime event';
    return combineHygiene(all.map((evaluation) => evaluation.hygiene), subject, complete);
}
/** Reasons quoted in the overall reason line, at most; the summary lists them all. */
const MAX_REASONS = 5;
const MAX_REASON_CHARS = 300;
/** The verdict and the one-line reason of the whole step, from its images and events. */
function overallVerdict(images, events) {
    if (images.length === 1 && events === undefined) {
        return { verdict: images[0].verdict, reason: images[0].reason };
    }
    const distinct = images.filter((image) => image.state !== 'same');
    const failing = [
        ...distinct
            .filter((image) => image.verdict === 'fail')
            .map((image) => `image ${image.label}: ${image.reason}`),
        ...(events?.verdict === 'fail' ? [`runtime events: ${events.reason}`] : [])
    ];
    const what = [
        distinct.length > 0 ? `${distinct.length} image(s)` : '',
        events ? `${events.all.length} runtime event(s)` : ''
    ]
        .filter(Boolean)
        .join(' and ');
    if (failing.length === 0) {
        const parts = distinct.length > 0 ? [`images: ${imageTally(distinct)}`] : [];
        if (events)
            parts.push(`runtime events: ${events.reason}`);
        return { verdict: 'pass', reason: `All ${what} pass the policy; ${parts.join('; ')}` };
    }
    const shown = failing
        .slice(0, MAX_REASONS)
        .map((text) => text.length > MAX_REASON_CHARS
        ? `${text.slice(0, MAX_REASON_CHARS)}…`
        : text.replace(/\.$/, ''));
    const more = failing.length > MAX_REASONS
        ? ` (and ${failing.length - MAX_REASONS} more; see the job summary)`
        : '';
    const failed = distinct.filter((image) => image.verdict === 'fail').length;
    const eventsFail = events?.verdict === 'fail';
    const head = failed === 0
        ? `The runtime events fail${distinct.length > 0 ? ` (${distinct.length} image(s) pass)` : ''}`
        : `${failed} of ${distinct.length} image(s)${eventsFail ? ' and the runtime events' : ''} fail`;
    return { verdict: 'fail', reason: `${head}. ${shown.join('; ')}${more}.` };
}
/** The passing images together, as the reason line puts it: "no virus findings." or the tally. */
function imageTally(images) {
    let findings = 0;
    let allowlisted = 0;
    for (const image of images) {
        findings += image.evaluation?.findings.length ?? 0;
        allowlisted += image.evaluation?.allowlisted ?? 0;
    }
    if (findings === 0)
        return 'no virus findings.';
    return `${withinThresholds(findings, allowlisted)}.`;
}

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
// EXTERNAL MODULE: ./src/cloud/proxy.ts
var cloud_proxy = __webpack_require__(7849);
;// CONCATENATED MODULE: ./src/sources/registry-connection.ts
/**
 * The registry's own API, read for one reference: the manifest endpoint of
 * the OCI distribution spec (`GET /v2/<name>/manifests/<reference>`), its
 * auth challenge answered (a Bearer token from the realm, or Basic), every
 * byte read by digest checked against that digest, and a registry that is
 * briefly unavailable ridden out. RegistryReader (registry-manifest.ts)
 * gives the hosts, credentials, tokens and connections of the run.
 */




const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const INDEX_TYPES = [OCI_INDEX, DOCKER_MANIFEST_LIST];
const MANIFEST_TYPES = [OCI_MANIFEST, DOCKER_MANIFEST];
/** The Accept header of every manifest read: indexes first, as `docker buildx imagetools` sends it. */
const MANIFEST_ACCEPT = [...INDEX_TYPES, ...MANIFEST_TYPES].join(', ');
/** The largest manifest the gate reads (the spec lets registries refuse above 4 MiB). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Reads of a registry that is briefly unavailable, at most (HTTP 5xx, 408, 429, no answer). */
const ATTEMPTS = 4;
/** The errors of a read that got no answer: tried again. */
const TRANSIENT = new WeakSet();
/** A registry could not be read, so the image cannot be judged: a failure of that image. */
class RegistryReadError extends Error {
    name = 'RegistryReadError';
}
/** The reads of one reference from one registry repository. */
class RegistryConnection {
    host;
    name;
    reference;
    reader;
    base;
    login;
    constructor(host, name, reference, reader) {
        this.host = host;
        this.name = name;
        this.reference = reference;
        this.reader = reader;
        this.base = reader.baseOf(host);
        this.login = reader.loginFor(host);
    }
    /** A RegistryReadError naming the reference and what to give. */
    fail(why) {
        return new RegistryReadError(`Registry image ${this.reference.text}: the gate reads its manifest from the registry ${this.host} to gate every platform of the push, and ${why}. The gate never falls back to matching TCSS rows by tag alone.`);
    }
    noCredentials(refused) {
        const helper = this.login.helper
            ? ` (${this.login.from} names a credential helper for it; the gate does not run credential helpers)`
            : '';
        return this.fail(refused
            ? `the registry refused the credentials from ${this.login.from}: give credentials that may pull ${this.name}`
            : `the registry asks for credentials and the gate has none for ${this.host}${helper}: log in to the registry before this step (docker/login-action, or docker login, writes $DOCKER_CONFIG/config.json or ~/.docker/config.json), or give ${constants/* Inputs */.G0.RegistryUsername} and ${constants/* Inputs */.G0.RegistryPassword} (--${constants/* Inputs */.G0.RegistryUsername}, --${constants/* Inputs */.G0.RegistryPassword})`);
    }
    async manifest(ref) {
        const url = new URL(`/v2/${this.name}/manifests/${ref}`, this.base);
        const answer = await this.get(url, { Accept: MANIFEST_ACCEPT });
        if (answer.status === 404) {
            throw this.fail(`the registry has no manifest ${ref} in ${this.name} (HTTP 404): check the reference, and that the push finished before this step`);
        }
        if (answer.status !== 200) {
            throw this.fail(`reading manifest ${ref} answered HTTP ${answer.status}${errorText(answer.body)}`);
        }
        const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(answer.body).digest('hex')}`;
        if (ref.startsWith('sha256:') && digest !== ref) {
            throw this.fail(`the registry served bytes for ${ref} whose digest is ${digest}`);
        }
        let document;
        try {
            document = record(JSON.parse(answer.body.toString('utf8')));
        }
        catch {
            throw this.fail(`manifest ${ref} is not JSON`);
        }
        const mediaType = (typeof document.mediaType === 'string' && document.mediaType) ||
            answer.contentType.split(';')[0].trim();
        if (INDEX_TYPES.includes(mediaType) || (!mediaType && Array.isArray(document.manifests))) {
            return { digest, index: true, document };
        }
        if (MANIFEST_TYPES.includes(mediaType) || (!mediaType && document.config !== undefined)) {
            return { digest, index: false, document };
        }
        throw this.fail(`manifest ${ref} is not an image index or image manifest (media type ${JSON.stringify(mediaType)}; accepted: ${MANIFEST_ACCEPT})`);
    }
    /** GET with the registry's auth: a cached token, else the challenge answered once. */
    async get(url, headers) {
        const key = `${this.base.origin} ${this.name}`;
        const cached = this.reader.tokenFor(key);
        let answer = await this.send(url, cached ? { ...headers, Authorization: cached } : headers);
        if (answer.status !== 401)
            return answer;
        const challenge = answer.challenge;
        const login = this.login.login;
        let authorization;
        if (/^bearer\s/i.test(challenge)) {
            authorization = `Bearer ${await this.token(parseChallenge(challenge), login)}`;
        }
        else if (/^basic\b/i.test(challenge) && login) {
            authorization = `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`;
            (0,secrets/* maskSecret */.$l)(authorization.slice(6));
        }
        else {
            throw login ? this.noCredentials(true) : this.noCredentials(false);
        }
        this.reader.keepToken(key, authorization);
        answer = await this.send(url, { ...headers, Authorization: authorization });
        if (answer.status === 401)
            throw this.noCredentials(login !== undefined);
        if (answer.status === 403) {
            throw this.fail(`the registry denied reading ${this.name} (HTTP 403) with the credentials from ${login ? this.login.from : 'nowhere (no credentials)'}: give credentials that may pull it`);
        }
        return answer;
    }
    async token(challenge, login) {
        const realm = challenge.realm ? safeUrl(challenge.realm) : undefined;
        if (!realm || (realm.protocol !== 'https:' && !this.reader.isLoopback(realm))) {
            throw this.fail(`its token realm ${JSON.stringify((challenge.realm ?? '').slice(0, 120))} is not an https URL`);
        }
        if (challenge.service)
            realm.searchParams.set('service', challenge.service);
        realm.searchParams.set('scope', challenge.scope || `repository:${this.name}:pull`);
        const headers = {};
        if (login) {
            const basic = Buffer.from(`${login.username}:${login.password}`).toString('base64');
            (0,secrets/* maskSecret */.$l)(basic);
            headers.Authorization = `Basic ${basic}`;
        }
        const answer = await this.send(realm, headers);
        if (answer.status === 401 || answer.status === 403)
            throw this.noCredentials(login !== undefined);
        if (answer.status !== 200) {
            throw this.fail(`its token endpoint ${realm.host} answered HTTP ${answer.status}`);
        }
        let body;
        try {
            body = record(JSON.parse(answer.body.toString('utf8')));
        }
        catch {
            throw this.fail(`its token endpoint ${realm.host} answered without JSON`);
        }
        const token = typeof body.token === 'string'
            ? body.token
            : typeof body.access_token === 'string'
                ? body.access_token
                : '';
        if (!token)
            throw this.fail(`its token endpoint ${realm.host} answered without a token`);
        (0,secrets/* maskSecret */.$l)(token);
        return token;
    }
    /**
     * One GET, ridden out over a registry that is briefly unavailable: HTTP
     * 5xx, 408, 429 or no answer are tried again, a few times with back-off.
     */
    async send(url, headers) {
        for (let attempt = 1;; attempt++) {
            let answer;
            try {
                answer = await this.sendOnce(url, headers);
            }
            catch (error) {
                if (!(error instanceof RegistryReadError && TRANSIENT.has(error)) || attempt >= ATTEMPTS) {
                    throw error;
                }
            }
            const busy = answer !== undefined &&
                (answer.status >= 500 || answer.status === 408 || answer.status === 429);
            if (answer !== undefined && (!busy || attempt >= ATTEMPTS))
                return answer;
            await new Promise((resolve) => setTimeout(resolve, Math.min(4000, 250 * 2 ** attempt)));
        }
    }
    async sendOnce(url, headers) {
        try {
            const response = await (0,undici.request)(url, {
                method: 'GET',
                headers: { 'User-Agent': 'tcss-virus-gate', ...headers },
                dispatcher: this.reader.dispatcherFor(url),
                headersTimeout: this.reader.requestTimeoutMs,
                bodyTimeout: this.reader.requestTimeoutMs,
                maxRedirections: 0
            });
            const chunks = [];
            let size = 0;
            for await (const chunk of response.body) {
                size += chunk.length;
                if (size > MAX_MANIFEST_BYTES) {
                    response.body.destroy();
                    throw this.fail(`${url.pathname} is larger than ${MAX_MANIFEST_BYTES} bytes`);
                }
                chunks.push(chunk);
            }
            const header = (name) => {
                const value = response.headers[name];
                return Array.isArray(value) ? value.join(', ') : (value ?? '');
            };
            if (response.statusCode >= 300 && response.statusCode < 400) {
                throw this.fail(`${url.host} answered HTTP ${response.statusCode} (a redirect, not followed)`);
            }
            return {
                status: response.statusCode,
                body: Buffer.concat(chunks),
                contentType: header('content-type'),
                challenge: header('www-authenticate')
            };
        }
        catch (error) {
            if (error instanceof RegistryReadError)
                throw error;
            const code = error.code;
            const unreachable = this.fail(`${url.host} could not be reached (${typeof code === 'string' ? code : error instanceof Error ? error.message : String(error)})`);
            TRANSIENT.add(unreachable);
            throw unreachable;
        }
    }
}
function record(value) {
    return value && typeof value === 'object' && !Array.isArray(value)
        ? value
        : {};
}
function configOf(document) {
    const digest = record(document.config).digest;
    return typeof digest === 'string' ? digest.toLowerCase() : '';
}
function safeUrl(text) {
    try {
        return new URL(text);
    }
    catch {
        return undefined;
    }
}
/** ` (CODE: message)` from a registry's error body, cut short; '' when it has none. */
function errorText(body) {
    try {
        const errors = record(JSON.parse(body.toString('utf8'))).errors;
        const first = Array.isArray(errors) ? record(errors[0]) : {};
        const code = typeof first.code === 'string' ? first.code : '';
        const message = typeof first.message === 'string' ? first.message : '';
        return code || message ? ` (${[code, message].filter(Boolean).join(': ').slice(0, 200)})` : '';
    }
    catch {
        return '';
    }
}
/** `Bearer realm="…",service="…",scope="…"` as its parameters. */
function parseChallenge(header) {
    const parameters = {};
    const text = header.replace(/^\s*\w+\s+/, '');
    for (const match of text.matchAll(/([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
        parameters[match[1].toLowerCase()] = (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1');
    }
    return parameters;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/sources/registry-login.ts
/**
 * Where the registry reader finds its credentials and hosts: the Docker
 * config docker/login-action writes, and the test-only mapping of registry
 * hosts to loopback registries.
 */





/** The test-only variable that points registry hosts at loopback registries. */
const TEST_REGISTRY_HOSTS = 'TCSS_VIRUS_GATE_TEST_REGISTRY_HOSTS';
/** Parses the test-only host mapping; every target must be a plain-http or https loopback URL. */
function parseRegistryHostMapping(value) {
    const mapping = new Map();
    for (const entry of (value ?? '').split(/[,\n]/)) {
        const text = entry.trim();
        if (!text)
            continue;
        const equals = text.indexOf('=');
        const host = text.slice(0, equals).trim().toLowerCase();
        let url;
        try {
            url = equals > 0 ? new URL(text.slice(equals + 1).trim()) : undefined;
        }
        catch {
            url = undefined;
        }
        const loopback = url !== undefined &&
            (url.protocol === 'http:' || url.protocol === 'https:') &&
            (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname) ||
                url.hostname === 'localhost' ||
                url.hostname === '[::1]');
        if (!host || !url || !loopback || url.username || url.password) {
            throw new errors/* InputError */.dz(`${TEST_REGISTRY_HOSTS} (a test-only setting) maps registry hosts to loopback registries only, as host=http://127.0.0.1:PORT; ${JSON.stringify(text.slice(0, 120))} is refused. Unset it outside tests.`);
        }
        mapping.set(host, new URL(`${url.protocol}//${url.host}`));
    }
    return mapping;
}
/** The Docker config's credentials for `host` (`auths[host].auth`), with where they were looked for. */
function dockerConfigLogin(host, env) {
    const directory = env.DOCKER_CONFIG || external_node_path_.join(env.HOME || external_node_os_.homedir(), '.docker');
    const file = external_node_path_.join(directory, 'config.json');
    let config;
    try {
        config = record(JSON.parse(external_node_fs_.readFileSync(file, 'utf8')));
    }
    catch {
        return { file, helper: false };
    }
    const wanted = hostAliases(host.toLowerCase());
    const keyHost = (key) => key
        .toLowerCase()
        .replace(/^[a-z]+:\/\//, '')
        .replace(/\/.*$/, '');
    const auths = record(config.auths);
    for (const [key, value] of Object.entries(auths)) {
        if (!wanted.includes(keyHost(key)))
            continue;
        const auth = record(value).auth;
        if (typeof auth !== 'string' || !auth)
            continue;
        const decoded = Buffer.from(auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon <= 0)
            continue;
        return {
            login: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) },
            auth,
            file,
            helper: false
        };
    }
    const helpers = record(config.credHelpers);
    const helper = (typeof config.credsStore === 'string' && config.credsStore !== '') ||
        Object.keys(helpers).some((key) => wanted.includes(keyHost(key)));
    return { file, helper };
}
/** Docker Hub goes by several names in Docker configs. */
function hostAliases(host) {
    const hub = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];
    return hub.includes(host) ? hub : [host];
}

;// CONCATENATED MODULE: ./src/sources/registry-manifest.ts
/**
 * What a `registry-image` reference names in the registry itself: one image
 * manifest, or an image index (manifest list) of platform images. Read from
 * the registry's own API, the manifest endpoint of the OCI distribution spec
 * (`GET /v2/<name>/manifests/<reference>`, the index and manifest media types
 * accepted), with the job's registry credentials:
 *
 * - `registry-username` / `registry-password` when given, for every host;
 * - else the Docker config docker/login-action writes
 *   (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`),
 *   `auths[host].auth`. Credential helpers (`credsStore`, `credHelpers`) are
 *   not run: a host that only they know is named in the error;
 * - else no credentials (a public repository).
 *
 * Auth as registries challenge it: a 401 with `WWW-Authenticate: Bearer
 * realm=…,service=…,scope=…` is answered by a token from the realm (basic
 * auth with the credentials), `Basic` by basic auth. Every byte read by
 * digest is checked against that digest; a tag's digest is the sha256 of the
 * manifest served. Attestation manifests (platform `unknown/unknown`) are
 * skipped and named. The gate never falls back to matching TCSS rows by tag.
 *
 * Test-only: TCSS_VIRUS_GATE_TEST_REGISTRY_HOSTS (`host=http://127.0.0.1:port`,
 * several separated by commas or newlines) points a registry host at a fake
 * registry; any address other than a loopback one is refused.
 */







/** The registry side of a run: one reader, one token cache, every read once. */
class RegistryReader {
    options;
    mapping;
    reads = new Map();
    tokens = new Map();
    dispatchers = new Map();
    constructor(options) {
        this.options = options;
        this.mapping = parseRegistryHostMapping(options.env[TEST_REGISTRY_HOSTS]);
        if (this.mapping.size > 0) {
            options.log.info(`${TEST_REGISTRY_HOSTS} (test only) points ${[...this.mapping.keys()].join(', ')} at a loopback registry.`);
        }
    }
    /** What `reference` names in its registry (read once per reference). */
    read(reference) {
        let read = this.reads.get(reference.text);
        if (!read) {
            read = this.readPush(reference);
            this.reads.set(reference.text, read);
        }
        return read;
    }
    /** Closes the connections the reads opened. */
    async close() {
        await Promise.all([...this.dispatchers.values()].map((dispatcher) => dispatcher.close()));
        this.dispatchers.clear();
    }
    async readPush(reference) {
        const { log } = this.options;
        const slash = reference.repository.indexOf('/');
        const host = reference.repository.slice(0, slash);
        const name = reference.repository.slice(slash + 1);
        const registry = new RegistryConnection(host, name, reference, this);
        const top = await registry.manifest(reference.digest ?? reference.tag ?? 'latest');
        if (!top.index) {
            const configDigest = configOf(top.document);
            log.info(`Registry image ${reference.text} is a single-platform image manifest ${top.digest} in the registry.`);
            return {
                digest: top.digest,
                index: false,
                platforms: [{ platform: '', digest: top.digest, configDigest }],
                skipped: []
            };
        }
        const entries = Array.isArray(top.document.manifests) ? top.document.manifests : [];
        const platforms = [];
        const skipped = [];
        for (const entry of entries) {
            const descriptor = record(entry);
            const digest = typeof descriptor.digest === 'string' ? descriptor.digest.toLowerCase() : '';
            if (!/^sha256:[0-9a-f]{64}$/.test(digest)) {
                throw registry.fail(`its index lists a manifest without a sha256 digest`);
            }
            const platform = record(descriptor.platform);
            const osName = typeof platform.os === 'string' ? platform.os : '';
            const architecture = typeof platform.architecture === 'string' ? platform.architecture : '';
            const variant = typeof platform.variant === 'string' ? platform.variant : '';
            const annotations = record(descriptor.annotations);
            if ((osName === 'unknown' && architecture === 'unknown') ||
                annotations['vnd.docker.reference.type'] === 'attestation-manifest') {
                const subject = annotations['vnd.docker.reference.digest'];
                skipped.push(`${digest} (attestation${typeof subject === 'string' ? ` of ${subject}` : ''})`);
                continue;
            }
            if (!osName || !architecture) {
                throw registry.fail(`its index lists manifest ${digest} without a platform`);
            }
            if (typeof descriptor.mediaType === 'string' && INDEX_TYPES.includes(descriptor.mediaType)) {
                throw registry.fail(`its index lists another index (${digest}); nested indexes are not gated`);
            }
            const child = await registry.manifest(digest);
            if (child.index) {
                throw registry.fail(`its index lists another index (${digest}); nested indexes are not gated`);
            }
            platforms.push({
                platform: [osName, architecture, variant].filter(Boolean).join('/').toLowerCase(),
                digest,
                configDigest: configOf(child.document)
            });
        }
        if (platforms.length === 0)
            throw registry.fail('its index lists no platform image');
        log.info(`Registry image ${reference.text} is an image index ${top.digest} of ${platforms.length} platform(s): ${platforms.map((p) => `${p.platform} ${p.digest}`).join(', ')}.`);
        if (skipped.length > 0) {
            log.info(`Skipped ${skipped.length} attestation manifest(s) of ${reference.text} (platform unknown/unknown, not an image): ${skipped.join(', ')}.`);
        }
        return { digest: top.digest, index: true, platforms, skipped };
    }
    /** The base URL of a registry host: https, or the test-only loopback mapping. */
    baseOf(host) {
        return this.mapping.get(host.toLowerCase()) ?? new URL(`https://${host}`);
    }
    /** The credentials for a host, masked before use, and where they came from. */
    loginFor(host) {
        if (this.options.login) {
            return {
                login: this.options.login,
                from: `${constants/* Inputs */.G0.RegistryUsername}/${constants/* Inputs */.G0.RegistryPassword}`,
                helper: false
            };
        }
        const found = dockerConfigLogin(host, this.options.env);
        if (found.login) {
            for (const form of [
                found.login.password,
                ...(0,secrets/* secretMasks */.c6)(found.login.password),
                ...(found.auth ? [found.auth] : [])
            ]) {
                (0,secrets/* maskSecret */.$l)(form);
            }
        }
        return { login: found.login, from: found.file, helper: found.helper };
    }
    tokenFor(key) {
        return this.tokens.get(key);
    }
    keepToken(key, token) {
        (0,secrets/* maskSecret */.$l)(token);
        this.tokens.set(key, token);
    }
    dispatcherFor(url) {
        const origin = url.origin;
        let dispatcher = this.dispatchers.get(origin);
        if (!dispatcher) {
            const loopback = [...this.mapping.values()].some((mapped) => mapped.origin === origin);
            const proxy = loopback ? undefined : (0,cloud_proxy/* proxyUrlFor */.tr)(origin, this.options.env);
            dispatcher = proxy ? new undici.ProxyAgent({ uri: proxy.href }) : new undici.Agent();
            this.dispatchers.set(origin, dispatcher);
        }
        return dispatcher;
    }
    get requestTimeoutMs() {
        return this.options.requestTimeoutMs;
    }
    isLoopback(url) {
        return [...this.mapping.values()].some((mapped) => mapped.origin === url.origin);
    }
}

// EXTERNAL MODULE: ./src/sources/tcss/call.ts
var call = __webpack_require__(8622);
;// CONCATENATED MODULE: ./src/sources/tcss/registry-sync.ts

/**
 * One asset sync per run (SyncAssetImageRegistryAsset for every connected
 * registry), shared by every registry image of the step, and followed one
 * status read (DescribeAssetImageRegistryAssetStatus) per poll of the
 * registry list, never instead of it: the list is read again on every poll
 * while the sync runs, since a sync may stay `doing` for good (tccli's
 * example: `{"Status":"doing","Err":"rpc service error"}`) while TCSS lists
 * the image meanwhile. `note` says where the sync stands, for messages.
 */
class RegistrySync {
    options;
    sent;
    reading;
    settled = false;
    /** Where the sync stands, for messages ('' before it was asked for). */
    note = '';
    constructor(options) {
        this.options = options;
    }
    /** Asks for the sync the first time; afterwards reads its status once, until it ends. */
    async step() {
        if (!this.sent) {
            this.sent = this.send();
            return this.sent;
        }
        await this.sent;
        if (this.settled)
            return;
        this.reading ??= this.readStatus().finally(() => {
            this.reading = undefined;
        });
        return this.reading;
    }
    async send() {
        const { api, log } = this.options;
        await (0,call/* callTcss */.E)(this.options, {
            action: 'SyncAssetImageRegistryAsset',
            send: (timeoutMs) => api.syncAssetImageRegistryAsset({ All: true }, timeoutMs),
            parse: (raw) => raw,
            reading: 'the registry asset sync'
        });
        this.note = 'the gate asked TCSS to sync the registry assets';
        log.info("Asked TCSS to sync the registries' image assets (SyncAssetImageRegistryAsset).");
    }
    async readStatus() {
        const { api, log } = this.options;
        const { response: answer } = await (0,call/* callTcss */.E)(this.options, {
            action: 'DescribeAssetImageRegistryAssetStatus',
            send: (timeoutMs) => api.describeAssetImageRegistryAssetStatus({}, timeoutMs),
            reading: 'the registry asset sync status'
        });
        const state = typeof answer.Status === 'string' ? answer.Status : '';
        const err = typeof answer.Err === 'string' && answer.Err ? ` (Err: ${answer.Err})` : '';
        if (state === 'doing') {
            this.note = `the registry asset sync is still running${err}`;
            return;
        }
        this.settled = true;
        this.note =
            state === 'success'
                ? 'the registry asset sync succeeded'
                : `the registry asset sync ended with status ${JSON.stringify(state)}${err}`;
        log.info(`${this.note.charAt(0).toUpperCase()}${this.note.slice(1)}.`);
    }
}

// EXTERNAL MODULE: ./src/sources/tcss/response.ts
var tcss_response = __webpack_require__(565);
;// CONCATENATED MODULE: ./src/sources/tcss/virus-detail.ts



/**
 * Statuses of a runtime trojan event that need nothing more from anyone:
 * ignored, allowed (whitelisted), deleted, isolated. DescribeVirusDetail
 * documents the DEAL_* names (VirusInfo.Status / DescribeVirusDetailResponse
 * .Status); an event handled in the console through ModifyVirusFileStatus
 * carries that call's EVENT_* names instead (EVENT_DEALED handled,
 * EVENT_IGNORE, EVENT_DEL deleted, EVENT_ADD_WHITE allowed,
 * EVENT_ISOLATE_CONTAINER its container isolated), so both are read.
 * Every other status — pending (DEAL_NONE, EVENT_PENDING), isolating,
 * recovering (EVENT_RESOTRE_CONTAINER), a failed isolation or recovery, a
 * status this gate does not know, or none at all — leaves the event open.
 */
const RESOLVED_STATUSES = [
    'DEAL_IGNORE',
    'DEAL_ADD_WHITELIST',
    'DEAL_DEL',
    'DEAL_ISOLATE',
    'EVENT_DEALED',
    'EVENT_IGNORE',
    'EVENT_DEL',
    'EVENT_ADD_WHITE',
    'EVENT_ISOLATE_CONTAINER'
];
function virus_detail_text(value) {
    return typeof value === 'string' ? value : null;
}
function number(value) {
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
/**
 * Reads a DescribeVirusDetail Response. Only a body that is not an object is
 * refused (as transient); a field of the wrong type is read as null, so an
 * unusable RiskLevel is 'unknown' and an unusable Status leaves the event open.
 */
function parseVirusDetailResponse(id, raw) {
    const { RequestId: requestId, ...fields } = (0,tcss_response/* readReply */.Xw)('DescribeVirusDetail', raw).response;
    const riskLevel = virus_detail_text(fields.RiskLevel);
    const status = virus_detail_text(fields.Status);
    return {
        id,
        riskLevel,
        level: (0,core_levels/* levelOfEventRisk */.X)(riskLevel),
        status,
        open: status === null || !RESOLVED_STATUSES.includes(status),
        subStatus: virus_detail_text(fields.SubStatus),
        fileMd5: virus_detail_text(fields.FileMd5),
        filePath: virus_detail_text(fields.FilePath),
        fileName: virus_detail_text(fields.FileName),
        virusName: virus_detail_text(fields.VirusName),
        size: number(fields.Size),
        containerName: virus_detail_text(fields.ContainerName),
        containerId: virus_detail_text(fields.ContainerId),
        podName: virus_detail_text(fields.PodName),
        namespace: virus_detail_text(fields.Namespace),
        clusterName: virus_detail_text(fields.ClusterName),
        clusterId: virus_detail_text(fields.ClusterID),
        hostName: virus_detail_text(fields.HostName),
        hostIp: virus_detail_text(fields.HostIP),
        processName: virus_detail_text(fields.ProcessName),
        processPath: virus_detail_text(fields.ProcessPath),
        processId: number(fields.ProcessId),
        imageId: virus_detail_text(fields.ImageId),
        imageName: virus_detail_text(fields.ImageName),
        eventType: virus_detail_text(fields.EventType),
        description: virus_detail_text(fields.HarmDescribe),
        solution: virus_detail_text(fields.SuggestScheme),
        tags: Array.isArray(fields.Tags)
            ? fields.Tags.filter((tag) => typeof tag === 'string')
            : null,
        createTime: virus_detail_text(fields.CreateTime),
        modifyTime: virus_detail_text(fields.ModifyTime),
        fields,
        requestId: typeof requestId === 'string' ? requestId : ''
    };
}
/**
 * An event as a finding for the policy: allowlisted by FileMd5, path globs
 * against FilePath. A null field becomes '' (which no allowlist entry matches).
 */
function eventFinding(event) {
    return {
        eventId: event.id,
        md5: event.fileMd5 ?? '',
        path: event.filePath ?? '',
        fileName: event.fileName ?? '',
        virusName: event.virusName ?? '',
        riskLevel: event.level === 'unknown' ? null : (0,core_levels/* riskOfLevel */.xx)(event.level),
        level: event.level,
        size: event.size,
        description: event.description ?? '',
        solution: event.solution ?? '',
        tags: event.tags ?? [],
        firstScanTime: event.createTime ?? '',
        latestScanTime: event.modifyTime ?? ''
    };
}
/** Reads one event, under the shared rate limit, deadline and retry budget. */
function readRuntimeEvent(api, requester, id, log) {
    return (0,call/* callTcss */.E)({ requester, log }, {
        action: 'DescribeVirusDetail',
        about: `for event ${id}`,
        send: (timeoutMs) => api.describeVirusDetail({ Id: id }, timeoutMs),
        parse: (raw) => parseVirusDetailResponse(id, raw),
        debug: (event) => `DescribeVirusDetail ${id}: RiskLevel ${event.riskLevel ?? 'null'}, Status ${event.status ?? 'null'}, RequestId ${event.requestId || 'none'}`,
        reading: `runtime event ${id}`
    });
}

;// CONCATENATED MODULE: ./src/gate/context.ts
/** What judging one run shares between its targets, and how a failed read becomes a result. */


/** The failure an error stands for, or undefined for an error that is a bug (rethrown). */
function toFailure(error, say = errors/* ACTION_VOCABULARY */.qA) {
    if (error instanceof errors/* ScanError */.sC)
        return { kind: 'scan', message: error.in(say) };
    if (error instanceof errors/* ApiUnavailableError */.xN)
        return { kind: 'unavailable', message: error.message };
    if (error instanceof errors/* ApiError */.hD)
        return { kind: 'api', message: error.message };
    if (error instanceof errors/* AmbiguousImageError */.EW)
        return { kind: 'image', message: error.in(say) };
    if (error instanceof RegistryReadError)
        return { kind: 'image', message: error.message };
    return undefined;
}

;// CONCATENATED MODULE: ./src/gate/events.ts
/** Gating the runtime events of a run (DescribeVirusDetail), judged like findings. */



/**
 * Reads every runtime event (DescribeVirusDetail) and judges the open ones
 * with the policy, like findings: allowlisted by FileMd5 (and paths against
 * FilePath), counted per level against the thresholds. Resolved events are
 * listed, not judged. An event that cannot be read fails the events.
 */
async function gateEvents(ids, context) {
    if (ids.length === 0)
        return undefined;
    const items = await Promise.all(ids.map(async (id) => {
        try {
            return {
                id,
                event: await readRuntimeEvent(context.api, context.requester, id, context.log)
            };
        }
        catch (error) {
            const failure = toFailure(error, context.say);
            if (!failure)
                throw error;
            return { id, failure };
        }
    }));
    const open = items.flatMap((item) => (item.event?.open ? [eventFinding(item.event)] : []));
    const evaluation = evaluatePolicy(open, context.policy, context.today);
    return { items, evaluation };
}

// EXTERNAL MODULE: ./src/core/image-reference.ts
var image_reference = __webpack_require__(8630);
// EXTERNAL MODULE: ./src/core/targets.ts
var targets = __webpack_require__(277);
;// CONCATENATED MODULE: ./src/sources/settle.ts
/**
 * The two loops every TCSS read shares: polling until something is ready
 * (a scan, an image that appears in a list, a scan task), and re-reading a
 * paged list until one read of it is complete. Each source says what "ready"
 * and "complete" mean; the loops, their bounds and their errors live here once.
 */

/** Full re-reads allowed when a list moves while it is paged. */
const MAX_REREADS = 5;
/**
 * A paged list that never read complete: it moved (TotalCount changed, pages
 * overlapped or came short, the scan restarted) on every one of MAX_REREADS + 1
 * reads. The gate never judges or picks from such a list; it fails closed.
 */
class ListNeverSettledError extends errors/* ScanError */.sC {
    problems;
    name = 'ScanError';
    constructor(
    /** What was read, e.g. "The list of findings for image sha256:…". */
    what, 
    /** The problem of each read, in order. */
    problems, 
    /** What the gate does not do with incomplete data, e.g. "judge incomplete data". */
    refusal, scanStatus = 'scanned', 
    /** Extra detail before the last problem, e.g. "TotalCount seen: 3, 4". */
    detail = '') {
        super(`${what} did not settle after ${problems.length} reads (${detail ? `${detail}; ` : ''}last problem: ${problems.at(-1) ?? 'none'}); the gate does not ${refusal}.`, scanStatus);
        this.problems = problems;
    }
}
/** An error that says wait-timeout ran out during a request (not that the API failed). */
function ranOutOfTime(error) {
    return ((error instanceof errors/* ApiUnavailableError */.xN && error.outOfTime) || error instanceof errors/* OutOfTimeError */.JT);
}
/**
 * Calls `step` until it is done. Between calls it sleeps pollIntervalMs; when
 * the next call could not start before the deadline it throws `timeout(waitedSeconds)`.
 */
async function pollUntil(options, step, timeout) {
    const { clock, deadline, pollIntervalMs, log } = options;
    const started = clock.now();
    for (;;) {
        let result;
        try {
            result = await step();
        }
        catch (error) {
            // A request that ran into wait-timeout while polling is the wait timing out, said as such.
            if (!ranOutOfTime(error))
                throw error;
            // Said as the wait's time-out, with what the last request met, so no reason is lost.
            const timedOut = timeout(Math.round((clock.now() - started) / 1000));
            const last = error.message;
            if (timedOut instanceof errors/* ScanError */.sC) {
                timedOut.append((say) => `The last request: ${error instanceof errors/* ScanError */.sC ? error.in(say) : last}`);
            }
            else
                timedOut.message = `${timedOut.message} The last request: ${last}`;
            throw timedOut;
        }
        if (result.done)
            return result.value;
        const waited = Math.round((clock.now() - started) / 1000);
        if (clock.now() + pollIntervalMs >= deadline)
            throw timeout(waited);
        log.info(`${result.waiting} (${waited} s); polling again in ${pollIntervalMs / 1000} s.`);
        await clock.sleep(pollIntervalMs);
    }
}
/**
 * Takes the first read that `accept` takes, reading again up to MAX_REREADS
 * times; then throws ListNeverSettledError. `first` is a read already made.
 */
async function rereadUntilSettled(first, reread) {
    const reads = [first];
    let previous;
    let current = first;
    for (let attempt = 1;; attempt++) {
        const taken = reread.accept(current, previous);
        if (taken !== undefined)
            return taken;
        if (attempt > MAX_REREADS)
            break;
        reread.log.info(`${reread.what} changed while it was read (${reread.problem(current)}); reading it again.`);
        previous = current;
        current = await reread.read(attempt);
        reads.push(current);
    }
    throw new ListNeverSettledError(reread.what, reads.map((read) => reread.problem(read)), reread.refusal, 'scanned', reread.detail?.(reads) ?? '');
}

;// CONCATENATED MODULE: ./src/sources/scan-status.ts
/**
 * The one scan-status state machine: what the gate does with each virus
 * status it reads of an image, whichever family it belongs to, and what it
 * says while it waits and when it gives up. It reads nothing itself: its
 * callers read the service and hand it each answer, and it answers with the
 * next step. Its states:
 *
 * - `waiting`: no scan asked for; a completed scan is taken, a running one
 *   waited for, and for anything else `scan` decides (ask for one, or wait
 *   for one started by hand under `scan: never`).
 * - `asked`: the gate asked for a scan (its task started, or was refused
 *   while a scan runs elsewhere); only a completed scan newer than the one
 *   the image showed just before the ask is taken (`newerThan`).
 * - `rereading`: a scan was taken and its findings are being read; page one
 *   of a local image's list (its status and first page in one reply) is read
 *   again. A scan error or a cancellation fails at once, and nothing is
 *   asked for.
 *
 * The last status seen is state of the machine, changed only by what was
 * read; a time-out is said by the error it ends with, never stored as a status.
 */


/**
 * Whether `state` shows a completed scan newer than the one the image had
 * when the gate asked for a scan, both on the service's clock (the runner's
 * clock never enters): a scan time later than the one before; or, when a
 * scan was already running then (its ScanTime may be that scan's start),
 * not earlier than it. An image that had no scan time before takes any
 * completed scan with a time.
 */
function newerThan(baseline, state) {
    if (state.status !== 'scanned' || state.scanTime === undefined)
        return false;
    if (baseline.scanTime === undefined)
        return baseline.status !== 'scanned';
    return baseline.status === 'scanning'
        ? state.scanTime >= baseline.scanTime
        : state.scanTime > baseline.scanTime;
}
/** The scan status of one image, watched until it can be judged. */
class ScanWatch {
    options;
    phase;
    seen;
    authorizationRead = false;
    constructor(options, phase, 
    /** The last status read: state of the machine, for the time-out. */
    seen) {
        this.options = options;
        this.phase = phase;
        this.seen = seen;
    }
    /** An image whose scan is waited for (or asked for, as `scan` says) before its findings are read. */
    static beforeReading(options) {
        return new ScanWatch(options, { name: 'waiting' }, undefined);
    }
    /**
     * A local image whose list is read again while its findings are read,
     * named as the log names it; `seen` is the status read last before.
     */
    static rereading(name, seen) {
        // Nothing is asked for and nothing hinted at while the findings are read.
        const options = {
            name,
            scan: 'never',
            scanHint: () => '',
            say: errors/* ACTION_VOCABULARY */.qA
        };
        return new ScanWatch(options, { name: 'rereading' }, seen);
    }
    /** The last status read, for the time-out. */
    get lastStatus() {
        return this.seen;
    }
    /** Whether a scan is asked for before the first read (`scan: always`). */
    get asksFirst() {
        return this.phase.name === 'waiting' && this.options.scan === 'always';
    }
    /** Whether the next status read needs the scan time (after an ask: freshness is judged by it). */
    get needsScanTime() {
        return this.phase.name === 'asked';
    }
    /** Whether the authorization is to be read now: once per image, however long the wait. */
    readsAuthorization() {
        if (this.authorizationRead)
            return false;
        this.authorizationRead = true;
        return true;
    }
    /** The authorization read: an image TCSS may not scan fails at once, never by time-out. */
    authorization(authorization) {
        if (authorization.authorized !== false)
            return undefined;
        const why = authorization.scanVirusError
            ? ` (ScanVirusError: ${authorization.scanVirusError})`
            : '';
        return new errors/* ScanError */.sC(`Image ${this.options.name} is not authorized for scanning in TCSS (IsAuthorized 0)${why}, so it has no virus scan and TCSS will not run one. The gate never authorizes images: authorize it in the TCSS console (Asset management → Images → Authorization), then run the job again.`, 'not-scanned');
    }
    /** The gate asks for a scan now; `before` is what the image showed just before, on the service's clock. */
    asking(before) {
        this.seen = before.status;
        this.phase = {
            name: 'asked',
            baseline: before,
            task: undefined,
            runningElsewhere: false,
            moved: false
        };
    }
    /** The scan task started: the line for the log. */
    started(task) {
        const phase = this.asked();
        phase.task = task;
        return task.id
            ? `Started TCSS virus scan task ${task.id} for image ${this.options.name}.`
            : `Asked TCSS for a virus scan of image ${this.options.name}; the answer names no TaskID, so the image's own status tells when it is done.`;
    }
    /**
     * TCSS refused the scan task and the image, read just after, shows `now`
     * (its authorization already checked): a scan running or queued (or one
     * newer than the baseline) is waited for, said by the line returned;
     * anything else fails at once with the refusal.
     */
    refused(refusal, now) {
        const phase = this.asked();
        this.seen = now.status;
        if (now.status !== 'scanning' && !now.queued && !newerThan(phase.baseline, now)) {
            const cause = refusal.cause;
            const detail = cause instanceof errors/* ApiError */.hD ? cause.message : refusal.message;
            return {
                error: new errors/* ScanError */.sC(`TCSS refused the virus scan task for image ${this.options.name} (${detail}), and the image is neither being scanned (virus status ${now.status}) nor unauthorized; the gate starts one task per image per run and fails closed.`, now.status)
            };
        }
        phase.runningElsewhere = true;
        return {
            line: `TCSS refused a new virus scan of image ${this.options.name} (${refusal.message}) while one is running; waiting for that scan instead of starting another.`
        };
    }
    /** A status read while waiting: the next step. */
    read(state) {
        this.seen = state.status;
        const { name, scan } = this.options;
        switch (this.phase.name) {
            case 'rereading':
                return this.reread(state);
            case 'asked':
                if (newerThan(this.phase.baseline, state))
                    return { next: 'done' };
                return this.phase.task?.poll
                    ? { next: 'poll-task', poll: this.phase.task.poll }
                    : this.progressed(state, undefined);
            case 'waiting':
                break;
        }
        if (state.status === 'scanned')
            return { next: 'done' };
        if (state.status === 'scanning') {
            return { next: 'wait', waiting: `Virus scan of ${name} is running` };
        }
        // not-scanned, or the last scan ended in error or was canceled.
        if (scan !== 'never') {
            return { next: 'ask', waiting: `Virus scan of ${name} was asked for` };
        }
        if (state.status === 'error' || state.status === 'canceled') {
            const status = state.status;
            return {
                next: 'fail',
                error: new errors/* ScanError */.sC((say) => `The TCSS virus scan of image ${name} ${status === 'error' ? 'ended with a scan error' : 'was canceled'}; rescan the image, or set ${say.given(constants/* Inputs */.G0.Scan, 'if-not-scanned')} to let the gate start one.`, status)
            };
        }
        return {
            next: 'authorize',
            waiting: `Virus scan of ${name} is not started yet (${this.options.say.given(constants/* Inputs */.G0.Scan, 'never')})`
        };
    }
    /**
     * After an ask, the status read and what the task says of itself
     * (undefined when it cannot be asked): a task that plainly failed ends
     * the wait; so does an error or a cancellation once the image has shown
     * another status since the ask (a rescan of an errored image shows the
     * old error until it starts, and its ScanTime may move when the new scan
     * starts; the same error with only a new time is waited on, and
     * wait-timeout ends it, failing closed).
     */
    progressed(state, progress) {
        const phase = this.asked();
        const { name } = this.options;
        if (progress?.state === 'failed') {
            return {
                next: 'fail',
                error: new errors/* ScanError */.sC(`The TCSS virus ${this.taskName()} for image ${name} ended without a result: ${progress.reason}. The gate starts one task per image per run; look at the task in the TCSS console.`, progress.status)
            };
        }
        if (state.status !== phase.baseline.status)
            phase.moved = true;
        if ((state.status === 'error' || state.status === 'canceled') && phase.moved) {
            return {
                next: 'fail',
                error: new errors/* ScanError */.sC(`The TCSS virus scan of image ${name} ${phase.runningElsewhere ? 'that was already running' : `that the gate asked for (${this.taskName()})`} ended with status ${state.status}; the gate starts one task per image per run. Look at the image in the TCSS console.`, state.status)
            };
        }
        const what = phase.runningElsewhere
            ? `Virus scan of ${name} ${state.status === 'scanning' ? 'is running' : 'is queued'} (started elsewhere)`
            : `Virus scan of ${name} (${this.taskName()}${progress ? `: ${progress.detail}` : ''})`;
        const before = phase.baseline.scanTime;
        return {
            next: 'wait',
            waiting: `${what}; waiting for the image to show a completed scan newer than ${before === undefined ? 'none' : new Date(before).toISOString()} (now ${state.status})`
        };
    }
    /** The wait ran out after `waited` seconds: the error it ends with, by what was asked. */
    timedOut(waited) {
        const { name, scan } = this.options;
        const task = this.phase.name === 'asked' ? this.phase.task : undefined;
        const status = this.seen;
        return new errors/* ScanError */.sC((say) => `Timed out after ${waited} s waiting for the TCSS virus scan of image ${name} (last status: ${status ?? 'none'})` +
            (task
                ? ` after the gate started ${this.taskName()}; raise ${say.plain(constants/* Inputs */.G0.WaitTimeout)} or check the task in the TCSS console.`
                : scan === 'never' && status === 'not-scanned' && this.phase.name === 'waiting'
                    ? `. The gate does not start scans with ${say.given(constants/* Inputs */.G0.Scan, 'never')}; ${this.options.scanHint(say)}`
                    : `; raise ${say.plain(constants/* Inputs */.G0.WaitTimeout)} or check the scan in the TCSS console.`), 'timeout');
    }
    /** A status read again while the findings are read: scanned, or waited for, or failed at once. */
    reread(state) {
        this.seen = state.status;
        const { name } = this.options;
        const { status } = state;
        if (status === 'scanned')
            return { next: 'done' };
        if (status === 'error' || status === 'canceled') {
            const said = status === 'error'
                ? 'ended with a scan error (VirusScanStatus 3)'
                : 'was canceled (VirusScanStatus 4)';
            return {
                next: 'fail',
                error: new errors/* ScanError */.sC(`The TCSS virus scan of image ${name} ${said}; rescan the image.`, status)
            };
        }
        return {
            next: 'wait',
            waiting: `Virus scan of ${name} is ${status === 'scanning' ? 'running' : 'not started yet'}`
        };
    }
    asked() {
        if (this.phase.name !== 'asked')
            throw new Error(`no scan was asked for image ${this.options.name}`);
        return this.phase;
    }
    taskName() {
        const task = this.phase.name === 'asked' ? this.phase.task : undefined;
        return task?.id ? `scan task ${task.id}` : 'the scan task';
    }
}

;// CONCATENATED MODULE: ./src/sources/scan-state.ts
/**
 * TCSS refused a scan task (FailedOperation.ErrAlreadyScanning, plain
 * FailedOperation, or another refusal): "already scanning, or not
 * authorized", or something else. The flow asks the image which; `cause`
 * is the refusal itself, thrown as it is when the image explains nothing.
 */
class AlreadyScanningError extends Error {
    cause;
    name = 'AlreadyScanningError';
    constructor(message, cause) {
        super(message);
        this.cause = cause;
    }
}

;// CONCATENATED MODULE: ./src/sources/image-source.ts
/**
 * What the gate needs from an image, whichever family it belongs to (local
 * images on hosts and nodes, registry images in TCR/CCR): find it, know
 * whether its virus scan is complete and when it was made, start a scan when
 * asked to, and page its findings into the one Finding shape the policy
 * sees. `readScannedFindings` is the one flow over that interface: wait,
 * scan on demand, then read.
 */




/**
 * Waits for a complete virus scan of the image, starting one when `scan`
 * says so, and reads its findings: the I/O of the scan-status machine
 * (`ScanWatch`, which decides each step and says each line). At most one
 * scan task per image: whatever the service shows after it, the gate never
 * starts a second one. A scan is proven by the image, not by its task: after
 * the gate asked for a scan, a result is taken only when the image shows a
 * completed scan newer than what it showed just before (`newerThan`). The
 * task's TaskID is optional and its status is progress for the log; one
 * that plainly failed ends the wait early. A refused task (already scanning,
 * or any other refusal) is explained by the image: unauthorized fails at
 * once, scanning is waited for, anything else fails at once with the refusal.
 */
async function readScannedFindings(image, context) {
    const { clock, requester, pollIntervalMs, log, scan } = context;
    const watch = ScanWatch.beforeReading({
        name: image.label,
        scan,
        scanHint: image.scanHint,
        say: context.say ?? errors/* ACTION_VOCABULARY */.qA
    });
    const checkAuthorization = async () => {
        if (!watch.readsAuthorization())
            return;
        const refusal = watch.authorization(await image.readAuthorization());
        if (refusal)
            throw refusal;
    };
    /** Asks for a scan; `state` is the status just read, when there is one. */
    const begin = async (state) => {
        // The service's own clock: the image's scan time just before the ask.
        const before = state ?? (await image.readStatus(true));
        watch.asking({
            status: before.status,
            scanTime: 'scanTime' in before ? before.scanTime : await image.readScanTime()
        });
        let task;
        try {
            task = await image.startScan();
        }
        catch (error) {
            if (!(error instanceof AlreadyScanningError))
                throw error;
            // Busy is not broken: the image says why the task was refused.
            await checkAuthorization();
            const answer = watch.refused(error, await image.readStatus(true));
            if ('error' in answer)
                throw answer.error;
            log.info(answer.line);
            return;
        }
        log.info(watch.started(task));
    };
    if (watch.asksFirst)
        await begin();
    await pollUntil({ clock, deadline: requester.deadline, pollIntervalMs, log }, async () => {
        const state = await image.readStatus(watch.needsScanTime);
        const first = watch.read(state);
        const step = first.next === 'poll-task' ? watch.progressed(state, await first.poll()) : first;
        switch (step.next) {
            case 'done':
                return { done: true, value: undefined };
            case 'fail':
                throw step.error;
            case 'authorize':
                await checkAuthorization();
                break;
            case 'ask':
                await begin(state);
                break;
            case 'wait':
                break;
        }
        return { done: false, waiting: step.waiting };
    }, (waited) => watch.timedOut(waited));
    return image.readFindings();
}

// EXTERNAL MODULE: ./src/core/image-identity.ts
var image_identity = __webpack_require__(6273);
;// CONCATENATED MODULE: ./src/sources/tcss/virus-list.ts


/**
 * Strictly checks the shape of a response. A shape the gate cannot trust is
 * treated as transient (retried a bounded number of times), never as "no findings".
 */
function parseVirusListResponse(raw) {
    const paged = (0,tcss_response/* readReply */.Xw)('DescribeAssetImageVirusList', raw);
    const status = paged.response.VirusScanStatus;
    if (typeof status !== 'number' || !Number.isInteger(status)) {
        throw paged.malformed(`VirusScanStatus is ${JSON.stringify(status) ?? 'missing'}`);
    }
    const items = (0,tcss_response/* readList */.LD)(paged).map(toFinding);
    // While the scan runs, TotalCount may be left out.
    const total = (0,tcss_response/* readTotalCount */.Ub)(paged.response.TotalCount ?? (status === 2 ? undefined : 0), paged);
    return { status, totalCount: total, items, requestId: paged.requestId };
}
function virus_list_text(value) {
    return typeof value === 'string' ? value : '';
}
function toFinding(item) {
    const risk = item.RiskLevel;
    return {
        md5: virus_list_text(item.Md5),
        path: virus_list_text(item.Path),
        fileName: virus_list_text(item.FileName),
        virusName: virus_list_text(item.VirusName),
        riskLevel: typeof risk === 'number' ? risk : null,
        level: (0,core_levels/* levelOfRisk */.TI)(risk),
        size: typeof item.Size === 'number' ? item.Size : null,
        description: virus_list_text(item.Desc),
        solution: virus_list_text(item.Solution),
        tags: Array.isArray(item.Tags)
            ? item.Tags.filter((tag) => typeof tag === 'string')
            : [],
        firstScanTime: virus_list_text(item.FirstScanTime),
        latestScanTime: virus_list_text(item.LatestScanTime)
    };
}
/**
 * Identity of a finding for de-duplication: (Md5, Path), encoded so that no
 * two pairs give the same key. A row with neither names no file: it is only
 * ever merged with a row identical to it, never with another unnamed one.
 */
function findingKey(finding) {
    if (finding.md5 === '' && finding.path === '')
        return JSON.stringify(['', '', tieBreak(finding)]);
    return JSON.stringify([finding.md5.toLowerCase(), finding.path]);
}
/**
 * One finding per (lower-cased Md5, Path), keeping the most severe of its rows
 * (an unknown level ranks as critical), never merely the first one seen; each
 * finding records how many rows it merges. Rows of equal severity are chosen
 * between by their text, so the result does not depend on the order the pages
 * came in.
 */
function mergeFindings(rows) {
    const merged = new Map();
    for (const row of rows) {
        const key = findingKey(row);
        const kept = merged.get(key);
        if (!kept) {
            merged.set(key, { ...row, rows: 1 });
            continue;
        }
        const count = (kept.rows ?? 1) + 1;
        merged.set(key, { ...(moreSevere(row, kept) ? row : kept), rows: count });
    }
    return [...merged.values()];
}
/** True when `row` should replace `kept`: a higher level, or an equal one that sorts first. */
function moreSevere(row, kept) {
    const byRank = (0,core_levels/* severityRank */.qs)(row.level) - (0,core_levels/* severityRank */.qs)(kept.level);
    if (byRank !== 0)
        return byRank > 0;
    // Equal rank: unknown over critical (it is judged as critical and says more), then by text.
    if (row.level !== kept.level)
        return row.level === 'unknown';
    return tieBreak(row) < tieBreak(kept);
}
function tieBreak(finding) {
    return JSON.stringify([
        finding.riskLevel,
        finding.md5,
        finding.virusName,
        finding.fileName,
        finding.description,
        finding.solution,
        finding.size,
        finding.tags,
        finding.firstScanTime,
        finding.latestScanTime
    ]);
}

;// CONCATENATED MODULE: ./src/sources/paged-read.ts
/**
 * One complete read of a paged TCSS list, shared by every list the gate
 * pages (local and registry findings, the local and the registry image
 * lists): the TotalCount bound, pages read concurrently under the limiter,
 * every page checked against the first one's TotalCount and its expected
 * length, and the proof that a read holds every row whatever order the
 * service used (`ReadProof`). Re-reading is settle.ts; whole-list.ts puts
 * the two together.
 */


/**
 * The pages of a list of `total` rows whose first page holds `firstLimit`
 * rows: [offset, limit] of each, the first included.
 */
function pageWindows(total, firstLimit = constants/* PAGE_SIZE */.md) {
    const windows = [[0, firstLimit]];
    for (let offset = firstLimit; offset < total; offset += constants/* PAGE_SIZE */.md) {
        windows.push([offset, constants/* PAGE_SIZE */.md]);
    }
    return windows;
}
/**
 * Reads the pages after `first` (read with Limit `firstLimit`, PAGE_SIZE
 * by default) with at most `concurrency` requests in flight, and says
 * whether the read is complete and how its keys fall into pages.
 */
async function readPagedList(first, options, firstLimit = constants/* PAGE_SIZE */.md) {
    const total = first.totalCount;
    const pageCount = 1 + Math.ceil(Math.max(0, total - firstLimit) / constants/* PAGE_SIZE */.md);
    // Before the windows are laid out: an absurd TotalCount is refused, not paged.
    checkListSize(total, options.requester.requestsLeft(), options.what, pageCount);
    const windows = pageWindows(total, firstLimit);
    const pages = new Array(windows.length);
    pages[0] = first;
    let next = 1;
    const worker = async () => {
        while (next < windows.length) {
            const index = next++;
            const [offset, limit] = windows[index];
            pages[index] = await options.fetchPage(offset, limit);
        }
    };
    const workers = Math.min(windows.length - 1, options.concurrency);
    await Promise.all(Array.from({ length: workers }, worker));
    let why = '';
    pages.forEach((page, index) => {
        const [offset, limit] = windows[index];
        const expected = Math.min(limit, Math.max(0, total - offset));
        if (!why)
            why = options.pageProblem?.(page, index) ?? '';
        if (!why && page.totalCount !== total)
            why = `TotalCount went from ${total} to ${page.totalCount}`;
        if (!why && page.items.length !== expected) {
            why = `page ${index + 1} held ${page.items.length} ${options.noun} where ${expected} were expected`;
        }
    });
    const complete = why === '';
    const overlap = pageOverlap(pages.map((page) => page.items), options.key);
    if (complete && overlap.overlapping > 0) {
        why = `${overlap.overlapping} ${options.noun} were listed on more than one page, so pages overlapped`;
    }
    return {
        totalCount: total,
        rows: pages.flatMap((page) => page.items),
        complete,
        ...overlap,
        why,
        firstLimit
    };
}
/**
 * Where the pages of the next read begin: the gate's own boundaries, then
 * boundaries half a page away, in turn. A row that straddled a boundary in
 * one read lies inside a page of the other.
 */
function firstLimitOfRead(attempt) {
    return attempt % 2 === 1 ? constants/* PAGE_SIZE */.md / 2 : constants/* PAGE_SIZE */.md;
}
/**
 * Whether a read holds every row of the list, whatever order the service
 * used: its own sort, one that ignores `By`, or one whose ties fall
 * differently for every Limit and Offset (SQL's ORDER BY on a non-unique
 * column with LIMIT/OFFSET serves one row on two pages and another on none,
 * the same on every identical read).
 *
 * TotalCount counts rows, and the service may list one key more than once.
 * One page is one answer, and no answer lists one stored row twice, so a
 * key held n times on one page has at least n rows. A complete read (as
 * many rows as TotalCount) in which no key is held more often than some
 * page of a read of the same list holds it has every row: its counts add
 * up to TotalCount and none exceeds what exists, so nothing is missing.
 * A read without a key on two pages passes at once (pigeonhole); a key on
 * two pages passes only once a read with other boundaries (firstLimitOfRead)
 * shows its rows together on one page — evidence that an order that depends
 * on the page cannot produce. Anything else is an inconsistent list.
 */
class ReadProof {
    totalCount;
    evidence = new Map();
    reads = [];
    /** Adds `read` as evidence; returns a read of the same list proven complete, if any. */
    take(read) {
        if (!read.complete)
            return undefined;
        if (read.totalCount !== this.totalCount) {
            // Another list (it moved): what the old one showed proves nothing of this one.
            this.totalCount = read.totalCount;
            this.evidence.clear();
            this.reads = [];
        }
        for (const [key, count] of read.mostOnOnePage) {
            if (count > (this.evidence.get(key) ?? 0))
                this.evidence.set(key, count);
        }
        this.reads.push(read);
        return [read, ...this.reads].find((candidate) => this.proves(candidate));
    }
    /** Keys of `read` listed more often than any page shows them: the rows that may stand in for missing ones. */
    unproven(read) {
        let count = 0;
        for (const [key, rows] of read.rowsByKey) {
            if (rows > Math.max(this.evidence.get(key) ?? 0, read.mostOnOnePage.get(key) ?? 0))
                count++;
        }
        return count;
    }
    proves(read) {
        return read.complete && this.unproven(read) === 0;
    }
}
/** Why a complete read was not proven, for the log and the final error. */
function inconsistency(read, noun) {
    return `the list is inconsistent: ${read.overlapping} ${noun} were listed on more than one page, and no page shows them as rows the service lists more than once; a row may have been served twice in place of another`;
}
/**
 * Finds, per key, the rows of one read and the most rows of it on one page,
 * and the keys on more than one page.
 */
function pageOverlap(pages, key) {
    const rowsByKey = new Map();
    const mostOnOnePage = new Map();
    const pagesByKey = new Map();
    for (const page of pages) {
        const onPage = new Map();
        for (const row of page) {
            const rowKey = key(row);
            rowsByKey.set(rowKey, (rowsByKey.get(rowKey) ?? 0) + 1);
            onPage.set(rowKey, (onPage.get(rowKey) ?? 0) + 1);
        }
        for (const [rowKey, count] of onPage) {
            pagesByKey.set(rowKey, (pagesByKey.get(rowKey) ?? 0) + 1);
            if (count > (mostOnOnePage.get(rowKey) ?? 0))
                mostOnOnePage.set(rowKey, count);
        }
    }
    let overlapping = 0;
    for (const count of pagesByKey.values())
        if (count > 1)
            overlapping++;
    return { rowsByKey, mostOnOnePage, overlapping };
}
/**
 * No image and no image list holds anywhere near this many entries: a larger
 * TotalCount is a broken answer, refused before anything is allocated or sent.
 */
const MAX_TOTAL_COUNT = 1_000_000;
/**
 * Refuses a TotalCount that cannot be paged: above MAX_TOTAL_COUNT, or more
 * pages than could be read before the deadline at max-rps (`requestsLeft`).
 * Reading it anyway would allocate an absurd array or send requests until
 * wait-timeout, and end without a complete read all the same.
 */
function checkListSize(total, requestsLeft, what, pages = Math.ceil(Math.max(total, 1) / constants/* PAGE_SIZE */.md)) {
    if (total > MAX_TOTAL_COUNT) {
        throw new errors/* ScanError */.sC(`TCSS reported TotalCount ${total} for ${what}, more than the ${MAX_TOTAL_COUNT} any such list plausibly holds; the gate does not page a list it cannot read whole.`, 'scanned');
    }
    // Page one is already read.
    if (pages - 1 > requestsLeft) {
        throw new errors/* ScanError */.sC((say) => `TCSS reported TotalCount ${total} for ${what}: its ${pages} pages cannot be read before ${say.plain(constants/* Inputs */.G0.WaitTimeout)} at ${say.plain(constants/* Inputs */.G0.MaxRps)} (about ${requestsLeft} more requests fit); raise ${say.plain(constants/* Inputs */.G0.WaitTimeout)} or ${say.plain(constants/* Inputs */.G0.MaxRps)} if the list is really this long.`, 'scanned');
    }
}

;// CONCATENATED MODULE: ./src/sources/whole-list.ts
/**
 * The one whole-list reader every paged TCSS list goes through (local and
 * registry findings, the local and the registry image lists): read every
 * page (paged-read.ts), detect overlap, read again with other page
 * boundaries until a read is proven complete (`ReadProof`), and take it;
 * a list that never settles fails closed (settle.ts).
 */



/** Reads the whole list; `first` is its first page when already read (with Limit PAGE_SIZE). */
async function readWholeList(list, first) {
    const readPages = async (attempt) => {
        const limit = list.shiftBoundaries === false ? constants/* PAGE_SIZE */.md : firstLimitOfRead(attempt);
        const page = attempt === 0 && first !== undefined
            ? first
            : await (list.firstPage ?? ((size) => list.fetchPage(0, size)))(limit);
        return readPagedList(page, { ...list }, limit);
    };
    const readOnce = async (attempt) => list.around
        ? list.around(() => readPages(attempt), attempt)
        : { read: await readPages(attempt) };
    const proof = new ReadProof();
    return rereadUntilSettled(await readOnce(0), {
        read: readOnce,
        accept: (attempt) => {
            if (!('read' in attempt) || list.readProblem?.(attempt.read))
                return undefined;
            const taken = proof.take(attempt.read);
            return taken ? list.take(taken.rows) : undefined;
        },
        problem: (attempt) => {
            if (!('read' in attempt))
                return attempt.moved;
            const { read } = attempt;
            return list.readProblem?.(read) || (read.complete ? inconsistency(read, list.noun) : read.why);
        },
        what: list.title,
        refusal: list.refusal,
        log: list.log,
        ...(list.detail
            ? {
                detail: (attempts) => list.detail?.(attempts.flatMap((attempt) => ('read' in attempt ? [attempt.read] : []))) ?? ''
            }
            : {})
    });
}

;// CONCATENATED MODULE: ./src/sources/tcss/scan.ts







const STATUS_NAMES = {
    0: 'not-scanned',
    1: 'scanning',
    2: 'scanned',
    3: 'error',
    4: 'canceled'
};
/**
 * The list is paged in an explicit order. The service's default order is
 * undocumented, and pages read in an order that changes between requests
 * overlap and miss findings. `Path` is the field of ImageVirusInfo that best
 * identifies a finding and never changes: a file's path within the image is
 * unique but for duplicate rows, whereas RiskLevel, VirusName, Md5 (one file
 * copied to several paths) and FirstScanTime (one scan finds many files) leave
 * long runs of ties in an unspecified order, and LatestScanTime changes with
 * every rescan. Ascending, so that findings added later do not shift the
 * order of the rest more than they must.
 */
const VIRUS_LIST_ORDER = { Order: 'asc', By: 'Path' };
/** Waits for an image's virus scan and reads every finding, failing closed on anything incomplete. */
class ScanReader {
    /** The virus status of the last status page read; the time-out is the error's, not a status seen. */
    seen;
    options;
    constructor(options) {
        this.options = options;
    }
    get name() {
        return this.options.name ?? this.options.imageId;
    }
    /** The virus status of the last status page read, for the scan-status output. */
    get lastStatus() {
        return this.seen;
    }
    /**
     * Polls until VirusScanStatus is 2 and returns that response as page one
     * (`limit` rows): the list read again while its findings are read, by the
     * scan-status machine's `rereading` state.
     */
    async waitForScan(limit = constants/* PAGE_SIZE */.md) {
        const { clock, pollIntervalMs, log, requester } = this.options;
        const watch = ScanWatch.rereading(this.name, this.seen);
        return pollUntil({ clock, deadline: requester.deadline, pollIntervalMs, log }, async () => {
            const page = await this.readStatusPage(limit);
            const step = watch.reread({ status: STATUS_NAMES[page.status] });
            if (step.next === 'fail')
                throw step.error;
            return step.next === 'done'
                ? { done: true, value: page }
                : { done: false, waiting: step.waiting };
        }, (waited) => watch.timedOut(waited));
    }
    /**
     * One status read: page one of the list, whose VirusScanStatus must be a
     * known value (0-4). The page is also the first page of the findings when
     * the status is 2.
     */
    async readStatusPage(limit = constants/* PAGE_SIZE */.md) {
        const page = await this.fetchPage(0, limit);
        const name = STATUS_NAMES[page.status];
        if (name === undefined) {
            throw new errors/* ScanError */.sC(`TCSS returned VirusScanStatus ${page.status} for image ${this.name}, a value this gate does not know (expected 0-4); failing closed (RequestId: ${page.requestId || 'none'}).`, 'error');
        }
        this.seen = name;
        return page;
    }
    /**
     * Reads every page after the first and returns the distinct findings, each
     * with the most severe of its rows. Only a read proven complete is judged
     * (readWholeList: every page had VirusScanStatus 2, the first page's
     * TotalCount and the expected length, and no finding is listed more often
     * than one page shows it). A read that is not is read again, from a new
     * status page, with page boundaries half a page away every other time;
     * after MAX_REREADS re-reads the list fails closed.
     */
    readAllFindings(firstPage) {
        const { requester, concurrency, log } = this.options;
        const name = this.name;
        return readWholeList({
            requester,
            concurrency,
            log,
            what: `the findings of image ${name}`,
            title: `The list of findings for image ${name}`,
            noun: 'findings',
            refusal: 'judge incomplete data',
            fetchPage: (offset, limit) => this.fetchPage(offset, limit),
            firstPage: (limit) => this.waitForScan(limit),
            key: findingKey,
            pageProblem: (page, index) => page.status !== 2 ? `page ${index + 1} had VirusScanStatus ${page.status}` : undefined,
            take: mergeFindings,
            detail: (reads) => `TotalCount seen: ${reads.map((read) => read.totalCount).join(', ')}`
        }, firstPage);
    }
    /** One page, under the rate limit, retried on transient failures. */
    fetchPage(offset, limit) {
        const { api, imageId } = this.options;
        return (0,call/* callTcss */.E)(this.options, {
            action: 'DescribeAssetImageVirusList',
            about: `at offset ${offset}`,
            send: (timeoutMs) => api.describeAssetImageVirusList({ ImageID: imageId, Limit: limit, Offset: offset, ...VIRUS_LIST_ORDER }, timeoutMs),
            parse: parseVirusListResponse,
            debug: (page) => `DescribeAssetImageVirusList offset ${offset}: VirusScanStatus ${page.status}, TotalCount ${page.totalCount}, ${page.items.length} item(s), RequestId ${page.requestId || 'none'}`,
            reading: `the findings of image ${this.name}`
        });
    }
}

;// CONCATENATED MODULE: ./src/sources/tcss/scan-task.ts
/**
 * Scan tasks, for both families: starting one and polling it
 * (`startScanTask`), what a task's status says (progress, or a plain
 * failure), and which refusals of a task the image is asked to explain.
 */



/** FailedOperation.ErrAlreadyScanning: "scanning already, or no right to scan: authorize first". */
const ERR_ALREADY_SCANNING = 'FailedOperation.ErrAlreadyScanning';
/**
 * Refusals that say the request itself, the key or the account is wrong:
 * asking the image explains nothing, so they are thrown as they are.
 */
const NOT_A_BUSY_IMAGE = /^(AuthFailure|UnauthorizedOperation|InvalidParameter|InvalidParameterValue|MissingParameter|UnknownParameter|UnsupportedOperation|InvalidAction|UnsupportedRegion|NoSuchVersion|InternalError\.ErrRoleNotExist)(\.|$)/;
/**
 * A refusal of a scan task becomes AlreadyScanningError, for the flow to ask
 * the image why: ErrAlreadyScanning ("already scanning, or not authorized"),
 * plain FailedOperation (the Go SDK's only documented code for
 * CreateAssetImageRegistryScanTask), or any other refusal of the task
 * itself. Errors of the key, the account or the request are rethrown.
 */
function alreadyScanning(error) {
    if (error instanceof errors/* ApiError */.hD && !NOT_A_BUSY_IMAGE.test(error.code)) {
        throw new AlreadyScanningError(`${error.code}: ${error.apiMessage}`, error);
    }
    throw error;
}
/**
 * Task status names that plainly say the task ended without a result. No
 * document lists the names (DescribeAssetImageScanStatus.Status and
 * DescribeAssetImageRegistryScanStatusOneKey.Status are free strings; the
 * related task model documents READY/SCANNING/END), so every other name,
 * known or not, is progress: the image's own virus status decides.
 */
const FAILED = {
    SCAN_ERR: 'error',
    SCAN_ERROR: 'error',
    SCAN_FAILED: 'error',
    FAILED: 'error',
    FAIL: 'error',
    ERROR: 'error',
    SCAN_TIMEOUT: 'timeout',
    TIMEOUT: 'timeout',
    SCAN_CANCELED: 'canceled',
    SCAN_CANCELLED: 'canceled',
    CANCELED: 'canceled',
    CANCELLED: 'canceled'
};
function taskState(status, schedule) {
    const name = typeof status === 'string' ? status.trim().toUpperCase() : '';
    const failed = FAILED[name];
    if (failed)
        return { state: 'failed', status: failed, reason: `task status ${name}` };
    const progress = typeof schedule === 'number' && Number.isFinite(schedule) ? `, ${schedule} %` : '';
    const shown = typeof status === 'string' ? JSON.stringify(status) : 'missing';
    return { state: 'progress', detail: `task status ${shown}${progress}` };
}
/**
 * Starts one scan task; a refusal becomes AlreadyScanningError (see
 * alreadyScanning). The TaskID is optional (the image's own status tells
 * when the scan is done): without one, the task has nothing to poll.
 */
async function startScanTask(context, calls) {
    const reply = await (0,call/* callTcss */.E)(context, calls.create).catch(alreadyScanning);
    const id = calls.taskId(reply);
    if (id === undefined) {
        context.log.info(calls.withoutTaskId(reply));
        return { id: '' };
    }
    const status = calls.status(id);
    return {
        id,
        poll: async () => {
            const { response } = await (0,call/* callTcss */.E)(context, {
                ...status,
                debug: ({ response: answer }) => `${status.action} ${id}: Status ${String(answer.Status)}, Schedule ${String(answer.Schedule)}`
            });
            return taskState(response.Status, response.Schedule);
        }
    };
}

// EXTERNAL MODULE: ./src/core/calendar-date.ts
var calendar_date = __webpack_require__(9082);
;// CONCATENATED MODULE: ./src/sources/tcss/scan-times.ts

/**
 * The service's time strings as instants. TCSS writes times either as ISO
 * 8601 with a zone (`2026-11-20T10:00:00Z`, `…+08:00`) or as
 * `YYYY-MM-DD HH:MM:SS` without one; the console shows the latter in China
 * Standard Time, so such a time is read as UTC+8 (not verified live).
 * Anything else is no time at all (undefined), never "now" or "long ago",
 * and so is a day the month does not have (`2026-02-30`), which Date.parse
 * would carry into the next month.
 */
function parseServiceTime(value) {
    if (typeof value !== 'string')
        return undefined;
    const text = value.trim();
    // Both shapes begin with the date.
    if (!(0,calendar_date/* isCalendarDate */.t)(text.slice(0, 10)))
        return undefined;
    const plain = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(text);
    if (plain) {
        const parsed = Date.parse(`${text.replace(' ', 'T')}+08:00`);
        return Number.isNaN(parsed) ? undefined : parsed;
    }
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(text))
        return undefined;
    const parsed = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isNaN(parsed) ? undefined : parsed;
}

;// CONCATENATED MODULE: ./src/sources/tcss/local-image.ts
/**
 * Local images (hosts and cluster nodes that run the TCSS agent) behind the
 * FoundImage interface: status and findings from DescribeAssetImageVirusList
 * (ScanReader), authorization and scan time from DescribeAssetImageDetail,
 * scans on demand through CreateAssetImageScanTask + DescribeAssetImageScanStatus.
 */








class LocalImage {
    options;
    identity;
    key;
    imageId;
    label;
    scanHint;
    reader;
    firstPage;
    /**
     * The ScanTime that made the last "scanned" read fresh: the findings are
     * judged only when the image still shows it after paging.
     */
    snapshotTime;
    /** The detail read last for a scan time, for the authorization asked next. */
    lastDetail;
    constructor(options, label) {
        this.options = options;
        this.imageId = options.imageId;
        this.identity = { kind: 'local', label, id: options.imageId };
        this.key = (0,image_identity/* imageKey */.p2)(this.identity);
        this.label = (0,image_identity/* nameOfImage */.qM)(this.identity);
        this.reader = new ScanReader({ ...options, name: this.label });
        this.scanHint = (say) => `start a virus scan of ${label} in the TCSS console (Asset management → Images → Scan), or set ${say.given(constants/* Inputs */.G0.Scan, 'if-not-scanned')} (the key then needs tcss:CreateAssetImageScanTask and tcss:DescribeAssetImageScanStatus).`;
    }
    get lastStatus() {
        return this.reader.lastStatus;
    }
    get log() {
        return this.options.log;
    }
    /**
     * The status from page one of the list; with `withScanTime`, the scan time
     * from DescribeAssetImageDetail read first, so that a page that shows
     * status 2 after it is of that scan or a newer one, never an older one.
     * readFindings then reads the scan time again after paging.
     */
    async readStatus(withScanTime) {
        const detail = withScanTime ? await this.readDetail() : undefined;
        this.lastDetail = detail;
        const page = await this.reader.readStatusPage();
        this.firstPage = page.status === 2 ? page : undefined;
        const status = STATUS_NAMES[page.status];
        if (!detail) {
            this.snapshotTime = undefined;
            return { status };
        }
        const text = typeof detail.ScanTime === 'string' ? detail.ScanTime : '';
        this.snapshotTime = status === 'scanned' ? text : undefined;
        return { status, scanTime: parseServiceTime(text) };
    }
    async readScanTime() {
        const detail = await this.readDetail();
        this.lastDetail = detail;
        return parseServiceTime(detail.ScanTime);
    }
    async readAuthorization() {
        // IsAuthorized from the detail read just before, if any: it does not change within a run.
        const detail = this.lastDetail ?? (await this.readDetail());
        this.lastDetail = undefined;
        return {
            authorized: (0,tcss_response/* readAuthorized */.WE)(detail.IsAuthorized),
            scanVirusError: typeof detail.ScanVirusError === 'string' ? detail.ScanVirusError : ''
        };
    }
    startScan() {
        const { api, imageId } = this.options;
        return startScanTask(this.options, {
            create: {
                action: 'CreateAssetImageScanTask',
                about: `for ${imageId}`,
                // Exactly this image, the virus scan only; ScanScope 1 = the images listed
                // (the default 0 means every authorized image of the account).
                send: (timeoutMs) => api.createAssetImageScanTask({ Images: [imageId], ScanVirus: true, ScanScope: 1 }, timeoutMs),
                reading: `the scan task for image ${this.label}`
            },
            taskId: ({ response }) => typeof response.TaskID === 'string' && response.TaskID !== '' ? response.TaskID : undefined,
            withoutTaskId: ({ response }) => `CreateAssetImageScanTask for ${imageId} answered without a TaskID (RequestId: ${String(response.RequestId ?? 'none')}).`,
            status: (id) => {
                return {
                    action: 'DescribeAssetImageScanStatus',
                    about: `for task ${id}`,
                    send: (timeoutMs) => api.describeAssetImageScanStatus({ TaskID: id }, timeoutMs),
                    reading: `the scan task ${id} for image ${this.label}`
                };
            }
        });
    }
    /**
     * Every finding of the scan last read as scanned. When that read was
     * proven fresh by its scan time, the scan time is read again after paging:
     * a scan that finished while the pages were read is a moved list, read
     * again, never judged on the pages of the scan before it.
     */
    async readFindings() {
        let expected = this.snapshotTime;
        this.snapshotTime = undefined;
        let first = this.firstPage ?? (await this.reader.waitForScan());
        this.firstPage = undefined;
        const problems = [];
        for (;;) {
            const findings = await this.reader.readAllFindings(first);
            if (expected === undefined)
                return findings;
            const after = await this.readDetail();
            const now = typeof after.ScanTime === 'string' ? after.ScanTime : '';
            if (now === expected)
                return findings;
            problems.push(`the scan time moved from ${expected || 'none'} to ${now || 'none'} while paging`);
            if (problems.length > MAX_REREADS) {
                throw new ListNeverSettledError(`The list of findings for image ${this.label}`, problems, 'judge incomplete data');
            }
            this.log.info(`The list of findings for image ${this.label} changed while it was read (${problems.at(-1)}); reading it again.`);
            // Status page after the time, as in readStatus: one scan, or a newer one.
            expected = now;
            first = await this.reader.waitForScan();
        }
    }
    async readDetail() {
        const { api, imageId } = this.options;
        const { response } = await (0,call/* callTcss */.E)(this.options, {
            action: 'DescribeAssetImageDetail',
            about: `for ${imageId}`,
            send: (timeoutMs) => api.describeAssetImageDetail({ ImageID: imageId }, timeoutMs),
            debug: ({ response: answer }) => `DescribeAssetImageDetail ${imageId}: IsAuthorized ${String(answer.IsAuthorized)}, ScanTime ${String(answer.ScanTime)}, ScanVirusError ${String(answer.ScanVirusError)}`,
            reading: `the details of image ${this.label}`
        });
        return response;
    }
}

// EXTERNAL MODULE: ./src/sources/tcss/registry-rows.ts
var registry_rows = __webpack_require__(9259);
;// CONCATENATED MODULE: ./src/sources/tcss/registry-list.ts
/**
 * The TCSS registry image list (DescribeAssetImageRegistryList), read
 * whole: every page, ordered by Id, proven complete before any row of it is
 * taken.
 */



/**
 * The registry list is paged in an explicit order: `Id`, the field of
 * ImageRepoInfo that identifies a row and never changes (not verified live
 * that the service sorts by it).
 */
const REGISTRY_LIST_ORDER = { Order: 'asc', By: 'Id' };
function readRegistryList(options) {
    const { api, requester, concurrency, log } = options;
    return readWholeList({
        requester,
        concurrency,
        log,
        what: 'the TCSS registry image list',
        title: 'The TCSS registry image list',
        noun: 'images',
        refusal: 'pick an image from incomplete data',
        fetchPage: (offset, limit) => (0,call/* callTcss */.E)(options, {
            action: 'DescribeAssetImageRegistryList',
            about: `at offset ${offset}`,
            send: (timeoutMs) => api.describeAssetImageRegistryList({ Limit: limit, Offset: offset, ...REGISTRY_LIST_ORDER }, timeoutMs),
            parse: registry_rows/* parseRegistryList */.hJ,
            debug: (page) => `DescribeAssetImageRegistryList offset ${offset}: TotalCount ${page.totalCount}, ${page.items.length} item(s), RequestId ${page.requestId || 'none'}`,
            reading: 'the TCSS registry image list'
        }),
        key: registry_rows/* rowKey */.om,
        take: (rows) => rows
    });
}

;// CONCATENATED MODULE: ./src/sources/tcss/registry-scan.ts
/**
 * One registry image (one Id of DescribeAssetImageRegistryList) behind the
 * FoundImage interface:
 *
 * - status, scan time and authorization from DescribeAssetImageRegistryDetail
 *   (VirusStatus, ScanTime, IsAuthorized, ScanVirusError);
 * - findings from DescribeAssetImageRegistryVirusList, normalised at the edge
 *   to the one Finding shape, read only between two status reads that agree;
 * - scans through CreateAssetImageRegistryScanTask +
 *   DescribeAssetImageRegistryScanStatusOneKey.
 */











/**
 * The image's virus status (VirusStatus of ImageRepoInfo and
 * DescribeAssetImageRegistryDetail). The models give no list; these are the
 * names TCSS uses for image scan states (not verified live). Any other value
 * fails closed, naming it. The overall ScanStatus is not the virus status.
 */
const REGISTRY_VIRUS_STATUS = {
    NOT_SCAN: 'not-scanned',
    // "待检测" (DescribeVulScanLocalImageListRequest's ScanStatus filter): queued, or never
    // scanned; read as not scanned and `queued`, so a scan is asked for and a refusal waited out.
    WAIT_SCAN: 'not-scanned',
    SCANNING: 'scanning',
    SCANNED: 'scanned',
    SCAN_ERR: 'error',
    SCAN_ERROR: 'error',
    SCAN_TIMEOUT: 'error',
    SCAN_CANCELED: 'canceled',
    SCAN_CANCELLED: 'canceled',
    CANCELED: 'canceled'
};
/** The scan type of CreateAssetImageRegistryScanTask that asks for the virus scan (not verified live). */
const REGISTRY_VIRUS_SCAN_TYPE = 'VIRUS';
/**
 * A registry ImageVirus row in the one Finding shape, through the local
 * row's reader: FileMd5 and FileSize are its Md5 and Size, RiskLevel comes as
 * a numeric string (a value that is no level is left out, so the finding is
 * unknown and judged critical), and paths are made to start with `/`.
 */
function registryFinding(row) {
    const risk = row.RiskLevel;
    const numeric = typeof risk === 'number'
        ? risk
        : typeof risk === 'string' && /^\s*[0-9]+\s*$/.test(risk)
            ? Number(risk)
            : null;
    const path = typeof row.Path === 'string' ? row.Path : '';
    return toFinding({
        ...row,
        Md5: row.FileMd5,
        Size: row.FileSize,
        RiskLevel: numeric !== null && (0,core_levels/* levelOfRisk */.TI)(numeric) !== 'unknown' ? numeric : null,
        Path: path === '' || path.startsWith('/') ? path : `/${path}`
    });
}
/** One page of DescribeAssetImageRegistryVirusList, each row in the one Finding shape. */
function parseRegistryVirusList(raw) {
    const reply = (0,tcss_response/* readReply */.Xw)('DescribeAssetImageRegistryVirusList', raw);
    const items = (0,tcss_response/* readList */.LD)(reply).map(registryFinding);
    return {
        totalCount: (0,tcss_response/* readTotalCount */.Ub)(reply.response.TotalCount, reply),
        items,
        requestId: reply.requestId
    };
}
/** One registry image (one Id). */
class RegistryImage {
    row;
    options;
    identity;
    key;
    imageId;
    label;
    scanHint;
    lastStatus;
    /** The status read last, when scanned: the "before" of the next read of the findings. */
    scannedDetail;
    constructor(row, reference, options) {
        this.row = row;
        this.options = options;
        this.identity = { kind: 'registry', label: reference.text, id: String(row.id) };
        this.key = (0,image_identity/* imageKey */.p2)(this.identity);
        this.imageId = /^sha256:[0-9a-f]{64}$/i.test(row.imageId) ? row.imageId : '';
        this.label = (0,image_identity/* nameOfImage */.qM)(this.identity);
        this.scanHint = (say) => `start a virus scan of it in the TCSS console (Asset management → Images → Registry images → Scan), turn on the namespace's automatic scan, or set ${say.given(constants/* Inputs */.G0.Scan, 'if-not-scanned')} (the key then needs tcss:CreateAssetImageRegistryScanTask and tcss:DescribeAssetImageRegistryScanStatusOneKey).`;
    }
    async readStatus() {
        const detail = await this.readDetail();
        this.scannedDetail = detail.status === 'scanned' ? detail : undefined;
        const queued = typeof detail.rawStatus === 'string' && detail.rawStatus.toUpperCase() === 'WAIT_SCAN';
        return { status: detail.status, scanTime: detail.scanTime, ...(queued ? { queued } : {}) };
    }
    async readScanTime() {
        return (await this.readDetail()).scanTime;
    }
    async readAuthorization() {
        if (this.row.authorized === false)
            return { authorized: false, scanVirusError: '' };
        const detail = await this.readDetail();
        return { authorized: detail.authorized, scanVirusError: detail.scanVirusError };
    }
    startScan() {
        const { api } = this.options;
        const id = this.row.id;
        if (this.row.authorized === false) {
            // Listed as unauthorized: the task would be refused; say so without a write.
            return Promise.reject(new AlreadyScanningError(`registry image Id ${id} is listed with IsAuthorized 0`));
        }
        return startScanTask(this.options, {
            create: {
                action: 'CreateAssetImageRegistryScanTask',
                about: `for Id ${id}`,
                send: (timeoutMs) => api.createAssetImageRegistryScanTask({ Id: [id], ScanType: [REGISTRY_VIRUS_SCAN_TYPE] }, timeoutMs),
                reading: `the scan task for registry image Id ${id}`
            },
            // The API reference's example answers with a RequestId only.
            taskId: ({ response }) => typeof response.TaskID === 'number' && Number.isSafeInteger(response.TaskID)
                ? String(response.TaskID)
                : undefined,
            withoutTaskId: ({ response }) => `CreateAssetImageRegistryScanTask for registry image Id ${id} answered without a TaskID (${JSON.stringify(response.TaskID) ?? 'none'}).`,
            status: (taskId) => {
                return {
                    action: 'DescribeAssetImageRegistryScanStatusOneKey',
                    about: `for task ${taskId}`,
                    send: (timeoutMs) => api.describeAssetImageRegistryScanStatusOneKey({ TaskID: Number(taskId), Id: [id] }, timeoutMs),
                    reading: `the scan task ${taskId}`
                };
            }
        });
    }
    /**
     * Pages the findings between two status reads. The list response carries
     * no scan status, so a read counts only when the status read before it
     * was "scanned" and the one after it is the same status with the same scan
     * time: a scan that restarted or finished in between is a moved list.
     */
    readFindings() {
        const { api, requester, concurrency, log } = this.options;
        const id = this.row.id;
        const scanned = this.scannedDetail;
        this.scannedDetail = undefined;
        // No explicit order can be asked for: only a read proven complete is taken.
        return readWholeList({
            requester,
            concurrency,
            log,
            what: `the findings of ${this.label}`,
            title: `The list of findings for ${this.label}`,
            noun: 'findings',
            refusal: 'judge incomplete data',
            fetchPage: (offset, limit) => (0,call/* callTcss */.E)(this.options, {
                action: 'DescribeAssetImageRegistryVirusList',
                about: `at offset ${offset}`,
                // The model has no Order/By for this list; none is sent.
                send: (timeoutMs) => api.describeAssetImageRegistryVirusList({ Id: id, Limit: limit, Offset: offset }, timeoutMs),
                parse: parseRegistryVirusList,
                debug: (page) => `DescribeAssetImageRegistryVirusList Id ${id} offset ${offset}: TotalCount ${page.totalCount}, ${page.items.length} item(s), RequestId ${page.requestId || 'none'}`,
                reading: `the findings of ${this.label}`
            }),
            key: findingKey,
            around: async (pages, attempt) => {
                const start = (attempt === 0 ? scanned : undefined) ?? (await this.readDetail());
                if (start.status !== 'scanned') {
                    return { moved: `the virus status was ${this.statusText(start)} before paging` };
                }
                const read = await pages();
                const after = await this.readDetail();
                const moved = after.status !== 'scanned' ||
                    after.rawStatus !== start.rawStatus ||
                    after.scanTimeText !== start.scanTimeText;
                return moved
                    ? {
                        moved: `the virus status moved from ${this.statusText(start)} to ${this.statusText(after)} while paging`
                    }
                    : { read };
            },
            take: mergeFindings
        });
    }
    statusText(detail) {
        return `${JSON.stringify(detail.rawStatus) ?? 'missing'}${detail.scanTimeText ? ` (scan time ${detail.scanTimeText})` : ''}`;
    }
    async readDetail() {
        const { api } = this.options;
        const id = this.row.id;
        const { response, requestId } = await (0,call/* callTcss */.E)(this.options, {
            action: 'DescribeAssetImageRegistryDetail',
            about: `for Id ${id}`,
            send: (timeoutMs) => api.describeAssetImageRegistryDetail({ Id: id }, timeoutMs),
            debug: ({ response: answer, requestId: request }) => `DescribeAssetImageRegistryDetail Id ${id}: VirusStatus ${String(answer.VirusStatus)}, ScanTime ${String(answer.ScanTime)}, IsAuthorized ${String(answer.IsAuthorized)}, RequestId ${request || 'none'}`,
            reading: `the status of ${this.label}`
        });
        const rawStatus = response.VirusStatus;
        const status = typeof rawStatus === 'string' ? REGISTRY_VIRUS_STATUS[rawStatus.toUpperCase()] : undefined;
        if (status === undefined) {
            this.lastStatus = 'error';
            throw new errors/* ScanError */.sC(`TCSS returned VirusStatus ${JSON.stringify(rawStatus) ?? 'missing'} for ${this.label}, a value this gate does not know (expected one of ${Object.keys(REGISTRY_VIRUS_STATUS).join(', ')}); failing closed (RequestId: ${requestId || 'none'}).`, 'error');
        }
        this.lastStatus = status;
        const scanTimeText = typeof response.ScanTime === 'string' ? response.ScanTime : '';
        return {
            status,
            rawStatus,
            scanTimeText,
            scanTime: parseServiceTime(scanTimeText),
            authorized: (0,tcss_response/* readAuthorized */.WE)(response.IsAuthorized),
            scanVirusError: typeof response.ScanVirusError === 'string' ? response.ScanVirusError : ''
        };
    }
}

;// CONCATENATED MODULE: ./src/sources/tcss/registry-image.ts
/**
 * Registry images (TCR/CCR or another registry connected to TCSS): the
 * images a `registry-image` reference names, found through the registry
 * list (registry-list.ts: every page, ordered by Id, exact repository
 * address plus tag or digest; look-alikes are never taken), after a
 * registry asset sync when `scan` allows writes (registry-sync.ts). Each
 * image found is a RegistryImage (registry-scan.ts).
 */






/** Whether `row` is the index row of `push` and TCSS scanned this very platform under it. */
function isIndexRowOf(row, repository, push) {
    return (!row.unproven &&
        row.repository === repository &&
        row.digest === push.indexDigest &&
        push.configDigest !== '' &&
        row.imageId.toLowerCase() === push.configDigest);
}
/** What TCSS lists of the push besides this platform, for the messages of a platform not listed. */
function pushNote(listed, repository, push) {
    const index = listed.filter((row) => !row.unproven && row.repository === repository && row.digest === push.indexDigest);
    const rows = index.map((row) => `the index digest as Id ${row.id} (ImageId ${row.imageId || 'none'}, not this platform's config ${push.configDigest || 'unknown'}), not taken for ${push.platform}`);
    return (`${push.platform} is one platform of the multi-platform image ${push.of} (index ${push.indexDigest}: ${push.platforms.join(', ')})` +
        (rows.length > 0 ? `; TCSS lists ${rows.join('; ')}` : '') +
        '. TCSS may list a multi-platform push one row per platform, as one row under the index digest, or one platform only (open fact multiPlatformListing, docs/registry-images.md); the gate never passes a platform TCSS has not scanned. To gate only some platforms, set platforms (e.g. linux/amd64)');
}
/**
 * The registry images `reference` names, waiting (within wait-timeout) for
 * TCSS to list one. Rows with the same Id are one image. Several Ids fail
 * closed, listing them, unless they share one ImageDigest: then each is gated.
 * With `push`, the reference is one platform of an image index (see
 * PushedPlatformOf).
 */
async function findRegistryImages(reference, options) {
    const { clock, requester, pollIntervalMs, log, push } = options;
    let similar = [];
    let pushed = '';
    const rows = await pollUntil({ clock, deadline: requester.deadline, pollIntervalMs, log }, async () => {
        const listed = await readRegistryList(options);
        const found = listed.filter((row) => (0,registry_rows/* matches */.cK)(row, reference) ||
            (push !== undefined && isIndexRowOf(row, reference.repository, push)));
        if (found.length > 0)
            return { done: true, value: found };
        pushed = push ? pushNote(listed, reference.repository, push) : '';
        similar = (0,registry_rows/* similarRows */.hx)(listed, reference);
        // The list is read on every poll; the sync is asked for once and followed beside it.
        if (options.scan !== 'never')
            await options.sync.step();
        return {
            done: false,
            waiting: `Registry image ${reference.text} is not listed by TCSS yet (${similar.length > 0 ? `similar, not taken: ${similar.join(', ')}` : 'nothing similar listed'}${options.sync.note ? `; ${options.sync.note}` : ''})${pushed ? `. ${pushed}.` : ''}`
        };
    }, (waited) => new errors/* ScanError */.sC((say) => `Timed out after ${waited} s waiting for registry image ${reference.text} to appear in TCSS: DescribeAssetImageRegistryList lists no image with exactly that repository address and ${reference.digest ? 'digest' : 'tag'}` +
        (similar.length > 0 ? ` (similar, not taken: ${similar.join(', ')})` : '') +
        (options.sync.note
            ? ` (${options.sync.note})`
            : options.scan === 'never'
                ? ` (${say.given(constants/* Inputs */.G0.Scan, 'never')}, so the gate did not ask TCSS to sync the registry)`
                : '') +
        (pushed
            ? `. ${pushed}.`
            : `. Check that the registry is connected to TCSS and the reference is as the console shows it, or raise ${say.plain(constants/* Inputs */.G0.WaitTimeout)}.`), 'timeout'));
    const byId = new Map();
    for (const row of rows)
        if (!byId.has(row.id))
            byId.set(row.id, row);
    const images = [...byId.values()].sort((a, b) => a.id - b.id);
    const digests = new Set(images.map((row) => row.digest));
    if (images.length > 1 && (digests.size !== 1 || digests.has(''))) {
        const shown = images
            .slice(0, 10)
            .map((row) => `Id ${row.id} (digest ${row.digest || 'none'}${row.scanTime ? `, scanned ${row.scanTime}` : ''})`);
        throw new errors/* AmbiguousImageError */.EW((say) => `Registry image ${reference.text} matches ${images.length} different TCSS registry images: ${shown.join('; ')}${images.length > 10 ? ` and ${images.length - 10} more` : ''}. The gate does not guess which one ${say.pipeline} pushed: gate it by digest (HOST/NAMESPACE/NAME@sha256:…).`, images.map((row) => String(row.id)));
    }
    for (const row of images) {
        const asIndex = push !== undefined && row.digest === push.indexDigest;
        log.info(`Registry image ${reference.text} is TCSS registry image Id ${row.id}${row.digest ? ` (digest ${row.digest})` : ''}${asIndex ? `: TCSS lists the image index ${push.of} as one image whose ImageId is this platform's config digest, so that row is what TCSS scanned of ${push.platform}` : ''}.`);
    }
    return images.map((row) => new RegistryImage(row, reference, options));
}

// EXTERNAL MODULE: ./src/sources/tcss/image-list.ts
var image_list = __webpack_require__(6658);
;// CONCATENATED MODULE: ./src/sources/tcss/resolve-image.ts








/**
 * The image list is paged in an explicit order (its default order is
 * undocumented, and pages read in an order that changes between requests
 * overlap and skip images). `ImageID` is the field of ImagesInfo that
 * identifies an image and never changes; names, times and counts tie or
 * change as images are pulled and scanned.
 */
const IMAGE_LIST_ORDER = { Order: 'asc', By: 'ImageID' };
/** Candidates and ignored names named in a message, at most. */
const MAX_LISTED = 10;
/**
 * Finds the TCSS ImageID of an image given by `name:tag`.
 *
 * DescribeAssetImageList is asked for the images whose ImageName matches the
 * repository part of the name and, when that lists no exact match, `name:tag`
 * itself (whether the filter matches loosely, exactly on the name, or exactly
 * on the whole reference is undocumented); every page is read, and only
 * entries whose `name:tag` equals the wanted one exactly are taken. None: the image is not known yet, so it polls until the deadline.
 * One ImageID: that is the image. Several ImageIDs: the name is ambiguous and
 * the gate fails rather than guess.
 */
class ImageResolver {
    options;
    constructor(options) {
        this.options = options;
    }
    async resolve(name) {
        const { clock, pollIntervalMs, requester, log } = this.options;
        let similar = [];
        return pollUntil({ clock, deadline: requester.deadline, pollIntervalMs, log }, async () => {
            // The ImageName filter's matching is undocumented (AssetFilters.ExactMatch has no
            // stated default): the repository finds the image under a loose match or an exact
            // one on the name alone; `name:tag` under an exact one on the whole reference.
            const { repository } = (0,image_reference/* splitReference */.mQ)(name);
            let listed = await this.readList(name, repository);
            const exact = (items) => items.filter((item) => item.reference === name && (0,image_reference/* isPlausibleImageId */.wv)(item.imageId));
            if (exact(listed).length === 0 && repository !== name) {
                listed = [...listed, ...(await this.readList(name, name))];
            }
            const matches = distinctById(exact(listed));
            if (matches.length > 1)
                throw ambiguous(name, matches);
            if (matches.length === 1) {
                const [image] = matches;
                const resolved = {
                    name,
                    imageId: image.imageId,
                    scanTime: image.scanTime,
                    createTime: image.createTime,
                    hostCount: image.hostCount
                };
                log.info(`Image ${name} is TCSS ImageID ${resolved.imageId}${imageDetails(image)}.`);
                return { done: true, value: resolved };
            }
            similar = similarNames(listed);
            return {
                done: false,
                waiting: `Image ${name} is not known to TCSS yet (${similar.length > 0 ? `similar names listed, not taken: ${similar.join(', ')}` : 'no similar name listed'})`
            };
        }, (waited) => new errors/* ScanError */.sC((say) => `Timed out after ${waited} s waiting for image ${name} to appear in TCSS: DescribeAssetImageList lists no image named exactly ${name}` +
            (similar.length > 0
                ? ` (similar names listed, not taken: ${similar.join(', ')})`
                : '') +
            `. Check the name and tag as the TCSS console shows them and that TCSS covers the host or registry holding the image, raise ${say.plain(constants/* Inputs */.G0.WaitTimeout)}, or pass the ImageID as ${say.plain(constants/* Inputs */.G0.ImageId)}.`, 'timeout'));
    }
    /**
     * Every entry the ImageName filter `filter` lists (the repository part of
     * `name`, or `name` itself), however the service matches it. A read is
     * complete only when every page had the first page's TotalCount and the
     * expected length, and the distinct entries (ImageID, ImageName, ImageTag)
     * read number exactly TotalCount: a shortfall means pages overlapped and
     * an entry may have been skipped, which could hide the second build of an
     * ambiguous name. An incomplete read is read again; a list that never
     * reads complete fails closed.
     */
    readList(name, filter) {
        const { requester, concurrency, log } = this.options;
        return readWholeList({
            requester,
            concurrency,
            log,
            what: `the TCSS image list for ${filter}`,
            title: `The TCSS image list for ${filter}`,
            noun: 'images',
            refusal: 'pick an image from incomplete data',
            fetchPage: (offset) => this.fetchPage(filter, name, offset),
            key: listedKey,
            // Every page holds PAGE_SIZE entries, and every entry is listed once.
            shiftBoundaries: false,
            readProblem: (read) => {
                const distinct = read.rowsByKey.size;
                if (!read.complete || read.overlapping > 0)
                    return read.why;
                return distinct !== read.totalCount
                    ? `${distinct} distinct entries were read where TotalCount is ${read.totalCount}, so pages overlapped`
                    : '';
            },
            take: (rows) => rows
        });
    }
    fetchPage(repository, name, offset) {
        const { api } = this.options;
        return (0,call/* callTcss */.E)(this.options, {
            action: 'DescribeAssetImageList',
            about: `at offset ${offset}`,
            send: (timeoutMs) => api.describeAssetImageList({
                Filters: [{ Name: 'ImageName', Values: [repository] }],
                Limit: constants/* PAGE_SIZE */.md,
                Offset: offset,
                ...IMAGE_LIST_ORDER
            }, timeoutMs),
            parse: (raw) => {
                const page = (0,image_list/* parseImageListResponse */.e)(raw);
                // An entry the gate would take must carry a usable ImageID; anything else is a broken answer.
                const broken = page.items.find((item) => item.reference === name && !(0,image_reference/* isPlausibleImageId */.wv)(item.imageId));
                if (broken) {
                    throw new retry/* TransientError */.N_(`malformed DescribeAssetImageList response: the entry named ${name} has ImageID ${JSON.stringify(broken.imageId) ?? 'missing'} (RequestId: ${page.requestId || 'none'})`);
                }
                return page;
            },
            debug: (page) => `DescribeAssetImageList ImageName~${repository} offset ${offset}: TotalCount ${page.totalCount}, ${page.items.length} item(s), RequestId ${page.requestId || 'none'}`,
            reading: `the TCSS image list for ${name}`
        });
    }
}
/** Identity of one entry of the image list. */
function listedKey(item) {
    return JSON.stringify([item.imageId, item.name, item.tag]);
}
function distinctById(items) {
    const byId = new Map();
    for (const item of items)
        if (!byId.has(item.imageId))
            byId.set(item.imageId, item);
    // A stable order for messages: most recently scanned first, then by ID.
    return [...byId.values()].sort((a, b) => b.scanTime.localeCompare(a.scanTime) || a.imageId.localeCompare(b.imageId));
}
function imageDetails(image) {
    const parts = [];
    if (image.scanTime)
        parts.push(`last scanned ${image.scanTime}`);
    if (image.hostCount !== null)
        parts.push(`on ${image.hostCount} host(s)`);
    return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
function ambiguous(name, matches) {
    const ids = matches.map((image) => image.imageId);
    const shown = matches
        .slice(0, MAX_LISTED)
        .map((image) => `${image.imageId}${imageDetails(image)}`);
    const more = matches.length > MAX_LISTED ? ` and ${matches.length - MAX_LISTED} more` : '';
    return new errors/* AmbiguousImageError */.EW((say) => `Image ${name} matches ${matches.length} different TCSS images (the same name:tag holds different builds on different hosts or registries): ${shown.join('; ')}${more}. ` +
        `The gate does not guess which one ${say.pipeline} built: pass the ImageID of the right one as ${say.plain(constants/* Inputs */.G0.ImageId)}, or push a tag that names a single build (such as the commit SHA).`, ids);
}
/** Distinct names the service listed for the loose match, for messages. */
function similarNames(items) {
    const names = [...new Set(items.map((item) => item.reference ?? item.name).filter(Boolean))];
    return names.length > MAX_LISTED
        ? [...names.slice(0, MAX_LISTED), `${names.length - MAX_LISTED} more`]
        : names;
}

;// CONCATENATED MODULE: ./src/gate/images.ts
/**
 * Gating the images of a run: each target found through its family (local
 * images by ImageID or name, registry images by digest, one result per
 * platform of an image index), each image scanned and read once, its
 * findings judged by the policy.
 */













/**
 * Gates every image, all at once. An image that another target of the step
 * already gates (the same ImageID, or the same registry image) is read
 * once: its entry points to the other (sameAs) and repeats its verdict.
 * Targets whose sets of images only overlap (a tag that names one Id, a
 * digest that names it and another) share the scan of each image they have
 * in common, so no image gets a second scan task.
 */
function gateImages(targets, context) {
    const reads = new Map();
    /** Each image once, by key: its first instance and its one scan-and-read. */
    const scans = new Map();
    const judgeOnce = (found, name) => {
        found = found.map((item) => {
            const seen = scans.get(item.key);
            if (seen)
                return seen.item;
            scans.set(item.key, { item });
            return item;
        });
        const image = {
            imageId: found.map((item) => item.imageId).find(Boolean) ?? '',
            imageName: name,
            identities: found.map((item) => item.identity)
        };
        const key = found.map((item) => item.key).join(' ');
        const earlier = reads.get(key);
        if (earlier) {
            context.log.info(`Image ${(0,core_result/* imageLabel */.ec)(image)} is the image ${earlier.label} already names; it is read and judged once.`);
            return earlier.result.then((other) => ({
                ...image,
                scanStatus: other.scanStatus,
                verdict: other.verdict,
                reason: `The same ${found[0]?.identity.kind === 'registry' ? 'registry image' : 'ImageID'} as ${earlier.label}, judged there: ${other.reason}`,
                sameAs: earlier.label
            }));
        }
        const result = readAndJudge(image, found, context, scans);
        reads.set(key, { label: (0,core_result/* imageLabel */.ec)(image), result });
        return result;
    };
    return Promise.all(targets.map(async (target) => {
        let units;
        try {
            units = await unitsOf(target, context);
        }
        catch (error) {
            const reason = notFoundHint(target, error, context.say ?? errors/* ACTION_VOCABULARY */.qA);
            return [
                failed({ imageId: '', imageName: targetName(target) }, reason, undefined, context.say)
            ];
        }
        return Promise.all(units.map(async (unit) => {
            let found;
            try {
                found = await unit.find();
            }
            catch (error) {
                const reason = notFoundHint(target, error, context.say ?? errors/* ACTION_VOCABULARY */.qA);
                return failed({ imageId: '', imageName: unit.name }, reason, undefined, context.say);
            }
            return judgeOnce(found, unit.name);
        }));
    })).then((results) => results.flat());
}
/**
 * The image results a target stands for. A registry image is first read from
 * its registry: a single-platform manifest is one result, found in TCSS by
 * its digest (so a tag that moved never takes an older row); an image index
 * is one result per platform (narrowed by `platforms`), each labelled with
 * its platform and found by its platform manifest's digest, or as the index
 * row TCSS scanned it as (the row's ImageId is that platform's config digest).
 */
async function unitsOf(target, context) {
    const reference = target.registryImage;
    if (reference === undefined) {
        return [{ name: targetName(target), find: () => findImages(target, context) }];
    }
    const pushed = await context.registry.read(reference);
    const registryOptions = {
        ...findOptions(context),
        scan: context.scan,
        sync: context.registrySync
    };
    if (!pushed.index) {
        const byDigest = { ...reference, digest: pushed.digest };
        return [{ name: reference.text, find: () => findRegistryImages(byDigest, registryOptions) }];
    }
    const platforms = chosenPlatforms(reference, pushed, context);
    return platforms.map((platform) => {
        const text = `${reference.repository}@${platform.digest} (${platform.platform})`;
        const byDigest = {
            repository: reference.repository,
            digest: platform.digest,
            text
        };
        return {
            name: text,
            find: () => findRegistryImages(byDigest, {
                ...registryOptions,
                push: {
                    of: reference.text,
                    indexDigest: pushed.digest,
                    platform: platform.platform,
                    configDigest: platform.configDigest,
                    platforms: pushed.platforms.map((each) => each.platform)
                }
            })
        };
    });
}
/** The platforms of an index to gate: all, or those `platforms` names (each must name one). */
function chosenPlatforms(reference, pushed, context) {
    if (context.platforms.length === 0)
        return pushed.platforms;
    const say = context.say ?? errors/* ACTION_VOCABULARY */.qA;
    const listed = pushed.platforms.map((platform) => platform.platform);
    const missing = context.platforms.filter((wanted) => !listed.some((platform) => (0,targets/* platformMatches */.J5)(wanted, platform)));
    if (missing.length > 0) {
        throw new RegistryReadError(`Registry image ${reference.text} has no platform ${missing.join(', ')}: its image index ${pushed.digest} holds ${listed.join(', ')}. ${say.Setting(constants/* Inputs */.G0.Platforms)} names platforms to gate; each must be one the image has.`);
    }
    const chosen = pushed.platforms.filter((platform) => context.platforms.some((wanted) => (0,targets/* platformMatches */.J5)(wanted, platform.platform)));
    const left = listed.filter((platform) => !chosen.some((each) => each.platform === platform));
    context.log.info(`Gating ${chosen.map((platform) => platform.platform).join(', ')} of ${reference.text} as ${say.plain(constants/* Inputs */.G0.Platforms)} says${left.length > 0 ? `; not gated: ${left.join(', ')}` : ''}.`);
    return chosen;
}
function findOptions(context) {
    return {
        api: context.api,
        requester: context.requester,
        clock: context.clock,
        pollIntervalMs: context.pollIntervalMs,
        concurrency: context.concurrency,
        log: context.log
    };
}
/**
 * A `name:tag` that names a registry host and is not found among the local
 * images may well be an image a job has just pushed: a registry image, which
 * the local family never lists. The time-out says so; any other error is
 * returned as it is.
 */
function notFoundHint(target, error, say) {
    const host = target.imageName === undefined ? undefined : (0,image_reference/* registryHostOf */.pY)(target.imageName);
    if (host === undefined || !(error instanceof errors/* ScanError */.sC) || error.scanStatus !== 'timeout')
        return error;
    return new errors/* ScanError */.sC(`${error.message} ${target.imageName} names the registry ${host}, and ${say.setting(constants/* Inputs */.G0.Image)} looks up local images only (images on hosts and cluster nodes that run the TCSS agent). ` +
        `An image a CI job has just pushed is a registry image: gate it with ${say.setting(constants/* Inputs */.G0.RegistryImage)} (by digest where the build gives one).`, error.scanStatus);
}
/** The name an image is shown under: its `image` or `registry-image` value. */
function targetName(target) {
    return target.imageName ?? target.registryImage?.text;
}
/** The images a target stands for, found through its family. */
async function findImages(target, context) {
    const options = findOptions(context);
    if (target.imageName === undefined) {
        const imageId = target.imageId ?? '';
        return [new LocalImage({ ...options, imageId }, imageId)];
    }
    const resolver = new ImageResolver(options);
    const imageId = (await resolver.resolve(target.imageName)).imageId;
    return [new LocalImage({ ...options, imageId }, target.imageName)];
}
/**
 * Waits for (or starts, as `scan` says) each image's virus scan, reads its
 * findings and judges them. Several images under one registry reference
 * share one digest: their findings are judged together, so the target
 * fails if any of them would.
 */
async function readAndJudge(image, found, context, scans) {
    const flow = {
        requester: context.requester,
        clock: context.clock,
        pollIntervalMs: context.pollIntervalMs,
        scan: context.scan,
        log: context.log,
        say: context.say
    };
    try {
        const rows = [];
        for (const item of found) {
            const scan = scans.get(item.key) ?? { item };
            scan.findings ??= readScannedFindings(item, flow);
            scans.set(item.key, scan);
            rows.push(...(await scan.findings));
        }
        const findings = found.length > 1 ? mergeFindings(rows) : rows;
        const evaluation = evaluatePolicy(findings, context.policy, context.today);
        return {
            ...image,
            scanStatus: 'scanned',
            verdict: evaluation.verdict,
            reason: evaluation.reason,
            evaluation
        };
    }
    catch (error) {
        const last = found.map((item) => item.lastStatus).find((status) => status !== 'scanned');
        return failed(image, error, last ?? found[0]?.lastStatus, context.say);
    }
}
function failed(image, error, lastStatus, say) {
    const failure = toFailure(error, say);
    if (!failure)
        throw error;
    return {
        ...image,
        scanStatus: error instanceof errors/* ScanError */.sC ? error.scanStatus : lastStatus,
        verdict: 'fail',
        reason: failure.message,
        failure
    };
}

;// CONCATENATED MODULE: ./src/gate/judge.ts









/**
 * Reads and judges every target of the step under one requester (one rate
 * limit, one retry budget, one deadline) and returns the result every sink
 * renders. Throws only for what stops the step before a verdict (credentials
 * that cannot be had, a bug); a target that cannot be read fails on its own.
 */
async function judge(settings, policy, deps) {
    const { clock, log } = deps;
    const started = clock.now();
    const deadline = started + settings.waitTimeoutMs;
    // A hung request must not eat the whole wait: a quarter of it, 2 to 30 s.
    const requestTimeoutMs = Math.min(30_000, Math.max(2_000, settings.waitTimeoutMs / 4));
    const credentials = await resolveCredentials(settings.credentialSource, {
        ...deps.credentialIo,
        clock,
        random: deps.random,
        deadline,
        requestTimeoutMs,
        log
    });
    const api = deps.createApi(settings, credentials);
    const requester = new cloud_requester/* ApiRequester */.N({
        limiter: new rate_limiter/* RateLimiter */.v$(settings.maxRps, clock, deadline),
        maxRps: settings.maxRps,
        clock,
        deadline,
        requestTimeoutMs,
        retry: { ...retry/* DEFAULT_RETRY */.vI, budget: new retry/* RetryBudget */.Km(retry/* DEFAULT_RETRY */.vI.budget) },
        random: deps.random,
        log
    });
    const { images, eventIds } = settings.targets;
    // Before any call: a test-only registry mapping that is not loopback is refused here.
    const registry = new RegistryReader({
        login: settings.registryLogin,
        env: deps.env,
        log,
        requestTimeoutMs
    });
    log.info(`Gating ${describeTargets(images, eventIds)} (policy: ${policy.source}).`);
    const context = {
        api,
        requester,
        clock,
        pollIntervalMs: settings.pollIntervalMs,
        concurrency: Math.max(2, Math.ceil(settings.maxRps * 2)),
        policy,
        today: deps.today,
        log,
        say: deps.say,
        scan: settings.scan,
        platforms: settings.platforms,
        registry,
        registrySync: new RegistrySync({
            api,
            requester,
            clock,
            pollIntervalMs: settings.pollIntervalMs,
            log
        })
    };
    let imageResults;
    let events;
    try {
        ;
        [imageResults, events] = await Promise.all([
            gateImages(images, context),
            gateEvents(eventIds, context)
        ]);
    }
    finally {
        // No connection, pooled or hung, outlives the reading.
        api.close?.();
        await registry.close();
        requester.logThrottling();
    }
    return assembleResult({ images: imageResults, events }, {
        enforce: settings.enforce,
        policy,
        warnings: [...policy.warnings],
        requests: requester.requests,
        throttled: requester.throttled,
        durationMs: clock.now() - started
    });
}
/** "image sha256:… on its TCSS virus scan", or "3 image(s) and 2 runtime event(s) on …", for the first log line. */
function describeTargets(images, eventIds) {
    if (images.length === 1 && eventIds.length === 0) {
        const [image] = images;
        return `image ${image.imageName ?? image.registryImage?.text ?? image.imageId ?? ''} on its TCSS virus scan`;
    }
    const parts = [];
    if (images.length > 0)
        parts.push(`${images.length} image(s)`);
    if (eventIds.length > 0)
        parts.push(`${eventIds.length} runtime event(s)`);
    return `${parts.join(' and ')} on TCSS virus findings`;
}

// EXTERNAL MODULE: ./src/gate/paths.ts
var paths = __webpack_require__(5619);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/core/default-policy.ts
const DEFAULT_POLICY_SOURCE = 'built-in default';
function defaultPolicy() {
    return {
        source: DEFAULT_POLICY_SOURCE,
        thresholds: { critical: 0, high: 0 },
        allowlist: [],
        warnings: []
    };
}

;// CONCATENATED MODULE: ./src/gate/policy-file.ts






const MAX_POLICY_BYTES = 1024 * 1024;
/** Reads the policy named by the settings; the default path may be absent. */
async function loadPolicy(settings) {
    const display = settings.policyDisplayPath;
    let text;
    try {
        text = await readContainedFile(settings);
    }
    catch (error) {
        if (error.code === 'ENOENT') {
            if (settings.policyIsDefault) {
                // A link there that broke since the inputs were read points nowhere: an error, not "no file".
                (0,paths/* resolveContainedPath */.nI)(constants/* Inputs */.G0.Policy, display, 'read', settings.pathRoots);
                const policy = defaultPolicy();
                return {
                    policy,
                    notice: `No policy file at ${display}; using the built-in default policy (critical: 0, high: 0, no allowlist).`
                };
            }
            throw new errors/* InputError */.dz((say) => `Policy file '${display}' does not exist (${say.setting(constants/* Inputs */.G0.Policy)} is read relative to ${say.workspace}, ${settings.policyPath}).`, constants/* Inputs */.G0.Policy);
        }
        if (error instanceof errors/* InputError */.dz)
            throw error;
        const code = error.code;
        if (code === 'ELOOP') {
            throw new errors/* InputError */.dz((say) => `Policy file '${display}' became a symbolic link after it was checked (${say.setting(constants/* Inputs */.G0.Policy)}); it was not read.`, constants/* Inputs */.G0.Policy);
        }
        throw new errors/* InputError */.dz(`Cannot read the policy file '${display}': ${error.message}`, constants/* Inputs */.G0.Policy);
    }
    // The parser, and the YAML library with it, load only when there is a file to parse.
    const { parsePolicy } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(37)]).then(__webpack_require__.bind(__webpack_require__, 9037));
    return { policy: parsePolicy(text, display) };
}
/**
 * Reads the policy at its checked real path, and only if the file opened is
 * still the one a path inside the workspace names: the path is checked again,
 * opened without following a link, and the open file's identity compared with
 * the path's after the open, so a link swapped in since the settings were read is caught
 * instead of read.
 */
async function readContainedFile(settings) {
    const display = settings.policyDisplayPath;
    const recheck = () => (0,paths/* resolveContainedPath */.nI)(constants/* Inputs */.G0.Policy, settings.policyPath, 'read', settings.pathRoots).realPath;
    const moved = () => new errors/* InputError */.dz((say) => `Policy file '${display}' changed while it was read (${say.setting(constants/* Inputs */.G0.Policy)}); it was not used.`, constants/* Inputs */.G0.Policy);
    const notAFile = () => new errors/* InputError */.dz((say) => `Policy '${display}' is not a file (${say.setting(constants/* Inputs */.G0.Policy)}).`, constants/* Inputs */.G0.Policy);
    const file = recheck();
    if (file !== settings.policyPath)
        throw moved();
    // Stat first: opening a FIFO or device to find out would block.
    const before = (0,external_node_fs_.statSync)(file);
    if (!before.isFile())
        throw notAFile();
    const handle = await promises_.open(file, external_node_fs_.constants.O_RDONLY | (external_node_fs_.constants.O_NOFOLLOW ?? 0) | (external_node_fs_.constants.O_NONBLOCK ?? 0));
    try {
        const opened = await handle.stat();
        if (!opened.isFile())
            throw notAFile();
        if (opened.size > MAX_POLICY_BYTES) {
            throw new errors/* InputError */.dz(`Policy file '${display}' is ${opened.size} bytes; at most ${MAX_POLICY_BYTES} bytes are read.`, constants/* Inputs */.G0.Policy);
        }
        const again = recheck();
        if (again !== file)
            throw moved();
        const after = (0,external_node_fs_.statSync)(again);
        if (after.dev !== opened.dev || after.ino !== opened.ino)
            throw moved();
        return await handle.readFile('utf8');
    }
    finally {
        await handle.close();
    }
}

;// CONCATENATED MODULE: ./src/sinks/json-report.ts


/**
 * The JSON report: everything the summary shows, never cut.
 *
 * The top level keeps the shape of a one-image report. `imageId`,
 * `imageName`, `error`, `levels` and `findings` are those of the image when
 * the step gated exactly one image; with several images (or none) they are
 * null and each image has its own entry in `images`. `scanStatus`, `verdict`,
 * `reason`, `counts`, `violations` and `allowlisted` always describe the whole
 * step, as the outputs do: the worst scan status, and counts over every image
 * and every open runtime event. `events` is null unless `event-ids` was given.
 */
function buildJsonReport(result) {
    const sole = result.soleImage;
    const { tally } = result;
    return {
        imageId: sole ? sole.imageId || null : null,
        imageName: sole?.imageName ?? null,
        scanStatus: result.scanStatus ?? null,
        verdict: result.verdict,
        enforce: result.enforce,
        reason: result.reason,
        error: sole?.failure ?? null,
        policy: {
            source: result.policy.source,
            thresholds: result.policy.thresholds,
            allowlist: result.policy.allowlist.map(({ md5, reason, expires, paths }) => ({
                md5,
                reason,
                expires: expires ?? null,
                paths: paths ?? null
            }))
        },
        counts: tally.judged ? tally.counts : null,
        levels: sole ? levelsOf(sole.evaluation) : null,
        violations: tally.judged ? tally.violations : null,
        allowlisted: tally.judged ? tally.allowlisted : null,
        findings: sole ? findingsOf(sole.evaluation) : null,
        images: result.images.map(imageSection),
        events: result.events ? eventsSection(result.events) : null,
        allowlistHygiene: hygieneOf(result.hygiene),
        warnings: (0,core_result/* allWarnings */.hc)(result),
        requests: result.requests,
        throttled: result.throttled ?? 0,
        durationMs: Math.round(result.durationMs)
    };
}
function imageSection(image) {
    return {
        imageId: image.imageId || null,
        imageName: image.imageName ?? null,
        scanStatus: image.scanStatus ?? null,
        verdict: image.verdict,
        reason: image.reason,
        error: image.failure ?? null,
        sameAs: image.sameAs ?? null,
        counts: image.evaluation?.counts ?? null,
        levels: levelsOf(image.evaluation),
        violations: image.evaluation?.violations ?? null,
        allowlisted: image.evaluation?.allowlisted ?? null,
        findings: findingsOf(image.evaluation)
    };
}
function levelsOf(evaluation) {
    return (evaluation?.levels.map((level) => ({ ...level, threshold: level.threshold ?? null })) ?? null);
}
function findingsOf(evaluation) {
    return (evaluation?.findings ?? []).map((finding) => ({
        md5: finding.md5,
        path: finding.path,
        fileName: finding.fileName,
        virusName: finding.virusName,
        level: finding.level,
        riskLevel: finding.riskLevel,
        allowlisted: finding.allowlisted,
        allowlistReason: finding.allowlistReason ?? null,
        violation: finding.violation,
        // Rows of the service's list merged into this finding (same Md5 and Path).
        rows: finding.rows ?? 1,
        size: finding.size,
        description: finding.description,
        solution: finding.solution,
        tags: finding.tags,
        firstScanTime: finding.firstScanTime,
        latestScanTime: finding.latestScanTime
    }));
}
/** Every event in input order: open ones with their judgement, resolved ones as such, unread ones with the error. */
function eventsSection(events) {
    const { evaluation } = events;
    return {
        verdict: events.verdict,
        reason: events.reason,
        open: events.open.length,
        resolved: events.resolved.length,
        unread: events.unread.length,
        counts: evaluation.counts,
        levels: levelsOf(evaluation),
        violations: evaluation.violations,
        allowlisted: evaluation.allowlisted,
        items: events.all.map((target) => ({
            id: target.id,
            state: target.state,
            error: target.failure ?? null,
            ...(target.event ? eventFields(target.event) : {}),
            allowlisted: target.finding?.allowlisted ?? false,
            allowlistReason: target.finding?.allowlistReason ?? null,
            violation: target.finding?.violation ?? false
        }))
    };
}
function eventFields(event) {
    return {
        level: event.level,
        riskLevel: event.riskLevel,
        status: event.status,
        subStatus: event.subStatus,
        fileMd5: event.fileMd5,
        filePath: event.filePath,
        fileName: event.fileName,
        virusName: event.virusName,
        containerName: event.containerName,
        containerId: event.containerId,
        podName: event.podName,
        namespace: event.namespace,
        clusterName: event.clusterName,
        clusterId: event.clusterId,
        hostName: event.hostName,
        hostIp: event.hostIp,
        processName: event.processName,
        processPath: event.processPath,
        processId: event.processId,
        imageId: event.imageId,
        imageName: event.imageName,
        requestId: event.requestId || null,
        // Every field DescribeVirusDetail sent, as sent.
        detail: event.fields
    };
}
function hygieneOf(hygiene) {
    if (!hygiene)
        return null;
    return {
        expired: hygiene.expired.map((entry) => entry.md5),
        expiringSoon: hygiene.expiringSoon.map(({ entry, days }) => ({
            md5: entry.md5,
            expires: entry.expires,
            days
        })),
        stale: hygiene.stale.map((entry) => entry.md5)
    };
}
/** The report as written: indented JSON, secrets redacted. */
function jsonReportText(result) {
    return `${JSON.stringify(buildJsonReport(result), secrets/* redactingReplacer */.cm, 2)}\n`;
}

;// CONCATENATED MODULE: ./src/sinks/junit.ts





/** The report as written: UTF-8 XML 1.0, untrusted text escaped, secrets redacted. */
function junitXmlText(result) {
    const suites = [
        ...(0,core_result/* distinctImages */.PO)(result).map(imageSuite),
        ...(result.events ? [eventsSuite(result.events)] : [])
    ];
    // junit-10.xsd allows no `skipped` on testsuites; each testsuite has its own.
    const { tests, failures, errors } = count(suites.flatMap((suite) => suite.cases));
    const tally = { tests, failures, errors };
    const lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites${attributes({ name: constants/* TOOL_NAME */.lH, ...tally, time: seconds(result.durationMs) })}>`
    ];
    for (const suite of suites) {
        const suiteTally = count(suite.cases);
        lines.push(`  <testsuite${attributes({ name: suite.name, ...suiteTally })}>`);
        if (suite.properties.length > 0) {
            lines.push('    <properties>');
            for (const [name, value] of suite.properties)
                lines.push(`      <property${attributes({ name, value })}/>`);
            lines.push('    </properties>');
        }
        for (const testCase of suite.cases)
            lines.push(...caseLines(testCase));
        lines.push('  </testsuite>');
    }
    lines.push('</testsuites>', '');
    return lines.join('\n');
}
/**
 * The class of an image's test cases: its repository (the `image` or
 * `registry-image` value without tag or digest), else its ImageID.
 */
function imageClassname(image) {
    const reference = image.imageName;
    const repository = reference === undefined
        ? image.imageId
        : reference.includes('@')
            ? reference.slice(0, reference.indexOf('@'))
            : (0,image_reference/* splitReference */.mQ)(reference).repository;
    return classname(repository || 'image');
}
/** `tcss-virus-gate.<subject>`: a dot in the subject (a registry host's) would move Jenkins' split. */
function classname(subject) {
    return `${constants/* TOOL_NAME */.lH}.${subject.replace(/\./g, '_')}`;
}
/** A finding's case by its path; a path that holds several findings also by md5. */
function caseNames(findings, prefix) {
    const paths = findings.map((finding) => finding.path || '(no path)');
    return paths.map((path, index) => paths.indexOf(path) === paths.lastIndexOf(path)
        ? `${prefix}${path}`
        : `${prefix}${path} (md5 ${findings[index].md5 || 'none'})`);
}
function imageSuite(image) {
    const name = `image ${(0,core_result/* imageLabel */.ec)(image)}`;
    const className = imageClassname(image);
    const properties = [
        ['image-id', image.imageId],
        ['scan-status', image.scanStatus ?? ''],
        ['verdict', image.verdict]
    ];
    if (image.imageName !== undefined)
        properties.push(['image', image.imageName]);
    if (!image.evaluation) {
        const message = image.failure?.message ?? image.reason;
        return {
            name,
            properties,
            cases: [
                {
                    name: 'virus scan',
                    classname: className,
                    outcome: { kind: 'error', message, details: image.reason }
                }
            ]
        };
    }
    const { findings } = image.evaluation;
    if (findings.length === 0) {
        return {
            name,
            properties,
            cases: [
                {
                    name: 'virus scan',
                    classname: className,
                    outcome: { kind: 'passed', output: image.reason }
                }
            ]
        };
    }
    const names = caseNames(findings, '');
    return {
        name,
        properties,
        cases: findings.map((finding, index) => findingCase(finding, names[index], className))
    };
}
const EVENTS_CLASSNAME = classname('runtime-events');
function eventsSuite(events) {
    const cases = events.all.map((item) => {
        if (item.state === 'unread' || !item.event) {
            const message = item.failure?.message ?? 'The event could not be read.';
            return {
                name: `event ${item.id}`,
                classname: EVENTS_CLASSNAME,
                outcome: { kind: 'error', message, details: message }
            };
        }
        if (item.state === 'resolved' || !item.finding) {
            return {
                name: `event ${item.id}`,
                classname: EVENTS_CLASSNAME,
                outcome: {
                    kind: 'passed',
                    output: `Resolved (status ${item.event.status ?? 'null'}); resolved events are not judged.`
                }
            };
        }
        return findingCase(item.finding, `event ${item.id}: ${item.finding.path || '(no path)'}`, EVENTS_CLASSNAME);
    });
    return {
        name: 'runtime events',
        properties: [['verdict', events.verdict]],
        cases
    };
}
function findingCase(finding, name, className) {
    const level = (0,core_levels/* levelName */.C1)(finding.level);
    const what = `${level} ${finding.virusName || '(unnamed)'} in ${finding.path || '(no path)'} (md5 ${finding.md5 || 'none'})`;
    if (finding.violation) {
        return {
            name,
            classname: className,
            outcome: {
                kind: 'failure',
                message: `${what} breaks the policy`,
                details: [
                    `level: ${level}`,
                    `path: ${finding.path}`,
                    `virus: ${finding.virusName}`,
                    `md5: ${finding.md5}`,
                    ...(finding.fileName ? [`file name: ${finding.fileName}`] : []),
                    ...(finding.description ? [`description: ${finding.description}`] : []),
                    ...(finding.solution ? [`solution: ${finding.solution}`] : [])
                ].join('\n')
            }
        };
    }
    if (finding.allowlisted) {
        return {
            name,
            classname: className,
            outcome: { kind: 'skipped', message: `allowlisted: ${finding.allowlistReason ?? ''}` }
        };
    }
    return {
        name,
        classname: className,
        outcome: { kind: 'passed', output: `${what} is within the policy threshold` }
    };
}
function caseLines(testCase) {
    const open = `    <testcase${attributes({ classname: testCase.classname, name: testCase.name, time: '0' })}`;
    const { outcome } = testCase;
    switch (outcome.kind) {
        case 'passed':
            return outcome.output
                ? [
                    `${open}>`,
                    `      <system-out>${escapeXml(outcome.output, 'text')}</system-out>`,
                    '    </testcase>'
                ]
                : [`${open}/>`];
        case 'skipped':
            // GitLab shows the element's text, Jenkins the message: both carry the reason.
            return [
                `${open}>`,
                `      <skipped${attributes({ message: outcome.message })}>${escapeXml(outcome.message, 'text')}</skipped>`,
                '    </testcase>'
            ];
        case 'failure':
        case 'error':
            return [
                `${open}>`,
                `      <${outcome.kind}${attributes({ message: outcome.message, type: outcome.kind === 'failure' ? 'violation' : 'not-judged' })}>${escapeXml(outcome.details, 'text')}</${outcome.kind}>`,
                '    </testcase>'
            ];
    }
}
function count(cases) {
    const of = (kind) => String(cases.filter((testCase) => testCase.outcome.kind === kind).length);
    return {
        tests: String(cases.length),
        failures: of('failure'),
        errors: of('error'),
        skipped: of('skipped')
    };
}
function seconds(ms) {
    return (Math.max(0, ms) / 1000).toFixed(3);
}
function attributes(values) {
    return Object.entries(values)
        .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
        .join('');
}
/**
 * Text for an XML 1.0 attribute or element: markup characters as entities,
 * line breaks and tabs in attributes as character references (a parser
 * would turn them into spaces), and characters XML 1.0 cannot carry at all
 * (control characters, lone surrogates, U+FFFE/U+FFFF) shown as \uXXXX.
 * Secrets are removed first.
 */
function escapeXml(raw, where = 'attribute') {
    const kept = where === 'text' ? /[\n\t]/ : undefined;
    return (0,secrets/* redact */.E$)(raw).replace(
    // eslint-disable-next-line no-control-regex
    /[&<>"'\n\r\t]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (char) => {
        if (kept?.test(char))
            return char;
        switch (char) {
            case '&':
                return '&amp;';
            case '<':
                return '&lt;';
            case '>':
                return '&gt;';
            case '"':
                return '&quot;';
            case "'":
                return '&apos;';
            case '\n':
                return '&#10;';
            case '\r':
                return '&#13;';
            case '\t':
                return '&#9;';
            default:
                return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
        }
    });
}

;// CONCATENATED MODULE: ./src/sinks/sarif-text.ts
/**
 * Text for the SARIF log: plain message text, rule ids and names made from
 * untrusted virus names, and in-image paths as URI references.
 */



const RULE_PREFIX = 'virus/';
const UNNAMED_RULE_ID = 'virus/(unnamed)';
const MAX_RULE_NAME_CHARS = 80;
/** Untrusted text longer than this is cut in messages (the JSON report keeps it whole). */
const MAX_TEXT_CHARS = 500;
/**
 * A result's fingerprint: the SHA-256 (hex) of the target it was found in,
 * the file's md5 in lowercase and its path, so two findings of one md5 at two
 * paths or in two targets are two alerts, and the same finding is the same
 * alert on every run (nothing of the run's timing or order goes in).
 * `target` is what the step calls the image (`image:` name, registry
 * reference or ImageID) or `event:` and the event ID.
 */
function findingFingerprint(target, md5, path) {
    return (0,external_node_crypto_.createHash)('sha256')
        .update(JSON.stringify([target, md5.toLowerCase(), path]), 'utf8')
        .digest('hex');
}
/**
 * A stable rule id for a virus name. Names made only of letters, digits, '.',
 * '_' and '-' (and at most 80 of them) are kept as they are: `virus/Linux.Trojan.Mirai`.
 * Any other name is sanitized and gets a hash of the exact name as a third
 * part, `virus/Win32-Evil-Name/1a2b3c4d5e6f`, so distinct names never share an id
 * (a kept name has no second '/').
 */
function ruleIdForVirus(virusName) {
    if (virusName === '')
        return UNNAMED_RULE_ID;
    const sanitized = virusName
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .slice(0, MAX_RULE_NAME_CHARS)
        .replace(/^-+|-+$/g, '');
    if (sanitized === virusName)
        return `${RULE_PREFIX}${sanitized}`;
    const hash = (0,external_node_crypto_.createHash)('sha256').update(virusName, 'utf8').digest('hex').slice(0, 12);
    return `${RULE_PREFIX}${sanitized || 'x'}/${hash}`;
}
/**
 * The rule's friendly name, a Pascal-case identifier as SARIF viewers expect:
 * `Virus` and the ASCII letters and digits of the virus name,
 * `VirusLinuxTrojanMirai`; `UnnamedVirus` for a finding without a name.
 */
function ruleNameForVirus(virusName) {
    if (virusName === '')
        return 'UnnamedVirus';
    const words = virusName.match(/[A-Za-z0-9]+/g) ?? [];
    const pascal = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
    return `Virus${pascal}`.slice(0, MAX_RULE_NAME_CHARS);
}
/**
 * The in-image path as a relative URI reference under IMAGE_ROOT. Dot
 * segments are resolved the way the kernel does, clamped at the root
 * ("/../etc/x" is "/etc/x"), since URI consumers also treat encoded dots as
 * dot segments; then the leading slash is dropped and every segment is
 * percent-encoded (UTF-8). A finding without a path gets "(no path)".
 */
function imagePathUri(filePath) {
    const relative = external_node_path_.posix.normalize(`/${wellFormed(filePath)}`).replace(/^\/+/, '');
    if (relative === '')
        return encodeURIComponent('(no path)');
    return relative.split('/').map(encodeURIComponent).join('/');
}
/** Replaces unpaired UTF-16 surrogates (which encodeURIComponent refuses) with U+FFFD. */
function wellFormed(text) {
    return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
/**
 * Plain text for a SARIF message. SARIF reads "[text](target)" in a message
 * as an embedded link and "{0}" as a placeholder, so square brackets and
 * backslashes are escaped with a backslash and curly braces are doubled
 * (SARIF 2.1.0 §3.11.5, §3.11.6). Long texts are cut.
 */
function sarifText(raw, maxChars = MAX_TEXT_CHARS) {
    const value = (0,secrets/* redact */.E$)(raw);
    // A string of at most maxChars UTF-16 units has at most maxChars characters.
    const chars = value.length > maxChars ? Array.from(value) : undefined;
    const text = chars && chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : value;
    return text.replace(/[\\[\]]/g, (char) => `\\${char}`).replace(/[{}]/g, (char) => char + char);
}

;// CONCATENATED MODULE: ./src/sinks/sarif-run.ts


/** Whether the gate could read and judge everything; if not, why. */
function invocationFor(result) {
    const notifications = [];
    const failed = (0,core_result/* unjudged */.bC)(result);
    if (result.single && failed.length > 0) {
        notifications.push({
            level: 'error',
            message: {
                text: sarifText(`The gate could not judge the image, so the log has no results: ${failed[0].failure.message}`, 2000)
            }
        });
    }
    else {
        for (const { subject, failure } of failed) {
            notifications.push({
                level: 'error',
                message: {
                    text: sarifText(`The gate could not judge ${subject}, so the log has no results for it: ${failure.message}`, 2000)
                }
            });
        }
    }
    for (const warning of (0,core_result/* allWarnings */.hc)(result)) {
        notifications.push({ level: 'warning', message: { text: sarifText(warning, 2000) } });
    }
    const judgedAnything = result.events !== undefined || (0,core_result/* distinctImages */.PO)(result).some((image) => image.evaluation);
    const invocation = {
        executionSuccessful: failed.length === 0 && judgedAnything,
        properties: {
            verdict: result.verdict,
            reason: result.reason,
            enforce: result.enforce
        }
    };
    if (notifications.length > 0)
        invocation.toolExecutionNotifications = notifications;
    return invocation;
}
function runProperties(result, scope) {
    const sole = result.soleImage;
    const { tally } = result;
    const properties = {
        imageId: sole ? sole.imageId || null : null,
        imageName: sole?.imageName ?? null,
        scanStatus: result.scanStatus ?? null,
        verdict: result.verdict,
        findings: tally.findings,
        violations: tally.violations,
        allowlisted: tally.allowlisted,
        counts: tally.judged ? tally.counts : null,
        policy: result.policy.source
    };
    if (scope !== 'violations')
        properties.scope = scope;
    if (!result.single) {
        properties.images = result.images.map((image) => ({
            imageId: image.imageId || null,
            imageName: image.imageName ?? null,
            scanStatus: image.scanStatus ?? null,
            verdict: image.verdict,
            findings: image.evaluation?.findings.length ?? null,
            violations: image.evaluation?.violations ?? null,
            sameAs: image.sameAs ?? null
        }));
    }
    if (result.events) {
        properties.events = {
            verdict: result.events.verdict,
            open: result.events.open.length,
            violations: result.events.evaluation.violations,
            unread: result.events.unread.length
        };
    }
    return properties;
}

;// CONCATENATED MODULE: ./src/sinks/sarif.ts







const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json';
/** Result locations are relative to this base: the root of the scanned image's file system. */
const IMAGE_ROOT = 'IMAGE_ROOT';
/** Locations of runtime events are relative to this base: the root of the running container's file system. */
const CONTAINER_ROOT = 'CONTAINER_ROOT';
/**
 * partialFingerprints key of a result: a hash of its target, the file's MD5
 * and its path (see findingFingerprint). It replaced `fileMd5/v1`, the MD5
 * alone, which made one alert of one file at two paths or in two images.
 */
const FINGERPRINT_KEY = 'tcssFinding/v1';
const SARIF_LEVEL = {
    critical: 'error',
    high: 'error',
    unknown: 'error',
    medium: 'warning',
    low: 'note'
};
/** A finding that does not break the policy is shown one step lower: it informs, it does not block. */
const LOWER = { error: 'warning', warning: 'note', note: 'note' };
/**
 * GitHub's `security-severity` scale: 9.0 and above is critical, 7.0–8.9 high,
 * 4.0–6.9 medium, below 4.0 low. Unknown levels are judged as critical.
 */
const SECURITY_SEVERITY = {
    critical: 9.5,
    unknown: 9.5,
    high: 8.0,
    medium: 5.5,
    low: 2.0
};
const DEFAULT_ADVICE = 'Remove the file from the image and rebuild it, or excuse it in the policy allowlist with a reason.';
/** Pure: the SARIF log for a gate result: the findings of every image, then of the runtime events. */
function buildSarif(result, scope = 'violations') {
    const drafts = [];
    const ruleIndex = new Map();
    const ruleFor = (finding) => {
        const id = ruleIdForVirus(finding.virusName);
        let index = ruleIndex.get(id);
        if (index === undefined) {
            index = drafts.length;
            ruleIndex.set(id, index);
            drafts.push({ id, finding, level: finding.level });
        }
        else if (SECURITY_SEVERITY[finding.level] > SECURITY_SEVERITY[drafts[index].level]) {
            // The same virus can be reported at several levels: its rule takes the most severe.
            drafts[index].level = finding.level;
        }
        return { id, index };
    };
    const found = scope === 'all' ? (0,core_result/* allFindings */.c4)(result) : (0,core_result/* violations */.xA)(result);
    const results = found.map((item) => {
        const { id, index } = ruleFor(item.finding);
        return resultFor(item, id, index, !result.single);
    });
    const images = (0,core_result/* distinctImages */.PO)(result);
    const baseIds = {};
    if (images.length > 0) {
        const which = images.length === 1
            ? `the scanned container image ${images[0].label}`
            : 'each scanned container image (each result names its image)';
        baseIds[IMAGE_ROOT] = {
            description: {
                text: sarifText(`The root of the file system of ${which}; result paths are paths inside the image, not in the repository.`)
            }
        };
    }
    if (result.events) {
        baseIds[CONTAINER_ROOT] = {
            description: {
                text: 'The root of the file system of the running container a runtime trojan event names (each result names its event and container); result paths are paths inside the container, not in the repository.'
            }
        };
    }
    return {
        $schema: SARIF_SCHEMA_URI,
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: constants/* TOOL_NAME */.lH,
                        version: constants/* TOOL_VERSION */.wr,
                        semanticVersion: constants/* TOOL_VERSION */.wr,
                        informationUri: constants/* README_URL */.Xh,
                        rules: drafts.map(ruleOf)
                    }
                },
                originalUriBaseIds: baseIds,
                invocations: [invocationFor(result)],
                results,
                properties: runProperties(result, scope)
            }
        ]
    };
}
function ruleOf({ id, finding, level }) {
    const name = finding.virusName || '(unnamed virus)';
    const advice = finding.solution || DEFAULT_ADVICE;
    const shownLevel = (0,core_levels/* levelName */.C1)(level);
    const properties = {
        tags: ['security', 'malware', 'container'],
        'security-severity': SECURITY_SEVERITY[level].toFixed(1),
        virusName: finding.virusName
    };
    return {
        id,
        name: ruleNameForVirus(finding.virusName),
        shortDescription: { text: sarifText(`Virus found by TCSS: ${name}`, 200) },
        fullDescription: {
            text: sarifText(finding.description ||
                `Tencent Cloud Container Security Service found the virus ${name} in a file of the image.`)
        },
        help: {
            text: sarifText(advice),
            markdown: helpMarkdown(name, shownLevel, advice, finding.description)
        },
        helpUri: constants/* SARIF_DOCS_URL */.yl,
        defaultConfiguration: { level: SARIF_LEVEL[level] },
        properties
    };
}
/** The rule's help in Markdown: the virus, its level, what TCSS says of it, and what to do. */
function helpMarkdown(name, level, advice, description) {
    const about = description ? `\n\n${(0,sinks_escape/* escapeMarkdown */.FV)(description, 1000)}` : '';
    return (`**Virus:** ${(0,sinks_escape/* escapeMarkdown */.FV)(name, 200)}  \n**Level:** ${level}${about}\n\n` +
        `**What to do:** ${(0,sinks_escape/* escapeMarkdown */.FV)(advice, 1000)}\n\n` +
        'The file is in the container image (or the running container), not in the repository: ' +
        'remove it and rebuild the image. If it is a known false positive or a test fixture, add its MD5 ' +
        'to the allowlist of the gate policy with a reason; the gate then no longer counts it. ' +
        `See [code scanning with the TCSS virus gate](${constants/* SARIF_DOCS_URL */.yl}).`);
}
function levelWords(finding) {
    return finding.level === 'unknown' ? core_levels/* WITH_UNKNOWN_LEVEL */.lE : `(${finding.level})`;
}
/** One SARIF result: a violation, or with scope all a finding within the thresholds or allowlisted. */
function resultFor(item, ruleId, ruleIndex, nameImage) {
    const { finding, target } = item;
    const natural = SARIF_LEVEL[finding.level];
    const sarifResult = {
        ruleId,
        ruleIndex,
        level: finding.violation ? natural : LOWER[natural],
        message: {
            text: target.kind === 'image'
                ? imageMessage(finding, target, nameImage) +
                    judgement(item, 'The image has', 'finding(s)')
                : eventMessage(finding, target) +
                    judgement(item, 'The step has', 'runtime event(s)', 'open ')
        },
        locations: [
            {
                physicalLocation: {
                    artifactLocation: {
                        uri: imagePathUri(finding.path),
                        uriBaseId: target.kind === 'image' ? IMAGE_ROOT : CONTAINER_ROOT
                    },
                    // Code scanning places an alert by its start line; a file has no better one.
                    region: { startLine: 1 }
                }
            }
        ],
        properties: target.kind === 'image' ? imageProperties(finding, target) : eventProperties(target)
    };
    sarifResult.partialFingerprints = {
        [FINGERPRINT_KEY]: findingFingerprint(fingerprintTarget(target), finding.md5, finding.path)
    };
    if (finding.allowlisted) {
        sarifResult.suppressions = [
            {
                kind: 'external',
                status: 'accepted',
                justification: sarifText(`Allowlisted in the gate policy: ${finding.allowlistReason ?? ''}`)
            }
        ];
    }
    return sarifResult;
}
/**
 * What a fingerprint names the target by: what stays the same from run to
 * run. An image given by name (`image:` or `registry-image:`) by that name,
 * as the sticky comment is keyed, since every push builds a new ImageID; an
 * image given by `image-id` by its ImageID; an event by its ID.
 */
function fingerprintTarget(target) {
    return target.kind === 'image' ? (target.imageName ?? target.imageId) : `event:${target.id}`;
}
/** The sentence after a result's message: how its level compares with the policy. */
function judgement(item, subject, noun, open = '') {
    const { finding, levelResult } = item;
    if (finding.allowlisted)
        return ' Allowlisted in the gate policy; not counted.';
    if (!levelResult)
        return '';
    const counted = ` ${subject} ${levelResult.counted} ${open}non-allowlisted ${levelResult.level} ${noun}; the policy allows ${levelResult.threshold ?? 'any number'}.`;
    return finding.violation ? counted : `${counted} Within the threshold.`;
}
function imageMessage(finding, image, nameImage) {
    const inImage = nameImage ? ` of image ${image.label}` : '';
    return sarifText(`Virus ${finding.virusName || '(unnamed)'} ${levelWords(finding)} in ${finding.path || '(no path)'}${inImage}, md5 ${finding.md5 || '(none)'}.`, 2000);
}
function imageProperties(finding, image) {
    return {
        level: finding.level,
        riskLevel: finding.riskLevel,
        md5: finding.md5,
        path: finding.path,
        fileName: finding.fileName,
        size: finding.size,
        imageId: image.imageId || null,
        imageName: image.imageName ?? null
    };
}
function eventMessage(finding, target) {
    const place = target.place;
    const places = [
        place?.container ? `container ${place.container}` : '',
        place?.pod ? `pod ${place.pod}` : '',
        place?.cluster ? `cluster ${place.cluster}` : ''
    ].filter(Boolean);
    const where = places.length > 0 ? ` (${places.join(', ')})` : '';
    return sarifText(`Runtime trojan event ${target.id}, status ${target.event?.status ?? 'null'}: virus ${finding.virusName || '(unnamed)'} ${levelWords(finding)} in ${finding.path || '(no path)'}${where}, md5 ${finding.md5 || '(none)'}.`, 2000);
}
function eventProperties(target) {
    const { event, finding } = target;
    return {
        eventId: target.id,
        level: finding?.level ?? null,
        riskLevel: event?.riskLevel ?? null,
        status: event?.status ?? null,
        md5: finding?.md5 ?? null,
        path: finding?.path ?? null,
        fileName: finding?.fileName ?? null,
        containerName: event?.containerName ?? null,
        containerId: event?.containerId ?? null,
        podName: event?.podName ?? null,
        clusterName: event?.clusterName ?? null,
        clusterId: event?.clusterId ?? null,
        processName: event?.processName ?? null,
        imageId: event?.imageId ?? null,
        imageName: event?.imageName ?? null
    };
}
/** The log as written, without indentation: code scanning limits uploads to 10 MB compressed. */
function sarifLogText(result, scope = 'violations') {
    return `${JSON.stringify(buildSarif(result, scope), secrets/* redactingReplacer */.cm)}\n`;
}

// EXTERNAL MODULE: ./src/sinks/summary.ts + 2 modules
var summary = __webpack_require__(8257);
;// CONCATENATED MODULE: ./src/gate/publish.ts
/**
 * Publishing a judged result: the job log, the report files asked for, the
 * job summary and the pull-request comment, each on its own.
 */











/** The text of each report file, by its input. */
const REPORT_TEXT = {
    'report-file': (result) => jsonReportText(result),
    'sarif-file': (result, settings) => sarifLogText(result, settings.sarifScope),
    'junit-file': (result) => junitXmlText(result)
};
/**
 * Writes every sink, each in its own guard: one that fails is reported on its
 * own and never touches the outputs or the other sinks. Returns the failures
 * of the files the user asked for (report-file, sarif-file, junit-file): those fail the
 * job in enforce mode, since later steps read them. The summary and the
 * comment are courtesy: their failures are warnings.
 */
async function publish(result, settings, deps) {
    const { runner, env } = deps;
    const failed = [];
    /** `required`: a file the user asked for, whose failure fails the job in enforce mode. */
    const guard = async (sink, write, required = false) => {
        try {
            await write();
            return true;
        }
        catch (error) {
            const message = `Could not write the ${sink}: ${(0,errors/* errorMessage */.gJ)(error)}`;
            if (required) {
                failed.push({ input: sink, message });
                runner.error((0,sinks_escape/* escapeLogText */.dD)(message), { title: `TCSS virus gate: ${sink} not written` });
            }
            else {
                runner.warning((0,sinks_escape/* escapeLogText */.dD)(message));
            }
            return false;
        }
    };
    await guard('job log', () => {
        for (const warning of (0,core_result/* allWarnings */.hc)(result)) {
            runner.warning((0,sinks_escape/* escapeLogText */.dD)(warning));
        }
        (0,outputs/* logFindings */.H0)(result, deps.newId(), runner);
        (0,outputs/* annotateViolations */.jb)(result, runner);
        (0,outputs/* annotateFailures */.o)(result, runner);
    });
    for (const { input, setting, what, output } of constants/* REPORT_FILES */.JL) {
        const file = settings[setting];
        if (!file)
            continue;
        // Resolved again at write time: a link planted since the inputs were read cannot lead out.
        const written = await guard(input, () => deps.files.write((0,paths/* resolveOutputPath */.NK)(input, file, settings.pathRoots), REPORT_TEXT[input](result, settings)), true);
        if (!written)
            continue;
        runner.setOutput(output, file);
        runner.info(`${what} written to ${(0,sinks_escape/* escapeLogText */.dD)(file)}.`);
    }
    if (settings.summary) {
        if (env.GITHUB_STEP_SUMMARY) {
            await guard('job summary', () => deps.writeSummary((0,summary/* renderSummary */.Br)(result)));
        }
        else {
            runner.notice('GITHUB_STEP_SUMMARY is not set (not running as a GitHub Actions step?), so the job summary is skipped; the verdict is in the log and the outputs.');
        }
    }
    // Never throws on its own: a comment that cannot be written is a warning, not a verdict.
    if (settings.comment) {
        // The GitHub API client is loaded only by a run that comments.
        await guard('pull-request comment', async () => {
            const { postComment } = await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(333)]).then(__webpack_require__.bind(__webpack_require__, 333));
            await postComment(result, settings.githubToken, {
                eventName: deps.github.eventName,
                payload: deps.github.payload,
                fork: isForkPullRequest(deps.github.payload),
                env,
                log: runner
            });
        });
    }
    return failed;
}

// EXTERNAL MODULE: ./src/cloud/recording-session.ts + 2 modules
var recording_session = __webpack_require__(7368);
;// CONCATENATED MODULE: ./src/gate/recording.ts
/**
 * The run's side of `record-file`: the recording starts once the settings
 * are read and is written when the run ends, however it ends (a verdict, an
 * error, a time-out). A recording that cannot be written is a warning: it
 * never changes the verdict. A process stopped before that (a signal, a
 * hang) writes it from the lifecycle (saveRecordingNow).
 */





/** Starts recording the run's API exchanges when `record-file` asks for it. */
function startRunRecording(settings, deps) {
    if (!settings.recordFile)
        return;
    (0,recording_session/* startRecording */.K3)(settings.recordFile, deps.clock, {
        tool: constants/* TOOL_NAME */.lH,
        version: constants/* TOOL_VERSION */.wr,
        date: deps.today()
    });
}
/** Writes the recording, if one is running; never throws. */
async function saveRunRecording(deps) {
    const setting = (deps.vocabulary ?? errors/* ACTION_VOCABULARY */.qA).setting(constants/* Inputs */.G0.RecordFile);
    try {
        const recording = await (0,recording_session/* saveRecording */.PG)((file, text) => {
            // Resolved again at write time, as the report files are: a link planted since cannot lead out.
            const roots = (0,paths/* pathRoots */.DI)(deps.env.GITHUB_WORKSPACE || process.cwd(), deps.env.RUNNER_TEMP);
            return deps.files.write((0,paths/* resolveOutputPath */.NK)(constants/* Inputs */.G0.RecordFile, file, roots), text);
        });
        if (recording) {
            deps.runner.info(`Recording of ${recording.size} API exchange${recording.size === 1 ? '' : 's'} written to ${(0,sinks_escape/* escapeLogText */.dD)(recording.file)}.`);
        }
    }
    catch (error) {
        deps.runner.warning((0,sinks_escape/* escapeLogText */.dD)(`Could not write the recording (${setting}): ${(0,errors/* errorMessage */.gJ)(error)}. The verdict stands.`));
    }
}

// EXTERNAL MODULE: ./src/gate/settings.ts + 3 modules
var gate_settings = __webpack_require__(4686);
;// CONCATENATED MODULE: ./src/gate/run.ts
/**
 * One run of the gate, whichever front end starts it: read the settings and
 * the policy, judge, publish, conclude. Everything the run takes from the
 * world comes in through Dependencies (dependencies.ts), so a test can drive
 * run() in-process with fakes.
 */














/** How long a run may outlive wait-timeout before the process is ended as hung. */
const DEADLINE_GRACE_MS = 10_000;
/** How long the sinks may take once the verdict is decided (the comment alone may take 30 s). */
const SINKS_TIMEOUT_MS = 60_000;
/**
 * settings → policy → judge → publish → conclude, and the recording of the
 * API exchanges (record-file) written however the run ends.
 * Never throws. Resolves to true only for a decided pass (or report only);
 * the caller turns anything else into a non-zero exit.
 */
async function run(deps, lifecycle) {
    try {
        return await gate(deps, lifecycle);
    }
    finally {
        await saveRunRecording(deps);
    }
}
async function gate(deps, lifecycle) {
    const { runner } = deps;
    let result;
    let settings;
    try {
        ;
        ({ settings } = await prepare(deps, lifecycle));
        const { policy, notice } = await loadPolicy(settings);
        if (notice)
            runner.notice(notice);
        for (const duplicate of settings.targets.notices)
            runner.notice((0,sinks_escape/* escapeLogText */.dD)((0,errors/* worded */.MH)(duplicate, vocabularyOf(deps))));
        result = await judge(settings, policy, judgeDependencies(deps));
    }
    catch (error) {
        (0,outputs/* setFailureOutputs */.Jl)(runner);
        fail(runner, error, vocabularyOf(deps));
        deps.observer?.stopped?.(error);
        return false;
    }
    try {
        // From here on the verdict is decided: the outputs first, then each sink on its own.
        (0,outputs/* setOutputs */.n0)(result, runner);
        deps.observer?.judged?.(result);
        lifecycle?.verdictDecided(SINKS_TIMEOUT_MS);
        return conclude(runner, result, await publish(result, settings, deps));
    }
    catch (error) {
        fail(runner, error, vocabularyOf(deps));
        return false;
    }
}
function vocabularyOf(deps) {
    return deps.vocabulary ?? errors/* ACTION_VOCABULARY */.qA;
}
/** The settings, once, and what must happen before anything is read: the deadline, stale reports removed. */
async function prepare(deps, lifecycle) {
    const inputs = readInputs(deps.getInput);
    const workspace = deps.env.GITHUB_WORKSPACE || process.cwd();
    let settings;
    try {
        settings = (0,gate_settings/* readSettings */.s)({
            inputs,
            workspace,
            env: deps.env,
            isForkPullRequest: isForkPullRequest(deps.github.payload)
        });
    }
    catch (error) {
        await removeStaleOnInputError(inputs, workspace, deps);
        throw error;
    }
    lifecycle?.setDeadline(settings.waitTimeoutMs, DEADLINE_GRACE_MS);
    // A report an earlier run left must not stand for this one if this one stops early.
    for (const { setting } of constants/* WRITTEN_FILES */.mk) {
        const file = settings[setting];
        if (file)
            await deps.files.removeStale(file);
    }
    startRunRecording(settings, deps);
    return { settings };
}
/**
 * Another input was invalid: the report files an earlier run left must not
 * stand for this run all the same, when their own inputs resolve inside the
 * workspace (or RUNNER_TEMP) and are not the policy.
 */
async function removeStaleOnInputError(inputs, workspace, deps) {
    try {
        const roots = (0,paths/* pathRoots */.DI)(workspace, deps.env.RUNNER_TEMP);
        const policy = (0,paths/* resolveContainedPath */.nI)(constants/* Inputs */.G0.Policy, inputs[constants/* Inputs */.G0.Policy] || constants/* INPUT_DEFAULTS */.WJ[constants/* Inputs */.G0.Policy], 'read', roots);
        for (const { input } of constants/* WRITTEN_FILES */.mk) {
            const given = inputs[input];
            if (!given)
                continue;
            try {
                const resolved = (0,paths/* resolveContainedPath */.nI)(input, given, 'write', roots);
                (0,paths/* assertDistinctFiles */.cG)([
                    { input: constants/* Inputs */.G0.Policy, resolved: policy },
                    { input, resolved }
                ]);
                await deps.files.removeStale(resolved.realPath);
            }
            catch {
                // A path that leaves the workspace, or names the policy, is never touched.
            }
        }
    }
    catch {
        // Without a workspace or a policy path that resolves, nothing is removed.
    }
}
function judgeDependencies(deps) {
    return {
        clock: deps.clock,
        random: deps.random,
        today: deps.today(),
        env: deps.env,
        createApi: deps.createApi,
        credentialIo: deps.credentialIo,
        say: vocabularyOf(deps),
        log: {
            info: (message) => deps.runner.info((0,sinks_escape/* escapeLogText */.dD)(message)),
            debug: (message) => deps.runner.debug((0,sinks_escape/* escapeLogText */.dD)(message))
        }
    };
}
/** Passes or fails the job with a one-line reason, as outcome() decides; true when the job passes. */
function conclude(runner, result, sinkFailures) {
    const line = (0,sinks_escape/* escapeLogText */.dD)(result.reason);
    const decided = outcome(result, sinkFailures);
    const unwritten = decided.unwritten.length > 0
        ? ` ${decided.unwritten.map((input) => `'${input}' could not be written.`).join(' ')}`
        : '';
    switch (decided.kind) {
        case 'report-failed':
            runner.setFailed(`TCSS virus gate passed, but a report failed:${unwritten} ${line}`);
            return false;
        case 'pass':
            runner.info(`TCSS virus gate passed: ${line}`);
            if (unwritten)
                runner.warning(`TCSS virus gate report only (enforce: false):${unwritten}`);
            return true;
        case 'report-only':
            runner.warning(`TCSS virus gate would fail (report only, enforce: false): ${line}${unwritten}`);
            return true;
        case 'fail':
            runner.setFailed(`TCSS virus gate failed: ${line}${unwritten}`);
            return false;
    }
}
/** The one error boundary: what failureReport() makes of the error, written to the runner. */
function fail(runner, error, say) {
    const report = failureReport(error, say);
    if (report.debug)
        runner.debug(report.debug);
    for (const { message, properties } of report.annotations)
        runner.error(message, properties);
    runner.setFailed(report.message);
}

// EXTERNAL MODULE: ./src/cli/exit-code.ts
var exit_code = __webpack_require__(1552);
// EXTERNAL MODULE: ./src/cli/flags.ts
var flags = __webpack_require__(5377);
;// CONCATENATED MODULE: ./src/cli/text-report.ts


/** Violations listed per image at most; the JSON and JUnit reports hold them all. */
const MAX_VIOLATIONS = 200;
function textReport(result, ending) {
    const lines = [verdictLine(result, ending)];
    for (const image of (0,core_result/* distinctImages */.PO)(result))
        lines.push('', ...text_report_imageSection(image));
    if (result.events)
        lines.push('', ...text_report_eventsSection(result.events));
    return `${lines.join('\n')}\n`;
}
function verdictLine(result, ending) {
    const reason = (0,sinks_escape/* escapeLogText */.dD)(result.reason);
    if (result.verdict === 'pass')
        return ending.passed
            ? `TCSS virus gate: PASS — ${reason}`
            : `TCSS virus gate: PASS, but a report could not be written — ${reason}`;
    return ending.passed
        ? `TCSS virus gate: FAIL (report only, --enforce false) — ${reason}`
        : `TCSS virus gate: FAIL — ${reason}`;
}
function text_report_imageSection(image) {
    const status = image.scanStatus ? `scan ${image.scanStatus}` : 'scan status unknown';
    const head = `Image ${(0,sinks_escape/* escapeLogText */.dD)((0,core_result/* imageLabel */.ec)(image))} — ${status} — ${image.verdict.toUpperCase()}`;
    if (!image.evaluation)
        return [head, `  Could not be judged: ${(0,sinks_escape/* escapeLogText */.dD)(image.failure?.message ?? image.reason)}`];
    return [head, ...evaluationLines(image.evaluation, (finding) => finding.path)];
}
function text_report_eventsSection(events) {
    return [
        `Runtime events — ${events.all.length} given, ${events.open.length} open — ${events.verdict.toUpperCase()}`,
        ...events.unread.map((item) => `  Event ${(0,sinks_escape/* escapeLogText */.dD)(item.id)} could not be read: ${(0,sinks_escape/* escapeLogText */.dD)(item.failure?.message ?? '')}`),
        ...evaluationLines(events.evaluation, (finding) => `event ${finding.eventId}: ${finding.path}`)
    ];
}
function evaluationLines(evaluation, where) {
    const rows = [
        ['level', 'found', 'allowlisted', 'counted', 'allowed', ''],
        ...evaluation.levels.map((level) => [
            level.level,
            String(level.found),
            String(level.allowlisted),
            String(level.counted),
            level.threshold === undefined ? 'unlimited' : String(level.threshold),
            level.breached ? 'exceeded' : ''
        ])
    ];
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    const table = rows.map((row) => `  ${row
        .map((cell, column) => column >= 1 && column <= 3 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))
        .join('  ')}`.trimEnd());
    const violations = evaluation.findings.filter((finding) => finding.violation);
    if (violations.length === 0)
        return table;
    const shown = violations.slice(0, MAX_VIOLATIONS);
    return [
        ...table,
        `  Violations (${violations.length}):`,
        ...shown.map((finding) => `    ${finding.level.padEnd(8)}  ${(0,sinks_escape/* escapeLogText */.dD)(where(finding) || '(no path)')}  ${(0,sinks_escape/* escapeLogText */.dD)(finding.virusName || '(unnamed)')}  md5 ${(0,sinks_escape/* escapeLogText */.dD)(finding.md5 || 'none')}`),
        ...(violations.length > shown.length
            ? [`    … and ${violations.length - shown.length} more (see --report-file or --junit-file)`]
            : [])
    ];
}

;// CONCATENATED MODULE: ./src/cli/text-runner.ts


function textRunner(write, options) {
    const outputs = {};
    const fences = new Set();
    const line = (text) => write(`${(0,secrets/* redact */.E$)(text)}\n`);
    const text = (message) => typeof message === 'string' ? message : (0,sinks_escape/* escapeLogText */.dD)(message.message);
    const titled = (kind, message, properties) => {
        const where = properties?.file
            ? ` ${properties.file}${properties.startLine ? `:${properties.startLine}` : ''}${properties.startColumn ? `:${properties.startColumn}` : ''}`
            : '';
        const title = properties?.title ? `${properties.title}: ` : '';
        line(`${kind}${where}: ${title}${text(message)}`);
    };
    return {
        outputs,
        fence: (token) => fences.add(token),
        setOutput: (name, value) => {
            outputs[name] = typeof value === 'string' ? value : JSON.stringify(value);
        },
        setFailed: (message) => line(`error: ${text(message)}`),
        info: (message) => {
            if (isFence(message, fences))
                return;
            line(message);
        },
        debug: (message) => {
            if (options.debug)
                line(`debug: ${message}`);
        },
        notice: (message, properties) => titled('notice', message, properties),
        warning: (message, properties) => titled('warning', message, properties),
        error: (message, properties) => titled('error', message, properties),
        startGroup: (name) => line(`${name}:`),
        endGroup: () => undefined
    };
}
function isFence(message, fences) {
    for (const token of fences) {
        if (message === `::stop-commands::${token}` || message === `::${token}::`)
            return true;
    }
    return false;
}

// EXTERNAL MODULE: ./src/cli/vocabulary.ts
var vocabulary = __webpack_require__(2916);
;// CONCATENATED MODULE: ./src/cli/main.ts
/**
 * The command line, a second front end of the same run(): flags become the
 * raw inputs, a plain-text Runner writes the log to stderr, and once run()
 * ends the report for people goes to stdout and the ending becomes an exit
 * code (exit-code.ts). Outside GitHub the workspace is the current
 * directory; the job summary is written only where GITHUB_STEP_SUMMARY is
 * set; there is no pull-request comment to write.
 */











/** Runs the command line once; resolves to the process's exit code. Never throws. */
async function runCli(io, overrides = {}, lifecycle, 
/** `io.argv` as parseCommandLine read it, when the caller has already parsed it. */
commandLine = (0,flags/* parseCommandLine */.Du)(io.argv, io.env)) {
    // The secret flags' values are registered for redaction by now.
    if (commandLine.kind === 'print') {
        io.stdout((0,secrets/* redact */.E$)(commandLine.text));
        return exit_code/* EXIT_PASS */.rc;
    }
    if (commandLine.kind === 'usage-error') {
        io.stderr((0,secrets/* redact */.E$)(`${commandLine.message}\nRun 'tcss-virus-gate --help' for the flags.\n`));
        return exit_code/* EXIT_CONFIGURATION */.KK;
    }
    const runner = textRunner(io.stderr, { debug: Boolean(io.env.TCSS_VIRUS_GATE_DEBUG) });
    const inputs = withoutComment(commandLine.inputs, runner);
    let judged;
    let stoppedBy;
    let refused = false;
    const base = createDependencies({
        getInput: (name) => inputs[name] ?? '',
        runner,
        vocabulary: vocabulary/* CLI_VOCABULARY */.U,
        newId: () => {
            const id = (0,external_node_crypto_.randomUUID)();
            runner.fence(id);
            return id;
        },
        // The command line never asks the runner for an OIDC token: keyless credentials say so up front.
        env: { ...io.env, ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' },
        credentialIo: {
            getIdToken: () => Promise.reject(new errors/* CredentialError */.oA('Keyless credentials (--role-arn) need the OIDC token of a GitHub Actions job, which the command line does not request; use the GitHub Action there, or API keys (TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY) here.'))
        },
        observer: {
            judged: (result) => (judged = result),
            stopped: (error) => (stoppedBy = error)
        },
        ...overrides
    });
    const deps = {
        ...base,
        createApi: (settings, credentials) => noticingRefusals(base.createApi(settings, credentials), () => (refused = true))
    };
    const passed = await run(deps, lifecycle);
    if (judged)
        io.stdout((0,secrets/* redact */.E$)(textReport(judged, { passed })));
    return (0,exit_code/* exitCodeOf */.FO)({ passed, stoppedBy, refused });
}
/**
 * The command line writes no pull-request comment: `--comment true` says so
 * and is dropped; any other value is left for the settings to judge.
 */
function withoutComment(inputs, runner) {
    const comment = inputs[constants/* Inputs */.G0.Comment]?.trim() ?? '';
    if (!['true', 'True', 'TRUE'].includes(comment))
        return inputs;
    runner.warning('--comment true has no effect: the command line writes no comment on a pull or merge request (the GitHub Action does); it is ignored.');
    return { ...inputs, [constants/* Inputs */.G0.Comment]: 'false' };
}
/** The API as given, noting each refusal of the credentials or permissions as it passes. */
function noticingRefusals(api, noticed) {
    const wrapped = {};
    for (const [name, member] of Object.entries(api)) {
        wrapped[name] =
            typeof member === 'function'
                ? async (...args) => {
                    try {
                        return (await member.apply(api, args));
                    }
                    catch (error) {
                        if ((0,errors/* isRefusal */.vu)(error))
                            noticed();
                        throw error;
                    }
                }
                : member;
    }
    // close() is synchronous in the interface; keep it so.
    if (api.close)
        wrapped.close = () => api.close?.();
    return wrapped;
}


/***/ }),

/***/ 9082:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   t: () => (/* binding */ isCalendarDate)
/* harmony export */ });
/**
 * Whether YYYY-MM-DD names a day the calendar has (no 30 February): for the
 * policy's expiry dates and the service's scan times alike. Apart from the
 * policy's YAML helpers so that reading a scan time never loads YAML.
 */
function isCalendarDate(text) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!match)
        return false;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    return (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day);
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


/***/ }),

/***/ 8257:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Br: () => (/* binding */ renderSummary)
});

// UNUSED EXPORTS: JOB_SUMMARY_NOTES, SUMMARY_BUDGET_BYTES

// EXTERNAL MODULE: ./src/core/levels.ts
var core_levels = __webpack_require__(7588);
;// CONCATENATED MODULE: ./src/sinks/budgeted-text.ts
/**
 * Markdown text under a byte budget: tables are cut row by row with a line
 * that says how many rows were left out and where to find them.
 */
/** Accumulates Markdown without passing a byte budget; tables are cut with a line that says so. */
class BudgetedText {
    budget;
    notes;
    parts = [];
    used = 0;
    /** Kept free for the short fixed lines and the notes that say what was cut. */
    reserve = 16 * 1024;
    /** Ends (in bytes used) of the scopes being rendered, innermost last. */
    scopes = [];
    constructor(budget, notes) {
        this.budget = budget;
        this.notes = notes;
    }
    add(text) {
        this.parts.push(text);
        this.used += Buffer.byteLength(text);
    }
    /**
     * Adds a table, using at most `share` of the bytes still free. Rows are
     * rendered one by one and only while they fit, so a cut table costs no more
     * than the rows it shows.
     */
    table(heading, header, items, row, share) {
        if (items.length === 0)
            return;
        const free = this.free();
        const limit = Math.floor(free * share);
        let size = Buffer.byteLength(heading) + Buffer.byteLength(header);
        const rows = [];
        for (const item of items) {
            const text = row(item);
            const bytes = Buffer.byteLength(text);
            if (size + bytes > limit)
                break;
            size += bytes;
            rows.push(text);
        }
        this.add(heading);
        if (rows.length > 0)
            this.add(header + rows.join(''));
        const left = items.length - rows.length;
        this.add(left > 0
            ? `\n*${left} more row(s) not shown to keep ${this.notes.subject} under ${this.notes.limit}; ${this.notes.elsewhere}.*\n\n`
            : '\n');
    }
    /**
     * Adds text only when it fits in the bytes still free (within the innermost
     * scope); returns whether it was added.
     */
    addIfFits(text) {
        if (Buffer.byteLength(text) > this.free())
            return false;
        this.add(text);
        return true;
    }
    /** The line that says what was left out and where to find it. */
    omittedNote(what) {
        const { subject, limit, elsewhere } = this.notes;
        return `*${what.charAt(0).toUpperCase()}${what.slice(1)} not shown to keep ${subject} under ${limit}; ${elsewhere}.*\n\n`;
    }
    /** Bytes the tables may still use: up to the reserve, and within the innermost scope. */
    free() {
        const end = Math.min(this.budget - this.reserve, this.scopes.at(-1) ?? Number.POSITIVE_INFINITY);
        return Math.max(0, end - this.used);
    }
    /**
     * Renders a part whose tables together use at most `share` of the bytes
     * still free; what it leaves unused stays free for what follows.
     */
    scope(share, render) {
        this.scopes.push(this.used + Math.floor(this.free() * share));
        try {
            render();
        }
        finally {
            this.scopes.pop();
        }
    }
    /** The text, never over the budget: a last cut, should the fixed parts ever outgrow the reserve. */
    text() {
        const text = this.parts.join('');
        if (this.used <= this.budget)
            return text;
        const { subject, limit, elsewhere } = this.notes;
        const note = `\n\n*${subject.charAt(0).toUpperCase()}${subject.slice(1)} was cut here to stay under ${limit}; ${elsewhere}.*\n`;
        const keep = Buffer.from(text)
            .subarray(0, Math.max(0, this.budget - Buffer.byteLength(note)))
            .toString('utf8');
        return keep.replace(/\uFFFD$/, '') + note;
    }
}

// EXTERNAL MODULE: ./src/sinks/escape.ts
var sinks_escape = __webpack_require__(7085);
// EXTERNAL MODULE: ./src/core/result.ts
var result = __webpack_require__(9294);
;// CONCATENATED MODULE: ./src/sinks/markdown-cells.ts



/** The ImageID; with `image`, the name and the ID it was resolved to (or that it was not). */
function imageCell(image) {
    if (image.imageName !== undefined && (0,result/* identitiesOf */.UI)(image).length === 0) {
        return `${(0,sinks_escape/* escapeMarkdown */.FV)(image.imageName)} (not resolved to an ImageID)`;
    }
    return (0,sinks_escape/* escapeMarkdown */.FV)((0,result/* imageLabel */.ec)(image));
}
function verdictMark(verdict) {
    return verdict === 'pass' ? '✅' : '❌';
}
function verdictCell(verdict) {
    return `${verdictMark(verdict)} ${verdict}`;
}
function levelCell(finding) {
    if (finding.level !== 'unknown')
        return finding.level;
    return `unknown (RiskLevel ${finding.riskLevel ?? 'missing'}), ${core_levels/* UNKNOWN_JUDGED */.T_}`;
}
/** The level, with the RiskLevel name when it is not the plain one (RISK_NOTICE, unknown, null). */
function eventLevelCell(event) {
    if (event.level === 'unknown') {
        return `unknown (RiskLevel ${event.riskLevel === null ? 'null' : (0,sinks_escape/* escapeMarkdown */.FV)(event.riskLevel, 60)}), ${core_levels/* UNKNOWN_JUDGED */.T_}`;
    }
    return event.riskLevel === `RISK_${event.level.toUpperCase()}`
        ? event.level
        : `${event.level} (${(0,sinks_escape/* escapeMarkdown */.FV)(event.riskLevel ?? '', 60)})`;
}
function resultCell(finding) {
    if (finding.violation)
        return '❌ violation';
    if (finding.allowlisted)
        return `allowlisted: ${(0,sinks_escape/* escapeMarkdown */.FV)(finding.allowlistReason ?? '', 200)}`;
    return 'within the thresholds';
}
/** A text field of an event; '-' for null. */
function nullable(value) {
    return value === null ? '-' : (0,sinks_escape/* escapeMarkdown */.FV)(value);
}
/** The container's name and short ID (as `docker ps` shows it; the JSON report has it whole), or either. */
function containerCell(place) {
    if (place.containerName !== null && place.containerId !== null) {
        return `${(0,sinks_escape/* escapeMarkdown */.FV)(place.containerName)} (${(0,sinks_escape/* escapeMarkdown */.FV)(place.containerId.slice(0, 12))})`;
    }
    return nullable(place.container);
}
function processCell(event) {
    const name = event.processName ?? event.processPath;
    const pid = event.processId !== null ? ` (pid ${event.processId})` : '';
    return name === null && pid === '' ? '-' : `${nullable(name)}${pid}`;
}

;// CONCATENATED MODULE: ./src/sinks/summary.ts




/** GitHub refuses a step summary over 1 MiB; stay well below it. */
const SUMMARY_BUDGET_BYTES = 900 * 1024;
const TITLE = 'TCSS virus gate';
const JOB_SUMMARY_NOTES = {
    subject: 'the summary',
    limit: "GitHub's 1 MiB limit",
    elsewhere: 'the JSON report (report-file) has every finding'
};
/**
 * The job summary as Markdown, at most `budgetBytes` UTF-8 bytes (so also at
 * most that many UTF-16 code units). Pure; every untrusted string is escaped here.
 *
 * One image without events is shown as it always was: the image's row, then
 * its tables. Several images, or runtime events, get one row per image and a
 * line for the events, then a section per image and one for the events.
 */
function renderSummary(result, budgetBytes = SUMMARY_BUDGET_BYTES, notes = JOB_SUMMARY_NOTES) {
    const out = new BudgetedText(budgetBytes, notes);
    out.add(`## ${headline(result)}\n\n${(0,sinks_escape/* escapeMarkdown */.FV)(result.reason, 2000)}\n\n`);
    if (result.single)
        renderSingleImage(result, result.images[0], out);
    else
        renderTargets(result, out);
    policySection(result, out);
    return out.text();
}
/** Requests sent, and how many the API throttled when it did: `120 (17 throttled)`. */
function requestsText(result) {
    return result.throttled
        ? `${result.requests} (${result.throttled} throttled)`
        : `${result.requests}`;
}
function renderSingleImage(result, image, out) {
    out.add('| Image | Scan status | Findings | Violations | Allowlisted | API requests |\n|---|---|---|---|---|---|\n');
    const evaluation = image.evaluation;
    out.add(`| ${imageCell(image)} | ${image.scanStatus ?? 'unknown'} | ${evaluation ? evaluation.findings.length : 'not read'} | ${evaluation?.violations ?? '-'} | ${evaluation?.allowlisted ?? '-'} | ${requestsText(result)} |\n\n`);
    if (image.failure) {
        out.add(`**The findings could not be judged:** ${(0,sinks_escape/* escapeMarkdown */.FV)(image.failure.message, 2000)}\n\n`);
    }
    warningSections(result, out);
    if (evaluation)
        findingSections(evaluation, '###', out);
}
function renderTargets(result, out) {
    const { images, events } = result;
    if (images.length > 0) {
        out.table(`### Images (${images.length})\n\n`, '| Image | Scan status | Findings | Violations | Allowlisted | Verdict |\n|---|---|---|---|---|---|\n', images, (image) => {
            const evaluation = image.sameAs === undefined ? image.evaluation : undefined;
            const counted = image.sameAs !== undefined ? 'see above' : undefined;
            return `| ${imageCell(image)} | ${image.scanStatus ?? 'unknown'} | ${counted ?? (evaluation ? evaluation.findings.length : 'not read')} | ${counted ?? evaluation?.violations ?? '-'} | ${counted ?? evaluation?.allowlisted ?? '-'} | ${verdictCell(image.verdict)}: ${(0,sinks_escape/* escapeMarkdown */.FV)(image.reason, 300)} |\n`;
        }, 0.3);
    }
    if (events) {
        out.add(`**Runtime trojan events (${events.all.length}):** ${events.open.length} open (${events.evaluation.violations} violation(s), ${events.evaluation.allowlisted} allowlisted), ${events.resolved.length} resolved, ${events.unread.length} could not be read — ${verdictCell(events.verdict)}.\n\n`);
    }
    out.add(`API requests: ${requestsText(result)}.\n\n`);
    warningSections(result, out);
    // Each image and the events get an equal share of what is left, the unused part passing on.
    let cut = 0;
    const sections = images.map((image) => () => {
        if (!imageSection(image, out))
            cut += 1;
    });
    if (events)
        sections.push(() => eventsSection(events, out));
    out.scope(0.9, () => {
        sections.forEach((render, index) => out.scope(1 / (sections.length - index), render));
    });
    if (cut > 0)
        out.add(out.omittedNote(`the details of ${cut} image(s)`));
}
/**
 * One image's section. Only its heading is sure to be shown: with many
 * images and a small budget (the comment), the rest of a section that does
 * not fit in its share is left out (and counted in one note after the
 * sections). Returns false when it was.
 */
function imageSection(image, out) {
    out.add(`### ${verdictMark(image.verdict)} Image ${imageCell(image)}\n\n`);
    const text = image.sameAs !== undefined
        ? `The same ImageID as ${(0,sinks_escape/* escapeMarkdown */.FV)(image.sameAs)}; its findings are listed there once.\n\n`
        : image.failure
            ? `**The findings could not be judged:** ${(0,sinks_escape/* escapeMarkdown */.FV)(image.failure.message, 2000)}\n\n`
            : `${(0,sinks_escape/* escapeMarkdown */.FV)(image.reason, 2000)}\n\n`;
    if (!out.addIfFits(text))
        return false;
    return image.evaluation ? findingSections(image.evaluation, '####', out) : true;
}
function eventsSection(events, out) {
    const { evaluation, open, resolved, unread } = events;
    out.add(`### ${verdictMark(events.verdict)} Runtime trojan events (${events.all.length})\n\n${(0,sinks_escape/* escapeMarkdown */.FV)(events.reason, 2000)}\n\n`);
    if (open.length > 0) {
        out.add(levelTable(evaluation.levels, evaluation.counts.unknown, '####', 'Open events per level', 'event(s)'));
    }
    out.table(`#### Open events (${open.length})\n\n`, '| Event | Level | Result | Status | Container | Pod | Cluster | Process | File path | Virus | MD5 |\n|---|---|---|---|---|---|---|---|---|---|---|\n', open, (target) => `${eventCells(target, target.finding ? resultCell(target.finding) : '')} ${nullable(target.event?.fileMd5 ?? null)} |\n`, 0.7);
    out.table(`#### Resolved events (${resolved.length})\n\n`, '| Event | Level | Status | Container | Pod | Cluster | Process | File path | Virus |\n|---|---|---|---|---|---|---|---|---|\n', resolved, (target) => `${eventCells(target)}\n`, 0.5);
    out.table(`#### Could not be read (${unread.length})\n\n`, '| Event | Why |\n|---|---|\n', unread, (target) => `| ${(0,sinks_escape/* escapeMarkdown */.FV)(target.id)} | ${(0,sinks_escape/* escapeMarkdown */.FV)(target.failure?.message ?? '', 1000)} |\n`, 0.9);
}
/** The cells an open and a resolved event share, with the open event's result after its level. */
function eventCells(target, result) {
    const event = target.event;
    const place = target.place;
    if (!event || !place)
        return `| ${(0,sinks_escape/* escapeMarkdown */.FV)(target.id)} |`;
    const judged = result === undefined ? '' : ` ${result} |`;
    return `| ${(0,sinks_escape/* escapeMarkdown */.FV)(event.id)} | ${eventLevelCell(event)} |${judged} ${nullable(event.status)} | ${containerCell(place)} | ${nullable(place.pod)} | ${nullable(place.cluster)} | ${processCell(event)} | ${nullable(event.filePath)} | ${nullable(event.virusName)} |`;
}
/** Warnings and allowlist hygiene: before the long tables, so that cutting the tables never hides them. */
function warningSections(result, out) {
    out.table('### Warnings\n\n', '', result.warnings, (warning) => `- ${(0,sinks_escape/* escapeMarkdown */.FV)(warning, 1000)}\n`, 0.2);
    out.table('### Allowlist hygiene\n\n', '', result.hygiene?.messages ?? [], (message) => `- ${(0,sinks_escape/* escapeMarkdown */.FV)(message, 1000)}\n`, 0.2);
}
/** The per-level table and the three tables of findings of one evaluation. */
/** The per-level table and the finding tables; false when not even the per-level table fits. */
function findingSections(evaluation, heading, out) {
    if (!out.addIfFits(levelTable(evaluation.levels, evaluation.counts.unknown, heading)))
        return false;
    const violations = evaluation.findings.filter((finding) => finding.violation);
    const allowlisted = evaluation.findings.filter((finding) => finding.allowlisted);
    const others = evaluation.findings.filter((finding) => !finding.violation && !finding.allowlisted);
    // Each table gets a share of what is left, so a huge table cannot crowd out the next ones.
    out.table(`${heading} Violations (${violations.length})\n\n`, '| Level | Path | Virus | MD5 |\n|---|---|---|---|\n', violations, (f) => `| ${levelCell(f)} | ${(0,sinks_escape/* escapeMarkdown */.FV)(f.path)} | ${(0,sinks_escape/* escapeMarkdown */.FV)(f.virusName)} | ${(0,sinks_escape/* escapeMarkdown */.FV)(f.md5)} |\n`, 0.6);
    out.table(`${heading} Allowlisted (${allowlisted.length})\n\n`, '| Level | Path | Virus | MD5 | Reason |\n|---|---|---|---|---|\n', allowlisted, (f) => `| ${levelCell(f)} | ${(0,sinks_escape/* escapeMarkdown */.FV)(f.path)} | ${(0,sinks_escape/* escapeMarkdown */.FV)(f.virusName)} | ${(0,sinks_escape/* escapeMarkdown */.FV)(f.md5)} | ${(0,sinks_escape/* escapeMarkdown */.FV)(f.allowlistReason ?? '')} |\n`, 0.5);
    out.table(`${heading} Within the thresholds (${others.length})\n\n`, '| Level | Path | Virus | MD5 |\n|---|---|---|---|\n', others, (f) => `| ${levelCell(f)} | ${(0,sinks_escape/* escapeMarkdown */.FV)(f.path)} | ${(0,sinks_escape/* escapeMarkdown */.FV)(f.virusName)} | ${(0,sinks_escape/* escapeMarkdown */.FV)(f.md5)} |\n`, 0.9);
    return true;
}
function headline(result) {
    if (result.verdict === 'pass')
        return `✅ ${TITLE}: pass`;
    if (!result.enforce)
        return `⚠️ ${TITLE}: fail (report only, the job passes)`;
    return `❌ ${TITLE}: fail`;
}
function levelTable(levels, unknown, heading = '###', title = 'Findings per level', noun = 'finding(s)') {
    const rows = levels.map((result) => {
        const allowed = result.threshold === undefined ? 'unlimited' : String(result.threshold);
        const verdict = result.breached
            ? `❌ over by ${result.counted - (result.threshold ?? 0)}`
            : '✅';
        return `| ${result.level} | ${result.found} | ${result.allowlisted} | ${result.counted} | ${allowed} | ${verdict} |\n`;
    });
    const note = unknown > 0 ? `\n${(0,core_levels/* unknownLevelCount */.WK)(unknown, noun)}.\n` : '';
    return `${heading} ${title}\n\n| Level | Found | Allowlisted | Counted | Allowed | Result |\n|---|---|---|---|---|---|\n${rows.join('')}${note}\n`;
}
function policySection(result, out) {
    const { policy } = result;
    const thresholds = core_levels/* LEVELS */.A_.map((level) => `${level}: ${policy.thresholds[level] ?? 'unlimited'}`).join(', ');
    out.add(`<details><summary>Policy in effect: ${(0,sinks_escape/* escapeMarkdown */.FV)(policy.source)}</summary>\n\n`);
    out.add(`Thresholds (largest number of non-allowlisted findings allowed): ${thresholds}.\n\n`);
    if (policy.allowlist.length === 0) {
        out.add('Allowlist: empty.\n\n');
    }
    else {
        out.table(`Allowlist (${policy.allowlist.length}):\n\n`, '| MD5 | Paths | Reason | Expires |\n|---|---|---|---|\n', policy.allowlist, (entry) => `| ${entry.md5} | ${entry.paths ? entry.paths.map((glob) => (0,sinks_escape/* escapeMarkdown */.FV)(glob)).join('<br>') : 'any'} | ${(0,sinks_escape/* escapeMarkdown */.FV)(entry.reason)} | ${entry.expires ?? 'never'} |\n`, 1);
    }
    out.add('</details>\n');
}


/***/ })

};
