/**
 * The doctor's first checks: does the endpoint answer (through the proxy,
 * in the region), are the credentials accepted, which read actions CAM
 * lets the key call, and is TCSS's service role in place. Every answer is
 * explained in the command line's words, with the fix.
 */
import type { ScanMode, Settings } from '../../core/settings.js'
import type { Targets } from '../../core/targets.js'
import type { Answer, DoctorApi, ReadAction } from './api.js'
import type { Check } from './model.js'
import type { Observations } from './observations.js'

/** The read actions of a gate run (the doctor's own registry read is not among them). */
export type GateRead = Exclude<ReadAction, 'DescribeAssetImageRegistryRegistryList'>

/** An ID no image has: a read with it shows the permission and nothing else. */
const PROBE_IMAGE_ID = `sha256:${'0'.repeat(64)}`

/** Harmless parameters for each read (Limit 1, IDs that name nothing). */
const PROBES: Record<GateRead, Record<string, unknown>> = {
  DescribeAssetImageList: { Limit: 1, Offset: 0 },
  DescribeAssetImageVirusList: { ImageID: PROBE_IMAGE_ID, Limit: 1, Offset: 0 },
  DescribeAssetImageDetail: { ImageID: PROBE_IMAGE_ID },
  DescribeVirusDetail: { Id: 'tcss-virus-gate-doctor-probe' },
  DescribeAssetImageRegistryList: { Limit: 1, Offset: 0 },
  DescribeAssetImageRegistryDetail: { Id: 0 },
  DescribeAssetImageRegistryVirusList: { Id: 0, Limit: 1, Offset: 0 },
  DescribeAssetImageScanStatus: { TaskID: '0' },
  DescribeAssetImageRegistryScanStatusOneKey: { TaskID: 0, Id: [0] },
  DescribeAssetImageRegistryAssetStatus: {}
}

/** What each read is for, as the fix says it. */
const PURPOSE: Record<GateRead, string> = {
  DescribeAssetImageList: '--image (finding an image by name)',
  DescribeAssetImageVirusList: '--image-id and --image (the findings)',
  DescribeAssetImageDetail: '--image-id and --image (authorization, scan time)',
  DescribeVirusDetail: '--event-ids',
  DescribeAssetImageRegistryList: '--registry-image (finding the image)',
  DescribeAssetImageRegistryDetail: '--registry-image (virus status, scan time)',
  DescribeAssetImageRegistryVirusList: '--registry-image (the findings)',
  DescribeAssetImageScanStatus: '--image-id and --image with --scan if-not-scanned or always',
  DescribeAssetImageRegistryScanStatusOneKey:
    '--registry-image with --scan if-not-scanned or always',
  DescribeAssetImageRegistryAssetStatus: '--registry-image with --scan if-not-scanned or always'
}

/** The reads a gate run with these targets and --scan sends; every one when no target is given. */
export function neededReads(targets: Targets, scan: ScanMode): Set<GateRead> {
  const all = Object.keys(PROBES) as GateRead[]
  if (targets.images.length === 0 && targets.eventIds.length === 0) return new Set(all)
  const needed = new Set<GateRead>()
  const scans = scan !== 'never'
  for (const image of targets.images) {
    if (image.registryImage) {
      needed.add('DescribeAssetImageRegistryList')
      needed.add('DescribeAssetImageRegistryDetail')
      needed.add('DescribeAssetImageRegistryVirusList')
      if (scans) {
        needed.add('DescribeAssetImageRegistryScanStatusOneKey')
        needed.add('DescribeAssetImageRegistryAssetStatus')
      }
    } else {
      if (image.imageName) needed.add('DescribeAssetImageList')
      needed.add('DescribeAssetImageVirusList')
      needed.add('DescribeAssetImageDetail')
      if (scans) needed.add('DescribeAssetImageScanStatus')
    }
  }
  if (targets.eventIds.length > 0) needed.add('DescribeVirusDetail')
  return needed
}

export const isRefusal = (code: string): boolean =>
  code === 'AuthFailure.UnauthorizedOperation' || /^UnauthorizedOperation(\.|$)/.test(code)
const ROLE_MISSING = 'InternalError.ErrRoleNotExist'

