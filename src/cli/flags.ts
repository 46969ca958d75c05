/**
 * The command line's reader: every action input is a flag of the same name
 * (the names come from Inputs, so the two cannot drift), parsed by
 * commander into the RawInputs that run() reads, as the runner would give
 * them. Interpreting the values stays with core/settings.ts.
 */
import { Command, CommanderError, Option } from 'commander'
import { INPUT_DEFAULTS, Inputs, TOOL_NAME, TOOL_VERSION } from '../constants.js'
import type { RawInputs } from '../core/inputs.js'
import { maskSecret, secretMasks } from '../secrets.js'
import { scanArguments } from './argument-scan.js'

type InputName = (typeof Inputs)[keyof typeof Inputs]

export interface FlagSpec {
  /** One line for --help. */
  description: string
  /** The default of action.yml ('' = none): INPUT_DEFAULTS (constants.ts), which the settings also apply to an empty value. */
  default: string
  /** How --help shows the default when the value alone would mislead. */
  shownDefault?: string
  /** Several values: repeat the flag or separate them by newlines. */
  list?: boolean
  /** The value's name in --help. */
  value?: string
}

/** One entry per input: adding an input to Inputs without one here does not compile. */
export const FLAGS: Record<InputName, FlagSpec> = {
  'image-id': {
    description: 'TCSS ImageID (sha256:...) to gate',
    default: '',
    list: true,
    value: 'id'
  },
  image: {
    description: 'image name:tag, resolved to its ImageID',
    default: '',
    list: true,
    value: 'name:tag'
  },
  'registry-image': {
    description:
      'registry image HOST/NAMESPACE/NAME:TAG or HOST/NAMESPACE/NAME@sha256:DIGEST (TCR/CCR; no tag means :latest)',
    default: '',
    list: true,
    value: 'ref'
  },
  platforms: {
    description:
      'platforms of a multi-platform registry image to gate (os/arch, comma-separated); default every platform',
    default: '',
    list: true,
    value: 'os/arch'
  },
  'registry-username': {
    description:
      'user for reading registry-image manifests from the registry (default: the Docker config of docker login)',
    default: '',
    value: 'user'
  },
  'registry-password': {
    description: 'password or token for registry-username (prefer the environment of docker login)',
    default: '',
    value: 'password'
  },
  scan: {
    description:
      'never: only wait for a scan TCSS runs itself; if-not-scanned: start one when the image has none; always: start a fresh one and judge only newer results',
    default: INPUT_DEFAULTS['scan'],
    value: 'mode'
  },
  'event-ids': {
    description: 'runtime trojan event Id to judge',
    default: '',
    list: true,
    value: 'id'
  },
  policy: {
    description:
      'policy file, relative to the current directory; at the default path a missing file means the built-in policy (critical: 0, high: 0)',
    default: INPUT_DEFAULTS['policy'],
    value: 'file'
  },
  'secret-id': {
    description: 'API SecretId',
    default: '',
    shownDefault: 'env TENCENTCLOUD_SECRET_ID',
    value: 'id'
  },
  'secret-key': {
    description: 'API SecretKey (prefer the environment variable)',
    default: '',
    shownDefault: 'env TENCENTCLOUD_SECRET_KEY',
    value: 'key'
  },
  'session-token': {
    description: 'session token of temporary credentials',
    default: '',
    shownDefault: 'env TENCENTCLOUD_SESSION_TOKEN',
    value: 'token'
  },
  region: { description: "the API's Region parameter", default: '', value: 'region' },
  endpoint: {
    description: 'API host (tcss.intl.tencentcloudapi.com for the international site)',
    default: INPUT_DEFAULTS['endpoint'],
    value: 'host'
  },
  'wait-timeout': {
    description: 'seconds to wait for the scan and everything after it',
    default: INPUT_DEFAULTS['wait-timeout'],
    value: 'seconds'
  },
  'poll-interval': {
    description: 'seconds between status polls',
    default: INPUT_DEFAULTS['poll-interval'],
    value: 'seconds'
  },
  'max-rps': {
    description: 'API requests per second, at most',
    default: INPUT_DEFAULTS['max-rps'],
    value: 'n'
  },
  enforce: {
    description: 'false = report only: exit 0 whatever the findings',
    default: INPUT_DEFAULTS['enforce'],
    value: 'true|false'
  },
  summary: {
    description: 'append the Markdown summary to $GITHUB_STEP_SUMMARY',
    default: INPUT_DEFAULTS['summary'],
    shownDefault: 'true when GITHUB_STEP_SUMMARY is set',
    value: 'true|false'
  },
  'report-file': { description: 'write the JSON report here', default: '', value: 'file' },
  'sarif-file': { description: 'write a SARIF 2.1.0 log here', default: '', value: 'file' },
  'junit-file': {
    description: 'write a JUnit XML report here (GitLab, Jenkins, CODING test reports)',
    default: '',
    value: 'file'
  },
  'record-file': {
    description:
      "record every API exchange here as JSON lines, secrets taken out (the emulator's --replay reads it)",
    default: '',
    value: 'file'
  },
  'sarif-scope': {
    description:
      'violations, or all: the SARIF log also lists the findings within the thresholds and the allowlisted ones (suppressed)',
    default: INPUT_DEFAULTS['sarif-scope'],
    value: 'scope'
  },
  comment: {
    description: 'GitHub Actions only: comment on the pull request',
    default: INPUT_DEFAULTS['comment'],
    value: 'true|false'
  },
  'github-token': {
    description: 'GitHub Actions only: token for the comment',
    default: '',
    value: 'token'
  },
  'role-arn': {
    description: "GitHub Actions only: CAM role to assume with the job's OIDC token",
    default: '',
    value: 'arn'
  },
  'provider-id': {
    description: 'GitHub Actions only: CAM OIDC identity provider, with --role-arn',
    default: '',
    value: 'name'
  },
  'oidc-audience': {
    description: 'GitHub Actions only: audience of the OIDC token, with --role-arn',
    default: INPUT_DEFAULTS['oidc-audience'],
    value: 'aud'
  }
}

