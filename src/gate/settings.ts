/**
 * The settings of a run: the secrets masked before anything can print them,
 * every input interpreted (core/settings.ts) with its files checked on disk,
 * and every proxy the run would use checked before any request.
 */
import { proxyFor, proxyUrlFor } from '../cloud/proxy.js'
import { Inputs } from '../constants.js'
import { readSecret } from '../core/credential-settings.js'
import type { InputEnvironment } from '../core/inputs.js'
import { interpretSettings, type Settings } from '../core/settings.js'
import { maskSecret, secretMasks } from '../secrets.js'
import { assertDistinctFiles, pathRoots, resolveContainedPath } from './paths.js'

/** Every input validated once, as the run uses them; throws an InputError for the first invalid one. */
export function readSettings(environment: InputEnvironment): Settings {
  const { env, inputs } = environment
  // Mask secrets before anything else can print them, valid or not: as given
  // (untrimmed) and as used (trimmed), and each part around a stray line break.
  const secrets = [
    readSecret(inputs, Inputs.SecretKey, 'TENCENTCLOUD_SECRET_KEY', env),
    readSecret(inputs, Inputs.SessionToken, 'TENCENTCLOUD_SESSION_TOKEN', env),
    readSecret(inputs, Inputs.GithubToken, undefined, env),
    readSecret(inputs, Inputs.RegistryPassword, undefined, env)
  ]
  for (const given of secrets) {
    for (const mask of secretMasks(given.raw)) maskSecret(mask)
  }
  const settings = interpretSettings(environment, {
    pathRoots,
    resolveContainedPath,
    assertDistinctFiles
  })
  assertUsableProxies(settings, env)
  return settings
}

/**
 * Every proxy the run would go through is a usable URL, before any request:
 * for the API, for STS when the credentials are keyless, and for GitHub's
 * API when the comment is asked for. An unusable one is an InputError that
 * names its variable (see proxyUrlFor), never a direct connection later.
 */
function assertUsableProxies(settings: Settings, env: NodeJS.ProcessEnv): void {
  proxyFor(settings.endpoint, env)
  const source = settings.credentialSource
  if (source.kind === 'oidc') proxyFor(source.oidc.stsEndpoint, env)
  if (settings.comment) {
    let githubApi: URL
    try {
      githubApi = new URL(env.GITHUB_API_URL || 'https://api.github.com')
    } catch {
      // The comment reports an API URL it cannot use itself, as its own failure.
      return
    }
    proxyUrlFor(githubApi.href, env)
  }
}
