/**
 * A finding whose RiskLevel is missing or unknown is judged as critical, and
 * every report says so in the same words: the reason, the job summary, the
 * annotations, SARIF and JUnit.
 */
import { describe, expect, it } from '@jest/globals'
import { annotateViolations } from '../src/sinks/outputs.js'
import { junitXmlText } from '../src/sinks/junit.js'
import { sarifLogText } from '../src/sinks/sarif.js'
import { renderSummary } from '../src/sinks/summary.js'
import { fakeRunner, finding, gateResult, judged, policy } from './helpers/builders.js'

function unknownLevelResult() {
  const rules = policy({ critical: 0 })
  return gateResult({
    images: [judged([finding(null, '/bin/odd', { virusName: 'Odd' })], {}, rules)],
    policy: rules
  })
}

describe('a missing or unknown RiskLevel', () => {
  it('is counted in the same words by the reason and the job summary', () => {
    const result = unknownLevelResult()
    expect(result.reason).toBe(
      'Policy violated: 1 critical (allowed 0); 1 with an unknown RiskLevel judged as critical.'
    )
    expect(renderSummary(result)).toContain(
      '\n1 finding(s) with an unknown RiskLevel judged as critical.\n'
    )
  })

  it('is named in the same words by the annotations, SARIF and JUnit', () => {
    const result = unknownLevelResult()
    const runner = fakeRunner()
    annotateViolations(result, runner)
    expect(runner.lines).toEqual([
      expect.stringMatching(/^error: unknown \(judged as critical\) virus Odd in \/bin\/odd /)
    ])
    expect(sarifLogText(result)).toContain(
      'Virus Odd with an unknown RiskLevel judged as critical in /bin/odd'
    )
    expect(sarifLogText(result)).toContain('unknown (judged as critical)')
    expect(junitXmlText(result)).toContain('unknown (judged as critical) Odd in /bin/odd')
  })
})
