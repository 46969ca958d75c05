import { Inputs, PAGE_SIZE } from '../../constants.js'
import { AmbiguousImageError, ScanError } from '../../errors.js'
import { isPlausibleImageId, splitReference } from '../../core/image-reference.js'
import { callTcss, type TcssContext } from './call.js'
import { type ImageListPage, type ListedImage, parseImageListResponse } from './image-list.js'
import { TransientError } from '../../cloud/retry.js'
import { pollUntil } from '../settle.js'
import { readWholeList } from '../whole-list.js'

export type ImageResolverOptions = TcssContext

/** The image the name stands for. */
export interface ResolvedImage {
  /** `name:tag`, as compared. */
  name: string
  imageId: string
  /** ScanTime and CreateTime as TCSS lists them (may be empty). */
  scanTime: string
  createTime: string
  hostCount: number | null
}

/** A listed entry whose name is the wanted one; its ImageID has been checked. */
type Match = ListedImage & { imageId: string }

/**
 * The image list is paged in an explicit order (its default order is
 * undocumented, and pages read in an order that changes between requests
 * overlap and skip images). `ImageID` is the field of ImagesInfo that
 * identifies an image and never changes; names, times and counts tie or
 * change as images are pulled and scanned.
 */
export const IMAGE_LIST_ORDER = { Order: 'asc', By: 'ImageID' } as const
/** Candidates and ignored names named in a message, at most. */
const MAX_LISTED = 10

/**
 * Finds the TCSS ImageID of an image given by `name:tag`.
 *
 * DescribeAssetImageList is asked for the images whose ImageName matches the
 * repository part of the name and, when that lists no exact match, `name:tag`
 * itself (whether the filter matches loosely, exactly on the name, or exactly
 * on the whole reference is undocumented); every page is read, and only
 * entries whose `name:tag` equals the wanted one exactly are taken. None: the image is not known yet, so it polls until the deadline.
 * One ImageID: that is the image. Several ImageIDs: the name is ambiguous and
 * the gate fails rather than guess.
 */
export class ImageResolver {
  constructor(private readonly options: ImageResolverOptions) {}

  async resolve(name: string): Promise<ResolvedImage> {
    const { clock, pollIntervalMs, requester, log } = this.options
    let similar: string[] = []
    return pollUntil(
      { clock, deadline: requester.deadline, pollIntervalMs, log },
      async () => {
        // The ImageName filter's matching is undocumented (AssetFilters.ExactMatch has no
        // stated default): the repository finds the image under a loose match or an exact
        // one on the name alone; `name:tag` under an exact one on the whole reference.
        const { repository } = splitReference(name)
        let listed = await this.readList(name, repository)
        const exact = (items: ListedImage[]) =>
          items.filter(
            (item): item is Match => item.reference === name && isPlausibleImageId(item.imageId)
          )
        if (exact(listed).length === 0 && repository !== name) {
          listed = [...listed, ...(await this.readList(name, name))]
        }
        const matches = distinctById(exact(listed))
        if (matches.length > 1) throw ambiguous(name, matches)
        if (matches.length === 1) {
          const [image] = matches
          const resolved: ResolvedImage = {
            name,
            imageId: image.imageId,
            scanTime: image.scanTime,
            createTime: image.createTime,
            hostCount: image.hostCount
          }
          log.info(`Image ${name} is TCSS ImageID ${resolved.imageId}${imageDetails(image)}.`)
          return { done: true, value: resolved }
        }
        similar = similarNames(listed)
        return {
          done: false,
          waiting: `Image ${name} is not known to TCSS yet (${similar.length > 0 ? `similar names listed, not taken: ${similar.join(', ')}` : 'no similar name listed'})`
        }
      },
      (waited) =>
        new ScanError(
          (say) =>
            `Timed out after ${waited} s waiting for image ${name} to appear in TCSS: DescribeAssetImageList lists no image named exactly ${name}` +
            (similar.length > 0
              ? ` (similar names listed, not taken: ${similar.join(', ')})`
              : '') +
            `. Check the name and tag as the TCSS console shows them and that TCSS covers the host or registry holding the image, raise ${say.plain(Inputs.WaitTimeout)}, or pass the ImageID as ${say.plain(Inputs.ImageId)}.`,
          'timeout'
        )
    )
  }

