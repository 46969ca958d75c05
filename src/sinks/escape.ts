/**
 * Escaping of untrusted text (anything that comes from the scanned image or
 * the API) at the sinks where it is written. Secrets are removed first, in
 * whatever form they take (see secrets.ts), so escaping cannot hide them from
 * the runner's mask.
 */
import { redact } from '../secrets.js'

const UNSAFE_MARKDOWN_CHARS = /[^\p{L}\p{N} .,/=+:'()-]/gu
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u
const MAX_CELL_CHARS = 300

function escapeMarkdownChar(char: string): string {
  if (char === '\n') return '\\n'
  if (char === '\r') return '\\r'
  if (char === '\t') return ' '
  const code = char.codePointAt(0) ?? 0
  // Invisible and bidi characters: as character references they would still render.
  if (INVISIBLE.test(char)) return `\\u${code.toString(16).padStart(4, '0')}`
  // A zero-width space after @ and # stops mentions and issue references.
  if (char === '@' || char === '#') return `&#${code};&#8203;`
  return `&#${code};`
}

/**
 * Text for a Markdown table cell or paragraph, in the job summary or a
 * comment: every character that Markdown or HTML could read as syntax
 * becomes a numeric character reference, control characters become visible
 * escapes, and mentions, references and autolinks are broken up. Longer
 * texts are cut to `maxChars` characters and end with "…".
 */
export function escapeMarkdown(raw: string, maxChars = MAX_CELL_CHARS): string {
  const value = redact(raw)
  // A string of at most maxChars UTF-16 units has at most maxChars characters.
  const cut = value.length > maxChars && Array.from(value).length > maxChars
  const text = cut ? Array.from(value).slice(0, maxChars).join('') : value
  // A zero-width space in "://" stops autolinks.
  const out = text
    .replace(UNSAFE_MARKDOWN_CHARS, escapeMarkdownChar)
    .replace(/:\/\//g, ':&#8203;//')
    // And one in "www." stops GitHub's extended www. autolinks.
    .replace(/(www)\./gi, '$1&#8203;.')
  return cut ? `${out}…` : out
}

/**
 * Text for one line of the job log. Line breaks are shown as \n so the text
 * cannot start a line of its own, and a line can never begin with "::", so it
 * cannot be read as a workflow command. The runner also reads the legacy
 * "##[command]" form anywhere in a line, so that prefix is broken up too.
 */
export function escapeLogText(value: string): string {
  const oneLine = redact(value)
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    // Bidi overrides and invisible characters too: they could make a line read otherwise.
    .replace(
      /[\p{Cc}\p{Cf}\u2028\u2029]/gu,
      (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`
    )
  return oneLine.replace(/##\[/g, '##\\[').replace(/^(\s*):/, '$1\\:')
}
