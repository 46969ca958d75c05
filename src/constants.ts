/** Names of the action's inputs, exactly as in action.yml. */
export const Inputs = {
  ImageId: 'image-id',
  Image: 'image',
  RegistryImage: 'registry-image',
  Scan: 'scan',
  Platforms: 'platforms',
  RegistryUsername: 'registry-username',
  RegistryPassword: 'registry-password',
  EventIds: 'event-ids',
  Policy: 'policy',
  SecretId: 'secret-id',
  SecretKey: 'secret-key',
  SessionToken: 'session-token',
  Region: 'region',
  Endpoint: 'endpoint',
  WaitTimeout: 'wait-timeout',
  PollInterval: 'poll-interval',
  MaxRps: 'max-rps',
  Enforce: 'enforce',
  Summary: 'summary',
  ReportFile: 'report-file',
  SarifFile: 'sarif-file',
  JunitFile: 'junit-file',
  RecordFile: 'record-file',
  SarifScope: 'sarif-scope',
  Comment: 'comment',
  GithubToken: 'github-token',
  RoleArn: 'role-arn',
  ProviderId: 'provider-id',
  OidcAudience: 'oidc-audience'
} as const

/** Names of the action's outputs, exactly as in action.yml. */
export const Outputs = {
  Verdict: 'verdict',
  ScanStatus: 'scan-status',
  Findings: 'findings',
  Violations: 'violations',
  Allowlisted: 'allowlisted',
  Counts: 'counts',
  ReportFile: 'report-file',
  SarifFile: 'sarif-file',
  JunitFile: 'junit-file'
} as const

export const DEFAULT_POLICY_PATH = '.github/tcss-virus-policy.yml'
export const DEFAULT_ENDPOINT = 'tcss.tencentcloudapi.com'
/** Audience of the job's OIDC token; the CAM identity provider must list it as a client ID. */
export const DEFAULT_OIDC_AUDIENCE = 'sts.tencentcloudapi.com'

/**
 * The default of every input that has one, as action.yml writes it (a test
 * keeps the two equal): what an empty value means to the settings, and what
 * the command line's --help shows.
 */
export const INPUT_DEFAULTS = {
  [Inputs.Scan]: 'if-not-scanned',
  [Inputs.Policy]: DEFAULT_POLICY_PATH,
  [Inputs.Endpoint]: DEFAULT_ENDPOINT,
  [Inputs.WaitTimeout]: '900',
  [Inputs.PollInterval]: '5',
  [Inputs.MaxRps]: '10',
  [Inputs.Enforce]: 'true',
  [Inputs.Summary]: 'true',
  [Inputs.SarifScope]: 'violations',
  [Inputs.Comment]: 'false',
  [Inputs.OidcAudience]: DEFAULT_OIDC_AUDIENCE
} as const

/**
 * The report files the gate writes when asked: the input that names one, the
 * output that gives its path back, what it is called in the log, and the
 * Settings field that holds its checked path. Read by the settings, by the
 * clean-up of reports an earlier run left, and by publishing.
 */
export const REPORT_FILES = [
  {
    input: Inputs.ReportFile,
    output: Outputs.ReportFile,
    what: 'JSON report',
    setting: 'reportFile'
  },
  { input: Inputs.SarifFile, output: Outputs.SarifFile, what: 'SARIF log', setting: 'sarifFile' },
  {
    input: Inputs.JunitFile,
    output: Outputs.JunitFile,
    what: 'JUnit report',
    setting: 'junitFile'
  }
] as const

export type ReportFile = (typeof REPORT_FILES)[number]

/**
 * Every file the gate writes: the report files, published from the result,
 * and the recording of the run's API exchanges (record-file), written however
 * the run ends. Read by the settings (paths checked, all distinct) and by the
 * clean-up of files an earlier run left.
 */
export const WRITTEN_FILES = [
  ...REPORT_FILES,
  { input: Inputs.RecordFile, what: 'recording of the API exchanges', setting: 'recordFile' }
] as const
export const API_VERSION = '2020-11-01'
/** Largest page the API serves (DescribeAssetImageVirusList `Limit`). */
export const PAGE_SIZE = 100
/** The API's own ceiling, per account. */
export const API_MAX_RPS = 20
/** GitHub shows 10 error annotations per step. */
export const MAX_ERROR_ANNOTATIONS = 10
export const README_URL = 'https://github.com/tcss-virus-gate/tcss-virus-gate#readme'
/** The SARIF rules' helpUri: what the results mean and what to do about them. */
export const SARIF_DOCS_URL =
  'https://github.com/tcss-virus-gate/tcss-virus-gate/blob/main/docs/sarif.md'
/** The tool name in the SARIF log (tool.driver.name). */
export const TOOL_NAME = 'tcss-virus-gate'
/** The action's version, as in package.json (a test keeps the two equal). */
export const TOOL_VERSION = '1.0.0'
