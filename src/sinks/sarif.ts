/**
 * The SARIF 2.1.0 log for GitHub code scanning, built from the gate result:
 * one rule per virus name, and one result per violation (of every image, and
 * of the open runtime events). With scope `all`, the findings within their
 * level's threshold are results too, one level lower, and the allowlisted
 * ones are results with a suppression that carries the allowlist's reason.
 */
import type { Log, PropertyBag, ReportingDescriptor, Result, Run } from 'sarif'
import { SARIF_DOCS_URL, README_URL, TOOL_NAME, TOOL_VERSION } from '../constants.js'
import type { JudgedFinding } from '../core/evaluate.js'
import { type FindingLevel, levelName, WITH_UNKNOWN_LEVEL } from '../core/levels.js'
import {
  allFindings,
  distinctImages,
  type FindingOf,
  type GateResult,
  type JudgedEvent,
  type JudgedImage,
  violations
} from '../core/result.js'
import type { SarifScope } from '../core/settings.js'
import { redactingReplacer } from '../secrets.js'
import { escapeMarkdown } from './escape.js'
import {
  findingFingerprint,
  imagePathUri,
  ruleIdForVirus,
  ruleNameForVirus,
  sarifText
} from './sarif-text.js'
import { invocationFor, runProperties } from './sarif-run.js'

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json'

/** Result locations are relative to this base: the root of the scanned image's file system. */
export const IMAGE_ROOT = 'IMAGE_ROOT'

/** Locations of runtime events are relative to this base: the root of the running container's file system. */
export const CONTAINER_ROOT = 'CONTAINER_ROOT'

/**
 * partialFingerprints key of a result: a hash of its target, the file's MD5
 * and its path (see findingFingerprint). It replaced `fileMd5/v1`, the MD5
 * alone, which made one alert of one file at two paths or in two images.
 */
export const FINGERPRINT_KEY = 'tcssFinding/v1'

type SarifLevel = 'error' | 'warning' | 'note'

const SARIF_LEVEL: Record<FindingLevel, SarifLevel> = {
  critical: 'error',
  high: 'error',
  unknown: 'error',
  medium: 'warning',
  low: 'note'
}

/** A finding that does not break the policy is shown one step lower: it informs, it does not block. */
const LOWER: Record<SarifLevel, SarifLevel> = { error: 'warning', warning: 'note', note: 'note' }

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

const DEFAULT_ADVICE =
  'Remove the file from the image and rebuild it, or excuse it in the policy allowlist with a reason.'

/** A rule while the results are collected: its most severe finding decides its level. */
interface RuleDraft {
  id: string
  finding: JudgedFinding
  level: FindingLevel
}

/** Pure: the SARIF log for a gate result: the findings of every image, then of the runtime events. */
export function buildSarif(result: GateResult, scope: SarifScope = 'violations'): Log {
  const drafts: RuleDraft[] = []
  const ruleIndex = new Map<string, number>()
  const ruleFor = (finding: JudgedFinding): { id: string; index: number } => {
    const id = ruleIdForVirus(finding.virusName)
    let index = ruleIndex.get(id)
    if (index === undefined) {
      index = drafts.length
      ruleIndex.set(id, index)
      drafts.push({ id, finding, level: finding.level })
    } else if (SECURITY_SEVERITY[finding.level] > SECURITY_SEVERITY[drafts[index].level]) {
      // The same virus can be reported at several levels: its rule takes the most severe.
      drafts[index].level = finding.level
    }
    return { id, index }
  }
  const found = scope === 'all' ? allFindings(result) : violations(result)
  const results = found.map((item) => {
    const { id, index } = ruleFor(item.finding)
    return resultFor(item, id, index, !result.single)
  })

  const images = distinctImages(result)
  const baseIds: Run['originalUriBaseIds'] = {}
  if (images.length > 0) {
    const which =
      images.length === 1
        ? `the scanned container image ${images[0].label}`
        : 'each scanned container image (each result names its image)'
    baseIds[IMAGE_ROOT] = {
      description: {
        text: sarifText(
          `The root of the file system of ${which}; result paths are paths inside the image, not in the repository.`
        )
      }
    }
  }
  if (result.events) {
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
            rules: drafts.map(ruleOf)
          }
        },
        originalUriBaseIds: baseIds,
        invocations: [invocationFor(result)],
        results,
        properties: runProperties(result, scope)
      }
    ]
  }
}

function ruleOf({ id, finding, level }: RuleDraft): ReportingDescriptor {
  const name = finding.virusName || '(unnamed virus)'
  const advice = finding.solution || DEFAULT_ADVICE
  const shownLevel = levelName(level)
  const properties: PropertyBag = {
    tags: ['security', 'malware', 'container'],
    'security-severity': SECURITY_SEVERITY[level].toFixed(1),
    virusName: finding.virusName
  }
  return {
    id,
    name: ruleNameForVirus(finding.virusName),
    shortDescription: { text: sarifText(`Virus found by TCSS: ${name}`, 200) },
    fullDescription: {
      text: sarifText(
        finding.description ||
          `Tencent Cloud Container Security Service found the virus ${name} in a file of the image.`
      )
    },
    help: {
      text: sarifText(advice),
      markdown: helpMarkdown(name, shownLevel, advice, finding.description)
    },
    helpUri: SARIF_DOCS_URL,
    defaultConfiguration: { level: SARIF_LEVEL[level] },
    properties
  }
}

