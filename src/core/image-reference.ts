/**
 * Image references (`name:tag`) as the gate compares them: the input `image`
 * and the names TCSS lists are brought to the same form, then compared as
 * strings, exactly.
 */
import { isPrintable } from '../printable.js'

/** The tag a reference without one stands for, as in Docker. */
export const DEFAULT_TAG = 'latest'

/** `name[:tag]` split in two. The tag is what follows the last ':' when no '/' follows it (so a registry port is not a tag). */
export function splitReference(reference: string): { repository: string; tag?: string } {
  const colon = reference.lastIndexOf(':')
  if (colon > reference.lastIndexOf('/')) {
    return { repository: reference.slice(0, colon), tag: reference.slice(colon + 1) }
  }
  return { repository: reference }
}

/**
 * The registry host a `name:tag` starts with, as Docker reads a reference:
 * a first path component with a dot or a port, or `localhost`; undefined
 * for a name without one (`team/app:1`, `app`).
 */
export function registryHostOf(reference: string): string | undefined {
  const slash = reference.indexOf('/')
  if (slash <= 0) return undefined
  const first = reference.slice(0, slash)
  return /[.:]/.test(first) || first === 'localhost' ? first : undefined
}

/** `app` → `app:latest`; a reference with a tag is returned as it is. */
export function withDefaultTag(reference: string): string {
  return splitReference(reference).tag === undefined ? `${reference}:${DEFAULT_TAG}` : reference
}

/**
 * The `name:tag` of one entry of DescribeAssetImageList, or undefined when it
 * has no usable name. ImageName normally carries the tag itself
 * (`ccr.ccs.tencentyun.com/team/app:1.4.2`): it is then taken as it is and an
 * ImageTag field, if any, is not used. When ImageName has no tag, a non-empty
 * ImageTag is appended (`ImageName:ImageTag`); without one the name stands
 * for `:latest`, the same rule as for the input. Untagged entries that Docker
 * shows as `<none>` never match.
 */
export function listedReference(imageName: unknown, imageTag: unknown): string | undefined {
  if (typeof imageName !== 'string' || imageName === '' || imageName.startsWith('<none>')) {
    return undefined
  }
  if (splitReference(imageName).tag !== undefined) return imageName
  const tag = typeof imageTag === 'string' && imageTag !== '' ? imageTag : DEFAULT_TAG
  return `${imageName}:${tag}`
}

/** A TCSS ImageID as the gate accepts it: printable ASCII without spaces, at most 256 characters. */
export function isPlausibleImageId(value: unknown): value is string {
  return typeof value === 'string' && isPrintable(value, 256)
}
