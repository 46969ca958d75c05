/** Markdown under a byte budget (src/sinks/budgeted-text.ts). */
import { describe, expect, it } from '@jest/globals'
import { BudgetedText } from '../src/sinks/budgeted-text.js'

const NOTES = { subject: 'the text', limit: 'the test limit', elsewhere: 'the report has all' }

describe('BudgetedText', () => {
  it('cuts a table to its share of what is free and says how many rows were left out', () => {
    const out = new BudgetedText(16 * 1024 + 1000, NOTES)
    out.table(
      '### T\n\n',
      '| a |\n',
      Array.from({ length: 100 }, (_, i) => i),
      (i) => `| ${i} |\n`,
      0.5
    )
    const text = out.text()
    expect(text).toContain('| 0 |\n')
    expect(text).toMatch(
      /\*\d+ more row\(s\) not shown to keep the text under the test limit; the report has all\.\*/
    )
    expect(Buffer.byteLength(text)).toBeLessThan(16 * 1024 + 1000)
  })

  it('adds text only when it fits, within the scope being rendered', () => {
    const out = new BudgetedText(16 * 1024 + 100, NOTES)
    let fitted = true
    out.scope(0.5, () => {
      fitted = out.addIfFits('x'.repeat(80))
    })
    expect(fitted).toBe(false)
    expect(out.addIfFits('x'.repeat(80))).toBe(true)
    expect(out.omittedNote('the details of 2 image(s)')).toBe(
      '*The details of 2 image(s) not shown to keep the text under the test limit; the report has all.*\n\n'
    )
  })

  it('never returns more than its budget, cutting the fixed parts last', () => {
    const out = new BudgetedText(200, NOTES)
    out.add('é'.repeat(500))
    const text = out.text()
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(200)
    expect(text).toContain('The text was cut here to stay under the test limit')
    expect(text).not.toContain('\uFFFD')
  })
})
