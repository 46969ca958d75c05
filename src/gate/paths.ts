/**
 * Where the files named by inputs may be. The policy is read only from inside
 * the workspace; the files the gate writes (report-file, sarif-file, …) go
 * inside the workspace or RUNNER_TEMP. Containment is judged on real paths:
 * `..`, an absolute path elsewhere, or a symbolic link on any component (a
 * checked-out pull request can plant one) that leads out is refused.
 *
 * Everything here is synchronous and takes its roots explicitly, so the
 * checks can be unit-tested on a temporary directory and called while the
 * settings are read (settings.ts), before anything else happens.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { NamedFile, PathRoots, PathUse, ResolvedPath } from '../core/paths.js'
import { InputError, type Vocabulary, type Wording, worded } from '../errors.js'

/** Real paths of the workspace and RUNNER_TEMP; a workspace that does not exist is an input error. */
export function pathRoots(workspace: string, runnerTemp?: string): PathRoots {
  const workspaceAbsolute = path.resolve(workspace)
  let workspaceReal: string
  try {
    workspaceReal = fs.realpathSync(workspaceAbsolute)
  } catch (error) {
    throw new InputError(
      (say) =>
        `${capitalized(say.workspace)} ${JSON.stringify(workspaceAbsolute)} (GITHUB_WORKSPACE, or the current directory outside GitHub) cannot be resolved: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`
    )
  }
  const roots: PathRoots = { workspace: workspaceAbsolute, workspaceReal }
  if (runnerTemp) {
    try {
      roots.runnerTempReal = fs.realpathSync(path.resolve(runnerTemp))
      roots.runnerTemp = path.resolve(runnerTemp)
    } catch {
      // No RUNNER_TEMP on this machine: outputs go to the workspace only.
    }
  }
  return roots
}

/**
 * Resolves `given` (relative to the workspace, or absolute) and checks that
 * it stays inside the roots `use` allows. Throws an InputError naming
 * `input`, what was given and what is allowed.
 */
export function resolveContainedPath(
  input: string,
  given: string,
  use: PathUse,
  roots: PathRoots
): ResolvedPath {
  const shown = JSON.stringify(given)
  const allowed = (say: Vocabulary): string =>
    use === 'write'
      ? `Expected a file path inside ${say.workspace} (${roots.workspace})${roots.runnerTemp ? ` or RUNNER_TEMP (${roots.runnerTemp})` : ''}`
      : `Expected a file path inside ${say.workspace} (${roots.workspace})`
  const invalid = (why: Wording): InputError =>
    new InputError(
      (say) =>
        `Invalid ${say.setting(input)}: ${shown} ${worded(why, say)}. ${allowed(say)}; a symbolic link on the way may point only inside it.`,
      input
    )
  if (given.trim() === '') throw invalid('is empty')
  // A path with a line break cannot be printed on one log line, and no checkout needs one.
  if (/[\p{Cc}\u2028\u2029]/u.test(given)) {
    throw invalid('contains a line break or another control character')
  }
  const absolute = path.resolve(roots.workspace, given)
  let resolved: ResolvedPath
  try {
    resolved = realPathOf(absolute, { links: MAX_LINKS })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOTDIR') throw invalid('has a file where a directory is expected')
    if (code === 'ELOOP') throw invalid('goes through too many symbolic links (a loop?)')
    throw invalid(`cannot be resolved (${code ?? errorText(error)})`)
  }
  const realRoots = [roots.workspaceReal]
  const givenRoots = [roots.workspace, roots.workspaceReal]
  if (use === 'write' && roots.runnerTemp && roots.runnerTempReal) {
    realRoots.push(roots.runnerTempReal)
    givenRoots.push(roots.runnerTemp, roots.runnerTempReal)
  }
  if (!realRoots.some((root) => isWithin(resolved.realPath, root))) {
    const where = (say: Vocabulary): string =>
      use === 'write' && roots.runnerTemp ? `${say.workspace} and RUNNER_TEMP` : say.workspace
    const through = givenRoots.some((root) => isWithin(absolute, root))
    throw invalid((say) =>
      through
        ? `leads out of ${where(say)} through a symbolic link (it resolves to ${JSON.stringify(resolved.realPath)})`
        : `is outside ${where(say)}`
    )
  }
  if (resolved.exists && fs.statSync(resolved.realPath).isDirectory()) {
    throw invalid('is a directory')
  }
  // A file to read behind a link that points nowhere was meant to be there: never "no file".
  if (use === 'read' && !resolved.exists && resolved.brokenLink) {
    const link = resolved.brokenLink
    const linkPath = isWithin(link.path, roots.workspace)
      ? path.relative(roots.workspace, link.path)
      : link.path
    const where =
      link.path === absolute
        ? 'is a symbolic link'
        : `runs through the symbolic link ${JSON.stringify(linkPath)}, which points`
    throw new InputError(
      (say) =>
        `Invalid ${say.setting(input)}: ${shown} ${where} to ${shownTarget(link.target)}, where nothing exists. ` +
        `Make the link point to the file, or remove it.`,
      input
    )
  }
  return resolved
}

