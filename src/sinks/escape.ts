/**
 * Escaping of untrusted text (anything that comes from the scanned image or
 * the API) at the sinks where it is written. Secrets are removed first, in
 * whatever form they take (see secrets.ts), so escaping cannot hide them from
 * the runner's mask.
 */
import { redact } from '../secrets.js'

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u
const MAX_CELL_CHARS = 300
/** A zero-width space: breaks mentions, references and autolinks that GitHub finds in the rendered text. */
const ZWSP = '&#8203;'

/** ASCII punctuation, as CommonMark defines it (backslash escapes, flanking). */
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/
/** Unicode punctuation and symbols, as CommonMark's flanking rules read them. */
const PUNCTUATION = /[\p{P}\p{S}]/u
const WHITESPACE = /\s/u

function reference(char: string): string {
  return `&#${char.codePointAt(0) ?? 0};`
}

/**
 * The escape of a character that is never left as it is: HTML, code,
 * tables, math, line breaks and invisible characters.
 */
function fixedEscape(char: string): string | undefined {
  if (char === '\n') return '\\n'
  if (char === '\r') return '\\r'
  if (char === '\t') return ' '
  // Invisible and bidi characters: as character references they would still render.
  if (INVISIBLE.test(char)) return `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`
  if (char === '<' || char === '`' || char === '|' || char === '$') return reference(char)
  return undefined
}

/**
 * Text for a Markdown table cell or paragraph, in the job summary or a
 * comment (also inside an HTML block such as <details>). A character is
 * escaped, as a numeric character reference, only where Markdown or HTML
 * could read it as syntax: always `<`, backticks, `|` and `$`; `*`, `_` and
 * `~` where they could open or close emphasis or strikethrough; brackets that
 * could make a link; `&` that starts a character reference; `\` before
 * punctuation; and at the start what could start a block (heading, quote,
 * list, rule, fence, indented code). Control characters become visible
 * escapes, and mentions, issue references and autolinks (scheme://, www.,
 * e-mail) are broken with a zero-width space. Longer texts are cut to
 * `maxChars` characters and end with "…".
 *
 * Ends of the text count as "anything may follow": the text is escaped as
 * if it could be next to any other text in the same line.
 */
export function escapeMarkdown(raw: string, maxChars = MAX_CELL_CHARS): string {
  const value = redact(raw)
  // A string of at most maxChars UTF-16 units has at most maxChars characters.
  const cut = value.length > maxChars && Array.from(value).length > maxChars
  if (!cut && isPlain(value)) return value
  const chars = cut ? Array.from(value).slice(0, maxChars) : Array.from(value)
  const out = escapeChars(chars).join('')
  return cut ? `${out}…` : out
}

/**
 * Letters, digits, spaces and the punctuation no Markdown rule reads inside
 * a line (`. , / = : ' ( ) -`), starting with a letter, a digit (not an
 * ordered-list number) or `/` so that no block can start: most paths, file names and virus names. Such text needs
 * no escape but a broken autolink, so it is returned as it is, without the
 * character-by-character pass (a summary has hundreds of thousands of cells).
 */
const PLAIN = /^[\p{L}\p{N}/][\p{L}\p{N} .,/=:'()-]*$/u

export function isPlain(text: string): boolean {
  return (
    PLAIN.test(text) &&
    // "1." or "1)" at the start is an ordered list.
    !/^\p{N}+[.)]/u.test(text) &&
    !text.includes('://') &&
    !/www\./i.test(text)
  )
}

