/**
 * The outputs, annotations and log lines (src/sinks/outputs.ts), rendered
 * from the verdict model with a recording runner.
 */
import { describe, expect, it } from '@jest/globals'
import {
  annotateFailures,
  annotateViolations,
  logFindings,
  setFailureOutputs,
  setOutputs
} from '../src/sinks/outputs.js'
import {
  eventsRead,
  fakeRunner,
  finding,
  gateResult,
  judged,
  policy,
  runtimeEvent,
  unreadImage
} from './helpers/builders.js'

const rules = policy({ critical: 0, high: 0 })

function stepResult() {
  return gateResult({
    images: [
      judged([finding(4, '/bin/evil', { virusName: 'Evil', md5: 'a'.repeat(32) })], {}, rules),
      unreadImage('sha256:gone')
    ],
    events: eventsRead(
      [
        runtimeEvent('evt-web', { PodName: 'web-1', ClusterName: 'prod' }),
        runtimeEvent('evt-bare', { ContainerName: '', PodName: '', ClusterID: 'cls-1' }),
        runtimeEvent('evt-done', { Status: 'DEAL_DEL' })
      ],
      rules,
      ['evt-gone']
    ),
    policy: rules
  })
}

describe('setOutputs', () => {
  it('sets the verdict, scan status and tally of the model, and nothing may overwrite them', () => {
    const runner = fakeRunner()
    setOutputs(stepResult(), runner)
    expect(runner.outputs).toEqual({
      verdict: 'fail',
      'scan-status': 'error',
      findings: '3',
      violations: '3',
      allowlisted: '0',
      counts: '{"critical":1,"high":2,"medium":0,"low":0,"unknown":0}'
    })
    setFailureOutputs(runner)
    expect(runner.outputs['scan-status']).toBe('error')
  })

  it('sets failure outputs for a run that judged nothing', () => {
    const runner = fakeRunner()
    setFailureOutputs(runner)
    expect(runner.outputs).toMatchObject({ verdict: 'fail', findings: '0', violations: '0' })
    expect(runner.outputs['scan-status']).toBeUndefined()
  })
})

describe('annotations', () => {
  it('annotates each violation in the policy order, naming the image, or the event and where it ran', () => {
    const runner = fakeRunner()
    annotateViolations(stepResult(), runner)
    expect(runner.lines).toEqual([
      `error: critical virus Evil in /bin/evil (md5 ${'a'.repeat(32)})`,
      expect.stringMatching(
        /^error: high virus \(unnamed\) in \/srv\/evt-bare \(cluster cls-1\) \(md5 e+vt-bare\), status DEAL_NONE$/
      ),
      expect.stringMatching(
        /^error: high virus \(unnamed\) in \/srv\/evt-web in container web \(pod web-1, cluster prod\) \(md5 e+vt-web\), status DEAL_NONE$/
      )
    ])
  })

  it('warns instead in report-only mode, and names what could not be judged', () => {
    const result = { ...stepResult(), enforce: false }
    const runner = fakeRunner()
    annotateFailures(result, runner)
    expect(runner.lines).toEqual([
      'warning: The TCSS virus scan of image sha256:gone ended with a scan error.',
      'warning: DescribeVirusDetail failed: ResourceNotFound (evt-gone)'
    ])
  })

  it('leaves a single image to the failure line', () => {
    const runner = fakeRunner()
    annotateFailures(gateResult({ images: [unreadImage('sha256:x')] }), runner)
    expect(runner.lines).toEqual([])
  })
})

describe('logFindings', () => {
  it('lists findings per image and every event with its state, between stop-commands markers', () => {
    const runner = fakeRunner()
    logFindings(stepResult(), 'tok', runner)
    expect(runner.lines).toEqual([
      'group: Findings in sha256:abc (1)',
      'info: ::stop-commands::tok',
      `info: [critical] VIOLATION: /bin/evil — Evil (md5 ${'a'.repeat(32)})`,
      'info: ::tok::',
      'endgroup',
      'group: Runtime trojan events (4)',
      'info: ::stop-commands::tok',
      expect.stringMatching(
        /^info: \[high\] evt-web open, VIOLATION \(status DEAL_NONE\): \/srv\/evt-web — \(unnamed\) .* in container web \(pod web-1, cluster prod\)$/
      ),
      expect.stringMatching(/^info: \[high\] evt-bare open, VIOLATION .* \(cluster cls-1\)$/),
      expect.stringMatching(/^info: \[high\] evt-done resolved \(status DEAL_DEL\)/),
      'info: evt-gone: could not be read — DescribeVirusDetail failed: ResourceNotFound (evt-gone)',
      'info: ::tok::',
      'endgroup'
    ])
  })
})
