/**
 * The one check of printable ASCII without spaces (src/printable.ts) that
 * keys, tokens, audiences, ImageIDs, event IDs and references are held to.
 */
import { describe, expect, it } from '@jest/globals'
import { firstUnprintable, isPrintable, unprintableRuns } from '../src/printable.js'

describe('printable ASCII without spaces', () => {
  it('takes 0x21-0x7e, one or more and at most the length given', () => {
    expect(isPrintable('!~azAZ09')).toBe(true)
    expect(isPrintable('')).toBe(false)
    expect(isPrintable('a b')).toBe(false)
    expect(isPrintable('a\u007f')).toBe(false)
    expect(isPrintable('é')).toBe(false)
    expect(isPrintable('x'.repeat(256), 256)).toBe(true)
    expect(isPrintable('x'.repeat(257), 256)).toBe(false)
  })

  it('finds the first character that is not, by code point', () => {
    expect(firstUnprintable('abc')).toBeUndefined()
    expect(firstUnprintable('ab\tc d')).toBe('\t')
    expect(firstUnprintable('a😀')).toBe('😀')
  })

  it('splits text at every run of characters that are not', () => {
    expect('key\n\t value end'.split(unprintableRuns())).toEqual(['key', 'value', 'end'])
  })
})
