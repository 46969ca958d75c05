/**
 * End-to-end: `tcss-virus-gate doctor`, the bundled command line's read-only
 * check of an account, against the emulator. Every run is checked to have
 * sent no write request and to print no secret.
 */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  registryVirusRow,
  WRITE_ACTIONS,
  type Emulator,
  type EmulatorOptions
} from '../emulator/emulator.mjs'
import { startConnectProxy, type ConnectProxy } from '../helpers/connect-proxy.js'
import { finding, SECRET_ID, SECRET_KEY, startGateEmulator } from '../helpers/gate.js'
import { CLI_BUNDLE, type CliOptions, type CliRun, runCliProcess } from '../helpers/run-cli.js'
import {
  API_HOST,
  createTestCertificate,
  localNetworkEnv,
  type TestCertificate
} from '../helpers/tls-endpoint.js'

const WEB_ID = 'sha256:web'
const WEB_NAME = 'ccr.ccs.tencentyun.com/team/web:2.1'
const UNAUTHORIZED_ID = 'sha256:unauthorized'
const APP = 'ccr.ccs.tencentyun.com/team/app'
const EVENT = 'evt-0001'

/** An account where everything the gate needs is in place, and a few images that are not. */
const ACCOUNT: EmulatorOptions = {
  images: {
    [WEB_ID]: {
      name: WEB_NAME,
      findings: [finding(4, { Path: '/a/miner' }), finding(1, { Path: '/b/note' }), finding(1)]
    },
    [UNAUTHORIZED_ID]: { name: 'ccr.ccs.tencentyun.com/team/cold:1.0', authorized: 0 }
  },
  registryImages: {
    7: {
      repository: APP,
      tag: '1.0',
      findings: [registryVirusRow(finding(3, { Path: '/srv/x' }))]
    },
    9: { repository: APP, tag: 'locked', authorized: 0 }
  },
  events: { [EVENT]: {} }
}

const COMPLETE_TARGETS = [
  '--image-id',
  WEB_ID,
  '--image',
  WEB_NAME,
  '--registry-image',
  `${APP}:1.0`,
  '--event-ids',
  EVENT
]

/** The JSON document of `doctor --json` (docs/doctor.md). */
interface DoctorJson {
  schema: number
  tool: string
  version: string
  ok: boolean
  connection: { endpoint: string; region: string | null; proxy: string | null }
  checks: Array<{
    id: string
    status: 'ok' | 'missing' | 'not-checked'
    summary: string
    fix: string | null
    action?: string
    code?: string
    target?: Record<string, unknown>
  }>
  readings: Array<{
    fact: string
    assumed: string
    observed: string | null
    reading: string | null
  }>
  writeActions: { tried: boolean; actions: string[]; statement: { statement: unknown[] } }
}

/** Runs `doctor` against the emulator, then checks that it sent no write and printed no secret. */
async function doctor(
  emulator: Emulator,
  argv: string[],
  options: CliOptions & { endpoint?: string } = {}
): Promise<CliRun> {
  emulator.resetRequests()
  const run = await runCliProcess(
    ['doctor', '--endpoint', options.endpoint ?? emulator.url, '--max-rps', '20', ...argv],
    {
      ...options,
      env: {
        TENCENTCLOUD_SECRET_ID: SECRET_ID,
        TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
        ...options.env
      }
    }
  )
  expect(
    emulator.requests.filter((request) => WRITE_ACTIONS.includes(request.action ?? ''))
  ).toEqual([])
  expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET_KEY)
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/)
  return run
}

function parsed(run: CliRun): DoctorJson {
  return JSON.parse(run.stdout) as DoctorJson
}

/** The lines of the report that are checks, by their mark. */
function marked(run: CliRun, mark: '✓' | '✗'): string[] {
  return run.stdout.split('\n').filter((line) => line.startsWith(`${mark} `))
}