/** The character-by-character escape, without the plain-text shortcut (exported for tests). */
export function escapeChars(chars: string[]): string[] {
  const pieces: Array<string | undefined> = chars.map(fixedEscape)
  const text = chars.join('')
  const hasLessThan = chars.includes('<')
  for (let index = 0; index < chars.length; index++) {
    if (pieces[index] !== undefined) continue
    const char = chars[index]
    const next = chars[index + 1]
    switch (char) {
      case '&':
        // Only a character reference would be decoded: `&name;`, `&#…;`, or one the next text could finish.
        if (next === '#' || /^&[A-Za-z0-9]+(;|$)/.test(chars.slice(index, index + 40).join('')))
          pieces[index] = reference(char)
        break
      case '[':
        // Every opening bracket: a link, an image, a task box or a footnote needs one.
        pieces[index] = reference(char)
        break
      case ']':
        // A closing bracket after an opening one, or where a link target or reference could follow.
        if (
          chars.lastIndexOf('[', index) >= 0 ||
          next === undefined ||
          next === '(' ||
          next === '[' ||
          next === ':'
        )
          pieces[index] = reference(char)
        break
      case '>':
        if (index === 0 || hasLessThan) pieces[index] = reference(char)
        break
      case '@':
        // A mention or an e-mail autolink: GitHub finds both in the rendered text.
        if (next === undefined || /[\p{L}\p{N}_.+-]/u.test(next))
          pieces[index] = reference(char) + ZWSP
        break
      case '#':
        // A heading at the start, an issue reference before a digit.
        if (next !== undefined && /\d/.test(next)) pieces[index] = reference(char) + ZWSP
        else if (index === 0) pieces[index] = reference(char)
        break
    }
  }
  escapeDelimiterRuns(chars, pieces)
  escapeBlockStart(chars, pieces)
  // A backslash before punctuation (raw, or the start of an escape) would escape it.
  for (let index = 0; index < chars.length; index++) {
    if (chars[index] !== '\\' || pieces[index] !== undefined) continue
    const following = pieces[index + 1] ?? chars[index + 1]
    if (following === undefined || ASCII_PUNCTUATION.test(following.charAt(0)))
      pieces[index] = reference('\\')
  }
  const result = chars.map((char, index) => pieces[index] ?? char)
  breakAutolinks(text, result)
  return result
}

/**
 * `*`, `_` and `~` runs that could open or close emphasis or strikethrough
 * (CommonMark's flanking rules), judged on the text as it will be written.
 * The ends of the text are treated as anything, so a run there is escaped
 * unless whitespace on its inner side makes it inert whatever follows.
 */
function escapeDelimiterRuns(chars: string[], pieces: Array<string | undefined>): void {
  let index = 0
  while (index < chars.length) {
    const char = chars[index]
    if ((char !== '*' && char !== '_' && char !== '~') || pieces[index] !== undefined) {
      index += 1
      continue
    }
    let end = index
    while (end < chars.length && chars[end] === char && pieces[end] === undefined) end += 1
    const before = index > 0 ? (pieces[index - 1] ?? chars[index - 1]).slice(-1) : undefined
    const after = end < chars.length ? (pieces[end] ?? chars[end]).charAt(0) : undefined
    const space = (c: string | undefined): boolean => c !== undefined && WHITESPACE.test(c)
    const punct = (c: string | undefined): boolean => c === undefined || PUNCTUATION.test(c)
    const left =
      after === undefined || (!space(after) && (!punct(after) || space(before) || punct(before)))
    const right =
      before === undefined || (!space(before) && (!punct(before) || space(after) || punct(after)))
    const active =
      char === '_'
        ? (left && (!right || punct(before))) || (right && (!left || punct(after)))
        : left || right
    if (active) for (let at = index; at < end; at++) pieces[at] = reference(char)
    index = end
  }
}

/** What could start a block when the text begins a line: a heading, quote, list, rule, fence or code. */
function escapeBlockStart(chars: string[], pieces: Array<string | undefined>): void {
  const [first] = chars
  if (first === undefined || pieces[0] !== undefined) return
  if (first === ' ') {
    pieces[0] = reference(' ')
    return
  }
  if ('#>-+*=_~'.includes(first)) {
    pieces[0] = reference(first)
    return
  }
  // An ordered list item: up to nine digits, then '.' or ')'.
  const digits = /^\d{1,9}/.exec(chars.slice(0, 10).join(''))?.[0].length ?? 0
  const marker = chars[digits]
  if (digits > 0 && (marker === '.' || marker === ')') && pieces[digits] === undefined)
    pieces[digits] = reference(marker)
}

/** Breaks `scheme://` and `www.` autolinks with a zero-width space (e-mail: see '@'). */
function breakAutolinks(text: string, result: string[]): void {
  // Indexes are by character; find them in the original text.
  const chars = Array.from(text)
  for (let index = 0; index < chars.length; index++) {
    if (chars[index] === ':' && chars[index + 1] === '/' && chars[index + 2] === '/')
      result[index] = `${result[index]}${ZWSP}`
    if (
      (chars[index] === 'w' || chars[index] === 'W') &&
      /^www\.$/i.test(chars.slice(index, index + 4).join(''))
    )
      result[index + 2] = `${result[index + 2]}${ZWSP}`
  }
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
