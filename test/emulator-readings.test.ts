/**
 * The emulator's open facts: for each fact the documents leave open, every
 * plausible reading is a named mode (`readings`), and each mode is served as
 * its name says.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  generateFindings,
  OPEN_FACTS,
  registryVirusRow,
  signTc3Request,
  startEmulator,
  type Emulator,
  type EmulatorOptions
} from './emulator/emulator.mjs'

const emulators: Emulator[] = []

afterEach(async () => {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()))
})

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({ rateLimit: null, ...options })
  emulators.push(emulator)
  return emulator
}

/** An answer's fields, read loosely: the shapes under test are the point. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = Record<string, any>

/** One signed call; the Response object, errors included. */
async function api(
  emulator: Pick<Emulator, 'url' | 'port' | 'secretId' | 'secretKey'>,
  action: string,
  params: Record<string, unknown> = {},
  timestamp = Math.floor(Date.now() / 1000)
): Promise<Answer> {
  const body = JSON.stringify(params)
  const response = await fetch(emulator.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: signTc3Request({
        secretId: emulator.secretId,
        secretKey: emulator.secretKey,
        timestamp,
        host: `127.0.0.1:${emulator.port}`,
        body
      }),
      'X-TC-Action': action,
      'X-TC-Version': '2020-11-01',
      'X-TC-Timestamp': String(timestamp)
    },
    body
  })
  return ((await response.json()) as { Response: Answer }).Response
}

const keyOf = (row: Answer) => `${row.Md5 ?? row.FileMd5}|${row.Path}`
const REPO = 'ccr.ccs.tencentyun.com/team/app'

/** 99 low and 2 medium findings: 101 rows, two pages of 100. */
const ninetyNineLowTwoMedium = () => [
  ...generateFindings({ count: 99, riskLevels: [1], prefix: 'low' }),
  ...generateFindings({ count: 2, riskLevels: [2], prefix: 'medium' })
]

describe('OPEN_FACTS and the readings option', () => {
  it('lists every open fact with its readings, the default first, frozen', () => {
    expect(Object.isFrozen(OPEN_FACTS)).toBe(true)
    const readings = Object.fromEntries(
      Object.entries(OPEN_FACTS).map(([fact, { readings }]) => [fact, readings])
    )
    expect(readings).toEqual({
      virusListOrder: ['honoured', 'risk-level-page-ties'],
      registryVirusListOrder: ['stable', 'risk-level-page-ties'],
      localTaskStatus: ['scanning-scanned', 'task-model', 'unlisted'],
      registryTaskStatus: ['scanning-scanned', 'task-model', 'unlisted'],
      localTaskId: ['present', 'absent'],
      registryTaskId: ['present', 'absent'],
      localBusyCode: ['ErrAlreadyScanning', 'FailedOperation'],
      registryBusyCode: ['ErrAlreadyScanning', 'FailedOperation'],
      registrySync: ['completes', 'stuck-doing'],
      imageNameFilter: ['fuzzy', 'exact-repository', 'exact-name-tag'],
      registryScanStatus: ['same-as-virus', 'independent'],
      registryVirusStatusNames: ['short', 'model-wide'],
      scanTimeFormat: ['zoned', 'zoneless'],
      registryAddress: ['full-path', 'host-only'],
      virusRowsWhileScanning: ['served', 'none'],
      multiPlatformListing: ['per-platform', 'index-row', 'one-platform'],
      rateLimitWindow: ['sliding', 'whole-seconds', 'bucket']
    })
    for (const entry of Object.values(OPEN_FACTS)) {
      expect(Object.isFrozen(entry)).toBe(true)
      expect(Object.isFrozen(entry.readings)).toBe(true)
      expect(entry.summary.length).toBeGreaterThan(20)
    }
  })

  it('starts with the defaults and shows the readings it serves', async () => {
    const emu = await start({ readings: { scanTimeFormat: 'zoneless' } })
    expect(emu.readings).toMatchObject({
      virusListOrder: 'honoured',
      scanTimeFormat: 'zoneless',
      virusRowsWhileScanning: 'served'
    })
    expect(Object.keys(emu.readings).sort()).toEqual(Object.keys(OPEN_FACTS).sort())
  })

  it('refuses an unknown fact or reading, naming what it knows', async () => {
    await expect(
      startEmulator({
        readings: { listOrder: 'honoured' } as unknown as EmulatorOptions['readings']
      })
    ).rejects.toThrow(/unknown open fact 'listOrder'.*virusListOrder/)
    await expect(
      startEmulator({
        readings: { virusListOrder: 'random' } as unknown as EmulatorOptions['readings']
      })
    ).rejects.toThrow(/unknown reading 'random' of virusListOrder.*honoured, risk-level-page-ties/)
    await expect(
      startEmulator({ readings: 'zoned' as unknown as EmulatorOptions['readings'] })
    ).rejects.toThrow(/readings must be an object/)
  })
})

