#!/usr/bin/env node
/**
 * The demo: starts the TCSS emulator on 127.0.0.1 with a sample scenario and
 * runs the bundled action (dist/index.js) against it the way the GitHub runner
 * does, then prints the log, the outputs and the job summary.
 *
 *   npm run demo                               # the infected sample image
 *   npm run demo -- --image sha256:demo-clean  # the clean one
 *   npm run demo -- --policy path/to/policy.yml
 *   npm run demo -- --events evt-demo-pending,evt-demo-isolated  # runtime trojan events too
 *   npm run demo -- --registry-image ccr.ccs.tencentyun.com/demo-team/shop-api:1.8.0
 *
 * A mistake in its flags, or a policy that does not exist, is one line and
 * exit code 2. The JSON report is kept after the demo, where the log says.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { parse } from 'yaml'
import { startEmulator } from '../test/emulator/emulator.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const USAGE = `Usage: npm run demo -- [--image ID] [--registry-image REF] [--events ID,ID] [--policy FILE]

Runs the bundled action (dist/index.js) against the TCSS emulator with the demo scenario.
  --image ID            local image: sha256:demo-infected (default, fails) or sha256:demo-clean
  --registry-image REF  registry image, e.g. ccr.ccs.tencentyun.com/demo-team/shop-api:1.8.0
  --events ID,ID        runtime trojan events: evt-demo-pending, evt-demo-isolated, evt-demo-notice
  --policy FILE         the policy to use (default policy.example.yml)
  -h, --help            print this and exit
`

/** A user's mistake: one line on stderr, exit code 2, as the command line does. */
function usageError(message) {
  process.stderr.write(`error: ${message} (npm run demo -- --help for the flags)\n`)
  process.exit(2)
}

let values
try {
  ;({ values } = parseArgs({
    options: {
      image: { type: 'string', default: 'sha256:demo-infected' },
      policy: { type: 'string', default: path.join(root, 'policy.example.yml') },
      events: { type: 'string', default: '' },
      'registry-image': { type: 'string', default: '' },
      help: { type: 'boolean', short: 'h', default: false }
    }
  }))
} catch (error) {
  usageError(error.message)
}
if (values.help) {
  process.stdout.write(USAGE)
  process.exit(0)
}
const policyFile = path.resolve(values.policy)
if (!fs.existsSync(policyFile) || !fs.statSync(policyFile).isFile())
  usageError(`the policy file ${values.policy} does not exist`)
// The JSON report outlives the demo here (the workspace does not), at the path the log names.
const keptDir = path.join(os.tmpdir(), 'tcss-virus-gate-demo')
fs.mkdirSync(keptDir, { recursive: true })
const reportFile = path.join(fs.realpathSync(keptDir), 'tcss-virus-report.json')

