#!/usr/bin/env node
/**
 * Developer flow: runs the action from src/ with @github/local-action (for
 * stepping through it in a debugger) against the TCSS emulator, with the
 * inputs of .env (or .env.example when there is no .env).
 *
 *   npm run local
 *
 * local-action exits 0 even when the action fails: read its output. The tests
 * run the bundle (dist/index.js) instead.
 */
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmulator } from '../test/emulator/emulator.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const envFile = fs.existsSync(path.join(root, '.env')) ? '.env' : '.env.example'
const envText = fs.readFileSync(path.join(root, envFile), 'utf8')
const setting = (name) => new RegExp(`^${name}=(.*)$`, 'm').exec(envText)?.[1]?.trim()
const endpoint = new URL(setting('INPUT_ENDPOINT') || 'http://127.0.0.1:8930')
// local-action takes the environment from the env file; the job summary goes where it says.
const summaryFile = setting('GITHUB_STEP_SUMMARY')
if (summaryFile) fs.writeFileSync(summaryFile, '')

const scenario = JSON.parse(
  fs.readFileSync(path.join(root, 'test/emulator/scenarios/demo.json'), 'utf8')
)
const emulator = await startEmulator({
  ...scenario,
  host: endpoint.hostname,
  port: Number(endpoint.port)
})
console.log(`TCSS emulator on ${emulator.url}; inputs from ${envFile}`)
try {
  const child = spawn(
    path.join(root, 'node_modules/.bin/local-action'),
    ['run', '.', 'src/action/main.ts', envFile],
    {
      cwd: root,
      stdio: 'inherit'
    }
  )
  const code = await new Promise((resolve) => child.on('close', resolve))
  if (summaryFile)
    console.log(`\n---- job summary (${summaryFile}) ----\n${fs.readFileSync(summaryFile, 'utf8')}`)
  process.exitCode = code ?? 1
} finally {
  await emulator.close()
}
