/**
 * Interpreting the inputs: every input of action.yml (or the command line's
 * flag of the same name) validated once, into the Settings the run reads.
 */
import { API_MAX_RPS, INPUT_DEFAULTS, Inputs, WRITTEN_FILES } from '../constants.js'
import type { CredentialSource, Endpoint } from '../connection.js'
import { InputError } from '../errors.js'
import { inputText, parseCredentialSource, parseSecret, readSecret } from './credential-settings.js'
import { parseEndpoint } from './endpoint.js'
import type { InputEnvironment } from './inputs.js'
import type { NamedFile, PathRoots, PathUse, ResolvedPath } from './paths.js'
import { parsePlatforms, parseTargets, type Targets } from './targets.js'

// Until src/sources/registry-manifest.ts imports it from secrets.ts, where it now lives.

/** The `scan` input. */
export type ScanMode = 'never' | 'if-not-scanned' | 'always'
export const SCAN_MODES: readonly ScanMode[] = ['never', 'if-not-scanned', 'always']

/** Every action input, validated. */
export interface Settings {
  /** The images (`image-id`, `image`, `registry-image`) and runtime events (`event-ids`) to gate; at least one. */
  targets: Targets
  /** Real path of the policy file, checked to be inside the workspace (it may not exist). */
  policyPath: string
  /** The policy path as the user wrote it (for messages). */
  policyDisplayPath: string
  /** True when the policy input was left at its default (a missing file is then allowed). */
  policyIsDefault: boolean
  /** API keys, or the role to assume with the job's OIDC token (exchanged by judge(), src/gate/judge.ts, before the first TCSS call). */
  credentialSource: CredentialSource
  /** The API's optional Region common parameter; undefined when empty. */
  region?: string
  endpoint: Endpoint
  /** Milliseconds to wait for the scan (and everything after it) before giving up. */
  waitTimeoutMs: number
  /** Milliseconds between status polls. */
  pollIntervalMs: number
  /** Client-side ceiling on requests per second. */
  maxRps: number
  /** `scan`: whether the gate starts virus scans (never, if-not-scanned, always). */
  scan: ScanMode
  /** `platforms`: the platforms of a multi-platform registry image to gate (empty: all). */
  platforms: string[]
  /** `registry-username` / `registry-password` (masked), when given: for reading manifests. */
  registryLogin?: { username: string; password: string }
  /** false = report only: violations, scan errors and time-outs do not fail the job. */
  enforce: boolean
  /** Write the job summary. */
  summary: boolean
  /** Real path of the JSON report, when asked for; inside the workspace or RUNNER_TEMP, no control characters. */
  reportFile?: string
  /** Real path of the SARIF log, when asked for; as reportFile, and never the same file as it or the policy. */
  sarifFile?: string
  /** Real path of the JUnit XML report, when asked for; as reportFile. */
  junitFile?: string
  /** Real path of the recording of the run's API exchanges (`record-file`), when asked for; as reportFile. */
  recordFile?: string
  /** Which findings the SARIF log lists: the violations, or every finding (allowlisted ones suppressed). */
  sarifScope: SarifScope
  /** Where files may be: writers re-check their path against these with resolveOutputPath (paths.ts). */
  pathRoots: PathRoots
  /** Create or update the sticky comment on the pull request. */
  comment: boolean
  /** Token for the pull-request comment (masked); empty when none was given. */
  githubToken: string
}

const MAX_WAIT_TIMEOUT_S = 6 * 60 * 60
const MAX_POLL_INTERVAL_S = 600

/** How file inputs are checked against the file system (src/gate/paths.ts). */
export interface FileChecks {
  pathRoots(workspace: string, runnerTemp?: string): PathRoots
  resolveContainedPath(input: string, given: string, use: PathUse, roots: PathRoots): ResolvedPath
  assertDistinctFiles(files: readonly NamedFile[]): void
}

/**
 * Validates every input once and returns the typed settings. Pure but for
 * the file checks it is given; the secrets are masked by the caller first.
 */