describe('virusListOrder', () => {
  const page = (emu: Emulator, offset: number, extra: Record<string, unknown> = {}) =>
    api(emu, 'DescribeAssetImageVirusList', {
      ImageID: 'img',
      Limit: 100,
      Offset: offset,
      Order: 'asc',
      By: 'Path',
      ...extra
    })

  it('honoured (default): sorted by By as asked, every row served once', async () => {
    const emu = await start({ images: { img: { findings: ninetyNineLowTwoMedium() } } })
    const first = await page(emu, 0)
    const second = await page(emu, 100)
    const paths = [...first.List, ...second.List].map((row: Answer) => row.Path as string)
    expect(paths).toEqual([...paths].sort())
    expect(new Set([...first.List, ...second.List].map(keyOf)).size).toBe(101)
  })

  it('risk-level-page-ties: By ignored, ties in a page-dependent order: 100 distinct of 101', async () => {
    const emu = await start({
      images: { img: { findings: ninetyNineLowTwoMedium() } },
      readings: { virusListOrder: 'risk-level-page-ties' }
    })
    const first = await page(emu, 0)
    const again = await page(emu, 0)
    expect(again.List).toEqual(first.List)
    const second = await page(emu, 100)
    expect(await page(emu, 100)).toMatchObject({ List: second.List })
    expect(first.TotalCount).toBe(101)
    expect(second.TotalCount).toBe(101)
    expect(first.List).toHaveLength(100)
    expect(second.List).toHaveLength(1)
    const rows = [...first.List, ...second.List] as Answer[]
    // Sorted by RiskLevel only, not by Path.
    expect(rows.map((row) => row.RiskLevel)).toEqual([...Array(99).fill(1), 2, 2])
    const paths = rows.slice(0, 99).map((row) => row.Path as string)
    expect(paths).not.toEqual([...paths].sort())
    // Page 2 repeats a row page 1 served; another is never served.
    expect(new Set(rows.map(keyOf)).size).toBe(100)
    expect(first.List.map(keyOf)).toContain(keyOf(second.List[0]))
  })

  it('risk-level-page-ties: Order honoured; desc pages lose a low finding the same way', async () => {
    const emu = await start({
      images: { img: { findings: ninetyNineLowTwoMedium() } },
      readings: { virusListOrder: 'risk-level-page-ties' }
    })
    const first = await page(emu, 0, { Order: 'desc', By: 'RiskLevel' })
    const second = await page(emu, 100, { Order: 'desc', By: 'RiskLevel' })
    const rows = [...first.List, ...second.List] as Answer[]
    expect(rows.map((row) => row.RiskLevel)).toEqual([2, 2, ...Array(99).fill(1)])
    expect(new Set(rows.map(keyOf)).size).toBe(100)
  })

  it('risk-level-page-ties: another Limit sees the tie group in another order', async () => {
    const emu = await start({
      images: { img: { findings: generateFindings({ count: 40, riskLevels: [3] }) } },
      readings: { virusListOrder: 'risk-level-page-ties' }
    })
    const byFifty = await page(emu, 0, { Limit: 50 })
    const byForty = await page(emu, 0, { Limit: 40 })
    expect(byFifty.List.map(keyOf)).not.toEqual(byForty.List.map(keyOf))
    expect(new Set(byFifty.List.map(keyOf))).toEqual(new Set(byForty.List.map(keyOf)))
  })
})

describe('registryVirusListOrder', () => {
  const rows = () => ninetyNineLowTwoMedium().map((finding) => registryVirusRow(finding))
  const page = (emu: Emulator, offset: number) =>
    api(emu, 'DescribeAssetImageRegistryVirusList', { Id: 5, Limit: 100, Offset: offset })

  it('stable (default): the rows in the order held, each once', async () => {
    const emu = await start({ registryImages: { 5: { repository: REPO, findings: rows() } } })
    const served = [...(await page(emu, 0)).List, ...(await page(emu, 100)).List]
    expect(served.map(keyOf)).toEqual(rows().map(keyOf))
  })

  it('risk-level-page-ties: sorted by RiskLevel, ties page-dependent: 100 distinct of 101', async () => {
    const emu = await start({
      registryImages: { 5: { repository: REPO, findings: rows() } },
      readings: { registryVirusListOrder: 'risk-level-page-ties' }
    })
    const first = await page(emu, 0)
    expect((await page(emu, 0)).List).toEqual(first.List)
    const second = await page(emu, 100)
    const served = [...first.List, ...second.List] as Answer[]
    expect(first.TotalCount).toBe(101)
    expect(served.map((row) => row.RiskLevel)).toEqual([...Array(99).fill('1'), '2', '2'])
    expect(new Set(served.map(keyOf)).size).toBe(100)
  })
})

