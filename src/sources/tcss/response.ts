import { TransientError } from '../../cloud/retry.js'

/**
 * A TCSS `Response` checked to be a JSON object, the check every reply gets
 * before any field is read. A shape the gate cannot trust is transient
 * (retried a bounded number of times), never an empty result.
 */
export interface Reply {
  response: Record<string, unknown>
  requestId: string
  /** An error for a malformed field, naming the action and the RequestId. */
  malformed: (what: string) => TransientError
}

export function readReply(action: string, raw: unknown): Reply {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new TransientError(`malformed ${action} response: not a JSON object`)
  }
  const response = raw as Record<string, unknown>
  const requestId = typeof response.RequestId === 'string' ? response.RequestId : ''
  const malformed = (what: string): TransientError =>
    new TransientError(`malformed ${action} response: ${what} (RequestId: ${requestId || 'none'})`)
  return { response, requestId, malformed }
}

/** `List` (absent or null = empty), every item an object. */
export function readList({ response, malformed }: Reply): Record<string, unknown>[] {
  const list = response.List ?? []
  if (!Array.isArray(list)) throw malformed('List is not an array')
  return list.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw malformed(`List[${index}] is not an object`)
    }
    return item as Record<string, unknown>
  })
}

/** A TotalCount that is a non-negative whole number. */
export function readTotalCount(value: unknown, { malformed }: Reply): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw malformed(`TotalCount is ${JSON.stringify(value) ?? 'missing'}`)
  }
  return value
}

/** IsAuthorized (of an image, local or registry): 1 → true, 0 → false, anything else undefined (not said). */
export function readAuthorized(value: unknown): boolean | undefined {
  return value === 1 ? true : value === 0 ? false : undefined
}
