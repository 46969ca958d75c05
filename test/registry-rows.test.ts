/**
 * Unit tests of registry references against the rows of
 * DescribeAssetImageRegistryList: every row shape the gate accepts, for the
 * pushed image and for look-alikes in other namespaces, hosts, tags and
 * digests. A row is taken only when its fields prove the whole repository
 * address; the host compares without regard to case, everything else exactly.
 */
import { describe, expect, it } from '@jest/globals'
import { parseRegistryReference } from '../src/core/registry-reference.js'
import {
  matches,
  parseRegistryList,
  type RegistryRow,
  rowAddress,
  similarRows
} from '../src/sources/tcss/registry-rows.js'

/** The repository address a row proves, or '' when it proves none. */
function rowRepository(row: Record<string, unknown>): string {
  const address = rowAddress(row)
  return 'repository' in address ? address.repository : ''
}

const HOST = 'ccr.ccs.tencentyun.com'
const REPO = `${HOST}/team/app`
const DIGEST = `sha256:${'ab'.repeat(32)}`

/** The rows the gate reads from one page holding `rows` (Id 1, 2, … when not given). */
function read(rows: Record<string, unknown>[]): RegistryRow[] {
  return parseRegistryList({
    TotalCount: rows.length,
    List: rows.map((row, index) => ({ Id: index + 1, ImageTag: '1.4.2', ...row })),
    RequestId: 'req-rows'
  }).items
}
const one = (row: Record<string, unknown>): RegistryRow => read([row])[0]

describe('parseRegistryReference', () => {
  it('keeps the host in lower case and namespace, name and tag as written', () => {
    expect(parseRegistryReference('CCR.CCS.TencentYun.com/team/app:1.4.2')).toMatchObject({
      repository: REPO,
      tag: '1.4.2',
      text: `${REPO}:1.4.2`
    })
    expect(parseRegistryReference('Registry.Example.COM:5000/Team/App:V1')).toMatchObject({
      repository: 'registry.example.com:5000/Team/App',
      tag: 'V1'
    })
    expect(parseRegistryReference(`CCR.ccs.tencentyun.com/team/sub/app@${DIGEST}`)).toMatchObject({
      repository: `${HOST}/team/sub/app`,
      digest: DIGEST,
      tag: undefined
    })
  })
})

describe('the pushed image, in every row shape the gate accepts', () => {
  const reference = parseRegistryReference(`${REPO}:1.4.2`)
  it.each<[string, Record<string, unknown>]>([
    ['a full address', { ImageRepoAddress: REPO }],
    ['a full address with a trailing slash', { ImageRepoAddress: `${REPO}/` }],
    ['a full address, host in capitals', { ImageRepoAddress: 'CCR.CCS.TencentYun.com/team/app' }],
    [
      'a full address with Namespace and ImageName that agree',
      { ImageRepoAddress: REPO, Namespace: 'team', ImageName: 'app' }
    ],
    ['a full address with Namespace alone', { ImageRepoAddress: REPO, Namespace: 'team' }],
    [
      'a full address with an ImageName that holds the namespace',
      { ImageRepoAddress: REPO, Namespace: 'team', ImageName: 'team/app' }
    ],
    ['a full address with ImageName alone', { ImageRepoAddress: REPO, ImageName: 'app' }],
    [
      'the host, Namespace and ImageName',
      { ImageRepoAddress: HOST, Namespace: 'team', ImageName: 'app' }
    ],
    [
      'the host in capitals, Namespace and ImageName',
      { ImageRepoAddress: 'CCR.CCS.TENCENTYUN.COM', Namespace: 'team', ImageName: 'app' }
    ],
    [
      'the host, Namespace and ImageName with slashes around',
      { ImageRepoAddress: `${HOST}/`, Namespace: ' /team/ ', ImageName: '/app' }
    ]
  ])('is taken from %s', (_shape, row) => {
    const taken = one(row)
    expect(taken).toMatchObject({ repository: REPO, unproven: '' })
    expect(matches(taken, reference)).toBe(true)
  })

  it.each<[string, Record<string, unknown>]>([
    ['a full address', { ImageRepoAddress: `${HOST}/team/sub/app` }],
    [
      'the host, Namespace and a nested ImageName',
      { ImageRepoAddress: HOST, Namespace: 'team', ImageName: 'sub/app' }
    ],
    [
      'the host, a nested Namespace and ImageName',
      { ImageRepoAddress: HOST, Namespace: 'team/sub', ImageName: 'app' }
    ],
    [
      'a full address with nested fields that agree',
      { ImageRepoAddress: `${HOST}/team/sub/app`, Namespace: 'team', ImageName: 'sub/app' }
    ]
  ])('a nested namespace is taken from %s', (_shape, row) => {
    const nested = parseRegistryReference(`${HOST}/team/sub/app:1.4.2`)
    expect(matches(one(row), nested)).toBe(true)
    expect(matches(one(row), reference)).toBe(false)
  })
})

