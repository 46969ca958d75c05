/**
 * The emulator's STS AssumeRoleWithWebIdentity, exercised through the
 * official SDK's STS client the way the action calls it (unsigned), and the
 * temporary credentials it issues, through the SDK's TCSS client.
 */
import { Agent } from 'node:http'
import { afterEach, describe, expect, it } from '@jest/globals'
import { Client as StsClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/sts/v20180813/sts_client.js'
import { Client as TcssClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_client.js'
import { startEmulator, type Emulator, type EmulatorStsOptions } from './emulator/emulator.mjs'
import {
  startFakeRunnerOidc,
  type FakeRunnerOidc,
  type FakeRunnerOidcOptions
} from './helpers/fake-runner-oidc.js'

const ROLE = 'qcs::cam::uin/100000000001:roleName/gate'
const AUDIENCE = 'sts.tencentcloudapi.com'
const closers: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

async function setUp(
  runnerOptions: FakeRunnerOidcOptions = {},
  sts: Partial<EmulatorStsOptions> = {},
  now?: () => number
): Promise<{ emulator: Emulator; runner: FakeRunnerOidc }> {
  const runner = await startFakeRunnerOidc(runnerOptions)
  closers.push(() => runner.close())
  const emulator = await startEmulator({
    images: { img: {} },
    sts: {
      providers: [runner.provider('github', [AUDIENCE])],
      roles: [{ roleArn: ROLE, providerIds: ['github'], subjects: ['repo:octo-org/*'] }],
      ...sts
    },
    ...(now ? { now } : {})
  })
  closers.push(() => emulator.close())
  return { emulator, runner }
}

function clientOptions(emulator: Emulator) {
  const agent = new Agent()
  closers.push(() => agent.destroy())
  return {
    endpoint: `127.0.0.1:${emulator.port}`,
    protocol: 'http://',
    reqTimeout: 5,
    agent
  }
}

function assume(
  emulator: Emulator,
  request: Record<string, unknown>,
  { region = 'ap-guangzhou', skipSign = true } = {}
): Promise<Record<string, unknown>> {
  const client = new StsClient({
    credential: skipSign ? {} : { secretId: emulator.secretId, secretKey: emulator.secretKey },
    region,
    profile: { httpProfile: clientOptions(emulator) }
  })
  return client.request('AssumeRoleWithWebIdentity', request, { skipSign })
}

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    const e = error as { code?: string; message: string }
    return `${e.code}: ${e.message}`
  }
  throw new Error('expected the call to fail')
}

const request = (runner: FakeRunnerOidc, overrides: Record<string, unknown> = {}) => ({
  ProviderId: 'github',
  WebIdentityToken: runner.tokenFor(AUDIENCE),
  RoleArn: ROLE,
  RoleSessionName: 'tcss-virus-gate-1-1',
  ...overrides
})

describe('emulator STS', () => {
  it('issues temporary credentials that TCSS then accepts, with their token only', async () => {
    const { emulator, runner } = await setUp()
    const answer = (await assume(emulator, request(runner))) as {
      Credentials: { TmpSecretId: string; TmpSecretKey: string; Token: string }
      ExpiredTime: number
      Expiration: string
    }
    expect(answer.Credentials.TmpSecretId).toMatch(/^AKID/)
    expect(answer.ExpiredTime - Date.now() / 1000).toBeGreaterThan(7100)
    expect(answer.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(emulator.issuedCredentials).toHaveLength(1)

    const tcss = (token?: string) =>
      new TcssClient({
        credential: {
          secretId: answer.Credentials.TmpSecretId,
          secretKey: answer.Credentials.TmpSecretKey,
          token
        },
        profile: { httpProfile: clientOptions(emulator) }
      }).DescribeAssetImageVirusList({ ImageID: 'img' })
    await expect(tcss(answer.Credentials.Token)).resolves.toMatchObject({ VirusScanStatus: 2 })
    expect(await code(tcss())).toMatch(/^AuthFailure\.TokenFailure/)
  })

  it('refuses temporary credentials once they have expired', async () => {
    let offset = 0
    const { emulator, runner } = await setUp({}, {}, () => Date.now() + offset)
    const answer = (await assume(emulator, request(runner, { DurationSeconds: 60 }))) as {
      Credentials: { TmpSecretId: string; TmpSecretKey: string; Token: string }
    }
    offset = 61_000
    // 61 s is well within the clock skew the signature check allows: only the credentials are stale.
    const error = await code(
      new TcssClient({
        credential: {
          secretId: answer.Credentials.TmpSecretId,
          secretKey: answer.Credentials.TmpSecretKey,
          token: answer.Credentials.Token
        },
        profile: { httpProfile: clientOptions(emulator) }
      }).DescribeAssetImageVirusList({ ImageID: 'img' })
    )
    expect(error).toBe('AuthFailure.TokenFailure: The temporary credentials have expired.')
  })

  it('takes no signature, and wants the STS version and a Region', async () => {
    const { emulator, runner } = await setUp()
    expect(await code(assume(emulator, request(runner), { skipSign: false }))).toMatch(
      /^AuthFailure\.InvalidAuthorization: AssumeRoleWithWebIdentity is not signed/
    )
    expect(await code(assume(emulator, request(runner), { region: '' }))).toMatch(
      /^MissingParameter: .*`Region`/
    )
  })

  it.each<
    [string, FakeRunnerOidcOptions, Record<string, unknown>, Partial<EmulatorStsOptions>, RegExp]
  >([
    [
      'an expired token',
      { lifetimeSeconds: -1 },
      {},
      {},
      /WebIdentityTokenError: WebIdentityToken has expired/
    ],
    [
      'a forged signature',
      { signWithOtherKey: true },
      {},
      {},
      /WebIdentityTokenError: .*signature/
    ],
    [
      'another issuer',
      { claims: { iss: 'https://evil.example' } },
      {},
      {},
      /WebIdentityTokenError: .*issuer/
    ],
    [
      'another audience',
      { claims: { aud: 'other' } },
      {},
      {},
      /WebIdentityTokenError: .*client ID/
    ],
    [
      'not a JWT',
      {},
      { WebIdentityToken: 'abc' },
      {},
      /WebIdentityTokenError: .*not a JSON Web Token/
    ],
    [
      'an unknown provider',
      {},
      { ProviderId: 'gitlab' },
      {},
      /^InvalidParameter\.ParamError: .*gitlab/
    ],
    ['an unknown role', {}, { RoleArn: `${ROLE}x` }, {}, /^ResourceNotFound\.RoleNotFound/],
    [
      'a subject the role does not trust',
      { claims: { sub: 'repo:someone-else/app:ref:refs/heads/main' } },
      {},
      {},
      /^UnauthorizedOperation: .*repo:someone-else/
    ],
    [
      'a missing session name',
      {},
      { RoleSessionName: '' },
      {},
      /^InvalidParameter\.ParamError: .*RoleSessionName/
    ],
    [
      'a duration above the limit',
      {},
      { DurationSeconds: 7200 },
      { maxDurationSeconds: 3600 },
      /^InvalidParameter\.OverTimeError/
    ]
  ])('refuses %s', async (_what, runnerOptions, overrides, sts, expected) => {
    const { emulator, runner } = await setUp(runnerOptions, sts)
    expect(await code(assume(emulator, request(runner, overrides)))).toMatch(expected)
    expect(emulator.issuedCredentials).toHaveLength(0)
  })
})
