/**
 * The rules of Jenkins' JUnit schema: junit-10.xsd of the xUnit plugin (MIT,
 * Copyright (c) 2014 Gregory Boissinot;
 * https://github.com/jenkinsci/xunit-plugin/blob/master/src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd),
 * checked structurally with fast-xml-parser: no XSD validator is among the
 * dev dependencies, so the elements, their attributes (allowed and required),
 * their children and the SUREFIRE_TIME pattern are written out here as the
 * schema declares them.
 */
import { expect } from '@jest/globals'
import { XMLParser, XMLValidator } from 'fast-xml-parser'

const SCHEMA: Record<string, { attributes: string[]; required?: string[]; children: string[] }> = {
  testsuites: {
    attributes: ['name', 'time', 'tests', 'failures', 'errors'],
    children: ['testsuite']
  },
  testsuite: {
    attributes: [
      ...['name', 'tests', 'failures', 'errors', 'group', 'time', 'skipped', 'timestamp'],
      ...['hostname', 'id', 'package', 'file', 'log', 'url']
    ],
    required: ['name', 'tests', 'failures', 'errors'],
    children: ['testsuite', 'properties', 'testcase', 'system-out', 'system-err']
  },
  properties: { attributes: [], children: ['property'] },
  property: { attributes: ['name', 'value'], required: ['name', 'value'], children: [] },
  testcase: {
    attributes: ['name', 'time', 'classname', 'group'],
    required: ['name'],
    children: ['skipped', 'error', 'failure', 'system-out', 'system-err']
  },
  failure: { attributes: ['type', 'message'], children: ['#text'] },
  error: { attributes: ['type', 'message'], children: ['#text'] },
  skipped: { attributes: ['type', 'message'], children: ['#text'] },
  'system-out': { attributes: [], children: ['#text'] },
  'system-err': { attributes: [], children: ['#text'] }
}
/** SUREFIRE_TIME, the schema's type of `time` on testsuites and testsuite. */
const SUREFIRE_TIME = /^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$/

/** Every way the document breaks junit-10.xsd; empty when it conforms. */
export function junitSchemaProblems(xml: string): string[] {
  expect(XMLValidator.validate(xml)).toBe(true)
  const tree = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    preserveOrder: true,
    parseAttributeValue: false,
    parseTagValue: false
  }).parse(xml) as Array<Record<string, unknown>>
  const problems: string[] = []
  const visit = (element: string, node: Record<string, unknown>, where: string): void => {
    const rule = SCHEMA[element]
    if (!rule) return void problems.push(`${where}: <${element}> is not in the schema`)
    const attributes = Object.keys((node[':@'] as Record<string, string> | undefined) ?? {})
    for (const name of attributes)
      if (!rule.attributes.includes(name)) problems.push(`${where}: attribute ${name} not allowed`)
    for (const name of rule.required ?? [])
      if (!attributes.includes(name)) problems.push(`${where}: attribute ${name} missing`)
    const time = (node[':@'] as Record<string, string> | undefined)?.time
    if ((element === 'testsuites' || element === 'testsuite') && time !== undefined)
      if (!SUREFIRE_TIME.test(time)) problems.push(`${where}: time ${time} is no SUREFIRE_TIME`)
    for (const child of node[element] as Array<Record<string, unknown>>) {
      const name = Object.keys(child).find((key) => key !== ':@') ?? ''
      if (!rule.children.includes(name)) problems.push(`${where}: <${name}> not allowed inside`)
      else if (name !== '#text') visit(name, child, `${where} > ${name}`)
    }
  }
  const root = tree.filter((node) => !('?xml' in node))
  expect(root.map((node) => Object.keys(node)[0])).toEqual(['testsuites'])
  visit('testsuites', root[0], 'testsuites')
  return problems
}
