/**
 * Several registry Ids under one reference are a configuration mistake, not
 * a finding: the error the registry source throws becomes an `image`
 * failure, and that fails the job in report-only mode too.
 */
import { describe, expect, it } from '@jest/globals'
import { toFailure } from '../src/gate/context.js'
import { outcome } from '../src/core/outcome.js'
import { parseRegistryReference } from '../src/core/registry-reference.js'
import { AmbiguousImageError, ApiUnavailableError, ScanError } from '../src/errors.js'
import { findRegistryImages } from '../src/sources/tcss/registry-image.js'
import { RegistrySync } from '../src/sources/tcss/registry-sync.js'
import {
  fakeClock,
  fakeRegistryApi,
  fakeRequester,
  gateResult,
  recordingLog,
  registryRow,
  unreadImage
} from './helpers/builders.js'

const REPO = 'ccr.ccs.tencentyun.com/team/app'

async function ambiguity(): Promise<unknown> {
  const clock = fakeClock()
  const base = {
    api: fakeRegistryApi({ rows: [registryRow(3, REPO, '1.0'), registryRow(4, REPO, '1.0')] }),
    requester: fakeRequester(clock),
    clock,
    pollIntervalMs: 5000,
    log: recordingLog()
  }
  return findRegistryImages(parseRegistryReference(`${REPO}:1.0`), {
    ...base,
    concurrency: 2,
    scan: 'never',
    sync: new RegistrySync(base)
  }).then(
    () => undefined,
    (error: unknown) => error
  )
}

describe('several registry Ids under one reference', () => {
  it('is an image failure, a configuration mistake that fails in both modes', async () => {
    const error = await ambiguity()
    expect(error).toBeInstanceOf(AmbiguousImageError)
    const failure = toFailure(error)
    expect(failure).toMatchObject({ kind: 'image' })
    expect(failure?.message).toMatch(/matches 2 different TCSS registry images: Id 3 .*Id 4/)
    const image = unreadImage(`${REPO}:1.0`, undefined, failure)
    for (const enforce of [true, false]) {
      expect(outcome(gateResult({ images: [image], verdict: 'fail', enforce }), []).kind).toBe(
        'fail'
      )
    }
  })
})

describe('failures that are not configuration mistakes', () => {
  it.each([
    ['a scan time-out', new ScanError('Timed out after 900 s waiting for the scan', 'timeout')],
    ['an unavailable API', new ApiUnavailableError('TCSS API still failing')]
  ])('%s is a warning in report-only mode and fails in enforce mode', (_, error) => {
    const failure = toFailure(error)
    expect(failure).toBeDefined()
    const image = unreadImage(`${REPO}:1.0`, undefined, failure)
    expect(outcome(gateResult({ images: [image], verdict: 'fail', enforce: false }), []).kind).toBe(
      'report-only'
    )
    expect(outcome(gateResult({ images: [image], verdict: 'fail', enforce: true }), []).kind).toBe(
      'fail'
    )
  })
})
