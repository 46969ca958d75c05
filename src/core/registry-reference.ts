/**
 * Registry image references (`registry-image`): HOST/NAMESPACE/NAME:TAG or
 * HOST/NAMESPACE/NAME@sha256:DIGEST. The repository address is everything
 * before the tag or digest (namespaces may be nested); no tag or digest
 * means `:latest`.
 *
 * References compare by the reference grammar: the registry host without
 * regard to case (it is kept in lower case), namespace, name, tag and digest
 * exactly as written.
 */
import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import { isPrintable } from '../printable.js'
import { DEFAULT_TAG, splitReference } from './image-reference.js'

export interface RegistryReference {
  /** HOST/NAMESPACE[/…]/NAME, as compared with the service's repository address (the host in lower case). */
  repository: string
  /** The tag, when the reference names one (`latest` when it names neither). */
  tag?: string
  /** `sha256:` + 64 lowercase hex digits, when the reference is by digest. */
  digest?: string
  /** The reference as the gate shows it: `repository:tag` or `repository@digest`. */
  text: string
}

/** Validates one line of `registry-image`. */
export function parseRegistryReference(raw: string): RegistryReference {
  const value = raw.trim()
  const shown = JSON.stringify(value.slice(0, 160))
  const expected =
    'Expected HOST/NAMESPACE/NAME:TAG or HOST/NAMESPACE/NAME@sha256:DIGEST, e.g. ccr.ccs.tencentyun.com/team/app:1.4.2 (no tag means :latest), one per line.'
  const invalid = (why: string) =>
    new InputError(
      (say) => `Invalid ${say.setting(Inputs.RegistryImage)}: ${shown} ${why}. ${expected}`,
      Inputs.RegistryImage
    )
  if (!isPrintable(value, 512)) throw invalid('is not a reference')
  let repository: string
  let tag: string | undefined
  let digest: string | undefined
  const at = value.indexOf('@')
  if (at >= 0) {
    repository = value.slice(0, at)
    digest = value.slice(at + 1).toLowerCase()
    if (!/^sha256:[0-9a-f]{64}$/.test(digest))
      throw invalid('has a digest that is not sha256: and 64 hex digits')
    // A tag before the digest (name:tag@sha256:…) is dropped: the digest decides.
    repository = splitReference(repository).repository
  } else {
    const split = splitReference(value)
    repository = split.repository
    tag = split.tag ?? DEFAULT_TAG
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) throw invalid('has an invalid tag')
  }
  const parts = repository.split('/')
  if (parts.length < 3 || parts.some((part) => part === '')) {
    throw invalid('does not start with a registry host followed by a namespace and a name')
  }
  // Host names are case-insensitive; namespace and name are compared as written.
  repository = [registryHostKey(parts[0]), ...parts.slice(1)].join('/')
  return {
    repository,
    tag,
    digest,
    text: digest ? `${repository}@${digest}` : `${repository}:${tag ?? DEFAULT_TAG}`
  }
}

/** A registry host as references and rows are compared: DNS names (and ports) are case-insensitive. */
export function registryHostKey(host: string): string {
  return host.toLowerCase()
}
