import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Log, ReportingDescriptor, Result } from 'sarif'
import { SARIF_DOCS_URL, TOOL_NAME, TOOL_VERSION } from '../src/constants.js'
import { buildSarif, FINGERPRINT_KEY, IMAGE_ROOT } from '../src/sinks/sarif.js'
import { imagePathUri } from '../src/sinks/sarif-text.js'
import type { GateResult } from '../src/core/result.js'
import {
  findingWith,
  gateResult,
  imageResult,
  judged,
  policy,
  unreadImage
} from './helpers/builders.js'
import { sarifValidator, schemaErrors } from './helpers/schemas.js'

const finding = findingWith({
  virusName: 'Linux.Trojan.Test',
  size: 10,
  description: 'A test virus.',
  solution: 'Delete the file.',
  firstScanTime: '',
  latestScanTime: ''
})

/** Builds the log, checks it against the SARIF 2.1.0 schema and survives a JSON round trip. */
function validSarif(result: GateResult): Log {
  const log = JSON.parse(JSON.stringify(buildSarif(result))) as Log
  const validate = sarifValidator()
  const valid = validate(log)
  if (!valid) throw new Error(`invalid SARIF:\n${schemaErrors(validate.errors).join('\n')}`)
  return log
}

function resultsOf(log: Log): Result[] {
  expect(log.runs).toHaveLength(1)
  return log.runs[0].results ?? []
}

function rulesOf(log: Log): ReportingDescriptor[] {
  return log.runs[0].tool.driver.rules ?? []
}

