/**
 * The comment step in process (src/, not the bundle) against the local fake
 * of GitHub: the cases that are too slow or too fiddly to drive through the
 * bundled action.
 */
import * as core from '@actions/core'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { commentOnPullRequest, type CommentRun } from '../src/sinks/comment-post.js'
import type { GateResult } from '../src/core/result.js'
import { gateResult, judged, policy } from './helpers/builders.js'
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.js'
import { markerFor } from '../src/sinks/comment.js'
import { commentConnection } from '../src/gate/github-fetch.js'

const TOKEN = 'ghs_inProcessToken000000000000000000000'
const REPOSITORY = 'octo-org/octo-service'

function cleanResult(): GateResult {
  const rules = policy({}, [], [], 'built-in default')
  return gateResult({
    images: [judged([], { imageId: 'sha256:clean' }, rules)],
    policy: rules,
    durationMs: 5
  })
}

function run(fake: FakeGitHub, overrides: Partial<CommentRun> = {}): CommentRun {
  return {
    eventName: 'pull_request',
    payload: { number: 3, pull_request: { number: 3 } },
    fork: false,
    env: { GITHUB_API_URL: fake.url, GITHUB_REPOSITORY: REPOSITORY },
    log: core,
    connect: commentConnection,
    ...overrides
  }
}

let fake: FakeGitHub | undefined
let output: string[]
beforeEach(() => {
  output = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output.push(String(chunk))
    return true
  })
})
afterEach(async () => {
  jest.restoreAllMocks()
  await fake?.close()
  fake = undefined
})

describe('commentOnPullRequest', () => {
  it('gives up on a GitHub API that does not answer, with a warning and without throwing', async () => {
    fake = await startFakeGitHub({ tokens: { [TOKEN]: 'write' }, hang: true })
    const started = performance.now()

    // Long enough for the first request to arrive on a busy machine, short enough for a test.
    await commentOnPullRequest(cleanResult(), TOKEN, run(fake, { timeoutMs: 2_000 }))

    expect(performance.now() - started).toBeLessThan(8_000)
    expect(fake.requests).toHaveLength(1)
    const warning = output.find((line) => line.startsWith('::warning::'))
    expect(warning).toContain('did not answer within 2 s')
  })

  it('writes the comment when the API answers', async () => {
    fake = await startFakeGitHub({ tokens: { [TOKEN]: 'write' } })

    await commentOnPullRequest(cleanResult(), TOKEN, run(fake))

    expect(fake.comments(REPOSITORY, 3)).toHaveLength(1)
    expect(output.join('')).toContain('Created the TCSS virus gate comment on pull request #3')
  })

  it('writes a new comment, editing none, when GitHub will not say who the token posts as', async () => {
    fake = await startFakeGitHub({ tokens: { [TOKEN]: 'write' }, graphqlStatus: 403 })
    const [earlier] = fake.seed(REPOSITORY, 3, [
      {
        body: `${markerFor(cleanResult())}\n## summary`,
        user: { login: 'github-actions[bot]', type: 'Bot' },
        author_association: 'NONE'
      }
    ])

    await commentOnPullRequest(cleanResult(), TOKEN, run(fake))

    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /repos/octo-org/octo-service/issues/3/comments',
      'POST /graphql',
      'POST /repos/octo-org/octo-service/issues/3/comments'
    ])
    const comments = fake.comments(REPOSITORY, 3)
    expect(comments).toHaveLength(2)
    expect(comments[0]).toEqual(earlier)
    expect(output.join('')).toMatch(/Could not ask GitHub which account the token posts as/)
    expect(output.join('')).not.toContain('::warning::')
  })

  it('asks GitHub Enterprise Server who the token posts as at /api/graphql, and updates its own comment', async () => {
    fake = await startFakeGitHub({ tokens: { [TOKEN]: 'write' }, basePath: '/api/v3' })
    const [own] = fake.seed(REPOSITORY, 3, [
      {
        body: `${markerFor(cleanResult())}\n## summary`,
        user: { login: 'github-actions[bot]', type: 'Bot' },
        author_association: 'NONE'
      }
    ])

    await commentOnPullRequest(cleanResult(), TOKEN, run(fake))

    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /repos/octo-org/octo-service/issues/3/comments',
      'POST /api/graphql',
      `PATCH /repos/octo-org/octo-service/issues/comments/${own.id}`
    ])
    expect(fake.comments(REPOSITORY, 3)).toHaveLength(1)
  })

  it('warns and makes no call when the token is empty', async () => {
    fake = await startFakeGitHub({ tokens: { [TOKEN]: 'write' } })

    await commentOnPullRequest(cleanResult(), '', run(fake))

    expect(fake.requests).toHaveLength(0)
    expect(output.join('')).toMatch(/::warning::.*'github-token' input is empty/)
  })
})
