/** Time, behind an interface so tests and benchmarks can control it. */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number
  sleep(ms: number): Promise<void>
}

/** Waits `ms` milliseconds of real time (at once for zero or less). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep
}

/** Where progress lines go: the runner's log in the action, stderr on the command line. */
export interface Logger {
  info(message: string): void
  debug(message: string): void
}
