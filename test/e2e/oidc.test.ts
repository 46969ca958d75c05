/**
 * End-to-end: keyless credentials. The bundled action asks a fake runner
 * token service for the job's OIDC token, exchanges it at the emulator's STS
 * (AssumeRoleWithWebIdentity) and gates the image with the temporary
 * credentials it gets.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Emulator, EmulatorOptions, EmulatorStsOptions } from '../emulator/emulator.mjs'
import {
  emulatorPerTest,
  failureLine,
  finding,
  listRequests,
  runGate,
  SECRET_ID,
  SECRET_KEY
} from '../helpers/gate.js'
import {
  startFakeRunnerOidc,
  type FakeRunnerOidc,
  type FakeRunnerOidcOptions
} from '../helpers/fake-runner-oidc.js'
import type { RunOptions, RunResult } from '../helpers/run-action.js'

const start = emulatorPerTest()
let runner: FakeRunnerOidc | undefined
afterEach(async () => {
  await runner?.close()
  runner = undefined
})

const ROLE_ARN = 'qcs::cam::uin/100000000001:roleName/tcss-virus-gate'
const PROVIDER_ID = 'github-actions'
const DEFAULT_AUDIENCE = 'sts.tencentcloudapi.com'
/** What the emulator's STS hands out, known in advance so the leak check can look for it. */
const TEMPORARY = {
  secretId: 'AKIDTMPOIDC00000000000000000000000',
  secretKey: 'temporary-secret-key-from-sts-5d1c',
  token: 'temporary-session-token-from-sts-9b2e4f7a1c3d5e6f'
}
const CLEAN = { 'sha256:clean': { findings: [] } }

interface Setup {
  runner?: FakeRunnerOidcOptions
  sts?: Partial<EmulatorStsOptions>
  clientIds?: string[]
  images?: EmulatorOptions['images']
}

async function setUp(setup: Setup = {}): Promise<{ emu: Emulator; runner: FakeRunnerOidc }> {
  runner = await startFakeRunnerOidc(setup.runner)
  const emu = await start({
    images: setup.images ?? CLEAN,
    sts: {
      providers: [runner.provider(PROVIDER_ID, setup.clientIds ?? [DEFAULT_AUDIENCE])],
      roles: [
        {
          roleArn: ROLE_ARN,
          providerIds: [PROVIDER_ID],
          subjects: ['repo:octo-org/octo-service:*']
        }
      ],
      credentials: [TEMPORARY],
      ...setup.sts
    }
  })
  return { emu, runner }
}

/** Runs the gate with role-arn/provider-id instead of keys, as a job with `id-token: write` would. */
function runKeyless(
  emu: Emulator,
  fake: FakeRunnerOidc,
  options: RunOptions = {},
  audience = DEFAULT_AUDIENCE
): Promise<RunResult> {
  return runGate(emu, {
    ...options,
    inputs: {
      'secret-id': '',
      'secret-key': '',
      'role-arn': ROLE_ARN,
      'provider-id': PROVIDER_ID,
      ...options.inputs
    },
    env: { ...fake.env, GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '2', ...options.env },
    secrets: [
      TEMPORARY.secretId,
      TEMPORARY.secretKey,
      TEMPORARY.token,
      fake.tokenFor(audience),
      fake.requestToken,
      ...(options.secrets ?? [])
    ]
  })
}

function stsRequests(emu: Emulator) {
  return emu.requests.filter((request) => request.action === 'AssumeRoleWithWebIdentity')
}

function masked(result: RunResult): string[] {
  return result.commands
    .filter((command) => command.command === 'add-mask')
    .map((command) => command.message)
}

