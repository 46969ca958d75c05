/**
 * What the scan flow says while it waits and when it gives up: the exact
 * `waiting` lines of the poll loop and the ScanError messages a user reads
 * in the job log, for each way a scan is waited for (a task the gate
 * started, with or without TaskID, a scan already running elsewhere,
 * `scan: never`, a local image's first page read again while its findings
 * are read). Also that the image's authorization is read once per image,
 * however long the wait.
 */
import { describe, expect, it } from '@jest/globals'
import { OutOfTimeError, ScanError } from '../src/errors.js'
import { readScannedFindings } from '../src/sources/image-source.js'
import { AlreadyScanningError, type ScanState } from '../src/sources/scan-state.js'
import type { ScanMode } from '../src/core/settings.js'
import { LocalImage } from '../src/sources/tcss/local-image.js'
import {
  fakeClock,
  fakeLocalApi,
  fakeRequester,
  recordingLog,
  scriptedImage
} from './helpers/builders.js'

/** 2026-11-19 10:00:00 UTC, a scan the image showed before the gate asked for one. */
const OLD = Date.parse('2026-11-19T10:00:00Z')
const NEW = Date.parse('2026-11-20T10:00:00Z')
const scanned = (scanTime?: number): ScanState => ({ status: 'scanned', scanTime })

/** Runs the flow on `image` (polls 5 s apart, `deadlineMs` to wait); its log for assertions. */
function run(image: ReturnType<typeof scriptedImage>, scan: ScanMode, deadlineMs = 60_000) {
  const clock = fakeClock()
  const log = recordingLog()
  const result = readScannedFindings(image, {
    requester: fakeRequester(clock, { deadlineMs }),
    clock,
    pollIntervalMs: 5000,
    scan,
    log
  })
  return { result, log }
}

async function scanError(promise: Promise<unknown>): Promise<ScanError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(ScanError)
    return error as ScanError
  }
  throw new Error('expected a ScanError')
}

describe('the waiting lines of the scan flow', () => {
  it('names the task it started and its progress, against no scan before', async () => {
    const image = scriptedImage({
      statuses: [{ status: 'not-scanned' }, { status: 'scanning' }, scanned(NEW)],
      tasks: [{ state: 'progress', detail: 'task status "SCANNING"' }]
    })
    const { result, log } = run(image, 'if-not-scanned')
    await result
    expect(log.lines).toEqual([
      'info: Started TCSS virus scan task task-1 for image fake-image.',
      'info: Virus scan of fake-image was asked for (0 s); polling again in 5 s.',
      'info: Virus scan of fake-image (scan task task-1: task status "SCANNING"); waiting for the image to show a completed scan newer than none (now scanning) (5 s); polling again in 5 s.'
    ])
  })

  it('names the scan time the image showed before, in UTC', async () => {
    const image = scriptedImage({
      statuses: [
        { status: 'error', scanTime: OLD },
        { status: 'scanning', scanTime: OLD },
        scanned(NEW)
      ],
      tasks: [{ state: 'progress', detail: 'task status "SCANNING"' }]
    })
    const { result, log } = run(image, 'if-not-scanned')
    await result
    expect(log.lines.at(-1)).toBe(
      'info: Virus scan of fake-image (scan task task-1: task status "SCANNING"); waiting for the image to show a completed scan newer than 2026-11-19T10:00:00.000Z (now scanning) (5 s); polling again in 5 s.'
    )
  })

  it('says so when the answer names no TaskID', async () => {
    const image = scriptedImage({
      statuses: [{ status: 'not-scanned' }, { status: 'scanning' }, scanned(NEW)],
      start: () => ({ id: '' })
    })
    const { result, log } = run(image, 'if-not-scanned')
    await result
    expect(log.lines).toEqual([
      "info: Asked TCSS for a virus scan of image fake-image; the answer names no TaskID, so the image's own status tells when it is done.",
      'info: Virus scan of fake-image was asked for (0 s); polling again in 5 s.',
      'info: Virus scan of fake-image (the scan task); waiting for the image to show a completed scan newer than none (now scanning) (5 s); polling again in 5 s.'
    ])
  })

  it('waits for a scan running elsewhere as such', async () => {
    const image = scriptedImage({
      statuses: [
        { status: 'not-scanned' },
        { status: 'scanning' },
        { status: 'scanning' },
        scanned(NEW)
      ],
      start: () => {
        throw new AlreadyScanningError('FailedOperation.ErrAlreadyScanning: busy')
      }
    })
    const { result, log } = run(image, 'if-not-scanned')
    await result
    expect(log.lines).toEqual([
      'info: TCSS refused a new virus scan of image fake-image (FailedOperation.ErrAlreadyScanning: busy) while one is running; waiting for that scan instead of starting another.',
      'info: Virus scan of fake-image was asked for (0 s); polling again in 5 s.',
      'info: Virus scan of fake-image is running (started elsewhere); waiting for the image to show a completed scan newer than none (now scanning) (5 s); polling again in 5 s.'
    ])
  })

  it('scan: never says a running scan is running, and one not started is not started', async () => {
    const running = scriptedImage({ statuses: [{ status: 'scanning' }, scanned()] })
    const waits = run(running, 'never')
    await waits.result
    expect(waits.log.lines).toEqual([
      'info: Virus scan of fake-image is running (0 s); polling again in 5 s.'
    ])

    const notStarted = scriptedImage({ statuses: [{ status: 'not-scanned' }, scanned()] })
    const idle = run(notStarted, 'never')
    await idle.result
    expect(idle.log.lines).toEqual([
      'info: Virus scan of fake-image is not started yet (scan: never) (0 s); polling again in 5 s.'
    ])
  })

  it('reads the authorization of an image once, however many polls it waits', async () => {
    const image = scriptedImage({ statuses: [{ status: 'not-scanned' }] })
    await scanError(run(image, 'never', 20_000).result)
    expect(image.calls).toEqual([
      'status not-scanned',
      'authorization',
      'status not-scanned',
      'status not-scanned',
      'status not-scanned'
    ])
  })
})

