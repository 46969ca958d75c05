/**
 * A TcssApi for unit tests: the methods a test gives, and for every other
 * one a method that throws "not implemented: <method>", so a test that
 * reaches a call it did not expect fails by name. `close` does nothing
 * unless given.
 */
import type { TcssApi } from '../../src/sources/tcss/client.js'

/** Every method of TcssApi; the type check below keeps the list whole. */
const METHODS = [
  'describeAssetImageVirusList',
  'describeAssetImageList',
  'describeVirusDetail',
  'describeAssetImageDetail',
  'createAssetImageScanTask',
  'describeAssetImageScanStatus',
  'describeAssetImageRegistryList',
  'describeAssetImageRegistryDetail',
  'describeAssetImageRegistryVirusList',
  'createAssetImageRegistryScanTask',
  'describeAssetImageRegistryScanStatusOneKey',
  'syncAssetImageRegistryAsset',
  'describeAssetImageRegistryAssetStatus'
] as const satisfies readonly (keyof TcssApi)[]

type Missing = Exclude<keyof TcssApi, (typeof METHODS)[number] | 'close'>
/** Fails to compile when TcssApi gains a method the list above lacks. */
const listIsWhole: [Missing] extends [never] ? true : Missing = true

export function fakeTcss<T extends Partial<TcssApi>>(methods: T): TcssApi & T {
  void listIsWhole
  const unset = Object.fromEntries(
    METHODS.map((name) => [name, () => Promise.reject(new Error(`not implemented: ${name}`))])
  ) as unknown as Omit<TcssApi, 'close'>
  return { ...unset, close: () => undefined, ...methods }
}
