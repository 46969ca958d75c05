import { describe, expect, it } from '@jest/globals'
import { type Finding } from '../src/core/evaluate.js'
import {
  COMMENT_BUDGET_CHARS,
  COMMENT_MAX_CHARS,
  commentFailureMessage,
  commentMarker,
  findStickyComment,
  pullRequestTarget,
  renderComment,
  workflowRunUrl,
  type IssueComment
} from '../src/sinks/comment.js'
import type { GateResult } from '../src/core/result.js'
import { findingWith, gateResult, imageResult, policy, unreadImage } from './helpers/builders.js'

const IMAGE = 'sha256:0123456789abcdef'

const finding = findingWith({ md5: '0'.repeat(32), virusName: 'Test.Virus', size: 10 })

/** One image judged by the policy of these tests. */
const judged = (findings: Finding[]): GateResult =>
  imageResult(findings, policy({ critical: 0, high: 0 }), { imageId: IMAGE })

function manyFindings(count: number, path: (index: number) => string): Finding[] {
  return Array.from({ length: count }, (_, index) =>
    finding([4, 3, 2, 1][index % 4], path(index), {
      md5: index.toString(16).padStart(32, '0'),
      virusName: `Trojan.Linux.Family${index % 13}.Variant`
    })
  )
}

/** Rows of the Markdown table under a heading, and the number the cut note says were left out. */
function tableRows(body: string, heading: string): { shown: number; omitted: number } {
  const start = body.indexOf(heading)
  if (start < 0) throw new Error(`no "${heading}" in the body`)
  const end = body.indexOf('\n### ', start + 1)
  const section = body.slice(start, end < 0 ? undefined : end)
  const shown = section.split('\n').filter((line) => /^\| (critical|high|medium|low) /.test(line))
  const omitted = Number(/\*(\d+) more row\(s\) not shown/.exec(section)?.[1] ?? 0)
  return { shown: shown.length, omitted }
}

describe('commentMarker', () => {
  it('is a hidden HTML comment that names the image', () => {
    const marker = commentMarker('sha256:abc')
    expect(marker).toMatch(/^<!-- .* -->$/)
    expect(marker).toContain('sha256:abc')
  })

  it('differs between images, also when one ID is a prefix of another', () => {
    const short = commentMarker('sha256:abc')
    const long = commentMarker('sha256:abcd')
    expect(short).not.toBe(long)
    expect(long.startsWith(short)).toBe(false)
    expect(`${long}\nbody`.startsWith(short)).toBe(false)
  })

  it('cannot be ended or nested by the image ID', () => {
    const marker = commentMarker('x-->y<!--z--!>')
    expect(marker.indexOf('-->')).toBe(marker.length - 3)
    expect(marker.lastIndexOf('<!--')).toBe(0)
    expect(marker.slice(4, -3)).not.toContain('--')
    expect(commentMarker('x-->y')).not.toBe(commentMarker('x--%3Ey'))
  })
})

describe('renderComment: content', () => {
  const result = judged([finding(4, '/root/miner', { virusName: 'Linux.Miner.Xmrig' })])

  it('starts with the marker of its image, then the summary', () => {
    const body = renderComment(result)
    const [first, second] = body.split('\n')
    expect(first).toBe(commentMarker(IMAGE))
    expect(second).toBe('## ❌ TCSS virus gate: fail')
    expect(body).toContain('### Violations (1)')
    expect(body).toContain('Linux.Miner.Xmrig')
  })

  it('links the workflow run and the commit, and drops links that do not look right', () => {
    const body = renderComment(result, {
      runUrl: 'https://github.com/octo-org/octo-service/actions/runs/42',
      commitSha: 'abcdef0123456789abcdef0123456789abcdef01'
    })
    expect(body).toContain(
      '[workflow run](https://github.com/octo-org/octo-service/actions/runs/42)'
    )
    expect(body).toContain('Commit abcdef0')

    const bad = renderComment(result, { commitSha: 'abc) [x](https://evil.example' })
    expect(bad).not.toContain('evil')
    expect(bad).not.toContain('Commit')
  })
})

describe('renderComment: untrusted text', () => {
  it('escapes everything that comes from the image', () => {
    const body = renderComment(
      judged([
        finding(4, '/tmp/<img src=x onerror=alert(1)>', {
          virusName: '@octocat #1 [click](javascript:alert(1))'
        }),
        finding(4, '/tmp/<!-- hides the rest', { virusName: '</details><script>x</script>' }),
        finding(3, '/tmp/a|b\n## heading', { virusName: '**bold** `code` https://evil.example' }),
        finding(3, '/srv/www.evil.example/x', { virusName: 'mail attacker@evil.example' })
      ])
    )
    expect(body).not.toMatch(/<img|<script|<\/details><script/)
    // The only HTML comment is the marker: a path cannot hide the rest of the comment.
    expect(body.split('<!--')).toHaveLength(2)
    expect(body).not.toContain('@octocat')
    expect(body).not.toContain('#1 ')
    expect(body).not.toContain('](javascript:')
    expect(body).not.toContain('https://evil')
    expect(body).not.toContain('\n## heading')
    expect(body).not.toContain('a|b')
    expect(body).not.toContain('**bold**')
    expect(body).not.toMatch(/www\./)
    expect(body).not.toContain('attacker@evil')
    // What Markdown would not read as syntax stays readable in the raw body.
    expect(body).toContain('/srv/www&#8203;.evil.example/x')
  })
})

