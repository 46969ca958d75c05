/**
 * One identity per image, whichever family it belongs to: the log lines of
 * the sources and the reports name an image from it, the same way
 * (`nameOfImage`, and `nameOfFound` for what one target found).
 */

/** Local images (hosts and cluster nodes that run the TCSS agent) or registry images (TCR/CCR). */
export type ImageKind = 'local' | 'registry'

export interface ImageIdentity {
  kind: ImageKind
  /** The name the step gave: a `name:tag`, a registry reference, or the ImageID itself. */
  label: string
  /** TCSS's own identity of it: the ImageID of a local image, the Id of a registry image. */
  id: string
}

/** Within a run, the same key is read and judged once. */
export function imageKey(identity: ImageIdentity): string {
  return `${identity.kind}:${identity.id}`
}

/** What TCSS's identity of the image is called: "ImageID", "registry image Id". */
export function idName(kind: ImageKind): string {
  return kind === 'registry' ? 'registry image Id' : 'ImageID'
}

/**
 * How every line names the image: `team/app:1.0 (ImageID sha256:…)`,
 * `HOST/NS/NAME@sha256:… (registry image Id 7)`, or the ImageID alone when
 * that is the name the step gave.
 */
export function nameOfImage(identity: ImageIdentity): string {
  if (identity.kind === 'local' && identity.label === identity.id) return identity.id
  return `${identity.label} (${idName(identity.kind)} ${identity.id})`
}

/**
 * How the log and the reports name what one target found: one image as
 * `nameOfImage` names it; several (the registry images one reference names,
 * one digest) under the label of the first with every id; `given` alone
 * when nothing was found.
 */
export function nameOfFound(given: string, identities: readonly ImageIdentity[]): string {
  const [first] = identities
  if (first === undefined) return given
  if (identities.length === 1) return nameOfImage(first)
  return `${first.label} (${idName(first.kind)}s ${identities.map((identity) => identity.id).join(', ')})`
}