  /**
   * Every entry the ImageName filter `filter` lists (the repository part of
   * `name`, or `name` itself), however the service matches it. A read is
   * complete only when every page had the first page's TotalCount and the
   * expected length, and the distinct entries (ImageID, ImageName, ImageTag)
   * read number exactly TotalCount: a shortfall means pages overlapped and
   * an entry may have been skipped, which could hide the second build of an
   * ambiguous name. An incomplete read is read again; a list that never
   * reads complete fails closed.
   */
  private readList(name: string, filter: string): Promise<ListedImage[]> {
    const { requester, concurrency, log } = this.options
    return readWholeList({
      requester,
      concurrency,
      log,
      what: `the TCSS image list for ${filter}`,
      title: `The TCSS image list for ${filter}`,
      noun: 'images',
      refusal: 'pick an image from incomplete data',
      fetchPage: (offset) => this.fetchPage(filter, name, offset),
      key: listedKey,
      // Every page holds PAGE_SIZE entries, and every entry is listed once.
      shiftBoundaries: false,
      readProblem: (read) => {
        const distinct = read.rowsByKey.size
        if (!read.complete || read.overlapping > 0) return read.why
        return distinct !== read.totalCount
          ? `${distinct} distinct entries were read where TotalCount is ${read.totalCount}, so pages overlapped`
          : ''
      },
      take: (rows) => rows
    })
  }

  private fetchPage(repository: string, name: string, offset: number): Promise<ImageListPage> {
    const { api } = this.options
    return callTcss(this.options, {
      action: 'DescribeAssetImageList',
      about: `at offset ${offset}`,
      send: (timeoutMs) =>
        api.describeAssetImageList(
          {
            Filters: [{ Name: 'ImageName', Values: [repository] }],
            Limit: PAGE_SIZE,
            Offset: offset,
            ...IMAGE_LIST_ORDER
          },
          timeoutMs
        ),
      parse: (raw) => {
        const page = parseImageListResponse(raw)
        // An entry the gate would take must carry a usable ImageID; anything else is a broken answer.
        const broken = page.items.find(
          (item) => item.reference === name && !isPlausibleImageId(item.imageId)
        )
        if (broken) {
          throw new TransientError(
            `malformed DescribeAssetImageList response: the entry named ${name} has ImageID ${JSON.stringify(broken.imageId) ?? 'missing'} (RequestId: ${page.requestId || 'none'})`
          )
        }
        return page
      },
      debug: (page) =>
        `DescribeAssetImageList ImageName~${repository} offset ${offset}: TotalCount ${page.totalCount}, ${page.items.length} item(s), RequestId ${page.requestId || 'none'}`,
      reading: `the TCSS image list for ${name}`
    })
  }
}

/** Identity of one entry of the image list. */
function listedKey(item: ListedImage): string {
  return JSON.stringify([item.imageId, item.name, item.tag])
}

function distinctById(items: Match[]): Match[] {
  const byId = new Map<string, Match>()
  for (const item of items) if (!byId.has(item.imageId)) byId.set(item.imageId, item)
  // A stable order for messages: most recently scanned first, then by ID.
  return [...byId.values()].sort(
    (a, b) => b.scanTime.localeCompare(a.scanTime) || a.imageId.localeCompare(b.imageId)
  )
}

function imageDetails(image: ListedImage): string {
  const parts: string[] = []
  if (image.scanTime) parts.push(`last scanned ${image.scanTime}`)
  if (image.hostCount !== null) parts.push(`on ${image.hostCount} host(s)`)
  return parts.length > 0 ? ` (${parts.join(', ')})` : ''
}

function ambiguous(name: string, matches: Match[]): AmbiguousImageError {
  const ids = matches.map((image) => image.imageId)
  const shown = matches
    .slice(0, MAX_LISTED)
    .map((image) => `${image.imageId}${imageDetails(image)}`)
  const more = matches.length > MAX_LISTED ? ` and ${matches.length - MAX_LISTED} more` : ''
  return new AmbiguousImageError(
    (say) =>
      `Image ${name} matches ${matches.length} different TCSS images (the same name:tag holds different builds on different hosts or registries): ${shown.join('; ')}${more}. ` +
      `The gate does not guess which one ${say.pipeline} built: pass the ImageID of the right one as ${say.plain(Inputs.ImageId)}, or push a tag that names a single build (such as the commit SHA).`,
    ids
  )
}

/** Distinct names the service listed for the loose match, for messages. */
function similarNames(items: ListedImage[]): string[] {
  const names = [...new Set(items.map((item) => item.reference ?? item.name).filter(Boolean))]
  return names.length > MAX_LISTED
    ? [...names.slice(0, MAX_LISTED), `${names.length - MAX_LISTED} more`]
    : names
}