/** RFC 3986 relative-ref with a path-noscheme or path-empty: no scheme, no authority, no query or fragment. */
const RELATIVE_PATH_REF =
  /^(?:[A-Za-z0-9\-._~!$&'()*+,;=@]|%[0-9A-F]{2})+(?:\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-F]{2})*)*$/

describe('the schema validator', () => {
  it('uses the schema file exactly as published (see its NOTICE)', () => {
    const bytes = readFileSync(new URL('./fixtures/sarif-schema-2.1.0.json', import.meta.url))
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      '2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8'
    )
  })

  it('rejects logs that break the SARIF 2.1.0 schema (so that passing it means something)', () => {
    const validate = sarifValidator()
    const good = buildSarif(imageResult([finding(4, '/app/x')], policy({ critical: 0 })))
    expect(validate(JSON.parse(JSON.stringify(good)))).toBe(true)

    const badLevel = JSON.parse(JSON.stringify(good)) as Log
    ;(badLevel.runs[0].results as unknown as Array<Record<string, unknown>>)[0].level = 'fatal'
    expect(validate(badLevel)).toBe(false)

    const badUri = JSON.parse(JSON.stringify(good)) as Log
    const location = (badUri.runs[0].results as Result[])[0].locations?.[0].physicalLocation
    ;(location?.artifactLocation as { uri: string }).uri = 'app/a file with spaces'
    expect(validate(badUri)).toBe(false)

    const badVersion = { ...good, version: '2.0.0' }
    expect(validate(badVersion)).toBe(false)

    const noMessage = JSON.parse(JSON.stringify(good)) as Log
    delete (noMessage.runs[0].results as Array<Partial<Result>>)[0].message
    expect(validate(noMessage)).toBe(false)
  })
})

describe('buildSarif', () => {
  it('gives one result per violation, none for allowlisted or within-threshold findings', () => {
    const allowlistedMd5 = 'ABCDEF0123456789ABCDEF0123456789'
    const result = imageResult(
      [
        finding(4, '/app/critical-1'),
        finding(4, '/app/critical-2'),
        finding(4, '/app/allowlisted', { md5: allowlistedMd5 }),
        finding(2, '/app/medium-within-threshold'),
        finding(1, '/app/low-unlimited')
      ],
      policy({ critical: 0, medium: 1 }, [{ md5: allowlistedMd5.toLowerCase(), reason: 'fixture' }])
    )
    expect(result.images[0].evaluation?.violations).toBe(2)

    const log = validSarif(result)
    const results = resultsOf(log)
    expect(results.map((r) => r.locations?.[0].physicalLocation?.artifactLocation?.uri)).toEqual([
      'app/critical-1',
      'app/critical-2'
    ])
    expect(JSON.stringify(log)).not.toContain('app/allowlisted')
    expect(JSON.stringify(log)).not.toContain('medium-within-threshold')
    expect(JSON.stringify(log)).not.toContain('low-unlimited')
  })

  it('maps levels: critical, high and unknown → error, medium → warning, low → note', () => {
    const result = imageResult(
      [
        finding(4, '/l/critical', { virusName: 'V.Critical' }),
        finding(3, '/l/high', { virusName: 'V.High' }),
        finding(2, '/l/medium', { virusName: 'V.Medium' }),
        finding(1, '/l/low', { virusName: 'V.Low' }),
        finding(null, '/l/unknown', { virusName: 'V.Unknown' })
      ],
      policy({ critical: 0, high: 0, medium: 0, low: 0 })
    )
    const log = validSarif(result)
    const byPath = Object.fromEntries(
      resultsOf(log).map((r) => [r.locations?.[0].physicalLocation?.artifactLocation?.uri, r.level])
    )
    expect(byPath).toEqual({
      'l/critical': 'error',
      'l/unknown': 'error',
      'l/high': 'error',
      'l/medium': 'warning',
      'l/low': 'note'
    })
    const severity = Object.fromEntries(
      rulesOf(log).map((rule) => [rule.id, rule.properties?.['security-severity']])
    )
    expect(severity).toEqual({
      'virus/V.Critical': '9.5',
      'virus/V.Unknown': '9.5',
      'virus/V.High': '8.0',
      'virus/V.Medium': '5.5',
      'virus/V.Low': '2.0'
    })
    const unknown = resultsOf(log).find((r) => r.ruleId === 'virus/V.Unknown')
    expect(unknown?.message.text).toContain('with an unknown RiskLevel judged as critical in')
  })

  it('lists one rule per virus name, with a short description, and points each result at its rule', () => {
    const result = imageResult(
      [
        finding(4, '/a', { virusName: 'Linux.Miner.Xmrig' }),
        finding(3, '/b', { virusName: 'Linux.Miner.Xmrig' }),
        finding(4, '/c', { virusName: 'Win32.Backdoor' })
      ],
      policy({ critical: 0, high: 0 })
    )
    const log = validSarif(result)
    const rules = rulesOf(log)
    expect(rules.map((rule) => rule.id)).toEqual([
      'virus/Linux.Miner.Xmrig',
      'virus/Win32.Backdoor'
    ])
    for (const rule of rules) {
      expect(rule.shortDescription?.text).toMatch(/^Virus found by TCSS: /)
      expect(rule.properties?.tags).toContain('security')
    }
    // The rule takes the most severe level it is reported at.
    expect(rules[0].defaultConfiguration?.level).toBe('error')
    expect(rules[0].properties?.['security-severity']).toBe('9.5')
    for (const r of resultsOf(log)) {
      expect(rules[r.ruleIndex as number].id).toBe(r.ruleId)
    }
  })

  it('gives a rule the most severe level among its results, whatever their order', () => {
    const result = imageResult(
      [finding(2, '/m', { virusName: 'Same.Name' }), finding(3, '/h', { virusName: 'Same.Name' })],
      policy({ high: 0, medium: 0 })
    )
    // Evaluation lists the most severe first; the log must not depend on that.
    result.images[0].evaluation?.findings.reverse()
    expect(result.images[0].evaluation?.findings.map((f) => f.level)).toEqual(['medium', 'high'])
    const log = validSarif(result)
    const [rule] = rulesOf(log)
    expect(rule.properties?.['security-severity']).toBe('8.0')
    expect(rule.defaultConfiguration?.level).toBe('error')
    expect(resultsOf(log).map((r) => r.level)).toEqual(['warning', 'error'])
  })

  describe('fingerprints', () => {
    const fingerprintsOf = (result: GateResult, scope: 'all' | 'violations' = 'all') =>
      (buildSarif(result, scope).runs[0].results ?? []).map(
        (r) => r.partialFingerprints?.[FINGERPRINT_KEY]
      )
    const md5 = 'abcdef0123456789abcdef0123456789'

    it('are distinct for one md5 at two paths, however each is judged', () => {
      const findings = [finding(4, '/app/a', { md5 }), finding(4, '/app/b', { md5 })]
      const result = imageResult(
        findings,
        policy({ critical: 0 }, [{ md5, reason: 'fixture', expires: undefined }])
      )
      const prints = fingerprintsOf(result)
      expect(prints).toHaveLength(2)
      expect(prints[0]).toMatch(/^[0-9a-f]{64}$/)
      expect(new Set(prints).size).toBe(2)
    })

    it('are distinct for one md5 and path in two images of the step', () => {
      const same = () => [finding(4, '/app/a', { md5 })]
      const result = gateResult({
        images: [
          judged(same(), { imageId: 'sha256:one', imageName: 'app:1' }),
          judged(same(), { imageId: 'sha256:two', imageName: 'worker:1' })
        ]
      })
      const prints = fingerprintsOf(result, 'violations')
      expect(prints).toHaveLength(2)
      expect(new Set(prints).size).toBe(2)
    })

    it('are the same from run to run: same image, md5 and path, whatever the order, the case of the md5 or the timing', () => {
      const a = finding(4, '/app/a', {
        md5: md5.toUpperCase(),
        latestScanTime: '2026-01-01 00:00:00'
      })
      const b = finding(3, '/app/b')
      const first = imageResult([a, b], policy({ critical: 0, high: 0 }), { durationMs: 10 })
      const again = imageResult(
        [{ ...b }, { ...a, md5, latestScanTime: '2026-02-02 00:00:00' }],
        policy({ critical: 0, high: 0 }),
        { durationMs: 99_999, requests: 7 }
      )
      const byPath = (result: GateResult) =>
        Object.fromEntries(
          (buildSarif(result).runs[0].results ?? []).map((r) => [
            r.locations?.[0].physicalLocation?.artifactLocation?.uri,
            r.partialFingerprints?.[FINGERPRINT_KEY]
          ])
        )
      expect(byPath(again)).toEqual(byPath(first))
    })

    it('follow the image name, not the ImageID, for an image given by name', () => {
      const pushed = (imageId: string) =>
        gateResult({
          images: [judged([finding(4, '/app/a', { md5 })], { imageId, imageName: 'app:1' })]
        })
      expect(fingerprintsOf(pushed('sha256:build-1'))).toEqual(
        fingerprintsOf(pushed('sha256:build-2'))
      )
      const byId = (imageId: string) =>
        gateResult({ images: [judged([finding(4, '/app/a', { md5 })], { imageId })] })
      expect(fingerprintsOf(byId('sha256:one'))).not.toEqual(fingerprintsOf(byId('sha256:two')))
    })

    it('are given to a finding without an md5 as well, by its image and path', () => {
      const result = imageResult(
        [finding(4, '/with-md5', { md5 }), finding(4, '/without-md5', { md5: '' })],
        policy({ critical: 0 })
      )
      const [withMd5, withoutMd5] = resultsOf(validSarif(result))
      expect(withMd5.partialFingerprints?.[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{64}$/)
      expect(withoutMd5.partialFingerprints?.[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{64}$/)
      expect(withoutMd5.partialFingerprints).not.toEqual(withMd5.partialFingerprints)
    })
  })

  it('locates results by their in-image path under IMAGE_ROOT, which the run describes', () => {
    const log = validSarif(
      imageResult([finding(4, '/usr/lib/évil lib.so')], policy({ critical: 0 }))
    )
    const [r] = resultsOf(log)
    expect(r.locations?.[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'usr/lib/%C3%A9vil%20lib.so', uriBaseId: IMAGE_ROOT },
      region: { startLine: 1 }
    })
    expect(log.runs[0].originalUriBaseIds?.[IMAGE_ROOT].description?.text).toContain('sha256:abc')
    expect(log.runs[0].originalUriBaseIds?.[IMAGE_ROOT].uri).toBeUndefined()
  })

  it('names the tool and its version (the version of package.json)', () => {
    const log = validSarif(imageResult([], policy({ critical: 0 })))
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string
    }
    expect(TOOL_VERSION).toBe(pkg.version)
    expect(log.runs[0].tool.driver).toMatchObject({
      name: TOOL_NAME,
      version: pkg.version,
      semanticVersion: pkg.version
    })
    expect(log.version).toBe('2.1.0')
    expect(resultsOf(log)).toEqual([])
    expect(rulesOf(log)).toEqual([])
    expect(log.runs[0].invocations?.[0].executionSuccessful).toBe(true)
  })

  it('records a judged run as successful even when the policy is violated', () => {
    const log = validSarif(imageResult([finding(4, '/x')], policy({ critical: 0 })))
    expect(log.runs[0].invocations?.[0]).toMatchObject({
      executionSuccessful: true,
      properties: { verdict: 'fail' }
    })
    expect(log.runs[0].invocations?.[0].toolExecutionNotifications).toBeUndefined()
  })

  it('for a failed scan: zero results, an unsuccessful invocation and a notification saying why', () => {
    const gatePolicy = policy({ critical: 0 })
    const message = 'The TCSS virus scan of image sha256:broken failed (VirusScanStatus 3).'
    const result = gateResult({
      images: [unreadImage('sha256:broken', 'error', { kind: 'scan', message })],
      policy: gatePolicy,
      warnings: ['The policy has a [link](https://evil.example) in it'],
      durationMs: 5
    })
    const log = validSarif(result)
    expect(resultsOf(log)).toEqual([])
    expect(rulesOf(log)).toEqual([])
    const invocation = log.runs[0].invocations?.[0]
    expect(invocation?.executionSuccessful).toBe(false)
    expect(invocation?.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: {
          text: expect.stringContaining('failed (VirusScanStatus 3)') as unknown as string
        }
      },
      {
        level: 'warning',
        message: { text: 'The policy has a \\[link\\](https://evil.example) in it' }
      }
    ])
    expect(log.runs[0].properties).toMatchObject({ scanStatus: 'error', verdict: 'fail' })
  })

  it('is the same for the same input', () => {
    const findings = [finding(4, '/b'), finding(4, '/a'), finding(3, '/c', { virusName: 'X Y' })]
    const gatePolicy = policy({ critical: 0, high: 0 })
    expect(JSON.stringify(buildSarif(imageResult(findings, gatePolicy)))).toBe(
      JSON.stringify(buildSarif(imageResult([...findings].reverse(), gatePolicy)))
    )
  })
})

