import { ApiError, ApiUnavailableError, CredentialError, errorMessage } from '../errors.js'
import { Inputs } from '../constants.js'
import type { Credentials, CredentialSource, OidcSettings } from '../connection.js'
import type { StsApi } from './sts-client.js'
import type { Clock, Logger } from '../clock.js'
import { DEFAULT_RETRY, RetryBudget, TransientError, withRetry } from './retry.js'

/** What getting credentials needs from the outside world. */
export interface CredentialIo {
  /** The runner's ID token for this audience (core.getIDToken). */
  getIdToken: (audience: string) => Promise<string>
  createSts: (oidc: OidcSettings) => StsApi
  /** Hides a value in the job log (core.setSecret). */
  mask: (secret: string) => void
  clock: Clock
  random: () => number
  /** Clock time by which everything must be done (start + wait-timeout). */
  deadline: number
  /** Longest wait for one response before it is abandoned and retried. */
  requestTimeoutMs: number
  log: Logger
}

/** What the service gives temporary credentials when DurationSeconds is not sent. */
const STS_DEFAULT_DURATION_S = 7200
const STS_MAX_DURATION_S = 43200
/** Credentials must outlive the run by this much: the last request may start just before the deadline. */
const DURATION_MARGIN_S = 600

/** The credentials for the TCSS calls: the keys as given, or temporary ones through OIDC. */
export async function resolveCredentials(
  source: CredentialSource,
  io: CredentialIo
): Promise<Credentials> {
  if (source.kind === 'keys') return source.credentials
  return assumeRoleWithOidc(source.oidc, io)
}

/**
 * Requests the job's OIDC token, exchanges it with STS AssumeRoleWithWebIdentity
 * and masks the temporary SecretId, SecretKey and token before anything else
 * happens. Transient STS failures are retried inside the deadline; anything
 * else is a CredentialError naming the STS code and RequestId.
 */
export async function assumeRoleWithOidc(
  oidc: OidcSettings,
  io: CredentialIo
): Promise<Credentials> {
  let idToken: string
  try {
    idToken = await io.getIdToken(oidc.audience)
  } catch (error) {
    throw new CredentialError(
      `Could not get the job's OIDC token from the runner (audience '${oidc.audience}'): ${oneLine(errorMessage(error))}. ` +
        `The workflow or job needs 'permissions: id-token: write'.`
    )
  }
  io.mask(idToken)
  const claims = tokenClaims(idToken)
  io.log.info(
    `Got the job's OIDC token (sub: ${claims.sub ?? 'unknown'}, aud: ${claims.aud ?? 'unknown'}); ` +
      `assuming role ${oidc.roleArn} through identity provider ${oidc.providerId} at ${oidc.stsEndpoint.host}.`
  )

  const sts = io.createSts(oidc)
  const request = {
    ProviderId: oidc.providerId,
    WebIdentityToken: idToken,
    RoleArn: oidc.roleArn,
    RoleSessionName: oidc.sessionName,
    ...durationFor(io)
  }
  try {
    const answer = await withRetry(
      async () => {
        const left = io.deadline - io.clock.now()
        if (left <= 0) {
          throw new CredentialError(
            `Ran out of time (wait-timeout) exchanging the job's OIDC token with STS.`
          )
        }
        const raw = await sts.assumeRoleWithWebIdentity(
          request,
          Math.min(io.requestTimeoutMs, Math.max(1, left))
        )
        return parseAssumeRoleResponse(raw, io.mask)
      },
      {
        ...DEFAULT_RETRY,
        budget: new RetryBudget(DEFAULT_RETRY.maxAttempts),
        deadline: io.deadline,
        clock: io.clock,
        random: io.random,
        service: 'STS AssumeRoleWithWebIdentity',
        onRetry: (error, attempt, delayMs) =>
          io.log.info(
            `AssumeRoleWithWebIdentity failed (${error.message}); retry ${attempt} in ${delayMs} ms.`
          )
      }
    )
    const expires = answer.expiration ? `; they expire at ${answer.expiration}` : ''
    io.log.info(`Using temporary credentials of role ${oidc.roleArn}${expires}.`)
    return answer.credentials
  } catch (error) {
    if (error instanceof ApiError) {
      throw new CredentialError(
        `Could not assume role ${oidc.roleArn} with the job's OIDC token: ${error.message}. ${hintFor(error.code, oidc, claims)}`,
        error.code,
        error.requestId
      )
    }
    if (error instanceof ApiUnavailableError) {
      throw new CredentialError(
        `Could not get temporary credentials from ${oidc.stsEndpoint.host}: ${error.message}`
      )
    }
    throw error
  } finally {
    sts.close?.()
  }
}

