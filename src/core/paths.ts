/**
 * The file inputs as the settings hold them: the roots files may be in and
 * each input's checked real path. Checking them against the file system is
 * src/gate/paths.ts's job.
 */

/** The directories files may be in, as given and as real paths. */
export interface PathRoots {
  /** Absolute workspace directory as given (GITHUB_WORKSPACE, or the current directory). */
  workspace: string
  /** The workspace's real path. */
  workspaceReal: string
  /** RUNNER_TEMP as given, when set and existing: a place for outputs only. */
  runnerTemp?: string
  /** RUNNER_TEMP's real path. */
  runnerTempReal?: string
}

/** 'read': the workspace only. 'write': the workspace or RUNNER_TEMP. */
export type PathUse = 'read' | 'write'

export interface ResolvedPath {
  /**
   * Every symbolic link followed. For a path that does not exist (yet), the
   * real path of its nearest existing parent joined with the rest. Read or
   * write this path, not the one given: it is the one that was checked.
   */
  realPath: string
  /** Whether something exists at realPath now. */
  exists: boolean
  /**
   * When nothing exists there because a symbolic link on the way points
   * where nothing is: the first such link, and its target as written.
   */
  brokenLink?: { path: string; target: string }
}

/** One resolved file input, for the same-file check. */
export interface NamedFile {
  input: string
  resolved: ResolvedPath
}
