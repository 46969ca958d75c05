#!/usr/bin/env node
/**
 * Makes package.json (the file given, ./package.json by default) the
 * manifest the npm package is published with: the lifecycle scripts that
 * serve development (`prepare` applies patches/ after `npm ci`) are removed,
 * so installing or running the published package runs no script at all.
 * The release workflow runs it on its own checkout just before `npm publish`;
 * test/package.test.ts packs the result.
 */
import * as fs from 'node:fs'

/** Every script npm may run when a package is installed, packed or published. */
export const LIFECYCLE_SCRIPTS = [
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

const file = process.argv[2] ?? 'package.json'
const manifest = JSON.parse(fs.readFileSync(file, 'utf8'))
for (const name of LIFECYCLE_SCRIPTS) delete manifest.scripts?.[name]
fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`)