describe('buildSarif: help for code scanning', () => {
  it('gives each rule a friendly name, Markdown help with the virus, its level and what to do, and a helpUri', () => {
    const result = imageResult(
      [
        finding(3, '/a', { virusName: 'Linux.Trojan.Mirai', solution: '' }),
        finding(4, '/b', { virusName: 'Linux.Trojan.Mirai', solution: '' })
      ],
      policy({ critical: 0, high: 0 })
    )
    const [rule] = rulesOf(validSarif(result))
    expect(rule.name).toBe('VirusLinuxTrojanMirai')
    expect(rule.helpUri).toBe(SARIF_DOCS_URL)
    expect(rule.help?.text).toMatch(/Remove the file from the image/)
    expect(rule.help?.markdown).toContain('**Virus:** Linux.Trojan.Mirai')
    expect(rule.help?.markdown).toContain('**Level:** critical')
    expect(rule.help?.markdown).toMatch(/\*\*What to do:\*\* Remove the file/)
    expect(rule.help?.markdown).toContain('allowlist')
    expect(rule.help?.markdown).toContain(`](${SARIF_DOCS_URL})`)
  })

  it('escapes untrusted text in the help Markdown', () => {
    const hostile = '<img src=x onerror=alert(1)> @octocat [x](https://evil.example)'
    const result = imageResult(
      [finding(4, '/a', { virusName: hostile, description: hostile, solution: hostile })],
      policy({ critical: 0 })
    )
    const markdown = rulesOf(validSarif(result))[0].help?.markdown ?? ''
    expect(markdown).not.toContain('<img')
    expect(markdown).not.toContain('@octocat')
    expect(markdown).not.toContain('](https://evil')
  })
})

