/**
 * The SARIF 2.1.0 log for GitHub code scanning: one result per violation
 * (of every image, and of the open runtime events), one rule per virus name. Findings that are allowlisted or within their
 * level's threshold are not results: code scanning shows what breaks the policy.
 */
import { createHash } from 'node:crypto'
import * as path from 'node:path'
import type {
  Invocation,
  Log,
  Notification,
  PropertyBag,
  ReportingDescriptor,
  Result,
  Run
} from 'sarif'
import { README_URL, TOOL_NAME, TOOL_VERSION } from '../constants.js'
import type { JudgedFinding, LevelResult } from '../core/evaluate.js'
import { judgedLevel, type FindingLevel } from '../core/levels.js'
import {
  distinctImages,
  evaluations,
  failures,
  type GateResult,
  type ImageResult,
  imageLabel,
  isSingleImage,
  overallScanStatus,
  runHygiene,
  totals
} from '../core/result.js'
import { redact, redactingReplacer } from '../secrets.js'
import type { EventFinding, RuntimeEvent } from '../sources/tcss/virus-detail.js'
import { writeFileAtomic } from './files.js'

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json'

/** Result locations are relative to this base: the root of the scanned image's file system. */
export const IMAGE_ROOT = 'IMAGE_ROOT'

/** Locations of runtime events are relative to this base: the root of the running container's file system. */
export const CONTAINER_ROOT = 'CONTAINER_ROOT'

/** partialFingerprints key of a result: the infected file's MD5. */
export const FINGERPRINT_KEY = 'fileMd5/v1'

type SarifLevel = 'error' | 'warning' | 'note'

const SARIF_LEVEL: Record<FindingLevel, SarifLevel> = {
  critical: 'error',
  high: 'error',
  unknown: 'error',
  medium: 'warning',
  low: 'note'
}

/**
 * GitHub's `security-severity` scale: 9.0 and above is critical, 7.0–8.9 high,
 * 4.0–6.9 medium, below 4.0 low. Unknown levels are judged as critical.
 */
const SECURITY_SEVERITY: Record<FindingLevel, number> = {
  critical: 9.5,
  unknown: 9.5,
  high: 8.0,
  medium: 5.5,
  low: 2.0
}

const RULE_PREFIX = 'virus/'
const UNNAMED_RULE_ID = 'virus/(unnamed)'
const MAX_RULE_NAME_CHARS = 80
/** Untrusted text longer than this is cut in messages (the JSON report keeps it whole). */
const MAX_TEXT_CHARS = 500

/**
 * A stable rule id for a virus name. Names made only of letters, digits, '.',
 * '_' and '-' (and at most 80 of them) are kept as they are: `virus/Linux.Trojan.Mirai`.
 * Any other name is sanitized and gets a hash of the exact name as a third
 * part, `virus/Win32-Evil-Name/1a2b3c4d5e6f`, so distinct names never share an id
 * (a kept name has no second '/').
 */
export function ruleIdForVirus(virusName: string): string {
  if (virusName === '') return UNNAMED_RULE_ID
  const sanitized = virusName
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, MAX_RULE_NAME_CHARS)
    .replace(/^-+|-+$/g, '')
  if (sanitized === virusName) return `${RULE_PREFIX}${sanitized}`
  const hash = createHash('sha256').update(virusName, 'utf8').digest('hex').slice(0, 12)
  return `${RULE_PREFIX}${sanitized || 'x'}/${hash}`
}

/**
 * The in-image path as a relative URI reference under IMAGE_ROOT. Dot
 * segments are resolved the way the kernel does, clamped at the root
 * ("/../etc/x" is "/etc/x"), since URI consumers also treat encoded dots as
 * dot segments; then the leading slash is dropped and every segment is
 * percent-encoded (UTF-8). A finding without a path gets "(no path)".
 */
