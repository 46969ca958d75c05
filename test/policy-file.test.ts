/**
 * Unit tests of reading the policy file: only from inside the workspace, also
 * when the tree changes between reading the inputs and reading the file.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { InputError } from '../src/errors.js'
import type { Settings } from '../src/core/settings.js'
import { pathRoots, resolveContainedPath } from '../src/gate/paths.js'
import { loadPolicy } from '../src/gate/policy-file.js'

const POLICY = '.github/tcss-virus-policy.yml'
const CANARY = 'outside-canary-5e1d'

let base: string
let workspace: string
let outside: string

beforeEach(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-policy-file-')))
  workspace = path.join(base, 'ws')
  outside = path.join(base, 'outside')
  fs.mkdirSync(path.join(workspace, '.github'), { recursive: true })
  fs.mkdirSync(outside)
  fs.writeFileSync(path.join(outside, 'secret.yml'), `${CANARY}: 1\n`)
})

afterEach(() => {
  fs.rmSync(base, { recursive: true, force: true })
})

/** The policy part of Settings, as readSettings would give it for `given`. */
function settingsFor(given: string, isDefault: boolean): Settings {
  const roots = pathRoots(workspace)
  return {
    policyPath: resolveContainedPath('policy', given, 'read', roots).realPath,
    policyDisplayPath: given,
    policyIsDefault: isDefault,
    pathRoots: roots
  } as Settings
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(InputError)
  return (error as Error).message
}

describe('loadPolicy', () => {
  it('reads a policy inside the workspace', async () => {
    fs.writeFileSync(path.join(workspace, POLICY), 'version: 1\nthresholds:\n  high: 2\n')
    const { policy, notice } = await loadPolicy(settingsFor(POLICY, true))
    expect(notice).toBeUndefined()
    expect(policy.thresholds).toEqual({ high: 2 })
  })

  it('uses the built-in default when the default path is absent, and refuses a missing path that was set', async () => {
    expect((await loadPolicy(settingsFor(POLICY, true))).notice).toContain('built-in default')
    expect(await refusal(loadPolicy(settingsFor('policies/strict.yml', false)))).toContain(
      "Policy file 'policies/strict.yml' does not exist"
    )
  })

  it('refuses a policy that became a link to outside after the inputs were read, without quoting it', async () => {
    fs.writeFileSync(path.join(workspace, POLICY), 'version: 1\n')
    const settings = settingsFor(POLICY, true)
    fs.rmSync(path.join(workspace, POLICY))
    fs.symlinkSync(path.join(outside, 'secret.yml'), path.join(workspace, POLICY))
    const message = await refusal(loadPolicy(settings))
    expect(message).not.toContain(CANARY)
    expect(message).toContain("'policy'")
  })

  it('refuses a default policy whose directory became a link to outside after the inputs were read', async () => {
    const settings = settingsFor(POLICY, true)
    fs.rmSync(path.join(workspace, '.github'), { recursive: true })
    fs.symlinkSync(outside, path.join(workspace, '.github'))
    fs.copyFileSync(path.join(outside, 'secret.yml'), path.join(outside, 'tcss-virus-policy.yml'))
    const message = await refusal(loadPolicy(settings))
    expect(message).not.toContain(CANARY)
    expect(message).toContain('symbolic link')
  })

  it('refuses a directory in the policy’s place', async () => {
    fs.mkdirSync(path.join(workspace, 'policies'))
    const settings = settingsFor('policies/strict.yml', false)
    fs.mkdirSync(path.join(workspace, 'policies', 'strict.yml'))
    expect(await refusal(loadPolicy(settings))).toContain('is a directory')
  })
})
