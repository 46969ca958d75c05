/**
 * Runs the bundled action (dist/index.js) the way the GitHub runner does:
 * every input of action.yml as INPUT_<NAME> (its default unless overridden),
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, a temporary workspace, and a
 * clean environment (nothing inherited from the machine's TENCENTCLOUD_*).
 */
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const BUNDLE = path.join(ROOT, 'dist', 'index.js')
/** The runtime users get (runs.using: node24), installed from the registry as a dev dependency. */
const NODE24 = path.join(ROOT, 'node_modules', '.bin', 'node')

interface ActionInput {
  default?: string
}
const actionYaml = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, ActionInput>
  outputs: Record<string, unknown>
}
export const ACTION_INPUTS = Object.keys(actionYaml.inputs)
export const ACTION_OUTPUTS = Object.keys(actionYaml.outputs)

export interface RunOptions {
  /** Input overrides by action.yml name; unknown names are refused so a typo cannot pass unnoticed. */
  inputs?: Record<string, string>
  /** Extra environment variables. */
  env?: Record<string, string>
  /** Files to create in the workspace, by relative path. */
  files?: Record<string, string>
  /**
   * Called after `files` are written and before the action starts, with the
   * workspace and RUNNER_TEMP directories: for what `files` cannot make
   * (symbolic links, directories). Whatever it creates outside them is the
   * caller's to remove.
   */
  prepare?: (dirs: { workspace: string; runnerTemp: string }) => void
  /** The event payload (GITHUB_EVENT_PATH) and name. */
  event?: { name: string; payload: unknown }
  /** Kill the process after this long (the test then fails). */
  timeoutMs?: number
  /** Strings that must appear nowhere in what the action wrote (logs, summary, outputs, report). */
  secrets?: string[]
  /** Workspace files to read back after the run (the workspace is removed afterwards), by relative path. */
  readBack?: string[]
  /** What the runner gives `${{ github.token }}` in input defaults; empty unless set. */
  githubToken?: string
  /** Sends `name` to the process once its stdout matches `when` (the runner's cancel is SIGTERM). */
  signal?: { name: NodeJS.Signals; when: RegExp }
  /** Runs `act` once, while the action runs, when its stdout first matches `when`. */
  during?: { when: RegExp; act: (dirs: { workspace: string; runnerTemp: string }) => void }
  /** Records when stdout first matches this (see RunResult.markedAtMs). */
  mark?: RegExp
  /** The bundle to run instead of dist/index.js (a copy with a chunk taken out, say). */
  bundle?: string
}

export interface RunResult {
  exitCode: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  workspace: string
  /** The parsed JSON report, when report-file was set and written. */
  report?: Record<string, unknown> & { findings: Array<Record<string, unknown>> }
  durationMs: number
  /** `::error ...` and similar workflow commands printed, in order. */
  commands: Array<{ command: string; properties: string; message: string }>
  /** Places where a secret leaked (must stay empty). */
  leaks: string[]
  /** The readBack files that exist, by the relative path given. */
  readBack: Record<string, string>
  /** Milliseconds from start until stdout first matched `mark`, if it did. */
  markedAtMs?: number
  /** Whether `signal` was sent. */
  signalled: boolean
  /** Every file left in the workspace after the run, relative, sorted. */
  workspaceFiles: string[]
}