describe('localTaskStatus and localTaskId', () => {
  async function runTask(readings: EmulatorOptions['readings']) {
    const emu = await start({ images: { img: { scanPolls: 1, findings: [] } }, readings })
    const created = await api(emu, 'CreateAssetImageScanTask', {
      Images: ['img'],
      ScanVirus: true,
      ScanScope: 1
    })
    const statuses: unknown[] = []
    const poll = async () => {
      const answer = await api(emu, 'DescribeAssetImageScanStatus', { TaskID: created.TaskID })
      statuses.push(answer.Status)
    }
    await poll()
    await api(emu, 'DescribeAssetImageVirusList', { ImageID: 'img' })
    await poll()
    await api(emu, 'DescribeAssetImageVirusList', { ImageID: 'img' })
    await poll()
    return { emu, created, statuses }
  }

  it('scanning-scanned (default): SCANNING, then SCANNED', async () => {
    const { created, statuses } = await runTask({})
    expect(created.TaskID).toEqual(expect.any(String))
    expect(statuses).toEqual(['SCANNING', 'SCANNING', 'SCANNED'])
  })

  it('task-model: READY while queued, SCANNING while running, END when finished', async () => {
    const { statuses } = await runTask({ localTaskStatus: 'task-model' })
    expect(statuses).toEqual(['READY', 'SCANNING', 'END'])
  })

  it('unlisted: names no list has', async () => {
    const { statuses } = await runTask({ localTaskStatus: 'unlisted' })
    expect(statuses).toEqual(['QUEUED_X', 'RUNNING_X', 'DONE_X'])
  })

  it('absent: the answer has a RequestId only, and the scan still runs to a fresh scan time', async () => {
    const now = Date.parse('2026-12-01T04:00:00Z')
    const emu = await start({
      images: { img: { scanPolls: 1, findings: [] } },
      readings: { localTaskId: 'absent' },
      now: () => now
    })
    const timestamp = Math.floor(now / 1000)
    const created = await api(
      emu,
      'CreateAssetImageScanTask',
      { Images: ['img'], ScanVirus: true, ScanScope: 1 },
      timestamp
    )
    expect(Object.keys(created)).toEqual(['RequestId'])
    const statuses = []
    for (let i = 0; i < 3; i++) {
      const list = await api(emu, 'DescribeAssetImageVirusList', { ImageID: 'img' }, timestamp)
      statuses.push(list.VirusScanStatus)
    }
    expect(statuses).toEqual([1, 2, 2])
    const detail = await api(emu, 'DescribeAssetImageDetail', { ImageID: 'img' }, timestamp)
    expect(detail.ScanTime).toBe('2026-12-01T12:00:00+08:00')
  })
})

describe('registryTaskStatus and registryTaskId', () => {
  async function runTask(readings: EmulatorOptions['readings']) {
    const emu = await start({
      registryImages: { 9: { repository: REPO, scanPolls: 1, virusStatuses: ['NOT_SCAN'] } },
      readings
    })
    const created = await api(emu, 'CreateAssetImageRegistryScanTask', {
      Id: [9],
      ScanType: ['VIRUS']
    })
    const statuses: unknown[] = []
    const poll = async () => {
      const answer = await api(emu, 'DescribeAssetImageRegistryScanStatusOneKey', {
        TaskID: created.TaskID,
        Id: [9]
      })
      statuses.push(answer.Status)
    }
    await poll()
    await api(emu, 'DescribeAssetImageRegistryDetail', { Id: 9 })
    await poll()
    await api(emu, 'DescribeAssetImageRegistryDetail', { Id: 9 })
    await poll()
    return { emu, created, statuses }
  }

  it('scanning-scanned (default): SCANNING, then SCANNED', async () => {
    const { created, statuses } = await runTask({})
    expect(created.TaskID).toEqual(expect.any(Number))
    expect(statuses).toEqual(['SCANNING', 'SCANNING', 'SCANNED'])
  })

  it('task-model: READY, SCANNING, END', async () => {
    expect((await runTask({ registryTaskStatus: 'task-model' })).statuses).toEqual([
      'READY',
      'SCANNING',
      'END'
    ])
  })

  it('unlisted: QUEUED_X, RUNNING_X, DONE_X', async () => {
    expect((await runTask({ registryTaskStatus: 'unlisted' })).statuses).toEqual([
      'QUEUED_X',
      'RUNNING_X',
      'DONE_X'
    ])
  })

  it('absent: RequestId only; the scan starts and finishes; status by Id alone', async () => {
    const now = Date.parse('2026-12-01T04:00:00Z')
    const timestamp = Math.floor(now / 1000)
    const emu = await start({
      registryImages: { 9: { repository: REPO, scanPolls: 1, virusStatuses: ['NOT_SCAN'] } },
      readings: { registryTaskId: 'absent' },
      now: () => now
    })
    const created = await api(
      emu,
      'CreateAssetImageRegistryScanTask',
      { Id: [9], ScanType: ['VIRUS'] },
      timestamp
    )
    expect(Object.keys(created)).toEqual(['RequestId'])
    const reads = []
    for (let i = 0; i < 2; i++) {
      const detail = await api(emu, 'DescribeAssetImageRegistryDetail', { Id: 9 }, timestamp)
      reads.push([detail.VirusStatus, detail.ScanTime])
    }
    expect(reads).toEqual([
      ['SCANNING', '2026-11-20T18:00:00+08:00'],
      ['SCANNED', '2026-12-01T12:00:00+08:00']
    ])
    const status = await api(
      emu,
      'DescribeAssetImageRegistryScanStatusOneKey',
      { Id: [9] },
      timestamp
    )
    expect(status.Status).toBe('SCANNED')
  })
})

