/**
 * Report files are written whole or not at all: to a temporary file beside
 * the target, then renamed over it. A temporary file still open when the
 * process is stopped (the runner's cancel) is removed by `removeUnfinished`.
 */
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'

const unfinished = new Set<string>()

/** Writes `text` to `file` through a temporary file in the same folder and a rename. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = path.dirname(file)
  await fs.promises.mkdir(dir, { recursive: true })
  const temporary = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`)
  unfinished.add(temporary)
  try {
    // 'wx': never through an existing file or symlink of that name.
    await fs.promises.writeFile(temporary, text, { encoding: 'utf8', flag: 'wx', mode: 0o644 })
    await fs.promises.rename(temporary, file)
  } catch (error) {
    await fs.promises.rm(temporary, { force: true }).catch(() => undefined)
    throw error
  } finally {
    unfinished.delete(temporary)
  }
}

/**
 * Removes a report an earlier run left at `file`, so that a run that stops
 * before it writes its own never leaves another run's verdict in place.
 * Only a regular file or a symlink is removed; a folder is left for the
 * writer to report.
 */
export async function removeStale(file: string): Promise<void> {
  const stat = await fs.promises.lstat(file).catch(() => undefined)
  if (stat && (stat.isFile() || stat.isSymbolicLink())) await fs.promises.rm(file, { force: true })
}

/** Synchronously removes every temporary file not yet renamed (from a signal handler). */
export function removeUnfinished(): void {
  for (const temporary of unfinished) {
    try {
      fs.rmSync(temporary, { force: true })
    } catch {
      // Best effort: the process is stopping.
    }
  }
  unfinished.clear()
}
