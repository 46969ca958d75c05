import {
  API_MAX_RPS,
  DEFAULT_ENDPOINT,
  DEFAULT_OIDC_AUDIENCE,
  DEFAULT_POLICY_PATH,
  Inputs,
  README_URL
} from '../constants.js'
import { ACTION_VOCABULARY, InputError, type Vocabulary } from '../errors.js'
// eslint-disable-next-line no-restricted-imports -- the proxy check moves to src/gate/
import { proxyFor, proxyUrlFor } from '../cloud/proxy.js'
import { maskSecret } from '../secrets.js'
import {
  assertDistinctFiles,
  type NamedFile,
  pathRoots,
  type PathRoots,
  resolveContainedPath
} from '../paths.js'
import { parsePlatforms, parseTargets, type Targets } from './targets.js'
import type { Credentials, CredentialSource, Endpoint } from '../connection.js'

/** The `scan` input. */
export type ScanMode = 'never' | 'if-not-scanned' | 'always'
export const SCAN_MODES: readonly ScanMode[] = ['never', 'if-not-scanned', 'always']

/** Every action input, validated. */
export interface Settings {
  /** The images (`image-id`, `image`) and runtime events (`event-ids`) to gate; at least one. */
  targets: Targets
  /** Real path of the policy file, checked to be inside the workspace (it may not exist). */
  policyPath: string
  /** The policy path as the user wrote it (for messages). */
  policyDisplayPath: string
  /** True when the policy input was left at its default (a missing file is then allowed). */
  policyIsDefault: boolean
  /** API keys, or the role to assume with the job's OIDC token (exchanged by run() before the first TCSS call). */
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
  /** Which findings the SARIF log lists: the violations, or every finding (allowlisted ones suppressed). */
  sarifScope: SarifScope
  /** Where files may be: writers re-check their path against these with resolveOutputPath (paths.ts). */
  pathRoots: PathRoots
  /** Create or update the sticky comment on the pull request. */
  comment: boolean
  /** Token for the pull-request comment (masked); empty when none was given. */
  githubToken: string
}

/**
 * Every input as the front end read it, untrimmed, by its name in action.yml
 * (see Inputs); an input that was not given is '' or absent.
 */
export type RawInputs = Readonly<Partial<Record<string, string>>>

/** What interpreting the inputs needs besides them. */
export interface InputEnvironment {
  /** What the runner gave (see action/inputs.ts, the only reader of the runner's inputs). */
  inputs: RawInputs
  workspace: string
  env: NodeJS.ProcessEnv
  /** True when the run is a pull_request event from a fork (no secrets are given then). */
  isForkPullRequest: boolean
}

const MAX_WAIT_TIMEOUT_S = 6 * 60 * 60
const MAX_POLL_INTERVAL_S = 600

/** An input trimmed, as the runner's getInput gives it; '' when not given. */
function inputText(inputs: RawInputs, name: string): string {
  return (inputs[name] ?? '').trim()
}

