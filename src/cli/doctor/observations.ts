/**
 * What the doctor's reads showed of the service's habits, gathered while the
 * checks read (no read is made for a reading alone when a check's read shows
 * it), for readings.ts to compare with what the gate assumes.
 */

/** One finding row as far as the order of a list goes. */
export interface OrderedRow {
  key: string
  path: string
  risk: unknown
}

export interface Observations {
  /** Every ScanTime / LatestSyncSuccessTime string served. */
  scanTimes: string[]
  /** RiskLevel values of DescribeAssetImageVirusList rows. */
  localRiskLevels: unknown[]
  /** RiskLevel values of DescribeAssetImageRegistryVirusList rows. */
  registryRiskLevels: unknown[]
  /** ImageRepoAddress of every registry row read. */
  repoAddresses: unknown[]
  /** VirusStatus beside ScanStatus, per registry row read. */
  registryStatusPairs: Array<{ virus: unknown; scan: unknown }>
  /** Every registry VirusStatus served. */
  registryVirusStatuses: unknown[]
  /** Local images read at VirusScanStatus 0 or 1, and how many rows they served then. */
  localWhileScanning: Array<{ status: unknown; rows: number }>
  /** The ImageName filter asked three ways for one listed `image`. */
  nameFilter?: { shown: string; repository: boolean; nameTag: boolean; substring: boolean }
  /** One local image's first page read Order asc and desc By Path (two rows or more). */
  localOrder?: { asc: OrderedRow[]; desc: OrderedRow[] }
  /** One registry image's rows read at Limit 100 and again two at a time. */
  registryOrder?: { whole: OrderedRow[]; paged: OrderedRow[] }
  /** DescribeAssetImageRegistryAssetStatus as answered. */
  assetStatus?: Record<string, unknown>
}

export function emptyObservations(): Observations {
  return {
    scanTimes: [],
    localRiskLevels: [],
    registryRiskLevels: [],
    repoAddresses: [],
    registryStatusPairs: [],
    registryVirusStatuses: [],
    localWhileScanning: []
  }
}

/** Notes a time field when it is a non-empty string. */
export function noteTime(observations: Observations, value: unknown): void {
  if (typeof value === 'string' && value.trim() !== '') observations.scanTimes.push(value)
}
