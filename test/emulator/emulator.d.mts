/**
 * Types for emulator.mjs, the local TCSS API emulator used by the end-to-end
 * tests, the demo and the benchmarks.
 */

/** The API version the emulator implements. */
export declare const API_VERSION: '2020-11-01'

/** The service name the real endpoint accepts in the credential scope. */
export declare const SERVICE: 'tcss'

/**
 * The readings of each open fact: what the documents (SDK model, API
 * reference, tccli's examples) leave open, one named mode per plausible
 * reading. The first name in OPEN_FACTS is the default.
 */
export interface OpenFactReadings {
  /**
   * DescribeAssetImageVirusList's order. 'honoured': sorted by Order/By as
   * asked. 'risk-level-page-ties': By ignored, rows sorted by RiskLevel alone
   * (Order honoured, ascending without one); rows of one RiskLevel in an order
   * that is a function of the row, the Limit and the page (a hash of Md5, Path
   * and Limit, reversed on odd pages, page = floor(Offset / Limit)): identical
   * queries get identical pages, but a tie group straddling a page boundary is
   * served from both ends of one order — with 99 low + 2 medium findings
   * (asc), page 2 repeats the medium page 1 served and the other is never
   * served (100 distinct rows, TotalCount 101).
   */
  virusListOrder: 'honoured' | 'risk-level-page-ties'
  /**
   * DescribeAssetImageRegistryVirusList (no Order/By). 'stable': the rows in
   * the order held. 'risk-level-page-ties': as for virusListOrder, ascending.
   */
  registryVirusListOrder: 'stable' | 'risk-level-page-ties'
  /**
   * DescribeAssetImageScanStatus.Status while a task is queued (no image of
   * it has taken a step: an Offset-0 DescribeAssetImageVirusList read),
   * running and finished. 'scanning-scanned': SCANNING, SCANNING, SCANNED.
   * 'task-model': READY, SCANNING, END (DescribeAssetImageScanTaskResponse's
   * vocabulary). 'unlisted': QUEUED_X, RUNNING_X, DONE_X.
   */
  localTaskStatus: 'scanning-scanned' | 'task-model' | 'unlisted'
  /**
   * DescribeAssetImageRegistryScanStatusOneKey.Status, the same three names;
   * queued = no DescribeAssetImageRegistryDetail read of the task's images yet.
   */
  registryTaskStatus: 'scanning-scanned' | 'task-model' | 'unlisted'
  /** CreateAssetImageScanTask: 'present' a TaskID; 'absent' RequestId only (the scan runs all the same). */
  localTaskId: 'present' | 'absent'
  /**
   * CreateAssetImageRegistryScanTask: 'present' a TaskID; 'absent' RequestId
   * only (as the API reference's and tccli's examples show; the scan runs all
   * the same, and DescribeAssetImageRegistryScanStatusOneKey answers for `Id`
   * without a TaskID).
   */
  registryTaskId: 'present' | 'absent'
  /**
   * CreateAssetImageScanTask refused because a virus scan of the image is
   * queued or running (ImageScenario.runningScan, a task not finished, status
   * 1) or the image is not authorized: 'ErrAlreadyScanning' =
   * FailedOperation.ErrAlreadyScanning; 'FailedOperation' = plain
   * FailedOperation with a message.
   */
  localBusyCode: 'ErrAlreadyScanning' | 'FailedOperation'
  /** The same for CreateAssetImageRegistryScanTask (RegistryImageScenario.runningScan, e.g. scan-on-push). */
  registryBusyCode: 'ErrAlreadyScanning' | 'FailedOperation'
  /**
   * DescribeAssetImageRegistryAssetStatus. 'completes': after a sync,
   * `doing` for registrySyncPolls reads, then `success`, and the images with
   * listedAfterSync are listed. 'stuck-doing': `doing` with Err
   * "rpc service error" on every read, before and after a sync (as tccli's
   * example shows); the images with listedAfterSync are listed all the same
   * once the sync has been read registrySyncPolls + 1 times.
   */
  registrySync: 'completes' | 'stuck-doing'
  /**
   * DescribeAssetImageList's ImageName filter without ExactMatch. 'fuzzy': the
   * ImageName contains a value, ignoring case. 'exact-repository': a value is
   * the repository (the ImageName without its `:tag`) exactly.
   * 'exact-name-tag': a value is `name:tag` exactly (the ImageName, or
   * ImageName:ImageTag when the ImageName has no tag), so the repository alone
   * finds nothing. ExactMatch sent: false is the fuzzy match under every
   * reading; true the reading's exact match, under 'fuzzy' the whole ImageName
   * exactly.
   */
  imageNameFilter: 'fuzzy' | 'exact-repository' | 'exact-name-tag'
  /**
   * ImageRepoInfo/registry detail ScanStatus, CveStatus and RiskStatus.
   * 'same-as-virus': each is VirusStatus. 'independent': SCANNING while
   * VirusStatus is SCANNED, SCANNED while it is anything else.
   */
  registryScanStatus: 'same-as-virus' | 'independent'
  /**
   * Registry VirusStatus names. 'short': NOT_SCAN, SCANNING, SCANNED,
   * SCAN_ERR, SCAN_CANCELED (scenario values as given). 'model-wide': a task
   * not picked up yet (before its first detail read) shows WAIT_SCAN, and a
   * scenario's SCAN_CANCELED is served as CANCELED; the rest as 'short'.
   */
  registryVirusStatusNames: 'short' | 'model-wide'
  /**
   * ScanTime (DescribeAssetImageDetail, ImagesInfo, ImageRepoInfo, registry
   * detail) and LatestSyncSuccessTime: 'zoned' `2026-11-20T18:00:00+08:00`;
   * 'zoneless' `2026-11-20 18:00:00` in UTC+8. Applies to the emulator's own
   * times (defaults, scans finished on the `now` clock) and to scenario times
   * given as Unix ms; scenario strings are served as given.
   */
  scanTimeFormat: 'zoned' | 'zoneless'
  /** ImageRepoAddress: 'full-path' host/namespace/name; 'host-only' the host (Namespace, ImageName carry the rest). */
  registryAddress: 'full-path' | 'host-only'
  /**
   * DescribeAssetImageVirusList at VirusScanStatus 0 or 1. 'served': the rows
   * of the image's last finished scan with TotalCount matching (the list it
   * served at status 2, the list when a task started on a scanned image, or
   * ImageScenario.previousFindings), none while it was never seen scanned.
   * 'none': TotalCount 0, List [].
   */
  virusRowsWhileScanning: 'served' | 'none'
  /**
   * DescribeAssetImageRegistryList after a multi-platform push
   * (EmulatorOptions.multiPlatformPushes). 'per-platform': one row per
   * platform, each with its platform manifest's digest. 'index-row': one row,
   * the first platform's image (its Id, ImageId and findings) under the index
   * digest. 'one-platform': the first platform's row alone.
   */
  multiPlatformListing: 'per-platform' | 'index-row' | 'one-platform'
  /**
   * How rateLimit is counted. 'sliding': at most rateLimit requests in any
   * window of one second. 'whole-seconds': at most rateLimit in each second
   * of the emulator's clock. 'bucket': rateLimit tokens, refilled at
   * rateLimit per second, one taken by each admitted request.
   */
  rateLimitWindow: 'sliding' | 'whole-seconds' | 'bucket'
}

