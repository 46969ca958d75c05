export const id = 231;
export const ids = [231];
export const modules = {

/***/ 5231:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runDoctor: () => (/* binding */ runDoctor)
});

// EXTERNAL MODULE: ./src/clock.ts
var src_clock = __webpack_require__(9373);
// EXTERNAL MODULE: ./src/cloud/proxy.ts
var cloud_proxy = __webpack_require__(7849);
// EXTERNAL MODULE: ./src/gate/settings.ts + 3 modules
var gate_settings = __webpack_require__(4686);
// EXTERNAL MODULE: ./src/core/targets.ts
var core_targets = __webpack_require__(277);
// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(7242);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
// EXTERNAL MODULE: ./src/cli/exit-code.ts
var exit_code = __webpack_require__(1552);
// EXTERNAL MODULE: ./src/cli/vocabulary.ts
var vocabulary = __webpack_require__(2916);
;// CONCATENATED MODULE: ./src/cli/doctor/access.ts
/** An ID no image has: a read with it shows the permission and nothing else. */
const PROBE_IMAGE_ID = `sha256:${'0'.repeat(64)}`;
/** Harmless parameters for each read (Limit 1, IDs that name nothing). */
const PROBES = {
    DescribeAssetImageList: { Limit: 1, Offset: 0 },
    DescribeAssetImageVirusList: { ImageID: PROBE_IMAGE_ID, Limit: 1, Offset: 0 },
    DescribeAssetImageDetail: { ImageID: PROBE_IMAGE_ID },
    DescribeVirusDetail: { Id: 'tcss-virus-gate-doctor-probe' },
    DescribeAssetImageRegistryList: { Limit: 1, Offset: 0 },
    DescribeAssetImageRegistryDetail: { Id: 0 },
    DescribeAssetImageRegistryVirusList: { Id: 0, Limit: 1, Offset: 0 },
    DescribeAssetImageScanStatus: { TaskID: '0' },
    DescribeAssetImageRegistryScanStatusOneKey: { TaskID: 0, Id: [0] },
    DescribeAssetImageRegistryAssetStatus: {}
};
/** What each read is for, as the fix says it. */
const PURPOSE = {
    DescribeAssetImageList: '--image (finding an image by name)',
    DescribeAssetImageVirusList: '--image-id and --image (the findings)',
    DescribeAssetImageDetail: '--image-id and --image (authorization, scan time)',
    DescribeVirusDetail: '--event-ids',
    DescribeAssetImageRegistryList: '--registry-image (finding the image)',
    DescribeAssetImageRegistryDetail: '--registry-image (virus status, scan time)',
    DescribeAssetImageRegistryVirusList: '--registry-image (the findings)',
    DescribeAssetImageScanStatus: '--image-id and --image with --scan if-not-scanned or always',
    DescribeAssetImageRegistryScanStatusOneKey: '--registry-image with --scan if-not-scanned or always',
    DescribeAssetImageRegistryAssetStatus: '--registry-image with --scan if-not-scanned or always'
};
/** The reads a gate run with these targets and --scan sends; every one when no target is given. */
function neededReads(targets, scan) {
    const all = Object.keys(PROBES);
    if (targets.images.length === 0 && targets.eventIds.length === 0)
        return new Set(all);
    const needed = new Set();
    const scans = scan !== 'never';
    for (const image of targets.images) {
        if (image.registryImage) {
            needed.add('DescribeAssetImageRegistryList');
            needed.add('DescribeAssetImageRegistryDetail');
            needed.add('DescribeAssetImageRegistryVirusList');
            if (scans) {
                needed.add('DescribeAssetImageRegistryScanStatusOneKey');
                needed.add('DescribeAssetImageRegistryAssetStatus');
            }
        }
        else {
            if (image.imageName)
                needed.add('DescribeAssetImageList');
            needed.add('DescribeAssetImageVirusList');
            needed.add('DescribeAssetImageDetail');
            if (scans)
                needed.add('DescribeAssetImageScanStatus');
        }
    }
    if (targets.eventIds.length > 0)
        needed.add('DescribeVirusDetail');
    return needed;
}
const isRefusal = (code) => code === 'AuthFailure.UnauthorizedOperation' || /^UnauthorizedOperation(\.|$)/.test(code);
const ROLE_MISSING = 'InternalError.ErrRoleNotExist';
/** Answers that mean the endpoint (or region) is not one TCSS serves there. */
function endpointProblem(answer, settings) {
    const host = `${settings.endpoint.protocol}${settings.endpoint.host}`;
    if (answer.kind === 'unreachable') {
        const { message } = answer;
        const fix = /refused the tunnel/.test(message)
            ? `The proxy refuses to open a tunnel (CONNECT) to ${settings.endpoint.host}: allow that host in the proxy, or list it in NO_PROXY to connect directly.`
            : /ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(message)
                ? `The host ${settings.endpoint.hostname} does not resolve here: check --endpoint (tcss.tencentcloudapi.com; tcss.intl.tencentcloudapi.com on the international site) and this machine's DNS, or set HTTPS_PROXY.`
                : /ECONNREFUSED/.test(message)
                    ? `Nothing accepts connections at ${host}: check --endpoint, and any firewall or proxy (HTTPS_PROXY) in between.`
                    : /certificate|self.signed|CERT_|TLS/i.test(message)
                        ? `The TLS certificate of ${settings.endpoint.hostname} is not trusted here: a proxy that inspects TLS needs its CA certificate in NODE_EXTRA_CA_CERTS.`
                        : `Check --endpoint, this machine's network and any proxy (HTTPS_PROXY, NO_PROXY).`;
        return { id: 'endpoint', status: 'missing', summary: `${host} did not answer: ${message}`, fix };
    }
    if (answer.kind !== 'error')
        return undefined;
    const said = `${host} answered ${answer.code}: ${answer.message} (RequestId: ${answer.requestId || 'none'})`;
    const base = {
        id: 'endpoint',
        status: 'missing',
        summary: said,
        code: answer.code,
        requestId: answer.requestId
    };
    if (/Region/i.test(answer.code))
        return {
            ...base,
            fix: `--region ${settings.region ?? '(none)'} is not a region TCSS serves here: give the region of the images (e.g. ap-guangzhou, ap-shanghai), or leave --region out.`
        };
    if (/^(InvalidAction|NoSuchVersion|NoSuchProduct|UnsupportedProtocol)$/.test(answer.code) ||
        /^HTTP\d/.test(answer.code))
        return {
            ...base,
            fix: `${host} does not serve the TCSS API (2020-11-01): check --endpoint (tcss.tencentcloudapi.com, or tcss.intl.tencentcloudapi.com on the international site).`
        };
    return undefined;
}
/** Why the credentials were refused, and what to do. */
const CREDENTIAL_FIXES = [
    [
        /^AuthFailure\.(SecretIdNotFound|InvalidSecretId)$/,
        'The SecretId is not known: check --secret-id or TENCENTCLOUD_SECRET_ID (the key may be deleted or disabled, or belong to the other site: keys of the international site need --endpoint tcss.intl.tencentcloudapi.com).'
    ],
    [
        /^AuthFailure\.SignatureFailure$/,
        'The SecretKey does not belong to the SecretId: check --secret-key or TENCENTCLOUD_SECRET_KEY (copy it again, whole, without spaces).'
    ],
    [
        /^AuthFailure\.SignatureExpire$/,
        "This machine's clock is more than 5 minutes off: set it right (NTP), then run again."
    ],
    [
        /^AuthFailure\.TokenFailure$/,
        'The session token is missing, wrong or expired: give temporary keys with their TENCENTCLOUD_SESSION_TOKEN (or --session-token), or get new ones.'
    ],
    [
        /^AuthFailure\.MFAFailure$/,
        'The key needs multi-factor authentication, which API calls cannot give: use a key of a CAM user without MFA for API access.'
    ],
    [
        /^AuthFailure/,
        'Check --secret-id and --secret-key (or TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and TENCENTCLOUD_SESSION_TOKEN).'
    ]
];
/** endpoint → credentials → each read's permission. */
async function checkAccess(api, settings, needed, observations) {
    const credentials = settings.credentialSource.kind === 'keys' ? settings.credentialSource.credentials : undefined;
    const keyShown = credentials
        ? `SecretId ending in ${credentials.secretId.slice(-4)}`
        : 'the credentials';
    const first = await api.call('DescribeAssetImageList', PROBES.DescribeAssetImageList);
    const endpoint = endpointProblem(first, settings);
    if (endpoint) {
        const after = {
            id: 'credentials',
            status: 'not-checked',
            summary: `${keyShown}: not checked (the endpoint did not answer)`,
            fix: null
        };
        return { checks: [endpoint, after], usable: false };
    }
    const checks = [
        {
            id: 'endpoint',
            status: 'ok',
            summary: `${settings.endpoint.protocol}${settings.endpoint.host} answers as TCSS${settings.region ? ` in ${settings.region}` : ''}`,
            fix: null
        }
    ];
    if (first.kind === 'error' && first.code.startsWith('AuthFailure') && !isRefusal(first.code)) {
        const fix = CREDENTIAL_FIXES.find(([pattern]) => pattern.test(first.code))?.[1] ?? null;
        checks.push({
            id: 'credentials',
            status: 'missing',
            summary: `${keyShown}: refused, ${first.code}: ${first.message} (RequestId: ${first.requestId || 'none'})`,
            fix,
            code: first.code,
            requestId: first.requestId
        });
        return { checks, usable: false };
    }
    checks.push({ id: 'credentials', status: 'ok', summary: `${keyShown}: accepted`, fix: null });
    for (const action of Object.keys(PROBES)) {
        const answer = action === 'DescribeAssetImageList' ? first : await api.call(action, PROBES[action]);
        if (action === 'DescribeAssetImageRegistryAssetStatus' && answer.kind === 'answer')
            observations.assetStatus = answer.response;
        checks.push(permission(action, answer, needed.has(action)));
    }
    return { checks, usable: true };
}
function permission(action, answer, needed) {
    const cam = `tcss:${action}`;
    const base = { id: 'permission', action: cam };
    const notNeeded = needed ? '' : ' (not needed for these targets and --scan)';
    if (answer.kind === 'unreachable')
        return {
            ...base,
            status: 'not-checked',
            summary: `${cam}: no answer (${answer.message})`,
            fix: null
        };
    if (answer.kind === 'answer' ||
        !(isRefusal(answer.code) ||
            answer.code === ROLE_MISSING ||
            answer.code.startsWith('AuthFailure')))
        return { ...base, status: 'ok', summary: `${cam}: allowed${notNeeded}`, fix: null };
    const said = `${answer.code}: ${answer.message.split('\n')[0]} (RequestId: ${answer.requestId || 'none'})`;
    const codes = { code: answer.code, requestId: answer.requestId };
    if (answer.code === ROLE_MISSING)
        return {
            ...base,
            ...codes,
            status: 'not-checked',
            summary: `${cam}: not told (TCSS answered ${ROLE_MISSING}: see the service role)`,
            fix: null
        };
    if (!isRefusal(answer.code))
        return {
            ...base,
            ...codes,
            status: 'not-checked',
            summary: `${cam}: not told (${said})`,
            fix: null
        };
    if (!needed)
        return {
            ...base,
            ...codes,
            status: 'not-checked',
            summary: `${cam}: refused${notNeeded}`,
            fix: null
        };
    return {
        ...base,
        ...codes,
        status: 'missing',
        summary: `${cam}: refused, ${said}`,
        fix: `grant ${cam} to the key's CAM user or role; the gate reads it for ${PURPOSE[action]} (docs/cam-policies.md has the whole statement).`
    };
}
/** The service role: ✗ when any answer said it is missing, ✓ when TCSS answered a read. */
function serviceRoleCheck(api, answeredSomething) {
    const missing = api.codes.find((entry) => entry.code === ROLE_MISSING);
    if (missing)
        return {
            id: 'service-role',
            status: 'missing',
            summary: `TCSS answered ${missing.action} with ${ROLE_MISSING} (${missing.message}): the account has not authorised TCSS`,
            fix: 'Open the Container Security Service console once with an administrator of the account and grant the service role it asks for (TCSS_QCSRole); then run the doctor again.',
            code: ROLE_MISSING
        };
    if (answeredSomething)
        return {
            id: 'service-role',
            status: 'ok',
            summary: 'TCSS answers for this account (its service role is in place)',
            fix: null
        };
    return {
        id: 'service-role',
        status: 'not-checked',
        summary: 'not told (no read was answered)',
        fix: null
    };
}

