/**
 * `tcss-virus-gate doctor [flags]`: the flags of a gate run that reach the
 * API (credentials, endpoint, region, rate, time) and its targets, with the
 * gate's own descriptions (FLAGS), plus --json. Parsed as the gate's flags
 * are: secrets registered for redaction first, no message that says a value.
 */
import { Option } from 'commander'
import { Inputs, TOOL_NAME } from '../../constants.js'
import type { RawInputs } from '../../core/inputs.js'
import { maskSecret, secretMasks } from '../../secrets.js'
import { scanArguments } from '../argument-scan.js'
import { capturedProgram, flagOption, FLAGS } from '../flags.js'

/** The gate's flags the doctor takes, in --help's order. */
const DOCTOR_FLAGS = [
  Inputs.RegistryImage,
  Inputs.ImageId,
  Inputs.Image,
  Inputs.EventIds,
  Inputs.Scan,
  Inputs.SecretId,
  Inputs.SecretKey,
  Inputs.SessionToken,
  Inputs.Region,
  Inputs.Endpoint,
  Inputs.MaxRps,
  Inputs.WaitTimeout
] as const

/** The doctor's own bound on its reads, when --wait-timeout is not given (seconds). */
export const DOCTOR_WAIT_TIMEOUT_S = '120'

export type DoctorCommandLine =
  | { kind: 'doctor'; inputs: RawInputs; json: boolean }
  | { kind: 'print'; text: string }
  | { kind: 'usage-error'; message: string }

const DESCRIPTION =
  'Check, with read requests only, everything a gate run needs: the endpoint, region and proxy, the credentials, ' +
  "each read action's CAM permission, TCSS's service role, and each target as the gate would see it; " +
  'and show what the reads tell of the facts no document settles.\n' +
  'It never starts a scan or a sync. Exit codes: 0 everything is in place, 1 something is missing, 2 invalid flags or no credentials.'

/** Parses the arguments after `doctor`. */
export function parseDoctorCommandLine(argv: readonly string[]): DoctorCommandLine {
  const names = new Set<string>(DOCTOR_FLAGS)
  const scan = scanArguments(
    argv.filter((arg) => arg !== '--json'),
    { values: names, lists: new Set(DOCTOR_FLAGS.filter((name) => FLAGS[name].list)) }
  )
  for (const secret of scan.secrets) for (const form of secretMasks(secret)) maskSecret(form)
  if (scan.problem && !scan.printRequested) {
    if (scan.problem.kind === 'message')
      return { kind: 'usage-error', message: scan.problem.message }
    const unknown = parse([scan.problem.shown])
    if (unknown.kind === 'usage-error') return unknown
    return { kind: 'usage-error', message: `error: unknown option '${scan.problem.shown}'` }
  }
  return parse(argv)
}

function parse(argv: readonly string[]): DoctorCommandLine {
  const { program, parse: parseFlags } = capturedProgram(`${TOOL_NAME} doctor`, DESCRIPTION)
  const attributes = new Map<string, string>()
  for (const name of DOCTOR_FLAGS) {
    const spec = FLAGS[name]
    const fallback = name === Inputs.WaitTimeout ? DOCTOR_WAIT_TIMEOUT_S : spec.default
    const what =
      name === Inputs.WaitTimeout
        ? 'seconds the doctor may take, at most'
        : name === Inputs.Scan
          ? 'the --scan of the gate run to check for (which read actions it needs)'
          : spec.description
    const option = flagOption(name, spec, what, fallback)
    attributes.set(option.attributeName(), name)
    program.addOption(option)
  }
  program.addOption(new Option('--json', 'print the report as one JSON document (docs/doctor.md)'))
  const stopped = parseFlags(argv)
  if (stopped) return stopped
  const options = program.opts<Record<string, string | boolean>>()
  const inputs: Record<string, string> = { [Inputs.WaitTimeout]: DOCTOR_WAIT_TIMEOUT_S }
  for (const [attribute, value] of Object.entries(options)) {
    const name = attributes.get(attribute)
    if (name !== undefined && typeof value === 'string') inputs[name] = value
  }
  return { kind: 'doctor', inputs, json: options.json === true }
}
