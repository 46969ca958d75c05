/**
 * The layers of src/ are enforced by the lint: an import against the drawn
 * direction (docs/design.md, "Layers") fails `npm run lint`, and the tree as
 * it stands passes. The expectations below are written from the layer map,
 * not read back from eslint.config.js.
 */
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { beforeAll, describe, expect, it } from '@jest/globals'
import { ROOT } from './helpers/run-action.js'

interface LayerMessage {
  file: string
  line: number
  rule: string
  message: string
}
interface LintOutput {
  planted: Array<{ filePath: string; messages: LayerMessage[] }>
  tree: { files: number; messages: LayerMessage[] }
}

/** A file that imports `specifier` statically (or dynamically) and uses what it gets. */
function importing(specifier: string, dynamic = false): string {
  return dynamic
    ? `export const load = () => import('${specifier}')\n`
    : `import * as planted from '${specifier}'\nexport const used = planted\n`
}

/** [file it pretends to be, what it imports, dynamic?] */
type Case = [string, string, boolean?]

const REFUSED: Case[] = [
  ['src/core/planted.ts', '../cloud/http.js'],
  ['src/core/planted.ts', '../sources/paged-read.js'],
  ['src/core/planted.ts', '../sinks/files.js'],
  ['src/core/planted.ts', '../gate/planted.js'],
  ['src/core/planted.ts', '../action/main.js'],
  ['src/core/planted.ts', 'node:fs'],
  ['src/core/planted.ts', 'node:fs/promises'],
  ['src/core/planted.ts', '@actions/core'],
  ['src/cloud/planted.ts', '../core/levels.js'],
  ['src/cloud/planted.ts', '../sources/paged-read.js'],
  ['src/sources/tcss/planted.ts', '../../sinks/files.js'],
  ['src/sources/tcss/planted.ts', '../../gate/planted.js'],
  ['src/sources/planted.ts', '../cli/flags.js'],
  ['src/sinks/planted.ts', '../sources/paged-read.js'],
  ['src/sinks/planted.ts', '../cloud/http.js'],
  ['src/sinks/planted.ts', '../cloud/http.js', true],
  ['src/sinks/planted.ts', '../gate/planted.js'],
  ['src/gate/planted.ts', '../action/main.js'],
  ['src/gate/planted.ts', '../cli/main.js', true],
  ['src/action/planted.ts', '../cli/flags.js'],
  ['src/cli/planted.ts', '../action/main.js'],
  ['src/cli/planted.ts', '../action/main.js', true],
  ['src/planted.ts', './core/levels.js'],
  ['src/planted.ts', './cloud/retry.js']
]

const ALLOWED: Case[] = [
  ['src/core/planted.ts', './levels.js'],
  ['src/core/planted.ts', '../errors.js'],
  ['src/core/planted.ts', '../clock.js'],
  ['src/cloud/planted.ts', '../connection.js'],
  ['src/cloud/planted.ts', './retry.js'],
  ['src/sources/tcss/planted.ts', '../../core/levels.js'],
  ['src/sources/tcss/planted.ts', '../../cloud/requester.js'],
  ['src/sources/tcss/planted.ts', '../paged-read.js'],
  ['src/sinks/planted.ts', '../core/result.js'],
  ['src/sinks/planted.ts', './escape.js', true],
  ['src/gate/planted.ts', '../sources/paged-read.js'],
  ['src/gate/planted.ts', '../sinks/files.js'],
  ['src/gate/planted.ts', '../cloud/http.js', true],
  ['src/action/planted.ts', '../gate/planted.js'],
  ['src/action/planted.ts', '../sinks/files.js'],
  ['src/cli/planted.ts', '../gate/planted.js'],
  ['src/cli/planted.ts', '../cloud/proxy.js'],
  ['src/planted.ts', './errors.js'],
  ['src/index.ts', './action/main.js']
]

const CORE_READING_ENV = 'export const debug = () => process.env.DEBUG\n'

