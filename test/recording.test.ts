/**
 * Recorded runs, in parts: what the redaction takes out of a recording, and
 * how the replay server picks its answers (the e2e tests run both whole).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { redactRecorded } from '../src/cloud/recording-redaction.js'
import { base64Forms } from '../src/secrets.js'
import { clearSecrets, maskSecret } from '../src/secrets.js'
import { NOT_IN_RECORDING, parseRecording, startReplay } from './emulator/replay.mjs'

const SECRET = 'rec/unit+secret=&"q"\\-0123456789'

describe('redaction of a recording', () => {
  afterEach(() => clearSecrets())

  it('finds the base64 of a secret wherever it starts inside a longer encoded run', () => {
    const forms = base64Forms(SECRET)
    for (const prefix of ['', 'a', 'ab', 'abc', 'abcd']) {
      for (const encoding of ['base64', 'base64url'] as const) {
        const encoded = Buffer.from(`${prefix}${SECRET}tail`).toString(encoding)
        expect({ prefix, encoding, found: forms.some((form) => encoded.includes(form)) }).toEqual({
          prefix,
          encoding,
          found: true
        })
      }
    }
  })

  it('takes a registered secret out of every string, keys included, in every form', () => {
    maskSecret(SECRET)
    const base64 = Buffer.from(SECRET).toString('base64')
    const redacted = JSON.stringify(
      redactRecorded({
        Response: {
          Message: `plain ${SECRET} url ${encodeURIComponent(SECRET)} b64 ${base64}`,
          List: [{ [`key-${SECRET}`]: `escaped ${JSON.stringify(SECRET).slice(1, -1)}` }]
        }
      })
    )
    for (const form of [SECRET, encodeURIComponent(SECRET), base64, JSON.stringify(SECRET)])
      expect(redacted).not.toContain(form)
    expect(redacted).toContain('plain ***')
  })

  it('takes out the value of every field that names a credential, registered or not', () => {
    const redacted = redactRecorded({
      Credentials: { Token: 'never-registered-token', TmpSecretKey: 'k', TmpSecretId: 'AKIDx' },
      WebIdentityToken: 'eyJ.header.payload',
      Authorization: 'TC3-HMAC-SHA256 Credential=…',
      ImageID: 'sha256:kept'
    })
    expect(redacted).toEqual({
      Credentials: { Token: '***', TmpSecretKey: '***', TmpSecretId: '***' },
      WebIdentityToken: '***',
      Authorization: '***',
      ImageID: 'sha256:kept'
    })
  })
})

/** A recording of `exchanges` (action, params, body), every answer a 200. */
function recordingOf(exchanges: Array<[string, unknown, unknown]>): string {
  const lines: object[] = [{ type: 'recording', format: 1 }]
  exchanges.forEach(([action, params, body], index) =>
    lines.push({
      type: 'exchange',
      seq: index + 1,
      action,
      params,
      outcome: 'ok',
      status: 200,
      body,
      startMs: 0,
      durationMs: 0
    })
  )
  return lines.map((line) => JSON.stringify(line)).join('\n')
}

async function ask(
  url: string,
  action: string,
  params: unknown,
  signed = true
): Promise<Record<string, unknown>> {
  const answer = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-TC-Action': action,
      ...(signed ? { Authorization: 'TC3-HMAC-SHA256 Credential=x' } : {})
    },
    body: JSON.stringify(params)
  })
  return ((await answer.json()) as { Response: Record<string, unknown> }).Response
}

describe('the replay server', () => {
  let close: (() => Promise<void>) | undefined
  afterEach(async () => {
    await close?.()
    close = undefined
  })

  it('answers the n-th request of an action and parameters with their n-th answer', async () => {
    const replay = await startReplay({
      recording: recordingOf([
        ['List', { Offset: 0, ImageID: 'a' }, { Response: { Page: 'a1' } }],
        ['List', { Offset: 0, ImageID: 'b' }, { Response: { Page: 'b1' } }],
        ['List', { Offset: 0, ImageID: 'a' }, { Response: { Page: 'a2' } }]
      ])
    })
    close = () => replay.close()
    // Fields in another order are the same parameters; b is asked before a's second answer.
    expect(await ask(replay.url, 'List', { ImageID: 'a', Offset: 0 })).toEqual({ Page: 'a1' })
    expect(await ask(replay.url, 'List', { ImageID: 'a', Offset: 0 })).toEqual({ Page: 'a2' })
    expect(await ask(replay.url, 'List', { ImageID: 'b', Offset: 0 })).toEqual({ Page: 'b1' })
    const extra = await ask(replay.url, 'List', { ImageID: 'a', Offset: 0 })
    expect(extra.Error).toMatchObject({
      Code: NOT_IN_RECORDING,
      Message: expect.stringContaining('"ImageID":"a"')
    })
    expect(replay.unmatched).toHaveLength(1)
  })

  it('matches a parameter the recording shows as *** with any value there', async () => {
    const replay = await startReplay({
      recording: recordingOf([
        ['AssumeRoleWithWebIdentity', { WebIdentityToken: '***', RoleArn: 'r' }, { Response: {} }]
      ])
    })
    close = () => replay.close()
    const answer = await ask(replay.url, 'AssumeRoleWithWebIdentity', {
      WebIdentityToken: 'a-new-token',
      RoleArn: 'r'
    })
    expect(answer.Error).toBeUndefined()
    const other = await ask(replay.url, 'AssumeRoleWithWebIdentity', {
      WebIdentityToken: 'a-new-token',
      RoleArn: 'another'
    })
    expect(other.Error).toMatchObject({ Code: NOT_IN_RECORDING })
  })

  it('refuses a request without an Authorization header', async () => {
    const replay = await startReplay({ recording: recordingOf([['List', {}, { Response: {} }]]) })
    close = () => replay.close()
    const answer = await ask(replay.url, 'List', {}, false)
    expect(answer.Error).toMatchObject({ Code: 'AuthFailure.InvalidAuthorization' })
  })

  it('says which line of a recording it cannot read', () => {
    expect(() => parseRecording('{"type":"exchange"}')).toThrow(/line 1 .*header/)
    expect(() => parseRecording('{"type":"recording","format":2}')).toThrow(/format 2/)
    expect(() => parseRecording('{"type":"recording","format":1}\nnot json')).toThrow(/line 2/)
  })
})
