/**
 * Text for the SARIF log: plain message text, rule ids and names made from
 * untrusted virus names, and in-image paths as URI references.
 */
import { createHash } from 'node:crypto'
import * as path from 'node:path'
import { redact } from '../secrets.js'

const RULE_PREFIX = 'virus/'
const UNNAMED_RULE_ID = 'virus/(unnamed)'
const MAX_RULE_NAME_CHARS = 80
/** Untrusted text longer than this is cut in messages (the JSON report keeps it whole). */
const MAX_TEXT_CHARS = 500

/**
 * A result's fingerprint: the SHA-256 (hex) of the target it was found in,
 * the file's md5 in lowercase and its path, so two findings of one md5 at two
 * paths or in two targets are two alerts, and the same finding is the same
 * alert on every run (nothing of the run's timing or order goes in).
 * `target` is what the step calls the image (`image:` name, registry
 * reference or ImageID) or `event:` and the event ID.
 */
export function findingFingerprint(target: string, md5: string, path: string): string {
  return createHash('sha256')
    .update(JSON.stringify([target, md5.toLowerCase(), path]), 'utf8')
    .digest('hex')
}

/**
 * A stable rule id for a virus name. Names made only of letters, digits, '.',
 * '_' and '-' (and at most 80 of them) are kept as they are: `virus/Linux.Trojan.Mirai`.
 * Any other name is sanitized and gets a hash of the exact name as a third
 * part, `virus/Win32-Evil-Name/1a2b3c4d5e6f`, so distinct names never share an id
 * (a kept name has no second '/').
 */
export function ruleIdForVirus(virusName: string): string {
  if (virusName === '') return UNNAMED_RULE_ID
  const sanitized = virusName
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, MAX_RULE_NAME_CHARS)
    .replace(/^-+|-+$/g, '')
  if (sanitized === virusName) return `${RULE_PREFIX}${sanitized}`
  const hash = createHash('sha256').update(virusName, 'utf8').digest('hex').slice(0, 12)
  return `${RULE_PREFIX}${sanitized || 'x'}/${hash}`
}

/**
 * The rule's friendly name, a Pascal-case identifier as SARIF viewers expect:
 * `Virus` and the ASCII letters and digits of the virus name,
 * `VirusLinuxTrojanMirai`; `UnnamedVirus` for a finding without a name.
 */
export function ruleNameForVirus(virusName: string): string {
  if (virusName === '') return 'UnnamedVirus'
  const words = virusName.match(/[A-Za-z0-9]+/g) ?? []
  const pascal = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('')
  return `Virus${pascal}`.slice(0, MAX_RULE_NAME_CHARS)
}

/**
 * The in-image path as a relative URI reference under IMAGE_ROOT. Dot
 * segments are resolved the way the kernel does, clamped at the root
 * ("/../etc/x" is "/etc/x"), since URI consumers also treat encoded dots as
 * dot segments; then the leading slash is dropped and every segment is
 * percent-encoded (UTF-8). A finding without a path gets "(no path)".
 */
export function imagePathUri(filePath: string): string {
  const relative = path.posix.normalize(`/${wellFormed(filePath)}`).replace(/^\/+/, '')
  if (relative === '') return encodeURIComponent('(no path)')
  return relative.split('/').map(encodeURIComponent).join('/')
}

/** Replaces unpaired UTF-16 surrogates (which encodeURIComponent refuses) with U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD'
  )
}

/**
 * Plain text for a SARIF message. SARIF reads "[text](target)" in a message
 * as an embedded link and "{0}" as a placeholder, so square brackets and
 * backslashes are escaped with a backslash and curly braces are doubled
 * (SARIF 2.1.0 §3.11.5, §3.11.6). Long texts are cut.
 */
export function sarifText(raw: string, maxChars = MAX_TEXT_CHARS): string {
  const value = redact(raw)
  // A string of at most maxChars UTF-16 units has at most maxChars characters.
  const chars = value.length > maxChars ? Array.from(value) : undefined
  const text = chars && chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : value
  return text.replace(/[\\[\]]/g, (char) => `\\${char}`).replace(/[{}]/g, (char) => char + char)
}
