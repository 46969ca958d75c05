/**
 * The sticky pull-request comment, pure part: what it is keyed on, its
 * hidden marker, its body, the pull request it goes to, which existing
 * comment is ours, and the warning when it cannot be written. Posting it is
 * comment-post.ts.
 */
import { createHash } from 'node:crypto'
import { errorMessage } from '../errors.js'
import type { GateResult } from '../core/result.js'
import { escapeLogText } from './escape.js'
import type { SizeLimitNotes } from './budgeted-text.js'
import { renderSummary } from './summary.js'

/** GitHub refuses an issue or pull-request comment longer than this many characters. */
export const COMMENT_MAX_CHARS = 65_536
/** The most a body may use: the limit less a margin, so a change of counting on GitHub's side cannot break it. */
export const COMMENT_BUDGET_CHARS = 60_000
/** Events that have a pull request to comment on. */
export const COMMENT_EVENTS: readonly string[] = ['pull_request', 'pull_request_target']
/** The permission a workflow must grant the token, as it is written in a workflow file. */
export const COMMENT_PERMISSION = 'permissions: pull-requests: write'

const COMMENT_NOTES: SizeLimitNotes = {
  subject: 'this comment',
  limit: "GitHub's 65,536-character limit for comments",
  elsewhere: 'the job summary and the JSON report (report-file) have more'
}

/** Keys longer than this are replaced by a hash, so the marker stays short. */
const MAX_KEY_CHARS = 500

/**
 * What the sticky comment is keyed on. For one image: the `image` name when
 * the image was given by name (each push of a pull request builds a new
 * ImageID, and the comment should follow the name), else the ImageID. For
 * several images or runtime events — still one comment for the step — the
 * same for each image plus `event:ID` for each event, sorted (so that
 * reordering the lines keeps the comment) and joined by commas; a long list
 * is replaced by its SHA-256.
 */
export function commentKey(result: Pick<GateResult, 'images' | 'events' | 'single'>): string {
  if (result.single) {
    const [image] = result.images
    return image.imageName ?? image.imageId
  }
  const keys = [
    ...result.images.map((image) => image.imageName ?? image.imageId),
    ...(result.events?.all ?? []).map((event) => `event:${event.id}`)
  ].sort()
  const key = keys.join(',')
  return key.length > MAX_KEY_CHARS
    ? `sha256-${createHash('sha256').update(key, 'utf8').digest('hex')}`
    : key
}

/**
 * The hidden first line of the comment. It names the image (or the targets of
 * the step), so that gate steps on different images each keep their own
 * comment. The key is percent-encoded so that it cannot end the HTML comment,
 * and the closing "-->" keeps a key from matching a longer one that starts the
 * same way.
 */
