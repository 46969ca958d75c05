/**
 * Test builders, written once: a finding, a policy, a judged image, a gate
 * result, a fake clock, a fake runner and a fake TCSS API. Each takes
 * overrides for what a test cares about.
 */
import type { Clock, Logger } from '../../src/clock.js'
import { RateLimiter } from '../../src/cloud/rate-limiter.js'
import { ApiRequester } from '../../src/cloud/requester.js'
import { RetryBudget } from '../../src/cloud/retry.js'
import { evaluatePolicy, type Finding, type Verdict } from '../../src/core/evaluate.js'
import { levelOfRisk, type Level } from '../../src/core/levels.js'
import type { AllowlistEntry, Policy } from '../../src/core/policy.js'
import { assembleResult } from '../../src/core/assemble.js'
import {
  type EventsResult,
  type GateFailure,
  type GateResult,
  type ImageResult,
  type RunFacts
} from '../../src/core/result.js'
import type { Runner } from '../../src/runner.js'
import type { TcssApi } from '../../src/sources/tcss/client.js'
import type { RegistryReader } from '../../src/sources/registry-manifest.js'
import { fakeTcss } from './fake-tcss.js'
import type { FoundImage } from '../../src/sources/image-source.js'
import type { Authorization, ScanState, ScanTask, TaskState } from '../../src/sources/scan-state.js'
import type { ScanStatusName } from '../../src/errors.js'
import type { RuntimeEvent } from '../../src/core/runtime-event.js'
import { eventFinding, parseVirusDetailResponse } from '../../src/sources/tcss/virus-detail.js'

/** The day the builders judge on. */
export const TODAY = '2026-03-15'

let serial = 0

/**
 * A finding with a fresh md5 and path; `riskLevel` as the API gives it (1-4,
 * or anything). The path may come second, the other fields after it; a path
 * given without a `fileName` gives its last part.
 */
