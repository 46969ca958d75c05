/**
 * Unit tests of path containment (src/gate/paths.ts) on a real temporary tree:
 * a workspace, a RUNNER_TEMP and a directory outside both, with the symbolic
 * links a checked-out pull request could plant.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { InputError } from '../src/errors.js'
import {
  assertDistinctFiles,
  isWithin,
  pathRoots,
  resolveContainedPath,
  resolveOutputPath
} from '../src/gate/paths.js'
import type { PathRoots } from '../src/core/paths.js'

let base: string
let workspace: string
let runnerTemp: string
let outside: string
let roots: PathRoots

beforeEach(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-paths-')))
  workspace = path.join(base, 'ws')
  runnerTemp = path.join(base, 'runner-temp')
  outside = path.join(base, 'outside')
  for (const dir of [workspace, runnerTemp, outside]) fs.mkdirSync(dir)
  fs.writeFileSync(path.join(outside, 'secret.yml'), 'outside\n')
  roots = pathRoots(workspace, runnerTemp)
})

afterEach(() => {
  fs.rmSync(base, { recursive: true, force: true })
})

function refusal(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as Error).message
  }
  throw new Error('expected an InputError')
}

function link(target: string, at: string): void {
  fs.mkdirSync(path.dirname(path.join(workspace, at)), { recursive: true })
  fs.symlinkSync(target, path.join(workspace, at))
}

describe('resolveContainedPath', () => {
  it('resolves a relative path, existing or not, to its real path in the workspace', () => {
    fs.writeFileSync(path.join(workspace, 'policy.yml'), 'version: 1\n')
    expect(resolveContainedPath('policy', 'policy.yml', 'read', roots)).toEqual({
      realPath: path.join(workspace, 'policy.yml'),
      exists: true
    })
    expect(resolveContainedPath('report-file', 'out/deep/r.json', 'write', roots)).toEqual({
      realPath: path.join(workspace, 'out', 'deep', 'r.json'),
      exists: false
    })
    expect(
      resolveContainedPath('report-file', path.join(workspace, 'r.json'), 'write', roots)
    ).toEqual({ realPath: path.join(workspace, 'r.json'), exists: false })
  })

  it('refuses .. that leaves, names the input, what was given and what is allowed', () => {
    const message = refusal(() =>
      resolveContainedPath('report-file', 'reports/../../r.json', 'write', roots)
    )
    expect(message).toContain("Invalid input 'report-file'")
    expect(message).toContain('"reports/../../r.json" is outside the workspace and RUNNER_TEMP')
    expect(message).toContain(`inside the workspace (${workspace}) or RUNNER_TEMP (${runnerTemp})`)
    // .. that stays inside is fine.
    expect(resolveContainedPath('report-file', 'a/../r.json', 'write', roots).realPath).toBe(
      path.join(workspace, 'r.json')
    )
  })

  it('refuses an absolute path elsewhere, and a sibling whose name only starts like the workspace', () => {
    expect(
      refusal(() => resolveContainedPath('report-file', '/etc/r.json', 'write', roots))
    ).toContain('is outside')
    fs.mkdirSync(`${workspace}-evil`)
    expect(
      refusal(() => resolveContainedPath('report-file', `${workspace}-evil/r.json`, 'write', roots))
    ).toContain('is outside')
  })

  it('lets outputs, but not the policy, go to RUNNER_TEMP', () => {
    const file = path.join(runnerTemp, 'tcss.sarif')
    expect(resolveContainedPath('sarif-file', file, 'write', roots).realPath).toBe(file)
    fs.writeFileSync(file, 'version: 1\n')
    const message = refusal(() => resolveContainedPath('policy', file, 'read', roots))
    expect(message).toContain("Invalid input 'policy'")
    expect(message).not.toContain('RUNNER_TEMP')
  })

  it('allows only the workspace when RUNNER_TEMP is unset or missing', () => {
    for (const temp of [undefined, path.join(base, 'no-such-dir')]) {
      const only = pathRoots(workspace, temp)
      expect(only.runnerTemp).toBeUndefined()
      expect(
        refusal(() =>
          resolveContainedPath('report-file', path.join(runnerTemp, 'r.json'), 'write', only)
        )
      ).toContain('is outside the workspace.')
    }
  })

  it('refuses a path under a symlinked directory that points outside', () => {
    link(outside, 'out')
    const message = refusal(() => resolveContainedPath('report-file', 'out/r.json', 'write', roots))
    expect(message).toContain(
      '"out/r.json" leads out of the workspace and RUNNER_TEMP through a symbolic link'
    )
    expect(message).toContain(JSON.stringify(path.join(outside, 'r.json')))
  })

  it('refuses a file that is a link to outside, whether its target exists or not', () => {
    link(path.join(outside, 'secret.yml'), '.github/tcss-virus-policy.yml')
    expect(
      refusal(() => resolveContainedPath('policy', '.github/tcss-virus-policy.yml', 'read', roots))
    ).toContain('symbolic link')
    link(path.join(outside, 'new.json'), 'dangling.json')
    expect(
      refusal(() => resolveContainedPath('report-file', 'dangling.json', 'write', roots))
    ).toContain(JSON.stringify(path.join(outside, 'new.json')))
    link(path.join(outside, 'missing-dir'), 'dangling-dir')
    expect(
      refusal(() => resolveContainedPath('report-file', 'dangling-dir/r.json', 'write', roots))
    ).toContain('symbolic link')
  })

  it('follows chains of links, relative ones included, to where they end', () => {
    link('../outside', 'up') // ws/up -> base/outside, relative
    link('up', 'hop') // ws/hop -> ws/up
    expect(
      refusal(() => resolveContainedPath('report-file', 'hop/r.json', 'write', roots))
    ).toContain('symbolic link')
    fs.mkdirSync(path.join(workspace, 'reports'))
    link('reports', 'alias')
    link('alias/new.json', 'dangling-inside.json')
    expect(resolveContainedPath('report-file', 'dangling-inside.json', 'write', roots)).toEqual({
      realPath: path.join(workspace, 'reports', 'new.json'),
      exists: false,
      brokenLink: { path: path.join(workspace, 'dangling-inside.json'), target: 'alias/new.json' }
    })
  })

  it('refuses a file to read behind a link that points nowhere, naming the link and its target', () => {
    fs.mkdirSync(path.join(workspace, '.github'))
    link('policies/strict.yml', '.github/tcss-virus-policy.yml')
    expect(
      refusal(() => resolveContainedPath('policy', '.github/tcss-virus-policy.yml', 'read', roots))
    ).toMatch(
      /".github\/tcss-virus-policy.yml" is a symbolic link to "policies\/strict.yml", where nothing exists/
    )
    link('nowhere', 'config')
    expect(refusal(() => resolveContainedPath('policy', 'config/p.yml', 'read', roots))).toMatch(
      /symbolic link "config", which points to "nowhere"/
    )
    // Writing through it is another matter: the file is made where the link points.
    expect(resolveContainedPath('report-file', 'config/r.json', 'write', roots).realPath).toBe(
      path.join(workspace, 'nowhere', 'r.json')
    )
    // A file that is simply not there is no link to nowhere.
    expect(resolveContainedPath('policy', 'absent.yml', 'read', roots)).toEqual({
      realPath: path.join(workspace, 'absent.yml'),
      exists: false
    })
  })

  it('refuses a file to read through a loop of links', () => {
    link('b.yml', 'a.yml')
    link('a.yml', 'b.yml')
    expect(refusal(() => resolveContainedPath('policy', 'a.yml', 'read', roots))).toMatch(
      /too many symbolic links/
    )
  })

  it('refuses a loop of links', () => {
    link('b', 'a')
    link('a', 'b')
    expect(refusal(() => resolveContainedPath('report-file', 'a/r.json', 'write', roots))).toMatch(
      /too many symbolic links/
    )
  })

  it('accepts a workspace reached through a link, by either path', () => {
    const alias = path.join(base, 'ws-alias')
    fs.symlinkSync(workspace, alias)
    const aliased = pathRoots(alias, runnerTemp)
    expect(aliased.workspaceReal).toBe(workspace)
    for (const given of ['r.json', path.join(alias, 'r.json'), path.join(workspace, 'r.json')]) {
      expect(resolveContainedPath('report-file', given, 'write', aliased).realPath).toBe(
        path.join(workspace, 'r.json')
      )
    }
  })

  it('refuses control characters, an empty path, a directory and a file used as a directory', () => {
    expect(
      refusal(() => resolveContainedPath('report-file', 'r.json\n::warning::x', 'write', roots))
    ).toContain('control character')
    expect(refusal(() => resolveContainedPath('report-file', ' ', 'write', roots))).toContain(
      'is empty'
    )
    expect(refusal(() => resolveContainedPath('sarif-file', '.', 'write', roots))).toContain(
      'is a directory'
    )
    fs.writeFileSync(path.join(workspace, 'file'), '')
    expect(
      refusal(() => resolveContainedPath('report-file', 'file/r.json', 'write', roots))
    ).toContain('has a file where a directory is expected')
  })
})

describe('resolveOutputPath', () => {
  it('re-checks a path from the settings at write time', () => {
    const checked = resolveContainedPath('report-file', 'out/r.json', 'write', roots).realPath
    expect(resolveOutputPath('report-file', checked, roots)).toBe(checked)
    // A link planted after the inputs were read.
    link(outside, 'out')
    expect(refusal(() => resolveOutputPath('report-file', checked, roots))).toContain(
      "Invalid input 'report-file'"
    )
  })
})

describe('assertDistinctFiles', () => {
  const named = (input: string, given: string) => ({
    input,
    resolved: resolveContainedPath(input, given, 'write', roots)
  })

  it('accepts different files', () => {
    expect(() =>
      assertDistinctFiles([named('policy', 'p.yml'), named('report-file', 'r.json')])
    ).not.toThrow()
  })

  it('refuses one file under two names: spelling, a link alias, a hard link', () => {
    expect(
      refusal(() =>
        assertDistinctFiles([
          named('policy', 'p.yml'),
          named('report-file', 'out/r.json'),
          named('sarif-file', './out/x/../r.json')
        ])
      )
    ).toContain("Inputs 'sarif-file' and 'report-file' name the same file")
    fs.mkdirSync(path.join(workspace, 'reports'))
    link('reports', 'alias')
    expect(
      refusal(() =>
        assertDistinctFiles([
          named('report-file', 'reports/g.json'),
          named('sarif-file', 'alias/g.json')
        ])
      )
    ).toContain("Inputs 'sarif-file' and 'report-file' name the same file")
    fs.writeFileSync(path.join(workspace, 'policy.yml'), 'version: 1\n')
    fs.linkSync(path.join(workspace, 'policy.yml'), path.join(workspace, 'hard.json'))
    expect(
      refusal(() =>
        assertDistinctFiles([named('policy', 'policy.yml'), named('report-file', 'hard.json')])
      )
    ).toContain("Inputs 'report-file' and 'policy' name the same file")
  })
})

describe('isWithin', () => {
  it.each([
    ['/ws', '/ws', true],
    ['/ws/a/b', '/ws', true],
    ['/ws/..hidden', '/ws', true],
    ['/ws-evil/a', '/ws', false],
    ['/a', '/ws', false],
    ['/', '/ws', false]
  ])('%s in %s: %s', (file, root, inside) => {
    expect(isWithin(file, root)).toBe(inside)
  })
})