describe('look-alikes in other namespaces, hosts and repositories are never taken', () => {
  const references = [
    parseRegistryReference(`${REPO}:1.4.2`),
    parseRegistryReference(`CCR.CCS.TencentYun.com/team/app:1.4.2`)
  ]
  it.each<[string, Record<string, unknown>, string]>([
    // Proven addresses that are another repository.
    [
      'another namespace holding team/app',
      { ImageRepoAddress: `${HOST}/sandbox/team/app` },
      `${HOST}/sandbox/team/app`
    ],
    ['another namespace', { ImageRepoAddress: `${HOST}/sandbox/app` }, `${HOST}/sandbox/app`],
    ['the namespace in capitals', { ImageRepoAddress: `${HOST}/Team/app` }, `${HOST}/Team/app`],
    ['the name in capitals', { ImageRepoAddress: `${HOST}/team/App` }, `${HOST}/team/App`],
    ['a deeper path', { ImageRepoAddress: `${REPO}/sub` }, `${REPO}/sub`],
    ['a longer name', { ImageRepoAddress: `${REPO}-worker` }, `${REPO}-worker`],
    [
      'a mirror host',
      { ImageRepoAddress: 'mirror.example.com/team/app' },
      'mirror.example.com/team/app'
    ],
    ['the host with a port', { ImageRepoAddress: `${HOST}:443/team/app` }, `${HOST}:443/team/app`],
    [
      'the host, Namespace sandbox and a nested ImageName team/app',
      { ImageRepoAddress: HOST, Namespace: 'sandbox', ImageName: 'team/app' },
      `${HOST}/sandbox/team/app`
    ],
    [
      'the host, Namespace sandbox and ImageName app',
      { ImageRepoAddress: HOST, Namespace: 'sandbox', ImageName: 'app' },
      `${HOST}/sandbox/app`
    ],
    [
      'the host, a nested Namespace and ImageName app',
      { ImageRepoAddress: HOST, Namespace: 'team/sub', ImageName: 'app' },
      `${HOST}/team/sub/app`
    ],
    [
      'the host, no Namespace and ImageName app',
      { ImageRepoAddress: HOST, ImageName: 'app' },
      `${HOST}/app`
    ]
  ])('%s', (_shape, row, repository) => {
    const lookAlike = one(row)
    expect(lookAlike).toMatchObject({ repository, unproven: '' })
    for (const reference of references) expect(matches(lookAlike, reference)).toBe(false)
  })

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'the host, no Namespace and a nested ImageName team/app',
      { ImageRepoAddress: HOST, ImageName: 'team/app' },
      /host alone and Namespace is empty, so ImageName "team\/app" does not prove its namespace/
    ],
    [
      'the host, an empty Namespace and a rooted ImageName /team/app',
      { ImageRepoAddress: HOST, Namespace: '', ImageName: '/team/app' },
      /does not prove its namespace/
    ],
    [
      'the host, a blank Namespace and a nested ImageName',
      { ImageRepoAddress: HOST, Namespace: '   ', ImageName: 'team/app' },
      /does not prove its namespace/
    ],
    [
      'the host, Namespace not a string and a nested ImageName',
      { ImageRepoAddress: HOST, Namespace: 7, ImageName: 'team/app' },
      /does not prove its namespace/
    ],
    [
      'a full address that Namespace contradicts',
      { ImageRepoAddress: REPO, Namespace: 'sandbox', ImageName: 'app' },
      /disagrees with Namespace "sandbox"/
    ],
    [
      'a full address that Namespace alone contradicts',
      { ImageRepoAddress: REPO, Namespace: 'sandbox' },
      /disagrees with Namespace "sandbox"/
    ],
    [
      'a full address that ImageName contradicts',
      { ImageRepoAddress: REPO, ImageName: 'team/other' },
      /disagrees with .*ImageName "team\/other"/
    ],
    [
      'a namespace address beside ImageName (never rebuilt)',
      { ImageRepoAddress: `${HOST}/team`, ImageName: 'other/app' },
      /disagrees/
    ],
    ['an address with an empty part', { ImageRepoAddress: `${HOST}//team/app` }, /empty part/],
    [
      'the host and a nested ImageName with an empty part',
      { ImageRepoAddress: HOST, Namespace: 'team', ImageName: 'sub//app' },
      /empty part/
    ],
    [
      'no address, Namespace and ImageName',
      { Namespace: 'team', ImageName: 'app' },
      /ImageRepoAddress is empty/
    ],
    ['the host alone', { ImageRepoAddress: HOST }, /ImageName is empty/],
    ['no address field at all', {}, /ImageRepoAddress is empty/]
  ])('%s proves no address and is never taken', (_shape, row, why) => {
    const unproven = one(row)
    expect(unproven.repository).toBe('')
    expect(unproven.unproven).toMatch(why)
    expect(rowRepository(row)).toBe('')
    for (const reference of references) expect(matches(unproven, reference)).toBe(false)
  })
})