// EXTERNAL MODULE: ./node_modules/tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_client.js
var tcss_client = __webpack_require__(3066);
// EXTERNAL MODULE: ./src/cloud/http.ts + 1 modules
var http = __webpack_require__(2210);
// EXTERNAL MODULE: ./src/cloud/rate-limiter.ts
var rate_limiter = __webpack_require__(8026);
// EXTERNAL MODULE: ./src/cloud/requester.ts
var cloud_requester = __webpack_require__(1563);
// EXTERNAL MODULE: ./src/sources/tcss/call.ts
var call = __webpack_require__(8622);
// EXTERNAL MODULE: ./src/cloud/retry.ts
var retry = __webpack_require__(6451);
// EXTERNAL MODULE: ./src/sources/tcss/client.ts
var client = __webpack_require__(7641);
;// CONCATENATED MODULE: ./src/cli/doctor/api.ts
/**
 * The doctor's one way to the API: the gate's own client (createTcssApi:
 * the same signing, transport, proxy and error sorting), under the gate's
 * requester (rate limit, deadline, retries of transient failures), each
 * answer turned into data instead of an exception, so that every check can
 * explain what it got.
 *
 * Only read actions go through here: `call` refuses any other name.
 */








/** The read actions of the gate, and the one read the doctor adds (the registries TCSS has connected). */
const READ_ACTIONS = [
    'DescribeAssetImageList',
    'DescribeAssetImageVirusList',
    'DescribeAssetImageDetail',
    'DescribeVirusDetail',
    'DescribeAssetImageRegistryList',
    'DescribeAssetImageRegistryDetail',
    'DescribeAssetImageRegistryVirusList',
    'DescribeAssetImageScanStatus',
    'DescribeAssetImageRegistryScanStatusOneKey',
    'DescribeAssetImageRegistryAssetStatus',
    'DescribeAssetImageRegistryRegistryList'
];
/** A method name of TcssApi for an action: DescribeAssetImageList → describeAssetImageList. */
function methodOf(action) {
    return action.charAt(0).toLowerCase() + action.slice(1);
}
function createDoctorApi(options) {
    const { settings, credentials, clock, deadline } = options;
    const api = (options.createApi ?? defaultApi)(settings, credentials);
    const extra = extraReads(settings, credentials);
    const requester = new cloud_requester/* ApiRequester */.N({
        limiter: new rate_limiter/* RateLimiter */.v$(settings.maxRps, clock, deadline),
        maxRps: settings.maxRps,
        clock,
        deadline,
        requestTimeoutMs: 10_000,
        // A few tries: enough to ride out a throttle or a blip, short enough to say "unreachable" soon.
        retry: { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 2_000, budget: new retry/* RetryBudget */.Km(30) },
        random: options.random ?? Math.random,
        log: { info: () => undefined, debug: () => undefined }
    });
    const codes = [];
    let answered = false;
    return {
        codes,
        get answered() {
            return answered;
        },
        async call(action, params) {
            if (!READ_ACTIONS.includes(action))
                throw new Error(`the doctor sends read actions only, not ${String(action)}`);
            const member = api[methodOf(action)];
            const send = typeof member === 'function'
                ? (timeoutMs) => member.call(api, params, timeoutMs)
                : (timeoutMs) => extra(action, params, timeoutMs);
            try {
                const response = await requester.request({
                    label: action,
                    send,
                    parse: (raw) => {
                        if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
                            throw new retry/* TransientError */.N_('the response is not a JSON object');
                        return raw;
                    },
                    outOfTime: (0,call/* outOfTimeReading */.B)(action)
                });
                const requestId = typeof response.RequestId === 'string' ? response.RequestId : '';
                answered = true;
                return { kind: 'answer', response, requestId };
            }
            catch (error) {
                if (error instanceof errors/* ApiError */.hD) {
                    codes.push({ action, code: error.code, message: error.apiMessage });
                    return {
                        kind: 'error',
                        code: error.code,
                        message: error.apiMessage,
                        requestId: error.requestId
                    };
                }
                if (error instanceof errors/* ApiUnavailableError */.xN ||
                    error instanceof errors/* ScanError */.sC ||
                    error instanceof retry/* TransientError */.N_)
                    return { kind: 'unreachable', message: error.message };
                return { kind: 'unreachable', message: (0,errors/* errorMessage */.gJ)(error) };
            }
        },
        close() {
            api.close?.();
            extra.close();
        }
    };
}
function defaultApi(settings, credentials) {
    return (0,client/* createTcssApi */.u)({ credentials, endpoint: settings.endpoint, region: settings.region });
}
/**
 * Reads the gate's client does not have (the gate never needs them), on the
 * same transport and error sorting. Built on first use.
 */
