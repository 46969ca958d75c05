/**
 * Registry images (TCR/CCR or another registry connected to TCSS): the
 * images a `registry-image` reference names, found through the registry
 * list (registry-list.ts: every page, ordered by Id, exact repository
 * address plus tag or digest; look-alikes are never taken), after a
 * registry asset sync when `scan` allows writes (registry-sync.ts). Each
 * image found is a RegistryImage (registry-scan.ts).
 */
import { Inputs } from '../../constants.js'
import { AmbiguousImageError, ScanError } from '../../errors.js'
import type { ScanMode } from '../../core/settings.js'
import type { RegistryReference } from '../../core/registry-reference.js'
import type { FoundImage } from '../image-source.js'
import { pollUntil } from '../settle.js'
import { readRegistryList, type RegistryOptions } from './registry-list.js'
import { matches, type RegistryRow, similarRows } from './registry-rows.js'
import { RegistryImage } from './registry-scan.js'
import type { RegistrySync } from './registry-sync.js'

/**
 * One platform of a multi-platform push (an image index), as the registry
 * shows it. TCSS may list such a push one row per platform, as one row under
 * the index digest, or one platform only (open fact multiPlatformListing):
 * the platform is its own row (its manifest digest), or the index row whose
 * ImageId is the platform's config digest, the one image TCSS scanned under
 * it. No other row is ever taken for the platform.
 */
export interface PushedPlatformOf {
  /** The reference the push was named by (tag or index digest). */
  of: string
  indexDigest: string
  platform: string
  /** The platform image's config digest ('' when unknown: the index row is then never taken). */
  configDigest: string
  /** Every platform of the index, for messages. */
  platforms: readonly string[]
}

/** Whether `row` is the index row of `push` and TCSS scanned this very platform under it. */
function isIndexRowOf(row: RegistryRow, repository: string, push: PushedPlatformOf): boolean {
  return (
    !row.unproven &&
    row.repository === repository &&
    row.digest === push.indexDigest &&
    push.configDigest !== '' &&
    row.imageId.toLowerCase() === push.configDigest
  )
}

/** What TCSS lists of the push besides this platform, for the messages of a platform not listed. */
function pushNote(
  listed: readonly RegistryRow[],
  repository: string,
  push: PushedPlatformOf
): string {
  const index = listed.filter(
    (row) => !row.unproven && row.repository === repository && row.digest === push.indexDigest
  )
  const rows = index.map(
    (row) =>
      `the index digest as Id ${row.id} (ImageId ${row.imageId || 'none'}, not this platform's config ${push.configDigest || 'unknown'}), not taken for ${push.platform}`
  )
  return (
    `${push.platform} is one platform of the multi-platform image ${push.of} (index ${push.indexDigest}: ${push.platforms.join(', ')})` +
    (rows.length > 0 ? `; TCSS lists ${rows.join('; ')}` : '') +
    '. TCSS may list a multi-platform push one row per platform, as one row under the index digest, or one platform only (open fact multiPlatformListing, docs/registry-images.md); the gate never passes a platform TCSS has not scanned. To gate only some platforms, set platforms (e.g. linux/amd64)'
  )
}

/**
 * The registry images `reference` names, waiting (within wait-timeout) for
 * TCSS to list one. Rows with the same Id are one image. Several Ids fail
 * closed, listing them, unless they share one ImageDigest: then each is gated.
 * With `push`, the reference is one platform of an image index (see
 * PushedPlatformOf).
 */
export async function findRegistryImages(
  reference: RegistryReference,
  options: RegistryOptions & { scan: ScanMode; sync: RegistrySync; push?: PushedPlatformOf }
): Promise<FoundImage[]> {
  const { clock, requester, pollIntervalMs, log, push } = options
  let similar: string[] = []
  let pushed = ''
  const rows = await pollUntil(
    { clock, deadline: requester.deadline, pollIntervalMs, log },
    async () => {
      const listed = await readRegistryList(options)
      const found = listed.filter(
        (row) =>
          matches(row, reference) ||
          (push !== undefined && isIndexRowOf(row, reference.repository, push))
      )
      if (found.length > 0) return { done: true, value: found }
      pushed = push ? pushNote(listed, reference.repository, push) : ''
      similar = similarRows(listed, reference)
      // The list is read on every poll; the sync is asked for once and followed beside it.
      if (options.scan !== 'never') await options.sync.step()
      return {
        done: false,
        waiting: `Registry image ${reference.text} is not listed by TCSS yet (${similar.length > 0 ? `similar, not taken: ${similar.join(', ')}` : 'nothing similar listed'}${options.sync.note ? `; ${options.sync.note}` : ''})${pushed ? `. ${pushed}.` : ''}`
      }
    },
    (waited) =>
      new ScanError(
        (say) =>
          `Timed out after ${waited} s waiting for registry image ${reference.text} to appear in TCSS: DescribeAssetImageRegistryList lists no image with exactly that repository address and ${reference.digest ? 'digest' : 'tag'}` +
          (similar.length > 0 ? ` (similar, not taken: ${similar.join(', ')})` : '') +
          (options.sync.note
            ? ` (${options.sync.note})`
            : options.scan === 'never'
              ? ` (${say.given(Inputs.Scan, 'never')}, so the gate did not ask TCSS to sync the registry)`
              : '') +
          (pushed
            ? `. ${pushed}.`
            : `. Check that the registry is connected to TCSS and the reference is as the console shows it, or raise ${say.plain(Inputs.WaitTimeout)}.`),
        'timeout'
      )
  )
  const byId = new Map<number, RegistryRow>()
  for (const row of rows) if (!byId.has(row.id)) byId.set(row.id, row)
  const images = [...byId.values()].sort((a, b) => a.id - b.id)
  const digests = new Set(images.map((row) => row.digest))
  if (images.length > 1 && (digests.size !== 1 || digests.has(''))) {
    const shown = images
      .slice(0, 10)
      .map(
        (row) =>
          `Id ${row.id} (digest ${row.digest || 'none'}${row.scanTime ? `, scanned ${row.scanTime}` : ''})`
      )
    throw new AmbiguousImageError(
      (say) =>
        `Registry image ${reference.text} matches ${images.length} different TCSS registry images: ${shown.join('; ')}${images.length > 10 ? ` and ${images.length - 10} more` : ''}. The gate does not guess which one ${say.pipeline} pushed: gate it by digest (HOST/NAMESPACE/NAME@sha256:…).`,
      images.map((row) => String(row.id))
    )
  }
  for (const row of images) {
    const asIndex = push !== undefined && row.digest === push.indexDigest
    log.info(
      `Registry image ${reference.text} is TCSS registry image Id ${row.id}${row.digest ? ` (digest ${row.digest})` : ''}${asIndex ? `: TCSS lists the image index ${push.of} as one image whose ImageId is this platform's config digest, so that row is what TCSS scanned of ${push.platform}` : ''}.`
    )
  }
  return images.map((row) => new RegistryImage(row, reference, options))
}
