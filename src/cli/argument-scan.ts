/**
 * A first look at the arguments, before commander parses them: the values
 * of the secret flags, to be redacted from everything printed from then on,
 * and the mistakes that commander reports by echoing a value ("argument
 * '<value>' is invalid", "unknown option '--x=<value>'") or without naming
 * the flag ("too many arguments"), said here instead: naming the flag, never
 * a value.
 */

/** The flags whose values are secrets. */
export const SECRET_FLAGS: ReadonlySet<string> = new Set([
  'secret-key',
  'session-token',
  'github-token',
  'registry-password'
])

/** The flags commander answers by printing (help, version), whatever else is given. */
const PRINT_FLAGS: ReadonlySet<string> = new Set(['-h', '--help', '-V', '--version'])

export interface FlagNames {
  /** Every flag that takes a value, by name without the dashes. */
  values: ReadonlySet<string>
  /** Those that may be given more than once (lists). */
  lists: ReadonlySet<string>
}

export type ArgumentProblem =
  /** A flag commander does not know: let commander say so (with its suggestion) for `shown`. */
  | { kind: 'unknown-flag'; shown: string }
  /** Any other mistake, said in full. */
  | { kind: 'message'; message: string }

export interface ArgumentScan {
  /** The values given to secret flags, in every use. */
  secrets: string[]
  /** The first mistake, if any. */
  problem?: ArgumentProblem
  /** --help or --version is among the flags: commander prints it and nothing else counts. */
  printRequested: boolean
}

export function scanArguments(argv: readonly string[], flags: FlagNames): ArgumentScan {
  const secrets: string[] = []
  const seen = new Set<string>()
  let problem: ArgumentProblem | undefined
  let printRequested = false
  /** The flag the last value belonged to, for "an argument … follows --x". */
  let previous: string | undefined
  const note = (found: ArgumentProblem): void => {
    problem ??= found
  }
  const knownFlagIn = (arg: string): string | undefined => {
    if (PRINT_FLAGS.has(arg)) return arg
    if (!arg.startsWith('--')) return undefined
    const name = arg.slice(2).split('=')[0]
    return flags.values.has(name) ? `--${name}` : undefined
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') {
      if (i + 1 < argv.length)
        note(
          message(`arguments follow '--' (they are not shown); the command line takes flags only.`)
        )
      break
    }
    if (PRINT_FLAGS.has(arg)) {
      printRequested = true
      previous = arg
      continue
    }
    if (!(arg.length > 1 && arg.startsWith('-'))) {
      note(
        message(
          previous
            ? `an argument that belongs to no flag follows ${previous} (it is not shown): each flag takes one value; quote a value that contains spaces.`
            : `an argument that belongs to no flag comes first (it is not shown): give every value after its flag, as --image-id ID.`
        )
      )
      continue
    }
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1
    const name = arg.startsWith('--') ? arg.slice(2, equals < 0 ? undefined : equals) : ''
    if (!flags.values.has(name)) {
      const shown = shownFlag(arg)
      note(
        shown === undefined
          ? message('an unknown flag that does not look like a flag name (it is not shown).')
          : { kind: 'unknown-flag', shown }
      )
      previous = undefined
      continue
    }
    let value: string
    if (equals >= 0) {
      value = arg.slice(equals + 1)
    } else {
      const next = argv[i + 1]
      const following = next === undefined ? undefined : knownFlagIn(next)
      if (next === undefined || following !== undefined) {
        note(
          message(
            `--${name} needs a value${following ? `, and ${following} follows it instead` : ''}.`
          )
        )
        previous = `--${name}`
        continue
      }
      value = next
      i += 1
    }
    if (SECRET_FLAGS.has(name) && value !== '') secrets.push(value)
    if (seen.has(name) && !flags.lists.has(name))
      note(message(`--${name} is given more than once (the values are not shown); give it once.`))
    seen.add(name)
    previous = `--${name}`
  }
  return { secrets, problem, printRequested }
}

function message(text: string): ArgumentProblem {
  return { kind: 'message', message: `error: ${text}` }
}

/**
 * An unknown flag as it may be shown: its name, never a value given with it
 * (`--secret-kye=VALUE` is shown as `--secret-kye`, `-kVALUE` as `-k`); a
 * name that does not look like one is not shown at all.
 */
function shownFlag(arg: string): string | undefined {
  const name = arg.startsWith('--') ? arg.split('=')[0] : arg.slice(0, 2)
  return /^--?[A-Za-z0-9][A-Za-z0-9_-]{0,40}$/.test(name) ? name : undefined
}
