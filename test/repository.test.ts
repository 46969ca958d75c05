/**
 * The repository as users and the Marketplace see it: action.yml, the workflows, Dependabot's
 * configuration and the license. What the release procedure (docs/releasing.md) relies on is checked here
 * on every change, not discovered at release time.
 */
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parseDocument } from 'yaml'
import { ROOT } from './helpers/run-action.js'

/** Parses YAML strictly: a syntax error, a duplicate key or a warning fails the test with its place. */
function readYaml(relative: string): Record<string, unknown> {
  const text = fs.readFileSync(path.join(ROOT, relative), 'utf8')
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true })
  const problems = [...document.errors, ...document.warnings].map((problem) => problem.message)
  expect({ file: relative, problems }).toEqual({ file: relative, problems: [] })
  const value = document.toJS() as unknown
  expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true)
  return value as Record<string, unknown>
}

interface Described {
  description?: unknown
}

describe('action.yml', () => {
  const action = readYaml('action.yml')

  it('has the keys the runner and the Marketplace read', () => {
    expect(Object.keys(action).sort()).toEqual(
      ['author', 'branding', 'description', 'inputs', 'name', 'outputs', 'runs'].sort()
    )
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    expect(action.branding).toEqual({ icon: expect.any(String), color: expect.any(String) })
  })

  it('has a description the Marketplace accepts (under 125 characters)', () => {
    expect(typeof action.description).toBe('string')
    const description = action.description as string
    expect(description.trim()).toBe(description)
    expect(description.length).toBeGreaterThan(0)
    expect(description.length).toBeLessThan(125)
  })

  it.each(['inputs', 'outputs'])('describes every one of its %s', (kind) => {
    const entries = Object.entries(action[kind] as Record<string, Described>)
    expect(entries.length).toBeGreaterThan(0)
    const undescribed = entries
      .filter(([, entry]) => typeof entry?.description !== 'string' || !entry.description.trim())
      .map(([name]) => name)
    expect(undescribed).toEqual([])
  })

  it('names its inputs and outputs in kebab-case', () => {
    const names = [
      ...Object.keys(action.inputs as object),
      ...Object.keys(action.outputs as object)
    ]
    expect(names.filter((name) => !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name))).toEqual([])
  })
})

describe('workflows', () => {
  const directory = path.join(ROOT, '.github', 'workflows')
  const files = fs
    .readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => `.github/workflows/${name}`)

  it('includes CI, the release and CodeQL', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        '.github/workflows/release.yml',
        '.github/workflows/codeql.yml'
      ])
    )
  })

  it.each(files)(
    '%s parses, with name, on, permissions and jobs that each run on something',
    (file) => {
      const workflow = readYaml(file)
      for (const key of ['name', 'on', 'permissions', 'jobs'])
        expect(workflow).toHaveProperty([key])
      const allowed = [
        'name',
        'run-name',
        'on',
        'permissions',
        'env',
        'defaults',
        'concurrency',
        'jobs'
      ]
      expect(Object.keys(workflow).filter((key) => !allowed.includes(key))).toEqual([])
      const jobs = workflow.jobs as Record<string, Record<string, unknown>>
      expect(Object.keys(jobs).length).toBeGreaterThan(0)
      for (const [id, job] of Object.entries(jobs)) {
        expect({ id, runsOn: 'runs-on' in job || 'uses' in job }).toEqual({ id, runsOn: true })
        if ('steps' in job) expect(Array.isArray(job.steps)).toBe(true)
      }
    }
  )

  it('the release workflow runs on version tags, checks dist/ and the tests, and may write only where it must', () => {
    const workflow = readYaml('.github/workflows/release.yml')
    expect(workflow.on).toEqual({ push: { tags: ['v[0-9]+.[0-9]+.[0-9]+'] } })
    expect(workflow.permissions).toEqual({ contents: 'read' })
    const text = fs.readFileSync(path.join(ROOT, '.github/workflows/release.yml'), 'utf8')
    expect(text).toContain('bash .ci/run')
    expect(text).toContain('CHANGELOG.md')
    expect(text).toMatch(/git push --force origin "refs\/tags\/\$major"/)
    const jobs = workflow.jobs as Record<string, { needs?: unknown; permissions?: unknown }>
    expect(jobs.publish.needs).toBe('verify')
    expect(jobs.publish.permissions).toEqual({ contents: 'write' })
  })

  it('.ci/run compares the rebuilt dist/ with the committed one', () => {
    const script = fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8')
    expect(script).toContain('npm run bundle')
    expect(script).toContain('git status --porcelain -- dist')
  })
})

describe('dependabot', () => {
  it('updates npm and GitHub Actions, each in groups', () => {
    const config = readYaml('.github/dependabot.yml')
    expect(config.version).toBe(2)
    const updates = config.updates as Array<Record<string, unknown>>
    const ecosystems = updates.map((update) => update['package-ecosystem']).sort()
    expect(ecosystems).toEqual(['github-actions', 'npm'])
    for (const update of updates) {
      expect(update).toHaveProperty(['directory'])
      expect(update).toHaveProperty(['schedule', 'interval'])
      expect(Object.keys(update.groups as object).length).toBeGreaterThan(0)
    }
  })
})

describe('license', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    license: string
  }
  const license = fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')

  it('LICENSE is the license package.json names', () => {
    expect(pkg.license).toBe('MIT')
    expect(license.split('\n')[0]).toBe('MIT License')
    expect(license).toContain('Permission is hereby granted, free of charge')
    expect(license).toMatch(/^Copyright \(c\) \d{4} tcss-virus-gate contributors$/m)
  })
})

describe('release documents', () => {
  it.each(['README.md', 'CHANGELOG.md', 'CONTRIBUTING.md', 'SECURITY.md', 'docs/releasing.md'])(
    '%s exists',
    (file) => {
      expect(fs.existsSync(path.join(ROOT, file))).toBe(true)
    }
  )

  it('CHANGELOG.md keeps an Unreleased section first, then versions newest first', () => {
    const changelog = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8')
    const headings = [...changelog.matchAll(/^## \[([^\]]+)\](.*)$/gm)]
    expect(headings[0]?.[1]).toBe('Unreleased')
    for (const [, version, rest] of headings.slice(1)) {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/)
      expect(rest).toMatch(/^ - \d{4}-\d{2}-\d{2}$/)
    }
  })
})
