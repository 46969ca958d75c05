/**
 * The pull-request comment, loaded only by a run that writes one (it brings
 * the GitHub API client): the comment sink, connected through the fetch of
 * github-fetch.ts.
 */
import type { GateResult } from '../core/result.js'
import { commentOnPullRequest, type CommentRun } from '../sinks/comment-post.js'
import { commentConnection } from './github-fetch.js'

/** Creates or updates the gate's comment; never throws (see commentOnPullRequest). */
export function postComment(
  result: GateResult,
  token: string,
  run: Omit<CommentRun, 'connect'>
): Promise<void> {
  return commentOnPullRequest(result, token, { ...run, connect: commentConnection })
}
