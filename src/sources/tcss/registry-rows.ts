/**
 * Rows of DescribeAssetImageRegistryList (ImageRepoInfo) and how a
 * `registry-image` reference is matched against them.
 *
 * A row is compared by the reference grammar: the registry host without
 * regard to case, namespace, name, tag and digest exactly. A row takes part
 * only when its fields prove its whole repository address, namespace
 * included; one that cannot is never taken and is shown as not taken, with
 * the reason. The shapes a row may have (which of them the service sends is
 * not verified live):
 *
 * | ImageRepoAddress | Namespace | ImageName  | repository address                                     |
 * | ---------------- | --------- | ---------- | ------------------------------------------------------ |
 * | `host/ns/name`   | empty     | empty      | `host/ns/name`                                         |
 * | `host/ns/name`   | `ns`      | `name`     | `host/ns/name` (the fields must agree with it)         |
 * | `host`           | `ns`      | `name`     | `host/ns/name` (ImageName taken whole, even with `/`)  |
 * | `host`           | empty     | `name`     | `host/name` (no namespace: matches no reference)       |
 * | `host`           | empty     | `team/app` | none: the namespace cannot be proven                   |
 * | empty            | any       | any        | none: no registry host                                 |
 */
import { type RegistryReference, registryHostKey } from '../../core/registry-reference.js'
import { readAuthorized, readList, readReply, readTotalCount } from './response.js'

/** One row of DescribeAssetImageRegistryList (ImageRepoInfo), reduced to what finding the image needs. */
export interface RegistryRow {
  id: number
  /**
   * HOST/NAMESPACE/…/NAME as the gate compares it (the host in lower case),
   * or '' when the row's fields cannot prove it.
   */
  repository: string
  /** Why the row can never be taken, when its fields do not prove its repository address; else ''. */
  unproven: string
  /** The row's address fields as the service sent them, for messages. */
  shown: string
  /** ImageName without surrounding slashes (to tell a look-alike among rows that prove no address). */
  name: string
  tag: string
  digest: string
  imageId: string
  authorized: boolean | undefined
  virusStatus: unknown
  scanTime: string
}

/** The repository address a row proves, or why it proves none. */
export type RowAddress = { repository: string } | { unproven: string }

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '')

/** The repository address of a row (see the table above). */
export function rowAddress(row: Record<string, unknown>): RowAddress {
  const address = text(row.ImageRepoAddress).replace(/\/+$/, '')
  const name = text(row.ImageName).replace(/^\/+|\/+$/g, '')
  const namespace = text(row.Namespace).replace(/^\/+|\/+$/g, '')
  if (!address) return { unproven: 'ImageRepoAddress is empty, so the row names no registry host' }
  const slash = address.indexOf('/')
  if (slash >= 0) {
    const host = address.slice(0, slash)
    const path = address.slice(slash + 1)
    if (!host || path.split('/').some((part) => part === '')) {
      return { unproven: `ImageRepoAddress ${JSON.stringify(address)} has an empty part` }
    }
    // The address proves the repository; Namespace and ImageName, when sent, must agree with it.
    const agrees =
      (!namespace || path.startsWith(`${namespace}/`)) && (!name || `/${path}`.endsWith(`/${name}`))
    if (!agrees) {
      return {
        unproven: `ImageRepoAddress ${JSON.stringify(address)} disagrees with Namespace ${JSON.stringify(namespace)} and ImageName ${JSON.stringify(name)}`
      }
    }
    return { repository: `${registryHostKey(host)}/${path}` }
  }
  if (!name) {
    return { unproven: 'ImageRepoAddress is the registry host alone and ImageName is empty' }
  }
  if (name.split('/').includes('') || (namespace && namespace.split('/').includes(''))) {
    return {
      unproven: `Namespace ${JSON.stringify(namespace)} or ImageName ${JSON.stringify(name)} has an empty part`
    }
  }
  const host = registryHostKey(address)
  if (namespace) return { repository: `${host}/${namespace}/${name}` }
  if (name.includes('/')) {
    return {
      unproven: `ImageRepoAddress is the registry host alone and Namespace is empty, so ImageName ${JSON.stringify(name)} does not prove its namespace`
    }
  }
  return { repository: `${host}/${name}` }
}

function readRow(row: Record<string, unknown>): RegistryRow {
  const address = rowAddress(row)
  const fields = [
    ['ImageRepoAddress', row.ImageRepoAddress],
    ['Namespace', row.Namespace],
    ['ImageName', row.ImageName]
  ]
    .filter(([, value]) => typeof value === 'string' && value.trim() !== '')
    .map(([field, value]) => `${String(field)} ${JSON.stringify(value)}`)
  return {
    id: typeof row.Id === 'number' && Number.isSafeInteger(row.Id) ? row.Id : -1,
    repository: 'repository' in address ? address.repository : '',
    unproven: 'unproven' in address ? address.unproven : '',
    shown: fields.join(', '),
    name: text(row.ImageName).replace(/^\/+|\/+$/g, ''),
    tag: typeof row.ImageTag === 'string' ? row.ImageTag : '',
    digest: typeof row.ImageDigest === 'string' ? row.ImageDigest.toLowerCase() : '',
    imageId: typeof row.ImageId === 'string' ? row.ImageId : '',
    authorized: readAuthorized(row.IsAuthorized),
    virusStatus: row.VirusStatus,
    scanTime: typeof row.ScanTime === 'string' ? row.ScanTime : ''
  }
}

/** One page of DescribeAssetImageRegistryList. */
export function parseRegistryList(raw: unknown): {
  totalCount: number
  items: RegistryRow[]
  requestId: string
} {
  const paged = readReply('DescribeAssetImageRegistryList', raw)
  return {
    totalCount: readTotalCount(paged.response.TotalCount, paged),
    items: readList(paged).map(readRow),
    requestId: paged.requestId
  }
}

/** What makes two rows the same row of one read (for overlap detection). */
export function rowKey(row: RegistryRow): string {
  return JSON.stringify([row.id, row.repository, row.unproven, row.shown, row.tag, row.digest])
}

/**
 * Whether `row` is the image `reference` names: a proven repository address
 * equal to the reference's, and its tag, or (for a digest reference) a
 * digest equal to the reference's, never an empty or partial one.
 */
export function matches(row: RegistryRow, reference: RegistryReference): boolean {
  if (row.unproven || !row.repository || row.repository !== reference.repository) return false
  if (reference.digest !== undefined) return row.digest !== '' && row.digest === reference.digest
  return row.tag === reference.tag
}

/**
 * Rows that look like the reference but are not taken, for the message of a
 * reference that TCSS does not list (at most 10): the same repository with
 * another tag or digest, the same path under another host or namespace, and
 * rows that cannot prove their namespace whose name ends like the
 * reference's, each of these with the reason.
 */
export function similarRows(
  listed: readonly RegistryRow[],
  reference: RegistryReference
): string[] {
  const path = reference.repository.slice(reference.repository.indexOf('/') + 1)
  const name = path.slice(path.lastIndexOf('/') + 1)
  const shown = listed
    .filter((row) => !matches(row, reference))
    .flatMap((row) => {
      if (row.unproven) {
        return row.name === name || row.name.endsWith(`/${name}`)
          ? [`${row.shown} tag ${JSON.stringify(row.tag)} (Id ${row.id}: ${row.unproven})`]
          : []
      }
      return row.repository === reference.repository || row.repository.endsWith(path)
        ? [`${row.repository}:${row.tag}`]
        : []
    })
  return [...new Set(shown)].slice(0, 10)
}
