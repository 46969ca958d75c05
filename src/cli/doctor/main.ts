/**
 * `tcss-virus-gate doctor`: the settings a gate run would use (the same
 * flags and environment, interpreted by core/settings.ts), then read-only
 * checks in order — endpoint, credentials, service role, permissions,
 * targets — and the observed readings of the open facts; the report on
 * stdout, text or JSON. Loaded only for `doctor` (src/cli/index.ts).
 */
import { systemClock, type Clock } from '../../clock.js'
import { proxyFor } from '../../cloud/proxy.js'
import type { RawInputs } from '../../core/inputs.js'
import type { Settings } from '../../core/settings.js'
import { readSettings } from '../../gate/settings.js'
import { listLines, type Targets } from '../../core/targets.js'
import { Inputs } from '../../constants.js'
import { errorMessage, InputError } from '../../errors.js'
import { redact } from '../../secrets.js'
import { EXIT_CONFIGURATION, EXIT_FAIL, EXIT_PASS } from '../exit-code.js'
import { CLI_VOCABULARY } from '../vocabulary.js'
import { checkAccess, neededReads, serviceRoleCheck } from './access.js'
import { createDoctorApi, type DoctorApiOptions } from './api.js'
import { parseDoctorCommandLine } from './flags.js'
import { checkEvent, checkImageName, checkLocalImage } from './local-targets.js'
import type { Check, TargetView } from './model.js'
import { emptyObservations } from './observations.js'
import { observedReadings } from './readings.js'
import {
  checkRegistryImage,
  readRegistryListing,
  type RegistryListing
} from './registry-targets.js'
import { allInPlace, doctorJson, doctorText, type DoctorReport } from './report.js'
import type { TargetContext } from './reads.js'
import { writeActions } from './write-actions.js'

export interface DoctorIo {
  /** The arguments after `doctor`. */
  argv: readonly string[]
  env: NodeJS.ProcessEnv
  cwd: string
  stdout: (text: string) => void
  stderr: (text: string) => void
}

export interface DoctorOverrides {
  clock?: Clock
  createApi?: DoctorApiOptions['createApi']
}

const TARGET_INPUTS = [Inputs.ImageId, Inputs.Image, Inputs.RegistryImage, Inputs.EventIds]
/** Stands in for the targets a doctor run may leave out (the settings require one); never sent. */
const NO_TARGET = 'tcss-virus-gate-doctor-no-target'

/** Runs the doctor once; resolves to the exit code. Never throws. */
export async function runDoctor(io: DoctorIo, overrides: DoctorOverrides = {}): Promise<number> {
  const commandLine = parseDoctorCommandLine(io.argv)
  if (commandLine.kind === 'print') {
    io.stdout(redact(commandLine.text))
    return EXIT_PASS
  }
  if (commandLine.kind === 'usage-error') {
    io.stderr(
      redact(`${commandLine.message}\nRun 'tcss-virus-gate doctor --help' for the flags.\n`)
    )
    return EXIT_CONFIGURATION
  }
  let settings: Settings
  let targets: Targets
  try {
    ;({ settings, targets } = doctorSettings(commandLine.inputs, io))
  } catch (error) {
    const message = error instanceof InputError ? error.in(CLI_VOCABULARY) : errorMessage(error)
    io.stderr(redact(`error: ${message}\n`))
    return EXIT_CONFIGURATION
  }
  try {
    const report = await examine(settings, targets, io.env, overrides)
    io.stdout(commandLine.json ? doctorJson(report) : doctorText(report))
    return allInPlace(report) ? EXIT_PASS : EXIT_FAIL
  } catch (error) {
    io.stderr(redact(`error: the doctor stopped: ${errorMessage(error)}\n`))
    return EXIT_FAIL
  }
}

