/**
 * The open facts of docs/api-contract.md (the ones no document settles), each
 * with the reading the gate assumes and what this account's reads showed:
 * the reading's name when the observation decides it, or why nothing could
 * be seen. Nothing here judges: the gate is right under every reading.
 */
import type { Reading } from './model.js'
import type { Observations, OrderedRow } from './observations.js'

const NO_WRITE =
  'not observable without a write request (a scan task or a sync), which the doctor never sends'
const NOTHING = 'not observable with this account'

type Observed = Pick<Reading, 'observed' | 'reading'> | { note: string }

interface Fact {
  fact: string
  assumed: string
  observe: (seen: Observations) => Observed
}

const sortedBy = (
  rows: OrderedRow[],
  key: (row: OrderedRow) => string | number,
  desc = false
): boolean =>
  rows.every((row, index) => {
    if (index === 0) return true
    const a = key(rows[index - 1])
    const b = key(rows[index])
    return desc ? a >= b : a <= b
  })
const riskNumber = (row: OrderedRow): number => Number(row.risk)
const keys = (rows: OrderedRow[]): string => rows.map((row) => row.key).join('\n')
const distinct = (values: readonly unknown[]): string =>
  [...new Set(values.map((value) => JSON.stringify(value)))].join(', ')

function localOrder(seen: Observations): Observed {
  const order = seen.localOrder
  if (!order) return { note: `${NOTHING} (no image among the targets lists two findings or more)` }
  const byPath = (row: OrderedRow): string => row.path
  if (
    sortedBy(order.asc, byPath) &&
    sortedBy(order.desc, byPath, true) &&
    keys(order.asc) !== keys(order.desc)
  )
    return {
      observed: `By Path honoured: ${order.asc.length} rows sorted by Path, ascending and descending as asked`,
      reading: 'honoured'
    }
  if (sortedBy(order.asc, riskNumber) && sortedBy(order.desc, riskNumber, true))
    return {
      observed: 'By Path ignored: rows sorted by RiskLevel alone, Order honoured',
      reading: 'risk-level-page-ties'
    }
  return { observed: 'rows neither sorted by Path nor by RiskLevel', reading: null }
}

function registryOrder(seen: Observations): Observed {
  const order = seen.registryOrder
  if (!order)
    return { note: `${NOTHING} (no registry image among the targets lists 2 to 20 findings)` }
  const same = keys(order.whole) === keys(order.paged)
  const byRisk = sortedBy(order.whole, riskNumber)
  if (!same)
    return {
      observed: `the order changes with Limit (Limit 100 and Limit 2 differ)${byRisk ? '; rows sorted by RiskLevel' : ''}`,
      reading: byRisk ? 'risk-level-page-ties' : null
    }
  if (!byRisk)
    return {
      observed: 'one order at Limit 100 and Limit 2, not sorted by RiskLevel',
      reading: 'stable'
    }
  return {
    observed: 'one order at Limit 100 and Limit 2, sorted by RiskLevel (either reading)',
    reading: null
  }
}

function nameFilter(seen: Observations): Observed {
  const filter = seen.nameFilter
  if (!filter) return { note: `${NOTHING} (no --image target that TCSS lists)` }
  const said = `asked for ${filter.shown}: by the repository ${filter.repository ? 'found' : 'not found'}, by name:tag ${filter.nameTag ? 'found' : 'not found'}, by a part of the repository ${filter.substring ? 'found' : 'not found'}`
  const reading = filter.substring
    ? 'fuzzy'
    : filter.repository && !filter.nameTag
      ? 'exact-repository'
      : !filter.repository && filter.nameTag
        ? 'exact-name-tag'
        : null
  return { observed: said, reading }
}

function scanTimes(seen: Observations): Observed {
  if (seen.scanTimes.length === 0) return { note: `${NOTHING} (no scan time among the rows read)` }
  const zoned = seen.scanTimes.filter((time) => /(Z|[+-]\d\d:?\d\d)$/.test(time.trim()))
  const zoneless = seen.scanTimes.filter((time) =>
    /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d$/.test(time.trim())
  )
  const example = (times: string[]): string => JSON.stringify(times[0])
  if (zoned.length > 0 && zoneless.length === 0)
    return { observed: `with a zone, e.g. ${example(zoned)}`, reading: 'zoned' }
  if (zoneless.length > 0 && zoned.length === 0)
    return { observed: `without a zone, e.g. ${example(zoneless)}`, reading: 'zoneless' }
  return {
    observed: `mixed or other forms: ${distinct(seen.scanTimes.slice(0, 5))}`,
    reading: null
  }
}

