/**
 * The `registry-image` input, one line of it: the references it accepts, the
 * form they are compared in, and the message of each refusal (showing at
 * most the first 160 characters of the line).
 */
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../src/errors.js'
import { parseRegistryReference } from '../src/core/registry-reference.js'

const HOST = 'ccr.ccs.tencentyun.com'
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`
const EXPECTED =
  'Expected HOST/NAMESPACE/NAME:TAG or HOST/NAMESPACE/NAME@sha256:DIGEST, e.g. ccr.ccs.tencentyun.com/team/app:1.4.2 (no tag means :latest), one per line.'

/** The InputError a line is refused with. */
function refusal(line: string): InputError {
  try {
    parseRegistryReference(line)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error(`${JSON.stringify(line)} was accepted`)
}

describe('parseRegistryReference: what it accepts', () => {
  it('takes a reference without tag or digest as :latest', () => {
    expect(parseRegistryReference(`${HOST}/team/app`)).toEqual({
      repository: `${HOST}/team/app`,
      tag: 'latest',
      digest: undefined,
      text: `${HOST}/team/app:latest`
    })
  })

  it('takes a registry port for a port, not for a tag', () => {
    expect(parseRegistryReference('registry.example.com:5000/team/app')).toEqual({
      repository: 'registry.example.com:5000/team/app',
      tag: 'latest',
      digest: undefined,
      text: 'registry.example.com:5000/team/app:latest'
    })
  })

  it('ignores white space around the line', () => {
    expect(parseRegistryReference(`  ${HOST}/team/app:1.4.2 \t`)).toEqual({
      repository: `${HOST}/team/app`,
      tag: '1.4.2',
      digest: undefined,
      text: `${HOST}/team/app:1.4.2`
    })
  })

  it('takes a digest in upper case as the same digest in lower case', () => {
    expect(parseRegistryReference(`${HOST}/team/app@${DIGEST.toUpperCase()}`)).toEqual({
      repository: `${HOST}/team/app`,
      tag: undefined,
      digest: DIGEST,
      text: `${HOST}/team/app@${DIGEST}`
    })
  })

  it('drops a tag written before the digest: the digest decides', () => {
    expect(parseRegistryReference(`${HOST}/team/app:1.4.2@${DIGEST}`)).toEqual({
      repository: `${HOST}/team/app`,
      tag: undefined,
      digest: DIGEST,
      text: `${HOST}/team/app@${DIGEST}`
    })
  })

  it('takes tags of 1 to 128 characters, starting with a letter, a digit or _', () => {
    for (const tag of ['1', '_tmp', 'V1.2-rc_3', `a${'.'.repeat(127)}`]) {
      expect(parseRegistryReference(`${HOST}/team/app:${tag}`).tag).toBe(tag)
    }
  })

  it('takes a line of 512 characters', () => {
    const line = `${HOST}/team/${'a'.repeat(512 - HOST.length - 6 - 4)}:1.0`
    expect(line).toHaveLength(512)
    expect(parseRegistryReference(line).text).toBe(line)
  })
})

describe('parseRegistryReference: what it refuses, and why', () => {
  it.each([
    [`${HOST}/team/my app:1.0`, 'is not a reference'],
    [`${HOST}/team/app:1.0\u0007`, 'is not a reference'],
    [`${HOST}/team/app:1.0\n${HOST}/team/other:1.0`, 'is not a reference'],
    [`${HOST}/team/ключ:1.0`, 'is not a reference'],
    ['', 'is not a reference'],
    [`${HOST}/team/app@sha256:0123`, 'has a digest that is not sha256: and 64 hex digits'],
    ['@sha256:0123', 'has a digest that is not sha256: and 64 hex digits'],
    [`${HOST}/team/app@${DIGEST}0`, 'has a digest that is not sha256: and 64 hex digits'],
    [`${HOST}/team/app@x${DIGEST}`, 'has a digest that is not sha256: and 64 hex digits'],
    [
      `${HOST}/team/app@sha512:${'0'.repeat(64)}`,
      'has a digest that is not sha256: and 64 hex digits'
    ],
    [
      `${HOST}/team/app@sha256:${'g'.repeat(64)}`,
      'has a digest that is not sha256: and 64 hex digits'
    ],
    [`${HOST}/team/app:`, 'has an invalid tag'],
    [`${HOST}/team/app:-rc`, 'has an invalid tag'],
    [`${HOST}/team/app:.hidden`, 'has an invalid tag'],
    [`${HOST}/team/app:v1+build`, 'has an invalid tag'],
    [`${HOST}/team/app:${'t'.repeat(129)}`, 'has an invalid tag'],
    [`${HOST}/app:1.0`, 'does not start with a registry host followed by a namespace and a name'],
    ['team/app', 'does not start with a registry host followed by a namespace and a name'],
    [`/team/app:1.0`, 'does not start with a registry host followed by a namespace and a name'],
    [`${HOST}//app:1.0`, 'does not start with a registry host followed by a namespace and a name'],
    [`${HOST}/team/:1.0`, 'does not start with a registry host followed by a namespace and a name'],
    [
      `${HOST}/team/app/@${DIGEST}`,
      'does not start with a registry host followed by a namespace and a name'
    ]
  ])('refuses %p: it %s', (line, why) => {
    const error = refusal(line)
    expect(error.setting).toBe('registry-image')
    expect(error.message).toBe(
      `Invalid input 'registry-image': ${JSON.stringify(line.trim().slice(0, 160))} ${why}. ${EXPECTED}`
    )
  })

  it('refuses a line longer than 512 characters, showing its first 160', () => {
    const line = `${HOST}/team/${'a'.repeat(513 - HOST.length - 6 - 4)}:1.0`
    expect(line).toHaveLength(513)
    expect(refusal(line).message).toBe(
      `Invalid input 'registry-image': ${JSON.stringify(line.slice(0, 160))} is not a reference. ${EXPECTED}`
    )
  })
})