describe('the errors of the scan flow', () => {
  it('scan: never times out on a scan not started with the way to get one', async () => {
    const image = scriptedImage({ statuses: [{ status: 'not-scanned' }] })
    const error = await scanError(run(image, 'never', 20_000).result)
    expect(error.scanStatus).toBe('timeout')
    expect(error.message).toBe(
      'Timed out after 15 s waiting for the TCSS virus scan of image fake-image (last status: not-scanned). The gate does not start scans with scan: never; start a scan by hand.'
    )
  })

  it('scan: never times out on a running scan with wait-timeout and the console', async () => {
    const image = scriptedImage({ statuses: [{ status: 'scanning' }] })
    const error = await scanError(run(image, 'never', 20_000).result)
    expect(error.message).toBe(
      'Timed out after 15 s waiting for the TCSS virus scan of image fake-image (last status: scanning); raise wait-timeout or check the scan in the TCSS console.'
    )
  })

  it('times out on a queued scan running elsewhere with wait-timeout and the console, not the scan: never hint', async () => {
    const image = scriptedImage({
      statuses: [{ status: 'not-scanned' }, { status: 'not-scanned', queued: true }],
      start: () => {
        throw new AlreadyScanningError('FailedOperation.ErrAlreadyScanning: busy')
      }
    })
    const { result, log } = run(image, 'if-not-scanned', 20_000)
    const error = await scanError(result)
    expect(error.message).toBe(
      'Timed out after 15 s waiting for the TCSS virus scan of image fake-image (last status: not-scanned); raise wait-timeout or check the scan in the TCSS console.'
    )
    // Queued, not running: the waiting line says so.
    expect(log.lines.join('\n')).toContain(
      'Virus scan of fake-image is queued (started elsewhere); waiting for the image to show a completed scan newer than none (now not-scanned)'
    )
  })

  it('times out on a task it started naming the task', async () => {
    const image = scriptedImage({ statuses: [{ status: 'not-scanned' }, { status: 'scanning' }] })
    const error = await scanError(run(image, 'if-not-scanned', 20_000).result)
    expect(error.message).toBe(
      'Timed out after 15 s waiting for the TCSS virus scan of image fake-image (last status: scanning) after the gate started scan task task-1; raise wait-timeout or check the task in the TCSS console.'
    )
  })

  it('says "none" for the last status when no status was ever read', async () => {
    const image = scriptedImage()
    image.readStatus = async () => {
      throw new OutOfTimeError('wait-timeout ran out before DescribeAssetImageVirusList')
    }
    const error = await scanError(run(image, 'never').result)
    expect(error.message).toBe(
      'Timed out after 0 s waiting for the TCSS virus scan of image fake-image (last status: none); raise wait-timeout or check the scan in the TCSS console. The last request: wait-timeout ran out before DescribeAssetImageVirusList'
    )
  })

  it.each([
    ['error', 'ended with a scan error'],
    ['canceled', 'was canceled']
  ] as const)('scan: never says a last scan with status %s %s', async (status, said) => {
    const error = await scanError(run(scriptedImage({ statuses: [{ status }] }), 'never').result)
    expect(error.scanStatus).toBe(status)
    expect(error.message).toBe(
      `The TCSS virus scan of image fake-image ${said}; rescan the image, or set scan: if-not-scanned to let the gate start one.`
    )
  })

  it.each([
    ['', ''],
    ['license expired', ' (ScanVirusError: license expired)']
  ])(
    'an unauthorized image fails with ScanVirusError %p said as %p',
    async (scanVirusError, why) => {
      const image = scriptedImage({
        statuses: [{ status: 'not-scanned' }],
        authorization: { authorized: false, scanVirusError }
      })
      const error = await scanError(run(image, 'never').result)
      expect(error.scanStatus).toBe('not-scanned')
      expect(error.message).toBe(
        `Image fake-image is not authorized for scanning in TCSS (IsAuthorized 0)${why}, so it has no virus scan and TCSS will not run one. The gate never authorizes images: authorize it in the TCSS console (Asset management → Images → Authorization), then run the job again.`
      )
    }
  )

  it('names a refusal AlreadyScanningError', () => {
    expect(new AlreadyScanningError('busy').name).toBe('AlreadyScanningError')
  })
})

