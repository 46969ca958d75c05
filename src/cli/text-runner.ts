/**
 * The command line's Runner: the gate's log as plain text on stderr, for
 * people (progress, notices, warnings, errors), never a workflow command.
 * Outputs are kept, not printed; the report for people goes to stdout
 * (text-report.ts). Everything printed is redacted of secrets first.
 */
import type { AnnotationProperties } from '@actions/core'
import type { Runner } from '../runner.js'
import { redact } from '../secrets.js'
import { escapeLogText } from '../sinks/escape.js'

export interface TextRunner extends Runner {
  /** The outputs the gate set, by name. */
  readonly outputs: Record<string, string>
  /**
   * A token the gate uses to fence its log (stop-commands markers): the
   * lines that carry it mean something to the Actions runner only and are
   * left out.
   */
  fence(token: string): void
}

export function textRunner(write: (text: string) => void, options: { debug: boolean }): TextRunner {
  const outputs: Record<string, string> = {}
  const fences = new Set<string>()
  const line = (text: string): void => write(`${redact(text)}\n`)
  const text = (message: string | Error): string =>
    typeof message === 'string' ? message : escapeLogText(message.message)
  const titled = (kind: string, message: string | Error, properties?: AnnotationProperties) => {
    const where = properties?.file
      ? ` ${properties.file}${properties.startLine ? `:${properties.startLine}` : ''}${properties.startColumn ? `:${properties.startColumn}` : ''}`
      : ''
    const title = properties?.title ? `${properties.title}: ` : ''
    line(`${kind}${where}: ${title}${text(message)}`)
  }
  return {
    outputs,
    fence: (token) => fences.add(token),
    setOutput: (name: string, value: unknown) => {
      outputs[name] = typeof value === 'string' ? value : JSON.stringify(value)
    },
    setFailed: (message: string | Error) => line(`error: ${text(message)}`),
    info: (message: string) => {
      if (isFence(message, fences)) return
      line(message)
    },
    debug: (message: string) => {
      if (options.debug) line(`debug: ${message}`)
    },
    notice: (message, properties) => titled('notice', message, properties),
    warning: (message, properties) => titled('warning', message, properties),
    error: (message, properties) => titled('error', message, properties),
    startGroup: (name: string) => line(`${name}:`),
    endGroup: () => undefined
  }
}

function isFence(message: string, fences: ReadonlySet<string>): boolean {
  for (const token of fences) {
    if (message === `::stop-commands::${token}` || message === `::${token}::`) return true
  }
  return false
}
