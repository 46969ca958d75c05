/**
 * The run's side of `record-file`: the recording starts once the settings
 * are read and is written when the run ends, however it ends (a verdict, an
 * error, a time-out). A recording that cannot be written is a warning: it
 * never changes the verdict. A process stopped before that (a signal, a
 * hang) writes it from the lifecycle (saveRecordingNow).
 */
import { saveRecording, startRecording } from '../cloud/recording-session.js'
import { Inputs, TOOL_NAME, TOOL_VERSION } from '../constants.js'
import type { Settings } from '../core/settings.js'
import { ACTION_VOCABULARY, errorMessage } from '../errors.js'
import { pathRoots, resolveOutputPath } from './paths.js'
import { escapeLogText } from '../sinks/escape.js'
import type { Dependencies } from './dependencies.js'

/** Starts recording the run's API exchanges when `record-file` asks for it. */
export function startRunRecording(
  settings: Settings,
  deps: Pick<Dependencies, 'clock' | 'today'>
): void {
  if (!settings.recordFile) return
  startRecording(settings.recordFile, deps.clock, {
    tool: TOOL_NAME,
    version: TOOL_VERSION,
    date: deps.today()
  })
}

/** Writes the recording, if one is running; never throws. */
export async function saveRunRecording(
  deps: Pick<Dependencies, 'files' | 'runner' | 'env' | 'vocabulary'>
): Promise<void> {
  const setting = (deps.vocabulary ?? ACTION_VOCABULARY).setting(Inputs.RecordFile)
  try {
    const recording = await saveRecording((file, text) => {
      // Resolved again at write time, as the report files are: a link planted since cannot lead out.
      const roots = pathRoots(deps.env.GITHUB_WORKSPACE || process.cwd(), deps.env.RUNNER_TEMP)
      return deps.files.write(resolveOutputPath(Inputs.RecordFile, file, roots), text)
    })
    if (recording) {
      deps.runner.info(
        `Recording of ${recording.size} API exchange${recording.size === 1 ? '' : 's'} written to ${escapeLogText(recording.file)}.`
      )
    }
  } catch (error) {
    deps.runner.warning(
      escapeLogText(
        `Could not write the recording (${setting}): ${errorMessage(error)}. The verdict stands.`
      )
    )
  }
}
