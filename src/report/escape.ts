/**
 * Escaping of untrusted text (anything that comes from the scanned image or
 * the API) at the sinks where it is written.
 */

const SAFE_MARKDOWN_CHAR = /[\p{L}\p{N} .,/=+:'()-]/u
const MAX_CELL_CHARS = 300

/**
 * Text for a Markdown table cell or paragraph, in the job summary or a
 * comment: every character that Markdown or HTML could read as syntax
 * becomes a numeric character reference, control characters become visible
 * escapes, and mentions, references and autolinks are broken up.
 */
export function escapeMarkdown(value: string, maxChars = MAX_CELL_CHARS): string {
  const chars = Array.from(value)
  const cut = chars.length > maxChars
  let out = ''
  for (const char of cut ? chars.slice(0, maxChars) : chars) {
    if (SAFE_MARKDOWN_CHAR.test(char)) {
      out += char
    } else if (char === '\n') {
      out += '\\n'
    } else if (char === '\r') {
      out += '\\r'
    } else if (char === '\t') {
      out += ' '
    } else if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(char)) {
      // Invisible and bidi characters too: as character references they would still render.
      out += `\\u${char.codePointAt(0)?.toString(16).padStart(4, '0')}`
    } else if (char === '@' || char === '#') {
      // A zero-width space after @ and # stops mentions and issue references.
      out += `&#${char.codePointAt(0)};&#8203;`
    } else {
      out += `&#${char.codePointAt(0)};`
    }
  }
  // A zero-width space in "://" stops autolinks.
  out = out.replace(/:\/\//g, ':&#8203;//')
  return cut ? `${out}…` : out
}

/**
 * Text for one line of the job log. Line breaks are shown as \n so the text
 * cannot start a line of its own, and a line can never begin with "::", so it
 * cannot be read as a workflow command. The runner also reads the legacy
 * "##[command]" form anywhere in a line, so that prefix is broken up too.
 */
export function escapeLogText(value: string): string {
  const oneLine = value
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    .replace(
      /[\p{Cc}\u2028\u2029]/gu,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
    )
  return oneLine.replace(/##\[/g, '##\\[').replace(/^(\s*):/, '$1\\:')
}
