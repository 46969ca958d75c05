/**
 * What a recording may hold. Every string of it (keys and values alike)
 * loses each registered secret in every form secrets.ts knows (plain,
 * JSON-escaped, URL-encoded, base64 and base64url at any alignment inside a
 * longer encoded run): a response body may quote a credential in any of
 * them. Fields that name a credential (Token, TmpSecretKey,
 * WebIdentityToken, Authorization, …) lose their value whatever it is, so
 * that a secret the run never registered cannot pass either.
 */
import { redact, REDACTED } from '../secrets.js'

/** Fields whose string values are credentials, whoever sent them. */
const CREDENTIAL_FIELD =
  /^(authorization|signature|(session|security|web-?identity|access|refresh|id)?-?token|(tmp)?secret-?(id|key)|password)$/i

/** A copy of `value` (JSON data) with every secret taken out of its keys and strings. */
export function redactRecorded(value: unknown, field = ''): unknown {
  if (typeof value === 'string') {
    return CREDENTIAL_FIELD.test(field) && value !== '' ? REDACTED : redact(value)
  }
  if (Array.isArray(value)) return value.map((item) => redactRecorded(item, field))
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      copy[redact(key)] = redactRecorded(item, key)
    }
    return copy
  }
  return value
}
