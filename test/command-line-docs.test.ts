/**
 * docs/command-line.md cannot rot: its GitLab CI job parses as YAML and has the
 * shape GitLab reads (script, artifacts:reports:junit naming the file the gate
 * writes), its Jenkins stage reads back the JUnit file it asks for, and every
 * flag the page names is a flag of the command line, with the version of
 * package.json. (test/docs.test.ts checks ```yaml blocks as GitHub workflows
 * or policies; the GitLab job is a ```text block for that reason.)
 */
import { execFileSync, spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { FLAG_ALIASES, FLAGS } from '../src/cli/flags.js'
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

interface GitlabJob {
  image: string
  variables?: Record<string, string>
  script: string[]
  artifacts: { when: string; reports: { junit: string } }
}

/** The GitLab job that runs the gate. */
function gateJob(): GitlabJob {
  const config = parse(gitlab[0]) as Record<string, GitlabJob>
  const jobs = Object.values(config).filter((job) =>
    job.script.some((line) => line.includes('tcss-virus-gate@'))
  )
  expect(jobs).toHaveLength(1)
  return jobs[0]
}

/** The Jenkins stage's `environment { NAME = "value" }` entries that are not credentials. */
function jenkinsEnvironment(): Record<string, string> {
  const block = /environment \{([\s\S]*?)\n {2}\}/.exec(jenkins[0])?.[1] ?? ''
  return Object.fromEntries(
    [...block.matchAll(/^\s*(\w+)\s*=\s*"([^"]*)"/gm)].map((match) => [match[1], match[2]])
  )
}

describe('docs/command-line.md', () => {
  it('has one GitLab CI job and one Jenkins stage', () => {
    expect(gitlab).toHaveLength(1)
    expect(jenkins).toHaveLength(1)
  })

  it('names only flags the command line has', () => {
    const named = [...PAGE.matchAll(/(?<![\w-])--([a-z][a-z-]+)/g)].map((match) => match[1])
    // Besides the gate's own: npx's --yes, the emulator's --scenario, docker's in the build job.
    const others = ['help', 'version', 'yes', 'scenario', 'password-stdin', 'format']
    const known = new Set([...Object.keys(FLAGS), ...Object.keys(FLAG_ALIASES), ...others])
    expect(named.filter((flag) => !known.has(flag))).toEqual([])
  })

  it('pins the version of package.json wherever it runs the package', () => {
    const pins = [...PAGE.matchAll(/tcss-virus-gate@([\w.-]+)/g)].map((match) => match[1])
    expect(pins.length).toBeGreaterThanOrEqual(3)
    expect(new Set(pins)).toEqual(new Set([VERSION]))
  })

  it('lists every flag of the command line, and only those', () => {
    const list = /<!-- flags:start -->([\s\S]*?)<!-- flags:end -->/.exec(PAGE)?.[1] ?? ''
    const listed = [...list.matchAll(/`--([a-z-]+)`/g)].map((match) => match[1])
    expect([...listed].sort()).toEqual(Object.keys(FLAGS).sort())
  })

  it('the GitLab job and the Jenkins stage gate the pushed image as a registry image, by digest', () => {
    const command = gateJob().script[0]
    expect(command).toContain('--registry-image "${IMAGE_DIGEST_REF}"')
    expect(jenkins[0]).toContain('--registry-image "${IMAGE_DIGEST_REF}"')
    for (const snippet of [command, jenkins[0]]) expect(snippet).not.toMatch(/--image[ =]/)
    // The build job hands the digest reference to the gate job.
    expect(gitlab[0]).toMatch(
      /IMAGE_DIGEST_REF=\$\(docker inspect --format '\{\{index \.RepoDigests 0\}\}'/
    )
    expect(gitlab[0]).toMatch(/dotenv: build\.env/)
  })

  it('the GitLab job is valid YAML whose JUnit report is the file the gate writes', () => {
    const job = gateJob()
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

/**
 * The snippets' npx runs as a user whose home directory cannot be written
 * (Jenkins' Docker agent, a rootless GitLab runner), container-free: the
 * packed package stands for the published one, the home directory is a path
 * under /dev/null (no user, root included, can create it), and the
 * environment is what each snippet sets.
 */
describe('the snippets run npx without a writable home directory', () => {
  let dir: string
  let tarball: string
  const unwritableHome = '/dev/null/home'

  beforeAll(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-npx-')))
    const out = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' }
      })
    ) as Array<{ filename: string }>
    tarball = path.join(dir, out[0].filename)
  })
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true })
  })

  /** `npx --yes tcss-virus-gate@X --version` as the snippet runs it, the tarball in place of the registry. */
  function npxVersion(
    workspace: string,
    env: Record<string, string>
  ): { status: number | null; output: string } {
    fs.mkdirSync(workspace, { recursive: true })
    const run = spawnSync('npx', ['--yes', '--package', tarball, 'tcss-virus-gate', '--version'], {
      cwd: workspace,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: unwritableHome,
        npm_config_update_notifier: 'false',
        npm_config_offline: 'true',
        ...env
      },
      timeout: 60_000
    })
    return { status: run.status, output: `${run.stdout}${run.stderr}` }
  }

  it("fails without the snippets' settings (the check is real)", () => {
    const run = npxVersion(path.join(dir, 'bare'), {})
    expect(run.status).not.toBe(0)
    expect(run.output).toMatch(/ENOTDIR|EACCES/)
  })

  it('the GitLab job', () => {
    const workspace = path.join(dir, 'gitlab')
    const variables = Object.fromEntries(
      Object.entries(gateJob().variables ?? {}).map(([name, value]) => [
        name,
        value.replace('${CI_PROJECT_DIR}', workspace)
      ])
    )
    expect(Object.keys(variables)).toContain('npm_config_cache')
    const run = npxVersion(workspace, { ...variables, CI_PROJECT_DIR: workspace })
    expect(run).toEqual({ status: 0, output: `${VERSION}\n` })
  })

  it('the Jenkins stage', () => {
    const workspace = path.join(dir, 'jenkins')
    const environment = Object.fromEntries(
      Object.entries(jenkinsEnvironment()).map(([name, value]) => [
        name,
        value.replace('${env.WORKSPACE}', workspace)
      ])
    )
    expect(Object.keys(environment)).toEqual(expect.arrayContaining(['HOME', 'npm_config_cache']))
    const run = npxVersion(workspace, { ...environment, WORKSPACE: workspace })
    expect(run).toEqual({ status: 0, output: `${VERSION}\n` })
  })
})