/** The name of one open fact. */
export type OpenFact = keyof OpenFactReadings

/** Every open fact: its readings (the first is the default) and what it is about. Deeply frozen. */
export declare const OPEN_FACTS: {
  readonly [F in OpenFact]: {
    readonly readings: readonly OpenFactReadings[F][]
    readonly summary: string
  }
}

/** Readings to serve, by fact; facts left out take their default. */
export type EmulatorReadings = { readonly [F in OpenFact]?: OpenFactReadings[F] }

/** Named fault kinds. */
export type FaultKind =
  | 'throttle'
  | 'internal'
  | 'unavailable'
  | 'http500'
  | 'http502'
  | 'http503'
  | 'badjson'
  | 'noresponse'
  | 'reset'
  | 'timeout'
  /** 200 and its headers at once, then the body one byte per 200 ms, never finished. */
  | 'trickle'
  /** 200 with a Content-Length, half of the body, then a reset connection. */
  | 'resetBody'
  /** 200 with `Content-Encoding: gzip` and a body that is plain JSON. */
  | 'badEncoding'
  /** 200 with the JSON body `null`. */
  | 'nullBody'
  /** 200 with a Response.Error whose Code is a number. */
  | 'numericCode'
  /** 302 to `redirectTo`. */
  | 'redirect'

