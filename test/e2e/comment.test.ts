/**
 * End-to-end: the sticky pull-request comment. The bundled action runs
 * against the TCSS emulator and a local fake of GitHub's comment endpoints,
 * reached through GITHUB_API_URL as on a runner.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../emulator/emulator.mjs'
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from '../helpers/fake-github.js'
import { failureLine, finding, runGate, startGateEmulator } from '../helpers/gate.js'
import type { RunOptions, RunResult } from '../helpers/run-action.js'
import { commentMarker } from '../../src/sinks/comment.js'

const TOKEN = 'ghs_e2eWriteToken0000000000000000000000'
const READ_ONLY_TOKEN = 'ghs_e2eReadOnlyToken00000000000000000'
const REPOSITORY = 'octo-org/octo-service'
const PR = 7
const HEAD_SHA = 'abcdef0123456789abcdef0123456789abcdef01'
const COMMENTS_PATH = `/repos/${REPOSITORY}/issues/${PR}/comments`
const RUN_URL = `https://github.com/${REPOSITORY}/actions/runs/4242`

let emulator: Emulator
let github: FakeGitHub | undefined

beforeAll(async () => {
  emulator = await startGateEmulator({
    images: {
      'sha256:app': {
        findings: [
          finding(4, {
            Path: '/tmp/<img src=x onerror=alert(1)>',
            VirusName: '@octocat [click](javascript:alert(1))'
          })
        ]
      },
      'sha256:web': { findings: [] },
      'sha256:big': {
        generate: { count: 1500, riskLevels: [4, 3], prefix: '/very/long/path/'.repeat(10) }
      }
    }
  })
})
afterAll(async () => {
  await emulator.close()
})
afterEach(async () => {
  await github?.close()
  github = undefined
})

async function startGitHub(options: Partial<FakeGitHubOptions> = {}): Promise<FakeGitHub> {
  github = await startFakeGitHub({
    tokens: { [TOKEN]: 'write', [READ_ONLY_TOKEN]: 'read' },
    ...options
  })
  return github
}

function pullRequestEvent(name = 'pull_request', fork = false): { name: string; payload: unknown } {
  const base = { repo: { full_name: REPOSITORY, fork: false } }
  const head = fork
    ? { sha: HEAD_SHA, repo: { full_name: 'someone/octo-service', fork: true } }
    : { sha: HEAD_SHA, repo: base.repo }
  return { name, payload: { number: PR, pull_request: { number: PR, head, base } } }
}

interface GateOptions {
  event?: RunOptions['event']
  inputs?: Record<string, string>
  env?: Record<string, string>
  /** What the runner gives ${{ github.token }} (the input's default). */
  token?: string
}

/** Runs the gate on a pull request with comment: true; neither token may appear in its output. */
function gate(imageId: string, options: GateOptions = {}): Promise<RunResult> {
  return runGate(emulator, {
    inputs: { 'image-id': imageId, comment: 'true', ...options.inputs },
    event: options.event ?? pullRequestEvent(),
    githubToken: options.token ?? TOKEN,
    env: {
      GITHUB_API_URL: github?.url ?? 'http://127.0.0.1:1',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '4242',
      ...options.env
    },
    secrets: [TOKEN, READ_ONLY_TOKEN]
  })
}

function warnings(result: RunResult): string[] {
  return result.commands
    .filter((command) => command.command === 'warning')
    .map((command) => command.message)
}

function calls(fake: FakeGitHub): string[] {
  return fake.requests.map((request) => {
    const page = request.query.page ? `?page=${request.query.page}` : ''
    return `${request.method} ${request.path}${page}`
  })
}

