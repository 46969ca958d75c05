/**
 * JSON Schema validators for the tests: the SARIF 2.1.0 schema (a draft-04
 * document, see test/fixtures/sarif-schema-2.1.0.NOTICE.md) and the policy
 * schema at the repository root (draft-07).
 */
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import AjvDraft04Module from 'ajv-draft-04'
import addFormatsModule from 'ajv-formats'
import { ROOT } from './run-action.js'

// Both packages are CommonJS whose module.exports is also reachable as `.default`.
const AjvDraft04 = AjvDraft04Module.default
const addFormats = addFormatsModule.default

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
}

export const SARIF_SCHEMA_FILE = path.join(ROOT, 'test', 'fixtures', 'sarif-schema-2.1.0.json')
export const POLICY_SCHEMA_FILE = path.join(ROOT, 'policy.schema.json')

let sarif: ValidateFunction | undefined
/** Validates a SARIF log against the official 2.1.0 schema, formats (uri, date-time) included. */
export function sarifValidator(): ValidateFunction {
  if (!sarif) {
    // The schema predates ajv's strict mode (it has, e.g., "default" next to "$ref"), and its
    // "language" pattern has a stray ']' that only a regular expression without the u flag accepts.
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false })
    addFormats(ajv, { mode: 'full' })
    sarif = ajv.compile(readJson(SARIF_SCHEMA_FILE))
  }
  return sarif
}

/**
 * Strict mode, less two checks the policy schema trips on purpose: "allowlist"
 * is a list or null (an empty "allowlist:"), and "not: {required: [critical, 4]}"
 * names properties that the subschema itself does not define.
 */
export const POLICY_SCHEMA_STRICTNESS = {
  strict: true,
  allowUnionTypes: true,
  strictRequired: false
} as const

let policy: ValidateFunction | undefined
/** Validates a parsed policy against policy.schema.json in ajv's strict mode, formats checked. */
export function policySchemaValidator(): ValidateFunction {
  if (!policy) {
    const ajv = new Ajv({ allErrors: true, ...POLICY_SCHEMA_STRICTNESS })
    addFormats(ajv, { mode: 'full' })
    policy = ajv.compile(readJson(POLICY_SCHEMA_FILE))
  }
  return policy
}

/** ajv's errors as readable lines, for failure messages. */
export function schemaErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`
  )
}