export function commentMarker(imageId: string, what: 'image' | 'targets' = 'image'): string {
  const encoded = Array.from(imageId, (char) =>
    /^[A-Za-z0-9._:]$/.test(char)
      ? char
      : Array.from(
          Buffer.from(char),
          (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
        ).join('')
  ).join('')
  return `<!-- tcss-virus-gate sticky comment, ${what} ${encoded} -->`
}

/** Where the comment points back to; anything that does not look right is left out. */
export interface CommentLinks {
  /** The workflow run that wrote the comment. */
  runUrl?: string
  /** The commit that was gated (40 hex digits). */
  commitSha?: string
}

/**
 * The comment body: the marker, the job summary rendered to fit, and a footer.
 * At most `maxChars` UTF-16 code units (JavaScript string length), which is
 * never fewer than the characters GitHub counts.
 */
export function renderComment(
  result: GateResult,
  links: CommentLinks = {},
  maxChars = COMMENT_BUDGET_CHARS
): string {
  const marker = `${markerFor(result)}\n`
  const footer = commentFooter(links)
  // renderSummary counts UTF-8 bytes, and a string never has more UTF-16 code
  // units than UTF-8 bytes: a byte budget is also a character budget.
  const budget = Math.max(0, maxChars - marker.length - footer.length)
  return marker + renderSummary(result, budget, COMMENT_NOTES) + footer
}

/** The marker of a result: by image for one image, by targets otherwise. */
export function markerFor(result: Pick<GateResult, 'images' | 'events' | 'single'>): string {
  return commentMarker(commentKey(result), result.single ? 'image' : 'targets')
}

function commentFooter(links: CommentLinks): string {
  const parts: string[] = []
  if (links.commitSha && /^[0-9a-f]{40}$/.test(links.commitSha))
    parts.push(`Commit ${links.commitSha.slice(0, 7)}`)
  if (links.runUrl) parts.push(`[workflow run](${links.runUrl})`)
  parts.push('updated in place on every run')
  return `\n<sub>${parts.join(' · ')}</sub>\n`
}

/** The URL of a workflow run, or undefined when a part is missing or malformed. */
export function workflowRunUrl(
  serverUrl: string | undefined,
  repository: string | undefined,
  runId: string | undefined
): string | undefined {
  if (!serverUrl || !repository || !runId || !/^\d{1,20}$/.test(runId)) return undefined
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) return undefined
  let url: URL
  try {
    url = new URL(serverUrl)
  } catch {
    return undefined
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined
  if (url.username || url.password || url.search || url.hash) return undefined
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`
}

/** The pull request a comment goes to. */
export interface PullRequestTarget {
  owner: string
  repo: string
  number: number
  headSha?: string
}

/**
 * The pull request of a pull_request or pull_request_target event, or
 * undefined for any other event or a payload without a pull-request number.
 */
export function pullRequestTarget(
  eventName: string,
  payload: unknown,
  repository: string | undefined
): PullRequestTarget | undefined {
  if (!COMMENT_EVENTS.includes(eventName)) return undefined
  const pullRequest = (payload as { pull_request?: { number?: unknown; head?: { sha?: unknown } } })
    ?.pull_request
  const number = pullRequest?.number
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) return undefined
  const [owner, repo, ...rest] = (repository ?? '').split('/')
  if (!owner || !repo || rest.length > 0) return undefined
  const target: PullRequestTarget = { owner, repo, number }
  const sha = pullRequest?.head?.sha
  if (typeof sha === 'string') target.headSha = sha
  return target
}

/** An issue comment, as far as choosing ours needs it. */
export interface IssueComment {
  id: number
  body?: string | null
  user?: { login?: string; type?: string } | null
  author_association?: string
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
export function findStickyComment<T extends IssueComment>(
  comments: readonly T[],
  marker: string,
  login: string | undefined
): T | undefined {
  if (!login) return undefined
  const author = login.toLowerCase()
  return comments.find(
    (comment) =>
      (comment.body ?? '').startsWith(marker) && comment.user?.login?.toLowerCase() === author
  )
}

/**
 * The warning for a comment that could not be written: what happened, and
 * what to change when it is a permission problem.
 */
export function commentFailureMessage(
  error: unknown,
  target: PullRequestTarget,
  readOnlyFork: boolean
): string {
  const status = httpStatus(error)
  const what = `Could not write the TCSS virus gate comment on pull request #${target.number}`
  const detail = escapeLogText(errorMessage(error)).slice(0, 500)
  const unaffected = 'The verdict is not affected; it is in the job summary.'
  if (status === 403 || status === 404) {
    const fork = readOnlyFork
      ? ' This pull request comes from a fork: GitHub gives pull_request runs from forks a read-only token whatever the workflow asks for, so no comment can be written on such runs.'
      : ''
    return (
      `${what}: HTTP ${status}: ${detail}. The token needs write access to pull requests: ` +
      `add '${COMMENT_PERMISSION}' to the job (or the workflow), or give a token that has it in 'github-token'.` +
      `${fork} ${unaffected}`
    )
  }
  if (status === 401) {
    return `${what}: HTTP 401: ${detail}. The 'github-token' input was refused; leave it at its default (the job's GITHUB_TOKEN) or give a valid token. ${unaffected}`
  }
  if (status !== undefined) return `${what}: HTTP ${status}: ${detail}. ${unaffected}`
  return `${what}: ${detail}. ${unaffected}`
}

/** The status of the API's answer; none for network errors (which Octokit also gives status 500). */
function httpStatus(error: unknown): number | undefined {
  const status = (error as { response?: { status?: unknown } } | null)?.response?.status
  return typeof status === 'number' ? status : undefined
}
