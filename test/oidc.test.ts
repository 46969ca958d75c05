/**
 * Unit tests of keyless credentials: where STS is reached, the session name,
 * reading the STS answer, sorting STS errors, and the exchange itself with a
 * fake runner token, a fake STS and a fake clock.
 */
import { describe, expect, it } from '@jest/globals'
import {
  assumeRoleWithOidc,
  type CredentialIo,
  parseAssumeRoleResponse,
  tokenClaims
} from '../src/cloud/credentials.js'
import { ApiError, CredentialError } from '../src/errors.js'
import type { OidcSettings } from '../src/connection.js'
import { roleSessionName } from '../src/core/credential-settings.js'
import { parseEndpoint, stsEndpointFor } from '../src/core/endpoint.js'
import { classifyStsError, type StsApi } from '../src/cloud/sts-client.js'
import { TransientError } from '../src/cloud/retry.js'
import { fakeClock } from './helpers/builders.js'

describe('stsEndpointFor', () => {
  it.each([
    ['tcss.tencentcloudapi.com', 'https://', 'sts.tencentcloudapi.com'],
    ['tcss.intl.tencentcloudapi.com', 'https://', 'sts.intl.tencentcloudapi.com'],
    ['tcss.ap-guangzhou.tencentcloudapi.com', 'https://', 'sts.ap-guangzhou.tencentcloudapi.com'],
    ['https://tcss.tencentcloudapi.com:8443', 'https://', 'sts.tencentcloudapi.com'],
    ['api.example.com', 'https://', 'sts.tencentcloudapi.com'],
    ['http://127.0.0.1:8080', 'http://', '127.0.0.1:8080'],
    ['http://localhost:9000', 'http://', 'localhost:9000'],
    ['http://[::1]:9000', 'http://', '[::1]:9000']
  ])('%s → %s%s', (endpoint, protocol, host) => {
    expect(stsEndpointFor(parseEndpoint(endpoint))).toMatchObject({ protocol, host })
  })
})

describe('roleSessionName', () => {
  it('names the run and its attempt, within the characters and length STS allows', () => {
    expect(roleSessionName({ GITHUB_RUN_ID: '123', GITHUB_RUN_ATTEMPT: '2' })).toBe(
      'tcss-virus-gate-123-2'
    )
    expect(roleSessionName({})).toBe('tcss-virus-gate')
    const odd = roleSessionName({ GITHUB_RUN_ID: 'a b/c'.repeat(40) })
    expect(odd).toMatch(/^[\w+=,.@-]{2,128}$/)
  })
})

describe('tokenClaims', () => {
  const jwt = (claims: unknown) =>
    `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`
  it('reads sub and aud, and nothing from what is not a JWT', () => {
    expect(tokenClaims(jwt({ sub: 'repo:o/r:ref:refs/heads/main', aud: 'x' }))).toEqual({
      sub: 'repo:o/r:ref:refs/heads/main',
      aud: 'x'
    })
    expect(tokenClaims(jwt({ aud: ['a', 'b'], sub: 7 }))).toEqual({ aud: 'a,b' })
    expect(tokenClaims('not a token')).toEqual({})
    expect(tokenClaims('a.!!!.b')).toEqual({})
  })
})

describe('parseAssumeRoleResponse', () => {
  it('masks each secret before judging the answer', () => {
    const masked: string[] = []
    const answer = parseAssumeRoleResponse(
      {
        Credentials: { TmpSecretId: 'AKIDt', TmpSecretKey: 'key', Token: 'tok' },
        ExpiredTime: 1,
        Expiration: '2026-11-23T10:00:00Z'
      },
      (secret) => masked.push(secret)
    )
    expect(masked).toEqual(['AKIDt', 'key', 'tok'])
    expect(answer).toEqual({
      credentials: { secretId: 'AKIDt', secretKey: 'key', token: 'tok' },
      expiration: '2026-11-23T10:00:00Z'
    })

    const partial: string[] = []
    expect(() =>
      parseAssumeRoleResponse({ Credentials: { TmpSecretKey: 'only-key' } }, (secret) =>
        partial.push(secret)
      )
    ).toThrow(TransientError)
    expect(partial).toEqual(['only-key'])
    expect(() => parseAssumeRoleResponse(null, () => undefined)).toThrow(/no complete Credentials/)
  })
})

describe('classifyStsError', () => {
  const sdkError = (fields: Record<string, unknown>) =>
    Object.assign(new Error(String(fields.message ?? 'message')), {
      requestId: 'req-1',
      traceId: 'trace',
      ...fields
    })
  it.each([
    ['InvalidParameter.WebIdentityTokenError', ApiError],
    ['UnauthorizedOperation', ApiError],
    ['InternalError.GetRoleError', ApiError],
    ['InternalError.IllegalRole', ApiError],
    ['ResourceNotFound.RoleNotFound', ApiError],
    ['InvalidParameter.OverLimit', TransientError],
    ['RequestLimitExceeded', TransientError],
    ['InternalError.SystemError', TransientError]
  ])('%s is %p', (code, kind) => {
    const classified = classifyStsError(sdkError({ code }))
    expect(classified).toBeInstanceOf(kind)
    expect(classified).toMatchObject({ code, requestId: 'req-1' })
  })
})

