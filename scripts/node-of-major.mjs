#!/usr/bin/env node
/**
 * Prints the path of a Node.js binary of one major version, for running the
 * command-line tests on each Node major the package declares.
 *
 *   node scripts/node-of-major.mjs --supported   the majors in package.json's engines, one per line
 *   node scripts/node-of-major.mjs 22            a node binary of major 22
 *
 * The running Node is used when it is of that major; otherwise the binary
 * comes from the npm registry's node-<platform>-<arch> package (the one the
 * `node` package installs), kept under node_modules/.cache/node-majors/.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** The majors of an engines range written as `^A.0.0 || ^B.0.0 …`. */
export function supportedMajors(range) {
  const parts = range.split('||').map((part) => part.trim())
  const majors = parts.map((part) => /^\^(\d+)\.0\.0$/.exec(part)?.[1])
  if (majors.some((major) => major === undefined)) {
    throw new Error(`engines.node must be '^A.0.0 || ^B.0.0 …', got '${range}'`)
  }
  return majors.map(Number)
}

function binaryOf(major) {
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath
  const cache = path.join(ROOT, 'node_modules', '.cache', 'node-majors', String(major))
  const binary = path.join(
    cache,
    'package',
    'bin',
    process.platform === 'win32' ? 'node.exe' : 'node'
  )
  if (fs.existsSync(binary)) return binary
  fs.mkdirSync(cache, { recursive: true })
  const spec = `node-${process.platform}-${process.arch}@${major}`
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', spec, '--json', '--ignore-scripts', '--pack-destination', cache], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit']
    })
  )
  execFileSync('tar', ['-xzf', path.join(cache, packed.filename), '-C', cache])
  fs.rmSync(path.join(cache, packed.filename))
  return binary
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [argument] = process.argv.slice(2)
  if (argument === '--supported') {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
    process.stdout.write(`${supportedMajors(pkg.engines.node).join('\n')}\n`)
  } else if (/^\d+$/.test(argument ?? '')) {
    process.stdout.write(`${binaryOf(Number(argument))}\n`)
  } else {
    process.stderr.write('usage: node scripts/node-of-major.mjs --supported | MAJOR\n')
    process.exit(2)
  }
}
