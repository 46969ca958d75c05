import { describe, expect, it } from '@jest/globals'
import {
  findingFingerprint,
  ruleIdForVirus,
  ruleNameForVirus,
  sarifText
} from '../src/sinks/sarif-text.js'

describe('ruleIdForVirus', () => {
  it('keeps a plain name as it is', () => {
    expect(ruleIdForVirus('Linux.Trojan.Mirai-B_2')).toBe('virus/Linux.Trojan.Mirai-B_2')
  })

  it('sanitizes any other name and adds a hash of the exact name, so that ids stay distinct', () => {
    const spaced = ruleIdForVirus('Win32 Evil Name')
    expect(spaced).toMatch(/^virus\/Win32-Evil-Name\/[0-9a-f]{12}$/)
    expect(ruleIdForVirus('Win32 Evil Name')).toBe(spaced)
    // The sanitized text of both is the same; the ids are not.
    expect(ruleIdForVirus('Win32/Evil Name')).not.toBe(spaced)
    // A plain name can never equal a sanitized one: those have a second '/'.
    expect(ruleIdForVirus('Win32-Evil-Name')).toBe('virus/Win32-Evil-Name')
    expect(ruleIdForVirus('a'.repeat(81))).toMatch(/^virus\/a{80}\/[0-9a-f]{12}$/)
    expect(ruleIdForVirus('a'.repeat(80))).toBe(`virus/${'a'.repeat(80)}`)
    expect(ruleIdForVirus('日本')).toMatch(/^virus\/x\/[0-9a-f]{12}$/)
    expect(ruleIdForVirus('')).toBe('virus/(unnamed)')
  })
})

describe('sarifText', () => {
  it('escapes embedded links and placeholders, and cuts long texts', () => {
    expect(sarifText('[a](b) {0} \\')).toBe('\\[a\\](b) {{0}} \\\\')
    expect(sarifText('x'.repeat(12), 10)).toBe(`${'x'.repeat(10)}…`)
    expect(sarifText('😈'.repeat(12), 10)).toBe(`${'😈'.repeat(10)}…`)
  })
})

describe('ruleNameForVirus', () => {
  it('makes a Pascal-case friendly name from the ASCII words of the virus name', () => {
    expect(ruleNameForVirus('Linux.Trojan.Mirai')).toBe('VirusLinuxTrojanMirai')
    expect(ruleNameForVirus('win32/evil name</a>')).toBe('VirusWin32EvilNameA')
    expect(ruleNameForVirus('病毒')).toBe('Virus')
    expect(ruleNameForVirus('')).toBe('UnnamedVirus')
    expect(ruleNameForVirus('x'.repeat(200))).toHaveLength(80)
  })
})

describe('findingFingerprint', () => {
  const md5 = 'abcdef0123456789abcdef0123456789'
  it('is stable, ignores the case of the md5, and differs in each of target, md5 and path', () => {
    const print = findingFingerprint('app:1', md5, '/app/a')
    expect(print).toMatch(/^[0-9a-f]{64}$/)
    expect(findingFingerprint('app:1', md5.toUpperCase(), '/app/a')).toBe(print)
    expect(findingFingerprint('app:2', md5, '/app/a')).not.toBe(print)
    expect(findingFingerprint('app:1', md5.replace('a', 'b'), '/app/a')).not.toBe(print)
    expect(findingFingerprint('app:1', md5, '/app/b')).not.toBe(print)
  })

  it('cannot be made equal by moving text between the parts', () => {
    expect(findingFingerprint('a', md5, 'b/c')).not.toBe(findingFingerprint('a/b', md5, 'c'))
    expect(findingFingerprint('a', '', 'b')).not.toBe(findingFingerprint('', 'a', 'b'))
  })
})
