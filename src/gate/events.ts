/** Gating the runtime events of a run (DescribeVirusDetail), judged like findings. */
import { evaluatePolicy } from '../core/evaluate.js'
import type { EventResult, EventsResult } from '../core/result.js'
import { eventFinding, readRuntimeEvent } from '../sources/tcss/virus-detail.js'
import { type GateContext, toFailure } from './context.js'

/**
 * Reads every runtime event (DescribeVirusDetail) and judges the open ones
 * with the policy, like findings: allowlisted by FileMd5 (and paths against
 * FilePath), counted per level against the thresholds. Resolved events are
 * listed, not judged. An event that cannot be read fails the events.
 */
export async function gateEvents(
  ids: readonly string[],
  context: GateContext
): Promise<EventsResult | undefined> {
  if (ids.length === 0) return undefined
  const items = await Promise.all(
    ids.map(async (id): Promise<EventResult> => {
      try {
        return {
          id,
          event: await readRuntimeEvent(context.api, context.requester, id, context.log)
        }
      } catch (error) {
        const failure = toFailure(error, context.say)
        if (!failure) throw error
        return { id, failure }
      }
    })
  )
  const open = items.flatMap((item) => (item.event?.open ? [eventFinding(item.event)] : []))
  const evaluation = evaluatePolicy(open, context.policy, context.today)
  return { items, evaluation }
}
