import { describe, expect, it } from '@jest/globals'
import { ruleIdForVirus, ruleNameForVirus, sarifText } from '../src/sinks/sarif-text.js'

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
