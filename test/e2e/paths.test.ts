/**
 * End-to-end: the files the gate reads and writes stay in the workspace (or
 * RUNNER_TEMP for what it writes), whatever `..`, absolute paths or symbolic
 * links a checked-out pull request brings; and pasted secrets are trimmed or
 * refused without being echoed.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  emulatorPerTest,
  failureLine,
  finding,
  runGate,
  SECRET_ID,
  SECRET_KEY
} from '../helpers/gate.js'

const start = emulatorPerTest()

const POLICY = '.github/tcss-virus-policy.yml'
const STRICT = 'version: 1\nthresholds:\n  critical: 0\n  high: 0\n'

/** Directories outside the workspace that a test made; removed after each test. */
const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

function outsideDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-outside-'))
  made.push(dir)
  return dir
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort()
}

async function cleanImage(): Promise<Awaited<ReturnType<typeof start>>> {
  return start({ images: { img: { findings: [finding(1)] } } })
}

describe('report-file and sarif-file stay inside the workspace or RUNNER_TEMP', () => {
  it('refuses a report-file that climbs out with .., before any API call, and writes nothing there', async () => {
    const emu = await cleanImage()
    const name = `tcss-gate-escape-${randomBytes(6).toString('hex')}.json`
    const escaped = path.join(os.tmpdir(), name)
    made.push(escaped)
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'report-file': `../${name}` }
    })
    expect(result.exitCode).toBe(1)
    const reason = failureLine(result)
    expect(reason).toContain("'report-file'")
    expect(reason).toContain(`../${name}`)
    expect(reason).toContain('outside the workspace')
    expect(fs.existsSync(escaped)).toBe(false)
    expect(emu.requests).toHaveLength(0)
  })

  it('refuses an absolute report-file elsewhere, and accepts one inside RUNNER_TEMP', async () => {
    const emu = await cleanImage()
    const elsewhere = outsideDir()
    const refused = await runGate(emu, {
      inputs: { 'image-id': 'img', 'report-file': path.join(elsewhere, 'r.json') }
    })
    expect(refused.exitCode).toBe(1)
    expect(failureLine(refused)).toContain("'report-file'")
    expect(listFiles(elsewhere)).toEqual([])

    const runnerTemp = outsideDir()
    const report = path.join(runnerTemp, 'reports', 'tcss.json')
    const accepted = await runGate(emu, {
      inputs: { 'image-id': 'img', 'report-file': report },
      env: { RUNNER_TEMP: runnerTemp }
    })
    expect(accepted.exitCode).toBe(0)
    expect(accepted.outputs['report-file']).toBe(
      path.join(fs.realpathSync(runnerTemp), 'reports', 'tcss.json')
    )
    expect(JSON.parse(fs.readFileSync(report, 'utf8'))).toMatchObject({ verdict: 'pass' })
  })

  it('refuses a report-file under a symlinked directory of the checkout that points outside', async () => {
    const emu = await cleanImage()
    const elsewhere = outsideDir()
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'report-file': 'out/report.json' },
      prepare: ({ workspace }) => fs.symlinkSync(elsewhere, path.join(workspace, 'out'))
    })
    expect(result.exitCode).toBe(1)
    const reason = failureLine(result)
    expect(reason).toContain("'report-file'")
    expect(reason).toContain('symbolic link')
    expect(listFiles(elsewhere)).toEqual([])
    expect(emu.requests).toHaveLength(0)
  })

  it('refuses a sarif-file that is itself a symlink to a file outside, existing or not', async () => {
    const emu = await cleanImage()
    const elsewhere = outsideDir()
    fs.writeFileSync(path.join(elsewhere, 'victim.txt'), 'keep me\n')
    for (const target of ['victim.txt', 'not-there-yet.sarif']) {
      const result = await runGate(emu, {
        inputs: { 'image-id': 'img', 'sarif-file': 'gate.sarif' },
        prepare: ({ workspace }) =>
          fs.symlinkSync(path.join(elsewhere, target), path.join(workspace, 'gate.sarif'))
      })
      expect(result.exitCode).toBe(1)
      expect(failureLine(result)).toContain("'sarif-file'")
      expect(listFiles(elsewhere)).toEqual(['victim.txt'])
      expect(fs.readFileSync(path.join(elsewhere, 'victim.txt'), 'utf8')).toBe('keep me\n')
    }
  })

  it('refuses a sarif-file that is the report-file through a symlink alias', async () => {
    const emu = await cleanImage()
    const result = await runGate(emu, {
      inputs: {
        'image-id': 'img',
        'report-file': 'reports/gate.json',
        'sarif-file': 'alias/gate.json'
      },
      prepare: ({ workspace }) => {
        fs.mkdirSync(path.join(workspace, 'reports'))
        fs.symlinkSync('reports', path.join(workspace, 'alias'))
      }
    })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toContain("'sarif-file' and 'report-file' name the same file")
    expect(emu.requests).toHaveLength(0)
  })

  it('refuses a report-file that is the policy, and leaves the policy as it was', async () => {
    const emu = await cleanImage()
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'report-file': `./${POLICY}` },
      files: { [POLICY]: STRICT },
      readBack: [POLICY]
    })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toContain("'report-file' and 'policy' name the same file")
    expect(result.readBack[POLICY]).toBe(STRICT)
    expect(emu.requests).toHaveLength(0)
  })
})