/** Validates every input once and returns the typed settings. Pure but for masking secrets and checking paths. */
export function getSettings(environment: InputEnvironment): Settings {
  const { env, inputs } = environment
  const input = (name: string): string => inputText(inputs, name)
  // Mask secrets before anything else can print them, valid or not: as given
  // (untrimmed) and as used (trimmed), and each part around a stray line break.
  const secretKeyGiven = readSecret(inputs, Inputs.SecretKey, 'TENCENTCLOUD_SECRET_KEY', env)
  const tokenGiven = readSecret(inputs, Inputs.SessionToken, 'TENCENTCLOUD_SESSION_TOKEN', env)
  const githubTokenGiven = readSecret(inputs, Inputs.GithubToken, undefined, env)
  const registryPasswordGiven = readSecret(inputs, Inputs.RegistryPassword, undefined, env)
  for (const given of [secretKeyGiven, tokenGiven, githubTokenGiven, registryPasswordGiven]) {
    for (const mask of secretMasks(given.raw)) maskSecret(mask)
  }
  const secretIdGiven = readSecret(inputs, Inputs.SecretId, 'TENCENTCLOUD_SECRET_ID', env)
  const secretId = parseSecret(secretIdGiven)
  const secretKey = parseSecret(secretKeyGiven)
  const token = parseSecret(tokenGiven)
  const githubToken = parseSecret(githubTokenGiven)

  const targets = parseTargets(
    input(Inputs.ImageId),
    input(Inputs.Image),
    input(Inputs.EventIds),
    input(Inputs.RegistryImage)
  )
  const policyInput = input(Inputs.Policy) || DEFAULT_POLICY_PATH
  const roots = pathRoots(environment.workspace, env.RUNNER_TEMP)
  const policy = resolveContainedPath(Inputs.Policy, policyInput, 'read', roots)

  const settings: Settings = {
    targets,
    policyPath: policy.realPath,
    policyDisplayPath: policyInput,
    policyIsDefault: policyInput === DEFAULT_POLICY_PATH,
    credentialSource: parseCredentialSource(
      { secretId, secretKey, token },
      environment,
      input(Inputs.Endpoint) || DEFAULT_ENDPOINT
    ),
    endpoint: parseEndpoint(input(Inputs.Endpoint) || DEFAULT_ENDPOINT),
    waitTimeoutMs:
      parseNumber(Inputs.WaitTimeout, input(Inputs.WaitTimeout), '900', {
        min: 1,
        max: MAX_WAIT_TIMEOUT_S,
        what: 'a number of seconds'
      }) * 1000,
    pollIntervalMs:
      parseNumber(Inputs.PollInterval, input(Inputs.PollInterval), '5', {
        min: 0.1,
        max: MAX_POLL_INTERVAL_S,
        what: 'a number of seconds'
      }) * 1000,
    maxRps: parseNumber(Inputs.MaxRps, input(Inputs.MaxRps), '10', {
      min: 0.1,
      max: API_MAX_RPS,
      what: 'a number of requests per second'
    }),
    scan: parseScanMode(input(Inputs.Scan)),
    platforms: parsePlatforms(input(Inputs.Platforms)),
    registryLogin: parseRegistryLogin(
      input(Inputs.RegistryUsername),
      parseSecret(registryPasswordGiven)
    ),
    enforce: parseBoolean(Inputs.Enforce, input(Inputs.Enforce), true),
    summary: parseBoolean(Inputs.Summary, input(Inputs.Summary), true),
    comment: parseBoolean(Inputs.Comment, input(Inputs.Comment), false),
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
  const files: NamedFile[] = [{ input: Inputs.Policy, resolved: policy }]
  const reportFile = input(Inputs.ReportFile)
  if (reportFile) {
    const resolved = resolveContainedPath(Inputs.ReportFile, reportFile, 'write', roots)
    settings.reportFile = resolved.realPath
    files.push({ input: Inputs.ReportFile, resolved })
  }
  const sarifFile = input(Inputs.SarifFile)
  if (sarifFile) {
    const resolved = resolveContainedPath(Inputs.SarifFile, sarifFile, 'write', roots)
    settings.sarifFile = resolved.realPath
    files.push({ input: Inputs.SarifFile, resolved })
  }
  const junitFile = input(Inputs.JunitFile)
  if (junitFile) {
    const resolved = resolveContainedPath(Inputs.JunitFile, junitFile, 'write', roots)
    settings.junitFile = resolved.realPath
    files.push({ input: Inputs.JunitFile, resolved })
  }
  assertDistinctFiles(files)
  assertUsableProxies(settings, env)
  return settings
}

/**
 * Every proxy the run would go through is a usable URL, before any request:
 * for the API, for STS when the credentials are keyless, and for GitHub's
 * API when the comment is asked for. An unusable one is an InputError that
 * names its variable (see proxyUrlFor), never a direct connection later.
 */
function assertUsableProxies(settings: Settings, env: NodeJS.ProcessEnv): void {
  proxyFor(settings.endpoint, env)
  const source = settings.credentialSource
  if (source.kind === 'oidc') proxyFor(source.oidc.stsEndpoint, env)
  if (settings.comment) {
    let githubApi: URL
    try {
      githubApi = new URL(env.GITHUB_API_URL || 'https://api.github.com')
    } catch {
      // The comment reports an API URL it cannot use itself, as its own failure.
      return
    }
    proxyUrlFor(githubApi.href, env)
  }
}

/** The `scan` input; empty means the default, if-not-scanned. */
export function parseScanMode(raw: string): ScanMode {
  const value = raw.trim() || 'if-not-scanned'
  if ((SCAN_MODES as readonly string[]).includes(value)) return value as ScanMode
  throw new InputError(
    (say) =>
      `Invalid ${say.setting(Inputs.Scan)}: ${JSON.stringify(value.slice(0, 80))}. Expected one of ${SCAN_MODES.join(', ')}.`,
    Inputs.Scan
  )
}

/** A secret as the runner gave it, and where from (for messages that must not show it). */
export interface GivenSecret {
  /** The value untrimmed; empty when neither the input nor the variable is set. */
  raw: string
  /** The input it is, by name. */
  input: string
  /** The environment variable it was read from instead of the empty input, if it was. */
  variable?: string
}

/** The input when it has more than whitespace, else the environment variable it falls back to. */
function readSecret(
  inputs: RawInputs,
  input: string,
  variable: string | undefined,
  env: NodeJS.ProcessEnv
): GivenSecret {
  const fromInput = inputs[input] ?? ''
  if (fromInput.trim() !== '' || !variable) return { raw: fromInput, input }
  return { raw: env[variable] ?? '', input, variable }
}

/** What a secret is made of: printable ASCII without spaces (keys, session tokens, GitHub tokens all are). */
const SECRET_CHARACTER = /^[\x21-\x7e]$/

/**
 * The strings to mask for a secret as given: the value untrimmed and trimmed,
 * and, when something that cannot be in a secret sits inside, each run of
 * 4 or more characters around it (the runner masks line by line, and a
 * message may print one part alone). Shorter parts are not masked: masking
 * a character or two would star out unrelated log text.
 */
export function secretMasks(raw: string): string[] {
  const trimmed = raw.trim()
  const parts = trimmed.split(/[^\x21-\x7e]+/).filter((part) => part.length >= 4)
  return [...new Set([raw, trimmed, ...parts])].filter((value) => value !== '')
}

/**
 * The secret to use: surrounding whitespace trimmed (a pasted secret often
 * ends in a newline, which an HTTP header cannot carry). Anything else that
 * cannot be in a key or token — a line break, a tab, a space, a control or
 * non-ASCII character inside — is an InputError that names the source and
 * what it found, never the value.
 */
export function parseSecret(given: GivenSecret): string {
  const value = given.raw.trim()
  const bad = [...value].find((char) => !SECRET_CHARACTER.test(char))
  if (bad === undefined) return value
  const source = (say: Vocabulary): string =>
    given.variable ? say.variableFor(given.variable, given.input) : say.setting(given.input)
  throw new InputError(
    (say) =>
      `Invalid ${source(say)}: the value contains ${describeCharacter(bad)} inside (the value is not shown). ` +
      `Expected printable ASCII without spaces, as Tencent Cloud keys and tokens are; copy the secret again, without line breaks.`,
    given.input
  )
}

function describeCharacter(char: string): string {
  if (char === '\n' || char === '\r' || char === '\u2028' || char === '\u2029')
    return 'a line break'
  if (char === '\t') return 'a tab'
  if (/\s/u.test(char)) return 'a space'
  if (/\p{Cc}/u.test(char)) return 'a control character'
  return 'a non-ASCII character'
}

/**
 * API keys, or keyless OIDC credentials when `role-arn` is set. The two ways
 * exclude each other: keys given (as inputs or TENCENTCLOUD_* variables)
 * together with `role-arn` are an error rather than a silent choice.
 */
function parseCredentialSource(
  keys: Credentials,
  environment: InputEnvironment,
  endpointInput: string
): CredentialSource {
  const input = (name: string): string => inputText(environment.inputs, name)
  const roleArn = input(Inputs.RoleArn).trim()
  const providerId = input(Inputs.ProviderId).trim()
  const audienceInput = input(Inputs.OidcAudience).trim()
  const { env } = environment
  if (!roleArn && !providerId) {
    if (audienceInput && audienceInput !== DEFAULT_OIDC_AUDIENCE) {
      throw new InputError(
        (say) =>
          `${say.Setting(Inputs.OidcAudience)} is set, but it applies only to keyless credentials: set ${say.name(Inputs.RoleArn)} and ${say.name(Inputs.ProviderId)} as well, or leave it out.`,
        Inputs.OidcAudience
      )
    }
    return {
      kind: 'keys',
      credentials: parseCredentials(
        keys.secretId,
        keys.secretKey,
        keys.token ?? '',
        environment.isForkPullRequest
      )
    }
  }
  const both = (say: Vocabulary): string =>
    `keyless credentials need both ${say.name(Inputs.RoleArn)} (the CAM role to assume) and ${say.name(Inputs.ProviderId)} (the CAM OIDC identity provider's name)`
  if (!roleArn)
    throw new InputError(
      (say) =>
        `${say.Setting(Inputs.ProviderId)} is set but ${say.name(Inputs.RoleArn)} is not; ${both(say)}.`,
      Inputs.RoleArn
    )
  if (!providerId)
    throw new InputError(
      (say) =>
        `${say.Setting(Inputs.RoleArn)} is set but ${say.name(Inputs.ProviderId)} is not; ${both(say)}.`,
      Inputs.ProviderId
    )

  const keySettings: Array<[string, string]> = [
    [Inputs.SecretId, 'TENCENTCLOUD_SECRET_ID'],
    [Inputs.SecretKey, 'TENCENTCLOUD_SECRET_KEY'],
    [Inputs.SessionToken, 'TENCENTCLOUD_SESSION_TOKEN']
  ]
  const givenKeys = (say: Vocabulary): string[] =>
    keySettings.flatMap(([input, variable]) =>
      inputText(environment.inputs, input)
        ? [say.setting(input)]
        : env[variable]?.trim()
          ? [`env ${variable}`]
          : []
    )
  if (givenKeys(ACTION_VOCABULARY).length > 0) {
    throw new InputError(
      (say) =>
        `Both keyless credentials (${say.name(Inputs.RoleArn)}) and API keys (${givenKeys(say).join(', ')}) are set; pick one: ` +
        `either ${say.name(Inputs.RoleArn)} with ${say.name(Inputs.ProviderId)} (the job's OIDC token exchanged for temporary credentials), ` +
        `or ${say.name(Inputs.SecretId)} with ${say.name(Inputs.SecretKey)}, and remove the other.`,
      Inputs.RoleArn
    )
  }
  if (!/^qcs::cam::uin\/\d{1,20}:role(Name)?\/[\w+=,.@-]{1,128}$/.test(roleArn)) {
    throw new InputError(
      (say) =>
        `Invalid ${say.setting(Inputs.RoleArn)}: ${JSON.stringify(roleArn.slice(0, 200))}. Expected a CAM role ARN such as qcs::cam::uin/100000000001:roleName/tcss-virus-gate (the role's RoleArn in the CAM console).`,
      Inputs.RoleArn
    )
  }
  if (!/^[\w+=,.@-]{1,128}$/.test(providerId)) {
    throw new InputError(
      (say) =>
        `Invalid ${say.setting(Inputs.ProviderId)}: ${JSON.stringify(providerId.slice(0, 200))}. Expected the name of the CAM OIDC identity provider (letters, digits and +=,.@_-, at most 128).`,
      Inputs.ProviderId
    )
  }
  const audience = audienceInput || DEFAULT_OIDC_AUDIENCE
  if (!/^[\x21-\x7e]{1,256}$/.test(audience)) {
    throw new InputError(
      (say) =>
        `Invalid ${say.setting(Inputs.OidcAudience)}: ${JSON.stringify(audience.slice(0, 200))}. Expected one audience (printable ASCII without spaces, at most 256 characters), such as ${DEFAULT_OIDC_AUDIENCE}; it must be a client ID of the identity provider.`,
      Inputs.OidcAudience
    )
  }
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    // Only the action can see a fork's pull request; its words say what a fork never gets.
    const fork = environment.isForkPullRequest
      ? ` This run is a pull request from a fork, and GitHub gives such runs no ID token whatever the permissions: gate fork pull requests with a separate 'workflow_run' workflow (see ${README_URL}).`
      : ''
    throw new InputError(
      (say) =>
        `${say.Setting(Inputs.RoleArn)} asks for keyless credentials, but this job cannot request an OIDC token: ` +
        say.noIdToken +
        fork,
      Inputs.RoleArn
    )
  }
  return {
    kind: 'oidc',
    oidc: {
      roleArn,
      providerId,
      audience,
      sessionName: roleSessionName(env),
      stsEndpoint: stsEndpointFor(parseEndpoint(endpointInput)),
      // Validated with the other inputs; the SDK's own STS credential uses ap-guangzhou as well.
      stsRegion: input(Inputs.Region).trim() || 'ap-guangzhou'
    }
  }
}