describe('doctor on one account', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await startGateEmulator(ACCOUNT)
  })
  afterAll(() => emu?.close())

  it('a complete set-up: every check ✓, the write actions named but not tried, exit 0', async () => {
    const run = await doctor(emu, COMPLETE_TARGETS)
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(marked(run, '✗')).toEqual([])
    const ok = marked(run, '✓')
    for (const action of [
      'DescribeAssetImageVirusList',
      'DescribeAssetImageList',
      'DescribeAssetImageDetail',
      'DescribeVirusDetail',
      'DescribeAssetImageRegistryList',
      'DescribeAssetImageRegistryDetail',
      'DescribeAssetImageRegistryVirusList'
    ])
      expect(ok.some((line) => line.includes(`tcss:${action}`))).toBe(true)
    expect(ok.some((line) => /credentials/.test(line))).toBe(true)
    expect(ok.some((line) => /service role/.test(line))).toBe(true)
    // What the gate would see, without judging it.
    expect(run.stdout).toMatch(
      new RegExp(`✓ image-id ${WEB_ID}: .*authorized.*critical 1, high 0, medium 0, low 2`)
    )
    expect(run.stdout).toMatch(/✓ registry-image .*team\/app:1\.0: listed \(Id 7\).*high 1/)
    expect(run.stdout).toMatch(new RegExp(`✓ event-ids ${EVENT}: found`))
    expect(run.stdout).toMatch(/not tried/)
    expect(run.stdout).toContain('"tcss:CreateAssetImageScanTask"')
    expect(run.stdout).toContain('"tcss:SyncAssetImageRegistryAsset"')
    expect(run.stdout).toMatch(/observed: /)
    // Scan times only: the event's zone-less CreateTime is another field.
    expect(run.stdout).toMatch(/scanTimeFormat: observed: with a zone.*\(reading: zoned\)/)
  })

  it('--json: the documented shape, ok true, and the write actions listed as not tried', async () => {
    const run = await doctor(emu, [...COMPLETE_TARGETS, '--json'])
    expect(run.exitCode).toBe(0)
    const report = parsed(run)
    expect(report).toMatchObject({
      schema: 1,
      tool: 'tcss-virus-gate',
      ok: true,
      connection: { endpoint: emu.url, region: null, proxy: null }
    })
    expect(typeof report.version).toBe('string')
    expect(report.checks.length).toBeGreaterThan(10)
    for (const check of report.checks) {
      expect(['ok', 'missing', 'not-checked']).toContain(check.status)
      expect(typeof check.id).toBe('string')
      expect(typeof check.summary).toBe('string')
      expect(check.status === 'missing' ? typeof check.fix : 'ok').not.toBe('object')
    }
    expect(report.checks.filter((check) => check.status === 'missing')).toEqual([])
    const registry = report.checks.find(
      (check) => check.id === 'target' && check.target?.kind === 'registry-image'
    )
    expect(registry?.target).toMatchObject({
      reference: `${APP}:1.0`,
      listed: true,
      registryConnected: true,
      authorized: true,
      virusStatus: 'SCANNED',
      findings: { critical: 0, high: 1, medium: 0, low: 0, unknown: 0 }
    })
    expect(report.writeActions.tried).toBe(false)
    expect(report.writeActions.actions).toEqual([
      'tcss:CreateAssetImageScanTask',
      'tcss:CreateAssetImageRegistryScanTask',
      'tcss:SyncAssetImageRegistryAsset'
    ])
    expect(JSON.stringify(report.writeActions.statement)).toContain(
      'tcss:DescribeAssetImageVirusList'
    )
    for (const reading of report.readings) {
      expect(typeof reading.fact).toBe('string')
      expect(typeof reading.assumed).toBe('string')
    }
  })

  it('a bad key: credentials ✗ with the fix, nothing else claimed, exit 1', async () => {
    const run = await doctor(emu, ['--image-id', WEB_ID], {
      env: { TENCENTCLOUD_SECRET_KEY: 'wrong-secret-key-0000000000000' }
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).not.toContain('wrong-secret-key-0000000000000')
    const failed = marked(run, '✗')
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatch(/credentials.*AuthFailure\.SignatureFailure/)
    expect(run.stdout).toMatch(/fix: .*TENCENTCLOUD_SECRET_KEY/)
    expect(marked(run, '✓').filter((line) => line.includes('tcss:'))).toEqual([])
  })

  it('an image TCSS does not list, by ImageID and by name: each its own ✗, exit 1', async () => {
    const run = await doctor(emu, [
      '--image-id',
      'sha256:nowhere',
      '--image',
      'ccr.ccs.tencentyun.com/team/ghost:9'
    ])
    expect(run.exitCode).toBe(1)
    const failed = marked(run, '✗')
    expect(failed).toHaveLength(2)
    expect(failed[0]).toMatch(/image-id sha256:nowhere: not listed/)
    expect(failed[1]).toMatch(/image ccr\.ccs\.tencentyun\.com\/team\/ghost:9: not listed/)
    expect(run.stdout).toMatch(/fix: .*agent/)
  })

  it('images not authorized for scanning, local and in a registry: each its own ✗ with the fix', async () => {
    const run = await doctor(emu, [
      '--image-id',
      UNAUTHORIZED_ID,
      '--registry-image',
      `${APP}:locked`,
      '--json'
    ])
    expect(run.exitCode).toBe(1)
    const missing = parsed(run).checks.filter((check) => check.status === 'missing')
    expect(missing.map((check) => check.target?.reference ?? check.target?.imageId)).toEqual([
      UNAUTHORIZED_ID,
      `${APP}:locked`
    ])
    for (const check of missing) {
      expect(check.target?.authorized).toBe(false)
      expect(check.fix).toMatch(/authoriz/i)
    }
  })

  it('a registry image not listed: ✗, with the rows that look alike', async () => {
    const run = await doctor(emu, ['--registry-image', `${APP}:2.0`])
    expect(run.exitCode).toBe(1)
    const failed = marked(run, '✗')
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatch(/registry-image .*team\/app:2\.0: not listed/)
    expect(failed[0]).toContain(`${APP}:1.0`)
    expect(failed[0]).toMatch(/registry connected/)
  })

  it('--version and a gate run never load the doctor: they run without its chunk', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-no-doctor-'))
    try {
      fs.cpSync(path.dirname(CLI_BUNDLE), copy, { recursive: true })
      const doctorChunks = fs
        .readdirSync(copy)
        .filter((file) =>
          fs
            .readFileSync(path.join(copy, file), 'utf8')
            .includes('tcss-virus-gate-doctor-no-target')
        )
      expect(doctorChunks).toHaveLength(1)
      expect(doctorChunks[0]).not.toBe('index.js')
      fs.rmSync(path.join(copy, doctorChunks[0]))
      const bin = path.join(copy, 'index.js')
      const version = await runCliProcess(['--version'], { bin })
      expect(version).toMatchObject({ exitCode: 0, stderr: '' })
      const gate = await runCliProcess(
        ['--endpoint', emu.url, '--image-id', WEB_ID, '--enforce', 'false'],
        {
          bin,
          env: { TENCENTCLOUD_SECRET_ID: SECRET_ID, TENCENTCLOUD_SECRET_KEY: SECRET_KEY }
        }
      )
      expect(gate.exitCode).toBe(0)
      expect(gate.stdout).toMatch(/^TCSS virus gate: FAIL \(report only/)
      // The chunk removed is the doctor's: without it, the doctor cannot start.
      const doctorRun = await runCliProcess(['doctor', '--help'], { bin })
      expect(doctorRun.exitCode).not.toBe(0)
    } finally {
      fs.rmSync(copy, { recursive: true, force: true })
    }
  })

  it('a registry image by digest: the row with that digest; an unknown digest beside listed rows is left open (an image index), not ✗', async () => {
    // The emulator's default ImageDigest of row 7.
    const digest = `sha256:${createHash('sha256').update('7').digest('hex')}`
    const unknown = `sha256:${'a'.repeat(64)}`
    const run = await doctor(emu, [
      '--registry-image',
      `${APP}@${digest}`,
      '--registry-image',
      `${APP}@${unknown}`
    ])
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(/✓ registry-image .*@sha256:[0-9a-f]{64}: listed \(Id 7\)/)
    expect(run.stdout).toContain(`– registry-image ${APP}@${unknown}: no row has this digest`)
    expect(marked(run, '✗')).toEqual([])
  })

  it('bad flags exit 2, naming the flag; --help is its own and exits 0', async () => {
    const unknown = await doctor(emu, ['--polcy', 'x'])
    expect(unknown.exitCode).toBe(2)
    expect(unknown.stderr).toMatch(/--polcy/)
    const region = await doctor(emu, ['--region', 'Not A Region'])
    expect(region.exitCode).toBe(2)
    expect(region.stderr).toMatch(/--region/)
    const keyless = await doctor(emu, [], { env: { TENCENTCLOUD_SECRET_KEY: '' } })
    expect(keyless.exitCode).toBe(2)
    expect(keyless.stderr).toMatch(/--secret-key \(or TENCENTCLOUD_SECRET_KEY\)/)
    const stray = await doctor(emu, ['now'])
    expect(stray.exitCode).toBe(2)
    expect(emu.requests).toEqual([])
    const help = await doctor(emu, ['--help'])
    expect(help.exitCode).toBe(0)
    expect(help.stdout).toMatch(/doctor/)
    expect(help.stdout).toContain('--json')
    expect(help.stdout).not.toContain('--report-file')
  })
})

