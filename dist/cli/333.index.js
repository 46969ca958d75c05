export const id = 333;
export const ids = [333];
export const modules = {

/***/ 333:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  postComment: () => (/* binding */ postComment)
});

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/sinks/escape.ts
var sinks_escape = __webpack_require__(7085);
// EXTERNAL MODULE: ./src/sinks/summary.ts + 2 modules
var summary = __webpack_require__(8257);
;// CONCATENATED MODULE: ./src/sinks/comment.ts
/**
 * The sticky pull-request comment, pure part: what it is keyed on, its
 * hidden marker, its body, the pull request it goes to, which existing
 * comment is ours, and the warning when it cannot be written. Posting it is
 * comment-post.ts.
 */




/** GitHub refuses an issue or pull-request comment longer than this many characters. */
const COMMENT_MAX_CHARS = 65_536;
/** The most a body may use: the limit less a margin, so a change of counting on GitHub's side cannot break it. */
const COMMENT_BUDGET_CHARS = 60_000;
/** Events that have a pull request to comment on. */
const COMMENT_EVENTS = ['pull_request', 'pull_request_target'];
/** The permission a workflow must grant the token, as it is written in a workflow file. */
const COMMENT_PERMISSION = 'permissions: pull-requests: write';
const COMMENT_NOTES = {
    subject: 'this comment',
    limit: "GitHub's 65,536-character limit for comments",
    elsewhere: 'the job summary and the JSON report (report-file) have more'
};
/** Keys longer than this are replaced by a hash, so the marker stays short. */
const MAX_KEY_CHARS = 500;
/**
 * What the sticky comment is keyed on. For one image: the `image` name when
 * the image was given by name (each push of a pull request builds a new
 * ImageID, and the comment should follow the name), else the ImageID. For
 * several images or runtime events — still one comment for the step — the
 * same for each image plus `event:ID` for each event, sorted (so that
 * reordering the lines keeps the comment) and joined by commas; a long list
 * is replaced by its SHA-256.
 */
function commentKey(result) {
    if (result.single) {
        const [image] = result.images;
        return image.imageName ?? image.imageId;
    }
    const keys = [
        ...result.images.map((image) => image.imageName ?? image.imageId),
        ...(result.events?.all ?? []).map((event) => `event:${event.id}`)
    ].sort();
    const key = keys.join(',');
    return key.length > MAX_KEY_CHARS
        ? `sha256-${(0,external_node_crypto_.createHash)('sha256').update(key, 'utf8').digest('hex')}`
        : key;
}
/**
 * The hidden first line of the comment. It names the image (or the targets of
 * the step), so that gate steps on different images each keep their own
 * comment. The key is percent-encoded so that it cannot end the HTML comment,
 * and the closing "-->" keeps a key from matching a longer one that starts the
 * same way.
 */
