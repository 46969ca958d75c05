/**
 * Secret values of the run (API keys, session and OIDC tokens, temporary
 * credentials, a proxy's password) and their removal from text.
 *
 * The runner's mask hides a secret only when it appears verbatim in the log;
 * escaped (\n as a backslash and n), URL-encoded (as a URL component, a form
 * field or a URL's userinfo), base64-encoded or JSON-encoded copies slip
 * past it, and the summary, the report files and the comment are not masked
 * at all. So every sink runs its text through `redact` before escaping it, and
 * every secret is registered here with the forms it may take in an error
 * message.
 */
import { EOL } from 'node:os'
import { unprintableRuns } from './printable.js'

/** Shorter values are masked in the log but not redacted from text (they would eat ordinary words). */
const MIN_REDACTED_LENGTH = 6
export const REDACTED = '***'

/**
 * How a secret is hidden in the log as it is written: the runner's mask in
 * the action (its preflight sets core.setSecret). A front end without one
 * (the command line) sets its own; the secret is still redacted from every
 * text the gate writes. Not set, it is the runner's mask command itself, as
 * core.setSecret writes it: this leaf does not load @actions/core (and its
 * HTTP client) for a front end that never uses it.
 */
let maskInLog: (value: string) => void = (value) => {
  const escaped = value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
  process.stdout.write(`::add-mask::${escaped}${EOL}`)
}

export function setLogMask(mask: (value: string) => void): void {
  maskInLog = mask
}

const forms = new Set<string>()
let pattern: RegExp | undefined

function addForm(form: string): void {
  if (form.length >= MIN_REDACTED_LENGTH && !forms.has(form)) {
    forms.add(form)
    pattern = undefined
  }
}

/**
 * The URL-encoded forms of a secret an error message may quote: a URL
 * component (upper- and lower-case hex), a form field (`+` for a space) and
 * the userinfo of a URL (a proxy password, which leaves `+` and `&` as
 * they are but not `/` or `=`).
 */
function urlEncodedForms(value: string): string[] {
  const component = encodeURIComponent(value)
  const forms = [
    component,
    component.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    new URLSearchParams([['', value]]).toString().slice(1)
  ]
  const url = new URL('http://redaction.invalid')
  url.password = value
  forms.push(url.password)
  return forms
}

/** Encoded runs shorter than this are left alone (they would match ordinary text). */
const MIN_ENCODED_LENGTH = 8

/**
 * The base64 and base64url runs that encode `secret` wherever it starts in
 * a longer encoded text: for each of the three byte alignments, the
 * characters that depend on the secret's bytes alone.
 */
export function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  const forms = new Set<string>()
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64')
    const first = Math.ceil((8 * offset) / 6)
    const last = Math.floor((8 * (offset + bytes.length)) / 6)
    const run = encoded.slice(first, last)
    forms.add(run)
    forms.add(run.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  return [...forms].filter((form) => form.length >= MIN_ENCODED_LENGTH)
}

/** Masks `value` in the job log and removes it, in every form it may take, from all text the gate writes. */
export function maskSecret(value: string): void {
  if (!value) return
  maskInLog(value)
  const trimmed = value.trim()
  if (trimmed !== value && trimmed) maskInLog(trimmed)
  for (const base of new Set([value, trimmed])) {
    addForm(base)
    addForm(JSON.stringify(base).slice(1, -1))
    for (const encoded of urlEncodedForms(base)) addForm(encoded)
    addForm(base.replace(/\r/g, '\\r').replace(/\n/g, '\\n'))
    // Each line of a value that spans lines, as the runner masks them.
    for (const line of base.split(/\r?\n/)) addForm(line.trim())
    // A service or proxy may echo a credential base64-encoded (a Basic authorization, a token).
    for (const encoded of base64Forms(base)) addForm(encoded)
  }
}

/** `text` with every registered secret form replaced by ***. */
export function redact(text: string): string {
  if (forms.size === 0 || text.length < MIN_REDACTED_LENGTH) return text
  if (!pattern) {
    const sorted = [...forms].sort((a, b) => b.length - a.length)
    pattern = new RegExp(
      sorted.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
      'g'
    )
  }
  return text.replace(pattern, REDACTED)
}

/** A JSON.stringify replacer that redacts every string value. */
export function redactingReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? redact(value) : value
}

/** Forgets every secret (for tests). */
export function clearSecrets(): void {
  forms.clear()
  pattern = undefined
}

/**
 * The strings to mask for a secret as given: the value untrimmed and trimmed,
 * and, when something that cannot be in a secret sits inside, each run of
 * 4 or more characters around it (the runner masks line by line, and a
 * message may print one part alone). Shorter parts are not masked: masking
 * a character or two would star out unrelated log text.
 */
export function secretMasks(raw: string): string[] {
  const trimmed = raw.trim()
  const parts = trimmed.split(unprintableRuns()).filter((part) => part.length >= 4)
  return [...new Set([raw, trimmed, ...parts])].filter((value) => value !== '')
}
