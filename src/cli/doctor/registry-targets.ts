/**
 * The doctor's look at registry images (`--registry-image`): is the registry
 * connected to TCSS, is the image listed (and which rows look alike when it
 * is not), authorized, its virus status, last scan and findings per level.
 */
import type { RegistryReference } from '../../core/registry-reference.js'
import {
  matches,
  parseRegistryList,
  type RegistryRow,
  similarRows
} from '../../sources/tcss/registry-rows.js'
import type { Check, TargetView } from './model.js'
import { noteTime, type OrderedRow } from './observations.js'
import {
  authorizedText,
  countLevels,
  findingsText,
  isObject,
  readList,
  type TargetContext,
  targetSummary,
  unreadTarget
} from './reads.js'

const UNAUTHORIZED_FIX =
  'Authorize the image for scanning in the TCSS console (Assets, Image registries: authorize), or turn on ' +
  'automatic authorization for the registry; the gate never authorizes images.'

/** What one doctor run reads once for every registry image. */
export interface RegistryListing {
  rows: RegistryRow[]
  /** Hosts of the registries TCSS has connected; undefined when that could not be read. */
  connectedHosts?: Set<string>
}

/** The registry list (and the registries connected), read once for all registry targets. */
export async function readRegistryListing(
  context: TargetContext,
  view: TargetView
): Promise<RegistryListing | Check> {
  const { api, observations } = context
  const list = await readList(api, 'DescribeAssetImageRegistryList', { Order: 'asc', By: 'Id' })
  if (list.kind !== 'list') return unreadTarget(view, list)
  for (const row of list.list.rows) {
    observations.repoAddresses.push(row.ImageRepoAddress)
    observations.registryStatusPairs.push({ virus: row.VirusStatus, scan: row.ScanStatus })
    observations.registryVirusStatuses.push(row.VirusStatus)
    noteTime(observations, row.ScanTime)
  }
  const rows = parseRegistryList({ List: list.list.rows, TotalCount: list.list.total }).items
  const registries = await readList(api, 'DescribeAssetImageRegistryRegistryList', {})
  if (registries.kind !== 'list') return { rows }
  const connectedHosts = new Set(
    registries.list.rows.flatMap((row) => {
      const host = hostOf(row.Url)
      return host ? [host] : []
    })
  )
  return { rows, connectedHosts }
}