/** Short names of some flags: `--record FILE` is `--record-file FILE`. */
export const FLAG_ALIASES: Readonly<Record<string, InputName>> = { record: 'record-file' }

export type CommandLine =
  /** Run the gate with these inputs. */
  | { kind: 'run'; inputs: RawInputs }
  /** --help or --version: print this on stdout and exit 0. */
  | { kind: 'print'; text: string }
  /** The flags cannot be used: say why on stderr and exit 2. */
  | { kind: 'usage-error'; message: string }

/** The subcommand that checks an account with read requests only (src/cli/doctor/). */
export const DOCTOR = 'doctor'

const DESCRIPTION =
  'Gate a CI job on Tencent Cloud Container Security Service (TCSS) virus findings.\n' +
  'Exit codes: 0 pass (or --enforce false), 1 the gate failed, 2 invalid flags, policy or credentials.\n' +
  `'${TOOL_NAME} ${DOCTOR} [flags]' checks the account, the key and the targets first, read-only (see '${TOOL_NAME} ${DOCTOR} --help').`

/**
 * Parses the arguments after the program name. `env` decides the summary's
 * default. The values of the secret flags are registered for redaction
 * first, and no message says a value: a mistake commander would echo one in
 * is found and said beforehand (argument-scan.ts).
 */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): CommandLine {
  const scan = scanArguments(argv, {
    values: new Set([...Object.keys(FLAGS), ...Object.keys(FLAG_ALIASES)]),
    lists: new Set(Object.entries(FLAGS).flatMap(([name, spec]) => (spec.list ? [name] : [])))
  })
  for (const secret of scan.secrets) for (const form of secretMasks(secret)) maskSecret(form)
  if (scan.problem && !scan.printRequested) {
    if (scan.problem.kind === 'message')
      return { kind: 'usage-error', message: scan.problem.message }
    // Commander's own wording and suggestion, for the flag's name alone.
    const unknown = parseWithCommander([scan.problem.shown])
    if (unknown.kind === 'usage-error') return unknown
    return { kind: 'usage-error', message: `error: unknown option '${scan.problem.shown}'` }
  }
  const parsed = parseWithCommander(argv)
  if (parsed.kind !== 'parsed') return parsed
  const inputs = parsed.inputs
  // Outside GitHub there is no job summary to write: skip it quietly unless asked for.
  if (inputs[Inputs.Summary] === undefined && !env.GITHUB_STEP_SUMMARY)
    inputs[Inputs.Summary] = 'false'
  return { kind: 'run', inputs }
}