export function finding(
  riskLevel: unknown,
  pathOrFields: string | Partial<Finding> = {},
  more: Partial<Finding> = {}
): Finding {
  serial += 1
  const fields = typeof pathOrFields === 'string' ? { ...more, path: pathOrFields } : pathOrFields
  const path = fields.path ?? `/srv/app/file-${String(serial).padStart(5, '0')}`
  return {
    md5: serial.toString(16).padStart(32, '0'),
    path,
    fileName: path.split('/').pop() ?? '',
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

/** `finding` with other defaults, for a test file whose findings share a virus name, an md5 or a size. */
export function findingWith(defaults: Partial<Finding>): typeof finding {
  return (riskLevel, pathOrFields = {}, more = {}) => {
    const fields = typeof pathOrFields === 'string' ? { ...more, path: pathOrFields } : pathOrFields
    return finding(riskLevel, { ...defaults, ...fields })
  }
}

export function policy(
  thresholds: Partial<Record<Level, number>> = { critical: 0 },
  allowlist: Omit<AllowlistEntry, 'line'>[] = [],
  warnings: string[] = [],
  source = '.github/tcss-virus-policy.yml'
): Policy {
  return {
    source,
    thresholds,
    allowlist: allowlist.map((entry, index) => ({ ...entry, line: 10 + index })),
    warnings
  }
}

/** An image read and judged with `policyUsed` (today: TODAY). */
export function judged(
  findings: Finding[] = [],
  overrides: Partial<ImageResult> = {},
  policyUsed: Policy = policy()
): ImageResult {
  const evaluation = evaluatePolicy(findings, policyUsed, TODAY)
  return {
    imageId: 'sha256:abc',
    scanStatus: 'scanned',
    verdict: evaluation.verdict,
    reason: evaluation.reason,
    evaluation,
    ...overrides
  }
}

/** An image that could not be judged: a scan error unless told otherwise. */
export function unreadImage(
  imageId: string,
  scanStatus: ImageResult['scanStatus'] = 'error',
  failure: GateFailure = {
    kind: 'scan',
    message: `The TCSS virus scan of image ${imageId} ended with a scan error.`
  }
): ImageResult {
  return { imageId, scanStatus, verdict: 'fail', reason: failure.message, failure }
}

/** A runtime event as DescribeVirusDetail would describe it: open, high, in container web. */
export function runtimeEvent(id: string, fields: Record<string, unknown> = {}): RuntimeEvent {
  return parseVirusDetailResponse(id, {
    RiskLevel: 'RISK_HIGH',
    Status: 'DEAL_NONE',
    FileMd5: id.padStart(32, 'e').slice(-32),
    FilePath: `/srv/${id}`,
    ContainerName: 'web',
    RequestId: `req-${id}`,
    ...fields
  })
}

/** Runtime events as judge() reads them: the open ones judged by `policyUsed`; `unread` IDs not found. */
export function eventsRead(
  events: RuntimeEvent[],
  policyUsed: Policy = policy(),
  unread: string[] = []
): EventsResult {
  const evaluation = evaluatePolicy(
    events.filter((event) => event.open).map(eventFinding),
    policyUsed,
    TODAY
  )
  const items = [
    ...events.map((event) => ({ id: event.id, event })),
    ...unread.map((id) => ({
      id,
      failure: {
        kind: 'api' as const,
        message: `DescribeVirusDetail failed: ResourceNotFound (${id})`
      }
    }))
  ]
  return { items, evaluation }
}

/**
 * A gate result, assembled as judge() assembles it: one judged image unless
 * told otherwise. `verdict` and `reason` override what the model decides.
 */
export function gateResult(
  overrides: Partial<RunFacts> & {
    images?: ImageResult[]
    events?: EventsResult
    verdict?: Verdict
    reason?: string
  } = {}
): GateResult {
  const { images = [judged()], events, verdict, reason, ...facts } = overrides
  const result = assembleResult(
    { images, events },
    { enforce: true, policy: policy(), warnings: [], requests: 1, durationMs: 10, ...facts }
  )
  return {
    ...result,
    ...(verdict !== undefined ? { verdict } : {}),
    ...(reason !== undefined ? { reason } : {})
  }
}

/**
 * The gate result of one image with these findings, judged by `policyUsed`
 * as the gate would: the policy's warnings are the run's.
 */
export function imageResult(
  findings: Finding[],
  policyUsed: Policy = policy(),
  overrides: Partial<RunFacts> & { imageId?: string } = {}
): GateResult {
  const { imageId = 'sha256:abc', ...facts } = overrides
  return gateResult({
    images: [judged(findings, { imageId }, policyUsed)],
    policy: policyUsed,
    warnings: [...policyUsed.warnings],
    ...facts
  })
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
  return fakeTcss({
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
  })
}

/** A logger that keeps every line: "info: …", "debug: …". */
export function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: (message: string) => lines.push(`info: ${message}`),
    debug: (message: string) => lines.push(`debug: ${message}`)
  }
}

/**
 * A requester on `clock` with a deadline `deadlineMs` from now, a fast rate
 * and a single attempt per request (a transient failure fails the test).
 */
export function fakeRequester(
  clock: Clock,
  options: { deadlineMs?: number; maxRps?: number; log?: Logger } = {}
): ApiRequester {
  const { deadlineMs = 600_000, maxRps = 1000, log = recordingLog() } = options
  return new ApiRequester({
    limiter: new RateLimiter(maxRps, clock),
    maxRps,
    clock,
    deadline: clock.now() + deadlineMs,
    requestTimeoutMs: 2000,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, budget: new RetryBudget(0) },
    random: () => 0.5,
    log
  })
}

/**
 * A FoundImage whose answers are scripted: `statuses` for successive
 * readStatus calls (the last repeats), `tasks` for successive polls of the
 * one task it starts (the last repeats). `start` decides what startScan does
 * (a task by default); `authorization` what readAuthorization answers.
 * Every call is recorded in `calls`.
 */