/** The host[:port] of a registry's Url, in lower case. */
function hostOf(url: unknown): string | undefined {
  if (typeof url !== 'string' || url.trim() === '') return undefined
  try {
    return new URL(/^[a-z]+:\/\//i.test(url) ? url : `https://${url}`).host.toLowerCase()
  } catch {
    return undefined
  }
}

function orderedRow(row: Record<string, unknown>): OrderedRow {
  const path = typeof row.Path === 'string' ? row.Path : ''
  return { key: `${String(row.FileMd5)}|${path}`, path, risk: row.RiskLevel }
}

export async function checkRegistryImage(
  context: TargetContext,
  reference: RegistryReference,
  listing: RegistryListing
): Promise<Check> {
  const { api, observations } = context
  const view: TargetView = { kind: 'registry-image', reference: reference.text, listed: null }
  const host = reference.repository.slice(0, reference.repository.indexOf('/'))
  const hostListed = listing.rows.some(
    (row) => row.repository !== '' && row.repository.startsWith(`${host}/`)
  )
  view.registryConnected = listing.connectedHosts
    ? listing.connectedHosts.has(host) || hostListed
    : hostListed
      ? true
      : null
  const connected =
    view.registryConnected === true
      ? 'registry connected'
      : view.registryConnected === false
        ? `the registry ${host} is not connected to TCSS`
        : `whether the registry ${host} is connected cannot be told (DescribeAssetImageRegistryRegistryList could not be read; the gate does not need it)`
  const matched = listing.rows.filter((row) => matches(row, reference))
  const sameRepository = listing.rows.filter((row) => row.repository === reference.repository)
  if (matched.length === 0 && reference.digest !== undefined && sameRepository.length > 0) {
    // An image index is listed under its platforms' digests, which only its manifest names.
    view.listed = null
    view.similar = similarRows(listing.rows, reference)
    return {
      id: 'target',
      status: 'not-checked',
      summary: targetSummary(view, [
        `no row has this digest, ${sameRepository.length} rows of the repository are listed (${view.similar.join(', ')})`,
        connected,
        'a multi-platform image is listed under the digests of its platforms, which the doctor does not read from the registry'
      ]),
      fix: null,
      target: view
    }
  }
  if (matched.length === 0) {
    view.listed = false
    view.similar = similarRows(listing.rows, reference)
    const alike =
      view.similar.length > 0
        ? `rows that look alike: ${view.similar.join(', ')}`
        : 'no row looks alike'
    const fix =
      view.registryConnected === false
        ? `connect the registry ${host} to TCSS (console: Assets, Image registries, add the TCR/CCR instance) and sync its assets; see docs/registry-images.md.`
        : 'TCSS lists a pushed tag once it has synced the registry: sync the assets (console: Assets, Image registries) or let the gate ask for a sync (--scan if-not-scanned or always); check the tag, namespace and host against the rows that look alike.'
    return {
      id: 'target',
      status: 'missing',
      summary: targetSummary(view, ['not listed', connected, alike]),
      fix,
      target: view
    }
  }
  view.listed = true
  view.ids = matched.map((row) => row.id)
  const row = matched[0]
  view.imageId = row.imageId
  const detail = await api.call('DescribeAssetImageRegistryDetail', { Id: row.id })
  if (detail.kind !== 'answer') return unreadTarget(view, detail)
  const authorized =
    detail.response.IsAuthorized ??
    (row.authorized === undefined ? undefined : row.authorized ? 1 : 0)
  view.authorized = authorized === 1 ? true : authorized === 0 ? false : null
  view.virusStatus = detail.response.VirusStatus
  observations.registryVirusStatuses.push(detail.response.VirusStatus)
  noteTime(observations, detail.response.ScanTime)
  view.scanTime =
    typeof detail.response.ScanTime === 'string' && detail.response.ScanTime !== ''
      ? detail.response.ScanTime
      : null
  const virus = await readList(api, 'DescribeAssetImageRegistryVirusList', { Id: row.id })
  if (virus.kind !== 'list') return unreadTarget(view, virus)
  const risks = virus.list.rows.map((finding) => finding.RiskLevel)
  observations.registryRiskLevels.push(...risks)
  view.findings = countLevels(risks)
  if (virus.list.rows.length < virus.list.total) view.totalFindings = virus.list.total
  if (!observations.registryOrder && virus.list.rows.length >= 2 && virus.list.total <= 20)
    await observeRegistryOrder(context, row.id, virus.list.rows.map(orderedRow))
  const summary = targetSummary(view, [
    `listed (Id ${view.ids.join(', Id ')})`,
    connected,
    authorizedText(view.authorized),
    `VirusStatus ${JSON.stringify(view.virusStatus) ?? 'missing'}`,
    `last scan ${view.scanTime ?? 'none'}`,
    findingsText(view)
  ])
  if (view.authorized === false)
    return { id: 'target', status: 'missing', summary, fix: UNAUTHORIZED_FIX, target: view }
  return { id: 'target', status: 'ok', summary, fix: null, target: view }
}

/** The same rows read two at a time: whether the order depends on Limit (the list takes no Order/By). */
async function observeRegistryOrder(
  context: TargetContext,
  id: number,
  whole: OrderedRow[]
): Promise<void> {
  const paged: OrderedRow[] = []
  for (let offset = 0; offset < whole.length; offset += 2) {
    const page = await context.api.call('DescribeAssetImageRegistryVirusList', {
      Id: id,
      Limit: 2,
      Offset: offset
    })
    if (page.kind !== 'answer' || !Array.isArray(page.response.List)) return
    paged.push(...page.response.List.filter(isObject).map(orderedRow))
  }
  context.observations.registryOrder = { whole, paged }
}

/** A registry image whose listing could not be read. */
export function registryView(reference: RegistryReference): TargetView {
  return { kind: 'registry-image', reference: reference.text, listed: null }
}