describe('localBusyCode', () => {
  const create = (emu: Emulator, image: string) =>
    api(emu, 'CreateAssetImageScanTask', { Images: [image], ScanVirus: true, ScanScope: 1 })

  it('ErrAlreadyScanning (default): for a running scan and for an unauthorized image', async () => {
    const emu = await start({
      images: { running: { runningScan: { polls: 1 } }, locked: { authorized: 0 } }
    })
    expect((await create(emu, 'running')).Error.Code).toBe('FailedOperation.ErrAlreadyScanning')
    expect((await create(emu, 'locked')).Error.Code).toBe('FailedOperation.ErrAlreadyScanning')
  })

  it('FailedOperation: plain FailedOperation with a message', async () => {
    const emu = await start({
      images: { running: { runningScan: { polls: 1 } }, locked: { authorized: 0 } },
      readings: { localBusyCode: 'FailedOperation' }
    })
    for (const image of ['running', 'locked']) {
      const { Error: error } = await create(emu, image)
      expect(error.Code).toBe('FailedOperation')
      expect(error.Message).toMatch(/scan/)
    }
  })

  it('runningScan: a scan already running finishes after its polls with a fresh scan time', async () => {
    const now = Date.parse('2026-12-01T04:00:00Z')
    const timestamp = Math.floor(now / 1000)
    const emu = await start({
      images: { running: { runningScan: { polls: 2 }, rescanFindings: [] } },
      now: () => now
    })
    const statuses = []
    for (let i = 0; i < 4; i++) {
      const list = await api(emu, 'DescribeAssetImageVirusList', { ImageID: 'running' }, timestamp)
      statuses.push(list.VirusScanStatus)
    }
    expect(statuses).toEqual([1, 1, 2, 2])
    const detail = await api(emu, 'DescribeAssetImageDetail', { ImageID: 'running' }, timestamp)
    expect(detail.ScanTime).toBe('2026-12-01T12:00:00+08:00')
    expect(emu.imageStats('running')).toMatchObject({ findings: 0 })
  })
})

describe('registryBusyCode', () => {
  const create = (emu: Emulator, id: number, timestamp?: number) =>
    api(emu, 'CreateAssetImageRegistryScanTask', { Id: [id], ScanType: ['VIRUS'] }, timestamp)
  const registryImages = {
    1: { repository: REPO, tag: 'running', runningScan: { polls: 2 } },
    2: { repository: REPO, tag: 'locked', authorized: 0 as const }
  }

  it('ErrAlreadyScanning (default), e.g. while scan-on-push runs', async () => {
    const emu = await start({ registryImages })
    expect((await create(emu, 1)).Error.Code).toBe('FailedOperation.ErrAlreadyScanning')
    expect((await create(emu, 2)).Error.Code).toBe('FailedOperation.ErrAlreadyScanning')
  })

  it('FailedOperation: plain FailedOperation with a message', async () => {
    const emu = await start({ registryImages, readings: { registryBusyCode: 'FailedOperation' } })
    for (const id of [1, 2]) {
      const { Error: error } = await create(emu, id)
      expect(error.Code).toBe('FailedOperation')
      expect(error.Message).toMatch(/scan/)
    }
  })

  it('runningScan: SCANNING for its polls, then SCANNED with a fresh scan time', async () => {
    const now = Date.parse('2026-12-01T04:00:00Z')
    const timestamp = Math.floor(now / 1000)
    const emu = await start({ registryImages, now: () => now })
    const row = (await api(emu, 'DescribeAssetImageRegistryList', {}, timestamp)).List[0]
    expect(row).toMatchObject({ Id: 1, VirusStatus: 'SCANNING' })
    const reads = []
    for (let i = 0; i < 3; i++) {
      const detail = await api(emu, 'DescribeAssetImageRegistryDetail', { Id: 1 }, timestamp)
      reads.push([detail.VirusStatus, detail.ScanTime])
    }
    expect(reads).toEqual([
      ['SCANNING', '2026-11-20T18:00:00+08:00'],
      ['SCANNING', '2026-11-20T18:00:00+08:00'],
      ['SCANNED', '2026-12-01T12:00:00+08:00']
    ])
    expect((await create(emu, 1, timestamp)).TaskID).toEqual(expect.any(Number))
  })
})