export function scriptedImage(
  script: {
    statuses?: ScanState[]
    tasks?: TaskState[]
    authorization?: Authorization
    start?: () => Promise<ScanTask> | ScanTask
    findings?: Finding[]
  } = {}
): FoundImage & { calls: string[]; tasksStarted: number } {
  const statuses = script.statuses ?? [{ status: 'scanned' }]
  const tasks = script.tasks ?? [{ state: 'progress', detail: 'task status "END"' }]
  const calls: string[] = []
  let statusRead = 0
  let taskPoll = 0
  let last: ScanStatusName | undefined
  const image = {
    calls,
    tasksStarted: 0,
    identity: { kind: 'local' as const, label: 'fake-image', id: '1' },
    key: 'fake:1',
    imageId: 'sha256:fake',
    label: 'fake-image',
    scanHint: () => 'start a scan by hand.',
    get lastStatus() {
      return last
    },
    readStatus: async (withScanTime: boolean): Promise<ScanState> => {
      const state = statuses[Math.min(statusRead++, statuses.length - 1)]
      calls.push(`status${withScanTime ? '+time' : ''} ${state.status}`)
      last = state.status
      return withScanTime ? state : { status: state.status }
    },
    readScanTime: async (): Promise<number | undefined> => {
      const state = statuses[Math.min(Math.max(statusRead - 1, 0), statuses.length - 1)]
      calls.push('scan time')
      return state.scanTime
    },
    readAuthorization: async (): Promise<Authorization> => {
      calls.push('authorization')
      return script.authorization ?? { authorized: true, scanVirusError: '' }
    },
    startScan: async (): Promise<ScanTask> => {
      calls.push('startScan')
      if (script.start) return script.start()
      image.tasksStarted += 1
      return {
        id: `task-${image.tasksStarted}`,
        poll: async () => {
          const state = tasks[Math.min(taskPoll++, tasks.length - 1)]
          calls.push(`task ${state.state}`)
          return state
        }
      }
    },
    readFindings: async (): Promise<Finding[]> => {
      calls.push('findings')
      return script.findings ?? []
    }
  }
  return image
}

/** One row of DescribeAssetImageRegistryList (ImageRepoInfo), as the API sends it. */
export function registryRow(
  id: number,
  repository: string,
  tag: string,
  fields: Record<string, unknown> = {}
): Record<string, unknown> {
  return {
    Id: id,
    ImageRepoAddress: repository,
    ImageTag: tag,
    ImageDigest: `sha256:${String(id).padStart(64, '0')}`,
    ImageId: `sha256:${String(id).padStart(64, 'f')}`,
    IsAuthorized: 1,
    ...fields
  }
}

/**
 * A TCSS API serving the registry family: `rows` as the registry list (one
 * page, or `listPage` for each call), `detail(id, call)` for
 * DescribeAssetImageRegistryDetail, `virusRows` for every image's findings,
 * and scan tasks whose status comes from `taskStatus(call)`. Every call is
 * recorded in `calls` ("CreateAssetImageRegistryScanTask 7", …).
 */
export function fakeRegistryApi(
  options: {
    rows?: Record<string, unknown>[]
    listPage?: (call: number, offset: number, limit: number) => Record<string, unknown>
    detail?: (id: number, call: number) => Record<string, unknown>
    virusRows?: Record<string, unknown>[]
    /** The findings page for (Offset, Limit), in place of `virusRows` served whole. */
    virusPage?: (offset: number, limit: number) => Record<string, unknown>
    createTask?: (id: number) => Record<string, unknown>
    taskStatus?: (call: number) => string
  } = {}
): TcssApi & { calls: string[] } {
  const api = fakeTcssApi([])
  const calls = api.calls
  let listCalls = 0
  let detailCalls = 0
  let taskCalls = 0
  const rows = options.rows ?? []
  return {
    ...api,
    calls,
    describeAssetImageRegistryList: async (request) => {
      const offset = Number(request.Offset)
      calls.push(`DescribeAssetImageRegistryList ${offset}`)
      if (options.listPage) return options.listPage(listCalls++, offset, Number(request.Limit))
      return {
        TotalCount: rows.length,
        List: rows.slice(offset, offset + Number(request.Limit)),
        RequestId: 'req-list'
      }
    },
    describeAssetImageRegistryDetail: async (request) => {
      const id = Number(request.Id)
      calls.push(`DescribeAssetImageRegistryDetail ${id}`)
      return {
        VirusStatus: 'SCANNED',
        ScanTime: '2026-11-20 18:00:00',
        IsAuthorized: 1,
        RequestId: 'req-detail',
        ...options.detail?.(id, detailCalls++)
      }
    },
    describeAssetImageRegistryVirusList: async (request) => {
      calls.push(`DescribeAssetImageRegistryVirusList ${String(request.Id)}`)
      if (options.virusPage) return options.virusPage(Number(request.Offset), Number(request.Limit))
      const list = options.virusRows ?? []
      return { TotalCount: list.length, List: list, RequestId: 'req-virus' }
    },
    createAssetImageRegistryScanTask: async (request) => {
      const [id] = request.Id as number[]
      calls.push(`CreateAssetImageRegistryScanTask ${id}`)
      return { TaskID: 900 + id, RequestId: 'req-task', ...options.createTask?.(id) }
    },
    describeAssetImageRegistryScanStatusOneKey: async () => {
      calls.push('DescribeAssetImageRegistryScanStatusOneKey')
      return { Status: options.taskStatus?.(taskCalls++) ?? 'SCANNED', RequestId: 'req-status' }
    },
    syncAssetImageRegistryAsset: async () => {
      calls.push('SyncAssetImageRegistryAsset')
      return { RequestId: 'req-sync' }
    },
    describeAssetImageRegistryAssetStatus: async () => {
      calls.push('DescribeAssetImageRegistryAssetStatus')
      return { Status: 'success', RequestId: 'req-sync-status' }
    }
  }
}

