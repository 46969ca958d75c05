/**
 * Validates a JUnit document against what Jenkins' xUnit plugin accepts
 * (test/fixtures/junit-jenkins.xsd; its origin in junit-jenkins.NOTICE.md)
 * with libxml2's XML Schema validator, compiled to WebAssembly
 * (`xmllint-wasm`): the same engine `xmllint --schema` runs.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { validateXML } from 'xmllint-wasm'

const SCHEMA_FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'junit-jenkins.xsd'
)
const SCHEMA = fs.readFileSync(SCHEMA_FILE, 'utf8')

/** Every way the document breaks the schema, as libxml2 words it; empty when it conforms. */
export async function junitSchemaProblems(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'junit.xml', contents: xml }],
    schema: [{ fileName: 'junit-jenkins.xsd', contents: SCHEMA }]
  })
  if (result.valid) return []
  // A document that is invalid must say why: an empty list here would read as "valid".
  return result.errors.length > 0
    ? result.errors.map((error) => `line ${error.loc?.lineNumber ?? '?'}: ${error.message}`)
    : [result.rawOutput.trim() || 'invalid, with no message from libxml2']
}
