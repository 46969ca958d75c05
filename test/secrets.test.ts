import { afterEach, describe, expect, it } from '@jest/globals'
import { escapeLogText, escapeMarkdown } from '../src/sinks/escape.js'
import { sarifText } from '../src/sinks/sarif-text.js'
import { clearSecrets, maskSecret, redact, redactingReplacer } from '../src/secrets.js'

const TOKEN = 'session-token-0123456789abcdef'

describe('redact', () => {
  afterEach(() => clearSecrets())

  it('removes a secret verbatim and in the forms an error message may carry', () => {
    maskSecret(`${TOKEN}\n`)
    const forms = [
      `"${TOKEN}\n" is not a legal HTTP header value`,
      `header ${JSON.stringify(`${TOKEN}\n`)}`,
      `url ?t=${encodeURIComponent(`${TOKEN}\n`)}`,
      `escaped ${TOKEN}\\n`
    ]
    for (const text of forms) {
      const out = redact(text)
      expect(out).not.toContain(TOKEN)
      expect(out).toContain('***')
    }
  })

  it('reaches every sink: log, Markdown, SARIF text and JSON', () => {
    maskSecret(TOKEN)
    const message = `network error: ${TOKEN} is not a legal HTTP header value`
    expect(escapeLogText(message)).not.toContain(TOKEN)
    expect(escapeMarkdown(message)).not.toContain(TOKEN)
    expect(sarifText(message)).not.toContain(TOKEN)
    expect(JSON.stringify({ error: { message } }, redactingReplacer)).not.toContain(TOKEN)
  })

  it('leaves text alone when no secret is registered, and ignores values too short to redact', () => {
    expect(redact(`plain ${TOKEN}`)).toBe(`plain ${TOKEN}`)
    maskSecret('abc')
    expect(redact('abcdef abc')).toBe('abcdef abc')
  })
})
