/**
 * One name per image for the log and every report: the label of a judged
 * image is its identity's (`nameOfImage`), the one the sources' log lines
 * use, whichever family found it.
 */
import { describe, expect, it } from '@jest/globals'
import { type ImageIdentity, nameOfFound, nameOfImage } from '../src/core/image-identity.js'
import { parseRegistryReference } from '../src/core/registry-reference.js'
import { imageLabel } from '../src/core/result.js'
import { gateImages } from '../src/gate/images.js'
import { escapeMarkdown } from '../src/sinks/escape.js'
import { imageCell } from '../src/sinks/markdown-cells.js'
import { RegistrySync } from '../src/sources/tcss/registry-sync.js'
import {
  fakeClock,
  fakeRegistryApi,
  fakeRequester,
  gateResult,
  policy,
  recordingLog,
  registryRow,
  singleManifestRegistry,
  TODAY
} from './helpers/builders.js'

const ID = `sha256:${'a'.repeat(64)}`
const REFERENCE = `ccr.ccs.tencentyun.com/team/app@sha256:${'b'.repeat(64)}`
const local: ImageIdentity = { kind: 'local', label: 'team/app:1.0', id: ID }
const registry: ImageIdentity = { kind: 'registry', label: REFERENCE, id: '7' }

describe('the label of an image', () => {
  it('is the name the log gives it, for a local image by name and a registry image', () => {
    expect(imageLabel({ imageId: ID, imageName: 'team/app:1.0', identities: [local] })).toBe(
      `team/app:1.0 (ImageID ${ID})`
    )
    expect(imageLabel({ imageId: ID, imageName: REFERENCE, identities: [registry] })).toBe(
      nameOfImage(registry)
    )
    // The summary's cell is the same label, escaped (an @ never mentions anyone).
    expect(imageCell({ imageId: ID, imageName: REFERENCE, identities: [registry] })).toBe(
      escapeMarkdown(`${REFERENCE} (registry image Id 7)`)
    )
  })

  it('names every registry image one reference found, and the name alone when none was found', () => {
    const other = { ...registry, id: '8' }
    expect(nameOfFound(REFERENCE, [registry, other])).toBe(`${REFERENCE} (registry image Ids 7, 8)`)
    expect(imageLabel({ imageId: '', imageName: REFERENCE })).toBe(REFERENCE)
    expect(imageLabel({ imageId: ID })).toBe(ID)
    expect(imageCell({ imageId: '', imageName: 'team/app:1.0' })).toBe(
      'team/app:1.0 (not resolved to an ImageID)'
    )
  })

  it('is the same in the log of the scan and in the report of a registry image', async () => {
    const DIGEST = `sha256:${'cd'.repeat(32)}`
    const REPO = 'ccr.ccs.tencentyun.com/team/app'
    const clock = fakeClock()
    const log = recordingLog()
    const api = fakeRegistryApi({
      rows: [registryRow(31, REPO, '3.0', { ImageDigest: DIGEST })],
      detail: () => ({ VirusStatus: 'SCANNING', ScanTime: '' })
    })
    const base = {
      api,
      requester: fakeRequester(clock, { deadlineMs: 20_000 }),
      clock,
      pollIntervalMs: 5000,
      concurrency: 1,
      log
    }
    const images = await gateImages(
      [{ registryImage: parseRegistryReference(`${REPO}@${DIGEST}`) }],
      {
        ...base,
        policy: policy(),
        today: TODAY,
        scan: 'never',
        registrySync: new RegistrySync(base),
        platforms: [],
        registry: singleManifestRegistry(DIGEST)
      }
    )
    const label = `${REPO}@${DIGEST} (registry image Id 31)`
    expect(log.lines).toContain(
      `info: Virus scan of ${label} is running (0 s); polling again in 5 s.`
    )
    const [judged] = gateResult({ images }).images
    expect(judged.label).toBe(label)
    expect(judged.reason).toContain(`virus scan of image ${label} (last status: scanning)`)
  })
})
