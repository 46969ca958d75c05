/**
 * Serving the real API host name from the machine itself, for the tests that
 * need a non-loopback endpoint (proxies bypass loopback hosts by design):
 * a throwaway self-signed certificate for that name, and the child-process
 * environment that trusts it and resolves the name to 127.0.0.1 without any
 * DNS query (test/helpers/resolve-local.mjs).
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { generate } from 'selfsigned'
import { ROOT } from './run-action.js'

/** The API host of the default endpoint. */
export const API_HOST = 'tcss.tencentcloudapi.com'

/** What resolve-local.mjs writes to stderr when it refuses a lookup. */
export const REFUSED_LOOKUP = 'resolve-local: refused'

const RESOLVE_LOCAL = pathToFileURL(path.join(ROOT, 'test', 'helpers', 'resolve-local.mjs')).href

export interface TestCertificate {
  /** PEM private key and certificate, for the emulator's `tls` option. */
  key: string
  cert: string
  /** A file holding the certificate, for NODE_EXTRA_CA_CERTS. */
  caFile: string
  /** Deletes caFile. */
  remove(): void
}

/** A certificate for `hostname`, valid from an hour ago for a day, signed by its own key. */
export async function createTestCertificate(hostname = API_HOST): Promise<TestCertificate> {
  const notBeforeDate = new Date(Date.now() - 3_600_000)
  const notAfterDate = new Date(notBeforeDate.getTime() + 86_400_000)
  const pems = await generate([{ name: 'commonName', value: hostname }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: hostname }] }
    ]
  })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcss-gate-cert-'))
  const caFile = path.join(dir, 'ca.pem')
  fs.writeFileSync(caFile, pems.cert)
  return {
    key: pems.private,
    cert: pems.cert,
    caFile,
    remove: () => fs.rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Environment for the action's child process: trust `certificate`, resolve
 * `localHosts` to 127.0.0.1 and refuse every other lookup of a non-loopback
 * name. With no localHosts, any attempt to reach a named host directly fails.
 */
export function localNetworkEnv(
  certificate: TestCertificate,
  localHosts: string[] = []
): Record<string, string> {
  return {
    NODE_EXTRA_CA_CERTS: certificate.caFile,
    NODE_OPTIONS: `--import ${RESOLVE_LOCAL}`,
    TCSS_TEST_LOCAL_HOSTS: localHosts.join(',')
  }
}
