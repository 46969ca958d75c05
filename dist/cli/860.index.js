export const id = 860;
export const ids = [860];
export const modules = {

/***/ 3540:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Uz: () => (/* binding */ evaluatePolicy),
/* harmony export */   vR: () => (/* binding */ combineHygiene),
/* harmony export */   yn: () => (/* binding */ withinThresholds)
/* harmony export */ });
/* unused harmony export EXPIRING_SOON_DAYS */
/* harmony import */ var minimatch__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3581);
/* harmony import */ var _levels_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7588);


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
            const matchers = entry.paths?.map((glob) => new minimatch__WEBPACK_IMPORTED_MODULE_0__/* .Minimatch */ .VR(glob, { dot: true, nocomment: true, nonegate: true }));
            active.set(entry.md5, { entry, matchers, used: false });
        }
    }
    const counts = (0,_levels_js__WEBPACK_IMPORTED_MODULE_1__/* .emptyCounts */ .W1)();
    const levels = new Map(_levels_js__WEBPACK_IMPORTED_MODULE_1__/* .LEVELS */ .A_.map((level) => [
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
        const result = levels.get((0,_levels_js__WEBPACK_IMPORTED_MODULE_1__/* .judgedLevel */ .Uo)(finding.level));
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
        if (!finding.allowlisted && levels.get((0,_levels_js__WEBPACK_IMPORTED_MODULE_1__/* .judgedLevel */ .Uo)(finding.level))?.breached)
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
        const rank = (0,_levels_js__WEBPACK_IMPORTED_MODULE_1__/* .severityRank */ .qs)(finding.level);
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
        const unknownNote = unknown > 0 ? `; ${unknown} with an unknown RiskLevel judged as critical` : '';
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


/***/ }),

/***/ 9294:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AP: () => (/* binding */ assembleResult),
/* harmony export */   PO: () => (/* binding */ distinctImages),
/* harmony export */   bC: () => (/* binding */ unjudged),
/* harmony export */   c4: () => (/* binding */ allFindings),
/* harmony export */   ec: () => (/* binding */ imageLabel),
/* harmony export */   hc: () => (/* binding */ allWarnings),
/* harmony export */   xA: () => (/* binding */ violations)
/* harmony export */ });
/* unused harmony exports placeOf, overallScanStatus */
/* harmony import */ var _evaluate_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3540);
/* harmony import */ var _levels_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7588);


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
        scanStatus: overallScanStatus(images),
        tally: tally(images, events, single),
        single,
        soleImage: images.length === 1 ? images[0] : undefined,
        hygiene: runHygiene(partial, single),
        ...facts
    };
}
function judgedImage(image) {
    const label = imageLabel(image);
    return {
        ...image,
        kind: 'image',
        state: image.sameAs !== undefined ? 'same' : image.evaluation ? 'judged' : 'unread',
        label,
        subject: `image ${label}`
    };
}
/** How messages name the image: `name:tag (ImageID)`, the name alone while unresolved, or the ImageID. */
function imageLabel(result) {
    if (result.imageName === undefined)
        return result.imageId;
    return result.imageId ? `${result.imageName} (${result.imageId})` : result.imageName;
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
function eventSet(read) {
    const { evaluation } = read;
    const levels = levelResults(evaluation);
    const judged = new Map(evaluation.findings.map((finding) => [finding.eventId, finding]));
    const all = read.items.map((item) => {
        const base = { kind: 'event', id: item.id, subject: `runtime event ${item.id}` };
        if (!item.event)
            return { ...base, state: 'unread', failure: item.failure };
        const place = placeOf(item.event);
        const finding = judged.get(item.id);
        if (!item.event.open || !finding)
            return { ...base, state: 'resolved', event: item.event, place };
        const levelResult = levels.get((0,_levels_js__WEBPACK_IMPORTED_MODULE_1__/* .judgedLevel */ .Uo)(finding.level));
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
function levelResults(evaluation) {
    return new Map(evaluation.levels.map((level) => [level.level, level]));
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
        : `${(0,_evaluate_js__WEBPACK_IMPORTED_MODULE_0__/* .withinThresholds */ .yn)(open.length, evaluation.allowlisted, 'open event(s)')}${resolved.length > 0 ? `, ${resolved.length} resolved` : ''}.`;
    return { verdict: 'pass', reason };
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
function tally(images, events, single) {
    const sum = {
        findings: 0,
        violations: 0,
        allowlisted: 0,
        counts: (0,_levels_js__WEBPACK_IMPORTED_MODULE_1__/* .emptyCounts */ .W1)(),
        judged: !single || images[0].evaluation !== undefined
    };
    for (const evaluation of evaluations({ images, events })) {
        sum.findings += evaluation.findings.length;
        sum.violations += evaluation.violations;
        sum.allowlisted += evaluation.allowlisted;
        for (const level of _levels_js__WEBPACK_IMPORTED_MODULE_1__/* .FINDING_LEVELS */ .QL)
            sum.counts[level] += evaluation.counts[level];
    }
    return sum;
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
            found.push({ target: image, finding, levelResult: levels.get((0,_levels_js__WEBPACK_IMPORTED_MODULE_1__/* .judgedLevel */ .Uo)(finding.level)) });
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
/**
 * The allowlist hygiene of the whole run: expired and expiring entries, and
 * the entries that matched nothing anywhere (only when everything could be
 * judged). Undefined when nothing was judged.
 */
function runHygiene(result, single) {
    const all = evaluations(result);
    if (single)
        return all[0]?.hygiene;
    const images = distinctImages(result);
    const complete = images.every((image) => image.evaluation !== undefined) &&
        (result.events?.unread.length ?? 0) === 0;
    const subject = result.events === undefined
        ? 'finding of any gated image'
        : images.length === 0
            ? 'open runtime event'
            : 'finding of any gated image or open runtime event';
    return (0,_evaluate_js__WEBPACK_IMPORTED_MODULE_0__/* .combineHygiene */ .vR)(all.map((evaluation) => evaluation.hygiene), subject, complete);
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
    return `${(0,_evaluate_js__WEBPACK_IMPORTED_MODULE_0__/* .withinThresholds */ .yn)(findings, allowlisted)}.`;
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
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7242);
/* harmony import */ var _core_levels_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7588);
/* harmony import */ var _core_result_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9294);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7085);





/**
 * Sets every output; small values only (counts and paths, never the list).
 * Counts are over every image and every open runtime event; scan-status is
 * the worst status of the images (see overallScanStatus).
 */
function setOutputs(result, out = _actions_core__WEBPACK_IMPORTED_MODULE_0__) {
    judgedOutputsSet.add(out);
    const sum = result.tally;
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.Verdict, result.verdict);
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.ScanStatus, result.scanStatus ?? '');
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.Findings, String(sum.findings));
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.Violations, String(sum.violations));
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.Allowlisted, String(sum.allowlisted));
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.Counts, JSON.stringify(sum.counts));
}
/** The runners whose judged outputs are set: nothing may overwrite them afterwards. */
const judgedOutputsSet = new WeakSet();
/**
 * Outputs for a run that stopped before it could judge anything (bad input or
 * policy, a signal). Once the judged outputs are set, it leaves them alone.
 */
