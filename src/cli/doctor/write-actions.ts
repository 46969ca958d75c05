/**
 * The write actions of a gate run: named, never tried (trying one would start
 * a scan or a sync), with the statement that grants them beside the reads:
 * the "read + scan" policy of docs/cam-policies.md.
 */
export const WRITE_ACTIONS = [
  'tcss:CreateAssetImageScanTask',
  'tcss:CreateAssetImageRegistryScanTask',
  'tcss:SyncAssetImageRegistryAsset'
] as const

/** The read + scan statement (docs/cam-policies.md): every action a gate run may send. */
export const READ_AND_SCAN_POLICY = {
  version: '2.0',
  statement: [
    {
      effect: 'allow',
      action: [
        'tcss:DescribeAssetImageVirusList',
        'tcss:DescribeAssetImageList',
        'tcss:DescribeAssetImageDetail',
        'tcss:DescribeAssetImageRegistryList',
        'tcss:DescribeAssetImageRegistryDetail',
        'tcss:DescribeAssetImageRegistryVirusList',
        'tcss:DescribeVirusDetail',
        'tcss:CreateAssetImageScanTask',
        'tcss:DescribeAssetImageScanStatus',
        'tcss:CreateAssetImageRegistryScanTask',
        'tcss:DescribeAssetImageRegistryScanStatusOneKey',
        'tcss:SyncAssetImageRegistryAsset',
        'tcss:DescribeAssetImageRegistryAssetStatus'
      ],
      resource: ['*']
    }
  ]
}

export interface WriteActions {
  tried: false
  actions: string[]
  /** Why they are not tried, and when they are needed. */
  note: string
  statement: typeof READ_AND_SCAN_POLICY
}

export function writeActions(): WriteActions {
  return {
    tried: false,
    actions: [...WRITE_ACTIONS],
    note: 'not tried: a write would start a scan or a registry sync. A gate run with --scan if-not-scanned (the default) or always may send them; --scan never sends none. Grant them with the read + scan statement:',
    statement: READ_AND_SCAN_POLICY
  }
}