const OIDC: OidcSettings = {
  roleArn: 'qcs::cam::uin/100000000001:roleName/gate',
  providerId: 'github',
  audience: 'sts.tencentcloudapi.com',
  sessionName: 'tcss-virus-gate-1-1',
  stsEndpoint: {
    protocol: 'https://',
    host: 'sts.tencentcloudapi.com',
    hostname: 'sts.tencentcloudapi.com'
  },
  stsRegion: 'ap-guangzhou'
}
const GOOD = {
  Credentials: { TmpSecretId: 'AKIDtmp', TmpSecretKey: 'tmp-key', Token: 'tmp-token' },
  ExpiredTime: 1_800_000_000,
  Expiration: '2027-01-15T08:00:00Z',
  RequestId: 'req-ok'
}

function io(
  answers: Array<unknown | Error>,
  overrides: Partial<CredentialIo> = {}
): CredentialIo & { events: string[]; requests: unknown[] } {
  const events: string[] = []
  const requests: unknown[] = []
  const sts: StsApi = {
    assumeRoleWithWebIdentity: async (request) => {
      requests.push(request)
      events.push('sts')
      const answer = answers.shift()
      if (answer instanceof Error) throw answer
      return answer
    }
  }
  return {
    events,
    requests,
    getIdToken: async (audience) => {
      events.push(`token:${audience}`)
      return 'header.eyJzdWIiOiJyZXBvOm8vcjpyZWY6cmVmcy9oZWFkcy9tYWluIn0.signature'
    },
    createSts: () => sts,
    mask: (secret) => events.push(`mask:${secret}`),
    clock: fakeClock(),
    random: () => 0.5,
    deadline: 900_000,
    requestTimeoutMs: 30_000,
    log: { info: (message) => events.push(`info:${message}`), debug: () => undefined },
    ...overrides
  }
}

describe('assumeRoleWithOidc', () => {
  it('asks for the token with the audience, sends the request fields, and masks before logging', async () => {
    const world = io([GOOD])
    const credentials = await assumeRoleWithOidc(OIDC, world)
    expect(credentials).toEqual({ secretId: 'AKIDtmp', secretKey: 'tmp-key', token: 'tmp-token' })
    expect(world.requests).toEqual([
      {
        ProviderId: 'github',
        WebIdentityToken: 'header.eyJzdWIiOiJyZXBvOm8vcjpyZWY6cmVmcy9oZWFkcy9tYWluIn0.signature',
        RoleArn: OIDC.roleArn,
        RoleSessionName: 'tcss-virus-gate-1-1'
      }
    ])
    const events = world.events.map((event) => event.split(' ')[0])
    expect(events).toEqual([
      'token:sts.tencentcloudapi.com',
      'mask:header.eyJzdWIiOiJyZXBvOm8vcjpyZWY6cmVmcy9oZWFkcy9tYWluIn0.signature',
      'info:Got',
      'sts',
      'mask:AKIDtmp',
      'mask:tmp-key',
      'mask:tmp-token',
      'info:Using'
    ])
    expect(world.events[2]).toContain('sub: repo:o/r:ref:refs/heads/main, aud: unknown')
  })

  it('asks for credentials that outlast a wait-timeout beyond the service default', async () => {
    const long = io([GOOD], { deadline: 6 * 3600 * 1000 })
    await assumeRoleWithOidc(OIDC, long)
    expect(long.requests[0]).toMatchObject({ DurationSeconds: 6 * 3600 + 600 })
  })

  it('retries transient STS failures and turns a refusal into a CredentialError with code and RequestId', async () => {
    const flaky = io([new TransientError('HTTP 503'), GOOD])
    await expect(assumeRoleWithOidc(OIDC, flaky)).resolves.toMatchObject({ secretId: 'AKIDtmp' })
    expect(flaky.events.filter((event) => event === 'sts')).toHaveLength(2)

    const refused = io([
      new ApiError(
        'AssumeRoleWithWebIdentity',
        'InvalidParameter.WebIdentityTokenError',
        'token expired',
        'req-7'
      )
    ])
    const error = await assumeRoleWithOidc(OIDC, refused).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(CredentialError)
    expect(error).toMatchObject({
      code: 'InvalidParameter.WebIdentityTokenError',
      requestId: 'req-7'
    })
    expect((error as Error).message).toContain('token expired (RequestId: req-7)')
  })

  it('rides out an STS outage shorter than wait-timeout', async () => {
    const outage = Array.from({ length: 20 }, () => new TransientError('network error: reset'))
    const flaky = io([...outage, GOOD])
    await expect(assumeRoleWithOidc(OIDC, flaky)).resolves.toMatchObject({ secretId: 'AKIDtmp' })
    expect(flaky.events.filter((event) => event === 'sts')).toHaveLength(21)
  })

  it('gives up on an STS that stays unavailable until wait-timeout, naming STS and the last failure', async () => {
    const down = io(
      Array.from({ length: 10_000 }, () => new TransientError('network error: reset')),
      { deadline: 60_000 }
    )
    await expect(assumeRoleWithOidc(OIDC, down)).rejects.toThrow(
      /^Could not get temporary credentials from sts\.tencentcloudapi\.com: STS AssumeRoleWithWebIdentity still failing after \d+ attempt\(s\), out of time \(wait-timeout\); last error: network error: reset/
    )
    expect(down.clock.now()).toBeLessThan(60_000)
  })

  it('says the workflow needs id-token: write when the runner refuses the token', async () => {
    const world = io([], {
      getIdToken: async () => {
        throw new Error('Error message: Failed to get ID Token.\n Error Code : 403')
      }
    })
    await expect(assumeRoleWithOidc(OIDC, world)).rejects.toThrow(
      /Could not get the job's OIDC token from the runner \(audience 'sts\.tencentcloudapi\.com'\): Error message: Failed to get ID Token\. Error Code : 403\. The workflow or job needs 'permissions: id-token: write'\./
    )
  })
})