/** `tcss-virus-gate-<run id>-<attempt>`, so the account's audit log ties each session to its run. */
export function roleSessionName(env: NodeJS.ProcessEnv): string {
  const run = [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT].filter((part) => part).join('-')
  const name = run ? `tcss-virus-gate-${run}` : 'tcss-virus-gate'
  return name.replace(/[^\w+=,.@-]/g, '-').slice(0, 128)
}

/**
 * STS on the same site as TCSS: `tcss.<rest>` becomes `sts.<rest>`
 * (sts.tencentcloudapi.com, sts.intl.tencentcloudapi.com, regional and
 * internal hosts alike); a loopback emulator serves STS itself; any other
 * host falls back to sts.tencentcloudapi.com.
 */
export function stsEndpointFor(endpoint: Endpoint): Endpoint {
  if (LOOPBACK_HOSTNAME.test(endpoint.hostname) || endpoint.hostname === '::1') return endpoint
  const hostname = /^tcss\.(.+\.)?tencentcloudapi\.com$/i.test(endpoint.hostname)
    ? `sts.${endpoint.hostname.slice('tcss.'.length)}`
    : 'sts.tencentcloudapi.com'
  return { protocol: 'https://', host: hostname, hostname }
}

function parseCredentials(
  secretId: string,
  secretKey: string,
  token: string,
  isForkPullRequest: boolean
): Credentials {
  const missing: Array<[string, string]> = []
  if (!secretId) missing.push([Inputs.SecretId, 'TENCENTCLOUD_SECRET_ID'])
  if (!secretKey) missing.push([Inputs.SecretKey, 'TENCENTCLOUD_SECRET_KEY'])
  if (missing.length > 0) {
    const fork = isForkPullRequest
      ? ` This run is a pull request from a fork, and GitHub gives such runs no secrets: gate fork pull requests with a separate 'workflow_run' workflow (see ${README_URL}).`
      : ''
    throw new InputError(
      (say) =>
        `Missing Tencent Cloud credentials: ${missing.map(([input, variable]) => say.orVariable(input, variable)).join(' and ')}. ` +
        say.giveKeys +
        fork,
      missing[0][0]
    )
  }
  const credentials: Credentials = { secretId, secretKey }
  if (token) credentials.token = token
  return credentials
}

