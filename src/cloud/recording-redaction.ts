/**
 * What a recording may hold. Every string of it (keys and values alike)
 * loses each registered secret in the forms secrets.ts knows (plain,
 * JSON-escaped, URL-encoded) and in base64 and base64url, at any alignment
 * inside a longer encoded run: a response body may quote a credential in
 * any of them. Fields that name a credential (Token, TmpSecretKey,
 * WebIdentityToken, Authorization, …) lose their value whatever it is, so
 * that a secret the run never registered cannot pass either.
 */
import { base64Forms, redact, REDACTED, secretValues } from '../secrets.js'

export { base64Forms }

/** Fields whose string values are credentials, whoever sent them. */
const CREDENTIAL_FIELD =
  /^(authorization|signature|(session|security|web-?identity|access|refresh|id)?-?token|(tmp)?secret-?(id|key)|password)$/i

let cachedFor: string | undefined
let cachedPattern: RegExp | undefined

/** One pattern of every base64 form of every registered secret, longest first; undefined when none. */
function encodedPattern(): RegExp | undefined {
  const secrets = secretValues()
  const key = secrets.join('\u0000')
  if (key === cachedFor) return cachedPattern
  const forms = [...new Set(secrets.flatMap(base64Forms))].sort((a, b) => b.length - a.length)
  cachedFor = key
  cachedPattern =
    forms.length === 0
      ? undefined
      : new RegExp(forms.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
  return cachedPattern
}

/** `text` without any registered secret, in any form a recording could carry it. */
export function redactRecordedText(text: string): string {
  const pattern = encodedPattern()
  const plain = redact(text)
  return pattern ? plain.replace(pattern, REDACTED) : plain
}

/** A copy of `value` (JSON data) with every secret taken out of its keys and strings. */
export function redactRecorded(value: unknown, field = ''): unknown {
  if (typeof value === 'string') {
    return CREDENTIAL_FIELD.test(field) && value !== '' ? REDACTED : redactRecordedText(value)
  }
  if (Array.isArray(value)) return value.map((item) => redactRecorded(item, field))
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      copy[redactRecordedText(key)] = redactRecorded(item, key)
    }
    return copy
  }
  return value
}