export function imagePathUri(filePath: string): string {
  const relative = path.posix.normalize(`/${wellFormed(filePath)}`).replace(/^\/+/, '')
  if (relative === '') return encodeURIComponent('(no path)')
  return relative.split('/').map(encodeURIComponent).join('/')
}

/** Replaces unpaired UTF-16 surrogates (which encodeURIComponent refuses) with U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD'
  )
}

/**
 * Plain text for a SARIF message. SARIF reads "[text](target)" in a message
 * as an embedded link and "{0}" as a placeholder, so square brackets and
 * backslashes are escaped with a backslash and curly braces are doubled
 * (SARIF 2.1.0 §3.11.5, §3.11.6). Long texts are cut.
 */
export function sarifText(raw: string, maxChars = MAX_TEXT_CHARS): string {
  const value = redact(raw)
  // A string of at most maxChars UTF-16 units has at most maxChars characters.
  const chars = value.length > maxChars ? Array.from(value) : undefined
  const text = chars && chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : value
  return text.replace(/[\\[\]]/g, (char) => `\\${char}`).replace(/[{}]/g, (char) => char + char)
}

/** Pure: the SARIF log for a gate result: the violations of every image, then of the runtime events. */
export function buildSarif(result: GateResult): Log {
  const rules: ReportingDescriptor[] = []
  const ruleIndex = new Map<string, number>()
  const results: Result[] = []
  const several = !isSingleImage(result)
  const images = distinctImages(result)

  const ruleFor = (finding: JudgedFinding): { id: string; index: number } => {
    const id = ruleIdForVirus(finding.virusName)
    let index = ruleIndex.get(id)
    if (index === undefined) {
      index = rules.length
      ruleIndex.set(id, index)
      rules.push(newRule(id, finding))
    } else {
      raiseRuleSeverity(rules[index], finding.level)
    }
    return { id, index }
  }

  for (const image of images) {
    const evaluation = image.evaluation
    if (!evaluation) continue
    const levels = new Map(evaluation.levels.map((level) => [level.level, level]))
    for (const finding of evaluation.findings) {
      if (!finding.violation) continue
      const { id, index } = ruleFor(finding)
      results.push(
        resultFor(finding, id, index, levels.get(judgedLevel(finding.level)), image, several)
      )
    }
  }
  const events = result.events
  if (events) {
    const levels = new Map(events.evaluation.levels.map((level) => [level.level, level]))
    const byId = new Map(events.items.map((item) => [item.id, item.event]))
    for (const finding of events.evaluation.findings) {
      if (!finding.violation) continue
      const { id, index } = ruleFor(finding)
      results.push(
        eventResultFor(
          finding,
          byId.get(finding.eventId),
          id,
          index,
          levels.get(judgedLevel(finding.level))
        )
      )
    }
  }

  const baseIds: Run['originalUriBaseIds'] = {}
  if (images.length > 0) {
    const which =
      images.length === 1
        ? `the scanned container image ${imageLabel(images[0])}`
        : 'each scanned container image (each result names its image)'
    baseIds[IMAGE_ROOT] = {
      description: {
        text: sarifText(
          `The root of the file system of ${which}; result paths are paths inside the image, not in the repository.`
        )
      }
    }
  }
  if (events) {
    baseIds[CONTAINER_ROOT] = {
      description: {
        text: 'The root of the file system of the running container a runtime trojan event names (each result names its event and container); result paths are paths inside the container, not in the repository.'
      }
    }
  }

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            informationUri: README_URL,
            rules
          }
        },
        originalUriBaseIds: baseIds,
        invocations: [invocationFor(result)],
        results,
        properties: runProperties(result)
      }
    ]
  }
}

