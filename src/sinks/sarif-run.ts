/**
 * The run-level parts of the SARIF log (sarif.ts): whether the gate could
 * judge everything, with its notifications, and the run's properties.
 */
import type { Invocation, Notification, PropertyBag } from 'sarif'
import { allWarnings, distinctImages, type GateResult, unjudged } from '../core/result.js'
import type { SarifScope } from '../core/settings.js'
import { sarifText } from './sarif-text.js'

/** Whether the gate could read and judge everything; if not, why. */
export function invocationFor(result: GateResult): Invocation {
  const notifications: Notification[] = []
  const failed = unjudged(result)
  if (result.single && failed.length > 0) {
    notifications.push({
      level: 'error',
      message: {
        text: sarifText(
          `The gate could not judge the image, so the log has no results: ${failed[0].failure.message}`,
          2000
        )
      }
    })
  } else {
    for (const { subject, failure } of failed) {
      notifications.push({
        level: 'error',
        message: {
          text: sarifText(
            `The gate could not judge ${subject}, so the log has no results for it: ${failure.message}`,
            2000
          )
        }
      })
    }
  }
  for (const warning of allWarnings(result)) {
    notifications.push({ level: 'warning', message: { text: sarifText(warning, 2000) } })
  }
  const judgedAnything =
    result.events !== undefined || distinctImages(result).some((image) => image.evaluation)
  const invocation: Invocation = {
    executionSuccessful: failed.length === 0 && judgedAnything,
    properties: {
      verdict: result.verdict,
      reason: result.reason,
      enforce: result.enforce
    }
  }
  if (notifications.length > 0) invocation.toolExecutionNotifications = notifications
  return invocation
}

export function runProperties(result: GateResult, scope: SarifScope): PropertyBag {
  const sole = result.soleImage
  const { tally } = result
  const properties: PropertyBag = {
    imageId: sole ? sole.imageId || null : null,
    imageName: sole?.imageName ?? null,
    scanStatus: result.scanStatus ?? null,
    verdict: result.verdict,
    findings: tally.findings,
    violations: tally.violations,
    allowlisted: tally.allowlisted,
    counts: tally.judged ? tally.counts : null,
    policy: result.policy.source
  }
  if (scope !== 'violations') properties.scope = scope
  if (!result.single) {
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
      open: result.events.open.length,
      violations: result.events.evaluation.violations,
      unread: result.events.unread.length
    }
  }
  return properties
}