/** Every named fault kind. */
export declare const FAULT_KINDS: readonly FaultKind[]

/** The kinds random fault injection draws from by default (all but 'timeout' and the hostile-HTTP kinds from 'trickle' on). */
export declare const DEFAULT_RANDOM_FAULT_KINDS: readonly FaultKind[]

/** An injected API error: HTTP 200 with Response.Error of this code. */
export interface ApiErrorFault {
  code: string
  /** Default: a generic message for the code. */
  message?: string
}

/** A fault to inject into one request. */
export type Fault = FaultKind | ApiErrorFault

/** How faults are injected. */
export interface FaultPlan {
  /**
   * Faults for the next requests, in order of arrival; `null` = no fault.
   * Once used up, random injection (if any) takes over.
   */
  script?: ReadonlyArray<Fault | null>
  /** Probability (0..1) of a random fault per request after the script. */
  rate?: number
  /** Seed of the random generator (default 1): same seed, same faults. */
  seed?: number
  /** Faults drawn at random; default DEFAULT_RANDOM_FAULT_KINDS. */
  kinds?: readonly Fault[]
}

/** One finding as the API returns it (ImageVirusInfo). */
export type ImageVirusInfo = {
  CheckPlatform: string[]
  Desc: string
  FileName: string
  FirstScanTime: string
  LatestScanTime: string
  Md5: string
  Path: string
  RiskLevel: number
  Size: number
  Solution: string
  Tags: string[]
  VirusName: string
}

/**
 * A finding served exactly as given: any fields, any values (nulls, bad
 * RiskLevels, missing Md5, …).
 */
export type RawFinding = { readonly [field: string]: unknown }

/** Deterministic synthetic findings. */
export interface GenerateSpec {
  count: number
  /** RiskLevel values, cycled by position within this spec. Default [1, 2, 3, 4]. */
  riskLevels?: readonly unknown[]
  /** Goes into Md5 = md5(`${prefix}${i}`) and Path `/app/${prefix}data/file-${i}.bin`. */
  prefix?: string
  /**
   * Index of the first finding. Default: continues after the findings already
   * generated for the image, so later specs never repeat earlier ones.
   */
  start?: number
}

/** A change to an image's list once it has served some list requests. */
export interface ScenarioChange {
  /** Applied before the list request that follows this many served list requests. */
  afterListRequests: number
  /** Findings appended to the list. */
  add?: readonly RawFinding[]
  /** Synthetic findings appended to the list. */
  generate?: GenerateSpec
  /** Findings removed (before add/generate) — from the start unless removeFrom is 'end'. */
  removeCount?: number
  removeFrom?: 'start' | 'end'
}

/** What the emulator serves for one ImageID. */
export interface ImageScenario {
  /**
   * VirusScanStatus for successive Offset-0 requests; the last one repeats.
   * Requests with Offset > 0 see the current status. Any value is served as
   * is (null, 7, "2", …); at status 2 the list is served, at 0 or 1 the last
   * scan's rows or none (virusRowsWhileScanning), at any other status
   * TotalCount 0, List []. Default [2].
   */
  statuses?: readonly unknown[]
  /** Leave VirusScanStatus out of every response. */
  omitStatus?: boolean
  /** Findings served first, exactly as given. */
  findings?: readonly RawFinding[]
  /** Synthetic findings appended after `findings`. */
  generate?: GenerateSpec
  /** Changes to the list while it is being read. */
  changes?: readonly ScenarioChange[]
  /** Report this TotalCount (when the status is 2) whatever the list holds. */
  reportedTotalCount?: number
  /**
   * The service's default order is undocumented: with this, every list
   * request sees the list in its own seeded permutation (chosen by the seed,
   * the Offset and how many requests at that Offset came before), so pages
   * read without Order/By overlap and miss findings. With Order/By the list
   * is sorted by that field; findings that tie on it stay shuffled. `true` =
   * seed 1.
   */
  unstableOrder?: boolean | { seed: number }
  /**
   * ImageName served by DescribeAssetImageList (ImagesInfo.ImageName, "镜像名称"
   * in the model): the repository with its tag, `name:tag`
   * (`ccr.ccs.tencentyun.com/team/app:1.4.2`). The entry has no ImageTag field
   * unless `listing` adds one (then a tagless `name` and `ImageTag` together
   * make name:tag for the exact-name-tag reading). An image without a name is
   * not listed there (DescribeAssetImageVirusList serves it all the same).
   */
  name?: string
  /**
   * List the image only once this many DescribeAssetImageList requests
   * (for any image, faults not counted) have been served: it "appears" later.
   * Default 0.
   */
  listedAfter?: number
  /**
   * Fields of its DescribeAssetImageList entry (ImagesInfo) that replace the
   * defaults, served as given: e.g. `{ ScanTime: '…', HostCnt: 3 }`, an
   * `ImageTag` field, or a null `ImageID`.
   */
  listing?: { readonly [field: string]: unknown }
  /** IsAuthorized (DescribeAssetImageDetail, the image list); 0 refuses scan tasks. Default 1. */
  authorized?: 0 | 1
  /** Status reads (Offset 0) a scan task shows VirusScanStatus 1 before 2. Default 2. */
  scanPolls?: number
  /** The list once a scan task (or runningScan) has finished (default: the list as it is). */
  rescanFindings?: readonly RawFinding[]
  /**
   * ScanTime of the last scan before any task: a string served as given, or
   * Unix ms served in the scanTimeFormat reading. Default 2026-11-20 18:00:00
   * UTC+8 (`2026-11-20T18:00:00+08:00` zoned).
   */
  scanTime?: string | number
  /**
   * A virus scan already running when the client arrives (started elsewhere):
   * VirusScanStatus 1 for `polls` Offset-0 list reads, then 2 with ScanTime =
   * `now` and `rescanFindings`; scan tasks are refused meanwhile (localBusyCode).
   */
  runningScan?: { polls: number }
  /**
   * The rows of a scan before the scenario starts, served at status 0/1 under
   * virusRowsWhileScanning 'served' until the image has shown status 2.
   * Default: none (never scanned).
   */
  previousFindings?: readonly RawFinding[]
}