describe('sticky comment', () => {
  it('creates one comment on the first run, with the summary, through GITHUB_API_URL and the default token', async () => {
    // A GitHub Enterprise Server API lives under /api/v3: the base URL must be used as given.
    const fake = await startGitHub({ basePath: '/api/v3' })
    expect(fake.url).toMatch(/\/api\/v3$/)

    const result = await gate('sha256:app')

    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    expect(calls(fake)).toEqual([`GET ${COMMENTS_PATH}`, `POST ${COMMENTS_PATH}`])
    for (const request of fake.requests) expect(request.authorization).toBe(`token ${TOKEN}`)
    expect(result.stdout).toContain(`::add-mask::${TOKEN}`)

    const comments = fake.comments(REPOSITORY, PR)
    expect(comments).toHaveLength(1)
    const body = comments[0].body
    expect(body.split('\n')[0]).toMatch(/^<!-- tcss-virus-gate .*sha256:app -->$/)
    // The same content as the job summary, then links to the run and the commit.
    expect(result.summary).toMatch(/^## ❌ TCSS virus gate: fail/)
    expect(body).toContain(result.summary)
    expect(body).toContain(`[workflow run](${RUN_URL})`)
    expect(body).toContain('Commit abcdef0')
    // The finding's text is escaped.
    expect(body).not.toContain('<img')
    expect(body).not.toContain('@octocat')
    expect(body).not.toContain('](javascript:')
    expect(result.stdout).toContain(`Created the TCSS virus gate comment on pull request #${PR}`)
  })

  it('updates its comment in place on the next run, never a second one', async () => {
    const fake = await startGitHub()
    emulator.setImage('sha256:flip', { findings: [finding(4)] })
    const first = await gate('sha256:flip')
    expect(first.exitCode).toBe(1)
    const [created] = fake.comments(REPOSITORY, PR)
    expect(created.body).toContain('TCSS virus gate: fail')

    emulator.setImage('sha256:flip', { findings: [] })
    fake.requests.length = 0
    const second = await gate('sha256:flip')

    expect(second.exitCode).toBe(0)
    // Its own: written by the account the token posts as, which GraphQL's viewer names.
    expect(calls(fake)).toEqual([
      `GET ${COMMENTS_PATH}`,
      'POST /graphql',
      `PATCH /repos/${REPOSITORY}/issues/comments/${created.id}`
    ])
    const comments = fake.comments(REPOSITORY, PR)
    expect(comments).toHaveLength(1)
    expect(comments[0].id).toBe(created.id)
    expect(comments[0].body).toContain('TCSS virus gate: pass')
    expect(comments[0].body).not.toContain('TCSS virus gate: fail')
    expect(second.stdout).toContain(`Updated the TCSS virus gate comment on pull request #${PR}`)
  })

  it('keeps one comment per image, also on pull_request_target', async () => {
    const fake = await startGitHub()
    await gate('sha256:app')
    await gate('sha256:web', { event: pullRequestEvent('pull_request_target') })
    const [app, web] = fake.comments(REPOSITORY, PR)
    expect(app.body).toMatch(/^<!-- [^\n]*sha256:app -->/)
    expect(web.body).toMatch(/^<!-- [^\n]*sha256:web -->/)

    fake.requests.length = 0
    await gate('sha256:app')

    expect(fake.comments(REPOSITORY, PR)).toHaveLength(2)
    expect(calls(fake)).toEqual([
      `GET ${COMMENTS_PATH}`,
      'POST /graphql',
      `PATCH /repos/${REPOSITORY}/issues/comments/${app.id}`
    ])
  })

  it('writes one comment for a step with several images and events, updated in place whatever the line order', async () => {
    const fake = await startGitHub()
    emulator.setEvent('evt-1', { fields: { RiskLevel: 'RISK_LOW' } })
    const first = await gate('sha256:app\nsha256:web', { inputs: { 'event-ids': 'evt-1' } })
    expect(first.exitCode).toBe(1)
    const comments = fake.comments(REPOSITORY, PR)
    expect(comments).toHaveLength(1)
    const [comment] = comments
    expect(comment.body.split('\n')[0]).toBe(
      commentMarker('event:evt-1,sha256:app,sha256:web', 'targets')
    )
    // Both images and the events, as in the job summary.
    expect(comment.body).toContain(first.summary)
    expect(comment.body).toContain('### ❌ Image sha256:app')
    expect(comment.body).toContain('### ✅ Image sha256:web')
    expect(comment.body).toContain('Runtime trojan events (1)')

    fake.requests.length = 0
    await gate('sha256:web\nsha256:app', { inputs: { 'event-ids': 'evt-1' } })
    expect(fake.comments(REPOSITORY, PR)).toHaveLength(1)
    expect(calls(fake)).toEqual([
      `GET ${COMMENTS_PATH}`,
      'POST /graphql',
      `PATCH /repos/${REPOSITORY}/issues/comments/${comment.id}`
    ])
  })

  it('finds its comment on page 2, past a marker copied by someone else', async () => {
    const fake = await startGitHub()
    const others = Array.from({ length: 99 }, (_, index) => ({ body: `review comment ${index}` }))
    const [planted] = fake.seed(REPOSITORY, PR, [
      {
        body: `${commentMarker('sha256:web')}\n## ✅ TCSS virus gate: pass (not really)`,
        user: { login: 'drive-by', type: 'User' },
        author_association: 'NONE'
      },
      ...others
    ])

    await gate('sha256:web')
    // The copied marker was not taken: the gate wrote its own comment, the 101st, on page 2.
    expect(calls(fake)).toEqual([`GET ${COMMENTS_PATH}`, 'POST /graphql', `POST ${COMMENTS_PATH}`])
    const comments = fake.comments(REPOSITORY, PR)
    expect(comments).toHaveLength(101)
    const own = comments[100]
    expect(fake.comments(REPOSITORY, PR)[0].body).toBe(planted.body)

    fake.requests.length = 0
    await gate('sha256:web')

    expect(calls(fake)).toEqual([
      `GET ${COMMENTS_PATH}`,
      'POST /graphql',
      `GET ${COMMENTS_PATH}?page=2`,
      `PATCH /repos/${REPOSITORY}/issues/comments/${own.id}`
    ])
    expect(fake.requests[0].query.per_page).toBe('100')
    expect(fake.comments(REPOSITORY, PR)).toHaveLength(101)
    expect(fake.comments(REPOSITORY, PR)[0].body).toBe(planted.body)
  })

  it('never edits a marked comment by another app or by a maintainer: it writes its own', async () => {
    const fake = await startGitHub()
    const marked = `${commentMarker('sha256:web')}\n## ✅ TCSS virus gate: pass (someone else's)`
    const seeded = fake.seed(REPOSITORY, PR, [
      { body: marked, user: { login: 'other-app[bot]', type: 'Bot' }, author_association: 'NONE' },
      { body: marked, user: { login: 'maintainer', type: 'User' }, author_association: 'OWNER' }
    ])

    const first = await gate('sha256:web')
    expect(first.exitCode).toBe(0)
    expect(calls(fake)).toEqual([`GET ${COMMENTS_PATH}`, 'POST /graphql', `POST ${COMMENTS_PATH}`])
    const comments = fake.comments(REPOSITORY, PR)
    expect(comments).toHaveLength(3)
    expect(comments.slice(0, 2)).toEqual(seeded)
    const own = comments[2]
    expect(own.user.login).toBe('github-actions[bot]')

    fake.requests.length = 0
    await gate('sha256:web')
    expect(calls(fake)).toEqual([
      `GET ${COMMENTS_PATH}`,
      'POST /graphql',
      `PATCH /repos/${REPOSITORY}/issues/comments/${own.id}`
    ])
    expect(fake.comments(REPOSITORY, PR).slice(0, 2)).toEqual(seeded)
  })

  it("with a personal token, updates that user's own comment and not the Actions bot's", async () => {
    const user = { login: 'release-manager', type: 'User' } as const
    const fake = await startGitHub({ author: user })
    const marked = `${commentMarker('sha256:web')}\n## summary`
    const [bots, mine] = fake.seed(REPOSITORY, PR, [
      {
        body: marked,
        user: { login: 'github-actions[bot]', type: 'Bot' },
        author_association: 'NONE'
      },
      { body: marked, user, author_association: 'MEMBER' }
    ])

    await gate('sha256:web')
    expect(calls(fake)).toEqual([
      `GET ${COMMENTS_PATH}`,
      'POST /graphql',
      `PATCH /repos/${REPOSITORY}/issues/comments/${mine.id}`
    ])
    expect(fake.comments(REPOSITORY, PR)[0]).toEqual(bots)
  })

  it('keeps the comment under 65,536 characters when the summary is over 100,000', async () => {
    const fake = await startGitHub()
    const result = await gate('sha256:big')

    expect(result.outputs.findings).toBe('1500')
    expect(result.summary.length).toBeGreaterThan(100_000)
    const [comment] = fake.comments(REPOSITORY, PR)
    expect(fake.requests.at(-1)?.status).toBe(201)
    expect(comment.body.length).toBeLessThan(65_536)
    expect(Array.from(comment.body).length).toBeLessThan(65_536)
    expect(comment.body).toMatch(/\d+ more row\(s\) not shown to keep this comment under/)
    expect(comment.body).toContain(`[workflow run](${RUN_URL})`)
  })
})

describe('when the comment cannot be written', () => {
  it('warns with the permission to grant on a 403, and the verdict and exit code stay as they are', async () => {
    const fake = await startGitHub()
    const baseline = await gate('sha256:app', { inputs: { comment: 'false' } })
    expect(fake.requests).toHaveLength(0)

    const refused = await gate('sha256:app', {
      token: READ_ONLY_TOKEN,
      env: { RUNNER_DEBUG: '1' }
    })

    expect(refused.exitCode).toBe(baseline.exitCode)
    expect(refused.exitCode).toBe(1)
    expect(refused.outputs).toEqual(baseline.outputs)
    expect(failureLine(refused)).toBe(failureLine(baseline))
    expect(calls(fake)).toEqual([`GET ${COMMENTS_PATH}`, `POST ${COMMENTS_PATH}`])
    expect(fake.requests[1].status).toBe(403)
    expect(fake.comments(REPOSITORY, PR)).toHaveLength(0)
    const [warning] = warnings(refused).filter((message) => message.includes('comment'))
    expect(warning).toContain('HTTP 403')
    expect(warning).toContain('permissions: pull-requests: write')
    expect(warning).not.toContain('fork')
  })

  it("passes a passing image on a fork's read-only token, and says why no comment appears", async () => {
    const fake = await startGitHub()
    const result = await gate('sha256:web', {
      token: READ_ONLY_TOKEN,
      event: pullRequestEvent('pull_request', true)
    })

    expect(result.exitCode).toBe(0)
    expect(result.outputs.verdict).toBe('pass')
    expect(fake.requests.at(-1)?.status).toBe(403)
    const [warning] = warnings(result).filter((message) => message.includes('comment'))
    expect(warning).toContain('permissions: pull-requests: write')
    expect(warning).toMatch(/fork.*read-only/)
  })

  it('warns when the GitHub API cannot be reached, and the gate still passes', async () => {
    const result = await gate('sha256:web', {
      env: { GITHUB_API_URL: 'http://127.0.0.1:1', RUNNER_DEBUG: '1' }
    })

    expect(result.exitCode).toBe(0)
    expect(result.outputs.verdict).toBe('pass')
    const [warning] = warnings(result).filter((message) => message.includes('comment'))
    expect(warning).toContain(`Could not write the TCSS virus gate comment on pull request #${PR}`)
    expect(warning).not.toContain('permissions:')
  })
})

describe('when no comment is asked for or possible', () => {
  it('makes no API call on a push event, and says so', async () => {
    const fake = await startGitHub()
    const result = await gate('sha256:web', { event: { name: 'push', payload: {} } })

    expect(result.exitCode).toBe(0)
    expect(fake.requests).toHaveLength(0)
    expect(result.stdout).toContain("comment: true has no effect on 'push' events")
    expect(warnings(result)).toEqual([])
  })

  it('makes no API call on a pull request when comment is left at its default', async () => {
    const fake = await startGitHub()
    const result = await runGate(emulator, {
      inputs: { 'image-id': 'sha256:app' },
      event: pullRequestEvent(),
      githubToken: TOKEN,
      env: { GITHUB_API_URL: fake.url },
      secrets: [TOKEN]
    })

    expect(result.exitCode).toBe(1)
    expect(fake.requests).toHaveLength(0)
    expect(result.stdout).not.toContain('TCSS virus gate comment')
  })
})
