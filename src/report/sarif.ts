/**
 * The SARIF 2.1.0 log for GitHub code scanning: one result per violation,
 * one rule per virus name. Findings that are allowlisted or within their
 * level's threshold are not results: code scanning shows what breaks the policy.
 */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import type { Invocation, Log, Notification, PropertyBag, ReportingDescriptor, Result } from 'sarif'
import { README_URL, TOOL_NAME, TOOL_VERSION } from '../constants.js'
import type { JudgedFinding, LevelResult } from '../evaluate.js'
import { judgedLevel, type FindingLevel } from '../levels.js'
import { type GateResult, imageLabel } from '../result.js'

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json'

/** Result locations are relative to this base: the root of the scanned image's file system. */
export const IMAGE_ROOT = 'IMAGE_ROOT'

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
export function sarifText(value: string, maxChars = MAX_TEXT_CHARS): string {
  // A string of at most maxChars UTF-16 units has at most maxChars characters.
  const chars = value.length > maxChars ? Array.from(value) : undefined
  const text = chars && chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : value
  return text.replace(/[\\[\]]/g, (char) => `\\${char}`).replace(/[{}]/g, (char) => char + char)
}

/** Pure: the SARIF log for a gate result. */
export function buildSarif(result: GateResult): Log {
  const rules: ReportingDescriptor[] = []
  const ruleIndex = new Map<string, number>()
  const results: Result[] = []
  const violations = result.evaluation?.findings.filter((finding) => finding.violation) ?? []
  const levels = new Map(result.evaluation?.levels.map((level) => [level.level, level]) ?? [])

  for (const finding of violations) {
    const id = ruleIdForVirus(finding.virusName)
    let index = ruleIndex.get(id)
    if (index === undefined) {
      index = rules.length
      ruleIndex.set(id, index)
      rules.push(ruleFor(id, finding))
    } else {
      raiseRuleSeverity(rules[index], finding.level)
    }
    results.push(resultFor(finding, id, index, levels.get(judgedLevel(finding.level))))
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
        originalUriBaseIds: {
          [IMAGE_ROOT]: {
            description: {
              text: sarifText(
                `The root of the file system of the scanned container image ${imageLabel(result)}; result paths are paths inside the image, not in the repository.`
              )
            }
          }
        },
        invocations: [invocationFor(result)],
        results,
        properties: runProperties(result)
      }
    ]
  }
}

function ruleFor(id: string, finding: JudgedFinding): ReportingDescriptor {
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

function resultFor(
  finding: JudgedFinding,
  ruleId: string,
  ruleIndex: number,
  levelResult: LevelResult | undefined
): Result {
  const level =
    finding.level === 'unknown'
      ? 'with an unknown RiskLevel (judged as critical)'
      : `(${finding.level})`
  const over = levelResult
    ? ` The image has ${levelResult.counted} non-allowlisted ${levelResult.level} finding(s); the policy allows ${levelResult.threshold ?? 'any number'}.`
    : ''
  const sarifResult: Result = {
    ruleId,
    ruleIndex,
    level: SARIF_LEVEL[finding.level],
    message: {
      text:
        sarifText(
          `Virus ${finding.virusName || '(unnamed)'} ${level} in ${finding.path || '(no path)'}, md5 ${finding.md5 || '(none)'}.`,
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
      size: finding.size
    }
  }
  if (finding.md5)
    sarifResult.partialFingerprints = { [FINGERPRINT_KEY]: finding.md5.toLowerCase() }
  return sarifResult
}

/** Whether the gate could read and judge the findings; if not, why. */
function invocationFor(result: GateResult): Invocation {
  const notifications: Notification[] = []
  if (result.failure) {
    notifications.push({
      level: 'error',
      message: {
        text: sarifText(
          `The gate could not judge the image, so the log has no results: ${result.failure.message}`,
          2000
        )
      }
    })
  }
  for (const warning of [...result.warnings, ...(result.evaluation?.hygiene?.messages ?? [])]) {
    notifications.push({ level: 'warning', message: { text: sarifText(warning, 2000) } })
  }
  const invocation: Invocation = {
    executionSuccessful: result.failure === undefined && result.evaluation !== undefined,
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
  const evaluation = result.evaluation
  return {
    imageId: result.imageId || null,
    imageName: result.imageName ?? null,
    scanStatus: result.scanStatus ?? null,
    verdict: result.verdict,
    findings: evaluation?.findings.length ?? 0,
    violations: evaluation?.violations ?? 0,
    allowlisted: evaluation?.allowlisted ?? 0,
    counts: evaluation?.counts ?? null,
    policy: result.policy.source
  }
}

/** Writes the log without indentation: code scanning limits uploads to 10 MB compressed. */
export async function writeSarif(file: string, result: GateResult): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true })
  await fs.writeFile(file, `${JSON.stringify(buildSarif(result))}\n`, 'utf8')
}