function newRule(id: string, finding: JudgedFinding): ReportingDescriptor {
  const name = finding.virusName || '(unnamed virus)'
  const properties: PropertyBag = {
    tags: ['security', 'malware', 'container'],
    'security-severity': SECURITY_SEVERITY[finding.level].toFixed(1),
    virusName: finding.virusName
  }
  return {
    id,
    shortDescription: { text: sarifText(`Virus found by TCSS: ${name}`, 200) },
    fullDescription: {
      text: sarifText(
        finding.description ||
          `Tencent Cloud Container Security Service found the virus ${name} in a file of the image.`
      )
    },
    help: {
      text: sarifText(
        finding.solution ||
          'Remove the file from the image and rebuild it, or excuse it in the policy allowlist with a reason.'
      )
    },
    defaultConfiguration: { level: SARIF_LEVEL[finding.level] },
    properties
  }
}

/** The same virus can be reported at several levels: its rule takes the most severe. */
function raiseRuleSeverity(rule: ReportingDescriptor, level: FindingLevel): void {
  const properties = rule.properties as PropertyBag
  const severity = SECURITY_SEVERITY[level]
  if (severity > Number(properties['security-severity'])) {
    properties['security-severity'] = severity.toFixed(1)
    ;(rule.defaultConfiguration as { level: SarifLevel }).level = SARIF_LEVEL[level]
  }
}

function levelWords(finding: JudgedFinding): string {
  return finding.level === 'unknown'
    ? 'with an unknown RiskLevel (judged as critical)'
    : `(${finding.level})`
}

function resultFor(
  finding: JudgedFinding,
  ruleId: string,
  ruleIndex: number,
  levelResult: LevelResult | undefined,
  image: ImageResult,
  nameImage: boolean
): Result {
  const over = levelResult
    ? ` The image has ${levelResult.counted} non-allowlisted ${levelResult.level} finding(s); the policy allows ${levelResult.threshold ?? 'any number'}.`
    : ''
  const inImage = nameImage ? ` of image ${imageLabel(image)}` : ''
  const sarifResult: Result = {
    ruleId,
    ruleIndex,
    level: SARIF_LEVEL[finding.level],
    message: {
      text:
        sarifText(
          `Virus ${finding.virusName || '(unnamed)'} ${levelWords(finding)} in ${finding.path || '(no path)'}${inImage}, md5 ${finding.md5 || '(none)'}.`,
          2000
        ) + over
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: imagePathUri(finding.path), uriBaseId: IMAGE_ROOT },
          // Code scanning places an alert by its start line; a file has no better one.
          region: { startLine: 1 }
        }
      }
    ],
    properties: {
      level: finding.level,
      riskLevel: finding.riskLevel,
      md5: finding.md5,
      path: finding.path,
      fileName: finding.fileName,
      size: finding.size,
      imageId: image.imageId || null,
      imageName: image.imageName ?? null
    }
  }
  if (finding.md5)
    sarifResult.partialFingerprints = { [FINGERPRINT_KEY]: finding.md5.toLowerCase() }
  return sarifResult
}

function eventResultFor(
  finding: JudgedFinding<EventFinding>,
  event: RuntimeEvent | undefined,
  ruleId: string,
  ruleIndex: number,
  levelResult: LevelResult | undefined
): Result {
  const over = levelResult
    ? ` The step has ${levelResult.counted} open non-allowlisted ${levelResult.level} runtime event(s); the policy allows ${levelResult.threshold ?? 'any number'}.`
    : ''
  const container = event?.containerName ?? event?.containerId
  const places = [
    container ? `container ${container}` : '',
    event?.podName ? `pod ${event.podName}` : '',
    event?.clusterName || event?.clusterId ? `cluster ${event.clusterName ?? event.clusterId}` : ''
  ].filter(Boolean)
  const where = places.length > 0 ? ` (${places.join(', ')})` : ''
  const sarifResult: Result = {
    ruleId,
    ruleIndex,
    level: SARIF_LEVEL[finding.level],
    message: {
      text:
        sarifText(
          `Runtime trojan event ${finding.eventId}, status ${event?.status ?? 'null'}: virus ${finding.virusName || '(unnamed)'} ${levelWords(finding)} in ${finding.path || '(no path)'}${where}, md5 ${finding.md5 || '(none)'}.`,
          2000
        ) + over
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: imagePathUri(finding.path), uriBaseId: CONTAINER_ROOT },
          region: { startLine: 1 }
        }
      }
    ],
    properties: {
      eventId: finding.eventId,
      level: finding.level,
      riskLevel: event?.riskLevel ?? null,
      status: event?.status ?? null,
      md5: finding.md5,
      path: finding.path,
      fileName: finding.fileName,
      containerName: event?.containerName ?? null,
      containerId: event?.containerId ?? null,
      podName: event?.podName ?? null,
      clusterName: event?.clusterName ?? null,
      clusterId: event?.clusterId ?? null,
      processName: event?.processName ?? null,
      imageId: event?.imageId ?? null,
      imageName: event?.imageName ?? null
    }
  }
  if (finding.md5)
    sarifResult.partialFingerprints = { [FINGERPRINT_KEY]: finding.md5.toLowerCase() }
  return sarifResult
}