function registryAddress(seen: Observations): Observed {
  const addresses = seen.repoAddresses.filter(
    (value): value is string => typeof value === 'string' && value !== ''
  )
  if (addresses.length === 0) return { note: `${NOTHING} (no registry row read)` }
  const full = addresses.filter((value) => value.includes('/'))
  if (full.length === addresses.length)
    return {
      observed: `host/namespace/name, e.g. ${JSON.stringify(full[0])}`,
      reading: 'full-path'
    }
  if (full.length === 0)
    return {
      observed: `the host alone, e.g. ${JSON.stringify(addresses[0])}`,
      reading: 'host-only'
    }
  return { observed: `both shapes: ${distinct(addresses.slice(0, 5))}`, reading: null }
}

function registryScanStatus(seen: Observations): Observed {
  const pairs = seen.registryStatusPairs
  if (pairs.length === 0) return { note: `${NOTHING} (no registry row read)` }
  const differ = pairs.filter((pair) => pair.scan !== pair.virus)
  if (differ.length > 0)
    return {
      observed: `ScanStatus differs from VirusStatus on ${differ.length} of ${pairs.length} rows (e.g. ${JSON.stringify(differ[0].scan)} beside ${JSON.stringify(differ[0].virus)})`,
      reading: 'independent'
    }
  return {
    observed: `ScanStatus equals VirusStatus on every row read (${pairs.length})`,
    reading: 'same-as-virus'
  }
}

function registryStatusNames(seen: Observations): Observed {
  const names = seen.registryVirusStatuses.filter((value) => value !== undefined)
  if (names.length === 0) return { note: `${NOTHING} (no registry row read)` }
  const model = names.some((name) => name === 'WAIT_SCAN' || name === 'CANCELED')
  const short = names.some((name) => name === 'NOT_SCAN' || name === 'SCAN_CANCELED')
  return {
    observed: `VirusStatus values seen: ${distinct(names)}`,
    reading: model && !short ? 'model-wide' : short && !model ? 'short' : null
  }
}

function registrySync(seen: Observations): Observed {
  const status = seen.assetStatus
  if (!status)
    return { note: `${NOTHING} (DescribeAssetImageRegistryAssetStatus could not be read)` }
  const said = `Status ${JSON.stringify(status.Status)}, Err ${JSON.stringify(status.Err ?? '')}, LatestSyncSuccessTime ${JSON.stringify(status.LatestSyncSuccessTime ?? '')}`
  const reading =
    status.Status === 'success'
      ? 'completes'
      : status.Status === 'doing' && status.Err
        ? 'stuck-doing'
        : null
  return { observed: `${said} (no sync asked for)`, reading }
}

function whileScanning(seen: Observations): Observed {
  const rows = seen.localWhileScanning
  if (rows.length === 0) return { note: `${NOTHING} (no image among the targets is being scanned)` }
  const served = rows.find((entry) => entry.rows > 0)
  if (served)
    return {
      observed: `${served.rows} rows served at VirusScanStatus ${String(served.status)}`,
      reading: 'served'
    }
  return {
    observed: 'no rows at VirusScanStatus 0 or 1 (also so for an image never scanned)',
    reading: null
  }
}

function riskLevelType(values: readonly unknown[], what: string): Observed {
  if (values.length === 0) return { note: `${NOTHING} (no ${what} finding among the targets)` }
  const types = [...new Set(values.map((value) => (value === null ? 'null' : typeof value)))]
  return {
    observed: `RiskLevel values ${distinct(values.slice(0, 20))}`,
    reading: types.length === 1 ? types[0] : null
  }
}

