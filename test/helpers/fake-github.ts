/**
 * A small stand-in for the GitHub REST API's issue-comment endpoints: a real
 * HTTP server on 127.0.0.1 that the bundled action reaches through
 * GITHUB_API_URL. It keeps comments per issue, pages them with a Link header
 * as GitHub does, checks the token, answers 403 to a read-only token's
 * writes, refuses bodies over GitHub's limit, and records every request; it
 * can also hang, never answering.
 *
 *   GET   {base}/repos/:owner/:repo/issues/:number/comments?per_page&page
 *   POST  {base}/repos/:owner/:repo/issues/:number/comments   {"body": "…"}
 *   PATCH {base}/repos/:owner/:repo/issues/comments/:id       {"body": "…"}
 *   POST  {graphql}  {"query": "… viewer { login } …"}  (who the token posts as)
 *
 * The GraphQL endpoint is where Octokit looks for it: {base}/graphql, or
 * /api/graphql when the base is /api/v3 (GitHub Enterprise Server).
 */
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'

export type Access = 'write' | 'read'

export interface FakeUser {
  login: string
  type: 'Bot' | 'User'
}

export interface FakeComment {
  id: number
  body: string
  user: FakeUser
  author_association: string
  html_url: string
  issue_url: string
  created_at: string
  updated_at: string
}

export interface FakeGitHubOptions {
  /** Known tokens and what they may do; any other token gets 401. */
  tokens: Record<string, Access>
  /** Path prefix of the API, e.g. '/api/v3' as on GitHub Enterprise Server. */
  basePath?: string
  /** Who the comments the action creates belong to, and who GraphQL's `viewer` is. */
  author?: FakeUser
  /** Answer GraphQL with this HTTP status and an error instead (e.g. 403, 502). */
  graphqlStatus?: number
  /** Record requests but never answer them (a hung API). */
  hang?: boolean
}

export interface RecordedRequest {
  method: string
  /** The path without the base path and the query. */
  path: string
  query: Record<string, string>
  authorization?: string
  /** The parsed JSON body of a POST or PATCH. */
  body?: { body?: unknown }
  status: number
}

export interface FakeGitHub {
  /** What GITHUB_API_URL should be. */
  url: string
  requests: RecordedRequest[]
  /** The comments of an issue, oldest first. */
  comments(repository: string, issue: number): FakeComment[]
  /**
   * Adds comments to an issue as if others had written them (by default a
   * reviewer with write access); returns them with their ids.
   */
  seed(
    repository: string,
    issue: number,
    comments: Array<Partial<Pick<FakeComment, 'body' | 'user' | 'author_association'>>>
  ): FakeComment[]
  close(): Promise<void>
}

