/**
 * The command line, a second front end of the same run(): flags become the
 * raw inputs, a plain-text Runner writes the log to stderr, and once run()
 * ends the report for people goes to stdout and the ending becomes an exit
 * code (exit-code.ts). Outside GitHub the workspace is the current
 * directory; the job summary is written only where GITHUB_STEP_SUMMARY is
 * set; there is no pull-request comment to write.
 */
import { randomUUID } from 'node:crypto'
import type { GateResult } from '../core/result.js'
import type { RawInputs } from '../core/inputs.js'
import { Inputs } from '../constants.js'
import { CredentialError, isRefusal } from '../errors.js'
import { createDependencies, type Dependencies } from '../gate/dependencies.js'
import type { RunLifecycle } from '../gate/lifecycle.js'
import { run } from '../gate/run.js'
import { redact } from '../secrets.js'
import type { TcssApi } from '../sources/tcss/client.js'
import { EXIT_CONFIGURATION, EXIT_PASS, exitCodeOf } from './exit-code.js'
import { type CommandLine, parseCommandLine } from './flags.js'
import { textReport } from './text-report.js'
import { type TextRunner, textRunner } from './text-runner.js'
import { CLI_VOCABULARY } from './vocabulary.js'

export interface CliIo {
  /** The arguments after the program name. */
  argv: readonly string[]
  env: NodeJS.ProcessEnv
  stdout: (text: string) => void
  stderr: (text: string) => void
}

/** What tests replace: the clock, the day, the API. */
export type CliOverrides = Partial<Pick<Dependencies, 'clock' | 'today' | 'random' | 'createApi'>>

/** Runs the command line once; resolves to the process's exit code. Never throws. */
export async function runCli(
  io: CliIo,
  overrides: CliOverrides = {},
  lifecycle?: RunLifecycle,
  /** `io.argv` as parseCommandLine read it, when the caller has already parsed it. */
  commandLine: CommandLine = parseCommandLine(io.argv, io.env)
): Promise<number> {
  // The secret flags' values are registered for redaction by now.
  if (commandLine.kind === 'print') {
    io.stdout(redact(commandLine.text))
    return EXIT_PASS
  }
  if (commandLine.kind === 'usage-error') {
    io.stderr(redact(`${commandLine.message}\nRun 'tcss-virus-gate --help' for the flags.\n`))
    return EXIT_CONFIGURATION
  }
  const runner = textRunner(io.stderr, { debug: Boolean(io.env.TCSS_VIRUS_GATE_DEBUG) })
  const inputs = withoutComment(commandLine.inputs, runner)
  let judged: GateResult | undefined
  let stoppedBy: unknown
  let refused = false
  const base = createDependencies({
    getInput: (name) => inputs[name] ?? '',
    runner,
    vocabulary: CLI_VOCABULARY,
    newId: () => {
      const id = randomUUID()
      runner.fence(id)
      return id
    },
    // The command line never asks the runner for an OIDC token: keyless credentials say so up front.
    env: { ...io.env, ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' },
    credentialIo: {
      getIdToken: () =>
        Promise.reject(
          new CredentialError(
            'Keyless credentials (--role-arn) need the OIDC token of a GitHub Actions job, which the command line does not request; use the GitHub Action there, or API keys (TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY) here.'
          )
        )
    },
    observer: {
      judged: (result) => (judged = result),
      stopped: (error) => (stoppedBy = error)
    },
    ...overrides
  })
  const deps: Dependencies = {
    ...base,
    createApi: (settings, credentials) =>
      noticingRefusals(base.createApi(settings, credentials), () => (refused = true))
  }
  const passed = await run(deps, lifecycle)
  if (judged) io.stdout(redact(textReport(judged, { passed })))
  return exitCodeOf({ passed, stoppedBy, refused })
}

/**
 * The command line writes no pull-request comment: `--comment true` says so
 * and is dropped; any other value is left for the settings to judge.
 */
function withoutComment(inputs: RawInputs, runner: TextRunner): RawInputs {
  const comment = inputs[Inputs.Comment]?.trim() ?? ''
  if (!['true', 'True', 'TRUE'].includes(comment)) return inputs
  runner.warning(
    '--comment true has no effect: the command line writes no comment on a pull or merge request (the GitHub Action does); it is ignored.'
  )
  return { ...inputs, [Inputs.Comment]: 'false' }
}

/** The API as given, noting each refusal of the credentials or permissions as it passes. */
export function noticingRefusals(api: TcssApi, noticed: () => void): TcssApi {
  const wrapped: Record<string, unknown> = {}
  for (const [name, member] of Object.entries(api) as Array<[string, unknown]>) {
    wrapped[name] =
      typeof member === 'function'
        ? async (...args: unknown[]) => {
            try {
              return (await (member as (...a: unknown[]) => unknown).apply(api, args)) as unknown
            } catch (error) {
              if (isRefusal(error)) noticed()
              throw error
            }
          }
        : member
  }
  // close() is synchronous in the interface; keep it so.
  if (api.close) wrapped.close = () => api.close?.()
  return wrapped as unknown as TcssApi
}