describe('doctor on accounts with a missing piece', () => {
  let emu: Emulator | undefined
  afterAll(() => emu?.close())
  async function account(options: EmulatorOptions): Promise<Emulator> {
    await emu?.close()
    emu = await startGateEmulator({ ...ACCOUNT, ...options })
    return emu
  }

  it('a refused read action: its own ✗ naming the CAM action to grant, exit 1', async () => {
    const server = await account({ deniedActions: ['DescribeAssetImageRegistryVirusList'] })
    const run = await doctor(server, ['--registry-image', `${APP}:1.0`])
    expect(run.exitCode).toBe(1)
    const failed = marked(run, '✗')
    expect(failed.some((line) => line.includes('tcss:DescribeAssetImageRegistryVirusList'))).toBe(
      true
    )
    expect(run.stdout).toMatch(/fix: grant tcss:DescribeAssetImageRegistryVirusList/)
    expect(
      marked(run, '✓').some((line) => line.includes('tcss:DescribeAssetImageRegistryList'))
    ).toBe(true)
  })

  it('a missing service role: ✗ service role with the console fix, exit 1', async () => {
    const server = await account({ serviceRoleMissing: true })
    const run = await doctor(server, ['--image-id', WEB_ID, '--json'])
    expect(run.exitCode).toBe(1)
    const report = parsed(run)
    const role = report.checks.find((check) => check.id === 'service-role')
    expect(role).toMatchObject({ status: 'missing', code: 'InternalError.ErrRoleNotExist' })
    expect(role?.fix).toMatch(/TCSS_QCSRole/)
    expect(report.checks.find((check) => check.id === 'credentials')?.status).toBe('ok')
  })

  it('a region TCSS does not serve: the endpoint ✗ naming --region, exit 1', async () => {
    const server = await account({ regions: ['ap-shanghai'] })
    const run = await doctor(server, ['--region', 'ap-nowhere', '--image-id', WEB_ID])
    expect(run.exitCode).toBe(1)
    const failed = marked(run, '✗')
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatch(/endpoint: .*UnsupportedRegion/)
    expect(run.stdout).toMatch(/fix: --region ap-nowhere/)
  })

  it('a registry not connected to TCSS: the registry image ✗, saying so, exit 1', async () => {
    const server = await account({ connectedRegistries: [] })
    const run = await doctor(server, ['--registry-image', 'other.tencentcloudcr.com/team/app:1.0'])
    expect(run.exitCode).toBe(1)
    const failed = marked(run, '✗')
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatch(/not listed.*registry other\.tencentcloudcr\.com is not connected/)
    expect(run.stdout).toMatch(/fix: connect/)
  })
})

