/**
 * Printable ASCII without spaces (0x21-0x7e): what Tencent Cloud keys and
 * tokens, OIDC audiences, TCSS ImageIDs and event IDs, and image references
 * are made of. One check, read by the settings, the references and the
 * secrets.
 */

const PRINTABLE = /^[\x21-\x7e]+$/

/** Whether `value` is one or more printable ASCII characters without spaces, and at most `maxLength` of them. */
export function isPrintable(value: string, maxLength = Number.POSITIVE_INFINITY): boolean {
  return value.length <= maxLength && PRINTABLE.test(value)
}

/** The first character (code point) of `value` that is not printable ASCII, or a space; undefined when there is none. */
export function firstUnprintable(value: string): string | undefined {
  return [...value].find((char) => !PRINTABLE.test(char))
}

/** A pattern for the runs of characters that are not printable ASCII (spaces included), to split text at. */
export function unprintableRuns(): RegExp {
  return /[^\x21-\x7e]+/
}
