/**
 * Image references beyond the split itself (test/image.test.ts): the registry
 * host a name starts with, untagged entries and the longest ImageID accepted.
 */
import { describe, expect, it } from '@jest/globals'
import { isPlausibleImageId, listedReference, registryHostOf } from '../src/core/image-reference.js'

describe('registryHostOf', () => {
  it.each([
    ['ccr.ccs.tencentyun.com/team/app:1.4.2', 'ccr.ccs.tencentyun.com'],
    ['registry:5000/team/app', 'registry:5000'],
    ['localhost/app:1', 'localhost'],
    ['localhost:5000/app', 'localhost:5000']
  ])('finds the registry host of %p', (reference, host) => {
    expect(registryHostOf(reference)).toBe(host)
  })

  it.each([
    // A first component without a dot or a port is a namespace (Docker Hub).
    'team/app:1.4.2',
    'team/sub/app',
    'local/app',
    // No slash: the name alone, whatever it contains.
    'app',
    'app:1.0',
    'my.app',
    // An empty first component is no host.
    '/app.example:1'
  ])('finds no registry host in %p', (reference) => {
    expect(registryHostOf(reference)).toBeUndefined()
  })
})

describe('listedReference: entries without a usable name', () => {
  it('never gives a name to an entry Docker shows as <none>, whatever follows it', () => {
    expect(listedReference('<none>', 'latest')).toBeUndefined()
    expect(listedReference('<none>@sha256:0123abcd', undefined)).toBeUndefined()
    expect(listedReference('<none>:1.0', undefined)).toBeUndefined()
  })
})

describe('isPlausibleImageId: length', () => {
  it('accepts an ImageID of exactly 256 characters and refuses one more', () => {
    expect(isPlausibleImageId('a'.repeat(256))).toBe(true)
    expect(isPlausibleImageId('a'.repeat(257))).toBe(false)
  })
})
