import { TransientError } from '../../cloud/retry.js'

/**
 * The common checks of a paged TCSS `Response`: a JSON object, a List of
 * objects, a TotalCount that is a whole number. A shape the gate cannot trust
 * is transient (retried a bounded number of times), never an empty result.
 */
export interface PagedResponse {
  response: Record<string, unknown>
  requestId: string
  /** An error for a malformed field, naming the action and the RequestId. */
  malformed: (what: string) => TransientError
}

export function readPagedResponse(action: string, raw: unknown): PagedResponse {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new TransientError('the response is not a JSON object')
  }
  const response = raw as Record<string, unknown>
  const requestId = typeof response.RequestId === 'string' ? response.RequestId : ''
  const malformed = (what: string): TransientError =>
    new TransientError(`malformed ${action} response: ${what} (RequestId: ${requestId || 'none'})`)
  return { response, requestId, malformed }
}

/** `List` (absent or null = empty), every item an object. */
export function readList({ response, malformed }: PagedResponse): Record<string, unknown>[] {
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
export function readTotalCount(value: unknown, { malformed }: PagedResponse): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw malformed(`TotalCount is ${JSON.stringify(value) ?? 'missing'}`)
  }
  return value
}