describe('policy stays inside the workspace', () => {
  it('never reads a policy symlinked to a file outside, nor quotes it', async () => {
    const emu = await cleanImage()
    const elsewhere = outsideDir()
    const canary = `outside-canary-${randomBytes(6).toString('hex')}`
    fs.writeFileSync(path.join(elsewhere, 'secret.yml'), `${canary}: 1\nversion: 1\n`)
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img' },
      prepare: ({ workspace }) => {
        fs.mkdirSync(path.join(workspace, '.github'))
        fs.symlinkSync(path.join(elsewhere, 'secret.yml'), path.join(workspace, POLICY))
      },
      secrets: [canary]
    })
    expect(result.exitCode).toBe(1)
    const reason = failureLine(result)
    expect(reason).toContain("'policy'")
    expect(reason).toContain('symbolic link')
    expect(emu.requests).toHaveLength(0)
  })

  it('reads a policy through a symlink that stays inside the workspace', async () => {
    const emu = await start({ images: { img: { findings: [finding(3)] } } })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img' },
      files: { 'policies/lenient.yml': 'version: 1\nthresholds:\n  critical: 0\n  high: 1\n' },
      prepare: ({ workspace }) => {
        fs.mkdirSync(path.join(workspace, '.github'))
        fs.symlinkSync('../policies/lenient.yml', path.join(workspace, POLICY))
      }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.verdict).toBe('pass')
  })
})

describe('secrets from inputs and the environment', () => {
  it('trims the newline a pasted TENCENTCLOUD_SESSION_TOKEN ends with', async () => {
    const token = `session-token-${randomBytes(8).toString('hex')}`
    const emu = await start({
      credentials: [{ secretId: SECRET_ID, secretKey: SECRET_KEY, token }],
      images: { img: { findings: [finding(1)] } }
    })
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img' },
      env: { TENCENTCLOUD_SESSION_TOKEN: `${token}\n` },
      secrets: [token]
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.verdict).toBe('pass')
    expect(result.stdout).toContain(`::add-mask::${token}`)
  })

  it('refuses a session-token with a line break inside, naming the input and not the value', async () => {
    const emu = await cleanImage()
    const head = `token-head-${randomBytes(8).toString('hex')}`
    const tail = `token-tail-${randomBytes(8).toString('hex')}`
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'session-token': `${head}\n${tail}` },
      secrets: [head, tail]
    })
    expect(result.exitCode).toBe(1)
    const reason = failureLine(result)
    expect(reason).toContain("'session-token'")
    expect(reason).toContain('line break')
    expect(emu.requests).toHaveLength(0)
  })

  it('refuses a TENCENTCLOUD_SECRET_KEY with a control character inside, naming the variable', async () => {
    const emu = await cleanImage()
    const key = `key-${randomBytes(8).toString('hex')}\u0007rest-${randomBytes(8).toString('hex')}`
    const result = await runGate(emu, {
      inputs: { 'image-id': 'img', 'secret-key': '' },
      env: { TENCENTCLOUD_SECRET_KEY: key },
      secrets: [key.split('\u0007')[0], key.split('\u0007')[1]]
    })
    expect(result.exitCode).toBe(1)
    const reason = failureLine(result)
    expect(reason).toContain('TENCENTCLOUD_SECRET_KEY')
    expect(reason).toContain("'secret-key'")
    expect(emu.requests).toHaveLength(0)
  })
})