describe('doctor through a proxy that refuses the tunnel', () => {
  let certificate: TestCertificate
  let emu: Emulator
  let proxy: ConnectProxy
  beforeAll(async () => {
    certificate = await createTestCertificate(API_HOST)
    emu = await startGateEmulator({
      ...ACCOUNT,
      tls: { key: certificate.key, cert: certificate.cert }
    })
    proxy = await startConnectProxy({ refuse: 403 })
  })
  afterAll(async () => {
    await proxy?.close()
    await emu?.close()
    certificate?.remove()
  })

  it('the endpoint ✗, naming the proxy and its answer, exit 1', async () => {
    const run = await doctor(emu, ['--image-id', WEB_ID, '--json'], {
      endpoint: `https://${API_HOST}:${emu.port}`,
      env: { ...localNetworkEnv(certificate), HTTPS_PROXY: proxy.url }
    })
    expect(run.exitCode).toBe(1)
    const report = parsed(run)
    expect(report.connection.proxy).toBe(proxy.url)
    const endpoint = report.checks.find((check) => check.id === 'endpoint')
    expect(endpoint?.status).toBe('missing')
    expect(endpoint?.summary).toMatch(/refused the tunnel.*403/)
    expect(endpoint?.fix).toMatch(/proxy/i)
    expect(proxy.connects.length).toBeGreaterThan(0)
    expect(emu.requests).toEqual([])
  })
})

