/**
 * Everything a run takes from the world, in one place. The action, the
 * command line and the tests each call createDependencies with what is
 * theirs (the runner, the inputs, how an OIDC token is had) and take the
 * rest as it is here: the clock, the files, the TCSS and STS clients.
 */
import { randomUUID } from 'node:crypto'
import * as fs from 'node:fs'
import { type Clock, systemClock } from '../clock.js'
import type { CredentialIo } from '../cloud/credentials.js'
import { createStsApi } from '../cloud/sts-client.js'
import type { Credentials } from '../connection.js'
import type { GateResult } from '../core/result.js'
import type { Settings } from '../core/settings.js'
import { CredentialError, type Vocabulary } from '../errors.js'
import type { Runner } from '../runner.js'
import { maskSecret } from '../secrets.js'
import { removeStale, writeFileAtomic } from '../sinks/files.js'
import { createTcssApi, type TcssApi } from '../sources/tcss/client.js'
import type { GetInput } from './inputs.js'

/** Everything run() takes from the outside world, so tests can pass their own. */
export interface Dependencies {
  /** The front end's inputs (the runner's, or the command line's flags); read once, by inputs.ts. */
  getInput: GetInput
  /** The log, annotations, outputs and end state. */
  runner: Runner
  /** The workflow event (github.context): which event, and its payload. */
  github: { eventName: string; payload: unknown }
  /** Appends Markdown to the job summary (GITHUB_STEP_SUMMARY). */
  writeSummary: (markdown: string) => Promise<void>
  /** Report files: written whole through a temporary file, or removed before the run. */
  files: {
    write: (file: string, text: string) => Promise<void>
    removeStale: (file: string) => Promise<void>
  }
  /** A fresh unguessable token (the log's stop-commands marker). */
  newId: () => string
  clock: Clock
  random: () => number
  /** Today's date, YYYY-MM-DD in UTC, for allowlist expiry. */
  today: () => string
  env: NodeJS.ProcessEnv
  /** The TCSS API, called with `credentials` (the keys given, or temporary ones from OIDC). */
  createApi: (settings: Settings, credentials: Credentials) => TcssApi
  /** How keyless credentials are had: the runner's ID token, STS, and log masking. */
  credentialIo: Pick<CredentialIo, 'getIdToken' | 'createSts' | 'mask'>
  /**
   * How the front end names its settings in what it says (the action's
   * inputs when not given; the command line's flags and variables).
   */
  vocabulary?: Vocabulary
  /**
   * Optional, for a front end that shows the run its own way (the command
   * line): told the judged result once the verdict is decided, or the error
   * that stopped the run before one.
   */
  observer?: {
    judged?: (result: GateResult) => void
    stopped?: (error: unknown) => void
  }
}

/** What a caller must give (its inputs and its runner) and what it may replace. */
export type DependencyOverrides = Pick<Dependencies, 'getInput' | 'runner'> &
  Partial<Omit<Dependencies, 'credentialIo'>> & {
    credentialIo?: Partial<Dependencies['credentialIo']>
  }

/** Today in UTC, YYYY-MM-DD. */
export function utcToday(): string {
  return new Date().toISOString().slice(0, 10)
}

/**
 * The dependencies of one run: the overrides as given, everything else as a
 * real run has it. Without its own, the job summary is appended to the file
 * GITHUB_STEP_SUMMARY names, and keyless credentials are refused (only a
 * GitHub Actions job has an OIDC token to give).
 */
export function createDependencies(overrides: DependencyOverrides): Dependencies {
  const env = overrides.env ?? process.env
  return {
    github: { eventName: '', payload: {} },
    writeSummary: async (markdown) => {
      const file = env.GITHUB_STEP_SUMMARY
      if (file) await fs.promises.appendFile(file, markdown)
    },
    files: { write: writeFileAtomic, removeStale },
    newId: randomUUID,
    clock: systemClock,
    random: Math.random,
    today: utcToday,
    createApi: (settings, credentials) =>
      createTcssApi({ credentials, endpoint: settings.endpoint, region: settings.region }),
    ...overrides,
    env,
    credentialIo: {
      getIdToken: () =>
        Promise.reject(new CredentialError('No OIDC token can be requested in this run.')),
      createSts: (oidc) => createStsApi({ endpoint: oidc.stsEndpoint, region: oidc.stsRegion }),
      mask: (secret) => maskSecret(secret),
      ...overrides.credentialIo
    }
  }
}
