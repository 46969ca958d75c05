/**
 * Reading YAML nodes for the policy parser (policy.ts): keys and scalars as
 * written, numbers and dates checked, and values described for messages.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml'
import type { Node, Pair, Scalar } from 'yaml'

export function keyText(pair: Pair): string | undefined {
  const key = pair.key
  if (isScalar(key) && typeof key.value === 'string') return key.value
  // A numeric key as written: 4 is a level, 04, 4.0 and 0x4 are not.
  if (isScalar(key) && typeof key.value === 'number') return sourceOf(key) ?? String(key.value)
  return undefined
}

export function sourceOf(node: Scalar): string | undefined {
  const source = (node as Scalar & { source?: string }).source
  return typeof source === 'string' ? source : undefined
}

/** The text of a plain or quoted scalar as written (so an all-digit md5 keeps its digits). */
export function scalarText(node: Node | null): string | undefined {
  if (!isScalar(node)) return undefined
  if (typeof node.value === 'string') return node.value
  if (node.value === null || typeof node.value === 'boolean') return undefined
  const source = (node as Scalar & { source?: string }).source
  return typeof source === 'string' ? source : String(node.value)
}

export function isDecimal(node: Scalar): boolean {
  return /^-?\d+(\.\d*)?$/.test(sourceOf(node) ?? '')
}

/** A non-negative whole number, or a phrase saying what is wrong with the value. */
export function wholeNumber(node: Node | null): number | string {
  if (node === null || (isScalar(node) && node.value === null)) return 'is empty'
  if (!isScalar(node)) return `is ${describe(node)}, not a number`
  if (typeof node.value !== 'number') return `is ${show(node)}, not a number`
  if (!isDecimal(node)) return `is written ${show(node)}; write it in decimal digits`
  // 010 is 10 in YAML 1.2 and 8 in YAML 1.1 (and under a %YAML 1.1 directive): refuse the guess.
  if (/^-?0\d/.test(sourceOf(node) ?? ''))
    return `is written ${show(node)} with a leading zero, which YAML 1.1 reads as octal; write it without`
  if (node.value < 0) return `is ${show(node)}, a negative number`
  if (!/^\d+$/.test(sourceOf(node) ?? ''))
    return `is ${show(node)}, not a whole number (a fraction, or written with a decimal point)`
  if (!Number.isSafeInteger(node.value)) return `is ${show(node)}, too large`
  return node.value
}

export function show(node: unknown): string {
  if (isScalar(node)) {
    const source = (node as Scalar & { source?: string }).source
    const text = typeof source === 'string' ? source : JSON.stringify(node.value)
    return `'${String(text).slice(0, 60)}'`
  }
  return describe(node)
}

export function describe(node: unknown): string {
  if (node === null || node === undefined) return 'nothing'
  if (isMap(node)) return 'a mapping'
  if (isSeq(node)) return 'a list'
  if (isAlias(node)) return 'an alias'
  if (isScalar(node)) {
    if (node.value === null) return 'nothing'
    return `${typeof node.value === 'string' ? 'the text' : `the ${typeof node.value}`} ${show(node)}`
  }
  return 'an unexpected value'
}

/** yaml's messages end with " at line L, column C"; the location is reported separately. */
export function yamlMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim()
}