function extraReads(settings, credentials) {
    let client;
    const send = (action, params, timeoutMs) => {
        if (!client) {
            const { httpProfile, close } = (0,http/* httpProfileFor */.tQ)(settings.endpoint);
            const sdk = new tcss_client/* Client */.K({
                credential: { ...credentials },
                ...(settings.region ? { region: settings.region } : {}),
                profile: { httpProfile }
            });
            client = { request: sdk.request.bind(sdk), close };
        }
        const { request } = client;
        return (0,http/* boundedRequest */.JR)((signal) => request(action, params, { signal }), timeoutMs, (error) => (0,http/* classifyError */.fe)(action, error, timeoutMs));
    };
    return Object.assign(send, { close: () => client?.close() });
}

// EXTERNAL MODULE: ./node_modules/commander/esm.mjs
var esm = __webpack_require__(8179);
// EXTERNAL MODULE: ./src/cli/argument-scan.ts
var argument_scan = __webpack_require__(3449);
// EXTERNAL MODULE: ./src/cli/flags.ts
var flags = __webpack_require__(5377);
;// CONCATENATED MODULE: ./src/cli/doctor/flags.ts
/**
 * `tcss-virus-gate doctor [flags]`: the flags of a gate run that reach the
 * API (credentials, endpoint, region, rate, time) and its targets, with the
 * gate's own descriptions (FLAGS), plus --json. Parsed as the gate's flags
 * are: secrets registered for redaction first, no message that says a value.
 */





/** The gate's flags the doctor takes, in --help's order. */
const DOCTOR_FLAGS = [
    constants/* Inputs */.G0.RegistryImage,
    constants/* Inputs */.G0.ImageId,
    constants/* Inputs */.G0.Image,
    constants/* Inputs */.G0.EventIds,
    constants/* Inputs */.G0.Scan,
    constants/* Inputs */.G0.SecretId,
    constants/* Inputs */.G0.SecretKey,
    constants/* Inputs */.G0.SessionToken,
    constants/* Inputs */.G0.Region,
    constants/* Inputs */.G0.Endpoint,
    constants/* Inputs */.G0.MaxRps,
    constants/* Inputs */.G0.WaitTimeout
];
/** The doctor's own bound on its reads, when --wait-timeout is not given (seconds). */
const DOCTOR_WAIT_TIMEOUT_S = '120';
const DESCRIPTION = 'Check, with read requests only, everything a gate run needs: the endpoint, region and proxy, the credentials, ' +
    "each read action's CAM permission, TCSS's service role, and each target as the gate would see it; " +
    'and show what the reads tell of the facts no document settles.\n' +
    'It never starts a scan or a sync. Exit codes: 0 everything is in place, 1 something is missing, 2 invalid flags or no credentials.';
/** Parses the arguments after `doctor`. */
function parseDoctorCommandLine(argv) {
    const names = new Set(DOCTOR_FLAGS);
    const scan = (0,argument_scan/* scanArguments */.y)(argv.filter((arg) => arg !== '--json'), { values: names, lists: new Set(DOCTOR_FLAGS.filter((name) => flags/* FLAGS */.Wg[name].list)) });
    for (const secret of scan.secrets)
        for (const form of (0,secrets/* secretMasks */.c6)(secret))
            (0,secrets/* maskSecret */.$l)(form);
    if (scan.problem && !scan.printRequested) {
        if (scan.problem.kind === 'message')
            return { kind: 'usage-error', message: scan.problem.message };
        const unknown = parse([scan.problem.shown]);
        if (unknown.kind === 'usage-error')
            return unknown;
        return { kind: 'usage-error', message: `error: unknown option '${scan.problem.shown}'` };
    }
    return parse(argv);
}
function parse(argv) {
    const { program, parse: parseFlags } = (0,flags/* capturedProgram */.FE)(`${constants/* TOOL_NAME */.lH} doctor`, DESCRIPTION);
    const attributes = new Map();
    for (const name of DOCTOR_FLAGS) {
        const spec = flags/* FLAGS */.Wg[name];
        const fallback = name === constants/* Inputs */.G0.WaitTimeout ? DOCTOR_WAIT_TIMEOUT_S : spec.default;
        const what = name === constants/* Inputs */.G0.WaitTimeout
            ? 'seconds the doctor may take, at most'
            : name === constants/* Inputs */.G0.Scan
                ? 'the --scan of the gate run to check for (which read actions it needs)'
                : spec.description;
        const option = (0,flags/* flagOption */.kY)(name, spec, what, fallback);
        attributes.set(option.attributeName(), name);
        program.addOption(option);
    }
    program.addOption(new esm/* Option */.c$('--json', 'print the report as one JSON document (docs/doctor.md)'));
    const stopped = parseFlags(argv);
    if (stopped)
        return stopped;
    const options = program.opts();
    const inputs = { [constants/* Inputs */.G0.WaitTimeout]: DOCTOR_WAIT_TIMEOUT_S };
    for (const [attribute, value] of Object.entries(options)) {
        const name = attributes.get(attribute);
        if (name !== undefined && typeof value === 'string')
            inputs[name] = value;
    }
    return { kind: 'doctor', inputs, json: options.json === true };
}

// EXTERNAL MODULE: ./src/core/image-reference.ts
var image_reference = __webpack_require__(8630);
// EXTERNAL MODULE: ./src/sources/tcss/image-list.ts
var image_list = __webpack_require__(6658);
;// CONCATENATED MODULE: ./src/cli/doctor/observations.ts
/**
 * What the doctor's reads showed of the service's habits, gathered while the
 * checks read (no read is made for a reading alone when a check's read shows
 * it), for readings.ts to compare with what the gate assumes.
 */
function emptyObservations() {
    return {
        scanTimes: [],
        localRiskLevels: [],
        registryRiskLevels: [],
        repoAddresses: [],
        registryStatusPairs: [],
        registryVirusStatuses: [],
        localWhileScanning: []
    };
}
/** Notes a time field when it is a non-empty string. */
function noteTime(observations, value) {
    if (typeof value === 'string' && value.trim() !== '')
        observations.scanTimes.push(value);
}

// EXTERNAL MODULE: ./src/core/levels.ts
var levels = __webpack_require__(7588);
;// CONCATENATED MODULE: ./src/cli/doctor/reads.ts
/**
 * The reads the target checks share: whole lists read page by page (a
 * bounded number of pages: the doctor shows what a read shows, it does not
 * prove a list complete as the gate does), findings counted per level, and
 * the plain-text pieces of a target's line.
 */