const scenario = JSON.parse(
  fs.readFileSync(path.join(root, 'test/emulator/scenarios/demo.json'), 'utf8')
)
// The registry the demo's registry images were pushed to: each a single-platform image manifest,
// served on 127.0.0.1 (the gate reads the pushed manifest from the registry first).
const registry = await startDemoRegistry(scenario.registryImages ?? {})
const emulator = await startEmulator(scenario)
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-demo-'))
try {
  const policyTarget = path.join(workspace, '.github/tcss-virus-policy.yml')
  fs.mkdirSync(path.dirname(policyTarget), { recursive: true })
  fs.copyFileSync(policyFile, policyTarget)
  const outputFile = path.join(workspace, 'github-output')
  const summaryFile = path.join(workspace, 'step-summary.md')
  fs.writeFileSync(outputFile, '')
  fs.writeFileSync(summaryFile, '')

  // Every input of action.yml, at its default unless the demo sets it.
  const action = parse(fs.readFileSync(path.join(root, 'action.yml'), 'utf8'))
  const inputs = {
    // A registry image replaces the default local image; a local image given by hand is kept.
    'image-id':
      values['registry-image'] && values.image === 'sha256:demo-infected' ? '' : values.image,
    'registry-image': values['registry-image'],
    'event-ids': values.events.split(',').join('\n'),
    'secret-id': emulator.secretId,
    'secret-key': emulator.secretKey,
    endpoint: emulator.url,
    'poll-interval': '0.5',
    'wait-timeout': '60',
    'report-file': reportFile
  }
  const env = {
    TCSS_VIRUS_GATE_TEST_REGISTRY_HOSTS: registry.mapping,
    PATH: process.env.PATH ?? '',
    HOME: os.homedir(),
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_NAME: 'push',
    RUNNER_TEMP: keptDir
  }
  for (const [name, spec] of Object.entries(action.inputs)) {
    // The runner evaluates expressions in defaults; outside a run, github.token is empty.
    const value = inputs[name] ?? spec.default ?? ''
    env[`INPUT_${name.toUpperCase()}`] = String(value).replace(/\$\{\{\s*github\.token\s*\}\}/g, '')
  }

  console.log(
    `Emulator on ${emulator.url}; gating ${[inputs['registry-image'], inputs['image-id'], values.events].filter(Boolean).join(' and ')} with policy ${path.relative(process.cwd(), policyFile)} (as .github/tcss-virus-policy.yml)\n`
  )
  console.log('---- action log ----')
  const child = spawn(process.execPath, [path.join(root, 'dist/index.js')], {
    env,
    cwd: workspace,
    stdio: 'inherit'
  })
  const exitCode = await new Promise((resolve) => child.on('close', resolve))

  console.log('\n---- outputs ----')
  const outputs = fs.readFileSync(outputFile, 'utf8').match(/^[^<\n]+<<.+\n[\s\S]*?\n/gm) ?? []
  for (const block of outputs) {
    const [head, value] = block.split('\n')
    console.log(`${head.split('<<')[0]} = ${value}`)
  }
  console.log('\n---- job summary (Markdown) ----')
  console.log(fs.readFileSync(summaryFile, 'utf8'))
  console.log(
    `---- the action exited with ${exitCode} (${exitCode === 0 ? 'job passes' : 'job fails'}); ${emulator.requests.length} API request(s) ----`
  )
  if (fs.existsSync(reportFile)) console.log(`JSON report kept at ${reportFile}`)
} finally {
  await emulator.close()
  await new Promise((resolve) => registry.server.close(resolve))
  fs.rmSync(workspace, { recursive: true, force: true })
}

/**
 * A public registry (no auth) holding one image manifest per registry image of
 * the scenario, under its tag; the scenario's digest becomes that manifest's.
 *
 * @param {Record<string, { repository: string, tag?: string, digest?: string }>} images
 */
async function startDemoRegistry(images) {
  /** @type {Map<string, string>} */
  const manifests = new Map()
  const hosts = new Set()
  for (const [id, image] of Object.entries(images)) {
    const slash = image.repository.indexOf('/')
    const name = image.repository.slice(slash + 1)
    hosts.add(image.repository.slice(0, slash).toLowerCase())
    const body = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: `sha256:${createHash('sha256').update(`demo config ${id}`).digest('hex')}`,
        size: 1024
      },
      layers: []
    })
    image.digest = `sha256:${createHash('sha256').update(body).digest('hex')}`
    manifests.set(`/v2/${name}/manifests/${image.tag ?? 'latest'}`, body)
    manifests.set(`/v2/${name}/manifests/${image.digest}`, body)
  }
  const server = http.createServer((request, response) => {
    const body = manifests.get(request.url ?? '')
    response.writeHead(body ? 200 : 404, {
      'Content-Type': body ? 'application/vnd.oci.image.manifest.v1+json' : 'application/json'
    })
    response.end(body ?? '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}')
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const address = server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  return { server, mapping: [...hosts].map((host) => `${host}=${url}`).join(',') }
}