function commentMarker(imageId, what = 'image') {
    const encoded = Array.from(imageId, (char) => /^[A-Za-z0-9._:]$/.test(char)
        ? char
        : Array.from(Buffer.from(char), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('')).join('');
    return `<!-- tcss-virus-gate sticky comment, ${what} ${encoded} -->`;
}
/**
 * The comment body: the marker, the job summary rendered to fit, and a footer.
 * At most `maxChars` UTF-16 code units (JavaScript string length), which is
 * never fewer than the characters GitHub counts.
 */
function renderComment(result, links = {}, maxChars = COMMENT_BUDGET_CHARS) {
    const marker = `${markerFor(result)}\n`;
    const footer = commentFooter(links);
    // renderSummary counts UTF-8 bytes, and a string never has more UTF-16 code
    // units than UTF-8 bytes: a byte budget is also a character budget.
    const budget = Math.max(0, maxChars - marker.length - footer.length);
    return marker + (0,summary/* renderSummary */.Br)(result, budget, COMMENT_NOTES) + footer;
}
/** The marker of a result: by image for one image, by targets otherwise. */
function markerFor(result) {
    return commentMarker(commentKey(result), result.single ? 'image' : 'targets');
}
function commentFooter(links) {
    const parts = [];
    if (links.commitSha && /^[0-9a-f]{40}$/.test(links.commitSha))
        parts.push(`Commit ${links.commitSha.slice(0, 7)}`);
    if (links.runUrl)
        parts.push(`[workflow run](${links.runUrl})`);
    parts.push('updated in place on every run');
    return `\n<sub>${parts.join(' · ')}</sub>\n`;
}
/** The URL of a workflow run, or undefined when a part is missing or malformed. */
function workflowRunUrl(serverUrl, repository, runId) {
    if (!serverUrl || !repository || !runId || !/^\d{1,20}$/.test(runId))
        return undefined;
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository))
        return undefined;
    let url;
    try {
        url = new URL(serverUrl);
    }
    catch {
        return undefined;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        return undefined;
    if (url.username || url.password || url.search || url.hash)
        return undefined;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`;
}
/**
 * The pull request of a pull_request or pull_request_target event, or
 * undefined for any other event or a payload without a pull-request number.
 */
function pullRequestTarget(eventName, payload, repository) {
    if (!COMMENT_EVENTS.includes(eventName))
        return undefined;
    const pullRequest = payload
        ?.pull_request;
    const number = pullRequest?.number;
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1)
        return undefined;
    const [owner, repo, ...rest] = (repository ?? '').split('/');
    if (!owner || !repo || rest.length > 0)
        return undefined;
    const target = { owner, repo, number };
    const sha = pullRequest?.head?.sha;
    if (typeof sha === 'string')
        target.headSha = sha;
    return target;
}
/**
 * The comment to update: the first that starts with the marker and was
 * written by `login`, the account the token posts as (`github-actions[bot]`
 * for the job's GITHUB_TOKEN, `<app>[bot]` for an app's installation token,
 * the user for a personal token). A marker in anyone else's comment — another
 * app's, a maintainer's, a drive-by's — is ignored, so the gate only ever
 * edits what it wrote itself; with `login` unknown, nothing is taken. Logins
 * are compared as GitHub does, ignoring case; `[` cannot occur in a user's
 * login, so `x[bot]` is always the app x's bot.
 */
function findStickyComment(comments, marker, login) {
    if (!login)
        return undefined;
    const author = login.toLowerCase();
    return comments.find((comment) => (comment.body ?? '').startsWith(marker) && comment.user?.login?.toLowerCase() === author);
}
/**
 * The warning for a comment that could not be written: what happened, and
 * what to change when it is a permission problem.
 */
function commentFailureMessage(error, target, readOnlyFork) {
    const status = httpStatus(error);
    const what = `Could not write the TCSS virus gate comment on pull request #${target.number}`;
    const detail = (0,sinks_escape/* escapeLogText */.dD)((0,errors/* errorMessage */.gJ)(error)).slice(0, 500);
    const unaffected = 'The verdict is not affected; it is in the job summary.';
    if (status === 403 || status === 404) {
        const fork = readOnlyFork
            ? ' This pull request comes from a fork: GitHub gives pull_request runs from forks a read-only token whatever the workflow asks for, so no comment can be written on such runs.'
            : '';
        return (`${what}: HTTP ${status}: ${detail}. The token needs write access to pull requests: ` +
            `add '${COMMENT_PERMISSION}' to the job (or the workflow), or give a token that has it in 'github-token'.` +
            `${fork} ${unaffected}`);
    }
    if (status === 401) {
        return `${what}: HTTP 401: ${detail}. The 'github-token' input was refused; leave it at its default (the job's GITHUB_TOKEN) or give a valid token. ${unaffected}`;
    }
    if (status !== undefined)
        return `${what}: HTTP ${status}: ${detail}. ${unaffected}`;
    return `${what}: ${detail}. ${unaffected}`;
}
/** The status of the API's answer; none for network errors (which Octokit also gives status 500). */
function httpStatus(error) {
    const status = error?.response?.status;
    return typeof status === 'number' ? status : undefined;
}

;// CONCATENATED MODULE: ./src/sinks/comment-post.ts
/**
 * The sticky pull-request comment, posting part: one comment per pull request
 * and gate step, created on the first run and updated in place afterwards.
 * Never throws: a comment that cannot be written is a warning, never a
 * different verdict. The body and the choice of comment are comment.ts.
 */




/** The whole comment step (every page, the create or update) gives up after this long. */
const COMMENT_TIMEOUT_MS = 30_000;
/**
 * Creates the gate's comment on the pull request, or updates it when an
 * earlier run wrote one. Never throws: every failure is a warning.
 */
async function commentOnPullRequest(result, token, run) {
    const { log } = run;
    if (!COMMENT_EVENTS.includes(run.eventName)) {
        log.info(`comment: true has no effect on '${(0,sinks_escape/* escapeLogText */.dD)(run.eventName)}' events; the comment is written on pull_request and pull_request_target events only.`);
        return;
    }
    const target = pullRequestTarget(run.eventName, run.payload, run.env.GITHUB_REPOSITORY);
    if (!target) {
        log.warning('Could not write the TCSS virus gate comment: the event has no pull-request number or GITHUB_REPOSITORY is not set.');
        return;
    }
    if (!token) {
        log.warning("Could not write the TCSS virus gate comment: the 'github-token' input is empty. Leave it at its default (the job's GITHUB_TOKEN) or give a token.");
        return;
    }
    const env = run.env;
    const body = renderComment(result, {
        runUrl: workflowRunUrl(env.GITHUB_SERVER_URL, env.GITHUB_REPOSITORY, env.GITHUB_RUN_ID),
        commitSha: target.headSha
    });
    try {
        const written = await upsertComment(token, env.GITHUB_API_URL || 'https://api.github.com', target, markerFor(result), body, run.timeoutMs ?? COMMENT_TIMEOUT_MS, log, run.connect);
        log.info(`${written.created ? 'Created' : 'Updated'} the TCSS virus gate comment on pull request #${target.number}${written.url ? `: ${(0,sinks_escape/* escapeLogText */.dD)(written.url)}` : ''}.`);
    }
    catch (error) {
        log.warning(commentFailureMessage(error, target, run.eventName === 'pull_request' && run.fork));
    }
}
async function upsertComment(token, baseUrl, target, marker, body, timeoutMs, log, connect) {
    const connection = connect(baseUrl);
    const octokit = (0,github/* getOctokit */.Q)(token, {
        baseUrl,
        userAgent: 'tcss-virus-gate',
        request: { fetch: connection.fetch },
        log: {
            debug: () => undefined,
            info: () => undefined,
            warn: (message) => log.debug((0,sinks_escape/* escapeLogText */.dD)(message)),
            error: (message) => log.debug((0,sinks_escape/* escapeLogText */.dD)(message))
        }
    });
    // One deadline for every request, the follow-up pages included.
    const signal = AbortSignal.timeout(timeoutMs);
    octokit.hook.before('request', (options) => {
        options.request = { ...options.request, signal };
    });
    try {
        return await writeComment(octokit, target, marker, body, log);
    }
    catch (error) {
        if (signal.aborted)
            throw new Error(`the GitHub API did not answer within ${timeoutMs / 1000} s`);
        throw error;
    }
    finally {
        await connection.close().catch(() => undefined);
    }
}
/**
 * The login the token posts as, from GraphQL's `viewer`: the one question
 * every kind of token may ask (`GET /user` is forbidden to the job's
 * GITHUB_TOKEN and to app installation tokens). For those it answers the
 * bot's login (`github-actions[bot]`, `<app>[bot]`), exactly as the REST
 * comments name their author. Undefined when GitHub does not say: then no
 * comment is edited and a new one is written.
 */
async function tokenLogin(octokit, log) {
    try {
        const answer = await octokit.graphql('query { viewer { login } }');
        const login = answer.viewer?.login;
        if (typeof login === 'string' && login !== '')
            return login;
        log.info('GitHub did not say which account the token posts as; writing a new TCSS virus gate comment rather than editing one.');
    }
    catch (error) {
        if (error.name === 'AbortError')
            throw error;
        log.info(`Could not ask GitHub which account the token posts as (${(0,sinks_escape/* escapeLogText */.dD)((0,errors/* errorMessage */.gJ)(error)).slice(0, 300)}); writing a new TCSS virus gate comment rather than editing one.`);
    }
    return undefined;
}
async function writeComment(octokit, target, marker, body, log) {
    const { owner, repo, number } = target;
    let existing;
    // Asked once, and only when some comment carries the marker.
    let login;
    const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: number,
        per_page: 100
    });
    for await (const page of pages) {
        if (!page.data.some((comment) => (comment.body ?? '').startsWith(marker)))
            continue;
        login ??= tokenLogin(octokit, log);
        existing = findStickyComment(page.data, marker, await login);
        if (existing)
            break;
    }
    if (existing) {
        const { data } = await octokit.rest.issues.updateComment({
            owner,
            repo,
            comment_id: existing.id,
            body
        });
        return { created: false, url: data.html_url };
    }
    const { data } = await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: number,
        body
    });
    return { created: true, url: data.html_url };
}

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
// EXTERNAL MODULE: ./src/cloud/proxy.ts
var cloud_proxy = __webpack_require__(7849);
;// CONCATENATED MODULE: ./src/gate/github-fetch.ts
/**
 * The fetch the pull-request comment uses: undici's, through the runner's
 * proxy when one applies, with a cap on the connections it may open. Left to
 * itself, undici reconnects at once and without end when a connection is
 * closed before the request is sent (a proxy that drops each CONNECT), which
 * floods the proxy with tens of thousands of connections until the comment's
 * time limit. A courtesy must not do that: after a few connections the
 * request fails and the comment becomes a warning.
 */