describe('renderComment: size', () => {
  it(`stays under ${COMMENT_MAX_CHARS} characters with 100,000 findings and says how many rows were left out`, () => {
    const result = judged(
      manyFindings(100_000, (i) => `/layer/${i % 97}/usr/share/some/long/name/file-${i}.bin`)
    )
    const body = renderComment(result, {
      runUrl: 'https://github.com/octo-org/octo-service/actions/runs/42'
    })
    expect(body.length).toBeLessThanOrEqual(COMMENT_BUDGET_CHARS)
    expect(body.length).toBeLessThan(COMMENT_MAX_CHARS)
    // It is not a trivially small body: the space is used.
    expect(body.length).toBeGreaterThan(COMMENT_BUDGET_CHARS / 2)

    const violations = result.images[0].evaluation?.violations ?? 0
    const { shown, omitted } = tableRows(body, `### Violations (${violations})`)
    expect(shown).toBeGreaterThan(0)
    expect(shown + omitted).toBe(violations)
    expect(body).toContain("GitHub's 65,536-character limit for comments")
    expect(body).not.toContain('1 MiB')
    expect(body.startsWith(commentMarker(IMAGE))).toBe(true)
    expect(body).toContain('[workflow run]')
  })

  it('counts characters, not bytes: wide and astral characters cannot push it over', () => {
    // Each of these escapes to a long character reference; emoji take two UTF-16 units.
    const path = (i: number): string => `/数据/${'😈'.repeat(40)}/${'\u202e'.repeat(5)}${i}`
    const body = renderComment(judged(manyFindings(20_000, path)))
    expect(body.length).toBeLessThanOrEqual(COMMENT_BUDGET_CHARS)
    expect(Array.from(body).length).toBeLessThanOrEqual(COMMENT_BUDGET_CHARS)
  })

  it('stays under the limit when the reason and the failure text are huge', () => {
    const failing = gateResult({
      images: [unreadImage(IMAGE, 'error', { kind: 'scan', message: '&|'.repeat(50_000) })],
      policy: policy({ critical: 0, high: 0 }),
      reason: '<>'.repeat(50_000),
      warnings: Array.from({ length: 5_000 }, (_, i) => `warning ${i} ${'`'.repeat(200)}`)
    })
    const body = renderComment(failing)
    expect(body.length).toBeLessThanOrEqual(COMMENT_BUDGET_CHARS)
    expect(body.startsWith(commentMarker(IMAGE))).toBe(true)
  })

  it('keeps every row and adds no cut note when the findings fit', () => {
    const result = judged(manyFindings(40, (i) => `/opt/file-${i}`))
    const body = renderComment(result)
    expect(body).not.toMatch(/not shown|was cut/)
    const violations = result.images[0].evaluation?.violations ?? 0
    expect(tableRows(body, `### Violations (${violations})`)).toEqual({
      shown: violations,
      omitted: 0
    })
  })
})

describe('findStickyComment', () => {
  const marker = commentMarker(IMAGE)
  const bot = { login: 'github-actions[bot]', type: 'Bot' }
  const person = { login: 'someone', type: 'User' }
  const comment = (id: number, fields: Partial<IssueComment>): IssueComment => ({
    id,
    body: `${marker}\n## summary`,
    user: bot,
    author_association: 'NONE',
    ...fields
  })

  it('finds the first marked comment written by the login the token posts as', () => {
    const comments = [comment(1, { body: 'LGTM', user: person }), comment(2, {}), comment(3, {})]
    expect(findStickyComment(comments, marker, 'github-actions[bot]')?.id).toBe(2)
    // Logins are case-insensitive on GitHub.
    expect(findStickyComment(comments, marker, 'GitHub-Actions[bot]')?.id).toBe(2)
  })

  it('ignores the marker of another image and a marker that is only quoted', () => {
    const comments = [
      comment(1, { body: `${commentMarker('sha256:other')}\n## summary` }),
      comment(2, { body: `> ${marker}\n> quoted` }),
      comment(3, { body: null })
    ]
    expect(findStickyComment(comments, marker, 'github-actions[bot]')).toBeUndefined()
  })

  it('ignores a marked comment by another app, a maintainer or anyone else', () => {
    const otherApp = comment(1, { user: { login: 'other-app[bot]', type: 'Bot' } })
    const maintainer = comment(2, { user: person, author_association: 'OWNER' })
    const collaborator = comment(3, { user: person, author_association: 'COLLABORATOR' })
    const drive = comment(4, { user: person, author_association: 'NONE' })
    const all = [otherApp, maintainer, collaborator, drive]
    expect(findStickyComment(all, marker, 'github-actions[bot]')).toBeUndefined()
    // A user token's own earlier comment is its own, whatever its association.
    expect(findStickyComment(all, marker, 'someone')?.id).toBe(2)
    // A user that shares an app's name is not that app.
    const lookalike = comment(5, { user: { login: 'github-actions', type: 'User' } })
    expect(findStickyComment([lookalike], marker, 'github-actions[bot]')).toBeUndefined()
  })

  it('takes nothing when the login the token posts as is not known', () => {
    expect(findStickyComment([comment(1, {})], marker, undefined)).toBeUndefined()
  })
})

describe('pullRequestTarget', () => {
  const payload = { number: 7, pull_request: { number: 7, head: { sha: 'a'.repeat(40) } } }

  it('reads the pull request of pull_request and pull_request_target events', () => {
    expect(pullRequestTarget('pull_request', payload, 'octo-org/octo-service')).toEqual({
      owner: 'octo-org',
      repo: 'octo-service',
      number: 7,
      headSha: 'a'.repeat(40)
    })
    expect(pullRequestTarget('pull_request_target', payload, 'o/r')?.number).toBe(7)
  })

  it('has no target on other events, without a number or without a repository', () => {
    expect(pullRequestTarget('push', payload, 'o/r')).toBeUndefined()
    expect(pullRequestTarget('issue_comment', payload, 'o/r')).toBeUndefined()
    expect(pullRequestTarget('pull_request', {}, 'o/r')).toBeUndefined()
    expect(
      pullRequestTarget('pull_request', { pull_request: { number: '7' } }, 'o/r')
    ).toBeUndefined()
    expect(pullRequestTarget('pull_request', payload, undefined)).toBeUndefined()
    expect(pullRequestTarget('pull_request', payload, 'no-slash')).toBeUndefined()
  })
})

describe('workflowRunUrl', () => {
  it('builds the run URL, also under a GitHub Enterprise Server path', () => {
    expect(workflowRunUrl('https://github.com', 'o/r', '42')).toBe(
      'https://github.com/o/r/actions/runs/42'
    )
    expect(workflowRunUrl('https://ghes.example/', 'o/r', '42')).toBe(
      'https://ghes.example/o/r/actions/runs/42'
    )
  })

  it('gives nothing for malformed parts', () => {
    expect(workflowRunUrl('javascript:alert(1)', 'o/r', '42')).toBeUndefined()
    expect(workflowRunUrl('https://github.com', 'o/r', '42) [x](y')).toBeUndefined()
    expect(workflowRunUrl('https://github.com', 'o/r/../x', '42')).toBeUndefined()
    expect(workflowRunUrl('https://github.com', 'o/r', undefined)).toBeUndefined()
  })
})

describe('commentFailureMessage', () => {
  const target = { owner: 'o', repo: 'r', number: 7 }
  // As Octokit's RequestError: the answer's status, and the response itself.
  const httpError = (status: number, message: string): Error =>
    Object.assign(new Error(message), { status, response: { status, headers: {}, data: {} } })

  it.each([403, 404])('says which permission to grant on HTTP %i', (status) => {
    const message = commentFailureMessage(
      httpError(status, 'Resource not accessible'),
      target,
      false
    )
    expect(message).toContain(`HTTP ${status}`)
    expect(message).toContain('permissions: pull-requests: write')
    expect(message).toContain('#7')
    expect(message).toContain('verdict is not affected')
    expect(message).not.toContain('fork')
  })

  it('explains the read-only token of a fork', () => {
    const message = commentFailureMessage(httpError(403, 'Resource not accessible'), target, true)
    expect(message).toContain('fork')
    expect(message).toContain('read-only')
  })

  it('names the token input on HTTP 401 and reports network errors as they are', () => {
    expect(commentFailureMessage(httpError(401, 'Bad credentials'), target, false)).toContain(
      "'github-token'"
    )
    const network = commentFailureMessage(
      // Octokit gives a network error status 500 but no response: it is not an HTTP 500.
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { status: 500 }),
      target,
      false
    )
    expect(network).toContain('ECONNREFUSED')
    expect(network).not.toContain('HTTP')
    expect(network).not.toContain('permissions:')
  })

  it('keeps an API message on one line so it cannot start a workflow command', () => {
    const message = commentFailureMessage(httpError(500, 'oops\n::error::injected'), target, false)
    expect(message).not.toContain('\n')
  })
})
