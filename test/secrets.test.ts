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

describe('redact: secrets that URL encoding changes', () => {
  afterEach(() => clearSecrets())

  /** Secrets with characters each encoding below rewrites: base64's + / =, and more. */
  const SECRETS = [
    'ab+cd/ef=gh12',
    'Zx9+/QkLm0w==',
    'p@ss word&x?y#z%25',
    'semi;colon:pipe|[x]^`{}<>"',
    "bang!quote'paren()~star*",
    'ключ-sécret-密钥-🔑'
  ]
  const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())
  const userInfo = (text: string) => {
    const url = new URL('http://proxy.example')
    url.password = text
    return url.password
  }
  const ENCODINGS: Array<[string, (text: string) => string]> = [
    ['encodeURIComponent', encodeURIComponent],
    ['percent-encoding with lower-case hex', (text) => lowerHex(encodeURIComponent(text))],
    ['a form (URLSearchParams)', (text) => new URLSearchParams({ t: text }).toString().slice(2)],
    ['the userinfo of a URL', userInfo]
  ]

  it.each(ENCODINGS)('removes every such secret written as %s', (_encoding, encode) => {
    for (const secret of SECRETS) maskSecret(secret)
    for (const secret of SECRETS) {
      const encoded = encode(secret)
      expect(redact(`before ${encoded} after`)).toBe('before *** after')
      expect(redact(`?token=${encoded}&next=1`)).toBe('?token=***&next=1')
    }
  })

  it('each encoding really changes these secrets (the cases above are not verbatim ones)', () => {
    for (const [, encode] of ENCODINGS) {
      for (const secret of SECRETS.slice(0, 3)) expect(encode(secret)).not.toBe(secret)
    }
  })

  it('reaches the sinks in the encoded form too', () => {
    const secret = 'Zx9+/QkLm0w=='
    maskSecret(secret)
    const message = `GET https://proxy.example/?t=${encodeURIComponent(secret)} failed`
    for (const out of [escapeLogText(message), escapeMarkdown(message), sarifText(message)]) {
      expect(out).not.toContain(encodeURIComponent(secret))
      expect(out).not.toContain('Zx9')
    }
  })
})