export function interpretSettings(environment: InputEnvironment, files: FileChecks): Settings {
  const { env, inputs } = environment
  const input = (name: string): string => inputText(inputs, name)
  const secretId = parseSecret(readSecret(inputs, Inputs.SecretId, 'TENCENTCLOUD_SECRET_ID', env))
  const secretKey = parseSecret(
    readSecret(inputs, Inputs.SecretKey, 'TENCENTCLOUD_SECRET_KEY', env)
  )
  const token = parseSecret(
    readSecret(inputs, Inputs.SessionToken, 'TENCENTCLOUD_SESSION_TOKEN', env)
  )
  const githubToken = parseSecret(readSecret(inputs, Inputs.GithubToken, undefined, env))

  const targets = parseTargets(
    input(Inputs.ImageId),
    input(Inputs.Image),
    input(Inputs.EventIds),
    input(Inputs.RegistryImage)
  )
  const policyInput = input(Inputs.Policy) || INPUT_DEFAULTS[Inputs.Policy]
  const roots = files.pathRoots(environment.workspace, env.RUNNER_TEMP)
  const policy = files.resolveContainedPath(Inputs.Policy, policyInput, 'read', roots)
  const endpointInput = input(Inputs.Endpoint) || INPUT_DEFAULTS[Inputs.Endpoint]

  const settings: Settings = {
    targets,
    policyPath: policy.realPath,
    policyDisplayPath: policyInput,
    policyIsDefault: policyInput === INPUT_DEFAULTS[Inputs.Policy],
    credentialSource: parseCredentialSource(
      { secretId, secretKey, token },
      environment,
      endpointInput
    ),
    endpoint: parseEndpoint(endpointInput),
    waitTimeoutMs:
      parseNumber(Inputs.WaitTimeout, input(Inputs.WaitTimeout), {
        min: 1,
        max: MAX_WAIT_TIMEOUT_S,
        what: 'a number of seconds'
      }) * 1000,
    pollIntervalMs:
      parseNumber(Inputs.PollInterval, input(Inputs.PollInterval), {
        min: 0.1,
        max: MAX_POLL_INTERVAL_S,
        what: 'a number of seconds'
      }) * 1000,
    maxRps: parseNumber(Inputs.MaxRps, input(Inputs.MaxRps), {
      min: 0.1,
      max: API_MAX_RPS,
      what: 'a number of requests per second'
    }),
    scan: parseScanMode(input(Inputs.Scan)),
    platforms: parsePlatforms(input(Inputs.Platforms)),
    registryLogin: parseRegistryLogin(
      input(Inputs.RegistryUsername),
      parseSecret(readSecret(inputs, Inputs.RegistryPassword, undefined, env))
    ),
    enforce: parseBoolean(Inputs.Enforce, input(Inputs.Enforce)),
    summary: parseBoolean(Inputs.Summary, input(Inputs.Summary)),
    comment: parseBoolean(Inputs.Comment, input(Inputs.Comment)),
    sarifScope: parseSarifScope(input(Inputs.SarifScope)),
    githubToken,
    pathRoots: roots
  }
  const region = input(Inputs.Region)
  if (region) {
    if (!/^[a-z0-9-]{1,64}$/.test(region)) {
      throw new InputError(
        (say) =>
          `Invalid ${say.setting(Inputs.Region)}: '${region}'. Expected a Tencent Cloud region such as ap-guangzhou (lowercase letters, digits and '-').`,
        Inputs.Region
      )
    }
    settings.region = region
  }
  // The policy and every file the gate writes are distinct files, also through links.
  const named: NamedFile[] = [{ input: Inputs.Policy, resolved: policy }]
  for (const { input: name, setting } of WRITTEN_FILES) {
    const given = input(name)
    if (!given) continue
    const resolved = files.resolveContainedPath(name, given, 'write', roots)
    settings[setting] = resolved.realPath
    named.push({ input: name, resolved })
  }
  files.assertDistinctFiles(named)
  return settings
}

/** The `scan` input; empty means the default, if-not-scanned. */
export function parseScanMode(raw: string): ScanMode {
  const value = raw.trim() || INPUT_DEFAULTS[Inputs.Scan]
  if ((SCAN_MODES as readonly string[]).includes(value)) return value as ScanMode
  throw new InputError(
    (say) =>
      `Invalid ${say.setting(Inputs.Scan)}: ${JSON.stringify(value.slice(0, 80))}. Expected one of ${SCAN_MODES.join(', ')}.`,
    Inputs.Scan
  )
}

interface NumberRange {
  min: number
  max: number
  what: string
}

function parseNumber(name: keyof typeof INPUT_DEFAULTS, raw: string, range: NumberRange): number {
  const text = raw.trim() === '' ? INPUT_DEFAULTS[name] : raw.trim()
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isFinite(value) || value < range.min || value > range.max) {
    throw new InputError(
      (say) =>
        `Invalid ${say.setting(name)}: '${text}'. Expected ${range.what} from ${range.min} to ${range.max}.`,
      name
    )
  }
  return value
}

const TRUE_VALUES = ['true', 'True', 'TRUE']
const FALSE_VALUES = ['false', 'False', 'FALSE']

function parseBoolean(name: keyof typeof INPUT_DEFAULTS, raw: string): boolean {
  const text = raw.trim() || INPUT_DEFAULTS[name]
  if (TRUE_VALUES.includes(text)) return true
  if (FALSE_VALUES.includes(text)) return false
  throw new InputError(
    (say) => `Invalid ${say.setting(name)}: '${text}'. Expected true or false.`,
    name
  )
}

/** Which findings the SARIF log lists. */
export type SarifScope = 'violations' | 'all'

function parseSarifScope(raw: string): SarifScope {
  const value = raw.trim() || INPUT_DEFAULTS[Inputs.SarifScope]
  if (value === 'violations' || value === 'all') return value
  throw new InputError(
    (say) =>
      `Invalid ${say.setting(Inputs.SarifScope)}: '${value.slice(0, 80)}'. Expected violations or all.`,
    Inputs.SarifScope
  )
}

/** `registry-username` and `registry-password`: both or neither. */
function parseRegistryLogin(
  username: string,
  password: string
): { username: string; password: string } | undefined {
  if (!username && !password) return undefined
  if (!username || !password) {
    throw new InputError(
      (say) =>
        `${capitalizedText(say.settings([Inputs.RegistryUsername, Inputs.RegistryPassword]))} go together: give both, or neither (the gate then reads the Docker config docker login wrote).`,
      username ? Inputs.RegistryPassword : Inputs.RegistryUsername
    )
  }
  return { username, password }
}

function capitalizedText(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
