/**
 * The validators the ecosystem uses, run offline from the npm registry:
 * action-validator on action.yml and every workflow (its schema predates the
 * node24 runtime, so action.yml is checked with `using` read as node20 after
 * checking it says node24), and the SARIF multitool with GitHub's rules on
 * the SARIF log of each demo scenario.
 */
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import { createRequire } from 'node:module'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import type { Emulator } from '../emulator/emulator.mjs'
import { runGate, startGateEmulator } from '../helpers/gate.js'
import { ROOT } from '../helpers/run-action.js'

const BIN = path.join(ROOT, 'node_modules', '.bin')
/** The multitool's own binary for this platform (its npm wrapper goes through a shell, which splits "Gh;Sarif"). */
const MULTITOOL = createRequire(path.join(ROOT, 'package.json'))(
  '@microsoft/sarif-multitool'
) as string
let scratch: string
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-validators-'))
})
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command.startsWith('/') ? command : path.join(BIN, command), args, {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' }
  })
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` }
}

describe('action-validator', () => {
  it('accepts action.yml, whose runtime is node24', () => {
    const text = fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')
    expect((parse(text) as { runs: { using: string } }).runs.using).toBe('node24')
    const copy = path.join(scratch, 'action.yml')
    fs.writeFileSync(copy, text.replace(/^(\s+using:\s*)node24\s*$/m, '$1node20'))
    const result = run('action-validator', [copy])
    expect(result.output).toBe('\n')
    expect(result.status).toBe(0)
  })

  it.each(fs.readdirSync(path.join(ROOT, '.github', 'workflows')))(
    'accepts workflow %s',
    (name) => {
      const result = run('action-validator', [path.join(ROOT, '.github', 'workflows', name)])
      expect(result.status).toBe(0)
    }
  )
})

describe('SARIF multitool with the GitHub rules', () => {
  let emulator: Emulator
  beforeAll(async () => {
    const scenario = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'test', 'emulator', 'scenarios', 'demo.json'), 'utf8')
    ) as Parameters<typeof startGateEmulator>[0]
    emulator = await startGateEmulator(scenario)
  })
  afterAll(async () => {
    await emulator?.close()
  })

  it.each([
    [
      'an infected local image, every finding',
      { 'image-id': 'sha256:demo-infected', 'sarif-scope': 'all' }
    ],
    ['a clean local image', { 'image-id': 'sha256:demo-clean' }],
    [
      'a registry image scanned on demand',
      { 'registry-image': 'ccr.ccs.tencentyun.com/demo-team/shop-api:1.8.0', 'sarif-scope': 'all' }
    ],
    [
      'an image and runtime events',
      {
        'image-id': 'sha256:demo-infected',
        'event-ids': 'evt-demo-pending\nevt-demo-isolated\nevt-demo-notice'
      }
    ]
  ])('reports no error on the log of %s', async (_name, inputs) => {
    const result = await runGate(emulator, {
      inputs: { ...inputs, 'sarif-file': 'gate.sarif' },
      readBack: ['gate.sarif']
    })
    const log = result.readBack['gate.sarif']
    expect(log).toBeDefined()
    const file = path.join(scratch, `${Math.random().toString(36).slice(2)}.sarif`)
    fs.writeFileSync(file, log)
    const out = `${file}.validation.sarif`
    const validation = run(MULTITOOL, [
      'validate',
      '--rule-kind',
      'Gh;Sarif',
      '--output',
      out,
      file
    ])
    expect(validation.status).toBe(0)
    const results = (
      JSON.parse(fs.readFileSync(out, 'utf8')) as {
        runs: Array<{ results?: Array<{ level?: string; ruleId?: string; message?: unknown }> }>
      }
    ).runs.flatMap((run) => run.results ?? [])
    expect(results.filter((r) => r.level === 'error')).toEqual([])
  })
})
