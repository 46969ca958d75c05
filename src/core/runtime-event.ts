import type { Finding } from './evaluate.js'
import type { FindingLevel } from './levels.js'

/**
 * A runtime trojan event as DescribeVirusDetail describes it. The API may
 * send null (or nothing) for any field; such a field is null here. Text
 * fields are untrusted.
 */
export interface RuntimeEvent {
  /** The event (trojan file) ID the gate was given. */
  id: string
  /** RiskLevel as sent (RISK_CRITICAL … RISK_NOTICE), or null. */
  riskLevel: string | null
  /** RISK_NOTICE is low; null or an unknown name is 'unknown' (judged as critical). */
  level: FindingLevel
  /** Status as sent (DEAL_NONE, DEAL_ISOLATE, …), or null. */
  status: string | null
  /** False only for the statuses in RESOLVED_STATUSES (sources/tcss/virus-detail.ts). */
  open: boolean
  subStatus: string | null
  fileMd5: string | null
  filePath: string | null
  fileName: string | null
  virusName: string | null
  size: number | null
  containerName: string | null
  containerId: string | null
  podName: string | null
  namespace: string | null
  clusterName: string | null
  clusterId: string | null
  hostName: string | null
  hostIp: string | null
  processName: string | null
  processPath: string | null
  processId: number | null
  imageId: string | null
  imageName: string | null
  eventType: string | null
  description: string | null
  solution: string | null
  tags: string[] | null
  createTime: string | null
  modifyTime: string | null
  /** The Response as received, RequestId left out: every field, nulls included. */
  fields: Record<string, unknown>
  requestId: string
}

/** An open event in the form the policy judges: a finding that knows its event. */
export type EventFinding = Finding & { eventId: string }