/** Answers that mean the endpoint (or region) is not one TCSS serves there. */
function endpointProblem(answer: Answer, settings: Settings): Check | undefined {
  const host = `${settings.endpoint.protocol}${settings.endpoint.host}`
  if (answer.kind === 'unreachable') {
    const { message } = answer
    const fix = /refused the tunnel/.test(message)
      ? `The proxy refuses to open a tunnel (CONNECT) to ${settings.endpoint.host}: allow that host in the proxy, or list it in NO_PROXY to connect directly.`
      : /ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(message)
        ? `The host ${settings.endpoint.hostname} does not resolve here: check --endpoint (tcss.tencentcloudapi.com; tcss.intl.tencentcloudapi.com on the international site) and this machine's DNS, or set HTTPS_PROXY.`
        : /ECONNREFUSED/.test(message)
          ? `Nothing accepts connections at ${host}: check --endpoint, and any firewall or proxy (HTTPS_PROXY) in between.`
          : /certificate|self.signed|CERT_|TLS/i.test(message)
            ? `The TLS certificate of ${settings.endpoint.hostname} is not trusted here: a proxy that inspects TLS needs its CA certificate in NODE_EXTRA_CA_CERTS.`
            : `Check --endpoint, this machine's network and any proxy (HTTPS_PROXY, NO_PROXY).`
    return { id: 'endpoint', status: 'missing', summary: `${host} did not answer: ${message}`, fix }
  }
  if (answer.kind !== 'error') return undefined
  const said = `${host} answered ${answer.code}: ${answer.message} (RequestId: ${answer.requestId || 'none'})`
  const base = {
    id: 'endpoint' as const,
    status: 'missing' as const,
    summary: said,
    code: answer.code,
    requestId: answer.requestId
  }
  if (/Region/i.test(answer.code))
    return {
      ...base,
      fix: `--region ${settings.region ?? '(none)'} is not a region TCSS serves here: give the region of the images (e.g. ap-guangzhou, ap-shanghai), or leave --region out.`
    }
  if (
    /^(InvalidAction|NoSuchVersion|NoSuchProduct|UnsupportedProtocol)$/.test(answer.code) ||
    /^HTTP\d/.test(answer.code)
  )
    return {
      ...base,
      fix: `${host} does not serve the TCSS API (2020-11-01): check --endpoint (tcss.tencentcloudapi.com, or tcss.intl.tencentcloudapi.com on the international site).`
    }
  return undefined
}

/** Why the credentials were refused, and what to do. */
const CREDENTIAL_FIXES: Array<[RegExp, string]> = [
  [
    /^AuthFailure\.(SecretIdNotFound|InvalidSecretId)$/,
    'The SecretId is not known: check --secret-id or TENCENTCLOUD_SECRET_ID (the key may be deleted or disabled, or belong to the other site: keys of the international site need --endpoint tcss.intl.tencentcloudapi.com).'
  ],
  [
    /^AuthFailure\.SignatureFailure$/,
    'The SecretKey does not belong to the SecretId: check --secret-key or TENCENTCLOUD_SECRET_KEY (copy it again, whole, without spaces).'
  ],
  [
    /^AuthFailure\.SignatureExpire$/,
    "This machine's clock is more than 5 minutes off: set it right (NTP), then run again."
  ],
  [
    /^AuthFailure\.TokenFailure$/,
    'The session token is missing, wrong or expired: give temporary keys with their TENCENTCLOUD_SESSION_TOKEN (or --session-token), or get new ones.'
  ],
  [
    /^AuthFailure\.MFAFailure$/,
    'The key needs multi-factor authentication, which API calls cannot give: use a key of a CAM user without MFA for API access.'
  ],
  [
    /^AuthFailure/,
    'Check --secret-id and --secret-key (or TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and TENCENTCLOUD_SESSION_TOKEN).'
  ]
]

export interface AccessResult {
  checks: Check[]
  /** Whether the endpoint answered and the credentials were accepted: the other checks can run. */
  usable: boolean
}

