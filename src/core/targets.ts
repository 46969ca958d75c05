/**
 * What one gate step judges: images (by ImageID or by name:tag) and runtime
 * trojan events, each input a list with one value per line.
 */
import { Inputs } from '../constants.js'
import { InputError, type Wording } from '../errors.js'
import { isPrintable } from '../printable.js'
import { splitReference, withDefaultTag } from './image-reference.js'
import { parseRegistryReference, type RegistryReference } from './registry-reference.js'

/** One image to gate: exactly one of the two is set. */
export interface ImageTarget {
  /** TCSS ImageID (a line of `image-id`). */
  imageId?: string
  /** `name:tag` to resolve to an ImageID (a line of `image`, tag defaulted to latest). */
  imageName?: string
  /** A registry image (a line of `registry-image`), found through the registry family. */
  registryImage?: RegistryReference
}

export interface Targets {
  /** `image-id` lines first, then `image` lines, each in input order, duplicates removed. */
  images: ImageTarget[]
  /** Runtime trojan event IDs (`event-ids`), in input order, duplicates removed. */
  eventIds: string[]
  /** One line per duplicate that was removed, for a notice. */
  notices: Wording[]
}

/** At most this many images and events in one step: a limit that says so, never a silent cut. */
export const MAX_IMAGES = 256
export const MAX_EVENT_IDS = 1000

/** The non-empty lines of a list input, trimmed. */
export function listLines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/**
 * Parses `image-id`, `image` and `event-ids`. Each may hold several values,
 * one per line; at least one value in one of them is required. A value given
 * twice is gated once and a notice says so.
 */
export function parseTargets(
  imageIdRaw: string,
  imageRaw: string,
  eventIdsRaw: string,
  registryRaw = ''
): Targets {
  const notices: Wording[] = []
  const ids = unique(listLines(imageIdRaw).map(parseImageId), Inputs.ImageId, notices)
  const names = unique(listLines(imageRaw).map(parseImageName), Inputs.Image, notices)
  const eventIds = unique(listLines(eventIdsRaw).map(parseEventId), Inputs.EventIds, notices)
  const registry = unique(
    listLines(registryRaw).map((line) => parseRegistryReference(line).text),
    Inputs.RegistryImage,
    notices
  )
  const images: ImageTarget[] = [
    ...ids.map((imageId) => ({ imageId })),
    ...names.map((imageName) => ({ imageName })),
    ...registry.map((text) => ({ registryImage: parseRegistryReference(text) }))
  ]
  if (images.length === 0 && eventIds.length === 0) {
    throw new InputError(
      (say) =>
        `Nothing to gate: give at least one of ${say.setting(Inputs.RegistryImage)} (registry images: what a CI job pushes), ${say.setting(Inputs.ImageId)} (TCSS ImageIDs), ${say.setting(Inputs.Image)} (name:tag of a local image, looked up in TCSS) or ${say.setting(Inputs.EventIds)} (runtime trojan event IDs); ${say.perLine}.`,
      Inputs.ImageId
    )
  }
  if (images.length > MAX_IMAGES) {
    throw new InputError(
      (say) =>
        `${capitalized(say.settings([Inputs.ImageId, Inputs.Image, Inputs.RegistryImage]))} name ${images.length} images; one ${say.run} gates at most ${MAX_IMAGES}. Split them over several ${say.run}s.`,
      Inputs.ImageId
    )
  }
  if (eventIds.length > MAX_EVENT_IDS) {
    throw new InputError(
      (say) =>
        `${say.Setting(Inputs.EventIds)} names ${eventIds.length} runtime events; one ${say.run} judges at most ${MAX_EVENT_IDS}. Split them over several ${say.run}s.`,
      Inputs.EventIds
    )
  }
  return { images, eventIds, notices }
}

function unique(values: string[], input: string, notices: Wording[]): string[] {
  const seen = new Set<string>()
  const kept: string[] = []
  for (const value of values) {
    if (seen.has(value)) {
      notices.push(
        (say) =>
          `${say.Setting(input)} lists ${JSON.stringify(value.slice(0, 200))} more than once; it is gated once.`
      )
    } else {
      seen.add(value)
      kept.push(value)
    }
  }
  return kept
}

/**
 * Validates one value of the `image` input and returns it as `name:tag`,
 * `:latest` added when no tag is given. A digest reference (`name@sha256:…`)
 * is refused: TCSS lists images by name and tag.
 */
export function parseImageName(raw: string): string {
  const value = raw.trim()
  const shown = JSON.stringify(value.slice(0, 120))
  const expected = `Expected name:tag as TCSS lists it, e.g. ccr.ccs.tencentyun.com/team/app:1.4.2 (no tag means :latest), one per line.`
  if (value.includes('@')) {
    throw new InputError(
      (say) =>
        `Invalid ${say.setting(Inputs.Image)}: ${shown} is a digest reference; TCSS lists local images by name and tag. ${expected} To gate an image in a registry by its digest, use ${say.setting(Inputs.RegistryImage)}; to gate by ImageID, ${say.setting(Inputs.ImageId)}.`,
      Inputs.Image
    )
  }
  const { repository, tag } = splitReference(value)
  const validRepository =
    isPrintable(repository) &&
    !repository.startsWith('/') &&
    !repository.endsWith('/') &&
    !repository.includes('//')
  const validTag = tag === undefined || /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)
  if (value.length > 512 || !validRepository || !validTag) {
    throw new InputError(
      (say) => `Invalid ${say.setting(Inputs.Image)}: ${shown}. ${expected}`,
      Inputs.Image
    )
  }
  return withDefaultTag(value)
}

/** Validates one value of the `image-id` input. */
export function parseImageId(raw: string): string {
  const id = raw.trim()
  if (!isPrintable(id, 256)) {
    throw new InputError(
      (say) =>
        `Invalid ${say.setting(Inputs.ImageId)}: ${JSON.stringify(id.slice(0, 80))}. Expected a TCSS ImageID (printable ASCII without spaces, at most 256 characters), one per line.`,
      Inputs.ImageId
    )
  }
  return id
}

/** Validates one value of the `event-ids` input (the `Id` of DescribeVirusDetail). */
export function parseEventId(raw: string): string {
  const id = raw.trim()
  if (!isPrintable(id, 256)) {
    throw new InputError(
      (say) =>
        `Invalid ${say.setting(Inputs.EventIds)}: ${JSON.stringify(id.slice(0, 80))}. Expected a TCSS runtime trojan event ID (the Id of DescribeVirusDetail: printable ASCII without spaces, at most 256 characters), one per line.`,
      Inputs.EventIds
    )
  }
  return id
}

/** `platforms`: a comma or newline list of os/architecture[/variant], e.g. `linux/amd64`. */
export function parsePlatforms(raw: string): string[] {
  const platforms = raw
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter(Boolean)
  for (const platform of platforms) {
    if (!/^[a-z0-9._-]+\/[a-z0-9._-]+(\/[a-z0-9._-]+)?$/i.test(platform)) {
      throw new InputError(
        (say) =>
          `Invalid ${say.setting(Inputs.Platforms)}: ${JSON.stringify(platform.slice(0, 80))}. Expected platforms as os/architecture[/variant] separated by commas or newlines, e.g. linux/amd64,linux/arm64.`,
        Inputs.Platforms
      )
    }
  }
  return [...new Set(platforms.map((platform) => platform.toLowerCase()))]
}

/** Whether platform `wanted` (`linux/arm64`) names `platform` (`linux/arm64/v8`). */
export function platformMatches(wanted: string, platform: string): boolean {
  return platform === wanted || platform.startsWith(`${wanted}/`)
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
