#!/usr/bin/env node
/**
 * Runs the TCSS emulator as a standalone process.
 *
 *   node test/emulator/cli.mjs [--port N] [--scenario path.json] [--latency MS] [--rate-limit N]
 *                              [--reading FACT=READING]...
 *   node test/emulator/cli.mjs --replay FILE [--port N]
 *
 * The scenario file holds emulator options (images, credentials, faults,
 * `readings`, …); flags override it. `--reading` (repeatable) picks the
 * reading of one open fact (see OPEN_FACTS in emulator.mjs), on top of the
 * scenario's `readings`. Once listening, one line of JSON goes to stdout:
 * {"url":…,"secretId":…,"secretKey":…}. Each request is logged as one line
 * on stderr. SIGINT or SIGTERM stops the server and exits with status 0.
 *
 * `--replay FILE` serves a recorded run instead (the JSON lines of the
 * gate's record-file / --record; see replay.mjs): each request gets the
 * recorded answer for its action and parameters, in order. The line on
 * stdout is then {"url":…,"replay":FILE,"exchanges":N}.
 */

import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startEmulator } from './emulator.mjs'
import { parseRecording, startReplay } from './replay.mjs'

const USAGE =
  'usage: node test/emulator/cli.mjs [--port N] [--scenario path.json] [--latency MS] [--rate-limit N]' +
  ' [--reading FACT=READING]...\n       node test/emulator/cli.mjs --replay FILE [--port N]'

/**
 * @param {string} name
 * @param {string | undefined} value
 * @returns {number | undefined}
 */
function nonNegativeInteger(name, value) {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number)) {
    throw new Error(`--${name} must be a non-negative integer, got '${value}'`)
  }
  return number
}

/**
 * @param {string[]} argv
 * @returns {Promise<Record<string, unknown>>} emulator options
 */
async function optionsFrom(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      scenario: { type: 'string' },
      latency: { type: 'string' },
      'rate-limit': { type: 'string' },
      reading: { type: 'string', multiple: true },
      replay: { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    },
    strict: true,
    allowPositionals: false
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    process.exit(0)
  }
  /** @type {Record<string, unknown>} */
  let options = {}
  if (values.replay !== undefined) {
    const others = ['scenario', 'latency', 'rate-limit', 'reading'].filter(
      (name) => /** @type {Record<string, unknown>} */ (values)[name] !== undefined
    )
    if (others.length > 0) {
      throw new Error(`--replay serves the recording alone; drop --${others.join(', --')}`)
    }
    const file = resolve(values.replay)
    let recording
    try {
      recording = parseRecording(await readFile(file, 'utf8'))
    } catch (error) {
      throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`)
    }
    return { replay: { file, recording }, port: nonNegativeInteger('port', values.port) }
  }
  if (values.scenario !== undefined) {
    const file = resolve(values.scenario)
    const parsed = JSON.parse(await readFile(file, 'utf8'))
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error(`${file}: a scenario file must hold a JSON object of emulator options`)
    }
    options = parsed
  }
  const port = nonNegativeInteger('port', values.port)
  const latency = nonNegativeInteger('latency', values.latency)
  const rateLimit = nonNegativeInteger('rate-limit', values['rate-limit'])
  if (port !== undefined) options.port = port
  if (latency !== undefined) options.latencyMs = latency
  if (rateLimit !== undefined) options.rateLimit = rateLimit
  if (values.reading !== undefined) {
    const scenarioReadings = options.readings
    /** @type {Record<string, string>} */
    const readings =
      scenarioReadings && typeof scenarioReadings === 'object' && !Array.isArray(scenarioReadings)
        ? { .../** @type {Record<string, string>} */ (scenarioReadings) }
        : {}
    for (const pair of values.reading) {
      const match = /^([^=\s]+)=([^=\s]+)$/.exec(pair)
      if (!match) throw new Error(`--reading takes FACT=READING, got '${pair}'`)
      readings[match[1]] = match[2]
    }
    options.readings = readings
  }
  return options
}

/**
 * Serves a recording until SIGINT or SIGTERM.
 *
 * @param {{ file: string, recording: import('./replay.d.mts').Recording }} replay
 * @param {number | undefined} port
 */
async function serveReplay({ file, recording }, port) {
  const server = await startReplay({
    recording,
    port,
    onRequest: (request) => {
      const time = new Date().toISOString().slice(11, 23)
      const seq = request.seq === undefined ? '' : ` (#${request.seq})`
      process.stderr.write(`${time} ${request.action || '-'} -> ${request.outcome}${seq}\n`)
    }
  })
  process.stdout.write(
    `${JSON.stringify({ url: server.url, replay: file, exchanges: recording.exchanges.length })}\n`
  )
  stopOnSignal(() => server.close())
}

/**
 * Closes the server on SIGINT or SIGTERM, then exits (0 when it closed cleanly).
 *
 * @param {() => Promise<void>} close
 */
function stopOnSignal(close) {
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    close().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

/**
 * @param {import('./emulator.d.mts').RequestRecord} record
 * @returns {string}
 */
function logLine(record) {
  const time = new Date().toISOString().slice(11, 23)
  const parts = [time, record.action ?? '-', record.imageId ?? record.eventId ?? '-']
  if (record.offset !== null || record.limit !== null) {
    parts.push(`offset=${record.offset ?? '?'} limit=${record.limit ?? '?'}`)
  }
  parts.push(`-> ${record.outcome}`)
  return parts.join(' ')
}

async function main() {
  let options
  try {
    options = await optionsFrom(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`)
    process.exit(2)
  }
  if (options.replay) {
    await serveReplay(
      /** @type {{ file: string, recording: import('./replay.d.mts').Recording }} */ (
        options.replay
      ),
      /** @type {number | undefined} */ (options.port)
    )
    return
  }
  let emulator
  try {
    emulator = await startEmulator({
      ...options,
      onRequest: (record) => process.stderr.write(`${logLine(record)}\n`)
    })
  } catch (error) {
    // A bad option (an unknown reading, a malformed scenario) is a usage error.
    if (!(error instanceof TypeError)) throw error
    process.stderr.write(`${error.message}\n${USAGE}\n`)
    process.exit(2)
  }
  process.stdout.write(
    `${JSON.stringify({ url: emulator.url, secretId: emulator.secretId, secretKey: emulator.secretKey })}\n`
  )

  stopOnSignal(() => emulator.close())
}

main().catch((error) => {
  process.stderr.write(`emulator: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
