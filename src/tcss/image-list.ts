import { listedReference } from '../image-reference.js'
import { TransientError } from './retry.js'

/** One entry of DescribeAssetImageList (ImagesInfo), reduced to what the lookup needs. */
export interface ListedImage {
  /** ImageID as sent; checked only for the entries the gate takes. */
  imageId: unknown
  /** `name:tag` (see listedReference); undefined when the entry has no usable name. */
  reference: string | undefined
  /** ImageName exactly as sent, for messages. */
  name: string
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
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new TransientError('the response is not a JSON object')
  }
  const response = raw as Record<string, unknown>
  const requestId = typeof response.RequestId === 'string' ? response.RequestId : ''
  const malformed = (what: string): TransientError =>
    new TransientError(
      `malformed DescribeAssetImageList response: ${what} (RequestId: ${requestId || 'none'})`
    )
  const list = response.List ?? []
  if (!Array.isArray(list)) throw malformed('List is not an array')
  const total = response.TotalCount
  if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0) {
    throw malformed(`TotalCount is ${JSON.stringify(total) ?? 'missing'}`)
  }
  const items = list.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw malformed(`List[${index}] is not an object`)
    }
    const entry = item as Record<string, unknown>
    return {
      imageId: entry.ImageID,
      reference: listedReference(entry.ImageName, entry.ImageTag),
      name: typeof entry.ImageName === 'string' ? entry.ImageName : '',
      scanTime: typeof entry.ScanTime === 'string' ? entry.ScanTime : '',
      createTime: typeof entry.CreateTime === 'string' ? entry.CreateTime : '',
      hostCount: typeof entry.HostCnt === 'number' ? entry.HostCnt : null
    }
  })
  return { totalCount: total, items, requestId }
}