/** What the emulator serves for one registry image (an `Id` of DescribeAssetImageRegistryList). */
export interface RegistryImageScenario {
  /**
   * HOST/NAMESPACE/NAME: ImageRepoAddress under registryAddress 'full-path'
   * (the host alone under 'host-only'); ImageName is the last part, Namespace
   * the middle.
   */
  repository: string
  /** ImageTag. Default 'latest'. */
  tag?: string
  /** ImageDigest. Default: derived from the Id. */
  digest?: string
  /** ImageId (config digest). Default: derived from the Id. */
  imageId?: string
  /**
   * VirusStatus for successive DescribeAssetImageRegistryDetail reads; the
   * last repeats. Served as given (SCAN_CANCELED as CANCELED under
   * registryVirusStatusNames 'model-wide'). Default ['SCANNED'].
   */
  virusStatuses?: readonly unknown[]
  /**
   * ScanTime for successive detail reads; the last repeats. Strings served as
   * given, numbers (Unix ms) in the scanTimeFormat reading. Default
   * 2026-11-20 18:00:00 UTC+8.
   */
  scanTimes?: readonly unknown[]
  /**
   * A virus scan already running when the client arrives (e.g. TCR's
   * scan-on-push): VirusStatus SCANNING (WAIT_SCAN on the first read under
   * 'model-wide') for `polls` detail reads, then SCANNED with ScanTime = `now`
   * and `rescanFindings`; scan tasks are refused meanwhile (registryBusyCode).
   */
  runningScan?: { polls: number }
  /** ImageVirus rows, served exactly as given (see registryVirusRow). */
  findings?: readonly RawFinding[]
  /** Synthetic findings in the registry shape, appended. */
  generate?: GenerateSpec
  /** The rows once a scan task has finished. */
  rescanFindings?: readonly RawFinding[]
  /** IsAuthorized; 0 refuses scan tasks (registryBusyCode). Default 1. */
  authorized?: 0 | 1
  /** Listed only once this many registry list requests have been served. Default 0. */
  listedAfter?: number
  /** Listed only once a registry asset sync has finished. */
  listedAfterSync?: boolean
  /** The row is listed this many times. Default 1. */
  rowCopies?: number
  /** Fields of the ImageRepoInfo row that replace the defaults. */
  row?: { readonly [field: string]: unknown }
  /** Detail reads a scan task shows SCANNING before SCANNED. Default 2. */
  scanPolls?: number
}