describe('buildSarif: scope', () => {
  const allowlistedMd5 = 'f'.repeat(32)
  const result = imageResult(
    [
      finding(4, '/bin/evil', { virusName: 'V.Critical' }),
      finding(3, '/opt/high', { virusName: 'V.High' }),
      finding(2, '/opt/medium', { virusName: 'V.Medium' }),
      finding(4, '/test/fixture', { virusName: 'EICAR', md5: allowlistedMd5 })
    ],
    policy({ critical: 0, high: 1 }, [{ md5: allowlistedMd5, reason: 'Scanner self-test file' }])
  )

  it('lists only the violations by default', () => {
    const log = validSarif(result)
    expect(
      resultsOf(log).map((r) => r.locations?.[0].physicalLocation?.artifactLocation?.uri)
    ).toEqual(['bin/evil'])
    expect(log.runs[0].properties?.scope).toBeUndefined()
  })

  it('with all, adds the findings within the thresholds one level lower and the allowlisted ones suppressed', () => {
    const log = JSON.parse(JSON.stringify(buildSarif(result, 'all'))) as Log
    const validate = sarifValidator()
    if (!validate(log)) throw new Error(schemaErrors(validate.errors).join('\n'))
    const byPath = Object.fromEntries(
      resultsOf(log).map((r) => [r.locations?.[0].physicalLocation?.artifactLocation?.uri, r])
    )
    expect(Object.keys(byPath)).toEqual(['bin/evil', 'test/fixture', 'opt/high', 'opt/medium'])
    expect(byPath['bin/evil'].level).toBe('error')
    expect(byPath['bin/evil'].suppressions).toBeUndefined()
    expect(byPath['opt/high'].level).toBe('warning')
    expect(byPath['opt/high'].message.text).toMatch(/Within the threshold\.$/)
    expect(byPath['opt/medium'].level).toBe('note')
    expect(byPath['test/fixture'].level).toBe('warning')
    expect(byPath['test/fixture'].suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'Allowlisted in the gate policy: Scanner self-test file'
      }
    ])
    expect(log.runs[0].properties?.scope).toBe('all')
    // Every result points at its rule.
    const rules = rulesOf(log)
    for (const r of resultsOf(log)) expect(rules[r.ruleIndex as number].id).toBe(r.ruleId)
  })
})