describe('registrySync', () => {
  const registryImages = {
    1: { repository: REPO, tag: 'old' },
    2: { repository: REPO, tag: 'pushed', listedAfterSync: true }
  }
  const tags = async (emu: Emulator) =>
    ((await api(emu, 'DescribeAssetImageRegistryList', {})).List as Answer[]).map(
      (row) => row.ImageTag
    )

  it('completes (default): doing, then success, and the pushed image is listed', async () => {
    const emu = await start({ registryImages, registrySyncPolls: 2 })
    expect(await tags(emu)).toEqual(['old'])
    await api(emu, 'SyncAssetImageRegistryAsset', { All: true })
    const statuses = []
    for (let i = 0; i < 4; i++)
      statuses.push((await api(emu, 'DescribeAssetImageRegistryAssetStatus')).Status)
    expect(statuses).toEqual(['doing', 'doing', 'success', 'success'])
    expect(await tags(emu)).toEqual(['old', 'pushed'])
  })

  it('stuck-doing: doing forever with "rpc service error"; the pushed image is listed all the same', async () => {
    const emu = await start({
      registryImages,
      registrySyncPolls: 2,
      readings: { registrySync: 'stuck-doing' }
    })
    await api(emu, 'SyncAssetImageRegistryAsset', { All: true })
    const answers = []
    for (let i = 0; i < 2; i++)
      answers.push(await api(emu, 'DescribeAssetImageRegistryAssetStatus'))
    expect(await tags(emu)).toEqual(['old'])
    for (let i = 0; i < 4; i++)
      answers.push(await api(emu, 'DescribeAssetImageRegistryAssetStatus'))
    for (const answer of answers)
      expect(answer).toMatchObject({ Status: 'doing', Err: 'rpc service error' })
    expect(await tags(emu)).toEqual(['old', 'pushed'])
  })
})

describe('imageNameFilter', () => {
  const images = {
    app: { name: `${REPO}:1.4.2` },
    worker: { name: `${REPO}-worker:1.4.2` },
    tagless: { name: `${REPO}`, listing: { ImageTag: '2.0' } }
  }
  const ids = async (emu: Emulator, value: string, exactMatch?: boolean) => {
    const filter: Record<string, unknown> = { Name: 'ImageName', Values: [value] }
    if (exactMatch !== undefined) filter.ExactMatch = exactMatch
    const answer = await api(emu, 'DescribeAssetImageList', { Filters: [filter], Limit: 100 })
    return (answer.List as Answer[]).map((entry) => entry.ImageID)
  }

  it('fuzzy (default): substring, ignoring case', async () => {
    const emu = await start({ images })
    expect(await ids(emu, 'TEAM/app')).toEqual(['app', 'worker', 'tagless'])
    expect(await ids(emu, `${REPO}:1.4.2`)).toEqual(['app'])
    // ExactMatch sent: the whole ImageName, exactly.
    expect(await ids(emu, `${REPO}:1.4.2`, true)).toEqual(['app'])
    expect(await ids(emu, REPO, true)).toEqual(['tagless'])
  })

  it('exact-repository: the value must be the repository exactly', async () => {
    const emu = await start({ images, readings: { imageNameFilter: 'exact-repository' } })
    expect(await ids(emu, REPO)).toEqual(['app', 'tagless'])
    expect(await ids(emu, 'team/app')).toEqual([])
    expect(await ids(emu, `${REPO}:1.4.2`)).toEqual([])
    expect(await ids(emu, REPO.toUpperCase())).toEqual([])
    expect(await ids(emu, 'team/app', false)).toEqual(['app', 'worker', 'tagless'])
  })

  it('exact-name-tag: the value must be name:tag exactly; the repository alone finds nothing', async () => {
    const emu = await start({ images, readings: { imageNameFilter: 'exact-name-tag' } })
    expect(await ids(emu, REPO)).toEqual([])
    expect(await ids(emu, `${REPO}:1.4.2`)).toEqual(['app'])
    expect(await ids(emu, `${REPO}:2.0`)).toEqual(['tagless'])
    expect(await ids(emu, 'team/app', false)).toEqual(['app', 'worker', 'tagless'])
  })
})