/** One multi-platform push (an image index) as TCSS may list it. */
export interface MultiPlatformPushScenario {
  /** HOST/NAMESPACE/NAME of every row. */
  repository: string
  /** ImageTag of every row. Default 'latest'. */
  tag?: string
  /**
   * The platform images by Id, in the index's order, each with `digest` (its
   * platform manifest's) and `imageId` (its config digest); repository and
   * tag come from the push. The first is the one listed under 'index-row'
   * and 'one-platform'.
   */
  platforms: { readonly [id: string]: Omit<RegistryImageScenario, 'repository' | 'tag'> }
}

/** An ImageVirus row from an ImageVirusInfo-shaped finding (FileMd5, FileSize, string RiskLevel, no leading '/'). */
export declare function registryVirusRow(finding: {
  readonly [field: string]: unknown
}): Record<string, unknown>

/** `By` values DescribeAssetImageRegistryList accepts. */
export declare const REGISTRY_LIST_SORT_FIELDS: readonly string[]

/**
 * What the emulator serves for one runtime trojan event (DescribeVirusDetail).
 * By default a complete, plausible event (`virusDetail(id)`: a pending
 * RISK_HIGH web shell) with `fields` on top; any field may be given any
 * value, null included.
 */
export interface EventScenario {
  /** Fields that replace the defaults, served as given. */
  fields?: { readonly [field: string]: unknown }
  /** Serve `fields` alone, without the defaults (to leave fields out entirely). */
  exact?: boolean
}

/** An API key the emulator knows. */
export interface EmulatorCredential {
  secretId: string
  secretKey: string
  /** When set, X-TC-Token must equal it (temporary credentials). */
  token?: string
}

/** One request, as the emulator saw it. */
export interface RequestRecord {
  /** Arrival time, performance.now() milliseconds. */
  at: number
  /** X-TC-Action, or null. */
  action: string | null
  /** ImageID from the body when it is a string, else null. */
  imageId: string | null
  /** Id from the body (DescribeVirusDetail) when it is a string, else null. */
  eventId: string | null
  /** The values of an `ImageName` filter (DescribeAssetImageList), joined by commas, or null. */
  imageNameFilter: string | null
  /** The request body when it was a JSON object (write calls are asserted on it), else null. */
  params: Record<string, unknown> | null
  /** Offset (0 when absent), or null when it was not a number. */
  offset: number | null
  /** Limit (10 when absent), or null when it was not a number. */
  limit: number | null
  /** Order from the body when it is a string (`asc`/`desc`), else null. */
  order: string | null
  /** By (the sort field) from the body when it is a string, else null. */
  by: string | null
  /**
   * 'ok', the fault kind, the API error code returned, 'http404',
   * 'aborted' (client went away while sending), or 'pending'.
   */
  outcome: string
  /** SecretId from the Authorization header, or null. */
  secretId: string | null
  /** X-TC-Token (the session token of temporary credentials), or null when not sent. */
  sessionToken: string | null
  /** X-TC-Region (the Region common parameter), or null when not sent. */
  region: string | null
  /** Whether a fault was injected. */
  fault: boolean
  /** RequestId of the answer (also set for faults without an answer). */
  requestId: string
}

/** Counters of one image. */
export interface ImageStats {
  /** List requests served successfully (any offset). */
  listRequests: number
  /** Offset-0 requests served, i.e. steps taken through `statuses`. */
  statusSteps: number
  /** Current length of the list. */
  findings: number
  /** Changes not applied yet. */
  pendingChanges: number
}

