import { listedReference } from '../../core/image-reference.js'
import { readList, readReply, readTotalCount } from './response.js'

/** One entry of DescribeAssetImageList (ImagesInfo), reduced to what the lookup needs. */
export interface ListedImage {
  /** ImageID as sent; checked only for the entries the gate takes. */
  imageId: unknown
  /** `name:tag` (see listedReference); undefined when the entry has no usable name. */
  reference: string | undefined
  /** ImageName exactly as sent, for messages. */
  name: string
  /** ImageTag as sent (a string, or undefined), to tell entries apart. */
  tag: unknown
  scanTime: string
  createTime: string
  /** HostCnt, when it is a number. */
  hostCount: number | null
}

/** One validated page of DescribeAssetImageList. */
export interface ImageListPage {
  totalCount: number
  items: ListedImage[]
  requestId: string
}

/**
 * Strictly checks the shape of a response; a shape the gate cannot trust is
 * transient (retried a bounded number of times), never "no such image".
 */
export function parseImageListResponse(raw: unknown): ImageListPage {
  const paged = readReply('DescribeAssetImageList', raw)
  const items = readList(paged).map((entry) => ({
    imageId: entry.ImageID,
    reference: listedReference(entry.ImageName, entry.ImageTag),
    name: typeof entry.ImageName === 'string' ? entry.ImageName : '',
    tag: entry.ImageTag,
    scanTime: typeof entry.ScanTime === 'string' ? entry.ScanTime : '',
    createTime: typeof entry.CreateTime === 'string' ? entry.CreateTime : '',
    hostCount: typeof entry.HostCnt === 'number' ? entry.HostCnt : null
  }))
  const total = readTotalCount(paged.response.TotalCount, paged)
  return { totalCount: total, items, requestId: paged.requestId }
}