describe('registryScanStatus, registryVirusStatusNames, registryAddress', () => {
  it('same-as-virus (default): ScanStatus and CveStatus are VirusStatus', async () => {
    const emu = await start({
      registryImages: { 3: { repository: REPO, virusStatuses: ['SCANNING', 'SCANNED'] } }
    })
    for (let i = 0; i < 2; i++) {
      const detail = await api(emu, 'DescribeAssetImageRegistryDetail', { Id: 3 })
      expect(detail.ScanStatus).toBe(detail.VirusStatus)
      expect(detail.CveStatus).toBe(detail.VirusStatus)
      const row = (await api(emu, 'DescribeAssetImageRegistryList')).List[0]
      expect([row.ScanStatus, row.CveStatus]).toEqual([row.VirusStatus, row.VirusStatus])
    }
  })

  it('independent: ScanStatus and CveStatus differ from VirusStatus, both ways', async () => {
    const emu = await start({
      registryImages: { 3: { repository: REPO, virusStatuses: ['SCANNING', 'SCANNED'] } },
      readings: { registryScanStatus: 'independent' }
    })
    const seen = []
    for (let i = 0; i < 2; i++) {
      const detail = await api(emu, 'DescribeAssetImageRegistryDetail', { Id: 3 })
      const row = (await api(emu, 'DescribeAssetImageRegistryList')).List[0]
      seen.push([detail.VirusStatus, detail.ScanStatus, detail.CveStatus, row.ScanStatus])
    }
    expect(seen).toEqual([
      ['SCANNING', 'SCANNED', 'SCANNED', 'SCANNED'],
      ['SCANNED', 'SCANNING', 'SCANNING', 'SCANNING']
    ])
  })

  it('short (default) and model-wide VirusStatus names', async () => {
    const scenario = { repository: REPO, scanPolls: 2, virusStatuses: ['SCAN_CANCELED'] }
    const reads = async (readings: EmulatorOptions['readings']) => {
      const emu = await start({ registryImages: { 4: scenario }, readings })
      const statuses = [(await api(emu, 'DescribeAssetImageRegistryDetail', { Id: 4 })).VirusStatus]
      await api(emu, 'CreateAssetImageRegistryScanTask', { Id: [4], ScanType: ['VIRUS'] })
      statuses.push((await api(emu, 'DescribeAssetImageRegistryList')).List[0].VirusStatus)
      for (let i = 0; i < 3; i++)
        statuses.push((await api(emu, 'DescribeAssetImageRegistryDetail', { Id: 4 })).VirusStatus)
      return statuses
    }
    expect(await reads({})).toEqual([
      'SCAN_CANCELED',
      'SCANNING',
      'SCANNING',
      'SCANNING',
      'SCANNED'
    ])
    expect(await reads({ registryVirusStatusNames: 'model-wide' })).toEqual([
      'CANCELED',
      'WAIT_SCAN',
      'WAIT_SCAN',
      'SCANNING',
      'SCANNED'
    ])
  })

  it('model-wide: a queued scan refuses a second task like a running one', async () => {
    const emu = await start({
      registryImages: { 4: { repository: REPO, scanPolls: 2 } },
      readings: { registryVirusStatusNames: 'model-wide' }
    })
    await api(emu, 'CreateAssetImageRegistryScanTask', { Id: [4], ScanType: ['VIRUS'] })
    const again = await api(emu, 'CreateAssetImageRegistryScanTask', {
      Id: [4],
      ScanType: ['VIRUS']
    })
    expect(again.Error.Code).toBe('FailedOperation.ErrAlreadyScanning')
  })

  it('full-path (default) and host-only ImageRepoAddress', async () => {
    const registryImages = { 6: { repository: REPO, tag: '1.0' } }
    const full = await start({ registryImages })
    expect((await api(full, 'DescribeAssetImageRegistryList')).List[0]).toMatchObject({
      ImageRepoAddress: REPO,
      Namespace: 'team',
      ImageName: 'app'
    })
    const host = await start({ registryImages, readings: { registryAddress: 'host-only' } })
    expect((await api(host, 'DescribeAssetImageRegistryList')).List[0]).toMatchObject({
      ImageRepoAddress: 'ccr.ccs.tencentyun.com',
      Namespace: 'team',
      ImageName: 'app'
    })
    expect(await api(host, 'DescribeAssetImageRegistryDetail', { Id: 6 })).toMatchObject({
      ImageRepoAddress: 'ccr.ccs.tencentyun.com'
    })
  })
})

describe('multiPlatformListing', () => {
  const INDEX = `sha256:${'1'.repeat(64)}`
  const AMD64 = `sha256:${'2'.repeat(64)}`
  const ARM64 = `sha256:${'3'.repeat(64)}`
  const multiPlatformPushes = {
    [INDEX]: {
      repository: REPO,
      tag: '1.0',
      platforms: {
        61: { digest: AMD64, imageId: `sha256:${'a'.repeat(64)}` },
        62: { digest: ARM64, imageId: `sha256:${'b'.repeat(64)}` }
      }
    }
  }
  const rows = async (reading?: 'per-platform' | 'index-row' | 'one-platform') => {
    const emu = await start({
      multiPlatformPushes,
      ...(reading ? { readings: { multiPlatformListing: reading } } : {})
    })
    return (
      (await api(emu, 'DescribeAssetImageRegistryList', { Limit: 100 })).List as Answer[]
    ).map((row) => [row.Id, row.ImageTag, row.ImageDigest, row.ImageId])
  }

  it('per-platform (default): one row per platform with its own digest', async () => {
    expect(await rows()).toEqual([
      [61, '1.0', AMD64, `sha256:${'a'.repeat(64)}`],
      [62, '1.0', ARM64, `sha256:${'b'.repeat(64)}`]
    ])
  })

  it("index-row: the first platform's image under the index digest", async () => {
    expect(await rows('index-row')).toEqual([[61, '1.0', INDEX, `sha256:${'a'.repeat(64)}`]])
  })

  it('one-platform: the first platform alone', async () => {
    expect(await rows('one-platform')).toEqual([[61, '1.0', AMD64, `sha256:${'a'.repeat(64)}`]])
  })
})