/** Connections the comment may open in all (it needs one or two). */
const MAX_COMMENT_CONNECTIONS = 6;
/** `connect`, refusing once `limit` connections have been opened through it. */
function limited(connect, counter, limit) {
    return (options, callback) => {
        counter.opened += 1;
        if (counter.opened > limit) {
            callback(new Error(`gave up after ${limit} connections were closed before an answer`), null);
            return;
        }
        connect(options, callback);
    };
}
/** A dispatcher for `baseUrl` (direct or through the proxy) that opens at most `limit` connections. */
function commentDispatcher(baseUrl, limit = MAX_COMMENT_CONNECTIONS) {
    const counter = { opened: 0 };
    const proxy = (0,cloud_proxy/* proxyUrlFor */.tr)(baseUrl);
    if (!proxy)
        return new undici.Agent({ connect: limited((0,undici.buildConnector)({}), counter, limit) });
    const url = new URL(proxy.href);
    const token = url.username || url.password
        ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
        : undefined;
    url.username = '';
    url.password = '';
    return new undici.ProxyAgent({
        uri: url.href,
        ...(token ? { token } : {}),
        clientFactory: (origin, options) => {
            const connect = options.connect;
            return new undici.Pool(origin, { ...options, connect: limited(connect, counter, limit) });
        }
    });
}
/** A fetch for Octokit's `request.fetch` over `dispatcher`. */
function fetchWith(dispatcher) {
    return ((input, init) => (0,undici.fetch)(input, { ...init, dispatcher }));
}
/** The connection the comment uses for `baseUrl`: a capped dispatcher and a fetch over it. */
function commentConnection(baseUrl) {
    const dispatcher = commentDispatcher(baseUrl);
    return { fetch: fetchWith(dispatcher), close: () => dispatcher.destroy() };
}

;// CONCATENATED MODULE: ./src/gate/comment.ts


/** Creates or updates the gate's comment; never throws (see commentOnPullRequest). */
function postComment(result, token, run) {
    return commentOnPullRequest(result, token, { ...run, connect: commentConnection });
}


/***/ })

};