const IMAGE_ID = `sha256:${'e'.repeat(64)}`
/** How the log and the reports name it (nameOfImage). */
const NAMED = `team/app:1.0 (ImageID ${IMAGE_ID})`

/** A local image on VirusScanStatus `statuses` (the last repeats), read 5 s apart with `deadlineMs` to wait. */
function local(statuses: number[], deadlineMs = 60_000) {
  const clock = fakeClock()
  const log = recordingLog()
  const image = new LocalImage(
    {
      api: fakeLocalApi({ statuses }),
      imageId: IMAGE_ID,
      requester: fakeRequester(clock, { deadlineMs }),
      clock,
      pollIntervalMs: 5000,
      concurrency: 1,
      log
    },
    'team/app:1.0'
  )
  return { image, log, clock }
}

describe('the waiting lines and errors of a first page read again', () => {
  it('waits on a scan not started and a running scan, naming the image as the log does', async () => {
    const { image, log } = local([0, 1, 2])
    await expect(image.readFindings()).resolves.toEqual([])
    expect(log.lines.filter((line) => line.startsWith('info:'))).toEqual([
      `info: Virus scan of ${NAMED} is not started yet (0 s); polling again in 5 s.`,
      `info: Virus scan of ${NAMED} is running (5 s); polling again in 5 s.`
    ])
  })

  it.each([
    [3, 'error', 'ended with a scan error (VirusScanStatus 3)'],
    [4, 'canceled', 'was canceled (VirusScanStatus 4)']
  ] as const)('fails at once on VirusScanStatus %s (%s)', async (code, status, said) => {
    const error = await scanError(local([1, code]).image.readFindings())
    expect(error.scanStatus).toBe(status)
    expect(error.message).toBe(`The TCSS virus scan of image ${NAMED} ${said}; rescan the image.`)
  })

  it('times out with the last status it read', async () => {
    const error = await scanError(local([0, 1], 20_000).image.readFindings())
    expect(error.scanStatus).toBe('timeout')
    expect(error.message).toBe(
      `Timed out after 15 s waiting for the TCSS virus scan of image ${NAMED} (last status: scanning); raise wait-timeout or check the scan in the TCSS console.`
    )
  })

  it('names the status read before the wait when the wait reads none', async () => {
    const { image, clock } = local([1], 20_000)
    await expect(image.readStatus(false)).resolves.toEqual({ status: 'scanning' })
    await clock.sleep(30_000)
    const error = await scanError(image.readFindings())
    expect(error.message).toContain(
      `Timed out after 0 s waiting for the TCSS virus scan of image ${NAMED} (last status: scanning); raise wait-timeout or check the scan in the TCSS console. The last request: `
    )
  })
})