/** endpoint → credentials → each read's permission. */
export async function checkAccess(
  api: DoctorApi,
  settings: Settings,
  needed: Set<GateRead>,
  observations: Observations
): Promise<AccessResult> {
  const credentials =
    settings.credentialSource.kind === 'keys' ? settings.credentialSource.credentials : undefined
  const keyShown = credentials
    ? `SecretId ending in ${credentials.secretId.slice(-4)}`
    : 'the credentials'
  const first = await api.call('DescribeAssetImageList', PROBES.DescribeAssetImageList)
  const endpoint = endpointProblem(first, settings)
  if (endpoint) {
    const after: Check = {
      id: 'credentials',
      status: 'not-checked',
      summary: `${keyShown}: not checked (the endpoint did not answer)`,
      fix: null
    }
    return { checks: [endpoint, after], usable: false }
  }
  const checks: Check[] = [
    {
      id: 'endpoint',
      status: 'ok',
      summary: `${settings.endpoint.protocol}${settings.endpoint.host} answers as TCSS${settings.region ? ` in ${settings.region}` : ''}`,
      fix: null
    }
  ]
  if (first.kind === 'error' && first.code.startsWith('AuthFailure') && !isRefusal(first.code)) {
    const fix = CREDENTIAL_FIXES.find(([pattern]) => pattern.test(first.code))?.[1] ?? null
    checks.push({
      id: 'credentials',
      status: 'missing',
      summary: `${keyShown}: refused, ${first.code}: ${first.message} (RequestId: ${first.requestId || 'none'})`,
      fix,
      code: first.code,
      requestId: first.requestId
    })
    return { checks, usable: false }
  }
  checks.push({ id: 'credentials', status: 'ok', summary: `${keyShown}: accepted`, fix: null })
  for (const action of Object.keys(PROBES) as GateRead[]) {
    const answer =
      action === 'DescribeAssetImageList' ? first : await api.call(action, PROBES[action])
    if (action === 'DescribeAssetImageRegistryAssetStatus' && answer.kind === 'answer')
      observations.assetStatus = answer.response
    checks.push(permission(action, answer, needed.has(action)))
  }
  return { checks, usable: true }
}

function permission(action: GateRead, answer: Answer, needed: boolean): Check {
  const cam = `tcss:${action}`
  const base = { id: 'permission' as const, action: cam }
  const notNeeded = needed ? '' : ' (not needed for these targets and --scan)'
  if (answer.kind === 'unreachable')
    return {
      ...base,
      status: 'not-checked',
      summary: `${cam}: no answer (${answer.message})`,
      fix: null
    }
  if (
    answer.kind === 'answer' ||
    !(
      isRefusal(answer.code) ||
      answer.code === ROLE_MISSING ||
      answer.code.startsWith('AuthFailure')
    )
  )
    return { ...base, status: 'ok', summary: `${cam}: allowed${notNeeded}`, fix: null }
  const said = `${answer.code}: ${answer.message.split('\n')[0]} (RequestId: ${answer.requestId || 'none'})`
  const codes = { code: answer.code, requestId: answer.requestId }
  if (answer.code === ROLE_MISSING)
    return {
      ...base,
      ...codes,
      status: 'not-checked',
      summary: `${cam}: not told (TCSS answered ${ROLE_MISSING}: see the service role)`,
      fix: null
    }
  if (!isRefusal(answer.code))
    return {
      ...base,
      ...codes,
      status: 'not-checked',
      summary: `${cam}: not told (${said})`,
      fix: null
    }
  if (!needed)
    return {
      ...base,
      ...codes,
      status: 'not-checked',
      summary: `${cam}: refused${notNeeded}`,
      fix: null
    }
  return {
    ...base,
    ...codes,
    status: 'missing',
    summary: `${cam}: refused, ${said}`,
    fix: `grant ${cam} to the key's CAM user or role; the gate reads it for ${PURPOSE[action]} (docs/cam-policies.md has the whole statement).`
  }
}

/** The service role: ✗ when any answer said it is missing, ✓ when TCSS answered a read. */
export function serviceRoleCheck(api: DoctorApi, answeredSomething: boolean): Check {
  const missing = api.codes.find((entry) => entry.code === ROLE_MISSING)
  if (missing)
    return {
      id: 'service-role',
      status: 'missing',
      summary: `TCSS answered ${missing.action} with ${ROLE_MISSING} (${missing.message}): the account has not authorised TCSS`,
      fix: 'Open the Container Security Service console once with an administrator of the account and grant the service role it asks for (TCSS_QCSRole); then run the doctor again.',
      code: ROLE_MISSING
    }
  if (answeredSomething)
    return {
      id: 'service-role',
      status: 'ok',
      summary: 'TCSS answers for this account (its service role is in place)',
      fix: null
    }
  return {
    id: 'service-role',
    status: 'not-checked',
    summary: 'not told (no read was answered)',
    fix: null
  }
}
