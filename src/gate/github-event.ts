/** What the run reads from the workflow event's payload. */

/** True when the pull request's head is in another repository than its base (a fork). */
export function isForkPullRequest(payload: unknown): boolean {
  try {
    const pullRequest = (payload as { pull_request?: unknown } | undefined)?.pull_request as
      | {
          head?: { repo?: { full_name?: string; fork?: boolean } }
          base?: { repo?: { full_name?: string } }
        }
      | undefined
    if (!pullRequest) return false
    const head = pullRequest.head?.repo
    return (
      head?.fork === true ||
      (head?.full_name !== undefined && head.full_name !== pullRequest.base?.repo?.full_name)
    )
  } catch {
    return false
  }
}
