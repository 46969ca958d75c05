/**
 * The credential inputs: API keys (inputs or TENCENTCLOUD_* variables) as
 * pasted, or keyless OIDC through a CAM role. Secrets are read here and
 * refused without being shown; masking them is the caller's, before this runs.
 */
import { DEFAULT_OIDC_AUDIENCE, Inputs, README_URL } from '../constants.js'
import type { Credentials, CredentialSource } from '../connection.js'
import { ACTION_VOCABULARY, InputError, type Vocabulary } from '../errors.js'
import { firstUnprintable, isPrintable } from '../printable.js'
import { parseEndpoint, stsEndpointFor } from './endpoint.js'
import type { InputEnvironment, RawInputs } from './inputs.js'

/** An input trimmed, as the runner's getInput gives it; '' when not given. */
export function inputText(inputs: RawInputs, name: string): string {
  return (inputs[name] ?? '').trim()
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
export function readSecret(
  inputs: RawInputs,
  input: string,
  variable: string | undefined,
  env: NodeJS.ProcessEnv
): GivenSecret {
  const fromInput = inputs[input] ?? ''
  if (fromInput.trim() !== '' || !variable) return { raw: fromInput, input }
  return { raw: env[variable] ?? '', input, variable }
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
  // What a secret is made of: printable ASCII without spaces (keys, session tokens, GitHub tokens all are).
  const bad = firstUnprintable(value)
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
export function parseCredentialSource(
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
  if (!isPrintable(audience, 256)) {
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