export async function runAction(options: RunOptions = {}): Promise<RunResult> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-ws-'))
  const runnerTemp = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-runner-'))
  try {
    const outputFile = path.join(runnerTemp, 'output')
    const summaryFile = path.join(runnerTemp, 'summary.md')
    const eventFile = path.join(runnerTemp, 'event.json')
    fs.writeFileSync(outputFile, '')
    fs.writeFileSync(summaryFile, '')
    fs.writeFileSync(eventFile, JSON.stringify(options.event?.payload ?? {}))
    for (const [relative, content] of Object.entries(options.files ?? {})) {
      const file = path.join(workspace, relative)
      fs.mkdirSync(path.dirname(file), { recursive: true })
      fs.writeFileSync(file, content)
    }
    options.prepare?.({ workspace, runnerTemp })
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.homedir(),
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_EVENT_NAME: options.event?.name ?? 'push',
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_REPOSITORY: 'octo-org/octo-service',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_REF: 'refs/heads/main',
      RUNNER_TEMP: runnerTemp
    }
    for (const name of Object.keys(options.inputs ?? {})) {
      if (!ACTION_INPUTS.includes(name))
        throw new Error(`runAction: '${name}' is not an input in action.yml`)
    }
    for (const name of ACTION_INPUTS) {
      const value =
        options.inputs?.[name] ?? evaluateDefault(actionYaml.inputs[name].default ?? '', options)
      env[`INPUT_${name.toUpperCase()}`] = value
    }
    Object.assign(env, options.env)

    const started = performance.now()
    const node = fs.existsSync(NODE24) ? NODE24 : process.execPath
    const child = spawn(node, [options.bundle ?? BUNDLE], {
      cwd: workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    let markedAtMs: number | undefined
    let signalled = false
    let acted = false
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      if (options.mark && markedAtMs === undefined && options.mark.test(stdout))
        markedAtMs = performance.now() - started
      if (options.during && !acted && options.during.when.test(stdout)) {
        acted = true
        options.during.act({ workspace, runnerTemp })
      }
      if (options.signal && !signalled && options.signal.when.test(stdout)) {
        signalled = true
        child.kill(options.signal.name)
      }
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timeoutMs = options.timeoutMs ?? 30_000
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        reject(
          new Error(
            `the action did not finish within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`
          )
        )
      }, timeoutMs)
      child.on('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
      child.on('close', (code) => {
        clearTimeout(timer)
        resolve(code)
      })
    })
    const durationMs = performance.now() - started

    const outputText = fs.readFileSync(outputFile, 'utf8')
    const summary = fs.readFileSync(summaryFile, 'utf8')
    const outputs = parseOutputFile(outputText)
    let report: RunResult['report']
    let reportText = ''
    const reportPath = options.inputs?.['report-file']
    if (reportPath) {
      const file = path.resolve(workspace, reportPath)
      if (fs.existsSync(file) && fs.statSync(file).isFile()) {
        reportText = fs.readFileSync(file, 'utf8')
        // Not JSON when the gate refused the path and something else is there.
        try {
          report = JSON.parse(reportText) as RunResult['report']
        } catch {
          report = undefined
        }
      }
    }
    const readBack: Record<string, string> = {}
    for (const relative of options.readBack ?? []) {
      const file = path.resolve(workspace, relative)
      if (fs.existsSync(file)) readBack[relative] = fs.readFileSync(file, 'utf8')
    }
    const leaks: string[] = []
    for (const secret of options.secrets ?? []) {
      if (!secret) continue
      // The one place a secret may appear is the runner's own masking commands,
      // which the runner consumes and never shows (a secret with a line break
      // inside is masked whole and line by line).
      const log = stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n')
      if (log.includes(secret)) leaks.push('stdout')
      if (stderr.includes(secret)) leaks.push('stderr')
      if (summary.includes(secret)) leaks.push('summary')
      if (outputText.includes(secret)) leaks.push('outputs')
      if (reportText.includes(secret)) leaks.push('report')
      for (const [relative, text] of Object.entries(readBack)) {
        if (text.includes(secret)) leaks.push(relative)
      }
    }
    return {
      exitCode,
      stdout,
      stderr,
      outputs,
      summary,
      workspace,
      report,
      durationMs,
      commands: parseCommands(stdout),
      leaks,
      readBack,
      markedAtMs,
      signalled,
      workspaceFiles: (fs.readdirSync(workspace, { recursive: true }) as string[])
        .filter((entry) => !fs.lstatSync(path.join(workspace, entry)).isDirectory())
        .sort()
    }
  } finally {
    fs.rmSync(runnerTemp, { recursive: true, force: true })
    fs.rmSync(workspace, { recursive: true, force: true })
  }
}

/** The runner evaluates expressions in input defaults; action.yml uses only github.token. */
function evaluateDefault(value: string, options: RunOptions): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_match, expression: string) => {
    if (expression === 'github.token') return options.githubToken ?? ''
    throw new Error(`runAction: no value for the expression '${expression}' in action.yml`)
  })
}

/** Parses the runner's `name<<DELIMITER` output file format. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (!match) continue
    const [, name, delimiter] = match
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i])
    outputs[name] = value.join('\n')
  }
  return outputs
}

function parseCommands(stdout: string): RunResult['commands'] {
  const commands: RunResult['commands'] = []
  let stopToken: string | undefined
  for (const line of stdout.split('\n')) {
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined
      continue
    }
    const match = /^::([a-z-]+)( [^:]*)?::(.*)$/.exec(line)
    if (!match) continue
    if (match[1] === 'stop-commands') {
      stopToken = match[3]
      continue
    }
    commands.push({
      command: match[1],
      properties: (match[2] ?? '').trim(),
      message: decode(match[3])
    })
  }
  return commands
}

function decode(data: string): string {
  return data
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%')
}