export interface EmulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string
  /** Default 0: an ephemeral port. */
  port?: number
  /** Default [DEFAULT_CREDENTIAL]. */
  credentials?: readonly EmulatorCredential[]
  /**
   * Scenarios by ImageID. DescribeAssetImageList lists the named ones in
   * this order.
   */
  images?: { readonly [imageId: string]: ImageScenario }
  /**
   * DescribeAssetImageList in its own seeded permutation per request when
   * sent without Order/By (see ImageScenario.unstableOrder). Default: the
   * order the images were added in.
   */
  imageListUnstableOrder?: boolean | { seed: number }
  /** Registry images by their numeric Id. */
  registryImages?: { readonly [id: string]: RegistryImageScenario }
  /**
   * Multi-platform pushes by their index digest, listed as the
   * multiPlatformListing reading says (their Ids must differ from
   * registryImages').
   */
  multiPlatformPushes?: { readonly [indexDigest: string]: MultiPlatformPushScenario }
  /**
   * Hosts of the registries connected to TCSS, served by
   * DescribeAssetImageRegistryRegistryList (one row each, `Url`
   * https://HOST). Default: every host of registryImages and
   * multiPlatformPushes; [] = no registry connected.
   */
  connectedRegistries?: readonly string[]
  /**
   * Actions the key may not call: each answers
   * AuthFailure.UnauthorizedOperation with CAM's wording, naming
   * `tcss:Action`, before anything else happens (no rate-limit slot, no
   * state change).
   */
  deniedActions?: readonly string[]
  /**
   * The regions the service answers in: a request whose Region is another
   * answers UnsupportedRegion (after the signature checks, before CAM). A
   * request without a Region is served. Default: any region.
   */
  regions?: readonly string[]
  /**
   * The account has not authorised TCSS (its service role is missing):
   * every TCSS action a signed, permitted request reaches answers
   * InternalError.ErrRoleNotExist ("user not authorised").
   */
  serviceRoleMissing?: boolean
  /** DescribeAssetImageRegistryAssetStatus reads that answer `doing` after a sync. Default 1. */
  registrySyncPolls?: number
  /** Runtime trojan events by Id, for DescribeVirusDetail; an Id not listed is ResourceNotFound. */
  events?: { readonly [id: string]: EventScenario }
  /** Delay before every response, in ms. Default 0. */
  latencyMs?: number
  /**
   * Requests admitted in any rolling 1000 ms window (all actions together);
   * more are answered RequestLimitExceeded. Default 20; null or 0 disables.
   */
  rateLimit?: number | null
  /**
   * Whether refused requests count against the rate limit's window too, as
   * on a service that counts every call it receives: a client that keeps
   * sending while refused keeps itself (and every other client) refused.
   * Default false: only admitted requests count.
   */
  rateLimitCountsRefused?: boolean
  /** Injected faults. */
  faults?: FaultPlan
  /** Allowed distance between X-TC-Timestamp and the server clock. Default 300. */
  maxClockSkewSeconds?: number
  /** How long a 'timeout' fault holds a request before dropping it. Default 30000. */
  faultHoldMs?: number
  /** The Location of a 'redirect' fault (an absolute URL). Default http://127.0.0.1:9/. */
  redirectTo?: string
  /**
   * The service clock (Unix ms), ahead of or behind the client's for
   * clock-skew tests: the signature check, scan times of finished scans and
   * LatestSyncSuccessTime follow it. Default Date.now.
   */
  now?: () => number
  /**
   * The reading of each open fact to serve (see OPEN_FACTS); facts left out
   * take their default. An unknown fact or reading throws.
   */
  readings?: EmulatorReadings
  /** Called once per request when its outcome is known. */
  onRequest?: (record: Readonly<RequestRecord>) => void
  /** STS AssumeRoleWithWebIdentity on the same host; without it the action answers UnsupportedOperation. */
  sts?: EmulatorStsOptions
  /**
   * Serve HTTPS with this PEM private key and certificate instead of plain
   * HTTP (the default). Clients must trust the certificate themselves, e.g.
   * through NODE_EXTRA_CA_CERTS.
   */
  tls?: { key: string; cert: string }
}

export interface Emulator {
  /** 'http://127.0.0.1:PORT', or 'https://127.0.0.1:PORT' with `tls`. */
  url: string
  port: number
  /** The first credential. */
  secretId: string
  secretKey: string
  /** Every request received, in order of arrival (live array). */
  readonly requests: RequestRecord[]
  /** Temporary credentials issued by AssumeRoleWithWebIdentity, in order (live array). */
  readonly issuedCredentials: IssuedCredential[]
  /** The reading of every open fact served (the defaults with `readings` on top). */
  readonly readings: Readonly<OpenFactReadings>
  /** Adds or replaces (resetting its counters) an image; null removes it. */
  setImage(imageId: string, scenario: ImageScenario | null): void
  /** Adds or replaces a runtime trojan event; null removes it. */
  setEvent(id: string, scenario: EventScenario | null): void
  /** Replaces the fault plan (the script and the random generator restart). */
  setFaults(plan: FaultPlan | null | undefined): void
  /** Empties `requests`. */
  resetRequests(): void
  /** Counters of one image, or undefined when it does not exist. */
  imageStats(imageId: string): ImageStats | undefined
  /** Largest number of requests received in any window of this length (default 1000 ms). */
  maxRequestsInWindow(windowMs?: number): number
  /** Stops the server, drops open connections and pending holds. */
  close(): Promise<void>
}

