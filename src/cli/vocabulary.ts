/**
 * The command line's words for its settings: flags (--secret-id) and
 * environment variables (TENCENTCLOUD_SECRET_ID), never action inputs,
 * annotations, repository secrets, workflow permissions or events.
 */
import type { Vocabulary } from '../errors.js'

const flag = (name: string): string => `--${name}`

function joined(items: readonly string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`
}

export const CLI_VOCABULARY: Vocabulary = {
  name: flag,
  setting: flag,
  Setting: flag,
  settings: (names, conjunction = 'and') => joined(names.map(flag), conjunction),
  orVariable: (name, variable) => `${flag(name)} (or ${variable})`,
  variableFor: (variable, name) =>
    `environment variable ${variable} (used when ${flag(name)} is not given)`,
  giveKeys:
    'Set the environment variables TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY ' +
    "(from your CI's masked variables or credentials store), or give --secret-id and --secret-key.",
  noIdToken:
    'keyless credentials (--role-arn) need the OIDC token of a GitHub Actions job. ' +
    'Here, set the environment variables TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY ' +
    '(and TENCENTCLOUD_SESSION_TOKEN for temporary credentials) instead.',
  workspace: 'the current directory',
  run: 'run',
  perLine: 'repeat the flag, or one value per line',
  moreProblems: (count) => `(and ${count} more problem(s), listed above)`,
  plain: flag,
  given: (name, value) => `${flag(name)} ${value}`,
  pipeline: 'this job'
}
