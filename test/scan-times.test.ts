/**
 * The service's time strings (see also test/sources.test.ts): the two shapes
 * TCSS writes are read to the millisecond, and nothing else, not even what
 * JavaScript's Date.parse would read, is taken for a time.
 */
import { describe, expect, it } from '@jest/globals'
import { parseServiceTime } from '../src/sources/tcss/scan-times.js'

const TEN_UTC = Date.UTC(2026, 10, 20, 10, 0, 0)

describe('parseServiceTime: the shapes it reads', () => {
  it('ignores white space around a time', () => {
    expect(parseServiceTime(' 2026-11-20 18:00:00\n')).toBe(TEN_UTC)
    expect(parseServiceTime('\t2026-11-20T10:00:00Z ')).toBe(TEN_UTC)
  })

  it('keeps the fraction of a second, in both shapes', () => {
    expect(parseServiceTime('2026-11-20 18:00:00.25')).toBe(TEN_UTC + 250)
    expect(parseServiceTime('2026-11-20T10:00:00.125Z')).toBe(TEN_UTC + 125)
    expect(parseServiceTime('2026-11-20T19:30:00.5+09:30')).toBe(TEN_UTC + 500)
    expect(parseServiceTime('2026-11-20T04:30:00.5-0530')).toBe(TEN_UTC + 500)
  })

  it('reads the last day of each month, and 29 February of a leap year, in both shapes', () => {
    expect(parseServiceTime('2028-02-29 18:00:00')).toBe(Date.UTC(2028, 1, 29, 10))
    expect(parseServiceTime('2028-02-29T10:00:00Z')).toBe(Date.UTC(2028, 1, 29, 10))
    expect(parseServiceTime('2026-02-28 18:00:00')).toBe(Date.UTC(2026, 1, 28, 10))
    expect(parseServiceTime('2026-04-30T10:00:00+00:00')).toBe(Date.UTC(2026, 3, 30, 10))
    expect(parseServiceTime('2026-12-31T23:59:59Z')).toBe(Date.UTC(2026, 11, 31, 23, 59, 59))
  })
})

describe('parseServiceTime: what is no time at all', () => {
  it.each([
    // Either shape, with a date or a time that does not exist.
    ['2026-11-20 10:60:00'],
    ['2026-11-20 24:30:00'],
    ['2026-13-01T10:00:00Z'],
    ['2026-11-20T25:00:00+08:00'],
    // A day the month does not have, which Date.parse would carry into the next month.
    ['2026-02-30 10:00:00'],
    ['2026-02-29 10:00:00'],
    ['2026-04-31T10:00:00'],
    ['2026-02-30T10:00:00Z'],
    ['2026-02-29T10:00:00+08:00'],
    ['2026-06-31T10:00:00-0500'],
    ['2026-11-00 10:00:00'],
    // Either shape, with something before or after it.
    ['on 2026-11-20 18:00:00'],
    ['2026-11-20 18:00:00 CST'],
    ['x2026-11-20T10:00:00Z'],
    ['2026-11-20T10:00:00Z!'],
    ['2026-11-20T10:00:00+08:00:00'],
    // Shapes Date.parse reads but TCSS does not write.
    ['2026-11-20T10:00Z'],
    ['2026-11-20T10:00:00.Z'],
    ['2026-11-20T18:00:00+8:00'],
    ['2026-11-20 18:00'],
    ['2026-11-20 18:00:00.'],
    ['2026/11/20 18:00:00'],
    ['Fri, 20 Nov 2026 10:00:00 GMT'],
    ['20 Nov 2026 10:00:00 +0800'],
    ['1795168800000']
  ])('reads %p as no time at all', (value) => {
    expect(parseServiceTime(value)).toBeUndefined()
  })
})
