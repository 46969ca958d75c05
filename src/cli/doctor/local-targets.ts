/**
 * The doctor's look at local images (`--image-id`, `--image`) and runtime
 * events (`--event-ids`): listed or not, authorized, virus status, last scan,
 * findings per level — what the gate would read, without judging it.
 */
import { splitReference } from '../../core/image-reference.js'
import { parseImageListResponse } from '../../sources/tcss/image-list.js'
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

/** VirusScanStatus of DescribeAssetImageVirusList, as the gate reads it. */
const LOCAL_STATUS: Record<number, string> = {
  0: 'not scanned',
  1: 'scanning',
  2: 'scanned',
  3: 'scan error',
  4: 'canceled'
}

const NOT_LISTED_FIX =
  'TCSS lists the images of hosts that run its agent: check the ImageID (docker inspect --format "{{.Id}}" IMAGE), ' +
  "that the host's TCSS agent is online, and that TCSS has synced the host's images (console: Assets, Images)."

const UNAUTHORIZED_FIX =
  'Authorize the image for scanning in the TCSS console (Assets, Images: authorize), or turn on automatic ' +
  'authorization; the gate never authorizes images, and TCSS refuses to scan one that is not.'

function rowOf(row: Record<string, unknown>): OrderedRow {
  const path = typeof row.Path === 'string' ? row.Path : ''
  return { key: `${String(row.Md5)}|${path}`, path, risk: row.RiskLevel }
}

export async function checkLocalImage(
  context: TargetContext,
  view: TargetView,
  imageId: string
): Promise<Check> {
  const { api, observations } = context
  view.imageId = imageId
  const detail = await api.call('DescribeAssetImageDetail', { ImageID: imageId })
  const virus = await readList(api, 'DescribeAssetImageVirusList', {
    ImageID: imageId,
    Order: 'asc',
    By: 'Path'
  })
  const notFound = [detail, virus].some(
    (answer) => answer.kind === 'error' && answer.code.startsWith('ResourceNotFound')
  )
  if (notFound) {
    view.listed = false
    return {
      id: 'target',
      status: 'missing',
      summary: targetSummary(view, ['not listed: TCSS does not know this ImageID']),
      fix: NOT_LISTED_FIX,
      target: view
    }
  }
  if (virus.kind !== 'list') return unreadTarget(view, virus)
  view.listed = true
  if (detail.kind === 'answer') {
    const authorized = detail.response.IsAuthorized
    view.authorized = authorized === 1 ? true : authorized === 0 ? false : null
    noteTime(observations, detail.response.ScanTime)
    view.scanTime =
      typeof detail.response.ScanTime === 'string' && detail.response.ScanTime !== ''
        ? detail.response.ScanTime
        : null
  } else {
    view.authorized = null
  }
  const { list } = virus
  const status = list.first.VirusScanStatus
  view.virusStatus = status
  const risks = list.rows.map((row) => row.RiskLevel)
  observations.localRiskLevels.push(...risks)
  if (status === 0 || status === 1)
    observations.localWhileScanning.push({ status, rows: list.total })
  view.findings = countLevels(risks)
  if (list.rows.length < list.total) view.totalFindings = list.total
  if (!observations.localOrder && list.rows.length >= 2) {
    const desc = await api.call('DescribeAssetImageVirusList', {
      ImageID: imageId,
      Order: 'desc',
      By: 'Path',
      Limit: 100,
      Offset: 0
    })
    if (desc.kind === 'answer' && Array.isArray(desc.response.List)) {
      observations.localOrder = {
        asc: list.rows.slice(0, 100).map(rowOf),
        desc: desc.response.List.filter(isObject).map(rowOf)
      }
    }
  }
  const statusName =
    typeof status === 'number' && LOCAL_STATUS[status] ? ` (${LOCAL_STATUS[status]})` : ''
  const unread =
    detail.kind === 'answer'
      ? ''
      : `authorization and scan time not read (DescribeAssetImageDetail: ${detail.kind === 'error' ? detail.code : detail.message})`
  const summary = targetSummary(view, [
    view.kind === 'image' ? `listed as ${imageId}` : 'listed',
    authorizedText(view.authorized),
    unread,
    `VirusScanStatus ${JSON.stringify(status) ?? 'missing'}${statusName}`,
    unread ? '' : `last scan ${view.scanTime ?? 'none'}`,
    findingsText(view)
  ])
  if (view.authorized === false)
    return { id: 'target', status: 'missing', summary, fix: UNAUTHORIZED_FIX, target: view }
  return { id: 'target', status: 'ok', summary, fix: null, target: view }
}

