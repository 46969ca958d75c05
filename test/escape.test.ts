import { escapeChars, escapeLogText, escapeMarkdown, isPlain } from '../src/sinks/escape.js'

/** Text an attacker can put in a file path, file name or virus name inside an image. */
const HOSTILE: string[] = [
  'x\n::set-output name=verdict::pass',
  '::add-mask::secret',
  '  ::error file=a.ts::forged',
  '\t::warning::forged',
  '\u00a0::notice::forged',
  '\u3000::notice::forged',
  '\ufeff::notice::forged',
  'x\r::stop-commands::token',
  'x\r\n::endgroup::',
  '##[set-output name=verdict;]pass',
  'harmless ##[add-mask]secret',
  '#[#[##[error]x',
  'a | b | c',
  '`code` ```fence```',
  '<script>alert(1)</script>',
  '</details><details open>',
  '<img src=x onerror=alert(1)>',
  '@octocat please look',
  'see #1 and GH-2',
  '[link](https://evil.example)',
  '![img](x)',
  '<https://evil.example>',
  'http://evil.example/path',
  'javascript:alert(1)',
  '*bold* **strong**',
  '_em_ __strong__',
  '~~s~~',
  '\\*escaped\\*',
  '&lt;already escaped&gt; &amp;',
  '&#60;script&#62;',
  'line\u2028separator\u2029paragraph',
  'next\u0085line',
  'nul\u0000bell\u0007escape\u001b[31mred\u001b[0m',
  'vertical\u000btab\u000cfeed',
  '/tmp/\u202egnp.exe',
  'zero\u200bwidth\u2066isolate\u2069',
  '# heading',
  '> quote',
  '- item',
  '1. item',
  '---',
  '$$\\alpha$$ $x$',
  ':smile: :+1:',
  'a'.repeat(5000),
  '<'.repeat(5000),
  '\n'.repeat(5000),
  '😀'.repeat(400),
  'www.evil.example/path',
  'see WWW.Evil.Example and (www.evil.example)',
  'write to attacker@evil.example',
  'mailto:attacker@evil.example',
  'xmpp:attacker@evil.example/res',
  '_lead trail_ *lead trail* a*b*c ~x~',
  '[ ] task',
  '[^1]: footnote',
  '    indented code',
  '+ plus item',
  '* star item',
  '2) item',
  '=== setext',
  '~~~ fence',
  'a\\',
  'a\\<b>',
  '&copy; &#169; &#xA9;'
]