const PAGE = 100;
/** Pages read of one list at most. */
const MAX_PAGES = 10;
/** The whole list (MAX_PAGES at most), or the answer that stopped it. */
async function readList(api, action, params) {
    const rows = [];
    let first;
    let total = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await api.call(action, { ...params, Limit: PAGE, Offset: page * PAGE });
        if (answer.kind !== 'answer')
            return answer;
        const list = Array.isArray(answer.response.List) ? answer.response.List : [];
        if (!first) {
            first = answer.response;
            total = typeof answer.response.TotalCount === 'number' ? answer.response.TotalCount : 0;
        }
        rows.push(...list.filter((row) => isObject(row)));
        if (list.length < PAGE || rows.length >= total)
            break;
    }
    return { kind: 'list', list: { rows, total, first: first ?? {} } };
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Findings per level, as the gate counts them: RiskLevel 1-4 (registry rows send it as a string). */
function countLevels(risks) {
    const counts = (0,levels/* emptyCounts */.W1)();
    for (const risk of risks) {
        const level = (0,levels/* levelOfRisk */.TI)(typeof risk === 'string' && /^[1-4]$/.test(risk) ? Number(risk) : risk);
        counts[level] += 1;
    }
    return counts;
}
function countsText(counts) {
    return `critical ${counts.critical}, high ${counts.high}, medium ${counts.medium}, low ${counts.low}, unknown ${counts.unknown}`;
}
/** The line of a target: what it is, then what TCSS shows of it. */
function targetSummary(view, parts) {
    return `${view.kind} ${view.reference}: ${parts.filter((part) => part !== '').join(', ')}`;
}
/** A check of a target that could not be read, with why. */
function unreadTarget(view, answer) {
    const why = answer.kind === 'error'
        ? `${answer.code}: ${answer.message} (RequestId: ${answer.requestId || 'none'})`
        : answer.message;
    return {
        id: 'target',
        status: 'not-checked',
        summary: targetSummary(view, [`could not be read (${why})`]),
        fix: null,
        ...(answer.kind === 'error' ? { code: answer.code, requestId: answer.requestId } : {}),
        target: view
    };
}
/** The findings part of a target's line. */
function findingsText(view) {
    if (!view.findings)
        return '';
    const more = view.totalFindings !== undefined ? ` (the first rows read of ${view.totalFindings})` : '';
    return `findings ${countsText(view.findings)}${more}`;
}
function authorizedText(authorized) {
    return authorized === true
        ? 'authorized for scanning'
        : authorized === false
            ? 'NOT authorized for scanning'
            : '';
}

;// CONCATENATED MODULE: ./src/cli/doctor/local-targets.ts
/**
 * The doctor's look at local images (`--image-id`, `--image`) and runtime
 * events (`--event-ids`): listed or not, authorized, virus status, last scan,
 * findings per level — what the gate would read, without judging it.
 */




/** VirusScanStatus of DescribeAssetImageVirusList, as the gate reads it. */
const LOCAL_STATUS = {
    0: 'not scanned',
    1: 'scanning',
    2: 'scanned',
    3: 'scan error',
    4: 'canceled'
};
const NOT_LISTED_FIX = 'TCSS lists the images of hosts that run its agent: check the ImageID (docker inspect --format "{{.Id}}" IMAGE), ' +
    "that the host's TCSS agent is online, and that TCSS has synced the host's images (console: Assets, Images).";
const UNAUTHORIZED_FIX = 'Authorize the image for scanning in the TCSS console (Assets, Images: authorize), or turn on automatic ' +
    'authorization; the gate never authorizes images, and TCSS refuses to scan one that is not.';
function rowOf(row) {
    const path = typeof row.Path === 'string' ? row.Path : '';
    return { key: `${String(row.Md5)}|${path}`, path, risk: row.RiskLevel };
}
async function checkLocalImage(context, view, imageId) {
    const { api, observations } = context;
    view.imageId = imageId;
    const detail = await api.call('DescribeAssetImageDetail', { ImageID: imageId });
    const virus = await readList(api, 'DescribeAssetImageVirusList', {
        ImageID: imageId,
        Order: 'asc',
        By: 'Path'
    });
    const notFound = [detail, virus].some((answer) => answer.kind === 'error' && answer.code.startsWith('ResourceNotFound'));
    if (notFound) {
        view.listed = false;
        return {
            id: 'target',
            status: 'missing',
            summary: targetSummary(view, ['not listed: TCSS does not know this ImageID']),
            fix: NOT_LISTED_FIX,
            target: view
        };
    }
    if (virus.kind !== 'list')
        return unreadTarget(view, virus);
    view.listed = true;
    if (detail.kind === 'answer') {
        const authorized = detail.response.IsAuthorized;
        view.authorized = authorized === 1 ? true : authorized === 0 ? false : null;
        noteTime(observations, detail.response.ScanTime);
        view.scanTime =
            typeof detail.response.ScanTime === 'string' && detail.response.ScanTime !== ''
                ? detail.response.ScanTime
                : null;
    }
    else {
        view.authorized = null;
    }
    const { list } = virus;
    const status = list.first.VirusScanStatus;
    view.virusStatus = status;
    const risks = list.rows.map((row) => row.RiskLevel);
    observations.localRiskLevels.push(...risks);
    if (status === 0 || status === 1)
        observations.localWhileScanning.push({ status, rows: list.total });
    view.findings = countLevels(risks);
    if (list.rows.length < list.total)
        view.totalFindings = list.total;
    if (!observations.localOrder && list.rows.length >= 2) {
        const desc = await api.call('DescribeAssetImageVirusList', {
            ImageID: imageId,
            Order: 'desc',
            By: 'Path',
            Limit: 100,
            Offset: 0
        });
        if (desc.kind === 'answer' && Array.isArray(desc.response.List)) {
            observations.localOrder = {
                asc: list.rows.slice(0, 100).map(rowOf),
                desc: desc.response.List.filter(isObject).map(rowOf)
            };
        }
    }
    const statusName = typeof status === 'number' && LOCAL_STATUS[status] ? ` (${LOCAL_STATUS[status]})` : '';
    const unread = detail.kind === 'answer'
        ? ''
        : `authorization and scan time not read (DescribeAssetImageDetail: ${detail.kind === 'error' ? detail.code : detail.message})`;
    const summary = targetSummary(view, [
        view.kind === 'image' ? `listed as ${imageId}` : 'listed',
        authorizedText(view.authorized),
        unread,
        `VirusScanStatus ${JSON.stringify(status) ?? 'missing'}${statusName}`,
        unread ? '' : `last scan ${view.scanTime ?? 'none'}`,
        findingsText(view)
    ]);
    if (view.authorized === false)
        return { id: 'target', status: 'missing', summary, fix: UNAUTHORIZED_FIX, target: view };
    return { id: 'target', status: 'ok', summary, fix: null, target: view };
}
/** `--image NAME:TAG`: found as the gate finds it (by the repository, then by name:tag), then read as an ImageID. */
async function checkImageName(context, nameTag) {
    const { api, observations } = context;
    const view = { kind: 'image', reference: nameTag, listed: null };
    const { repository } = (0,image_reference/* splitReference */.mQ)(nameTag);
    const ask = async (value) => {
        const read = await readList(api, 'DescribeAssetImageList', {
            Filters: [{ Name: 'ImageName', Values: [value] }],
            Order: 'asc',
            By: 'ImageID'
        });
        if (read.kind !== 'list')
            return unreadTarget(view, read);
        const items = (0,image_list/* parseImageListResponse */.e)({
            List: read.list.rows,
            TotalCount: read.list.total
        }).items;
        return items
            .filter((item) => item.reference === nameTag && typeof item.imageId === 'string')
            .map((item) => item.imageId);
    };
    const byRepository = await ask(repository);
    if (!Array.isArray(byRepository))
        return byRepository;
    const byNameTag = await ask(nameTag);
    if (!Array.isArray(byNameTag))
        return byNameTag;
    const ids = [...new Set([...byRepository, ...byNameTag])];
    if (!observations.nameFilter && ids.length > 0 && repository.length > 1) {
        const partial = repository.slice(0, -1);
        const bySubstring = await ask(partial);
        if (Array.isArray(bySubstring)) {
            observations.nameFilter = {
                shown: nameTag,
                repository: byRepository.length > 0,
                nameTag: byNameTag.length > 0,
                substring: bySubstring.length > 0
            };
        }
    }
    if (ids.length === 0) {
        view.listed = false;
        return {
            id: 'target',
            status: 'missing',
            summary: targetSummary(view, [
                `not listed: DescribeAssetImageList shows no image named ${nameTag}`
            ]),
            fix: `${NOT_LISTED_FIX} Or give the image by its ImageID (--image-id).`,
            target: view
        };
    }
    if (ids.length > 1) {
        view.listed = true;
        return {
            id: 'target',
            status: 'missing',
            summary: targetSummary(view, [`listed under ${ids.length} ImageIDs (${ids.join(', ')})`]),
            fix: 'The gate does not choose between images of one name: give the one to gate with --image-id.',
            target: view
        };
    }
    return checkLocalImage(context, view, ids[0]);
}
/** `--event-ids ID`: the runtime trojan event, as DescribeVirusDetail shows it. */
async function checkEvent(context, id) {
    const view = { kind: 'event-ids', reference: id, listed: null };
    const answer = await context.api.call('DescribeVirusDetail', { Id: id });
    if (answer.kind === 'error' && answer.code.startsWith('ResourceNotFound')) {
        view.listed = false;
        return {
            id: 'target',
            status: 'missing',
            summary: targetSummary(view, ['not found: no runtime trojan event has this Id']),
            fix: 'Check the Id (TCSS console: Runtime security, Trojans; the event Id) and that --region is the region of the event.',
            code: answer.code,
            requestId: answer.requestId,
            target: view
        };
    }
    if (answer.kind !== 'answer')
        return unreadTarget(view, answer);
    view.listed = true;
    const { response } = answer;
    view.findings = null;
    const shown = (field) => `${field} ${JSON.stringify(response[field]) ?? 'missing'}`;
    return {
        id: 'target',
        status: 'ok',
        summary: targetSummary(view, ['found', shown('RiskLevel'), shown('Status'), shown('FilePath')]),
        fix: null,
        target: view
    };
}