/** Every open fact of docs/api-contract.md, and the RiskLevel types the gate reads. */
const FACTS: Fact[] = [
  {
    fact: 'virusListOrder',
    assumed:
      'DescribeAssetImageVirusList sorts by Order/By as asked (a read is proven complete whatever the order)',
    observe: localOrder
  },
  {
    fact: 'registryVirusListOrder',
    assumed:
      'DescribeAssetImageRegistryVirusList (no Order/By) keeps one order (overlapping pages are re-read)',
    observe: registryOrder
  },
  {
    fact: 'localTaskStatus',
    assumed: 'scan task Status names are for the log only',
    observe: () => ({ note: NO_WRITE })
  },
  {
    fact: 'registryTaskStatus',
    assumed: 'scan task Status names are for the log only',
    observe: () => ({ note: NO_WRITE })
  },
  {
    fact: 'localTaskId',
    assumed: 'CreateAssetImageScanTask may answer without a TaskID',
    observe: () => ({ note: NO_WRITE })
  },
  {
    fact: 'registryTaskId',
    assumed: 'CreateAssetImageRegistryScanTask may answer without a TaskID',
    observe: () => ({ note: NO_WRITE })
  },
  {
    fact: 'localBusyCode',
    assumed: 'a refused scan task is explained by the image (IsAuthorized, scanning)',
    observe: () => ({ note: NO_WRITE })
  },
  {
    fact: 'registryBusyCode',
    assumed: 'a refused scan task is explained by the image (IsAuthorized, scanning)',
    observe: () => ({ note: NO_WRITE })
  },
  {
    fact: 'registrySync',
    assumed:
      'DescribeAssetImageRegistryAssetStatus ends in success, or stays doing; the registry list decides',
    observe: registrySync
  },
  {
    fact: 'imageNameFilter',
    assumed:
      'the ImageName filter matches by substring or exactly: the gate asks by the repository, then by name:tag, and compares name:tag itself',
    observe: nameFilter
  },
  {
    fact: 'registryScanStatus',
    assumed: 'never read: the virus status is VirusStatus',
    observe: registryScanStatus
  },
  {
    fact: 'registryVirusStatusNames',
    assumed: 'NOT_SCAN/SCANNING/SCANNED/SCAN_ERR/SCAN_CANCELED, or WAIT_SCAN and CANCELED',
    observe: registryStatusNames
  },
  {
    fact: 'scanTimeFormat',
    assumed: 'ISO 8601 with a zone, or YYYY-MM-DD HH:MM:SS read as UTC+8',
    observe: scanTimes
  },
  {
    fact: 'registryAddress',
    assumed:
      'ImageRepoAddress is host/namespace/name, or the host alone beside Namespace and ImageName',
    observe: registryAddress
  },
  {
    fact: 'virusRowsWhileScanning',
    assumed: 'rows are read only at VirusScanStatus 2',
    observe: whileScanning
  },
  {
    fact: 'multiPlatformListing',
    assumed:
      "each platform of an image index is its own row, or the index row whose ImageId is the platform's config digest",
    observe: () => ({
      note: 'not observed by the doctor (it reads no registry manifest); a gate run with --registry-image shows it'
    })
  },
  {
    fact: 'localRiskLevel',
    assumed:
      'DescribeAssetImageVirusList RiskLevel is a number 1-4 (anything else is judged as critical)',
    observe: (seen) => riskLevelType(seen.localRiskLevels, 'local image')
  },
  {
    fact: 'registryRiskLevel',
    assumed: 'DescribeAssetImageRegistryVirusList RiskLevel is a string "1"-"4"',
    observe: (seen) => riskLevelType(seen.registryRiskLevels, 'registry image')
  },
  {
    fact: 'rateLimitWindow',
    assumed:
      'any of a sliding one-second window, whole seconds or a refilling bucket: requests spaced evenly at --max-rps stay within each',
    observe: () => ({
      note: 'not observable without sending requests above the limit, which the doctor never does'
    })
  }
]

export function observedReadings(seen: Observations): Reading[] {
  return FACTS.map(({ fact, assumed, observe }) => {
    const result = observe(seen)
    return 'note' in result
      ? { fact, assumed, observed: null, reading: null, note: result.note }
      : { fact, assumed, observed: result.observed, reading: result.reading }
  })
}
