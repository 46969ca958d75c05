/**
 * Times the pure core on a large result: evaluating N findings against a
 * policy and rendering the job summary. Run by bench/run.mjs in a fresh
 * process (bundled by ncc) so that its peak memory is its own.
 */
import type { Finding } from '../src/core/evaluate.js'
import { evaluatePolicy } from '../src/core/evaluate.js'
import { levelOfRisk } from '../src/core/levels.js'
import type { Policy } from '../src/core/policy.js'
import { renderSummary } from '../src/sinks/summary.js'
import { assembleResult } from '../src/core/assemble.js'
import type { GateResult } from '../src/core/result.js'

const count = Number(process.argv[2] ?? 100_000)
/** 'time': several rounds, median; 'memory': one round, for its peak memory alone. */
const mode = process.argv[3] ?? 'time'
const findings: Finding[] = Array.from({ length: count }, (_, i) => {
  const riskLevel = (i % 4) + 1
  return {
    md5: i.toString(16).padStart(32, '0'),
    path: `/layer/${i % 97}/usr/lib/some/directory/file-${i}.so`,
    fileName: `file-${i}.so`,
    virusName: `Linux.Trojan.Family${i % 13}`,
    riskLevel,
    level: levelOfRisk(riskLevel),
    size: 4096,
    description: 'Malicious file found in the image.',
    solution: 'Delete the file and rebuild the image.',
    tags: [],
    firstScanTime: '2026-11-01 10:00:00',
    latestScanTime: '2026-11-20 10:00:00'
  }
})
const policy: Policy = {
  source: '.github/tcss-virus-policy.yml',
  thresholds: { critical: 0, high: 0, medium: 100 },
  allowlist: Array.from({ length: 50 }, (_, i) => ({
    md5: (i * 4).toString(16).padStart(32, '0'),
    reason: 'bench',
    line: i + 5
  })),
  warnings: []
}

global.gc?.()
const heapBefore = process.memoryUsage().heapUsed
const rssBefore = process.memoryUsage().rss
const rounds = mode === 'time' ? 7 : 1
const evaluateTimes: number[] = []
const renderTimes: number[] = []
let bytes = 0
for (let round = 0; round < rounds; round++) {
  const t0 = performance.now()
  const evaluation = evaluatePolicy(findings, policy, '2026-11-23')
  const t1 = performance.now()
  const result: GateResult = assembleResult(
    {
      images: [
        {
          imageId: 'sha256:bench',
          scanStatus: 'scanned',
          verdict: evaluation.verdict,
          reason: evaluation.reason,
          evaluation
        }
      ]
    },
    {
      enforce: true,
      policy,
      warnings: evaluation.warnings,
      requests: Math.ceil(count / 100),
      durationMs: 0
    }
  )
  const markdown = renderSummary(result)
  const t2 = performance.now()
  evaluateTimes.push(t1 - t0)
  renderTimes.push(t2 - t1)
  bytes = Buffer.byteLength(markdown)
}
const heapAfter = process.memoryUsage().heapUsed
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
process.stdout.write(
  `${JSON.stringify({
    count,
    rounds,
    evaluateMs: median(evaluateTimes),
    renderMs: median(renderTimes),
    totalMs: median(evaluateTimes.map((t, i) => t + renderTimes[i])),
    firstRoundMs: evaluateTimes[0] + renderTimes[0],
    summaryBytes: bytes,
    heapGrowthMiB: (heapAfter - heapBefore) / 1048576,
    rssBeforeMiB: rssBefore / 1048576,
    maxRssMiB: process.resourceUsage().maxRSS / 1024
  })}\n`
)