describe('scanTimeFormat', () => {
  const now = Date.parse('2026-12-01T20:30:05Z')
  const timestamp = Math.floor(now / 1000)

  async function times(readings: EmulatorOptions['readings']) {
    const emu = await start({
      images: { img: { scanPolls: 0 }, given: { scanTime: '2026-01-02 03:04:05' } },
      registryImages: { 8: { repository: REPO, scanPolls: 0 } },
      readings,
      now: () => now
    })
    const local = (id: string) =>
      api(emu, 'DescribeAssetImageDetail', { ImageID: id }, timestamp).then((d) => d.ScanTime)
    const registry = () =>
      api(emu, 'DescribeAssetImageRegistryDetail', { Id: 8 }, timestamp).then((d) => d.ScanTime)
    const before = [await local('img'), await registry(), await local('given')]
    await api(
      emu,
      'CreateAssetImageScanTask',
      { Images: ['img'], ScanVirus: true, ScanScope: 1 },
      timestamp
    )
    await api(emu, 'CreateAssetImageRegistryScanTask', { Id: [8], ScanType: ['VIRUS'] }, timestamp)
    await api(emu, 'DescribeAssetImageVirusList', { ImageID: 'img' }, timestamp)
    const after = [await local('img'), await registry()]
    const row = (await api(emu, 'DescribeAssetImageRegistryList', {}, timestamp)).List[0]
    return { before, after, row: row.ScanTime }
  }

  it('zoned (default): ISO 8601 with +08:00, on the service clock', async () => {
    expect(await times({})).toEqual({
      before: ['2026-11-20T18:00:00+08:00', '2026-11-20T18:00:00+08:00', '2026-01-02 03:04:05'],
      after: ['2026-12-02T04:30:05+08:00', '2026-12-02T04:30:05+08:00'],
      row: '2026-12-02T04:30:05+08:00'
    })
  })

  it('zoneless: YYYY-MM-DD HH:MM:SS in UTC+8', async () => {
    expect(await times({ scanTimeFormat: 'zoneless' })).toEqual({
      before: ['2026-11-20 18:00:00', '2026-11-20 18:00:00', '2026-01-02 03:04:05'],
      after: ['2026-12-02 04:30:05', '2026-12-02 04:30:05'],
      row: '2026-12-02 04:30:05'
    })
  })

  it('a scan time given as Unix milliseconds is served in the reading', async () => {
    const emu = await start({
      images: { img: { scanTime: Date.parse('2026-06-01T00:00:00Z') } },
      registryImages: { 8: { repository: REPO, scanTimes: [Date.parse('2026-06-01T00:00:00Z')] } },
      readings: { scanTimeFormat: 'zoneless' }
    })
    expect((await api(emu, 'DescribeAssetImageDetail', { ImageID: 'img' })).ScanTime).toBe(
      '2026-06-01 08:00:00'
    )
    expect((await api(emu, 'DescribeAssetImageRegistryDetail', { Id: 8 })).ScanTime).toBe(
      '2026-06-01 08:00:00'
    )
  })
})

describe('virusRowsWhileScanning', () => {
  const findings = generateFindings({ count: 3 })
  const rescanFindings = generateFindings({ count: 1, prefix: 'new' })

  async function whileTask(readings: EmulatorOptions['readings']) {
    const emu = await start({
      images: { img: { findings, rescanFindings, scanPolls: 1 } },
      readings
    })
    const before = await api(emu, 'DescribeAssetImageVirusList', { ImageID: 'img' })
    await api(emu, 'CreateAssetImageScanTask', { Images: ['img'], ScanVirus: true, ScanScope: 1 })
    const during = await api(emu, 'DescribeAssetImageVirusList', { ImageID: 'img' })
    const after = await api(emu, 'DescribeAssetImageVirusList', { ImageID: 'img' })
    return { before, during, after }
  }

  it("served (default): at status 1 the previous scan's rows, TotalCount matching", async () => {
    const { before, during, after } = await whileTask({})
    expect(before).toMatchObject({ VirusScanStatus: 2, TotalCount: 3 })
    expect(during).toMatchObject({ VirusScanStatus: 1, TotalCount: 3 })
    expect(during.List.map(keyOf)).toEqual(findings.map(keyOf))
    expect(after).toMatchObject({ VirusScanStatus: 2, TotalCount: 1 })
  })

  it('served: no rows for an image never scanned; previousFindings stand for an earlier scan', async () => {
    const emu = await start({
      images: {
        fresh: { statuses: [0, 1, 2], findings },
        earlier: { statuses: [0, 2], findings, previousFindings: rescanFindings }
      }
    })
    const list = (id: string) => api(emu, 'DescribeAssetImageVirusList', { ImageID: id })
    expect(await list('fresh')).toMatchObject({ VirusScanStatus: 0, TotalCount: 0, List: [] })
    expect(await list('fresh')).toMatchObject({ VirusScanStatus: 1, TotalCount: 0, List: [] })
    expect(await list('fresh')).toMatchObject({ VirusScanStatus: 2, TotalCount: 3 })
    const early = await list('earlier')
    expect(early).toMatchObject({ VirusScanStatus: 0, TotalCount: 1 })
    expect(early.List.map(keyOf)).toEqual(rescanFindings.map(keyOf))
  })

  it('none: no rows while scanning', async () => {
    const { during } = await whileTask({ virusRowsWhileScanning: 'none' })
    expect(during).toMatchObject({ VirusScanStatus: 1, TotalCount: 0, List: [] })
  })
})

