import { isCalendarDate } from '../../core/calendar-date.js'

/**
 * The service's time strings as instants. TCSS writes times either as ISO
 * 8601 with a zone (`2026-11-20T10:00:00Z`, `…+08:00`) or as
 * `YYYY-MM-DD HH:MM:SS` without one; the console shows the latter in China
 * Standard Time, so such a time is read as UTC+8 (not verified live).
 * Anything else is no time at all (undefined), never "now" or "long ago",
 * and so is a day the month does not have (`2026-02-30`), which Date.parse
 * would carry into the next month.
 */
export function parseServiceTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  // Both shapes begin with the date.
  if (!isCalendarDate(text.slice(0, 10))) return undefined
  const plain = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(text)
  if (plain) {
    const parsed = Date.parse(`${text.replace(' ', 'T')}+08:00`)
    return Number.isNaN(parsed) ? undefined : parsed
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(text))
    return undefined
  const parsed = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
  return Number.isNaN(parsed) ? undefined : parsed
}