/** The rule's help in Markdown: the virus, its level, what TCSS says of it, and what to do. */
function helpMarkdown(name: string, level: string, advice: string, description: string): string {
  const about = description ? `\n\n${escapeMarkdown(description, 1000)}` : ''
  return (
    `**Virus:** ${escapeMarkdown(name, 200)}  \n**Level:** ${level}${about}\n\n` +
    `**What to do:** ${escapeMarkdown(advice, 1000)}\n\n` +
    'The file is in the container image (or the running container), not in the repository: ' +
    'remove it and rebuild the image. If it is a known false positive or a test fixture, add its MD5 ' +
    'to the allowlist of the gate policy with a reason; the gate then no longer counts it. ' +
    `See [code scanning with the TCSS virus gate](${SARIF_DOCS_URL}).`
  )
}

function levelWords(finding: JudgedFinding): string {
  return finding.level === 'unknown' ? WITH_UNKNOWN_LEVEL : `(${finding.level})`
}

/** One SARIF result: a violation, or with scope all a finding within the thresholds or allowlisted. */
function resultFor(item: FindingOf, ruleId: string, ruleIndex: number, nameImage: boolean): Result {
  const { finding, target } = item
  const natural = SARIF_LEVEL[finding.level]
  const sarifResult: Result = {
    ruleId,
    ruleIndex,
    level: finding.violation ? natural : LOWER[natural],
    message: {
      text:
        target.kind === 'image'
          ? imageMessage(finding, target, nameImage) +
            judgement(item, 'The image has', 'finding(s)')
          : eventMessage(finding, target) +
            judgement(item, 'The step has', 'runtime event(s)', 'open ')
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: {
            uri: imagePathUri(finding.path),
            uriBaseId: target.kind === 'image' ? IMAGE_ROOT : CONTAINER_ROOT
          },
          // Code scanning places an alert by its start line; a file has no better one.
          region: { startLine: 1 }
        }
      }
    ],
    properties: target.kind === 'image' ? imageProperties(finding, target) : eventProperties(target)
  }
  sarifResult.partialFingerprints = {
    [FINGERPRINT_KEY]: findingFingerprint(fingerprintTarget(target), finding.md5, finding.path)
  }
  if (finding.allowlisted) {
    sarifResult.suppressions = [
      {
        kind: 'external',
        status: 'accepted',
        justification: sarifText(`Allowlisted in the gate policy: ${finding.allowlistReason ?? ''}`)
      }
    ]
  }
  return sarifResult
}

/**
 * What a fingerprint names the target by: what stays the same from run to
 * run. An image given by name (`image:` or `registry-image:`) by that name,
 * as the sticky comment is keyed, since every push builds a new ImageID; an
 * image given by `image-id` by its ImageID; an event by its ID.
 */
function fingerprintTarget(target: FindingOf['target']): string {
  return target.kind === 'image' ? (target.imageName ?? target.imageId) : `event:${target.id}`
}

/** The sentence after a result's message: how its level compares with the policy. */
function judgement(item: FindingOf, subject: string, noun: string, open = ''): string {
  const { finding, levelResult } = item
  if (finding.allowlisted) return ' Allowlisted in the gate policy; not counted.'
  if (!levelResult) return ''
  const counted = ` ${subject} ${levelResult.counted} ${open}non-allowlisted ${levelResult.level} ${noun}; the policy allows ${levelResult.threshold ?? 'any number'}.`
  return finding.violation ? counted : `${counted} Within the threshold.`
}

function imageMessage(finding: JudgedFinding, image: JudgedImage, nameImage: boolean): string {
  const inImage = nameImage ? ` of image ${image.label}` : ''
  return sarifText(
    `Virus ${finding.virusName || '(unnamed)'} ${levelWords(finding)} in ${finding.path || '(no path)'}${inImage}, md5 ${finding.md5 || '(none)'}.`,
    2000
  )
}

function imageProperties(finding: JudgedFinding, image: JudgedImage): PropertyBag {
  return {
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

function eventMessage(finding: JudgedFinding, target: JudgedEvent): string {
  const place = target.place
  const places = [
    place?.container ? `container ${place.container}` : '',
    place?.pod ? `pod ${place.pod}` : '',
    place?.cluster ? `cluster ${place.cluster}` : ''
  ].filter(Boolean)
  const where = places.length > 0 ? ` (${places.join(', ')})` : ''
  return sarifText(
    `Runtime trojan event ${target.id}, status ${target.event?.status ?? 'null'}: virus ${finding.virusName || '(unnamed)'} ${levelWords(finding)} in ${finding.path || '(no path)'}${where}, md5 ${finding.md5 || '(none)'}.`,
    2000
  )
}

function eventProperties(target: JudgedEvent): PropertyBag {
  const { event, finding } = target
  return {
    eventId: target.id,
    level: finding?.level ?? null,
    riskLevel: event?.riskLevel ?? null,
    status: event?.status ?? null,
    md5: finding?.md5 ?? null,
    path: finding?.path ?? null,
    fileName: finding?.fileName ?? null,
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

/** The log as written, without indentation: code scanning limits uploads to 10 MB compressed. */
export function sarifLogText(result: GateResult, scope: SarifScope = 'violations'): string {
  return `${JSON.stringify(buildSarif(result, scope), redactingReplacer)}\n`
}
