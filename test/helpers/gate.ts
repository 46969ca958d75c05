/** Shared pieces of the end-to-end tests: an emulator per test and a finding factory. */
import { afterEach, expect } from '@jest/globals'
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/emulator.mjs'
import { runAction, type RunOptions, type RunResult } from './run-action.js'

export const SECRET_ID = 'AKIDE2E000000000000000000000000000'
export const SECRET_KEY = 'e2e-secret-key-must-never-be-printed-7f3a'

export interface Finding {
  Md5: string
  Path: string
  RiskLevel: unknown
  VirusName?: string
  FileName?: string
}

let counter = 0
/** A finding as the API returns it; distinct md5 and path unless given. */
export function finding(
  riskLevel: unknown,
  overrides: Partial<Finding> = {}
): Record<string, unknown> {
  counter += 1
  const id = String(counter).padStart(4, '0')
  return {
    CheckPlatform: ['Linux'],
    Desc: 'Malicious file found in the image.',
    FileName: `file-${id}.bin`,
    FirstScanTime: '2026-11-01 10:00:00',
    LatestScanTime: '2026-11-20 10:00:00',
    Md5: `${'0'.repeat(28)}${id}`,
    Path: `/opt/app/file-${id}.bin`,
    RiskLevel: riskLevel,
    Size: 1024,
    Solution: 'Delete the file and rebuild the image.',
    Tags: [],
    VirusName: `Linux.Trojan.Test${id}`,
    ...overrides
  }
}

/** Starts an emulator with the e2e credentials; always close it (see withGate). */
export function startGateEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({
    credentials: [{ secretId: SECRET_ID, secretKey: SECRET_KEY }],
    rateLimit: 20,
    ...options
  })
}

/**
 * Runs the bundled action against the emulator with fast polling, and checks
 * that the secret key appears nowhere in what it wrote.
 */
export async function runGate(emulator: Emulator, options: RunOptions = {}): Promise<RunResult> {
  const result = await runAction({
    ...options,
    inputs: {
      'secret-id': SECRET_ID,
      'secret-key': SECRET_KEY,
      endpoint: emulator.url,
      'poll-interval': '0.1',
      'wait-timeout': '20',
      ...options.inputs
    },
    secrets: [SECRET_KEY, ...(options.secrets ?? [])]
  })
  if (result.leaks.length > 0)
    throw new Error(`secret leaked into: ${result.leaks.join(', ')}\n${result.stdout}`)
  return result
}

/** The `::error::` line that core.setFailed prints, i.e. the one-line reason. */
export function failureLine(result: RunResult): string | undefined {
  return result.commands
    .filter((command) => command.command === 'error' && command.properties === '')
    .at(-1)?.message
}

export function listRequests(emulator: Emulator): number {
  return emulator.requests.filter((request) => request.action === 'DescribeAssetImageVirusList')
    .length
}

/**
 * Gives each test of the calling file its own emulator: the returned function
 * starts one, and it is closed after the test, also when the test fails.
 */
export function emulatorPerTest(): (options?: EmulatorOptions) => Promise<Emulator> {
  let current: Emulator | undefined
  afterEach(async () => {
    await current?.close()
    current = undefined
  })
  return async (options = {}) => {
    await current?.close()
    current = await startGateEmulator(options)
    return current
  }
}

/**
 * The server never saw more than `maxRps` requests a second. The gate spaces
 * its starts at least 1/maxRps s apart, but the server sees arrivals, and a
 * busy machine can delay one past a window's edge: the 1 s window allows one
 * request of such jitter, and the mean rate over the run, less one request
 * of such jitter, is held to maxRps.
 */
export function expectRateAtMost(emulator: Emulator, maxRps: number): void {
  expect(emulator.maxRequestsInWindow(1000)).toBeLessThanOrEqual(Math.floor(maxRps) + 1)
  const arrivals = emulator.requests.map((request) => request.at)
  if (arrivals.length < 2) return
  const spanS = (Math.max(...arrivals) - Math.min(...arrivals)) / 1000
  // One request of jitter here too: a first arrival held up by a busy machine shortens the span.
  expect((arrivals.length - 2) / spanS).toBeLessThanOrEqual(maxRps)
}
