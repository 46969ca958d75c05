#!/usr/bin/env node
/**
 * `npm run bundle`: the action (dist/) and the command line (dist/cli/), each
 * built by ncc from an empty folder, so no chunk of an earlier build stays.
 *
 * Each front end is a main file and the chunks of what it imports on use
 * (`import()`), which ncc writes beside it as NNN.index.js. ncc's `--license`
 * writes one licenses.txt per chunk, each over the last, so the file would
 * name only the packages of whichever chunk came last. The notices are
 * written here instead, from ncc's own list of the modules it bundled: every
 * package of every chunk, in the same format (name, licence, licence text).
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const ncc = path.join(root, 'node_modules', '.bin', 'ncc')
const builds = [
  { entry: 'src/index.ts', out: 'dist' },
  { entry: 'src/cli/index.ts', out: 'dist/cli' }
]

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true })
const statsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-bundle-'))
try {
  for (const { entry, out } of builds) {
    const stats = path.join(statsDir, 'stats.json')
    execFileSync(ncc, ['build', entry, '-o', out, '--target', 'es2022', '--stats-out', stats], {
      cwd: root,
      stdio: 'inherit'
    })
    fs.writeFileSync(path.join(root, out, 'licenses.txt'), licenses(readModules(stats)))
  }
} finally {
  fs.rmSync(statsDir, { recursive: true, force: true })
}

/** The file of every module ncc bundled, concatenated modules included. */
function readModules(statsFile) {
  const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'))
  const names = []
  const walk = (modules) => {
    for (const module of modules ?? []) {
      if (module.name) names.push(module.name)
      walk(module.modules)
    }
  }
  walk(stats.modules)
  for (const chunk of stats.chunks ?? []) walk(chunk.modules)
  return names
}

/** The notices of the packages those modules belong to, sorted by name, as ncc writes them. */
function licenses(moduleNames) {
  const packages = new Map()
  // ncc's own runtime helpers are part of every bundle.
  packages.set('@vercel/ncc', path.join(root, 'node_modules', '@vercel', 'ncc'))
  for (const name of moduleNames) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(
      name.replace(/ \+ \d+ modules$/, '')
    )
    if (!match) continue
    const dir = path.resolve(root, match[1])
    const manifest = path.join(dir, 'package.json')
    if (!fs.existsSync(manifest)) continue
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'))
    if (!packages.has(pkg.name)) packages.set(pkg.name, dir)
  }
  return [...packages]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, dir]) => {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
      const licence = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? '')
      const file = fs.readdirSync(dir).find((entry) => /^licen[cs]e(\.|$)/i.test(entry))
      const text = file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : ''
      return `${name}\n${licence}\n${text}\n`
    })
    .join('\n')
}