;// CONCATENATED MODULE: ./src/cli/doctor/readings.ts
const NO_WRITE = 'not observable without a write request (a scan task or a sync), which the doctor never sends';
const NOTHING = 'not observable with this account';
const sortedBy = (rows, key, desc = false) => rows.every((row, index) => {
    if (index === 0)
        return true;
    const a = key(rows[index - 1]);
    const b = key(rows[index]);
    return desc ? a >= b : a <= b;
});
const riskNumber = (row) => Number(row.risk);
const keys = (rows) => rows.map((row) => row.key).join('\n');
const distinct = (values) => [...new Set(values.map((value) => JSON.stringify(value)))].join(', ');
function localOrder(seen) {
    const order = seen.localOrder;
    if (!order)
        return { note: `${NOTHING} (no image among the targets lists two findings or more)` };
    const byPath = (row) => row.path;
    if (sortedBy(order.asc, byPath) &&
        sortedBy(order.desc, byPath, true) &&
        keys(order.asc) !== keys(order.desc))
        return {
            observed: `By Path honoured: ${order.asc.length} rows sorted by Path, ascending and descending as asked`,
            reading: 'honoured'
        };
    if (sortedBy(order.asc, riskNumber) && sortedBy(order.desc, riskNumber, true))
        return {
            observed: 'By Path ignored: rows sorted by RiskLevel alone, Order honoured',
            reading: 'risk-level-page-ties'
        };
    return { observed: 'rows neither sorted by Path nor by RiskLevel', reading: null };
}
function registryOrder(seen) {
    const order = seen.registryOrder;
    if (!order)
        return { note: `${NOTHING} (no registry image among the targets lists 2 to 20 findings)` };
    const same = keys(order.whole) === keys(order.paged);
    const byRisk = sortedBy(order.whole, riskNumber);
    if (!same)
        return {
            observed: `the order changes with Limit (Limit 100 and Limit 2 differ)${byRisk ? '; rows sorted by RiskLevel' : ''}`,
            reading: byRisk ? 'risk-level-page-ties' : null
        };
    if (!byRisk)
        return {
            observed: 'one order at Limit 100 and Limit 2, not sorted by RiskLevel',
            reading: 'stable'
        };
    return {
        observed: 'one order at Limit 100 and Limit 2, sorted by RiskLevel (either reading)',
        reading: null
    };
}
function nameFilter(seen) {
    const filter = seen.nameFilter;
    if (!filter)
        return { note: `${NOTHING} (no --image target that TCSS lists)` };
    const said = `asked for ${filter.shown}: by the repository ${filter.repository ? 'found' : 'not found'}, by name:tag ${filter.nameTag ? 'found' : 'not found'}, by a part of the repository ${filter.substring ? 'found' : 'not found'}`;
    const reading = filter.substring
        ? 'fuzzy'
        : filter.repository && !filter.nameTag
            ? 'exact-repository'
            : !filter.repository && filter.nameTag
                ? 'exact-name-tag'
                : null;
    return { observed: said, reading };
}
function scanTimes(seen) {
    if (seen.scanTimes.length === 0)
        return { note: `${NOTHING} (no scan time among the rows read)` };
    const zoned = seen.scanTimes.filter((time) => /(Z|[+-]\d\d:?\d\d)$/.test(time.trim()));
    const zoneless = seen.scanTimes.filter((time) => /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d$/.test(time.trim()));
    const example = (times) => JSON.stringify(times[0]);
    if (zoned.length > 0 && zoneless.length === 0)
        return { observed: `with a zone, e.g. ${example(zoned)}`, reading: 'zoned' };
    if (zoneless.length > 0 && zoned.length === 0)
        return { observed: `without a zone, e.g. ${example(zoneless)}`, reading: 'zoneless' };
    return {
        observed: `mixed or other forms: ${distinct(seen.scanTimes.slice(0, 5))}`,
        reading: null
    };
}
function registryAddress(seen) {
    const addresses = seen.repoAddresses.filter((value) => typeof value === 'string' && value !== '');
    if (addresses.length === 0)
        return { note: `${NOTHING} (no registry row read)` };
    const full = addresses.filter((value) => value.includes('/'));
    if (full.length === addresses.length)
        return {
            observed: `host/namespace/name, e.g. ${JSON.stringify(full[0])}`,
            reading: 'full-path'
        };
    if (full.length === 0)
        return {
            observed: `the host alone, e.g. ${JSON.stringify(addresses[0])}`,
            reading: 'host-only'
        };
    return { observed: `both shapes: ${distinct(addresses.slice(0, 5))}`, reading: null };
}
function registryScanStatus(seen) {
    const pairs = seen.registryStatusPairs;
    if (pairs.length === 0)
        return { note: `${NOTHING} (no registry row read)` };
    const differ = pairs.filter((pair) => pair.scan !== pair.virus);
    if (differ.length > 0)
        return {
            observed: `ScanStatus differs from VirusStatus on ${differ.length} of ${pairs.length} rows (e.g. ${JSON.stringify(differ[0].scan)} beside ${JSON.stringify(differ[0].virus)})`,
            reading: 'independent'
        };
    return {
        observed: `ScanStatus equals VirusStatus on every row read (${pairs.length})`,
        reading: 'same-as-virus'
    };
}
function registryStatusNames(seen) {
    const names = seen.registryVirusStatuses.filter((value) => value !== undefined);
    if (names.length === 0)
        return { note: `${NOTHING} (no registry row read)` };
    const model = names.some((name) => name === 'WAIT_SCAN' || name === 'CANCELED');
    const short = names.some((name) => name === 'NOT_SCAN' || name === 'SCAN_CANCELED');
    return {
        observed: `VirusStatus values seen: ${distinct(names)}`,
        reading: model && !short ? 'model-wide' : short && !model ? 'short' : null
    };
}
function registrySync(seen) {
    const status = seen.assetStatus;
    if (!status)
        return { note: `${NOTHING} (DescribeAssetImageRegistryAssetStatus could not be read)` };
    const said = `Status ${JSON.stringify(status.Status)}, Err ${JSON.stringify(status.Err ?? '')}, LatestSyncSuccessTime ${JSON.stringify(status.LatestSyncSuccessTime ?? '')}`;
    const reading = status.Status === 'success'
        ? 'completes'
        : status.Status === 'doing' && status.Err
            ? 'stuck-doing'
            : null;
    return { observed: `${said} (no sync asked for)`, reading };
}
function whileScanning(seen) {
    const rows = seen.localWhileScanning;
    if (rows.length === 0)
        return { note: `${NOTHING} (no image among the targets is being scanned)` };
    const served = rows.find((entry) => entry.rows > 0);
    if (served)
        return {
            observed: `${served.rows} rows served at VirusScanStatus ${String(served.status)}`,
            reading: 'served'
        };
    return {
        observed: 'no rows at VirusScanStatus 0 or 1 (also so for an image never scanned)',
        reading: null
    };
}
function riskLevelType(values, what) {
    if (values.length === 0)
        return { note: `${NOTHING} (no ${what} finding among the targets)` };
    const types = [...new Set(values.map((value) => (value === null ? 'null' : typeof value)))];
    return {
        observed: `RiskLevel values ${distinct(values.slice(0, 20))}`,
        reading: types.length === 1 ? types[0] : null
    };
}
/** Every open fact of docs/api-contract.md, and the RiskLevel types the gate reads. */
const FACTS = [
    {
        fact: 'virusListOrder',
        assumed: 'DescribeAssetImageVirusList sorts by Order/By as asked (a read is proven complete whatever the order)',
        observe: localOrder
    },
    {
        fact: 'registryVirusListOrder',
        assumed: 'DescribeAssetImageRegistryVirusList (no Order/By) keeps one order (overlapping pages are re-read)',
        observe: registryOrder
    },
    {
        fact: 'localTaskStatus',
        assumed: 'scan task Status names are for the log only',
        observe: () => ({ note: NO_WRITE })
    },
    {
        fact: 'registryTaskStatus',
        assumed: 'scan task Status names are for the log only',
        observe: () => ({ note: NO_WRITE })
    },
    {
        fact: 'localTaskId',
        assumed: 'CreateAssetImageScanTask may answer without a TaskID',
        observe: () => ({ note: NO_WRITE })
    },
    {
        fact: 'registryTaskId',
        assumed: 'CreateAssetImageRegistryScanTask may answer without a TaskID',
        observe: () => ({ note: NO_WRITE })
    },
    {
        fact: 'localBusyCode',
        assumed: 'a refused scan task is explained by the image (IsAuthorized, scanning)',
        observe: () => ({ note: NO_WRITE })
    },
    {
        fact: 'registryBusyCode',
        assumed: 'a refused scan task is explained by the image (IsAuthorized, scanning)',
        observe: () => ({ note: NO_WRITE })
    },
    {
        fact: 'registrySync',
        assumed: 'DescribeAssetImageRegistryAssetStatus ends in success, or stays doing; the registry list decides',
        observe: registrySync
    },
    {
        fact: 'imageNameFilter',
        assumed: 'the ImageName filter matches by substring or exactly: the gate asks by the repository, then by name:tag, and compares name:tag itself',
        observe: nameFilter
    },
    {
        fact: 'registryScanStatus',
        assumed: 'never read: the virus status is VirusStatus',
        observe: registryScanStatus
    },
    {
        fact: 'registryVirusStatusNames',
        assumed: 'NOT_SCAN/SCANNING/SCANNED/SCAN_ERR/SCAN_CANCELED, or WAIT_SCAN and CANCELED',
        observe: registryStatusNames
    },
    {
        fact: 'scanTimeFormat',
        assumed: 'ISO 8601 with a zone, or YYYY-MM-DD HH:MM:SS read as UTC+8',
        observe: scanTimes
    },
    {
        fact: 'registryAddress',
        assumed: 'ImageRepoAddress is host/namespace/name, or the host alone beside Namespace and ImageName',
        observe: registryAddress
    },
    {
        fact: 'virusRowsWhileScanning',
        assumed: 'rows are read only at VirusScanStatus 2',
        observe: whileScanning
    },
    {
        fact: 'multiPlatformListing',
        assumed: "each platform of an image index is its own row, or the index row whose ImageId is the platform's config digest",
        observe: () => ({
            note: 'not observed by the doctor (it reads no registry manifest); a gate run with --registry-image shows it'
        })
    },
    {
        fact: 'localRiskLevel',
        assumed: 'DescribeAssetImageVirusList RiskLevel is a number 1-4 (anything else is judged as critical)',
        observe: (seen) => riskLevelType(seen.localRiskLevels, 'local image')
    },
    {
        fact: 'registryRiskLevel',
        assumed: 'DescribeAssetImageRegistryVirusList RiskLevel is a string "1"-"4"',
        observe: (seen) => riskLevelType(seen.registryRiskLevels, 'registry image')
    },
    {
        fact: 'rateLimitWindow',
        assumed: 'any of a sliding one-second window, whole seconds or a refilling bucket: requests spaced evenly at --max-rps stay within each',
        observe: () => ({
            note: 'not observable without sending requests above the limit, which the doctor never does'
        })
    }
];
function observedReadings(seen) {
    return FACTS.map(({ fact, assumed, observe }) => {
        const result = observe(seen);
        return 'note' in result
            ? { fact, assumed, observed: null, reading: null, note: result.note }
            : { fact, assumed, observed: result.observed, reading: result.reading };
    });
}