/** DurationSeconds only when the service's default would not outlast wait-timeout (a role may allow less). */
function durationFor(io: CredentialIo): { DurationSeconds?: number } {
  const needed = Math.ceil((io.deadline - io.clock.now()) / 1000) + DURATION_MARGIN_S
  if (needed <= STS_DEFAULT_DURATION_S) return {}
  return { DurationSeconds: Math.min(STS_MAX_DURATION_S, needed) }
}

/** What to check for each refusal, in the user's terms. */
function hintFor(code: string, oidc: OidcSettings, claims: TokenClaims): string {
  const sub = claims.sub ? ` This run's token has sub '${claims.sub}'.` : ''
  if (code.startsWith('InvalidParameter.WebIdentityTokenError')) {
    return (
      `STS did not accept the token: check that the CAM identity provider '${oidc.providerId}' has the issuer ` +
      `https://token.actions.githubusercontent.com and lists '${oidc.audience}' (input '${Inputs.OidcAudience}') as a client ID, ` +
      `and that the token had not expired.`
    )
  }
  if (code.startsWith('UnauthorizedOperation') || code.startsWith('AuthFailure')) {
    return (
      `Check the trust policy of the role: it must allow sts:AssumeRoleWithWebIdentity for the provider ` +
      `'${oidc.providerId}', and its conditions on aud and sub must match this run.${sub}`
    )
  }
  if (code.startsWith('InvalidParameter.OverTimeError')) {
    return (
      `STS refused the session length: the gate asks for wait-timeout plus ${DURATION_MARGIN_S / 60} minutes when that is more ` +
      `than ${STS_DEFAULT_DURATION_S / 3600} hours, and the role '${oidc.roleArn}' allows less. Raise the role's maximum session ` +
      `duration in CAM, or lower input '${Inputs.WaitTimeout}'.`
    )
  }
  if (code.startsWith('ResourceNotFound') || code.startsWith('InternalError.GetRoleError')) {
    return `Check input '${Inputs.RoleArn}': the role must exist in the account the identity provider belongs to.`
  }
  return `Check the inputs '${Inputs.RoleArn}' and '${Inputs.ProviderId}' and the role's trust policy.${sub}`
}

interface AssumedRole {
  credentials: Credentials
  /** When they expire (ISO 8601), as STS says. */
  expiration?: string
}

/**
 * Reads the temporary credentials out of an AssumeRoleWithWebIdentity answer,
 * masking each secret string it finds before it is validated, so that no
 * message about a broken answer can carry one.
 */
export function parseAssumeRoleResponse(raw: unknown, mask: (secret: string) => void): AssumedRole {
  const response = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
  const given = response.Credentials
  const fields = (typeof given === 'object' && given !== null ? given : {}) as Record<
    string,
    unknown
  >
  const { TmpSecretId: secretId, TmpSecretKey: secretKey, Token: token } = fields
  for (const value of [secretId, secretKey, token]) {
    if (typeof value === 'string' && value !== '') mask(value)
  }
  if (
    typeof secretId !== 'string' ||
    secretId === '' ||
    typeof secretKey !== 'string' ||
    secretKey === '' ||
    typeof token !== 'string' ||
    token === ''
  ) {
    throw new TransientError(
      'the AssumeRoleWithWebIdentity response has no complete Credentials (TmpSecretId, TmpSecretKey, Token)'
    )
  }
  const expiration = typeof response.Expiration === 'string' ? response.Expiration : undefined
  return { credentials: { secretId, secretKey, token }, ...(expiration ? { expiration } : {}) }
}

interface TokenClaims {
  sub?: string
  aud?: string
}

/**
 * The `sub` and `aud` claims of a JWT, for messages: they are what a role's
 * trust policy conditions compare. Nothing is verified here (STS does that);
 * an unreadable token just has no claims.
 */
export function tokenClaims(token: string): TokenClaims {
  const payload = token.split('.')[1]
  if (!payload) return {}
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown
    if (typeof claims !== 'object' || claims === null) return {}
    const { sub, aud } = claims as { sub?: unknown; aud?: unknown }
    const text = (value: unknown): string | undefined =>
      typeof value === 'string'
        ? value.slice(0, 300)
        : Array.isArray(value) && value.every((item) => typeof item === 'string')
          ? value.join(',').slice(0, 300)
          : undefined
    const result: TokenClaims = {}
    const subject = text(sub)
    const audience = text(aud)
    if (subject !== undefined) result.sub = subject
    if (audience !== undefined) result.aud = audience
    return result
  } catch {
    return {}
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