/** Whether the gate could read and judge everything; if not, why. */
function invocationFor(result: GateResult): Invocation {
  const notifications: Notification[] = []
  const unjudged = failures(result)
  if (isSingleImage(result) && unjudged.length > 0) {
    notifications.push({
      level: 'error',
      message: {
        text: sarifText(
          `The gate could not judge the image, so the log has no results: ${unjudged[0].failure.message}`,
          2000
        )
      }
    })
  } else {
    for (const { label, failure } of unjudged) {
      notifications.push({
        level: 'error',
        message: {
          text: sarifText(
            `The gate could not judge ${label}, so the log has no results for it: ${failure.message}`,
            2000
          )
        }
      })
    }
  }
  for (const warning of [...result.warnings, ...(runHygiene(result)?.messages ?? [])]) {
    notifications.push({ level: 'warning', message: { text: sarifText(warning, 2000) } })
  }
  const judgedAnything = evaluations(result).length > 0
  const invocation: Invocation = {
    executionSuccessful: unjudged.length === 0 && judgedAnything,
    properties: {
      verdict: result.verdict,
      reason: result.reason,
      enforce: result.enforce
    }
  }
  if (notifications.length > 0) invocation.toolExecutionNotifications = notifications
  return invocation
}

function runProperties(result: GateResult): PropertyBag {
  const single = result.images.length === 1 ? result.images[0] : undefined
  const sum = totals(result)
  const properties: PropertyBag = {
    imageId: single ? single.imageId || null : null,
    imageName: single?.imageName ?? null,
    scanStatus: overallScanStatus(result) ?? null,
    verdict: result.verdict,
    findings: sum.findings,
    violations: sum.violations,
    allowlisted: sum.allowlisted,
    counts: isSingleImage(result) ? (single?.evaluation?.counts ?? null) : sum.counts,
    policy: result.policy.source
  }
  if (!isSingleImage(result)) {
    properties.images = result.images.map((image) => ({
      imageId: image.imageId || null,
      imageName: image.imageName ?? null,
      scanStatus: image.scanStatus ?? null,
      verdict: image.verdict,
      findings: image.evaluation?.findings.length ?? null,
      violations: image.evaluation?.violations ?? null,
      sameAs: image.sameAs ?? null
    }))
  }
  if (result.events) {
    properties.events = {
      verdict: result.events.verdict,
      open: result.events.evaluation.findings.length,
      violations: result.events.evaluation.violations,
      unread: result.events.items.filter((item) => item.failure).length
    }
  }
  return properties
}

/** The log as written, without indentation: code scanning limits uploads to 10 MB compressed. */
export function sarifLogText(result: GateResult): string {
  return `${JSON.stringify(buildSarif(result), redactingReplacer)}\n`
}

export async function writeSarif(file: string, result: GateResult): Promise<void> {
  await writeFileAtomic(file, sarifLogText(result))
}
