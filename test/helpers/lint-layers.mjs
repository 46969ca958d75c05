/**
 * Lints planted files with the project's own ESLint configuration and prints
 * what the layer rules said, as JSON on stdout. The planted files are never
 * written: each is given to ESLint as text under the path it pretends to
 * have, so the rules for that folder apply. With `--tree`, also lints src/
 * as it stands.
 *
 *   node test/helpers/lint-layers.mjs < [{ "filePath": "src/core/x.ts", "code": "…" }, …]
 */
import { ESLint } from 'eslint'

const LAYER_RULES = new Set([
  'no-restricted-imports',
  'no-restricted-syntax',
  'no-restricted-globals'
])

const chunks = []
for await (const chunk of process.stdin) chunks.push(chunk)
const planted = JSON.parse(Buffer.concat(chunks).toString('utf8'))

const eslint = new ESLint({ cwd: process.cwd() })
const layerMessages = (results) =>
  results.flatMap((result) =>
    result.messages
      .filter((message) => LAYER_RULES.has(message.ruleId))
      .map((message) => ({
        file: result.filePath,
        line: message.line,
        rule: message.ruleId,
        message: message.message
      }))
  )

const out = { planted: [], tree: null }
for (const { filePath, code } of planted) {
  out.planted.push({ filePath, messages: layerMessages(await eslint.lintText(code, { filePath })) })
}
if (process.argv.includes('--tree')) {
  const results = await eslint.lintFiles(['src'])
  out.tree = { files: results.length, messages: layerMessages(results) }
}
process.stdout.write(JSON.stringify(out))
