/**
 * Publishing a judged result: the job log, the report files asked for, the
 * job summary and the pull-request comment, each on its own.
 */
import { REPORT_FILES, type ReportFile } from '../constants.js'
import type { SinkFailure } from '../core/outcome.js'
import { allWarnings, type GateResult } from '../core/result.js'
import type { Settings } from '../core/settings.js'
import { errorMessage } from '../errors.js'
import { escapeLogText } from '../sinks/escape.js'
import { jsonReportText } from '../sinks/json-report.js'
import { junitXmlText } from '../sinks/junit.js'
import { annotateFailures, annotateViolations, logFindings } from '../sinks/outputs.js'
import { sarifLogText } from '../sinks/sarif.js'
import { renderSummary } from '../sinks/summary.js'
import type { Dependencies } from './dependencies.js'
import { isForkPullRequest } from './github-event.js'
import { resolveOutputPath } from './paths.js'

/** The text of each report file, by its input. */
const REPORT_TEXT: Record<ReportFile['input'], (result: GateResult, settings: Settings) => string> =
  {
    'report-file': (result) => jsonReportText(result),
    'sarif-file': (result, settings) => sarifLogText(result, settings.sarifScope),
    'junit-file': (result) => junitXmlText(result)
  }

/**
 * Writes every sink, each in its own guard: one that fails is reported on its
 * own and never touches the outputs or the other sinks. Returns the failures
 * of the files the user asked for (report-file, sarif-file, junit-file): those fail the
 * job in enforce mode, since later steps read them. The summary and the
 * comment are courtesy: their failures are warnings.
 */
export async function publish(
  result: GateResult,
  settings: Settings,
  deps: Dependencies
): Promise<SinkFailure[]> {
  const { runner, env } = deps
  const failed: SinkFailure[] = []
  /** `required`: a file the user asked for, whose failure fails the job in enforce mode. */
  const guard = async (sink: string, write: () => unknown, required = false): Promise<boolean> => {
    try {
      await write()
      return true
    } catch (error) {
      const message = `Could not write the ${sink}: ${errorMessage(error)}`
      if (required) {
        failed.push({ input: sink, message })
        runner.error(escapeLogText(message), { title: `TCSS virus gate: ${sink} not written` })
      } else {
        runner.warning(escapeLogText(message))
      }
      return false
    }
  }
  await guard('job log', () => {
    for (const warning of allWarnings(result)) {
      runner.warning(escapeLogText(warning))
    }
    logFindings(result, deps.newId(), runner)
    annotateViolations(result, runner)
    annotateFailures(result, runner)
  })
  for (const { input, setting, what, output } of REPORT_FILES) {
    const file = settings[setting]
    if (!file) continue
    // Resolved again at write time: a link planted since the inputs were read cannot lead out.
    const written = await guard(
      input,
      () =>
        deps.files.write(
          resolveOutputPath(input, file, settings.pathRoots),
          REPORT_TEXT[input](result, settings)
        ),
      true
    )
    if (!written) continue
    runner.setOutput(output, file)
    runner.info(`${what} written to ${escapeLogText(file)}.`)
  }
  if (settings.summary) {
    if (env.GITHUB_STEP_SUMMARY) {
      await guard('job summary', () => deps.writeSummary(renderSummary(result)))
    } else {
      runner.notice(
        'GITHUB_STEP_SUMMARY is not set (not running as a GitHub Actions step?), so the job summary is skipped; the verdict is in the log and the outputs.'
      )
    }
  }
  // Never throws on its own: a comment that cannot be written is a warning, not a verdict.
  if (settings.comment) {
    // The GitHub API client is loaded only by a run that comments.
    await guard('pull-request comment', async () => {
      const { postComment } = await import('./comment.js')
      await postComment(result, settings.githubToken, {
        eventName: deps.github.eventName,
        payload: deps.github.payload,
        fork: isForkPullRequest(deps.github.payload),
        env,
        log: runner
      })
    })
  }
  return failed
}
