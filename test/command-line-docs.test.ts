/**
 * docs/command-line.md cannot rot: its GitLab CI job parses as YAML and has the
 * shape GitLab reads (script, artifacts:reports:junit naming the file the gate
 * writes), its Jenkins stage reads back the JUnit file it asks for, and every
 * flag the page names is a flag of the command line, with the version of
 * package.json. (test/docs.test.ts checks ```yaml blocks as GitHub workflows
 * or policies; the GitLab job is a ```text block for that reason.)
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { FLAGS } from '../src/cli/flags.js'
import { ROOT } from './helpers/run-action.js'

const PAGE = fs.readFileSync(path.join(ROOT, 'docs', 'command-line.md'), 'utf8')
const VERSION = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version

function blocks(info: string): string[] {
  return [...PAGE.matchAll(/^```(\S*)\n([\s\S]*?)^```$/gm)]
    .filter((match) => match[1] === info)
    .map((match) => match[2])
}

const gitlab = blocks('text').filter((block) => /^\s+script:/m.test(block))
const jenkins = blocks('groovy')

describe('docs/command-line.md', () => {
  it('has one GitLab CI job and one Jenkins stage', () => {
    expect(gitlab).toHaveLength(1)
    expect(jenkins).toHaveLength(1)
  })

  it('names only flags the command line has', () => {
    const named = [...PAGE.matchAll(/(?<![\w-])--([a-z][a-z-]+)/g)].map((match) => match[1])
    const known = new Set([...Object.keys(FLAGS), 'help', 'version', 'yes', 'scenario'])
    expect(named.filter((flag) => !known.has(flag))).toEqual([])
  })

  it('pins the version of package.json wherever it runs the package', () => {
    const pins = [...PAGE.matchAll(/tcss-virus-gate@(\S+)/g)].map((match) => match[1])
    expect(pins.length).toBeGreaterThanOrEqual(3)
    expect(new Set(pins)).toEqual(new Set([VERSION]))
  })

  it('the GitLab job is valid YAML whose JUnit report is the file the gate writes', () => {
    const config = parse(gitlab[0]) as Record<
      string,
      { image: string; script: string[]; artifacts: { when: string; reports: { junit: string } } }
    >
    const [job] = Object.values(config)
    expect(job.script).toHaveLength(1)
    const command = job.script[0]
    expect(command).toMatch(/^npx --yes tcss-virus-gate@/)
    const junit = /--junit-file (\S+)/.exec(command)?.[1]
    expect(job.artifacts.reports.junit).toBe(junit)
    // The report must be collected when the gate fails, which is when it matters.
    expect(job.artifacts.when).toBe('always')
  })

  it('the Jenkins stage reads back the JUnit file it asks for, whatever the exit code', () => {
    const stage = jenkins[0]
    const junit = /--junit-file (\S+)/.exec(stage)?.[1]
    expect(stage).toMatch(/post \{\s+always \{/)
    expect(stage).toContain(`junit testResults: '${junit}'`)
  })
})