const LOOPBACK_HOSTNAME = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i
const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i

/** Accepts `host`, `https://host[:port]`, and `http://host:port` for loopback hosts only. */
export function parseEndpoint(raw: string): Endpoint {
  const value = raw.trim()
  const allowed =
    `Expected a host name such as ${DEFAULT_ENDPOINT} or tcss.intl.tencentcloudapi.com, ` +
    `an https:// URL, or an http://HOST:PORT URL whose HOST is a loopback address (127.0.0.0/8, localhost, [::1]).`
  // Never shown: a user:password written into it.
  const shown = value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/is, '$1***@')
  const invalid = (why: string): InputError =>
    new InputError(
      (say) => `Invalid ${say.setting(Inputs.Endpoint)}: '${shown}' ${why}. ${allowed}`,
      Inputs.Endpoint
    )
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value)
  let url: URL
  try {
    url = new URL(hasScheme ? value : `https://${value}`)
  } catch {
    throw invalid('is not a valid host or URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalid(`uses the scheme '${url.protocol}'`)
  if (url.username || url.password) throw invalid('contains credentials')
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw invalid('has a path, query or fragment')
  }
  const loopback = LOOPBACK_HOSTNAME.test(url.hostname)
  const hostname = url.hostname.replace(/^\[|\]$/g, '')
  if (!loopback && !HOSTNAME.test(url.hostname)) throw invalid('has an invalid host name')
  if (url.protocol === 'http:' && !loopback) {
    throw invalid(
      'uses plain http to a host that is not a loopback address; credentials must not travel unencrypted'
    )
  }
  return { protocol: url.protocol === 'http:' ? 'http://' : 'https://', host: url.host, hostname }
}

interface NumberRange {
  min: number
  max: number
  what: string
}

function parseNumber(name: string, raw: string, fallback: string, range: NumberRange): number {
  const text = raw.trim() === '' ? fallback : raw.trim()
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

function parseBoolean(name: string, raw: string, fallback: boolean): boolean {
  const text = raw.trim()
  if (text === '') return fallback
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
  const value = raw.trim() || 'violations'
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