describe('keyless credentials (OIDC)', () => {
  it('exchanges the job OIDC token for temporary credentials and gates with them, masked', async () => {
    const { emu, runner: fake } = await setUp({
      images: { 'sha256:bad': { findings: [finding(4)] } }
    })
    const result = await runKeyless(emu, fake, { inputs: { 'image-id': 'sha256:bad' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ verdict: 'fail', violations: '1' })

    // One token request, with the runner's bearer token and the default audience.
    expect(fake.requests).toEqual([{ audience: DEFAULT_AUDIENCE, authorized: true }])
    // One unsigned STS call, then every TCSS call with the temporary SecretId and its token.
    const sts = stsRequests(emu)
    expect(sts).toHaveLength(1)
    expect(sts[0]).toMatchObject({ outcome: 'ok', secretId: null, sessionToken: null })
    expect(emu.issuedCredentials).toEqual([
      expect.objectContaining({
        ...TEMPORARY,
        roleArn: ROLE_ARN,
        sessionName: 'tcss-virus-gate-4242-2',
        subject: 'repo:octo-org/octo-service:ref:refs/heads/main'
      })
    ])
    const tcss = emu.requests.filter((request) => request.action === 'DescribeAssetImageVirusList')
    expect(tcss).toHaveLength(1)
    for (const request of tcss) {
      expect(request).toMatchObject({
        outcome: 'ok',
        secretId: TEMPORARY.secretId,
        sessionToken: TEMPORARY.token
      })
    }
    // All three temporary secrets and the ID token are masked (runGate checked they leak nowhere).
    expect(masked(result)).toEqual(
      expect.arrayContaining([
        TEMPORARY.secretId,
        TEMPORARY.secretKey,
        TEMPORARY.token,
        fake.tokenFor(DEFAULT_AUDIENCE)
      ])
    )
    // Masked before first use: the add-mask lines come before the log line about the credentials.
    const maskAt = result.stdout.indexOf(`::add-mask::${TEMPORARY.secretKey}`)
    expect(maskAt).toBeGreaterThan(-1)
    expect(maskAt).toBeLessThan(result.stdout.indexOf('Using temporary credentials'))
    // The log names the token's sub and aud: what the role's trust policy compares.
    expect(result.stdout).toContain(
      `sub: repo:octo-org/octo-service:ref:refs/heads/main, aud: ${DEFAULT_AUDIENCE}`
    )
  })

  it('passes oidc-audience through to the ID token request and the token', async () => {
    const audience = 'tcss-virus-gate.example.com'
    const { emu, runner: fake } = await setUp({ clientIds: [audience] })
    const result = await runKeyless(
      emu,
      fake,
      { inputs: { 'image-id': 'sha256:clean', 'oidc-audience': audience } },
      audience
    )
    expect(result.exitCode).toBe(0)
    expect(result.outputs.verdict).toBe('pass')
    expect(fake.requests).toEqual([{ audience, authorized: true }])
    expect(emu.issuedCredentials).toHaveLength(1)
    expect(result.stdout).toContain(`aud: ${audience}`)
  })

  it('fails with the STS code, message and RequestId when the audience is not a client ID of the provider', async () => {
    const { emu, runner: fake } = await setUp({ clientIds: ['some-other-client'] })
    const result = await runKeyless(emu, fake, { inputs: { 'image-id': 'sha256:clean' } })
    expect(result.exitCode).toBe(1)
    const line = failureLine(result) ?? ''
    const requestId = stsRequests(emu)[0].requestId
    expect(line).toContain('InvalidParameter.WebIdentityTokenError')
    expect(line).toContain('is not a client ID of the identity provider')
    expect(line).toContain(`RequestId: ${requestId}`)
    expect(line).toContain(`lists '${DEFAULT_AUDIENCE}' (input 'oidc-audience') as a client ID`)
    expect(listRequests(emu)).toBe(0)
  })

  it('fails on an expired ID token with the STS error and its RequestId, calling no TCSS action', async () => {
    const { emu, runner: fake } = await setUp({ runner: { lifetimeSeconds: -60 } })
    const result = await runKeyless(emu, fake, { inputs: { 'image-id': 'sha256:clean' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.verdict).toBe('fail')
    const sts = stsRequests(emu)
    expect(sts).toHaveLength(1)
    expect(sts[0].outcome).toBe('InvalidParameter.WebIdentityTokenError')
    const line = failureLine(result) ?? ''
    expect(line).toMatch(
      /^Could not assume role qcs::cam::uin\/100000000001:roleName\/tcss-virus-gate with the job's OIDC token: AssumeRoleWithWebIdentity failed: InvalidParameter\.WebIdentityTokenError: WebIdentityToken has expired\./
    )
    expect(line).toContain(`(RequestId: ${sts[0].requestId})`)
    expect(emu.issuedCredentials).toHaveLength(0)
    expect(listRequests(emu)).toBe(0)
  })

  it('fails in report-only mode too: without credentials nothing was judged', async () => {
    const { emu, runner: fake } = await setUp({ runner: { lifetimeSeconds: -60 } })
    const result = await runKeyless(emu, fake, {
      inputs: { 'image-id': 'sha256:clean', enforce: 'false' }
    })
    expect(result.exitCode).toBe(1)
    expect(failureLine(result)).toContain('InvalidParameter.WebIdentityTokenError')
    expect(result.outputs.verdict).toBe('fail')
  })

  it('fails on an ID token whose signature does not verify', async () => {
    const { emu, runner: fake } = await setUp({ runner: { signWithOtherKey: true } })
    const result = await runKeyless(emu, fake, { inputs: { 'image-id': 'sha256:clean' } })
    expect(result.exitCode).toBe(1)
    const line = failureLine(result) ?? ''
    expect(line).toContain('InvalidParameter.WebIdentityTokenError')
    expect(line).toContain("signature does not match the identity provider's key")
    expect(line).toContain(`RequestId: ${stsRequests(emu)[0].requestId}`)
    expect(listRequests(emu)).toBe(0)
  })

  it("names the token's sub when the role's trust policy refuses it", async () => {
    const { emu, runner: fake } = await setUp({
      runner: { claims: { sub: 'repo:octo-org/octo-service:pull_request' } },
      sts: {
        roles: [
          {
            roleArn: ROLE_ARN,
            providerIds: [PROVIDER_ID],
            subjects: ['repo:octo-org/octo-service:ref:refs/heads/main']
          }
        ]
      }
    })
    const result = await runKeyless(emu, fake, { inputs: { 'image-id': 'sha256:clean' } })
    expect(result.exitCode).toBe(1)
    const line = failureLine(result) ?? ''
    expect(line).toContain('UnauthorizedOperation')
    expect(line).toContain("This run's token has sub 'repo:octo-org/octo-service:pull_request'")
    expect(listRequests(emu)).toBe(0)
  })

  it("names the role's session length when STS refuses the duration the wait needs", async () => {
    const { emu, runner: fake } = await setUp({ sts: { maxDurationSeconds: 3600 } })
    const result = await runKeyless(emu, fake, {
      inputs: { 'image-id': 'sha256:clean', 'wait-timeout': '7200' }
    })
    expect(result.exitCode).toBe(1)
    const line = failureLine(result) ?? ''
    expect(line).toContain('InvalidParameter.OverTimeError')
    expect(line).toContain(
      "Raise the role's maximum session duration in CAM, or lower input 'wait-timeout'"
    )
    expect(listRequests(emu)).toBe(0)
  })

  it('fails at once on an unknown role, and retries STS answers that are transient', async () => {
    const unknown = await setUp({ sts: { roles: [] } })
    const refused = await runKeyless(unknown.emu, unknown.runner, {
      inputs: { 'image-id': 'sha256:clean' }
    })
    expect(refused.exitCode).toBe(1)
    expect(failureLine(refused)).toContain('ResourceNotFound.RoleNotFound')
    expect(failureLine(refused)).toContain("Check input 'role-arn'")
    expect(stsRequests(unknown.emu)).toHaveLength(1)
    await runner?.close()

    const flaky = await setUp()
    flaky.emu.setFaults({ script: ['http503', { code: 'InvalidParameter.OverLimit' }, 'reset'] })
    const result = await runKeyless(flaky.emu, flaky.runner, {
      inputs: { 'image-id': 'sha256:clean' }
    })
    expect(result.exitCode).toBe(0)
    expect(stsRequests(flaky.emu).map((request) => request.outcome)).toEqual([
      'http503',
      'InvalidParameter.OverLimit',
      'reset',
      'ok'
    ])
    expect(result.stdout).toContain('AssumeRoleWithWebIdentity failed (HTTP 503')
  })
})

describe('keyless credentials: configuration errors before any call', () => {
  it('explains the missing id-token permission when the runner gives no token URL', async () => {
    const { emu, runner: fake } = await setUp()
    const result = await runGate(emu, {
      inputs: {
        'image-id': 'sha256:clean',
        'secret-id': '',
        'secret-key': '',
        'role-arn': ROLE_ARN,
        'provider-id': PROVIDER_ID
      }
    })
    expect(result.exitCode).toBe(1)
    const line = failureLine(result) ?? ''
    expect(line).toContain('ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN')
    expect(line).toContain("'permissions: id-token: write'")
    expect(line).toContain('Pull requests from forks never get one')
    expect(result.outputs.verdict).toBe('fail')
    expect(emu.requests).toHaveLength(0)
    expect(fake.requests).toHaveLength(0)
  })

  it('says a pull request from a fork gets no ID token and points to workflow_run', async () => {
    const { emu } = await setUp()
    const result = await runGate(emu, {
      inputs: {
        'image-id': 'sha256:clean',
        'secret-id': '',
        'secret-key': '',
        'role-arn': ROLE_ARN,
        'provider-id': PROVIDER_ID
      },
      event: {
        name: 'pull_request',
        payload: {
          pull_request: {
            head: { repo: { full_name: 'someone/octo-service', fork: true } },
            base: { repo: { full_name: 'octo-org/octo-service' } }
          }
        }
      }
    })
    expect(result.exitCode).toBe(1)
    const line = failureLine(result) ?? ''
    expect(line).toContain("'permissions: id-token: write'")
    expect(line).toContain('pull request from a fork')
    expect(line).toContain("'workflow_run'")
    expect(emu.requests).toHaveLength(0)
  })

  it('refuses keys and role-arn together, as inputs or from the environment', async () => {
    const { emu, runner: fake } = await setUp()
    const both = await runGate(emu, {
      inputs: { 'image-id': 'sha256:clean', 'role-arn': ROLE_ARN, 'provider-id': PROVIDER_ID },
      env: fake.env
    })
    expect(both.exitCode).toBe(1)
    expect(failureLine(both)).toBe(
      "Both keyless credentials ('role-arn') and API keys (input 'secret-id', input 'secret-key') are set; pick one: " +
        "either 'role-arn' with 'provider-id' (the job's OIDC token exchanged for temporary credentials), " +
        "or 'secret-id' with 'secret-key', and remove the other."
    )

    const fromEnv = await runGate(emu, {
      inputs: {
        'image-id': 'sha256:clean',
        'secret-id': '',
        'secret-key': '',
        'role-arn': ROLE_ARN,
        'provider-id': PROVIDER_ID
      },
      env: { ...fake.env, TENCENTCLOUD_SECRET_ID: SECRET_ID, TENCENTCLOUD_SECRET_KEY: SECRET_KEY }
    })
    expect(fromEnv.exitCode).toBe(1)
    expect(failureLine(fromEnv)).toContain(
      'API keys (env TENCENTCLOUD_SECRET_ID, env TENCENTCLOUD_SECRET_KEY) are set; pick one'
    )
    expect(emu.requests).toHaveLength(0)
    expect(fake.requests).toHaveLength(0)
  })

  it('needs role-arn and provider-id together, and checks their form', async () => {
    const { emu, runner: fake } = await setUp()
    const keyless = { 'image-id': 'sha256:clean', 'secret-id': '', 'secret-key': '' }
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'role-arn': ROLE_ARN }, "Input 'role-arn' is set but 'provider-id' is not"],
      [{ 'provider-id': PROVIDER_ID }, "Input 'provider-id' is set but 'role-arn' is not"],
      [
        { 'role-arn': 'arn:aws:iam::123456789012:role/x', 'provider-id': PROVIDER_ID },
        "Invalid input 'role-arn'"
      ],
      [{ 'role-arn': ROLE_ARN, 'provider-id': 'github actions' }, "Invalid input 'provider-id'"],
      [
        { 'oidc-audience': 'custom-audience' },
        "Input 'oidc-audience' is set, but it applies only to keyless credentials"
      ]
    ]
    for (const [inputs, message] of cases) {
      const result = await runGate(emu, { inputs: { ...keyless, ...inputs }, env: fake.env })
      expect(result.exitCode).toBe(1)
      expect(failureLine(result)).toContain(message)
    }
    expect(emu.requests).toHaveLength(0)
    expect(fake.requests).toHaveLength(0)
  })

  it('reports a token service that refuses the request as a credentials error', async () => {
    const { emu, runner: fake } = await setUp()
    const result = await runKeyless(emu, fake, {
      inputs: { 'image-id': 'sha256:clean' },
      env: { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-runner-token' }
    })
    expect(result.exitCode).toBe(1)
    const line = failureLine(result) ?? ''
    expect(line).toMatch(/^Could not get the job's OIDC token from the runner/)
    expect(line).toContain('401')
    expect(fake.requests).toEqual([{ audience: DEFAULT_AUDIENCE, authorized: false }])
    expect(emu.requests).toHaveLength(0)
  })
})