describe('observed readings match the reading served', () => {
  /** Targets that let a read show each fact: a local image with findings at two levels, by name, and a registry image with tied rows. */
  const READINGS_ACCOUNT: EmulatorOptions = {
    images: {
      ...ACCOUNT.images,
      'sha256:busy': { statuses: [1], previousFindings: [finding(2)] }
    },
    registryImages: {
      8: { repository: APP, tag: '0.9', virusStatuses: ['SCAN_CANCELED'] },
      7: {
        repository: APP,
        tag: '1.0',
        findings: [4, 1, 1, 1, 1, 1].map((level, index) =>
          registryVirusRow(finding(level, { Path: `/srv/file-${index}` }))
        )
      }
    }
  }
  const TARGETS = [
    '--image-id',
    WEB_ID,
    '--image',
    WEB_NAME,
    '--registry-image',
    `${APP}:1.0`,
    '--registry-image',
    `${APP}:0.9`,
    '--image-id',
    'sha256:busy'
  ]

  const modes: Array<Record<string, string>> = [
    {
      virusListOrder: 'honoured',
      registryVirusListOrder: 'stable',
      imageNameFilter: 'fuzzy',
      scanTimeFormat: 'zoned',
      registryAddress: 'full-path',
      registryScanStatus: 'same-as-virus',
      registrySync: 'completes',
      registryVirusStatusNames: 'short',
      virusRowsWhileScanning: 'served'
    },
    {
      virusListOrder: 'risk-level-page-ties',
      registryVirusListOrder: 'risk-level-page-ties',
      imageNameFilter: 'exact-repository',
      scanTimeFormat: 'zoneless',
      registryAddress: 'host-only',
      registryScanStatus: 'independent',
      registrySync: 'stuck-doing',
      registryVirusStatusNames: 'model-wide'
    },
    { imageNameFilter: 'exact-name-tag' }
  ]

  it.each(modes)('%o', async (readings) => {
    const emu = await startGateEmulator({ ...READINGS_ACCOUNT, readings })
    try {
      const run = await doctor(emu, [...TARGETS, '--json'])
      const report = parsed(run)
      for (const [fact, reading] of Object.entries(readings)) {
        const observed = report.readings.find((entry) => entry.fact === fact)
        expect({ fact, reading: observed?.reading }).toEqual({ fact, reading })
        expect(observed?.observed).toEqual(expect.any(String))
      }
      const riskLevels = Object.fromEntries(
        report.readings
          .filter((entry) => /RiskLevel/.test(entry.fact))
          .map((entry) => [entry.fact, entry.reading])
      )
      expect(riskLevels).toEqual({ localRiskLevel: 'number', registryRiskLevel: 'string' })
    } finally {
      await emu.close()
    }
  })

  it('says "not observable with this account" where there is nothing to read', async () => {
    const emu = await startGateEmulator({})
    try {
      const run = await doctor(emu, [])
      expect(run.exitCode).toBe(0)
      expect(run.stdout).toMatch(/virusListOrder: .*not observable with this account/)
      expect(run.stdout).toMatch(/localTaskId: .*not observable/)
    } finally {
      await emu.close()
    }
  })
})