/**
 * A TCSS API for local images with scans on demand: VirusScanStatus from
 * `statuses` for successive status reads (the last repeats) with `rows` as
 * the findings once scanned, `detail` for DescribeAssetImageDetail,
 * `createTask` for CreateAssetImageScanTask (a TaskID by default; may
 * throw), `taskStatus(call)` for DescribeAssetImageScanStatus.
 */
export function fakeLocalApi(
  options: {
    statuses?: number[]
    rows?: Record<string, unknown>[]
    /** The detail answer; a function gets how many scan tasks were created so far. */
    detail?: Record<string, unknown> | ((tasksCreated: number) => Record<string, unknown>)
    createTask?: () => Record<string, unknown>
    taskStatus?: (call: number) => string
  } = {}
): TcssApi & { calls: string[] } {
  const rows = options.rows ?? []
  const statuses = options.statuses ?? [2]
  const api = fakeTcssApi(rows)
  const calls = api.calls
  let statusReads = 0
  let taskCalls = 0
  return {
    ...api,
    describeAssetImageVirusList: async (request) => {
      calls.push(`DescribeAssetImageVirusList ${String(request.ImageID)} ${String(request.Offset)}`)
      const status = statuses[Math.min(statusReads++, statuses.length - 1)]
      return {
        VirusScanStatus: status,
        TotalCount: status === 2 ? rows.length : 0,
        List: status === 2 ? rows : [],
        RequestId: 'req-virus'
      }
    },
    describeAssetImageDetail: async (request) => {
      calls.push(`DescribeAssetImageDetail ${String(request.ImageID)}`)
      const created = calls.filter((call) => call.startsWith('CreateAssetImageScanTask')).length
      const detail = typeof options.detail === 'function' ? options.detail(created) : options.detail
      return { IsAuthorized: 1, ScanTime: '2026-11-20 18:00:00', ...detail }
    },
    createAssetImageScanTask: async (request) => {
      calls.push(`CreateAssetImageScanTask ${JSON.stringify(request)}`)
      return options.createTask?.() ?? { TaskID: 'task-local-1', RequestId: 'req-task' }
    },
    describeAssetImageScanStatus: async (request) => {
      calls.push(`DescribeAssetImageScanStatus ${String(request.TaskID)}`)
      return { Status: options.taskStatus?.(taskCalls++) ?? 'SCANNED', Schedule: 100 }
    }
  }
}

/** A registry that names one single-platform manifest, `digest`, for every reference. */
export function singleManifestRegistry(digest: string): Pick<RegistryReader, 'read'> {
  return {
    read: () =>
      Promise.resolve({
        digest,
        index: false,
        platforms: [{ platform: '', digest, configDigest: '' }],
        skipped: []
      })
  }
}
