export const id = 37;
export const ids = [37];
export const modules = {

/***/ 9037:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  parsePolicy: () => (/* binding */ parsePolicy)
});

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/core/policy-yaml.ts
/**
 * Reading YAML nodes for the policy parser (policy.ts): keys and scalars as
 * written, numbers and dates checked, and values described for messages.
 */

function keyText(pair) {
    const key = pair.key;
    if ((0,dist/* isScalar */.jn)(key) && typeof key.value === 'string')
        return key.value;
    // A numeric key as written: 4 is a level, 04, 4.0 and 0x4 are not.
    if ((0,dist/* isScalar */.jn)(key) && typeof key.value === 'number')
        return sourceOf(key) ?? String(key.value);
    return undefined;
}
function sourceOf(node) {
    const source = node.source;
    return typeof source === 'string' ? source : undefined;
}
/** The text of a plain or quoted scalar as written (so an all-digit md5 keeps its digits). */
function scalarText(node) {
    if (!(0,dist/* isScalar */.jn)(node))
        return undefined;
    if (typeof node.value === 'string')
        return node.value;
    if (node.value === null || typeof node.value === 'boolean')
        return undefined;
    const source = node.source;
    return typeof source === 'string' ? source : String(node.value);
}
function isDecimal(node) {
    return /^-?\d+(\.\d*)?$/.test(sourceOf(node) ?? '');
}
/** A non-negative whole number, or a phrase saying what is wrong with the value. */
function wholeNumber(node) {
    if (node === null || ((0,dist/* isScalar */.jn)(node) && node.value === null))
        return 'is empty';
    if (!(0,dist/* isScalar */.jn)(node))
        return `is ${describe(node)}, not a number`;
    if (typeof node.value !== 'number')
        return `is ${show(node)}, not a number`;
    if (!isDecimal(node))
        return `is written ${show(node)}; write it in decimal digits`;
    // 010 is 10 in YAML 1.2 and 8 in YAML 1.1 (and under a %YAML 1.1 directive): refuse the guess.
    if (/^-?0\d/.test(sourceOf(node) ?? ''))
        return `is written ${show(node)} with a leading zero, which YAML 1.1 reads as octal; write it without`;
    if (node.value < 0)
        return `is ${show(node)}, a negative number`;
    if (!/^\d+$/.test(sourceOf(node) ?? ''))
        return `is ${show(node)}, not a whole number (a fraction, or written with a decimal point)`;
    if (!Number.isSafeInteger(node.value))
        return `is ${show(node)}, too large`;
    return node.value;
}
function show(node) {
    if ((0,dist/* isScalar */.jn)(node)) {
        const source = node.source;
        const text = typeof source === 'string' ? source : JSON.stringify(node.value);
        return `'${String(text).slice(0, 60)}'`;
    }
    return describe(node);
}
function describe(node) {
    if (node === null || node === undefined)
        return 'nothing';
    if ((0,dist/* isMap */.jh)(node))
        return 'a mapping';
    if ((0,dist/* isSeq */.oP)(node))
        return 'a list';
    if ((0,dist/* isAlias */.Vj)(node))
        return 'an alias';
    if ((0,dist/* isScalar */.jn)(node)) {
        if (node.value === null)
            return 'nothing';
        return `${typeof node.value === 'string' ? 'the text' : `the ${typeof node.value}`} ${show(node)}`;
    }
    return 'an unexpected value';
}
/** yaml's messages end with " at line L, column C"; the location is reported separately. */
function yamlMessage(message) {
    return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}

// EXTERNAL MODULE: ./src/core/calendar-date.ts
var calendar_date = __webpack_require__(9082);
// EXTERNAL MODULE: ./src/core/levels.ts
var levels = __webpack_require__(7588);
;// CONCATENATED MODULE: ./src/core/policy.ts
/** The policy file's model and its parser: thresholds per level and an allowlist, every mistake located. */





const TOP_KEYS = ['version', 'thresholds', 'allowlist'];
const ENTRY_KEYS = ['md5', 'reason', 'expires', 'paths'];
const LEVEL_KEYS = `${levels/* LEVELS */.A_.join(', ')} (or ${levels/* LEVELS */.A_.map(levels/* riskOfLevel */.xx).join(', ')})`;
const MAX_PROBLEMS = 50;
/**
 * Parses a version-1 policy. Every mistake becomes a located problem; all of
 * them are reported together in one PolicyError.
 */
