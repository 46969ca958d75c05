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
import { parse } from 'yaml'
import { TOOL_VERSION } from '../src/constants.js'
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
  scripts: Record<string, string>
  repository?: { type: string; url: string }
  homepage?: string
  bugs?: { url: string }
  keywords?: string[]
  author?: string
}

/** Every script npm may run when a package is installed, packed or published. */
const LIFECYCLE = [
  'preinstall',
  'install',
  'postinstall',
  'prepublish',
  'preprepare',
  'prepare',
  'postprepare',
  'prepack',
  'postpack',
  'prepublishOnly',
  'publish',
  'postpublish',
  'dependencies'
]
const REPOSITORY = 'https://github.com/tcss-virus-gate/tcss-virus-gate'
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson
const npm = (args: string[], cwd = ROOT): string =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' }
  })

describe('package.json', () => {
  it('is publishable as tcss-virus-gate, with a bin of that name on the Node majors CI runs it on', () => {
    expect(pkg.name).toBe('tcss-virus-gate')
    expect(pkg.private).toBeUndefined()
    expect(pkg.bin).toEqual({ 'tcss-virus-gate': 'dist/cli/index.js' })
    // .ci/run runs the command-line tests once per major of this range (scripts/node-of-major.mjs).
    expect(pkg.engines.node).toBe('^20.0.0 || ^22.0.0 || ^24.0.0')
    const majors = execFileSync(
      process.execPath,
      [path.join(ROOT, 'scripts', 'node-of-major.mjs'), '--supported'],
      { encoding: 'utf8' }
    )
    expect(majors).toBe('20\n22\n24\n')
    // The bin is one bundle: installing the package installs nothing else.
    expect(pkg.dependencies ?? {}).toEqual({})
  })

  it('says where the project lives, as the registry page shows it', () => {
    expect(pkg.repository).toEqual({ type: 'git', url: `git+${REPOSITORY}.git` })
    expect(pkg.homepage).toBe(`${REPOSITORY}#readme`)
    expect(pkg.bugs).toEqual({ url: `${REPOSITORY}/issues` })
    expect(pkg.keywords).toEqual(
      expect.arrayContaining(['tcss', 'tencent-cloud', 'gitlab-ci', 'jenkins'])
    )
    expect(pkg.author).toMatch(/\S/)
  })
})

describe('one version everywhere', () => {
  const major = pkg.version.split('.')[0]
  const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8')
  const documents = [
    'README.md',
    ...fs.readdirSync(path.join(ROOT, 'docs')).map((file) => `docs/${file}`),
    'policy.example.yml'
  ].filter((file) => /\.(md|yml)$/.test(file))

  it('the command line says the version of package.json', () => {
    expect(TOOL_VERSION).toBe(pkg.version)
  })

  it('is a release the floating major tag can name: at least 1.0.0, so that @v1 resolves', () => {
    expect(Number(major)).toBeGreaterThanOrEqual(1)
  })

  it("the policy schema's $id and every schema URL are on the major tag", () => {
    const schema = JSON.parse(read('policy.schema.json')) as { $id: string }
    expect(schema.$id).toBe(
      `https://raw.githubusercontent.com/tcss-virus-gate/tcss-virus-gate/v${major}/policy.schema.json`
    )
    for (const file of documents) {
      for (const [url] of read(file).matchAll(
        /tcss-virus-gate\/tcss-virus-gate\/v\d+\/policy\.schema\.json/g
      ))
        expect({ file, url }).toEqual({
          file,
          url: `tcss-virus-gate/tcss-virus-gate/v${major}/policy.schema.json`
        })
    }
  })

  it('every `uses:` of the action names the major tag, and every npx pin the version', () => {
    let uses = 0
    let pins = 0
    for (const file of documents) {
      const text = read(file)
      for (const [, ref] of text.matchAll(/uses: tcss-virus-gate\/tcss-virus-gate@([\w.-]+)/g)) {
        uses += 1
        // The major tag, or one release of that major (the pinning examples).
        expect({
          file,
          ref,
          onMajor: new RegExp(`^v${major}(\\.\\d+\\.\\d+)?$`).test(ref)
        }).toEqual({
          file,
          ref,
          onMajor: true
        })
      }
      for (const [, version] of text.matchAll(/tcss-virus-gate@(\d[\w.-]*)/g)) {
        pins += 1
        expect({ file, version }).toEqual({ file, version: pkg.version })
      }
    }
    expect(uses).toBeGreaterThan(0)
    expect(pins).toBeGreaterThan(0)
  })
})

describe('the release publishes the package', () => {
  const workflow = parse(
    fs.readFileSync(path.join(ROOT, '.github/workflows/release.yml'), 'utf8')
  ) as {
    jobs: Record<
      string,
      { needs?: string; permissions?: Record<string, string>; steps: Array<{ run?: string }> }
    >
  }

  it('after the verify job, with provenance, from a manifest without lifecycle scripts', () => {
    const job = workflow.jobs.npm
    expect(job.needs).toBe('verify')
    expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' })
    const runs = job.steps.flatMap((step) => (step.run ? [step.run.trim()] : []))
    const manifest = runs.indexOf('node scripts/publish-manifest.mjs package.json')
    const publish = runs.findIndex((run) => run.startsWith('npm publish'))
    expect(manifest).toBeGreaterThanOrEqual(0)
    expect(publish).toBeGreaterThan(manifest)
    expect(runs[publish]).toBe('npm publish --provenance --access public --ignore-scripts')
  })
})

describe('npm pack', () => {
  const start = emulatorPerTest()
  let unpacked: string
  let files: string[]

  let staged: string

  // Packed as the release publishes it: the checkout, its manifest made by scripts/publish-manifest.mjs.
  beforeAll(() => {
    staged = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-stage-'))
    for (const entry of ['package.json', 'LICENSE', 'README.md', 'CHANGELOG.md', 'dist/cli'])
      fs.cpSync(path.join(ROOT, entry), path.join(staged, entry), { recursive: true })
    execFileSync(process.execPath, [
      path.join(ROOT, 'scripts', 'publish-manifest.mjs'),
      path.join(staged, 'package.json')
    ])
    const listing = JSON.parse(
      npm(['pack', '--dry-run', '--json', '--ignore-scripts'], staged)
    ) as Array<{
      files: Array<{ path: string }>
    }>
    files = listing[0].files.map((file) => file.path).sort()
    unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-pack-'))
    const out = JSON.parse(
      npm(['pack', '--json', '--ignore-scripts', '--pack-destination', unpacked], staged)
    ) as Array<{ filename: string }>
    execFileSync('tar', ['-xzf', path.join(unpacked, out[0].filename), '-C', unpacked])
  })
  afterAll(() => {
    fs.rmSync(unpacked, { recursive: true, force: true })
    fs.rmSync(staged, { recursive: true, force: true })
  })

  it('runs no lifecycle script, and keeps everything else of package.json', () => {
    const published = JSON.parse(
      fs.readFileSync(path.join(unpacked, 'package', 'package.json'), 'utf8')
    ) as PackageJson
    expect(Object.keys(published.scripts).filter((name) => LIFECYCLE.includes(name))).toEqual([])
    const withoutLifecycle = Object.fromEntries(
      Object.entries(pkg.scripts).filter(([name]) => !LIFECYCLE.includes(name))
    )
    expect(published).toEqual({ ...pkg, scripts: withoutLifecycle })
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
