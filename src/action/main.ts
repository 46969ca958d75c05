/**
 * The action's front end: the runner's inputs, log and outputs
 * (@actions/core), the workflow event, the job summary and the job's OIDC
 * token, handed to the one run of src/gate/.
 */
import * as core from '@actions/core'
import {
  createDependencies,
  type Dependencies,
  type DependencyOverrides
} from '../gate/dependencies.js'
import type { RunLifecycle } from '../gate/lifecycle.js'
import { run as runGate } from '../gate/run.js'
import { readWorkflowEvent } from './event.js'

/** The action's dependencies; a test may replace any of them. */
export function actionDependencies(overrides: Partial<DependencyOverrides> = {}): Dependencies {
  return createDependencies({
    getInput: core.getInput,
    runner: core,
    github: readWorkflowEvent(),
    writeSummary: async (markdown) => {
      await core.summary.addRaw(markdown, true).write({ overwrite: false })
    },
    env: process.env,
    ...overrides,
    credentialIo: { getIdToken: (audience) => core.getIDToken(audience), ...overrides.credentialIo }
  })
}

/** The action's run (also the entry point of a local run through @github/local-action). */
export function run(lifecycle?: RunLifecycle): Promise<boolean> {
  return runGate(actionDependencies(), lifecycle)
}
