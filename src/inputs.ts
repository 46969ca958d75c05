import * as path from 'node:path'
import * as core from '@actions/core'
import {
  API_MAX_RPS,
  DEFAULT_ENDPOINT,
  DEFAULT_POLICY_PATH,
  Inputs,
  README_URL
} from './constants.js'
import { InputError } from './errors.js'
import { splitReference, withDefaultTag } from './image-reference.js'

/** Where and how the TCSS API is reached. */
export interface Endpoint {
  /** 'https://' everywhere; 'http://' only for a loopback emulator. */
  protocol: 'https://' | 'http://'
  /** host[:port], as the SDK expects it in `httpProfile.endpoint`. */
  host: string
  /** The host name alone (no port, no brackets), for proxy decisions. */
  hostname: string
}

export interface Credentials {
  secretId: string
  secretKey: string
  /** Session token of temporary (STS) credentials. */
  token?: string
}

/** Every action input, validated. */
export interface Settings {
  /** TCSS ImageID to gate (the `image-id` input); exactly one of imageId and imageName is set. */
  imageId?: string
  /** `name:tag` to resolve to an ImageID (the `image` input, tag defaulted to latest). */
  imageName?: string
  /** Absolute path of the policy file. */
  policyPath: string
  /** The policy path as the user wrote it (for messages). */
  policyDisplayPath: string
  /** True when the policy input was left at its default (a missing file is then allowed). */
  policyIsDefault: boolean
  credentials: Credentials
  /** The API's optional Region common parameter; undefined when empty. */
  region?: string
  endpoint: Endpoint
  /** Milliseconds to wait for the scan (and everything after it) before giving up. */
  waitTimeoutMs: number
  /** Milliseconds between status polls. */
  pollIntervalMs: number
  /** Client-side ceiling on requests per second. */
  maxRps: number
  /** false = report only: violations, scan errors and time-outs do not fail the job. */
  enforce: boolean
  /** Write the job summary. */
  summary: boolean
  /** Absolute path of the JSON report, when asked for. */
  reportFile?: string
  /** Absolute path of the SARIF log, when asked for. */
  sarifFile?: string
  /** Create or update the sticky comment on the pull request. */
  comment: boolean
  /** Token for the pull-request comment (masked); empty when none was given. */
  githubToken: string
}

/** What the inputs module needs from the environment besides the inputs. */
export interface InputEnvironment {
  workspace: string
  env: NodeJS.ProcessEnv
  /** True when the run is a pull_request event from a fork (no secrets are given then). */
  isForkPullRequest: boolean
}

const MAX_WAIT_TIMEOUT_S = 6 * 60 * 60
const MAX_POLL_INTERVAL_S = 600

/** Reads and validates every input once. The only caller of core.getInput. */
export function getSettings(environment: InputEnvironment): Settings {
  const { env } = environment
  // Mask secrets before anything else can print them, valid or not.
  const secretKey = core.getInput(Inputs.SecretKey) || env.TENCENTCLOUD_SECRET_KEY || ''
  const token = core.getInput(Inputs.SessionToken) || env.TENCENTCLOUD_SESSION_TOKEN || ''
  if (secretKey) core.setSecret(secretKey)
  if (token) core.setSecret(token)
  const githubToken = core.getInput(Inputs.GithubToken)
  if (githubToken) core.setSecret(githubToken)
  const secretId = core.getInput(Inputs.SecretId) || env.TENCENTCLOUD_SECRET_ID || ''

  const image = parseImageTarget(core.getInput(Inputs.ImageId), core.getInput(Inputs.Image))
  const policyInput = core.getInput(Inputs.Policy) || DEFAULT_POLICY_PATH
  const workspace = environment.workspace

  const settings: Settings = {
    ...image,
    policyPath: path.resolve(workspace, policyInput),
    policyDisplayPath: policyInput,
    policyIsDefault: policyInput === DEFAULT_POLICY_PATH,
    credentials: parseCredentials(secretId, secretKey, token, environment.isForkPullRequest),
    endpoint: parseEndpoint(core.getInput(Inputs.Endpoint) || DEFAULT_ENDPOINT),
    waitTimeoutMs:
      parseNumber(Inputs.WaitTimeout, core.getInput(Inputs.WaitTimeout), '900', {
        min: 1,
        max: MAX_WAIT_TIMEOUT_S,
        what: 'a number of seconds'
      }) * 1000,
    pollIntervalMs:
      parseNumber(Inputs.PollInterval, core.getInput(Inputs.PollInterval), '5', {
        min: 0.1,
        max: MAX_POLL_INTERVAL_S,
        what: 'a number of seconds'
      }) * 1000,
    maxRps: parseNumber(Inputs.MaxRps, core.getInput(Inputs.MaxRps), '10', {
      min: 0.1,
      max: API_MAX_RPS,
      what: 'a number of requests per second'
    }),
    enforce: parseBoolean(Inputs.Enforce, core.getInput(Inputs.Enforce), true),
    summary: parseBoolean(Inputs.Summary, core.getInput(Inputs.Summary), true),
    comment: parseBoolean(Inputs.Comment, core.getInput(Inputs.Comment), false),
    githubToken
  }
  const region = core.getInput(Inputs.Region)
  if (region) {
    if (!/^[a-z0-9-]{1,64}$/.test(region)) {
      throw new InputError(
        `Invalid input '${Inputs.Region}': '${region}'. Expected a Tencent Cloud region such as ap-guangzhou (lowercase letters, digits and '-').`
      )
    }
    settings.region = region
  }
  const reportFile = core.getInput(Inputs.ReportFile)
  if (reportFile) settings.reportFile = path.resolve(workspace, reportFile)
  const sarifFile = core.getInput(Inputs.SarifFile)
  if (sarifFile) {
    settings.sarifFile = path.resolve(workspace, sarifFile)
    if (settings.sarifFile === settings.reportFile) {
      throw new InputError(
        `Inputs '${Inputs.SarifFile}' and '${Inputs.ReportFile}' name the same file ('${sarifFile}'); give each its own path.`
      )
    }
  }
  return settings
}