/** Re-exports: a value passed on from another module, and a type imported and exported again. */
const REEXPORTS = [
  {
    filePath: 'src/sources/planted-reexport.ts',
    code: "export { MAX_REREADS } from './settle.js'\n"
  },
  {
    filePath: 'src/core/planted-reexport.ts',
    code: "import type { Level } from './levels.js'\nexport type { Level }\n"
  },
  { filePath: 'src/planted-reexport.ts', code: "export * from './errors.js'\n" }
]

let output: LintOutput

beforeAll(() => {
  const planted = [...REFUSED, ...ALLOWED].map(([filePath, specifier, dynamic]) => ({
    filePath,
    code: importing(specifier, dynamic)
  }))
  planted.push({ filePath: 'src/core/planted-env.ts', code: CORE_READING_ENV }, ...REEXPORTS)
  const run = spawnSync(
    process.execPath,
    [path.join(ROOT, 'test/helpers/lint-layers.mjs'), '--tree'],
    {
      cwd: ROOT,
      input: JSON.stringify(planted),
      encoding: 'utf8',
      timeout: 120_000
    }
  )
  expect(run.stderr).toBe('')
  expect(run.status).toBe(0)
  output = JSON.parse(run.stdout) as LintOutput
})

const messagesOf = (index: number): LayerMessage[] => output.planted[index].messages

describe('the layer rule', () => {
  it.each(
    REFUSED.map(([file, specifier, dynamic], i) => [file, specifier, dynamic ?? false, i] as const)
  )('refuses %s importing %s (dynamic: %s)', (filePath, specifier, _dynamic, index) => {
    const messages = messagesOf(index)
    expect(messages).toHaveLength(1)
    expect(messages[0].message).toMatch(/may import only from|the core does no I\/O|shared leaf/)
    expect(messages[0].message).toContain('docs/design.md')
    expect(path.relative(ROOT, messages[0].file)).toBe(filePath)
    expect(specifier).not.toBe('')
  })

  it.each(
    ALLOWED.map(
      ([file, specifier, dynamic], i) =>
        [file, specifier, dynamic ?? false, i + REFUSED.length] as const
    )
  )('allows %s importing %s (dynamic: %s)', (_filePath, _specifier, _dynamic, index) => {
    expect(messagesOf(index)).toEqual([])
  })

  it('refuses the environment in the core', () => {
    const messages = messagesOf(REFUSED.length + ALLOWED.length)
    expect(messages.map((m) => m.rule)).toEqual(['no-restricted-globals'])
  })

  it.each(REEXPORTS.map(({ filePath }, i) => [filePath, i + REFUSED.length + ALLOWED.length + 1]))(
    'refuses a re-export in %s: every module is imported from where it is defined',
    (_filePath, index) => {
      const messages = messagesOf(index as number)
      expect(messages.map((m) => m.rule)).toEqual(['no-restricted-syntax'])
      expect(messages[0].message).toContain('re-exports nothing')
    }
  )

  it('passes on src/ as it stands', () => {
    expect(output.tree.files).toBeGreaterThan(50)
    expect(output.tree.messages).toEqual([])
  })

  it('is switched off nowhere in src/', () => {
    const files = fs.readdirSync(path.join(ROOT, 'src'), { recursive: true }) as string[]
    const disabling = files
      .filter((file) => file.endsWith('.ts'))
      .filter((file) =>
        /eslint-disable[^\n]*no-restricted-(imports|syntax|globals)/.test(
          fs.readFileSync(path.join(ROOT, 'src', file), 'utf8')
        )
      )
    expect(files.length).toBeGreaterThan(50)
    expect(disabling).toEqual([])
  })

  it('fails the lint run itself on an upward import', () => {
    const run = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/eslint/bin/eslint.js'),
        '--stdin',
        '--stdin-filename',
        'src/sinks/planted.ts'
      ],
      {
        cwd: ROOT,
        input: importing('../sources/paged-read.js'),
        encoding: 'utf8',
        timeout: 120_000
      }
    )
    expect(run.status).toBe(1)
    expect(run.stdout).toContain('src/sinks/ may import only from')
  })
})
