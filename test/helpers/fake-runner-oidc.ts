/**
 * A local stand-in for the runner's OIDC token service: what
 * `core.getIDToken(audience)` calls. Like the runner, it is reached at
 * ACTIONS_ID_TOKEN_REQUEST_URL (which already carries a query string, so the
 * toolkit appends `&audience=…`), wants `Authorization: Bearer
 * <ACTIONS_ID_TOKEN_REQUEST_TOKEN>`, and answers `{"value": "<JWT>"}`. The JWT
 * is signed RS256 with a throwaway key whose public half the emulator's STS
 * is given as the identity provider's key.
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { EmulatorOidcProvider } from '../emulator/emulator.mjs'

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'

export interface FakeRunnerOidcOptions {
  /** Claims added to (or replacing) GitHub's usual ones, e.g. another `sub`. */
  claims?: Record<string, unknown>
  /** Seconds from now until `exp`; negative for a token that has already expired. Default 300. */
  lifetimeSeconds?: number
  /** Sign with a key other than the published one: a token whose signature does not verify. */
  signWithOtherKey?: boolean
}

export interface FakeRunnerOidc {
  /** The value for ACTIONS_ID_TOKEN_REQUEST_URL. */
  url: string
  /** The value for ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  requestToken: string
  /** Both variables, ready for runAction's `env`. */
  env: Record<string, string>
  /** The issuer's public key (PEM). */
  publicKey: string
  /** Each request received: the audience asked for, and whether the bearer token was right. */
  requests: Array<{ audience: string | null; authorized: boolean }>
  /** The token served for an audience (the same text every time for one audience). */
  tokenFor(audience: string | null): string
  /** The CAM identity provider, as the emulator's STS options take it, trusting this issuer. */
  provider(providerId: string, clientIds: readonly string[]): EmulatorOidcProvider
  close(): Promise<void>
}

const REPOSITORY = 'octo-org/octo-service'

export async function startFakeRunnerOidc(
  options: FakeRunnerOidcOptions = {}
): Promise<FakeRunnerOidc> {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const signingKey: KeyObject = options.signWithOtherKey
    ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    : key.privateKey
  const publicKey = key.publicKey.export({ type: 'spki', format: 'pem' }).toString()
  const requestToken = `runner-request-token-${randomUUID()}`
  const issuedAt = Math.floor(Date.now() / 1000)
  const jti = randomUUID()
  const requests: FakeRunnerOidc['requests'] = []

  const tokenFor = (audience: string | null): string => {
    const header = { typ: 'JWT', alg: 'RS256', kid: 'fake-runner-key' }
    const claims = {
      jti,
      sub: `repo:${REPOSITORY}:ref:refs/heads/main`,
      // Without an audience GitHub uses the URL of the repository owner.
      aud: audience ?? 'https://github.com/octo-org',
      ref: 'refs/heads/main',
      sha: '0123456789abcdef0123456789abcdef01234567',
      repository: REPOSITORY,
      repository_owner: 'octo-org',
      run_id: '4242',
      run_attempt: '1',
      event_name: 'push',
      ref_type: 'branch',
      workflow: 'release',
      job_workflow_ref: `${REPOSITORY}/.github/workflows/release.yml@refs/heads/main`,
      runner_environment: 'github-hosted',
      iss: GITHUB_ISSUER,
      nbf: issuedAt - 5,
      iat: issuedAt,
      exp: issuedAt + (options.lifetimeSeconds ?? 300),
      ...options.claims
    }
    const encode = (value: unknown): string =>
      Buffer.from(JSON.stringify(value)).toString('base64url')
    const signed = `${encode(header)}.${encode(claims)}`
    return `${signed}.${sign('RSA-SHA256', Buffer.from(signed), signingKey).toString('base64url')}`
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://runner.invalid')
    const authorized = req.headers.authorization === `Bearer ${requestToken}`
    const audience = url.searchParams.get('audience')
    requests.push({ audience, authorized })
    const answer = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (req.method !== 'GET' || url.pathname !== '/idtoken')
      return answer(404, { message: 'Not Found' })
    if (!authorized) return answer(401, { message: 'Bad credentials' })
    answer(200, { value: tokenFor(audience) })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  // The runner's URL already has a query string; the toolkit appends `&audience=`.
  const url = `http://127.0.0.1:${port}/idtoken?api-version=2.0`

  return {
    url,
    requestToken,
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken },
    publicKey,
    requests,
    tokenFor,
    provider: (providerId, clientIds) => ({
      providerId,
      issuer: GITHUB_ISSUER,
      publicKey,
      clientIds
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
