/**
 * The workflow event the runner describes: its name and its payload, read as
 * @actions/github's `context` reads them (GITHUB_EVENT_NAME, the JSON file at
 * GITHUB_EVENT_PATH), without loading the GitHub API client that module
 * brings with it: only a run that comments needs that.
 */
import { existsSync, readFileSync } from 'node:fs'
import { EOL } from 'node:os'

export interface WorkflowEvent {
  eventName: string
  payload: unknown
}

export function readWorkflowEvent(env: NodeJS.ProcessEnv = process.env): WorkflowEvent {
  let payload: unknown = {}
  const file = env.GITHUB_EVENT_PATH
  if (file) {
    if (existsSync(file)) payload = JSON.parse(readFileSync(file, { encoding: 'utf8' }))
    else process.stdout.write(`GITHUB_EVENT_PATH ${file} does not exist${EOL}`)
  }
  // As context.eventName: undefined when the variable is not set.
  return { eventName: env.GITHUB_EVENT_NAME as string, payload }
}