/** Commander's parse: the inputs given, or what to print, or its error. */
function parseWithCommander(
  argv: readonly string[]
): { kind: 'parsed'; inputs: Record<string, string> } | Exclude<CommandLine, { kind: 'run' }> {
  const { program, parse } = capturedProgram(TOOL_NAME, DESCRIPTION)
  const attributes = new Map<string, InputName>()
  for (const [name, spec] of Object.entries(FLAGS) as Array<[InputName, FlagSpec]>) {
    const option = flagOption(name, spec, spec.description, spec.default)
    attributes.set(option.attributeName(), name)
    program.addOption(option)
  }
  for (const [alias, name] of Object.entries(FLAG_ALIASES)) {
    const option = new Option(`--${alias} <${FLAGS[name].value ?? 'value'}>`, `same as --${name}`)
    option.argParser(once(alias))
    attributes.set(option.attributeName(), name)
    program.addOption(option)
  }
  const stopped = parse(argv)
  if (stopped) return stopped
  const inputs: Record<string, string> = {}
  for (const [attribute, value] of Object.entries(program.opts<Record<string, string>>())) {
    const name = attributes.get(attribute)
    if (name === undefined) continue
    if (inputs[name] !== undefined) {
      const flags = Object.keys(FLAG_ALIASES).filter((alias) => FLAG_ALIASES[alias] === name)
      return {
        kind: 'usage-error',
        message: `error: ${[...flags, name].map((flag) => `--${flag}`).join(' and ')} are one flag; give it once.`
      }
    }
    inputs[name] = value
  }
  return { kind: 'parsed', inputs }
}

/**
 * A commander program as both commands (the gate and `doctor`) use it: its
 * help, version and errors captured instead of printed, and `parse`, which
 * says what to print or the usage error, or nothing when the flags parsed.
 */
export function capturedProgram(
  name: string,
  description: string
): {
  program: Command
  parse: (
    argv: readonly string[]
  ) => { kind: 'print'; text: string } | { kind: 'usage-error'; message: string } | undefined
} {
  let printed = ''
  let errors = ''
  const program = new Command(name)
    .description(description)
    .usage('[flags]')
    .version(TOOL_VERSION, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'print this help and exit')
    .allowExcessArguments(false)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => (printed += text),
      writeErr: (text) => (errors += text),
      outputError: (text, write) => write(text)
    })
    .configureHelp({ helpWidth: 100 })
  const parse = (argv: readonly string[]) => {
    try {
      program.parse([...argv], { from: 'user' })
    } catch (error) {
      if (error instanceof CommanderError) {
        if (error.exitCode === 0) return { kind: 'print' as const, text: printed }
        return { kind: 'usage-error' as const, message: errors.trim() || error.message }
      }
      throw error
    }
    return undefined
  }
  return { program, parse }
}

/** The option of one flag: its value, what it does, its default as --help shows it. */
export function flagOption(name: string, spec: FlagSpec, what: string, fallback: string): Option {
  const shown = spec.shownDefault ?? (fallback === '' ? 'none' : fallback)
  const more = spec.list ? '; repeat the flag, or one value per line' : ''
  return new Option(
    `--${name} <${spec.value ?? 'value'}>`,
    `${what}${more} (default: ${shown})`
  ).argParser(spec.list ? appendLine : once(name))
}

/** A list flag: each use adds a line, as a multi-line action input would. */
export function appendLine(value: string, previous: string | undefined): string {
  return previous === undefined ? value : `${previous}\n${value}`
}

/**
 * A single-value flag: given twice is a mistake, not a silent choice. Not an
 * InvalidArgumentError, which commander would print with the value.
 */
export function once(name: string): (value: string, previous: string | undefined) => string {
  return (value, previous) => {
    if (previous !== undefined)
      throw new CommanderError(
        2,
        'tcss-virus-gate.repeatedFlag',
        `error: --${name} is given more than once (the values are not shown); give it once.`
      )
    return value
  }
}