/** Exactly one of `image-id` and `image`: both or neither is an error naming the two. */
export function parseImageTarget(
  imageIdRaw: string,
  imageRaw: string
): Pick<Settings, 'imageId' | 'imageName'> {
  const hasId = imageIdRaw.trim() !== ''
  const hasName = imageRaw.trim() !== ''
  const choices = `'${Inputs.ImageId}' (the TCSS ImageID) or '${Inputs.Image}' (name:tag, looked up in TCSS)`
  if (hasId && hasName) {
    throw new InputError(
      `Inputs '${Inputs.ImageId}' and '${Inputs.Image}' are both set; give only one of ${choices}.`
    )
  }
  if (!hasId && !hasName) {
    throw new InputError(
      `One of the inputs ${choices} is required: give exactly one to name the image to gate.`
    )
  }
  return hasId ? { imageId: parseImageId(imageIdRaw) } : { imageName: parseImageName(imageRaw) }
}

/**
 * Validates the `image` input and returns it as `name:tag`, `:latest` added
 * when no tag is given. A digest reference (`name@sha256:…`) is refused: TCSS
 * lists images by name and tag.
 */
export function parseImageName(raw: string): string {
  const lines = raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
  if (lines.length > 1) {
    throw new InputError(
      `Input '${Inputs.Image}' has ${lines.length} lines; one image per step is supported. Use one step per image.`
    )
  }
  const value = lines[0] ?? ''
  const shown = JSON.stringify(value.slice(0, 120))
  const expected = `Expected name:tag as TCSS lists it, e.g. ccr.ccs.tencentyun.com/team/app:1.4.2 (no tag means :latest).`
  if (value.includes('@')) {
    throw new InputError(
      `Invalid input '${Inputs.Image}': ${shown} is a digest reference; TCSS lists images by name and tag. ${expected} To gate by ID, use '${Inputs.ImageId}'.`
    )
  }
  const { repository, tag } = splitReference(value)
  const validRepository =
    /^[\x21-\x7e]+$/.test(repository) &&
    !repository.startsWith('/') &&
    !repository.endsWith('/') &&
    !repository.includes('//')
  const validTag = tag === undefined || /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)
  if (value.length > 512 || !validRepository || !validTag) {
    throw new InputError(`Invalid input '${Inputs.Image}': ${shown}. ${expected}`)
  }
  return withDefaultTag(value)
}

export function parseImageId(raw: string): string {
  const lines = raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
  if (lines.length === 0) {
    throw new InputError(
      `Input '${Inputs.ImageId}' is required: give the TCSS ImageID of the image to gate.`
    )
  }
  if (lines.length > 1) {
    throw new InputError(
      `Input '${Inputs.ImageId}' has ${lines.length} lines; one image ID per step is supported. Use one step per image.`
    )
  }
  const id = lines[0]
  if (id.length > 256 || !/^[\x21-\x7e]+$/.test(id)) {
    throw new InputError(
      `Invalid input '${Inputs.ImageId}': ${JSON.stringify(id.slice(0, 80))}. Expected a TCSS ImageID (printable ASCII without spaces, at most 256 characters).`
    )
  }
  return id
}

function parseCredentials(
  secretId: string,
  secretKey: string,
  token: string,
  isForkPullRequest: boolean
): Credentials {
  const missing: string[] = []
  if (!secretId) missing.push(`'${Inputs.SecretId}' (or env TENCENTCLOUD_SECRET_ID)`)
  if (!secretKey) missing.push(`'${Inputs.SecretKey}' (or env TENCENTCLOUD_SECRET_KEY)`)
  if (missing.length > 0) {
    const how =
      `Missing Tencent Cloud credentials: ${missing.join(' and ')}. ` +
      `Set the inputs '${Inputs.SecretId}' and '${Inputs.SecretKey}' from repository secrets, ` +
      `or the environment variables TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY.`
    const fork = isForkPullRequest
      ? ` This run is a pull request from a fork, and GitHub gives such runs no secrets: gate fork pull requests with a separate 'workflow_run' workflow (see ${README_URL}).`
      : ''
    throw new InputError(how + fork)
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
  const invalid = (why: string): InputError =>
    new InputError(`Invalid input '${Inputs.Endpoint}': '${value}' ${why}. ${allowed}`)
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
      `Invalid input '${name}': '${text}'. Expected ${range.what} from ${range.min} to ${range.max}.`
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
  throw new InputError(`Invalid input '${name}': '${text}'. Expected true or false.`)
}