/** The write actions the emulator implements (scan tasks, the registry sync): a read-only client sends none. */
export declare const WRITE_ACTIONS: readonly string[]

/** The STS API version served for AssumeRoleWithWebIdentity. */
export declare const STS_API_VERSION: '2018-08-13'

/** A CAM OIDC identity provider, as STS checks ID tokens against it. */
export interface EmulatorOidcProvider {
  /** Its name: the ProviderId of AssumeRoleWithWebIdentity. */
  providerId: string
  /** The `iss` tokens must carry, e.g. https://token.actions.githubusercontent.com. */
  issuer: string
  /** The issuer's RS256 public key (PEM or KeyObject) that token signatures must verify with. */
  publicKey: string | import('node:crypto').KeyObject
  /** Client IDs: a token's `aud` must be one of them. */
  clientIds: readonly string[]
}

/** A CAM role that web identities may assume: its trust policy, simplified. */
export interface EmulatorOidcRole {
  roleArn: string
  /** Identity providers the role trusts. */
  providerIds: readonly string[]
  /** Patterns (`*` = any run of characters) one of which the token's `sub` must match; default any. */
  subjects?: readonly string[]
}

export interface EmulatorStsOptions {
  providers: readonly EmulatorOidcProvider[]
  roles: readonly EmulatorOidcRole[]
  /** Largest DurationSeconds accepted (InvalidParameter.OverTimeError above). Default 43200. */
  maxDurationSeconds?: number
  /** Temporary credentials to issue, in order (so tests know them in advance); random ones after. */
  credentials?: ReadonlyArray<{ secretId: string; secretKey: string; token: string }>
}

/** Temporary credentials issued by AssumeRoleWithWebIdentity; accepted for TCSS calls until they expire. */
export interface IssuedCredential {
  secretId: string
  secretKey: string
  token: string
  roleArn: string
  sessionName: string
  /** The `sub` of the token exchanged. */
  subject: string
  /** Unix seconds. */
  expiredTime: number
}

/**
 * `By` values DescribeAssetImageVirusList accepts (the scalar fields of
 * ImageVirusInfo); `Order` is `asc` or `desc`. Anything else, or an Order
 * without By, is InvalidParameter. By without Order sorts ascending.
 */
export declare const VIRUS_LIST_SORT_FIELDS: readonly string[]

/** `By` values DescribeAssetImageList accepts (the scalar fields of ImagesInfo). */
export declare const IMAGE_LIST_SORT_FIELDS: readonly string[]

/** The credential used when none are given. */
export declare const DEFAULT_CREDENTIAL: Readonly<{ secretId: string; secretKey: string }>

/** Every field of a DescribeVirusDetail response but RequestId, in the API reference's order. */
export declare const VIRUS_DETAIL_FIELDS: readonly string[]

/**
 * A complete DescribeVirusDetail answer for event `id` (deterministic), with
 * `overrides` on top.
 */
export declare function virusDetail(
  id: string,
  overrides?: { readonly [field: string]: unknown }
): Record<string, unknown>

/** Starts an emulator; resolves once it is listening. */
export declare function startEmulator(options?: EmulatorOptions): Promise<Emulator>

/** Deterministic synthetic findings, numbered from `start` (default 0). */
export declare function generateFindings(spec: GenerateSpec, start?: number): ImageVirusInfo[]

/** The UTC date (YYYY-MM-DD) of a Unix timestamp in seconds. */
export declare function utcDate(timestamp: number): string

/** A Host header value without its port, lowercased. */
export declare function hostnameOf(host: string): string

/** The TC3-HMAC-SHA256 canonical request. */
export declare function canonicalRequest(parts: {
  method: string
  path: string
  query: string
  headers: ReadonlyArray<readonly [string, string]>
  body: string | Buffer
}): string

/** A TC3-HMAC-SHA256 signature, lowercase hex. */
export declare function tc3Signature(parts: {
  secretKey: string
  timestamp: number
  date: string
  service: string
  canonical: string
}): string

/**
 * An Authorization header for a JSON POST to `/` signing content-type and
 * host, for requests crafted without the SDK.
 */
export declare function signTc3Request(input: {
  secretId: string
  secretKey: string
  timestamp: number
  host: string
  body: string | Buffer
  service?: string
  contentType?: string
  date?: string
}): string