function setFailureOutputs(scanStatus, out = _actions_core__WEBPACK_IMPORTED_MODULE_0__) {
    if (judgedOutputsSet.has(out))
        return;
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.Verdict, 'fail');
    if (scanStatus)
        out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.ScanStatus, scanStatus);
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.Findings, '0');
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.Violations, '0');
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.Allowlisted, '0');
    out.setOutput(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.Counts, JSON.stringify((0,_core_levels_js__WEBPACK_IMPORTED_MODULE_2__/* .emptyCounts */ .W1)()));
}
/**
 * One annotation per violation, at most ten (what GitHub shows per step),
 * then one notice for the rest. Errors when enforcing, warnings in report-only mode.
 * The toolkit escapes the message, so untrusted text cannot end the command.
 */
function annotateViolations(result, out = _actions_core__WEBPACK_IMPORTED_MODULE_0__) {
    const annotations = (0,_core_result_js__WEBPACK_IMPORTED_MODULE_3__/* .violations */ .xA)(result).map(({ target, finding }) => {
        const level = levelText(finding.level);
        const what = `${level} virus ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeLogText */ .dD)(finding.virusName || '(unnamed)')} in ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeLogText */ .dD)(finding.path || '(no path)')}`;
        const md5 = `(md5 ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeLogText */ .dD)(finding.md5 || 'none')})`;
        if (target.kind === 'image') {
            return {
                message: `${what} ${md5}`,
                title: `TCSS virus gate: ${level} finding in ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeLogText */ .dD)(target.label)}`
            };
        }
        return {
            message: `${what}${where(target.place)} ${md5}, status ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeLogText */ .dD)(target.event?.status ?? 'null')}`,
            title: `TCSS virus gate: open ${level} runtime event ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeLogText */ .dD)(target.id)}`
        };
    });
    const annotate = result.enforce ? out.error : out.warning;
    for (const { message, title } of annotations.slice(0, _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_ERROR_ANNOTATIONS */ .tU)) {
        annotate(message, { title });
    }
    const more = annotations.length - _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_ERROR_ANNOTATIONS */ .tU;
    if (more > 0)
        out.notice(`${more} more violations — see the job summary`, { title: 'TCSS virus gate' });
}
/**
 * With several images or events, one annotation per image or event that could
 * not be judged, so the run page names each (with one image, the failure line
 * says it all).
 */
function annotateFailures(result, out = _actions_core__WEBPACK_IMPORTED_MODULE_0__) {
    if (result.single)
        return;
    const annotate = result.enforce ? out.error : out.warning;
    for (const { subject, failure } of (0,_core_result_js__WEBPACK_IMPORTED_MODULE_3__/* .unjudged */ .bC)(result).slice(0, _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_ERROR_ANNOTATIONS */ .tU)) {
        annotate((0,_escape_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeLogText */ .dD)(failure.message), {
            title: `TCSS virus gate: could not judge ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeLogText */ .dD)(subject)}`
        });
    }
}
function levelText(level) {
    return level === 'unknown' ? 'unknown-level (judged critical)' : level;
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
    return (0,_escape_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeLogText */ .dD)(head + tail);
}
/** Lists the findings in the log between stop-commands markers, one escaped line each. */
function logFindings(result, token, maxLines = 1000, out = _actions_core__WEBPACK_IMPORTED_MODULE_0__) {
    let budget = maxLines;
    for (const image of (0,_core_result_js__WEBPACK_IMPORTED_MODULE_3__/* .distinctImages */ .PO)(result)) {
        const findings = image.evaluation?.findings ?? [];
        if (findings.length === 0)
            continue;
        const title = result.single
            ? `Findings (${findings.length})`
            : `Findings in ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeLogText */ .dD)(image.label)} (${findings.length})`;
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
        out.info((0,_escape_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeLogText */ .dD)(line(item)));
    if (items.length > shown.length)
        out.info(`${items.length - shown.length} more ${noun} are in the summary and the JSON report.`);
    out.info(`::${token}::`);
    out.endGroup();
    return shown.length;
}


/***/ })

};
