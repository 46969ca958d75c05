/**
 * The doctor's report: plain text for people (one line per check, ✓ / ✗ /
 * – with the fix under it, then the observed readings) and one JSON document
 * for machines (docs/doctor.md). Secrets are removed from both.
 */
import { TOOL_NAME, TOOL_VERSION } from '../../constants.js'
import { redact } from '../../secrets.js'
import type { Check, Reading } from './model.js'
import type { WriteActions } from './write-actions.js'

/** The version of the JSON document's shape; raised only when a field changes meaning or goes. */
export const DOCTOR_SCHEMA = 1

export interface DoctorReport {
  connection: { endpoint: string; region: string | null; proxy: string | null }
  checks: Check[]
  readings: Reading[]
  writeActions: WriteActions
}

/** Everything the gate needs is in place: no check found something missing. */
export function allInPlace(report: DoctorReport): boolean {
  return report.checks.every((check) => check.status !== 'missing')
}

const MARK = { ok: '✓', missing: '✗', 'not-checked': '–' } as const

export function doctorText(report: DoctorReport): string {
  const { connection } = report
  const lines = [
    `${TOOL_NAME} doctor ${TOOL_VERSION}: ${connection.endpoint}, region ${connection.region ?? '(none)'}, ${connection.proxy ? `through the proxy ${connection.proxy}` : 'no proxy'}`,
    ''
  ]
  for (const check of report.checks) {
    const label =
      check.id === 'permission' || check.id === 'target' ? '' : `${check.id.replace('-', ' ')}: `
    lines.push(`${MARK[check.status]} ${label}${check.summary}`)
    if (check.fix) lines.push(`    fix: ${check.fix}`)
  }
  const writes = report.writeActions
  lines.push(`– write actions ${writes.actions.join(', ')}: ${writes.note}`)
  for (const line of JSON.stringify(writes.statement, null, 2).split('\n'))
    lines.push(`    ${line}`)
  lines.push('', 'Readings of the facts no document settles (docs/api-contract.md, "Open facts"):')
  for (const reading of report.readings) {
    const seen =
      reading.observed === null
        ? (reading.note ?? 'not observable with this account')
        : `observed: ${reading.observed}${reading.reading ? ` (reading: ${reading.reading})` : ''}`
    lines.push(`  ${reading.fact}: ${seen}; the gate assumes: ${reading.assumed}`)
  }
  const missing = report.checks.filter((check) => check.status === 'missing').length
  lines.push(
    '',
    missing === 0
      ? 'Everything the gate needs is in place (the write actions excepted: they cannot be checked without acting).'
      : `${missing} ${missing === 1 ? 'thing' : 'things'} the gate needs ${missing === 1 ? 'is' : 'are'} missing (✗ above, each with its fix).`,
    'For a bug report, paste this whole output (it holds no secret).'
  )
  return redact(`${lines.join('\n')}\n`)
}

export function doctorJson(report: DoctorReport): string {
  const document = {
    schema: DOCTOR_SCHEMA,
    tool: TOOL_NAME,
    version: TOOL_VERSION,
    ok: allInPlace(report),
    connection: report.connection,
    checks: report.checks,
    readings: report.readings,
    writeActions: report.writeActions
  }
  return redact(`${JSON.stringify(document, null, 2)}\n`)
}