/** `--image NAME:TAG`: found as the gate finds it (by the repository, then by name:tag), then read as an ImageID. */
export async function checkImageName(context: TargetContext, nameTag: string): Promise<Check> {
  const { api, observations } = context
  const view: TargetView = { kind: 'image', reference: nameTag, listed: null }
  const { repository } = splitReference(nameTag)
  const ask = async (value: string): Promise<string[] | Check> => {
    const read = await readList(api, 'DescribeAssetImageList', {
      Filters: [{ Name: 'ImageName', Values: [value] }],
      Order: 'asc',
      By: 'ImageID'
    })
    if (read.kind !== 'list') return unreadTarget(view, read)
    const items = parseImageListResponse({
      List: read.list.rows,
      TotalCount: read.list.total
    }).items
    return items
      .filter((item) => item.reference === nameTag && typeof item.imageId === 'string')
      .map((item) => item.imageId as string)
  }
  const byRepository = await ask(repository)
  if (!Array.isArray(byRepository)) return byRepository
  const byNameTag = await ask(nameTag)
  if (!Array.isArray(byNameTag)) return byNameTag
  const ids = [...new Set([...byRepository, ...byNameTag])]
  if (!observations.nameFilter && ids.length > 0 && repository.length > 1) {
    const partial = repository.slice(0, -1)
    const bySubstring = await ask(partial)
    if (Array.isArray(bySubstring)) {
      observations.nameFilter = {
        shown: nameTag,
        repository: byRepository.length > 0,
        nameTag: byNameTag.length > 0,
        substring: bySubstring.length > 0
      }
    }
  }
  if (ids.length === 0) {
    view.listed = false
    return {
      id: 'target',
      status: 'missing',
      summary: targetSummary(view, [
        `not listed: DescribeAssetImageList shows no image named ${nameTag}`
      ]),
      fix: `${NOT_LISTED_FIX} Or give the image by its ImageID (--image-id).`,
      target: view
    }
  }
  if (ids.length > 1) {
    view.listed = true
    return {
      id: 'target',
      status: 'missing',
      summary: targetSummary(view, [`listed under ${ids.length} ImageIDs (${ids.join(', ')})`]),
      fix: 'The gate does not choose between images of one name: give the one to gate with --image-id.',
      target: view
    }
  }
  return checkLocalImage(context, view, ids[0])
}

/** `--event-ids ID`: the runtime trojan event, as DescribeVirusDetail shows it. */
export async function checkEvent(context: TargetContext, id: string): Promise<Check> {
  const view: TargetView = { kind: 'event-ids', reference: id, listed: null }
  const answer = await context.api.call('DescribeVirusDetail', { Id: id })
  if (answer.kind === 'error' && answer.code.startsWith('ResourceNotFound')) {
    view.listed = false
    return {
      id: 'target',
      status: 'missing',
      summary: targetSummary(view, ['not found: no runtime trojan event has this Id']),
      fix: 'Check the Id (TCSS console: Runtime security, Trojans; the event Id) and that --region is the region of the event.',
      code: answer.code,
      requestId: answer.requestId,
      target: view
    }
  }
  if (answer.kind !== 'answer') return unreadTarget(view, answer)
  view.listed = true
  const { response } = answer
  view.findings = null
  const shown = (field: string): string =>
    `${field} ${JSON.stringify(response[field]) ?? 'missing'}`
  return {
    id: 'target',
    status: 'ok',
    summary: targetSummary(view, ['found', shown('RiskLevel'), shown('Status'), shown('FilePath')]),
    fix: null,
    target: view
  }
}
