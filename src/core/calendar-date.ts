/**
 * Whether YYYY-MM-DD names a day the calendar has (no 30 February): for the
 * policy's expiry dates and the service's scan times alike. Apart from the
 * policy's YAML helpers so that reading a scan time never loads YAML.
 */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  )
}
