/**
 * Runs a bundled command line (dist/cli/index.js, or the bin of a packed
 * tarball) the way a GitLab or Jenkins job does: flags, TENCENTCLOUD_*
 * variables, the current directory as the workspace, and no GITHUB_*
 * variable at all.
 */
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Emulator } from '../emulator/emulator.mjs'
import { SECRET_ID, SECRET_KEY } from './gate.js'
import { ROOT } from './run-action.js'

export const CLI_BUNDLE = path.join(ROOT, 'dist', 'cli', 'index.js')

/**
 * The Node that runs the command line: the one running the tests, or the
 * binary in TCSS_VIRUS_GATE_TEST_NODE (.ci/run sets it to run the
 * command-line tests once on each Node major the package supports).
 */
export const CLI_NODE = process.env.TCSS_VIRUS_GATE_TEST_NODE || process.execPath

export interface CliRun {
  exitCode: number | null
  stdout: string
  stderr: string
  /** Files written into the working directory, by relative path. */
  files: Record<string, string>
}

export interface CliOptions {
  /** The script to run; the bundle by default. */
  bin?: string
  /** Files to create in the working directory first. */
  files?: Record<string, string>
  /** Called after `files` are written, with the working directory: for symbolic links and the like. */
  prepare?: (cwd: string) => void
  env?: Record<string, string>
  timeoutMs?: number
}

export async function runCliProcess(argv: string[], options: CliOptions = {}): Promise<CliRun> {
  const cwd = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-cli-ws-')))
  try {
    for (const [relative, content] of Object.entries(options.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(cwd, relative)), { recursive: true })
      fs.writeFileSync(path.join(cwd, relative), content)
    }
    options.prepare?.(cwd)
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.homedir(),
      ...options.env
    }
    const child = spawn(CLI_NODE, [options.bin ?? CLI_BUNDLE, ...argv], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timeoutMs = options.timeoutMs ?? 30_000
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        reject(new Error(`the command line did not finish\nstdout:\n${stdout}\nstderr:\n${stderr}`))
      }, timeoutMs)
      child.on('error', reject)
      child.on('close', (code) => {
        clearTimeout(timer)
        resolve(code)
      })
    })
    const files: Record<string, string> = {}
    for (const entry of fs.readdirSync(cwd, { recursive: true }) as string[]) {
      const file = path.join(cwd, entry)
      if (fs.lstatSync(file).isFile()) files[entry] = fs.readFileSync(file, 'utf8')
    }
    return { exitCode, stdout, stderr, files }
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true })
  }
}

/** The command line against the emulator: its endpoint, fast polling, keys from TENCENTCLOUD_*. */
export function runCliGate(
  emulator: Emulator,
  argv: string[],
  options: CliOptions = {}
): Promise<CliRun> {
  return runCliProcess(
    ['--endpoint', emulator.url, '--poll-interval', '0.1', '--wait-timeout', '20', ...argv],
    {
      ...options,
      env: {
        TENCENTCLOUD_SECRET_ID: SECRET_ID,
        TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
        ...options.env
      }
    }
  )
}
