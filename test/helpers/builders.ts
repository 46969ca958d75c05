/**
 * Test builders, written once: a finding, a policy, a judged image, a gate
 * result, a fake clock, a fake runner and a fake TCSS API. Each takes
 * overrides for what a test cares about.
 */
import type { Clock } from '../../src/cloud/clock.js'
import { evaluatePolicy, type Finding } from '../../src/core/evaluate.js'
import { levelOfRisk, type Level } from '../../src/core/levels.js'
import type { AllowlistEntry, Policy } from '../../src/core/policy.js'
import type { GateResult, ImageResult } from '../../src/core/result.js'
import type { Runner } from '../../src/runner.js'
import type { TcssApi } from '../../src/sources/tcss/client.js'

let serial = 0

/** A finding with a fresh md5 and path; `riskLevel` as the API gives it (1-4, or anything). */
export function finding(riskLevel: unknown = 4, fields: Partial<Finding> = {}): Finding {
  serial += 1
  return {
    md5: serial.toString(16).padStart(32, '0'),
    path: `/srv/app/file-${String(serial).padStart(5, '0')}`,
    fileName: `file-${serial}`,
    virusName: `Test.Virus.${serial}`,
    riskLevel: typeof riskLevel === 'number' ? riskLevel : null,
    level: levelOfRisk(riskLevel),
    size: 1024,
    description: '',
    solution: '',
    tags: [],
    firstScanTime: '2026-03-01 00:00:00',
    latestScanTime: '2026-03-14 00:00:00',
    ...fields
  }
}

export function policy(
  thresholds: Partial<Record<Level, number>> = { critical: 0 },
  allowlist: Omit<AllowlistEntry, 'line'>[] = [],
  warnings: string[] = []
): Policy {
  return {
    source: 'test policy',
    thresholds,
    allowlist: allowlist.map((entry, index) => ({ ...entry, line: 10 + index })),
    warnings
  }
}

/** An image read and judged with `policyUsed` (today: 2026-03-15). */
export function judged(
  findings: Finding[] = [],
  overrides: Partial<ImageResult> = {},
  policyUsed: Policy = policy()
): ImageResult {
  const evaluation = evaluatePolicy(findings, policyUsed, '2026-03-15')
  return {
    imageId: 'sha256:abc',
    scanStatus: 'scanned',
    verdict: evaluation.verdict,
    reason: evaluation.reason,
    evaluation,
    ...overrides
  }
}

/** A gate result of one judged image unless told otherwise. */
export function gateResult(overrides: Partial<GateResult> = {}): GateResult {
  const images = overrides.images ?? [judged()]
  return {
    images,
    verdict: images.every((image) => image.verdict === 'pass') ? 'pass' : 'fail',
    reason: images[0]?.reason ?? '',
    enforce: true,
    policy: policy(),
    warnings: [],
    requests: 1,
    durationMs: 10,
    ...overrides
  }
}

/** A clock whose sleep moves time on at once. */
export function fakeClock(start = 0): Clock & { slept: number[] } {
  let now = start
  const slept: number[] = []
  return {
    slept,
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms)
      now += ms
    }
  }
}

/** A runner that records every call as one line: "info: …", "output verdict=pass", "failed: …". */
export function fakeRunner(): Runner & { lines: string[]; outputs: Record<string, string> } {
  const lines: string[] = []
  const outputs: Record<string, string> = {}
  const text = (message: string | Error): string =>
    typeof message === 'string' ? message : message.message
  return {
    lines,
    outputs,
    setOutput: (name: string, value: unknown) => {
      outputs[name] = String(value)
      lines.push(`output ${name}=${String(value)}`)
    },
    setFailed: (message: string | Error) => lines.push(`failed: ${text(message)}`),
    info: (message: string) => lines.push(`info: ${message}`),
    debug: (message: string) => lines.push(`debug: ${message}`),
    notice: (message: string | Error) => lines.push(`notice: ${text(message)}`),
    warning: (message: string | Error) => lines.push(`warning: ${text(message)}`),
    error: (message: string | Error) => lines.push(`error: ${text(message)}`),
    startGroup: (name: string) => lines.push(`group: ${name}`),
    endGroup: () => lines.push('endgroup')
  }
}

/** One row of DescribeAssetImageVirusList, as the API sends it. */
export function virusRow(
  md5: string,
  path: string,
  riskLevel: unknown = 4
): Record<string, unknown> {
  return { Md5: md5, Path: path, RiskLevel: riskLevel, VirusName: `v-${String(riskLevel)}` }
}

/** A TCSS API that serves one finished scan of `rows` (one page) for any image, and nothing else. */
export function fakeTcssApi(
  rows: Record<string, unknown>[],
  status = 2
): TcssApi & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    describeAssetImageVirusList: async (request) => {
      calls.push(`DescribeAssetImageVirusList ${String(request.ImageID)} ${String(request.Offset)}`)
      return { VirusScanStatus: status, TotalCount: rows.length, List: rows, RequestId: 'req-1' }
    },
    describeAssetImageList: async () => {
      calls.push('DescribeAssetImageList')
      return { TotalCount: 0, List: [], RequestId: 'req-2' }
    },
    describeVirusDetail: async () => {
      calls.push('DescribeVirusDetail')
      throw new Error('not served')
    }
  }
}
