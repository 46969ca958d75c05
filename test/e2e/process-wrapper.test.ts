/**
 * End-to-end: the process wrapper (src/action/lifecycle.ts, under src/index.ts
 * and the bin) never exits 0 without a verdict. Two ways in:
 * - test/fixtures/lifecycle-entry.ts runs the real lifecycle source as its
 *   own process (through tsx) with a run() that rejects, or with a promise
 *   or timer that fails while run() is still on its way to a pass;
 * - the bundles (dist/index.js, dist/cli/index.js) with a preload that
 *   rejects a promise nothing catches while the gate waits.
 * Either way: a non-zero exit and one line that says why.
 */
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { emulatorPerTest, failureLine, runGate } from '../helpers/gate.js'
import { ROOT } from '../helpers/run-action.js'
import { runCliGate } from '../helpers/run-cli.js'

const ENTRY = path.join(ROOT, 'test', 'fixtures', 'lifecycle-entry.ts')
const STRAY = pathToFileURL(path.join(ROOT, 'test', 'fixtures', 'stray-rejection.mjs')).href
const UNEXPECTED = 'Unexpected error in the TCSS virus gate: '

interface Ended {
  exitCode: number | null
  stdout: string
  stderr: string
  outputs: string
}

/** Runs the fixture entry with `env` and GITHUB_OUTPUT a file in a temporary directory (`missing`: a path that cannot be written). */
async function runEntry(
  env: Record<string, string>,
  outputFile: 'file' | 'missing' = 'file'
): Promise<Ended> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-lifecycle-'))
  try {
    const output = path.join(dir, outputFile === 'missing' ? 'missing/output' : 'output')
    if (outputFile === 'file') fs.writeFileSync(output, '')
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: dir, GITHUB_OUTPUT: output, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        reject(new Error(`the entry did not finish\nstdout:\n${stdout}\nstderr:\n${stderr}`))
      }, 30_000)
      child.on('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
      child.on('close', (code) => {
        clearTimeout(timer)
        resolve(code)
      })
    })
    const outputs = fs.existsSync(output) ? fs.readFileSync(output, 'utf8') : ''
    return { exitCode, stdout, stderr, outputs }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

const errorLines = (text: string) => text.split('\n').filter((line) => line.startsWith('::error'))

describe('the lifecycle, run as a process', () => {
  it('exits 0 for a run() that resolves to a pass, without a failure line', async () => {
    const ended = await runEntry({ LIFECYCLE_CASE: 'pass' })
    expect(ended.exitCode).toBe(0)
    expect(errorLines(ended.stdout)).toEqual([])
  })

  it.each<[string, string]>([
    ['run-rejects', `${UNEXPECTED}run() gave up\\nwith a second line`],
    ['run-rejects-value', `${UNEXPECTED}a bare string`],
    ['stray-rejection', `${UNEXPECTED}stray rejection\\nfrom a timer`],
    ['stray-exception', `${UNEXPECTED}stray exception from a timer`]
  ])('%s: exits 1 with one failure line and the failed outputs', async (mode, line) => {
    const ended = await runEntry({ LIFECYCLE_CASE: mode })
    expect(ended.exitCode).toBe(1)
    expect(errorLines(ended.stdout)).toEqual([`::error::${line}`])
    expect(ended.outputs).toMatch(/^verdict<<(\S+)\nfail\n\1$/m)
  })

  it.each([['run-rejects'], ['stray-rejection']])(
    '%s with the command line reporter: exits 1 with one line on stderr',
    async (mode) => {
      const ended = await runEntry({ LIFECYCLE_CASE: mode, LIFECYCLE_REPORTER: 'cli' })
      expect(ended.exitCode).toBe(1)
      const lines = ended.stderr.split('\n').filter((text) => text !== '')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(new RegExp(`^error: ${UNEXPECTED.replace(/[()]/g, '\\$&')}\\S`))
    }
  )

  it('still prints the failure line when the outputs cannot be written', async () => {
    const ended = await runEntry({ LIFECYCLE_CASE: 'run-rejects' }, 'missing')
    expect(ended.exitCode).toBe(1)
    expect(errorLines(ended.stdout)).toEqual([
      `::error::${UNEXPECTED}run() gave up\\nwith a second line`
    ])
  })
})

describe('the bundles, with a promise nothing catches', () => {
  const start = emulatorPerTest()
  const waiting = { images: { 'sha256:waiting': { statuses: [0] } } }

  it('the action exits 1 with one failure line while the gate still waits', async () => {
    const emu = await start(waiting)
    const result = await runGate(emu, {
      inputs: { 'image-id': 'sha256:waiting', scan: 'never' },
      env: { NODE_OPTIONS: `--import ${STRAY}` }
    })
    expect(result.exitCode).toBe(1)
    expect(result.commands.filter((command) => command.command === 'error')).toHaveLength(1)
    expect(failureLine(result)).toBe(`${UNEXPECTED}stray rejection from the test preload`)
    expect(result.outputs.verdict).toBe('fail')
  })

  it('the command line exits 1 with one line on stderr while the gate still waits', async () => {
    const emu = await start(waiting)
    const run = await runCliGate(emu, ['--image-id', 'sha256:waiting', '--scan', 'never'], {
      env: { NODE_OPTIONS: `--import ${STRAY}` }
    })
    expect(run.exitCode).toBe(1)
    expect(run.stderr.split('\n').filter((line) => line.startsWith('error: '))).toEqual([
      `error: ${UNEXPECTED}stray rejection from the test preload`
    ])
  })
})