describe('service shapes', () => {
  it("answers TCSS's own InternalError codes, with their messages", async () => {
    const emu = await start({
      images: { img: {} },
      faults: { script: [{ code: 'InternalError.MainDBFail' }, 'internal'] }
    })
    const first = await api(emu, 'DescribeAssetImageVirusList', { ImageID: 'img' })
    expect(first.Error).toEqual({
      Code: 'InternalError.MainDBFail',
      Message: expect.not.stringMatching(/injected/)
    })
    const second = await api(emu, 'DescribeAssetImageVirusList', { ImageID: 'img' })
    expect(second.Error.Code).toBe('InternalError')
  })

  it('keeps `now` as the service clock: signatures, scan times and sync times follow it', async () => {
    const runner = Date.now()
    const service = runner + 3600_000
    const emu = await start({
      images: { img: { scanPolls: 0 } },
      registryImages: { 1: { repository: REPO, listedAfterSync: true } },
      registrySyncPolls: 0,
      now: () => service
    })
    const onRunnerClock = await api(emu, 'DescribeAssetImageVirusList', { ImageID: 'img' })
    expect(onRunnerClock.Error.Code).toBe('AuthFailure.SignatureExpire')
    const timestamp = Math.floor(service / 1000)
    await api(
      emu,
      'CreateAssetImageScanTask',
      { Images: ['img'], ScanVirus: true, ScanScope: 1 },
      timestamp
    )
    await api(emu, 'DescribeAssetImageVirusList', { ImageID: 'img' }, timestamp)
    const detail = await api(emu, 'DescribeAssetImageDetail', { ImageID: 'img' }, timestamp)
    expect(Date.parse(detail.ScanTime)).toBe(Math.floor(service / 1000) * 1000)
    await api(emu, 'SyncAssetImageRegistryAsset', { All: true }, timestamp)
    const sync = await api(emu, 'DescribeAssetImageRegistryAssetStatus', {}, timestamp)
    expect(sync.Status).toBe('success')
    expect(Date.parse(sync.LatestSyncSuccessTime)).toBe(Math.floor(service / 1000) * 1000)
  })
})

describe('command line', () => {
  const cli = fileURLToPath(new URL('./emulator/cli.mjs', import.meta.url))

  it('takes readings from the scenario file and from --reading, the flag winning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emulator-readings-'))
    const scenario = join(dir, 'scenario.json')
    await writeFile(
      scenario,
      JSON.stringify({
        registryImages: { 6: { repository: REPO } },
        readings: { scanTimeFormat: 'zoneless', registryAddress: 'full-path' }
      })
    )
    const child = spawn(
      process.execPath,
      [cli, '--scenario', scenario, '--reading', 'registryAddress=host-only'],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    try {
      const [line] = (await once(child.stdout.setEncoding('utf8'), 'data')) as [string]
      const info = JSON.parse(line.trim()) as { url: string; secretId: string; secretKey: string }
      const emu = { ...info, port: Number(new URL(info.url).port) }
      const row = (await api(emu, 'DescribeAssetImageRegistryList')).List[0]
      expect(row).toMatchObject({
        ImageRepoAddress: 'ccr.ccs.tencentyun.com',
        ScanTime: '2026-11-20 18:00:00'
      })
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      expect((await exited)[0]).toBe(0)
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('exits 2 on a reading it does not know', async () => {
    const child = spawn(process.execPath, [cli, '--reading', 'virusListOrder=shuffled'], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const [code] = await once(child, 'exit')
    expect(code).toBe(2)
    expect(stderr).toMatch(/unknown reading 'shuffled' of virusListOrder/)
    const bad = spawn(process.execPath, [cli, '--reading', 'virusListOrder'], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let badErr = ''
    bad.stderr.setEncoding('utf8').on('data', (chunk: string) => (badErr += chunk))
    expect((await once(bad, 'exit'))[0]).toBe(2)
    expect(badErr).toMatch(/--reading takes FACT=READING/)
  })
})
