/**
 * docs/design.md against the code: its layer table is the lint's
 * (eslint.config.js, LAYERS), and its request path of a registry image is
 * counted, not written by hand: every file listed exists and is imported by
 * one listed before it, the heading's count is the list's length, and the
 * files on the path, the files it lists as loaded but not run, and the
 * shared leaves are together every file the action reaches through static
 * imports.
 */
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { staticClosure, staticImportsOf } from './helpers/imports.js'
import { ROOT } from './helpers/run-action.js'

const design = fs.readFileSync(path.join(ROOT, 'docs', 'design.md'), 'utf8')

/** The text of a `## heading` section, up to the next one. */
function section(heading: string): string {
  const start = design.indexOf(`\n## ${heading}`)
  expect(start).toBeGreaterThan(-1)
  const end = design.indexOf('\n## ', start + 1)
  return design.slice(start, end === -1 ? undefined : end)
}

const requestPath = section('One request, from input to verdict')
const [onPath, offPath] = requestPath.split('\nLoaded by the action, not run by this request:')
const listed = [...onPath.matchAll(/^\d+\. `(src\/[^`]+)`/gm)].map((match) => match[1])
const notRun = [...(offPath ?? '').matchAll(/`(src\/[^`]+\.ts)`/g)].map((match) => match[1])
const leaves = fs
  .readdirSync(path.join(ROOT, 'src'))
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => `src/${file}`)

describe('the request path in docs/design.md', () => {
  it('is the registry image path, counted in its heading', () => {
    expect(requestPath).toContain('`registry-image: HOST/NS/NAME@sha256:…`')
    const count = /in (\d+) files besides the shared\s+leaves/.exec(requestPath)
    expect(count).not.toBeNull()
    expect(listed).toHaveLength(Number(count?.[1]))
    expect(new Set(listed).size).toBe(listed.length)
  })

  it('names files that exist, each imported by one listed before it', () => {
    expect(listed[0]).toBe('src/index.ts')
    listed.forEach((file, index) => {
      expect({ file, exists: fs.existsSync(path.join(ROOT, file)) }).toEqual({ file, exists: true })
      if (index === 0) return
      const importers = listed
        .slice(0, index)
        .filter((earlier) => staticImportsOf(ROOT, earlier).includes(file))
      expect({ file, importedBefore: importers.length > 0 }).toEqual({ file, importedBefore: true })
    })
  })

  it('with the files loaded but not run and the leaves, is everything the action loads', () => {
    const loaded = [...staticClosure(ROOT, ['src/index.ts'])].sort()
    const accounted = [...new Set([...listed, ...notRun, ...leaves])].sort()
    expect(accounted).toEqual(loaded)
    expect(notRun.filter((file) => listed.includes(file))).toEqual([])
  })
})

describe('the layers in docs/design.md', () => {
  it('are the layers the lint enforces', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const { LAYERS } = await import('./eslint.config.js'); process.stdout.write(JSON.stringify(LAYERS))"
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 }
    )
    expect(run.status).toBe(0)
    const enforced = JSON.parse(run.stdout) as Record<string, string[]>
    const drawn: Record<string, string[]> = {}
    for (const match of section('Layers').matchAll(/^- `src\/(\w+)\/` → (.+)$/gm)) {
      drawn[match[1]] = [...match[2].matchAll(/`(\w+)`/g)].map((name) => name[1])
    }
    expect(drawn).toEqual(enforced)
  })

  it('note the spacing margin the rate limiter uses', () => {
    const limiter = fs.readFileSync(path.join(ROOT, 'src', 'cloud', 'rate-limiter.ts'), 'utf8')
    const margin = /export const SPACING_MARGIN = ([\d.]+)/.exec(limiter)?.[1]
    expect(margin).toBeDefined()
    expect(design).toContain(`${margin} / \`max-rps\` seconds`)
  })
})