describe('tag and digest compare exactly', () => {
  it.each([['1.4.2-rc1'], ['1.4.20'], ['1.4'], ['V1.4.2'], [' 1.4.2'], ['']])(
    'tag %p is not 1.4.2',
    (tag) => {
      const row = one({ ImageRepoAddress: REPO, ImageTag: tag })
      expect(matches(row, parseRegistryReference(`${REPO}:1.4.2`))).toBe(false)
    }
  )

  it('takes the digest without regard to the case of its hex digits, whatever the tag', () => {
    const reference = parseRegistryReference(`${REPO}@${DIGEST}`)
    expect(
      matches(
        one({ ImageRepoAddress: REPO, ImageTag: 'x', ImageDigest: DIGEST.toUpperCase() }),
        reference
      )
    ).toBe(true)
  })

  it.each<[string, unknown]>([
    ['an empty digest', ''],
    ['no digest field', undefined],
    ['a digest that is a prefix of the reference', DIGEST.slice(0, 20)],
    ['the bare algorithm', 'sha256:'],
    ['a digest the reference is a prefix of', `${DIGEST}00`],
    ['another digest', `sha256:${'cd'.repeat(32)}`]
  ])(
    'a row of the same repository with %s is never taken by a digest reference',
    (_what, digest) => {
      const reference = parseRegistryReference(`${REPO}@${DIGEST}`)
      const row = one({ ImageRepoAddress: REPO, ImageTag: 'latest', ImageDigest: digest })
      expect(matches(row, reference)).toBe(false)
    }
  )
})

describe('similarRows', () => {
  it('lists look-alikes, and rows that prove no address with the reason, never the image itself', () => {
    const reference = parseRegistryReference(`CCR.CCS.TencentYun.com/team/app:1.4.2`)
    const rows = read([
      { ImageRepoAddress: HOST, Namespace: 'sandbox', ImageName: 'team/app' },
      { ImageRepoAddress: HOST, ImageName: 'team/app' },
      { ImageRepoAddress: HOST, ImageName: 'other/thing' },
      { ImageRepoAddress: REPO, ImageTag: '1.4.2-rc1' },
      { ImageRepoAddress: `${HOST}/elsewhere/db` }
    ])
    expect(similarRows(rows, reference)).toEqual([
      `${HOST}/sandbox/team/app:1.4.2`,
      `ImageRepoAddress "${HOST}", ImageName "team/app" tag "1.4.2" (Id 2: ImageRepoAddress is the registry host alone and Namespace is empty, so ImageName "team/app" does not prove its namespace)`,
      `${REPO}:1.4.2-rc1`
    ])
  })
})

describe('slashes around the address fields', () => {
  const reference = parseRegistryReference(`${REPO}:1.4.2`)
  it.each<[string, Record<string, unknown>]>([
    ['a full address ending in a run of slashes', { ImageRepoAddress: `${REPO}//` }],
    [
      'the host, Namespace and ImageName in runs of slashes',
      { ImageRepoAddress: `${HOST}///`, Namespace: '//team//', ImageName: '//app//' }
    ]
  ])('a run of slashes is trimmed as one: %s', (_shape, row) => {
    const taken = one(row)
    expect(taken).toMatchObject({ repository: REPO, unproven: '' })
    expect(matches(taken, reference)).toBe(true)
  })

  it('keeps the name of a row that proves no address without the slashes around it', () => {
    const row = one({ ImageRepoAddress: HOST, ImageName: '//team/app//' })
    expect(row).toMatchObject({ repository: '', name: 'team/app' })
  })

  it('takes an address that starts with a slash as one with an empty host', () => {
    expect(one({ ImageRepoAddress: '/team/app' }).unproven).toBe(
      'ImageRepoAddress "/team/app" has an empty part'
    )
  })

  it('refuses a Namespace with an empty part beside the host alone', () => {
    const row = one({ ImageRepoAddress: HOST, Namespace: 'team//sub', ImageName: 'app' })
    expect(row).toMatchObject({
      repository: '',
      unproven: 'Namespace "team//sub" or ImageName "app" has an empty part'
    })
  })
})