const MARKDOWN_SYNTAX = ['<', '>', '|', '`', '[', ']', '*', '_', '~', '$']
const LINE_BREAKS = /[\n\r\v\f\u0085\u2028\u2029]/
/** Characters that do not show, or that reorder the text around them when rendered. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u

describe('escapeMarkdown', () => {
  it.each(HOSTILE.map((text) => [text]))('neutralises %j', (text) => {
    const out = escapeMarkdown(text)

    for (const syntax of MARKDOWN_SYNTAX) expect(out).not.toContain(syntax)
    expect(out).not.toMatch(LINE_BREAKS)
    expect(out).not.toMatch(/@\p{L}/u)
    expect(out).not.toContain('://')
    expect(out).not.toMatch(/www\./i)
    expect(out).not.toMatch(/@[\p{L}\p{N}]/u)
    expect(out).not.toMatch(INVISIBLE)
    // No character reference of the input survives to be decoded.
    expect(out).not.toMatch(/&(?!#\d+;)[#A-Za-z]/)
  })

  it.each(HOSTILE.map((text) => [text]))('cannot start a block with %j', (text) => {
    const out = escapeMarkdown(text)

    expect(out).not.toMatch(/^(\s{4}|[#>+=~-]|\* |\d+[.)]|\[)/)
  })

  it('turns every escaped character into a numeric character reference', () => {
    expect(escapeMarkdown('<b>')).toBe('&#60;b&#62;')
    expect(escapeMarkdown('a|b')).toBe('a&#124;b')
    expect(escapeMarkdown('&amp;')).toBe('&#38;amp;')
  })

  it('escapes only what Markdown would read as syntax where it stands', () => {
    // Intraword underscores, a lone star, semicolons, ampersands and brackets stay as they are.
    expect(escapeMarkdown('/usr/lib/x86_64-linux-gnu/libc.so.6')).toBe(
      '/usr/lib/x86_64-linux-gnu/libc.so.6'
    )
    expect(escapeMarkdown('2 * 3; AT&T (draft) ~ a_b_c 100% a] b')).toBe(
      '2 * 3; AT&T (draft) ~ a_b_c 100% a] b'
    )
    expect(escapeMarkdown('Trojan.Linux.Mirai!gen #tag 😀')).toBe('Trojan.Linux.Mirai!gen #tag 😀')
    expect(escapeMarkdown('C:\\Users\\x')).toBe('C:\\Users\\x')
    // Emphasis, strikethrough, links and code are broken where they could form.
    expect(escapeMarkdown('**strong**')).toBe('&#42;&#42;strong&#42;&#42;')
    expect(escapeMarkdown('_em_')).toBe('&#95;em&#95;')
    expect(escapeMarkdown('~~s~~')).toBe('&#126;&#126;s&#126;&#126;')
    expect(escapeMarkdown('[a](b)')).toBe('&#91;a&#93;(b)')
    expect(escapeMarkdown('a `b`')).toBe('a &#96;b&#96;')
    expect(escapeMarkdown('&copy;')).toBe('&#38;copy;')
    // What could start a block is escaped at the start only.
    expect(escapeMarkdown('# x #1')).toBe('&#35; x &#35;&#8203;1')
    expect(escapeMarkdown('- a - b')).toBe('&#45; a - b')
    expect(escapeMarkdown('1. a 2. b')).toBe('1&#46; a 2. b')
    expect(escapeMarkdown('> a > b')).toBe('&#62; a > b')
  })

  it('breaks www. and e-mail autolinks', () => {
    expect(escapeMarkdown('www.evil.example')).toBe('www&#8203;.evil.example')
    expect(escapeMarkdown('a@evil.example')).toBe('a&#64;&#8203;evil.example')
    expect(escapeMarkdown('mailto:a@b.example')).not.toMatch(/@b/)
  })

  it('keeps ordinary paths and names readable', () => {
    const text =
      "/usr/lib/python3.11/site-packages/pkg-1.2.0/eicar.com (copy) Trojan.Linux.Mirai+x=1,y'"

    expect(escapeMarkdown(text)).toBe(text)
    expect(escapeMarkdown('病毒样本/файл')).toBe('病毒样本/файл')
  })

  it('shows control characters and line breaks as visible escapes', () => {
    expect(escapeMarkdown('a\nb')).toBe('a\\nb')
    expect(escapeMarkdown('a\rb')).toBe('a\\rb')
    expect(escapeMarkdown('a\u0000b')).toBe('a\\u0000b')
    expect(escapeMarkdown('a\u001bb')).toBe('a\\u001bb')
  })

  it('shows bidi overrides as visible escapes, so a path cannot display reversed', () => {
    const out = escapeMarkdown('/tmp/\u202egnp.exe')

    expect(out).toContain('\\u202e')
    // A character reference would render as the override itself.
    expect(out).not.toContain('&#8238;')
    expect(escapeMarkdown('a\u2066b\u200bc\ufeff')).toBe('a\\u2066b\\u200bc\\ufeff')
    expect(escapeMarkdown('a\u2028b\u2029c')).toBe('a\\u2028b\\u2029c')
  })

  it('breaks mentions, issue references and autolinks', () => {
    expect(escapeMarkdown('@octocat')).not.toContain('@octocat')
    expect(escapeMarkdown('@octocat')).toContain('octocat')
    expect(escapeMarkdown('#1')).not.toMatch(/#1/)
    expect(escapeMarkdown('https://evil.example')).toContain('evil.example')
    expect(escapeMarkdown('https://evil.example')).not.toContain('://')
  })

  it('cuts long text at the limit and marks the cut with …', () => {
    const out = escapeMarkdown('a'.repeat(5000))

    expect(out).toBe(`${'a'.repeat(300)}…`)
    expect(escapeMarkdown('b'.repeat(300))).toBe('b'.repeat(300))
    expect(escapeMarkdown('abcdef', 3)).toBe('abc…')
  })

  it('counts characters, not UTF-16 units, and never splits one', () => {
    const out = escapeMarkdown('😀'.repeat(400), 10)

    expect(out).toBe(`${'😀'.repeat(10)}…`)
  })

  it('never cuts an escape in half', () => {
    const out = escapeMarkdown('<'.repeat(5000))

    expect(out).toBe(`${'&#60;'.repeat(300)}…`)
  })

  it('returns an empty string for empty text', () => {
    expect(escapeMarkdown('')).toBe('')
  })
})

describe('escapeLogText', () => {
  it.each(HOSTILE.map((text) => [text]))(
    'keeps %j on one line and out of command syntax',
    (text) => {
      const out = escapeLogText(text)

      expect(out).not.toMatch(LINE_BREAKS)
      expect(out.trimStart().startsWith('::')).toBe(false)
      expect(out).not.toMatch(/^\s*::/)
      expect(out).not.toContain('##[')
    }
  )

  it('shows line breaks as \\n and \\r', () => {
    expect(escapeLogText('a\nb\r\nc')).toBe('a\\nb\\r\\nc')
    expect(escapeLogText('a\u2028b')).toBe('a\\u2028b')
  })

  it('keeps the text after an escaped line break on the same line', () => {
    const out = escapeLogText('x\n::set-output name=verdict::pass')

    expect(out).toBe('x\\n::set-output name=verdict::pass')
  })

  it.each([['::add-mask::secret'], ['   ::add-mask::secret'], ['\u00a0::add-mask::secret']])(
    'breaks the leading "::" of %j',
    (text) => {
      const out = escapeLogText(text)

      expect(out.trimStart().startsWith('::')).toBe(false)
      expect(out).toContain('add-mask')
    }
  )

  it('leaves a "::" that is not at the start alone', () => {
    expect(escapeLogText('std::vector::push_back')).toBe('std::vector::push_back')
  })

  it('breaks the legacy "##[" command prefix wherever it appears', () => {
    expect(escapeLogText('##[add-mask]secret')).toBe('##\\[add-mask]secret')
    expect(escapeLogText('a ##[set-output name=x;]y ##[debug]z')).not.toContain('##[')
    expect(escapeLogText('###[x]')).not.toContain('##[')
    expect(escapeLogText('## heading [1]')).toBe('## heading [1]')
  })

  it('leaves ordinary text unchanged', () => {
    const text = '/usr/lib/x86_64-linux-gnu/libevil.so.1 (Trojan.Linux.Agent) <md5 0123abcd>'

    expect(escapeLogText(text)).toBe(text)
  })

  it('handles very long text without adding line breaks', () => {
    const out = escapeLogText('\n'.repeat(5000))

    expect(out).toBe('\\n'.repeat(5000))
  })
})

describe('escapeMarkdown on plain text', () => {
  it('returns plain text exactly as the character-by-character escape would', () => {
    const alphabet = ['a', 'Z', 'é', '中', '7', ' ', '.', ',', '/', '=', ':', "'", '(', ')', '-']
    let seed = 7
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    let plain = 0
    for (let round = 0; round < 20_000; round++) {
      const length = 1 + random(24)
      const text = Array.from({ length }, () => alphabet[random(alphabet.length)]).join('')
      if (!isPlain(text)) continue
      plain += 1
      expect(escapeMarkdown(text)).toBe(escapeChars(Array.from(text)).join(''))
    }
    expect(plain).toBeGreaterThan(1_000)
    for (const text of [
      'http://x',
      'www.evil.example',
      '1. item',
      '- item',
      '#1',
      'a@b',
      'x_y_',
      '`x`'
    ])
      expect(isPlain(text)).toBe(false)
  })
})
