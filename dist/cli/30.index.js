export const id = 30;
export const ids = [30];
export const modules = {

/***/ 6030:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runAsProcess: () => (/* binding */ runAsProcess)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _sinks_escape_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7085);
/* harmony import */ var _sinks_files_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(459);
/* harmony import */ var _sinks_outputs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4086);
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
            (0,_sinks_outputs_js__WEBPACK_IMPORTED_MODULE_4__/* .setFailureOutputs */ .Jl)(undefined);
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
    (0,_sinks_files_js__WEBPACK_IMPORTED_MODULE_3__/* .removeUnfinished */ .E1)();
    if (!settled) {
        settled = true;
        try {
            reporter.fail((0,_sinks_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeLogText */ .dD)(reason));
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
                (0,_sinks_files_js__WEBPACK_IMPORTED_MODULE_3__/* .removeUnfinished */ .E1)();
                process.exit(process.exitCode ?? 1);
            }
            failNow(`TCSS virus gate canceled (${signal}) before it reached a verdict.`, 128 + number);
        });
    }
    process.on('uncaughtException', (error) => {
        if (error instanceof Error && error.stack)
            reporter.debug((0,_sinks_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeLogText */ .dD)(error.stack));
        failNow(`Unexpected error in the TCSS virus gate: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}`);
    });
    process.on('unhandledRejection', (error) => {
        if (error instanceof Error && error.stack)
            reporter.debug((0,_sinks_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeLogText */ .dD)(error.stack));
        failNow(`Unexpected error in the TCSS virus gate: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}`);
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
    }, (error) => failNow(`Unexpected error in the TCSS virus gate: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}`));
}


/***/ })

};
