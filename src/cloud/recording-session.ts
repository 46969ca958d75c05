/**
 * The process's recording: one run records at a time, and the transport
 * hands it every request of every Tencent Cloud client while it runs (one
 * per process, like the registered secrets: a run records whatever client
 * it creates, the doctor's as the gate's, and no factory carries it).
 */
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Clock } from '../clock.js'
import { Recording } from './recorder.js'

let current: Recording | undefined

/** Starts recording every exchange of the Tencent Cloud clients into `file` (a real path). */
export function startRecording(
  file: string,
  clock: Clock,
  about: Record<string, string> = {}
): Recording {
  current = new Recording(file, clock, about)
  return current
}

/** The recording new requests go to, if one is running. */
export function activeRecording(): Recording | undefined {
  return current?.state === 'recording' ? current : undefined
}

/**
 * Ends the recording and writes it through `write` (whole, through a
 * temporary file). Resolves to the recording written, undefined when none
 * was running; rejects when it cannot be written.
 */
export async function saveRecording(
  write: (file: string, text: string) => Promise<void>
): Promise<Recording | undefined> {
  const recording = activeRecording()
  if (!recording) return undefined
  recording.state = 'saving'
  await write(recording.file, recording.text())
  recording.state = 'saved'
  return recording
}

/**
 * Writes the recording at once, synchronously, if it is not written yet:
 * for a process that is being stopped (a signal, a hang). Never throws.
 */
export function saveRecordingNow(): void {
  const recording = current
  if (!recording || recording.state === 'saved') return
  recording.state = 'saved'
  const dir = path.dirname(recording.file)
  const temporary = path.join(
    dir,
    `.${path.basename(recording.file)}.${randomBytes(6).toString('hex')}.tmp`
  )
  try {
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(temporary, recording.text(), { encoding: 'utf8', flag: 'wx', mode: 0o644 })
    fs.renameSync(temporary, recording.file)
  } catch {
    // Best effort: the process is stopping.
    try {
      fs.rmSync(temporary, { force: true })
    } catch {
      // Nothing more to do.
    }
  }
}