/** A link's target for a message: quoted, unless it is long or has control characters. */
function shownTarget(target: string): string {
  return target.length <= 200 && !/[\p{Cc}\u2028\u2029]/u.test(target)
    ? JSON.stringify(target)
    : 'a target not shown'
}

/**
 * For the writer of an output file, right before it writes: re-checks a path
 * from Settings (reportFile, sarifFile, …) against the same roots, because
 * the tree may have changed since the inputs were read (a step running in the
 * background could have planted a symbolic link). Returns the real path to
 * write, or throws an InputError naming `input`. Create missing parent
 * directories of the returned path, then write there (not through the path
 * given), so what is written is what was checked.
 */
export function resolveOutputPath(input: string, file: string, roots: PathRoots): string {
  return resolveContainedPath(input, file, 'write', roots).realPath
}

/**
 * Refuses two inputs that name one file after resolution: the same real path,
 * or (for files that exist) the same device and inode, which also catches
 * hard links. A later input is named first: "Inputs 'sarif-file' and
 * 'report-file' name the same file".
 */
export function assertDistinctFiles(files: readonly NamedFile[]): void {
  for (let later = 1; later < files.length; later++) {
    for (let earlier = 0; earlier < later; earlier++) {
      const a = files[later]
      const b = files[earlier]
      if (sameFile(a.resolved, b.resolved)) {
        throw new InputError(
          (say) =>
            `${capitalized(say.settings([a.input, b.input]))} name the same file (${JSON.stringify(a.resolved.realPath)}); give each its own path.`,
          b.input
        )
      }
    }
  }
}

function sameFile(a: ResolvedPath, b: ResolvedPath): boolean {
  if (comparable(a.realPath) === comparable(b.realPath)) return true
  if (!a.exists || !b.exists) return false
  try {
    const statA = fs.statSync(a.realPath)
    const statB = fs.statSync(b.realPath)
    return statA.dev === statB.dev && statA.ino === statB.ino
  } catch {
    return false
  }
}

/** File names are case-insensitive by default on Windows and macOS. */
function comparable(file: string): string {
  return process.platform === 'win32' || process.platform === 'darwin' ? file.toLowerCase() : file
}

/** Whether `file` is `root` or below it. */
export function isWithin(file: string, root: string): boolean {
  const relative = path.relative(root, file)
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  )
}

/** As the kernel's own limit (Linux follows at most 40 links per lookup). */
const MAX_LINKS = 40

/**
 * The real path of an absolute path that may not exist. fs.realpath follows
 * every link of an existing path; for a missing one, walk up to the nearest
 * parent that resolves, following a dangling link on the way by hand (writing
 * through a dangling link would create its target, wherever that is).
 */
function realPathOf(absolute: string, budget: { links: number }): ResolvedPath {
  try {
    return { realPath: fs.realpathSync(absolute), exists: true }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const parent = path.dirname(absolute)
  if (parent === absolute) return { realPath: absolute, exists: false }
  const link = readLink(absolute)
  const parentResolved = realPathOf(parent, budget)
  const parentReal = parentResolved.realPath
  if (link === undefined) {
    const realPath = path.join(parentReal, path.basename(absolute))
    return parentResolved.brokenLink
      ? { realPath, exists: false, brokenLink: parentResolved.brokenLink }
      : { realPath, exists: false }
  }
  budget.links -= 1
  if (budget.links < 0) throw Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' })
  const target = realPathOf(path.resolve(parentReal, link), budget)
  return {
    ...target,
    brokenLink: parentResolved.brokenLink ?? { path: absolute, target: link }
  }
}

function readLink(file: string): string | undefined {
  try {
    return fs.readlinkSync(file)
  } catch {
    return undefined
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
