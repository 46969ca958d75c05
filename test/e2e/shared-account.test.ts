/**
 * End-to-end: several gate processes at once against one account, i.e. one
 * emulator with one shared rate limit, each with the default max-rps. They
 * overrun the limit together; throttling must slow them down, never fail
 * them. Checks verdicts and finding counts, not timings.
 */
import { describe, expect, it } from '@jest/globals'
import type { Emulator } from '../emulator/emulator.mjs'
import { emulatorPerTest, failureLine, runGate } from '../helpers/gate.js'
import type { RunResult } from '../helpers/run-action.js'

const start = emulatorPerTest()

interface Job {
  image: string
  count: number
  /** Risk levels of the generated findings: [4] fails the default policy, [1, 2] passes it. */
  riskLevels: number[]
  verdict: 'pass' | 'fail'
}

function jobs(count: number, findings: number): Job[] {
  return Array.from({ length: count }, (_, i) => {
    const fails = i === 0
    return {
      image: `sha256:job${i}`,
      count: findings + i * 7,
      riskLevels: fails ? [4, 1] : [1, 2],
      verdict: fails ? 'fail' : 'pass'
    }
  })
}

async function gateAll(emulator: Emulator, all: Job[]): Promise<RunResult[]> {
  return Promise.all(
    all.map((job) =>
      runGate(emulator, {
        inputs: { 'image-id': job.image, 'report-file': 'report.json', 'wait-timeout': '120' },
        timeoutMs: 150_000
      })
    )
  )
}

function expectEveryVerdict(all: Job[], results: RunResult[]): void {
  results.forEach((result, i) => {
    const job = all[i]
    const reason = failureLine(result) ?? ''
    expect({
      image: job.image,
      verdict: result.outputs.verdict,
      findings: result.outputs.findings
    }).toEqual({ image: job.image, verdict: job.verdict, findings: String(job.count) })
    expect(result.exitCode).toBe(job.verdict === 'pass' ? 0 : 1)
    if (job.verdict === 'fail') expect(reason).toMatch(/critical/)
    expect(reason).not.toMatch(/RequestLimitExceeded|retry budget|still failing/)
    expect(result.report?.findings).toHaveLength(job.count)
  })
}

function scenario(
  all: Job[]
): Record<string, { generate: { count: number; riskLevels: number[] } }> {
  return Object.fromEntries(
    all.map((job) => [job.image, { generate: { count: job.count, riskLevels: job.riskLevels } }])
  )
}

describe('several jobs sharing one account', () => {
  it('all finish with their own verdicts when the shared limit is overrun; throttling is said once and counted', async () => {
    const all = jobs(4, 2000)
    const emulator = await start({ latencyMs: 50, rateLimit: 20, images: scenario(all) })
    const results = await gateAll(emulator, all)
    expectEveryVerdict(all, results)

    const throttled = emulator.requests.filter((r) => r.outcome === 'RequestLimitExceeded').length
    expect(throttled).toBeGreaterThan(0)
    // Each process counted its own requests and throttles, and they add up to what the server saw.
    const reported = results.map(
      (r) => r.report as unknown as { requests: number; throttled: number }
    )
    expect(reported.reduce((sum, r) => sum + r.requests, 0)).toBe(emulator.requests.length)
    expect(reported.reduce((sum, r) => sum + r.throttled, 0)).toBe(throttled)
    for (const [i, result] of results.entries()) {
      const lines = result.stdout
        .split('\n')
        .filter((line) => line.includes('throttled') && !line.startsWith('::debug::'))
      if (reported[i].throttled === 0) continue
      // One line for the run, with the rate it settled at; never one per retry.
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(/^TCSS throttled this account; reading at \d+\.\d req\/s/)
      expect(result.summary).toContain(`(${reported[i].throttled} throttled)`)
    }
  }, 180_000)

  it('all finish when the service counts refused requests against the limit too', async () => {
    const all = jobs(3, 1500)
    const emulator = await start({
      latencyMs: 50,
      rateLimit: 20,
      rateLimitCountsRefused: true,
      images: scenario(all)
    })
    expectEveryVerdict(all, await gateAll(emulator, all))
  }, 180_000)
})