function parsePolicy(text, file) {
    const lineCounter = new dist/* LineCounter */.HN();
    const problems = [];
    const report = (offset, message) => {
        const { line, col } = lineCounter.linePos(offset);
        problems.push({ line, column: col, message });
    };
    const at = Object.assign((node, fallback, message) => report(node?.range?.[0] ?? fallback, message), { lineOf: (node) => lineCounter.linePos(node.range?.[0] ?? 0).line });
    const doc = (0,dist/* parseDocument */.Tp)(text, {
        lineCounter,
        uniqueKeys: true,
        strict: true,
        prettyErrors: false
    });
    for (const issue of [...doc.errors, ...doc.warnings]) {
        report(issue.pos[0], yamlMessage(issue.message));
    }
    if (problems.length > 0)
        throw new errors/* PolicyError */.pn(file, problems.slice(0, MAX_PROBLEMS));
    (0,dist/* visit */.YR)(doc, {
        Alias(_key, node) {
            at(node, 0, 'YAML aliases (*name) are not allowed in a policy; write the value out');
        }
    });
    if (problems.length > 0)
        throw new errors/* PolicyError */.pn(file, problems.slice(0, MAX_PROBLEMS));
    const root = doc.contents;
    const policy = { source: file, thresholds: {}, allowlist: [], warnings: [] };
    if (root === null || ((0,dist/* isScalar */.jn)(root) && root.value === null)) {
        report(0, 'the policy is empty; expected a mapping with at least "version: 1"');
        throw new errors/* PolicyError */.pn(file, problems);
    }
    if (!(0,dist/* isMap */.jh)(root)) {
        at(root, 0, `expected a mapping with the keys ${TOP_KEYS.join(', ')}, found ${describe(root)}`);
        throw new errors/* PolicyError */.pn(file, problems);
    }
    let sawVersion = false;
    let sawThresholds = false;
    for (const pair of root.items) {
        const key = keyText(pair);
        const keyNode = pair.key;
        if (key === undefined || !TOP_KEYS.includes(key)) {
            at(keyNode, 0, `unknown key ${JSON.stringify(key ?? describe(pair.key))}; allowed keys: ${TOP_KEYS.join(', ')}`);
            continue;
        }
        const value = pair.value;
        if (key === 'version') {
            sawVersion = true;
            if (!(0,dist/* isScalar */.jn)(value) || value.value !== 1 || sourceOf(value) !== '1') {
                at(value ?? keyNode, 0, `unsupported policy version ${show(value)}; expected 1`);
            }
        }
        else if (key === 'thresholds') {
            sawThresholds = true;
            readThresholds(value, keyNode, policy, at);
        }
        else {
            readAllowlist(value, keyNode, policy, at);
        }
    }
    if (!sawVersion)
        at(root, 0, 'missing "version: 1" (the policy format version)');
    if (problems.length > 0)
        throw new errors/* PolicyError */.pn(file, problems.slice(0, MAX_PROBLEMS));
    if (!sawThresholds || Object.keys(policy.thresholds).length === 0) {
        policy.warnings.push(`The policy ${file} sets no thresholds, so every level is unlimited and no finding can fail the gate.`);
    }
    return policy;
}
function readThresholds(value, keyNode, policy, at) {
    if (!(0,dist/* isMap */.jh)(value)) {
        at(value ?? keyNode, 0, `"thresholds" must be a mapping of level: number (levels: ${LEVEL_KEYS}), found ${describe(value)}`);
        return;
    }
    const seenAt = new Map();
    for (const pair of value.items) {
        const keyNode2 = pair.key;
        const name = keyText(pair);
        const level = name === undefined ? undefined : toLevel(name);
        if (level === undefined) {
            at(keyNode2, 0, `unknown level ${JSON.stringify(name ?? describe(pair.key))}; allowed levels: ${LEVEL_KEYS}`);
            continue;
        }
        if (seenAt.has(level)) {
            at(keyNode2, 0, `the level ${level} is given twice (${level} and RiskLevel ${(0,levels/* riskOfLevel */.xx)(level)} are the same level)`);
            continue;
        }
        seenAt.set(level, keyNode2);
        const limit = pair.value;
        const count = wholeNumber(limit);
        if (typeof count === 'string') {
            at(limit ?? keyNode2, 0, `threshold for ${level} ${count}; expected a whole number of findings, 0 or more`);
            continue;
        }
        policy.thresholds[level] = count;
    }
}
function readAllowlist(value, keyNode, policy, at) {
    // An empty "allowlist:" excuses nothing, which is the strict reading.
    if (value === null || ((0,dist/* isScalar */.jn)(value) && value.value === null))
        return;
    if (!(0,dist/* isSeq */.oP)(value)) {
        at(value ?? keyNode, 0, `"allowlist" must be a list of entries with md5 and reason, found ${describe(value)}`);
        return;
    }
    const firstLine = new Map();
    for (const item of value.items) {
        if (!(0,dist/* isMap */.jh)(item)) {
            at(item ?? value, 0, `an allowlist entry must be a mapping with the keys md5, reason and optionally expires, found ${describe(item)}`);
            continue;
        }
        const entry = readEntry(item, at);
        if (!entry)
            continue;
        const earlier = firstLine.get(entry.md5);
        if (earlier !== undefined) {
            at(item, 0, `duplicate allowlist entry for md5 ${entry.md5} (first given on line ${earlier}); keep one entry per md5`);
            continue;
        }
        firstLine.set(entry.md5, entry.line);
        policy.allowlist.push(entry);
    }
}
function readEntry(item, at) {
    let md5;
    let reason;
    let expires;
    let paths;
    let ok = true;
    for (const pair of item.items) {
        const name = keyText(pair);
        const keyNode = pair.key;
        const value = pair.value;
        if (name === undefined || !ENTRY_KEYS.includes(name)) {
            at(keyNode, 0, `unknown key ${JSON.stringify(name ?? describe(pair.key))} in an allowlist entry; allowed keys: ${ENTRY_KEYS.join(', ')}`);
            ok = false;
        }
        else if (name === 'md5') {
            const text = scalarText(value);
            if (text === undefined || !/^[0-9a-f]{32}$/i.test(text)) {
                at(value ?? keyNode, 0, `md5 ${show(value)} is not an MD5; expected 32 hexadecimal digits`);
                ok = false;
            }
            else {
                md5 = text.toLowerCase();
            }
        }
        else if (name === 'reason') {
            if (!(0,dist/* isScalar */.jn)(value) || typeof value.value !== 'string' || value.value.trim() === '') {
                at(value ?? keyNode, 0, `reason ${show(value)} is not usable; expected a non-empty text saying why the file is excused`);
                ok = false;
            }
            else {
                reason = value.value.trim();
            }
        }
        else if (name === 'paths') {
            paths = readPaths(value, keyNode, at);
            if (paths === undefined)
                ok = false;
        }
        else {
            const text = scalarText(value);
            if (text === undefined || !(0,calendar_date/* isCalendarDate */.t)(text)) {
                at(value ?? keyNode, 0, `expires ${show(value)} is not a date; expected YYYY-MM-DD, for example 2027-06-30`);
                ok = false;
            }
            else {
                expires = text;
            }
        }
    }
    const line = at.lineOf(item);
    if (md5 === undefined && ok) {
        at(item, 0, 'allowlist entry has no md5; every entry needs md5 (32 hex digits) and reason');
        ok = false;
    }
    if (reason === undefined && ok) {
        at(item, 0, 'allowlist entry has no reason; say why the file is excused');
        ok = false;
    }
    if (!ok || md5 === undefined || reason === undefined)
        return undefined;
    const entry = { md5, reason, line };
    if (expires !== undefined)
        entry.expires = expires;
    if (paths !== undefined)
        entry.paths = paths;
    return entry;
}
/** A non-empty list of glob patterns of absolute in-image paths. */
function readPaths(value, keyNode, at) {
    const allowed = 'expected a list of glob patterns of paths inside the image, such as /app/test/**';
    if (!(0,dist/* isSeq */.oP)(value) || value.items.length === 0) {
        at(value ?? keyNode, 0, `paths is ${describe(value)}; ${allowed}`);
        return undefined;
    }
    const paths = [];
    for (const item of value.items) {
        if (!(0,dist/* isScalar */.jn)(item) || typeof item.value !== 'string' || item.value.trim() === '') {
            at(item ?? value, 0, `paths entry ${show(item)} is not a pattern; ${allowed}`);
            return undefined;
        }
        if (!item.value.startsWith('/') && !item.value.startsWith('**')) {
            at(item, 0, `paths entry ${show(item)} is relative; image paths are absolute, so start it with / or **`);
            return undefined;
        }
        paths.push(item.value);
    }
    return paths;
}
function toLevel(name) {
    if (levels/* LEVELS */.A_.includes(name))
        return name;
    return levels/* LEVELS */.A_.find((level) => String((0,levels/* riskOfLevel */.xx)(level)) === name);
}


/***/ })

};
