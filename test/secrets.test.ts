import { EOL } from 'node:os'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { escapeLogText, escapeMarkdown } from '../src/sinks/escape.js'
import { sarifText } from '../src/sinks/sarif-text.js'
import { clearSecrets, maskSecret, redact, redactingReplacer, setLogMask } from '../src/secrets.js'

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

describe('the log mask', () => {
  afterEach(() => {
    clearSecrets()
    jest.restoreAllMocks()
  })

  /** What maskSecret writes to standard output, where the runner reads its mask command. */
  function maskCommands(secret: string): string[] {
    const written: string[] = []
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    })
    maskSecret(secret)
    return written
  }

  it('masks a value spanning lines as one command, its % and line breaks escaped', () => {
    expect(maskCommands('pa%ss\r\nword-123')).toEqual([`::add-mask::pa%25ss%0D%0Aword-123${EOL}`])
  })

  it('masks a value with surrounding white space both as given and trimmed', () => {
    expect(maskCommands('  secret-value-42 ')).toEqual([
      `::add-mask::  secret-value-42 ${EOL}`,
      `::add-mask::secret-value-42${EOL}`
    ])
  })

  it('masks nothing for an empty value', () => {
    expect(maskCommands('')).toEqual([])
  })
})

describe('a log mask of its own', () => {
  afterEach(() => clearSecrets())

  it('hands each secret to the mask a front end sets, and still redacts it', () => {
    const masked: string[] = []
    setLogMask((value) => masked.push(value))
    maskSecret(' cli-secret-value ')
    expect(masked).toEqual([' cli-secret-value ', 'cli-secret-value'])
    expect(redact('with cli-secret-value')).toBe('with ***')
  })
})

describe('redact: every form, every time', () => {
  beforeEach(() => setLogMask(() => {}))
  afterEach(() => clearSecrets())

  it('redacts a secret of six characters, the shortest it redacts, even as the whole text', () => {
    maskSecret('k3y-6x')
    maskSecret('five5')
    expect(redact('k3y-6x')).toBe('***')
    expect(redact('key k3y-6x, five5')).toBe('key ***, five5')
  })

  it('redacts every occurrence, not only the first', () => {
    maskSecret(TOKEN)
    expect(redact(`${TOKEN} then ${TOKEN} again ${TOKEN}`)).toBe('*** then *** again ***')
  })

  it('redacts a secret registered after text was already redacted', () => {
    maskSecret(TOKEN)
    expect(redact(`a ${TOKEN}`)).toBe('a ***')
    maskSecret('proxy-password-9876')
    expect(redact(`b proxy-password-9876 ${TOKEN}`)).toBe('b *** ***')
  })

  it('removes a secret whole when another secret is the start of it', () => {
    maskSecret('AKIDabcdef')
    maskSecret('AKIDabcdef0123456789')
    expect(redact('id AKIDabcdef0123456789 and AKIDabcdef')).toBe('id *** and ***')
  })

  it('removes a value spanning lines: escaped with \\r\\n, and each line on its own', () => {
    const key = '-----BEGIN KEY-----\r\n  MIIBOgIBAAJBAK  \r\n-----END KEY-----'
    maskSecret(key)
    expect(
      redact(`text -----BEGIN KEY-----\\r\\n  MIIBOgIBAAJBAK  \\r\\n-----END KEY----- end`)
    ).toBe('text *** end')
    expect(redact('line MIIBOgIBAAJBAK alone')).toBe('line *** alone')
    expect(redact('-----END KEY-----')).toBe('***')
  })

  it('removes a value with a quote and line breaks written with only the line breaks escaped', () => {
    // Unlike JSON, this form leaves the quote as it is.
    maskSecret('pass"word\r\nline-two')
    expect(redact('value pass"word\\r\\nline-two end')).toBe('value *** end')
  })

  it('removes a value spanning lines as it is, and each line of one split by \\n alone', () => {
    const key = '-----BEGIN KEY-----\r\n  MIIBOgIBAAJBAK  \r\n-----END KEY-----'
    maskSecret(key)
    expect(redact(`text ${key} end`)).toBe('text *** end')
    maskSecret('first-line-of-it\nsecond-line-of-it')
    expect(redact('at second-line-of-it: first-line-of-it')).toBe('at ***: ***')
  })

  it('removes a secret with quotes, backslashes and tabs from JSON text', () => {
    const secret = 'pa"ss\\wo\trd-42'
    maskSecret(secret)
    expect(redact(JSON.stringify({ error: `bad ${secret}` }))).toBe('{"error":"bad ***"}')
  })

  it('removes the trimmed value in its encoded forms too', () => {
    maskSecret(' ab+cd/ef=gh12\n')
    expect(redact(`?t=${encodeURIComponent('ab+cd/ef=gh12')}&x`)).toBe('?t=***&x')
    expect(redact(`"${JSON.stringify('ab+cd/ef=gh12').slice(1, -1)}"`)).toBe('"***"')
  })

  it('leaves text alone again once the secrets are cleared', () => {
    maskSecret(TOKEN)
    clearSecrets()
    expect(redact(`plain ${TOKEN}`)).toBe(`plain ${TOKEN}`)
  })
})

describe('redact: base64 copies of a secret', () => {
  beforeEach(() => setLogMask(() => {}))
  afterEach(() => clearSecrets())

  const secret = 'k3y+With/Odd=Bytes-0042'

  it.each([0, 1, 2])(
    'removes its base64 and base64url forms, wherever a longer encoded text starts it (%p bytes before)',
    (before) => {
      maskSecret(secret)
      const encoded = Buffer.concat([Buffer.alloc(before, 'x'), Buffer.from(secret)]).toString(
        'base64'
      )
      const url = encoded.replace(/\+/g, '-').replace(/\//g, '_')
      for (const text of [`Authorization: Basic ${encoded}`, `token=${url}`]) {
        const redacted = redact(text)
        expect(redacted).toContain('***')
        expect(redacted).not.toContain(encoded.slice(Math.ceil((8 * before) / 6), -4))
      }
    }
  )
})