/** GitHub's limit for a comment body, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536
const DEFAULT_PER_PAGE = 30
const REVIEWER: FakeUser = { login: 'reviewer', type: 'User' }
export const GITHUB_ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', type: 'Bot' }

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const basePath = (options.basePath ?? '').replace(/\/+$/, '')
  const issues = new Map<string, FakeComment[]>()
  const requests: RecordedRequest[] = []
  let nextId = 1_000_001
  let clock = Date.parse('2026-11-20T10:00:00Z')
  let origin = ''

  const listOf = (repository: string, issue: number): FakeComment[] => {
    const key = `${repository.toLowerCase()}#${issue}`
    let list = issues.get(key)
    if (!list) {
      list = []
      issues.set(key, list)
    }
    return list
  }
  const timestamp = (): string => new Date((clock += 1000)).toISOString()
  const newComment = (
    repository: string,
    issue: number,
    fields: Partial<Pick<FakeComment, 'body' | 'user' | 'author_association'>>
  ): FakeComment => {
    const id = nextId++
    const at = timestamp()
    return {
      id,
      body: fields.body ?? '',
      user: fields.user ?? options.author ?? GITHUB_ACTIONS_BOT,
      author_association: fields.author_association ?? 'NONE',
      html_url: `https://github.com/${repository}/pull/${issue}#issuecomment-${id}`,
      issue_url: `${origin}${basePath}/repos/${repository}/issues/${issue}`,
      created_at: at,
      updated_at: at
    }
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const url = new URL(request.url ?? '/', origin)
      const record: RecordedRequest = {
        method: request.method ?? '',
        path: url.pathname.startsWith(basePath)
          ? url.pathname.slice(basePath.length)
          : url.pathname,
        query: Object.fromEntries(url.searchParams),
        authorization: request.headers.authorization,
        status: 0
      }
      requests.push(record)
      if (options.hang) return
      const send = (status: number, data: unknown, headers: Record<string, string> = {}): void => {
        record.status = status
        response.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          ...headers
        })
        response.end(JSON.stringify(data))
      }
      const error = (status: number, message: string): void =>
        send(status, {
          message,
          documentation_url: 'https://docs.github.com/rest',
          status: String(status)
        })

      const graphqlPath = `${basePath.replace(/\/v3$/, '')}/graphql`
      const graphql = url.pathname === graphqlPath
      if (graphql) record.path = url.pathname
      if (!graphql && !url.pathname.startsWith(`${basePath}/`)) return error(404, 'Not Found')
      const token = /^(?:token|bearer) (.+)$/i.exec(request.headers.authorization ?? '')?.[1]
      const access = token === undefined ? undefined : options.tokens[token]
      if (!access) return error(401, 'Bad credentials')
      if (graphql) {
        if (record.method !== 'POST') return error(404, 'Not Found')
        if (options.graphqlStatus) return error(options.graphqlStatus, 'GraphQL refused')
        const query = (() => {
          try {
            return String(
              (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query?: unknown }).query
            )
          } catch {
            return ''
          }
        })()
        if (!/\bviewer\s*\{\s*login\s*\}/.test(query)) return error(400, 'Unsupported query')
        return send(200, {
          data: { viewer: { login: (options.author ?? GITHUB_ACTIONS_BOT).login } }
        })
      }

      if (chunks.length > 0) {
        try {
          record.body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body?: unknown }
        } catch {
          return error(400, 'Problems parsing JSON')
        }
      }
      const newBody = (): string | undefined => {
        const body = record.body?.body
        if (typeof body !== 'string') {
          error(422, 'Validation Failed: body is missing')
          return undefined
        }
        if (Array.from(body).length > GITHUB_COMMENT_LIMIT) {
          error(
            422,
            `Validation Failed: body is too long (maximum is ${GITHUB_COMMENT_LIMIT} characters)`
          )
          return undefined
        }
        return body
      }

      const issueRoute = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(record.path)
      const commentRoute = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(record.path)
      if (issueRoute && record.method === 'GET') {
        const [, owner, repo, issue] = issueRoute
        const list = listOf(`${owner}/${repo}`, Number(issue))
        const perPage = Math.min(
          100,
          Math.max(1, Number(record.query.per_page ?? DEFAULT_PER_PAGE))
        )
        const page = Math.max(1, Number(record.query.page ?? 1))
        const last = Math.max(1, Math.ceil(list.length / perPage))
        const link = (n: number): string => {
          const target = new URL(url)
          target.searchParams.set('per_page', String(perPage))
          target.searchParams.set('page', String(n))
          return target.toString()
        }
        const links: string[] = []
        if (page < last)
          links.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`)
        if (page > 1) links.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`)
        return send(
          200,
          list.slice((page - 1) * perPage, page * perPage),
          links.length > 0 ? { link: links.join(', ') } : {}
        )
      }
      if (issueRoute && record.method === 'POST') {
        if (access !== 'write') return error(403, 'Resource not accessible by integration')
        const body = newBody()
        if (body === undefined) return
        const [, owner, repo, issue] = issueRoute
        const comment = newComment(`${owner}/${repo}`, Number(issue), { body })
        listOf(`${owner}/${repo}`, Number(issue)).push(comment)
        return send(201, comment)
      }
      if (commentRoute && record.method === 'PATCH') {
        if (access !== 'write') return error(403, 'Resource not accessible by integration')
        const [, owner, repo, id] = commentRoute
        const prefix = `${owner}/${repo}#`.toLowerCase()
        const comment = [...issues.entries()]
          .filter(([key]) => key.startsWith(prefix))
          .flatMap(([, list]) => list)
          .find((candidate) => candidate.id === Number(id))
        if (!comment) return error(404, 'Not Found')
        const body = newBody()
        if (body === undefined) return
        comment.body = body
        comment.updated_at = timestamp()
        return send(200, comment)
      }
      return error(404, 'Not Found')
    })
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: `${origin}${basePath}`,
    requests,
    comments: (repository, issue) => [...listOf(repository, issue)],
    seed: (repository, issue, comments) => {
      const created = comments.map((fields) =>
        newComment(repository, issue, { user: REVIEWER, author_association: 'MEMBER', ...fields })
      )
      listOf(repository, issue).push(...created)
      return created
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      })
  }
}
