/**
 * The TCSS registry image list (DescribeAssetImageRegistryList), read
 * whole: every page, ordered by Id, proven complete before any row of it is
 * taken.
 */
import { readWholeList } from '../whole-list.js'
import { callTcss, type TcssContext } from './call.js'
import { parseRegistryList, type RegistryRow, rowKey } from './registry-rows.js'

export type RegistryOptions = TcssContext

/**
 * The registry list is paged in an explicit order: `Id`, the field of
 * ImageRepoInfo that identifies a row and never changes (not verified live
 * that the service sorts by it).
 */
export const REGISTRY_LIST_ORDER = { Order: 'asc', By: 'Id' } as const

export function readRegistryList(options: RegistryOptions): Promise<RegistryRow[]> {
  const { api, requester, concurrency, log } = options
  return readWholeList({
    requester,
    concurrency,
    log,
    what: 'the TCSS registry image list',
    title: 'The TCSS registry image list',
    noun: 'images',
    refusal: 'pick an image from incomplete data',
    fetchPage: (offset, limit) =>
      callTcss(options, {
        action: 'DescribeAssetImageRegistryList',
        about: `at offset ${offset}`,
        send: (timeoutMs) =>
          api.describeAssetImageRegistryList(
            { Limit: limit, Offset: offset, ...REGISTRY_LIST_ORDER },
            timeoutMs
          ),
        parse: parseRegistryList,
        debug: (page) =>
          `DescribeAssetImageRegistryList offset ${offset}: TotalCount ${page.totalCount}, ${page.items.length} item(s), RequestId ${page.requestId || 'none'}`,
        reading: 'the TCSS registry image list'
      }),
    key: rowKey,
    take: (rows) => rows
  })
}