// EXTERNAL MODULE: ./src/sources/tcss/registry-rows.ts
var registry_rows = __webpack_require__(9259);
;// CONCATENATED MODULE: ./src/cli/doctor/registry-targets.ts



const registry_targets_UNAUTHORIZED_FIX = 'Authorize the image for scanning in the TCSS console (Assets, Image registries: authorize), or turn on ' +
    'automatic authorization for the registry; the gate never authorizes images.';
/** The registry list (and the registries connected), read once for all registry targets. */
async function readRegistryListing(context, view) {
    const { api, observations } = context;
    const list = await readList(api, 'DescribeAssetImageRegistryList', { Order: 'asc', By: 'Id' });
    if (list.kind !== 'list')
        return unreadTarget(view, list);
    for (const row of list.list.rows) {
        observations.repoAddresses.push(row.ImageRepoAddress);
        observations.registryStatusPairs.push({ virus: row.VirusStatus, scan: row.ScanStatus });
        observations.registryVirusStatuses.push(row.VirusStatus);
        noteTime(observations, row.ScanTime);
    }
    const rows = (0,registry_rows/* parseRegistryList */.hJ)({ List: list.list.rows, TotalCount: list.list.total }).items;
    const registries = await readList(api, 'DescribeAssetImageRegistryRegistryList', {});
    if (registries.kind !== 'list')
        return { rows };
    const connectedHosts = new Set(registries.list.rows.flatMap((row) => {
        const host = hostOf(row.Url);
        return host ? [host] : [];
    }));
    return { rows, connectedHosts };
}
/** The host[:port] of a registry's Url, in lower case. */
function hostOf(url) {
    if (typeof url !== 'string' || url.trim() === '')
        return undefined;
    try {
        return new URL(/^[a-z]+:\/\//i.test(url) ? url : `https://${url}`).host.toLowerCase();
    }
    catch {
        return undefined;
    }
}
function orderedRow(row) {
    const path = typeof row.Path === 'string' ? row.Path : '';
    return { key: `${String(row.FileMd5)}|${path}`, path, risk: row.RiskLevel };
}
async function checkRegistryImage(context, reference, listing) {
    const { api, observations } = context;
    const view = { kind: 'registry-image', reference: reference.text, listed: null };
    const host = reference.repository.slice(0, reference.repository.indexOf('/'));
    const hostListed = listing.rows.some((row) => row.repository !== '' && row.repository.startsWith(`${host}/`));
    view.registryConnected = listing.connectedHosts
        ? listing.connectedHosts.has(host) || hostListed
        : hostListed
            ? true
            : null;
    const connected = view.registryConnected === true
        ? 'registry connected'
        : view.registryConnected === false
            ? `the registry ${host} is not connected to TCSS`
            : `whether the registry ${host} is connected cannot be told (DescribeAssetImageRegistryRegistryList could not be read; the gate does not need it)`;
    const matched = listing.rows.filter((row) => (0,registry_rows/* matches */.cK)(row, reference));
    const sameRepository = listing.rows.filter((row) => row.repository === reference.repository);
    if (matched.length === 0 && reference.digest !== undefined && sameRepository.length > 0) {
        // An image index is listed under its platforms' digests, which only its manifest names.
        view.listed = null;
        view.similar = (0,registry_rows/* similarRows */.hx)(listing.rows, reference);
        return {
            id: 'target',
            status: 'not-checked',
            summary: targetSummary(view, [
                `no row has this digest, ${sameRepository.length} rows of the repository are listed (${view.similar.join(', ')})`,
                connected,
                'a multi-platform image is listed under the digests of its platforms, which the doctor does not read from the registry'
            ]),
            fix: null,
            target: view
        };
    }
    if (matched.length === 0) {
        view.listed = false;
        view.similar = (0,registry_rows/* similarRows */.hx)(listing.rows, reference);
        const alike = view.similar.length > 0
            ? `rows that look alike: ${view.similar.join(', ')}`
            : 'no row looks alike';
        const fix = view.registryConnected === false
            ? `connect the registry ${host} to TCSS (console: Assets, Image registries, add the TCR/CCR instance) and sync its assets; see docs/registry-images.md.`
            : 'TCSS lists a pushed tag once it has synced the registry: sync the assets (console: Assets, Image registries) or let the gate ask for a sync (--scan if-not-scanned or always); check the tag, namespace and host against the rows that look alike.';
        return {
            id: 'target',
            status: 'missing',
            summary: targetSummary(view, ['not listed', connected, alike]),
            fix,
            target: view
        };
    }
    view.listed = true;
    view.ids = matched.map((row) => row.id);
    const row = matched[0];
    view.imageId = row.imageId;
    const detail = await api.call('DescribeAssetImageRegistryDetail', { Id: row.id });
    if (detail.kind !== 'answer')
        return unreadTarget(view, detail);
    const authorized = detail.response.IsAuthorized ??
        (row.authorized === undefined ? undefined : row.authorized ? 1 : 0);
    view.authorized = authorized === 1 ? true : authorized === 0 ? false : null;
    view.virusStatus = detail.response.VirusStatus;
    observations.registryVirusStatuses.push(detail.response.VirusStatus);
    noteTime(observations, detail.response.ScanTime);
    view.scanTime =
        typeof detail.response.ScanTime === 'string' && detail.response.ScanTime !== ''
            ? detail.response.ScanTime
            : null;
    const virus = await readList(api, 'DescribeAssetImageRegistryVirusList', { Id: row.id });
    if (virus.kind !== 'list')
        return unreadTarget(view, virus);
    const risks = virus.list.rows.map((finding) => finding.RiskLevel);
    observations.registryRiskLevels.push(...risks);
    view.findings = countLevels(risks);
    if (virus.list.rows.length < virus.list.total)
        view.totalFindings = virus.list.total;
    if (!observations.registryOrder && virus.list.rows.length >= 2 && virus.list.total <= 20)
        await observeRegistryOrder(context, row.id, virus.list.rows.map(orderedRow));
    const summary = targetSummary(view, [
        `listed (Id ${view.ids.join(', Id ')})`,
        connected,
        authorizedText(view.authorized),
        `VirusStatus ${JSON.stringify(view.virusStatus) ?? 'missing'}`,
        `last scan ${view.scanTime ?? 'none'}`,
        findingsText(view)
    ]);
    if (view.authorized === false)
        return { id: 'target', status: 'missing', summary, fix: registry_targets_UNAUTHORIZED_FIX, target: view };
    return { id: 'target', status: 'ok', summary, fix: null, target: view };
}
/** The same rows read two at a time: whether the order depends on Limit (the list takes no Order/By). */
async function observeRegistryOrder(context, id, whole) {
    const paged = [];
    for (let offset = 0; offset < whole.length; offset += 2) {
        const page = await context.api.call('DescribeAssetImageRegistryVirusList', {
            Id: id,
            Limit: 2,
            Offset: offset
        });
        if (page.kind !== 'answer' || !Array.isArray(page.response.List))
            return;
        paged.push(...page.response.List.filter(isObject).map(orderedRow));
    }
    context.observations.registryOrder = { whole, paged };
}
/** A registry image whose listing could not be read. */
function registryView(reference) {
    return { kind: 'registry-image', reference: reference.text, listed: null };
}

;// CONCATENATED MODULE: ./src/cli/doctor/report.ts
/**
 * The doctor's report: plain text for people (one line per check, ✓ / ✗ /
 * – with the fix under it, then the observed readings) and one JSON document
 * for machines (docs/doctor.md). Secrets are removed from both.
 */


/** The version of the JSON document's shape; raised only when a field changes meaning or goes. */
const DOCTOR_SCHEMA = 1;
/** Everything the gate needs is in place: no check found something missing. */
function allInPlace(report) {
    return report.checks.every((check) => check.status !== 'missing');
}
const MARK = { ok: '✓', missing: '✗', 'not-checked': '–' };
function doctorText(report) {
    const { connection } = report;
    const lines = [
        `${constants/* TOOL_NAME */.lH} doctor ${constants/* TOOL_VERSION */.wr}: ${connection.endpoint}, region ${connection.region ?? '(none)'}, ${connection.proxy ? `through the proxy ${connection.proxy}` : 'no proxy'}`,
        ''
    ];
    for (const check of report.checks) {
        const label = check.id === 'permission' || check.id === 'target' ? '' : `${check.id.replace('-', ' ')}: `;
        lines.push(`${MARK[check.status]} ${label}${check.summary}`);
        if (check.fix)
            lines.push(`    fix: ${check.fix}`);
    }
    const writes = report.writeActions;
    lines.push(`– write actions ${writes.actions.join(', ')}: ${writes.note}`);
    for (const line of JSON.stringify(writes.statement, null, 2).split('\n'))
        lines.push(`    ${line}`);
    lines.push('', 'Readings of the facts no document settles (docs/api-contract.md, "Open facts"):');
    for (const reading of report.readings) {
        const seen = reading.observed === null
            ? (reading.note ?? 'not observable with this account')
            : `observed: ${reading.observed}${reading.reading ? ` (reading: ${reading.reading})` : ''}`;
        lines.push(`  ${reading.fact}: ${seen}; the gate assumes: ${reading.assumed}`);
    }
    const missing = report.checks.filter((check) => check.status === 'missing').length;
    lines.push('', missing === 0
        ? 'Everything the gate needs is in place (the write actions excepted: they cannot be checked without acting).'
        : `${missing} ${missing === 1 ? 'thing' : 'things'} the gate needs ${missing === 1 ? 'is' : 'are'} missing (✗ above, each with its fix).`, 'For a bug report, paste this whole output (it holds no secret).');
    return (0,secrets/* redact */.E$)(`${lines.join('\n')}\n`);
}
function doctorJson(report) {
    const document = {
        schema: DOCTOR_SCHEMA,
        tool: constants/* TOOL_NAME */.lH,
        version: constants/* TOOL_VERSION */.wr,
        ok: allInPlace(report),
        connection: report.connection,
        checks: report.checks,
        readings: report.readings,
        writeActions: report.writeActions
    };
    return (0,secrets/* redact */.E$)(`${JSON.stringify(document, null, 2)}\n`);
}

;// CONCATENATED MODULE: ./src/cli/doctor/write-actions.ts
/**
 * The write actions of a gate run: named, never tried (trying one would start
 * a scan or a sync), with the statement that grants them beside the reads:
 * the "read + scan" policy of docs/cam-policies.md.
 */
const WRITE_ACTIONS = [
    'tcss:CreateAssetImageScanTask',
    'tcss:CreateAssetImageRegistryScanTask',
    'tcss:SyncAssetImageRegistryAsset'
];
/** The read + scan statement (docs/cam-policies.md): every action a gate run may send. */
const READ_AND_SCAN_POLICY = {
    version: '2.0',
    statement: [
        {
            effect: 'allow',
            action: [
                'tcss:DescribeAssetImageVirusList',
                'tcss:DescribeAssetImageList',
                'tcss:DescribeAssetImageDetail',
                'tcss:DescribeAssetImageRegistryList',
                'tcss:DescribeAssetImageRegistryDetail',
                'tcss:DescribeAssetImageRegistryVirusList',
                'tcss:DescribeVirusDetail',
                'tcss:CreateAssetImageScanTask',
                'tcss:DescribeAssetImageScanStatus',
                'tcss:CreateAssetImageRegistryScanTask',
                'tcss:DescribeAssetImageRegistryScanStatusOneKey',
                'tcss:SyncAssetImageRegistryAsset',
                'tcss:DescribeAssetImageRegistryAssetStatus'
            ],
            resource: ['*']
        }
    ]
};
function writeActions() {
    return {
        tried: false,
        actions: [...WRITE_ACTIONS],
        note: 'not tried: a write would start a scan or a registry sync. A gate run with --scan if-not-scanned (the default) or always may send them; --scan never sends none. Grant them with the read + scan statement:',
        statement: READ_AND_SCAN_POLICY
    };
}

;// CONCATENATED MODULE: ./src/cli/doctor/main.ts
/**
 * `tcss-virus-gate doctor`: the settings a gate run would use (the same
 * flags and environment, interpreted by core/settings.ts), then read-only
 * checks in order — endpoint, credentials, service role, permissions,
 * targets — and the observed readings of the open facts; the report on
 * stdout, text or JSON. Loaded only for `doctor` (src/cli/index.ts).
 */


















const TARGET_INPUTS = [constants/* Inputs */.G0.ImageId, constants/* Inputs */.G0.Image, constants/* Inputs */.G0.RegistryImage, constants/* Inputs */.G0.EventIds];
/** Stands in for the targets a doctor run may leave out (the settings require one); never sent. */
const NO_TARGET = 'tcss-virus-gate-doctor-no-target';
/** Runs the doctor once; resolves to the exit code. Never throws. */
async function runDoctor(io, overrides = {}) {
    const commandLine = parseDoctorCommandLine(io.argv);
    if (commandLine.kind === 'print') {
        io.stdout((0,secrets/* redact */.E$)(commandLine.text));
        return exit_code/* EXIT_PASS */.rc;
    }
    if (commandLine.kind === 'usage-error') {
        io.stderr((0,secrets/* redact */.E$)(`${commandLine.message}\nRun 'tcss-virus-gate doctor --help' for the flags.\n`));
        return exit_code/* EXIT_CONFIGURATION */.KK;
    }
    let settings;
    let targets;
    try {
        ;
        ({ settings, targets } = doctorSettings(commandLine.inputs, io));
    }
    catch (error) {
        const message = error instanceof errors/* InputError */.dz ? error.in(vocabulary/* CLI_VOCABULARY */.U) : (0,errors/* errorMessage */.gJ)(error);
        io.stderr((0,secrets/* redact */.E$)(`error: ${message}\n`));
        return exit_code/* EXIT_CONFIGURATION */.KK;
    }
    try {
        const report = await examine(settings, targets, io.env, overrides);
        io.stdout(commandLine.json ? doctorJson(report) : doctorText(report));
        return allInPlace(report) ? exit_code/* EXIT_PASS */.rc : exit_code/* EXIT_FAIL */.WV;
    }
    catch (error) {
        io.stderr((0,secrets/* redact */.E$)(`error: the doctor stopped: ${(0,errors/* errorMessage */.gJ)(error)}\n`));
        return exit_code/* EXIT_FAIL */.WV;
    }
}
/** The settings of a gate run with these flags; the targets as given, none allowed. */
function doctorSettings(inputs, io) {
    const given = TARGET_INPUTS.some((name) => (0,core_targets/* listLines */.i4)(inputs[name] ?? '').length > 0);
    const settings = (0,gate_settings/* readSettings */.s)({
        inputs: given ? inputs : { ...inputs, [constants/* Inputs */.G0.EventIds]: NO_TARGET },
        workspace: io.cwd,
        // The command line requests no OIDC token (see src/cli/main.ts).
        env: { ...io.env, ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' },
        isForkPullRequest: false
    });
    const targets = given ? settings.targets : { images: [], eventIds: [], notices: [] };
    return { settings, targets };
}
async function examine(settings, targets, env, overrides) {
    const clock = overrides.clock ?? src_clock/* systemClock */.m;
    const source = settings.credentialSource;
    if (source.kind !== 'keys')
        throw new Error('keyless credentials are not available here');
    const api = createDoctorApi({
        settings,
        credentials: source.credentials,
        clock,
        deadline: clock.now() + settings.waitTimeoutMs,
        createApi: overrides.createApi
    });
    const observations = emptyObservations();
    const context = { api, observations };
    try {
        const access = await checkAccess(api, settings, neededReads(targets, settings.scan), observations);
        const targetChecks = access.usable
            ? await checkTargets(context, targets)
            : targetViews(targets).map((view) => ({
                id: 'target',
                status: 'not-checked',
                summary: `${view.kind} ${view.reference}: not checked (the API could not be used)`,
                fix: null,
                target: view
            }));
        const [endpoint, credentials, ...permissions] = access.checks;
        const role = access.usable
            ? serviceRoleCheck(api, api.answered)
            : {
                id: 'service-role',
                status: 'not-checked',
                summary: 'not checked (the API could not be used)',
                fix: null
            };
        const proxy = (0,cloud_proxy/* proxyFor */.iJ)(settings.endpoint, env);
        return {
            connection: {
                endpoint: `${settings.endpoint.protocol}${settings.endpoint.host}`,
                region: settings.region ?? null,
                proxy: proxy ? new URL(proxy).origin : null
            },
            checks: [endpoint, credentials, role, ...permissions, ...targetChecks],
            readings: observedReadings(observations),
            writeActions: writeActions()
        };
    }
    finally {
        api.close();
    }
}
/** Each target as given, before anything is read. */
function targetViews(targets) {
    return [
        ...targets.images.map((image) => {
            if (image.registryImage)
                return { kind: 'registry-image', reference: image.registryImage.text, listed: null };
            if (image.imageName)
                return { kind: 'image', reference: image.imageName, listed: null };
            return { kind: 'image-id', reference: image.imageId ?? '', listed: null };
        }),
        ...targets.eventIds.map((id) => ({
            kind: 'event-ids',
            reference: id,
            listed: null
        }))
    ];
}
async function checkTargets(context, targets) {
    const checks = [];
    let listing;
    for (const image of targets.images) {
        if (image.registryImage) {
            const reference = image.registryImage;
            listing ??= await readRegistryListing(context, {
                kind: 'registry-image',
                reference: reference.text,
                listed: null
            });
            checks.push('rows' in listing
                ? await checkRegistryImage(context, reference, listing)
                : {
                    ...listing,
                    summary: listing.summary.replace(/^\S+ \S+/, `registry-image ${reference.text}`)
                });
        }
        else if (image.imageName) {
            checks.push(await checkImageName(context, image.imageName));
        }
        else if (image.imageId) {
            checks.push(await checkLocalImage(context, { kind: 'image-id', reference: image.imageId, listed: null }, image.imageId));
        }
    }
    for (const id of targets.eventIds)
        checks.push(await checkEvent(context, id));
    return checks;
}


/***/ })

};