/** The settings of a gate run with these flags; the targets as given, none allowed. */
function doctorSettings(inputs: RawInputs, io: DoctorIo): { settings: Settings; targets: Targets } {
  const given = TARGET_INPUTS.some((name) => listLines(inputs[name] ?? '').length > 0)
  const settings = readSettings({
    inputs: given ? inputs : { ...inputs, [Inputs.EventIds]: NO_TARGET },
    workspace: io.cwd,
    // The command line requests no OIDC token (see src/cli/main.ts).
    env: { ...io.env, ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' },
    isForkPullRequest: false
  })
  const targets = given ? settings.targets : { images: [], eventIds: [], notices: [] }
  return { settings, targets }
}

async function examine(
  settings: Settings,
  targets: Targets,
  env: NodeJS.ProcessEnv,
  overrides: DoctorOverrides
): Promise<DoctorReport> {
  const clock = overrides.clock ?? systemClock
  const source = settings.credentialSource
  if (source.kind !== 'keys') throw new Error('keyless credentials are not available here')
  const api = createDoctorApi({
    settings,
    credentials: source.credentials,
    clock,
    deadline: clock.now() + settings.waitTimeoutMs,
    createApi: overrides.createApi
  })
  const observations = emptyObservations()
  const context: TargetContext = { api, observations }
  try {
    const access = await checkAccess(
      api,
      settings,
      neededReads(targets, settings.scan),
      observations
    )
    const targetChecks = access.usable
      ? await checkTargets(context, targets)
      : targetViews(targets).map((view): Check => ({
          id: 'target',
          status: 'not-checked',
          summary: `${view.kind} ${view.reference}: not checked (the API could not be used)`,
          fix: null,
          target: view
        }))
    const [endpoint, credentials, ...permissions] = access.checks
    const role: Check = access.usable
      ? serviceRoleCheck(api, api.answered)
      : {
          id: 'service-role',
          status: 'not-checked',
          summary: 'not checked (the API could not be used)',
          fix: null
        }
    const proxy = proxyFor(settings.endpoint, env)
    return {
      connection: {
        endpoint: `${settings.endpoint.protocol}${settings.endpoint.host}`,
        region: settings.region ?? null,
        proxy: proxy ? new URL(proxy).origin : null
      },
      checks: [endpoint, credentials, role, ...permissions, ...targetChecks],
      readings: observedReadings(observations),
      writeActions: writeActions()
    }
  } finally {
    api.close()
  }
}

/** Each target as given, before anything is read. */
function targetViews(targets: Targets): TargetView[] {
  return [
    ...targets.images.map((image): TargetView => {
      if (image.registryImage)
        return { kind: 'registry-image', reference: image.registryImage.text, listed: null }
      if (image.imageName) return { kind: 'image', reference: image.imageName, listed: null }
      return { kind: 'image-id', reference: image.imageId ?? '', listed: null }
    }),
    ...targets.eventIds.map((id): TargetView => ({
      kind: 'event-ids',
      reference: id,
      listed: null
    }))
  ]
}

async function checkTargets(context: TargetContext, targets: Targets): Promise<Check[]> {
  const checks: Check[] = []
  let listing: RegistryListing | Check | undefined
  for (const image of targets.images) {
    if (image.registryImage) {
      const reference = image.registryImage
      listing ??= await readRegistryListing(context, {
        kind: 'registry-image',
        reference: reference.text,
        listed: null
      })
      checks.push(
        'rows' in listing
          ? await checkRegistryImage(context, reference, listing)
          : {
              ...listing,
              summary: listing.summary.replace(/^\S+ \S+/, `registry-image ${reference.text}`)
            }
      )
    } else if (image.imageName) {
      checks.push(await checkImageName(context, image.imageName))
    } else if (image.imageId) {
      checks.push(
        await checkLocalImage(
          context,
          { kind: 'image-id', reference: image.imageId, listed: null },
          image.imageId
        )
      )
    }
  }
  for (const id of targets.eventIds) checks.push(await checkEvent(context, id))
  return checks
}
