import { describe, expect, it } from '@jest/globals'
import { levelOfEventRisk } from '../src/core/levels.js'
import {
  eventFinding,
  parseVirusDetailResponse,
  RESOLVED_STATUSES
} from '../src/sources/tcss/virus-detail.js'
import { TransientError } from '../src/cloud/retry.js'
import { runtimeEvent as event } from './helpers/builders.js'

describe('DescribeVirusDetail responses', () => {
  it('maps RiskLevel names, RISK_NOTICE to low, anything else to unknown', () => {
    expect(
      ['RISK_CRITICAL', 'RISK_HIGH', 'RISK_MEDIUM', 'RISK_LOW', 'RISK_NOTICE'].map(levelOfEventRisk)
    ).toEqual(['critical', 'high', 'medium', 'low', 'low'])
    for (const value of [null, undefined, '', 'risk_high', 'RISK_SEVERE', 4, 'constructor'])
      expect(levelOfEventRisk(value)).toBe('unknown')
  })

  it('resolves exactly the four DEAL_ statuses and the five handled EVENT_ statuses of events handled in the console', () => {
    expect(RESOLVED_STATUSES).toEqual([
      'DEAL_IGNORE',
      'DEAL_ADD_WHITELIST',
      'DEAL_DEL',
      'DEAL_ISOLATE',
      'EVENT_DEALED',
      'EVENT_IGNORE',
      'EVENT_DEL',
      'EVENT_ADD_WHITE',
      'EVENT_ISOLATE_CONTAINER'
    ])
    for (const status of RESOLVED_STATUSES) expect(event('a', { Status: status }).open).toBe(false)
    for (const status of [
      'DEAL_NONE',
      'DEAL_ISOLATING',
      'DEAL_ISOLATE_FAILED',
      'DEAL_RECOVERING',
      'DEAL_RECOVER_FAILED',
      'DEAL_NEW',
      'EVENT_PENDING',
      'EVENT_RESOTRE_CONTAINER',
      'EVENT_UNDEAL',
      ' DEAL_DEL',
      'deal_del',
      null,
      3,
      undefined
    ])
      expect(event('a', { Status: status }).open).toBe(true)
  })

  it('reads null, missing and wrongly typed fields as null, and keeps what was sent', () => {
    const parsed = parseVirusDetailResponse('e', {
      RiskLevel: null,
      Status: null,
      FilePath: 42,
      ProcessId: '7',
      Tags: 'x',
      Size: null,
      RequestId: 'r'
    })
    expect(parsed).toMatchObject({
      id: 'e',
      level: 'unknown',
      riskLevel: null,
      status: null,
      open: true,
      filePath: null,
      fileMd5: null,
      processId: null,
      tags: null,
      size: null,
      requestId: 'r'
    })
    expect(parsed.fields).toEqual({
      RiskLevel: null,
      Status: null,
      FilePath: 42,
      ProcessId: '7',
      Tags: 'x',
      Size: null
    })
    expect(parseVirusDetailResponse('e', {})).toMatchObject({ level: 'unknown', open: true })
  })

  it('refuses a body that is not an object as transient', () => {
    for (const raw of [null, [], 'x', 3]) {
      expect(() => parseVirusDetailResponse('e', raw)).toThrow(TransientError)
    }
  })

  it('makes a finding of an event: FileMd5 and FilePath, null as empty, unknown level without a RiskLevel', () => {
    expect(eventFinding(event('a'))).toMatchObject({
      eventId: 'a',
      path: '/srv/a',
      level: 'high',
      riskLevel: 3
    })
    expect(
      eventFinding(event('b', { FileMd5: null, FilePath: null, RiskLevel: null }))
    ).toMatchObject({ md5: '', path: '', level: 'unknown', riskLevel: null })
  })
})