describe('a row as it is read', () => {
  it('shows the address fields as the service sent them, leaving out blank ones', () => {
    expect(one({ ImageRepoAddress: HOST, Namespace: ' /team ', ImageName: 'app' }).shown).toBe(
      `ImageRepoAddress "${HOST}", Namespace " /team ", ImageName "app"`
    )
    expect(one({ ImageRepoAddress: REPO, Namespace: '   ', ImageName: '' }).shown).toBe(
      `ImageRepoAddress "${REPO}"`
    )
  })

  it('reads fields that are missing or of another type as empty, and Id as -1', () => {
    const row = one({
      Id: '7',
      ImageRepoAddress: REPO,
      ImageTag: undefined,
      ImageDigest: 42,
      ImageId: null,
      ScanTime: 0
    })
    expect(row).toMatchObject({ id: -1, tag: '', digest: '', imageId: '', scanTime: '' })
    expect(one({ Id: 1.5, ImageRepoAddress: REPO }).id).toBe(-1)
    expect(one({ Id: 12, ImageRepoAddress: REPO }).id).toBe(12)
  })

  it.each<[unknown, boolean | undefined]>([
    [1, true],
    [0, false],
    [2, undefined],
    ['1', undefined],
    [true, undefined],
    [undefined, undefined]
  ])('reads IsAuthorized %p as %p', (value, authorized) => {
    expect(one({ ImageRepoAddress: REPO, IsAuthorized: value }).authorized).toBe(authorized)
  })

  it('names DescribeAssetImageRegistryList in a malformed answer', () => {
    expect(() => parseRegistryList({ TotalCount: 1, List: 'x', RequestId: 'req-9' })).toThrow(
      'malformed DescribeAssetImageRegistryList response: List is not an array (RequestId: req-9)'
    )
  })
})

describe('matches, in depth', () => {
  const proven = one({ ImageRepoAddress: REPO, ImageDigest: '' })
  it('never takes a row marked unproven, whatever repository it carries', () => {
    const reference = parseRegistryReference(`${REPO}:1.4.2`)
    expect(matches(proven, reference)).toBe(true)
    expect(matches({ ...proven, unproven: 'the fields disagree' }, reference)).toBe(false)
  })

  it('never takes an empty digest, even against a reference whose digest is empty', () => {
    const reference = { ...parseRegistryReference(`${REPO}@${DIGEST}`), digest: '' }
    expect(matches(proven, reference)).toBe(false)
  })
})

describe('similarRows, what it lists', () => {
  const reference = parseRegistryReference(`${REPO}:1.4.2`)
  it('leaves out the image itself and takes a row that proves no address by the last part of its name', () => {
    const rows = read([
      { ImageRepoAddress: REPO },
      { ImageRepoAddress: HOST, ImageName: 'other/app' },
      { ImageName: 'app' },
      { ImageRepoAddress: HOST, ImageName: 'other/application' }
    ])
    expect(similarRows(rows, reference)).toEqual([
      `ImageRepoAddress "${HOST}", ImageName "other/app" tag "1.4.2" (Id 2: ImageRepoAddress is the registry host alone and Namespace is empty, so ImageName "other/app" does not prove its namespace)`,
      `ImageName "app" tag "1.4.2" (Id 3: ImageRepoAddress is empty, so the row names no registry host)`
    ])
  })

  it('lists at most ten, the first ten in the order read', () => {
    const tags = Array.from({ length: 12 }, (_, index) => `1.${index}`)
    const rows = read(tags.map((tag) => ({ ImageRepoAddress: REPO, ImageTag: tag })))
    expect(similarRows(rows, reference)).toEqual(tags.slice(0, 10).map((tag) => `${REPO}:${tag}`))
  })
})
