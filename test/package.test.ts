/**
 * The npm package: publishable, a bin that runs on its own, and nothing of
 * the tests or the sources in the tarball. The tarball is packed for real,
 * extracted into a temporary directory with no node_modules, and its bin run.
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { emulatorPerTest, finding } from './helpers/gate.js'
import { ROOT } from './helpers/run-action.js'
import { runCliGate, runCliProcess } from './helpers/run-cli.js'

interface PackageJson {
  name: string
  version: string
  private?: boolean
  bin: Record<string, string>
  files: string[]
  dependencies?: Record<string, string>
  engines: { node: string }
}
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson
const npm = (args: string[], cwd = ROOT): string =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' }
  })

describe('package.json', () => {
  it('is publishable as tcss-virus-gate, with a bin of that name on Node 20+', () => {
    expect(pkg.name).toBe('tcss-virus-gate')
    expect(pkg.private).toBeUndefined()
    expect(pkg.bin).toEqual({ 'tcss-virus-gate': 'dist/cli/index.js' })
    expect(pkg.engines.node).toBe('>=20')
    // The bin is one bundle: installing the package installs nothing else.
    expect(pkg.dependencies ?? {}).toEqual({})
  })
})

describe('npm pack', () => {
  const start = emulatorPerTest()
  let unpacked: string
  let files: string[]

  beforeAll(() => {
    const listing = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'])) as Array<{
      files: Array<{ path: string }>
    }>
    files = listing[0].files.map((file) => file.path).sort()
    unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-pack-'))
    const out = JSON.parse(
      npm(['pack', '--json', '--ignore-scripts', '--pack-destination', unpacked])
    ) as Array<{ filename: string }>
    execFileSync('tar', ['-xzf', path.join(unpacked, out[0].filename), '-C', unpacked])
  })
  afterAll(() => {
    fs.rmSync(unpacked, { recursive: true, force: true })
  })

  it('holds the command-line bundle and the documents, nothing of the tests or sources', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'package.json',
        'dist/cli/index.js',
        'dist/cli/package.json'
      ])
    )
    const unexpected = files.filter(
      (file) =>
        !/^(LICENSE|README\.md|CHANGELOG\.md|package\.json)$/.test(file) &&
        !file.startsWith('dist/cli/')
    )
    expect(unexpected).toEqual([])
  })

  it('has a bin with a Node shebang that runs from the extracted tarball alone', async () => {
    const bin = path.join(unpacked, 'package', pkg.bin['tcss-virus-gate'])
    expect(fs.readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node')
    const version = await runCliProcess(['--version'], { bin })
    expect(version).toMatchObject({ exitCode: 0, stdout: `${pkg.version}\n` })
  })

  it('gates an image against the emulator from the extracted tarball', async () => {
    const bin = path.join(unpacked, 'package', pkg.bin['tcss-virus-gate'])
    const emu = await start({ images: { 'sha256:bad': { findings: [finding(4)] } } })
    const run = await runCliGate(emu, ['--image-id', 'sha256:bad'], { bin })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/^TCSS virus gate: FAIL/)
  })
})
