/**
 * The sticky pull-request comment, posting part: one comment per pull request
 * and gate step, created on the first run and updated in place afterwards.
 * Never throws: a comment that cannot be written is a warning, never a
 * different verdict. The body and the choice of comment are comment.ts.
 */
import { getOctokit } from '@actions/github'
import type { GateResult } from '../core/result.js'
import {
  COMMENT_EVENTS,
  commentFailureMessage,
  findStickyComment,
  type IssueComment,
  markerFor,
  pullRequestTarget,
  type PullRequestTarget,
  renderComment,
  workflowRunUrl
} from './comment.js'
import { errorMessage } from '../errors.js'
import { escapeLogText } from './escape.js'

/** The whole comment step (every page, the create or update) gives up after this long. */
export const COMMENT_TIMEOUT_MS = 30_000

/** Where the comment step's messages go (the runner). */
export interface CommentLog {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
}

/** A way to reach GitHub's API at `baseUrl`: a fetch for Octokit, and its connections' end. */
export interface GitHubConnection {
  fetch: typeof globalThis.fetch
  close(): Promise<void>
}

/** What the comment step takes from the run. */
export interface CommentRun {
  /** github.context.eventName */
  eventName: string
  /** github.context.payload */
  payload: unknown
  /** True when the pull request's head is in a fork. */
  fork: boolean
  /** GITHUB_API_URL, GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID are read from it. */
  env: NodeJS.ProcessEnv
  /** Deadline for the whole comment step; COMMENT_TIMEOUT_MS unless given. */
  timeoutMs?: number
  /** Where its messages go. */
  log: CommentLog
  /** Opens the connection to GitHub's API (through the runner's proxy when one applies). */
  connect: (baseUrl: string) => GitHubConnection
}

/**
 * Creates the gate's comment on the pull request, or updates it when an
 * earlier run wrote one. Never throws: every failure is a warning.
 */
export async function commentOnPullRequest(
  result: GateResult,
  token: string,
  run: CommentRun
): Promise<void> {
  const { log } = run
  if (!COMMENT_EVENTS.includes(run.eventName)) {
    log.info(
      `comment: true has no effect on '${escapeLogText(run.eventName)}' events; the comment is written on pull_request and pull_request_target events only.`
    )
    return
  }
  const target = pullRequestTarget(run.eventName, run.payload, run.env.GITHUB_REPOSITORY)
  if (!target) {
    log.warning(
      'Could not write the TCSS virus gate comment: the event has no pull-request number or GITHUB_REPOSITORY is not set.'
    )
    return
  }
  if (!token) {
    log.warning(
      "Could not write the TCSS virus gate comment: the 'github-token' input is empty. Leave it at its default (the job's GITHUB_TOKEN) or give a token."
    )
    return
  }
  const env = run.env
  const body = renderComment(result, {
    runUrl: workflowRunUrl(env.GITHUB_SERVER_URL, env.GITHUB_REPOSITORY, env.GITHUB_RUN_ID),
    commitSha: target.headSha
  })
  try {
    const written = await upsertComment(
      token,
      env.GITHUB_API_URL || 'https://api.github.com',
      target,
      markerFor(result),
      body,
      run.timeoutMs ?? COMMENT_TIMEOUT_MS,
      log,
      run.connect
    )
    log.info(
      `${written.created ? 'Created' : 'Updated'} the TCSS virus gate comment on pull request #${target.number}${written.url ? `: ${escapeLogText(written.url)}` : ''}.`
    )
  } catch (error) {
    log.warning(commentFailureMessage(error, target, run.eventName === 'pull_request' && run.fork))
  }
}

async function upsertComment(
  token: string,
  baseUrl: string,
  target: PullRequestTarget,
  marker: string,
  body: string,
  timeoutMs: number,
  log: Pick<CommentLog, 'info' | 'debug'>,
  connect: CommentRun['connect']
): Promise<{ created: boolean; url?: string }> {
  const connection = connect(baseUrl)
  const octokit = getOctokit(token, {
    baseUrl,
    userAgent: 'tcss-virus-gate',
    request: { fetch: connection.fetch },
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => log.debug(escapeLogText(message)),
      error: (message: string) => log.debug(escapeLogText(message))
    }
  })
  // One deadline for every request, the follow-up pages included.
  const signal = AbortSignal.timeout(timeoutMs)
  octokit.hook.before('request', (options) => {
    options.request = { ...options.request, signal }
  })
  try {
    return await writeComment(octokit, target, marker, body, log)
  } catch (error) {
    if (signal.aborted)
      throw new Error(`the GitHub API did not answer within ${timeoutMs / 1000} s`)
    throw error
  } finally {
    await connection.close().catch(() => undefined)
  }
}

type Octokit = ReturnType<typeof getOctokit>

/**
 * The login the token posts as, from GraphQL's `viewer`: the one question
 * every kind of token may ask (`GET /user` is forbidden to the job's
 * GITHUB_TOKEN and to app installation tokens). For those it answers the
 * bot's login (`github-actions[bot]`, `<app>[bot]`), exactly as the REST
 * comments name their author. Undefined when GitHub does not say: then no
 * comment is edited and a new one is written.
 */
async function tokenLogin(
  octokit: Octokit,
  log: Pick<CommentLog, 'info' | 'debug'>
): Promise<string | undefined> {
  try {
    const answer = await octokit.graphql<{ viewer?: { login?: unknown } | null }>(
      'query { viewer { login } }'
    )
    const login = answer.viewer?.login
    if (typeof login === 'string' && login !== '') return login
    log.info(
      'GitHub did not say which account the token posts as; writing a new TCSS virus gate comment rather than editing one.'
    )
  } catch (error) {
    if ((error as { name?: unknown }).name === 'AbortError') throw error
    log.info(
      `Could not ask GitHub which account the token posts as (${escapeLogText(errorMessage(error)).slice(0, 300)}); writing a new TCSS virus gate comment rather than editing one.`
    )
  }
  return undefined
}

async function writeComment(
  octokit: Octokit,
  target: PullRequestTarget,
  marker: string,
  body: string,
  log: Pick<CommentLog, 'info' | 'debug'>
): Promise<{ created: boolean; url?: string }> {
  const { owner, repo, number } = target
  let existing: IssueComment | undefined
  // Asked once, and only when some comment carries the marker.
  let login: Promise<string | undefined> | undefined
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: number,
    per_page: 100
  })
  for await (const page of pages) {
    if (!page.data.some((comment) => (comment.body ?? '').startsWith(marker))) continue
    login ??= tokenLogin(octokit, log)
    existing = findStickyComment(page.data, marker, await login)
    if (existing) break
  }

  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: existing.id,
      body
    })
    return { created: false, url: data.html_url }
  }
  const { data } = await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: number,
    body
  })
  return { created: true, url: data.html_url }
}
