import type { EventFinding, RuntimeEvent } from '../../core/runtime-event.js'
import { levelOfEventRisk, riskOfLevel } from '../../core/levels.js'
import type { TcssApi } from './client.js'
import type { ApiRequester } from '../../cloud/requester.js'
import type { Logger } from '../../clock.js'
import { callTcss } from './call.js'
import { readReply } from './response.js'

/**
 * Statuses of a runtime trojan event that need nothing more from anyone:
 * ignored, allowed (whitelisted), deleted, isolated. DescribeVirusDetail
 * documents the DEAL_* names (VirusInfo.Status / DescribeVirusDetailResponse
 * .Status); an event handled in the console through ModifyVirusFileStatus
 * carries that call's EVENT_* names instead (EVENT_DEALED handled,
 * EVENT_IGNORE, EVENT_DEL deleted, EVENT_ADD_WHITE allowed,
 * EVENT_ISOLATE_CONTAINER its container isolated), so both are read.
 * Every other status — pending (DEAL_NONE, EVENT_PENDING), isolating,
 * recovering (EVENT_RESOTRE_CONTAINER), a failed isolation or recovery, a
 * status this gate does not know, or none at all — leaves the event open.
 */
export const RESOLVED_STATUSES: readonly string[] = [
  'DEAL_IGNORE',
  'DEAL_ADD_WHITELIST',
  'DEAL_DEL',
  'DEAL_ISOLATE',
  'EVENT_DEALED',
  'EVENT_IGNORE',
  'EVENT_DEL',
  'EVENT_ADD_WHITE',
  'EVENT_ISOLATE_CONTAINER'
]

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

function number(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/**
 * Reads a DescribeVirusDetail Response. Only a body that is not an object is
 * refused (as transient); a field of the wrong type is read as null, so an
 * unusable RiskLevel is 'unknown' and an unusable Status leaves the event open.
 */
export function parseVirusDetailResponse(id: string, raw: unknown): RuntimeEvent {
  const { RequestId: requestId, ...fields } = readReply('DescribeVirusDetail', raw).response
  const riskLevel = text(fields.RiskLevel)
  const status = text(fields.Status)
  return {
    id,
    riskLevel,
    level: levelOfEventRisk(riskLevel),
    status,
    open: status === null || !RESOLVED_STATUSES.includes(status),
    subStatus: text(fields.SubStatus),
    fileMd5: text(fields.FileMd5),
    filePath: text(fields.FilePath),
    fileName: text(fields.FileName),
    virusName: text(fields.VirusName),
    size: number(fields.Size),
    containerName: text(fields.ContainerName),
    containerId: text(fields.ContainerId),
    podName: text(fields.PodName),
    namespace: text(fields.Namespace),
    clusterName: text(fields.ClusterName),
    clusterId: text(fields.ClusterID),
    hostName: text(fields.HostName),
    hostIp: text(fields.HostIP),
    processName: text(fields.ProcessName),
    processPath: text(fields.ProcessPath),
    processId: number(fields.ProcessId),
    imageId: text(fields.ImageId),
    imageName: text(fields.ImageName),
    eventType: text(fields.EventType),
    description: text(fields.HarmDescribe),
    solution: text(fields.SuggestScheme),
    tags: Array.isArray(fields.Tags)
      ? fields.Tags.filter((tag): tag is string => typeof tag === 'string')
      : null,
    createTime: text(fields.CreateTime),
    modifyTime: text(fields.ModifyTime),
    fields,
    requestId: typeof requestId === 'string' ? requestId : ''
  }
}

/**
 * An event as a finding for the policy: allowlisted by FileMd5, path globs
 * against FilePath. A null field becomes '' (which no allowlist entry matches).
 */
export function eventFinding(event: RuntimeEvent): EventFinding {
  return {
    eventId: event.id,
    md5: event.fileMd5 ?? '',
    path: event.filePath ?? '',
    fileName: event.fileName ?? '',
    virusName: event.virusName ?? '',
    riskLevel: event.level === 'unknown' ? null : riskOfLevel(event.level),
    level: event.level,
    size: event.size,
    description: event.description ?? '',
    solution: event.solution ?? '',
    tags: event.tags ?? [],
    firstScanTime: event.createTime ?? '',
    latestScanTime: event.modifyTime ?? ''
  }
}

/** Reads one event, under the shared rate limit, deadline and retry budget. */
export function readRuntimeEvent(
  api: TcssApi,
  requester: ApiRequester,
  id: string,
  log: Logger
): Promise<RuntimeEvent> {
  return callTcss(
    { requester, log },
    {
      action: 'DescribeVirusDetail',
      about: `for event ${id}`,
      send: (timeoutMs) => api.describeVirusDetail({ Id: id }, timeoutMs),
      parse: (raw) => parseVirusDetailResponse(id, raw),
      debug: (event) =>
        `DescribeVirusDetail ${id}: RiskLevel ${event.riskLevel ?? 'null'}, Status ${event.status ?? 'null'}, RequestId ${event.requestId || 'none'}`,
      reading: `runtime event ${id}`
    }
  )
}