describe('hostile paths and names', () => {
  const HOSTILE_PATHS = [
    '/opt/app/file with spaces.bin',
    '/opt/100%/file#1?.bin',
    '/../../etc/passwd',
    '/a/./b/../c',
    '//double/leading',
    '/c:/windows/evil.exe',
    '/back\\slash\\path',
    '/line\nbreak\r/tab\there',
    '/nul\u0000byte',
    '/unicode/日本語/ファイル',
    '/emoji/😈.bin',
    '/lone/\uD800surrogate\uDFFF',
    '/bidi/\u202Egnp.exe',
    '/javascript:alert(1)',
    '/::error::workflow-command',
    '/trailing/slash/',
    '/[brackets]/{braces}/<angle>/"quote"/`tick`',
    ''
  ]

  it.each(HOSTILE_PATHS.map((path) => [JSON.stringify(path), path]))(
    'encodes the path %s as a relative URI reference that stays under IMAGE_ROOT',
    (_label, path) => {
      const uri = imagePathUri(path)
      expect(uri).toMatch(RELATIVE_PATH_REF)
      expect(uri.startsWith('/')).toBe(false)
      // No dot segment for a consumer to resolve, not even a percent-encoded one.
      const segments = uri.split('/').map(decodeURIComponent)
      expect(segments).not.toContain('..')
      expect(segments).not.toContain('.')
      // Resolving against a base keeps it inside the base (no climbing, no new host or scheme).
      const resolved = new URL(uri, 'file:///image-root/')
      expect(resolved.protocol).toBe('file:')
      expect(resolved.host).toBe('')
      expect(resolved.pathname.startsWith('/image-root/')).toBe(true)
      expect(resolved.search).toBe('')
      expect(resolved.hash).toBe('')
    }
  )

  it('keeps the path recoverable: decoding gives the path without its leading slash', () => {
    for (const path of HOSTILE_PATHS.filter(
      (p) => /^\/[^/]/.test(p) && !/\/\.\.?(\/|$)|\uD800/.test(p)
    )) {
      expect(decodeURIComponent(imagePathUri(path))).toBe(path.slice(1))
    }
  })

  it('resolves dot segments at the root like the kernel, and marks a missing path', () => {
    expect(imagePathUri('/../../etc/passwd')).toBe('etc/passwd')
    expect(imagePathUri('/a/./b/../c')).toBe('a/c')
    expect(imagePathUri('//double/leading')).toBe('double/leading')
    expect(imagePathUri('relative/x')).toBe('relative/x')
    expect(imagePathUri('/%2e%2e/x')).toBe('%252e%252e/x')
    expect(decodeURIComponent(imagePathUri('/lone/\uD800x'))).toBe('lone/\uFFFDx')
    expect(imagePathUri('')).toBe('(no%20path)')
    expect(imagePathUri('/')).toBe('(no%20path)')
  })

  it('writes a schema-valid log for hostile paths, names and descriptions', () => {
    const names = [
      '[click me](https://evil.example)',
      '{0} {1} {{escaped}}',
      'back\\slash',
      'new\nline',
      '::error::pwned',
      '<script>alert(1)</script>',
      '',
      'x'.repeat(10_000),
      '\uD800 lone',
      '@everyone #1'
    ]
    const findings = names.map((virusName, index) =>
      finding(4, HOSTILE_PATHS[index % HOSTILE_PATHS.length], {
        virusName,
        description: virusName,
        solution: virusName,
        fileName: virusName
      })
    )
    const log = validSarif(imageResult(findings, policy({ critical: 0 })))
    const results = resultsOf(log)
    expect(results).toHaveLength(names.length)
    const rules = rulesOf(log)
    expect(rules).toHaveLength(names.length)
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(names.length)
    for (const r of results) {
      const text = r.message.text ?? ''
      // No unescaped embedded link or placeholder survives in a message.
      expect(text).not.toMatch(/(^|[^\\])\[[^\]]*[^\\]\]\(/)
      expect(text.replace(/\{\{|\}\}/g, '')).not.toMatch(/[{}]/)
      expect(text.length).toBeLessThan(3000)
    }
    for (const rule of rules) {
      expect(rule.id).toMatch(/^virus\/(?:[A-Za-z0-9._-]+(?:\/[0-9a-f]{12})?|\(unnamed\))$/)
    }
  })
})
