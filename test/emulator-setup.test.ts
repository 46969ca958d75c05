/**
 * The emulator's account set-up pieces, through the official SDK: a refused
 * read action, a missing service role, the registries connected to TCSS, the
 * request log's write actions, and a proxy that refuses the tunnel.
 */
import * as http from 'node:http'
import { Agent } from 'node:http'
import { afterEach, describe, expect, it } from '@jest/globals'
import { Client } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_client.js'
import { startConnectProxy } from './helpers/connect-proxy.js'
import {
  startEmulator,
  WRITE_ACTIONS,
  type Emulator,
  type EmulatorOptions
} from './emulator/emulator.mjs'

const emulators: Emulator[] = []
const agents: Agent[] = []

afterEach(async () => {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()))
  for (const agent of agents.splice(0)) agent.destroy()
})

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator(options)
  emulators.push(emulator)
  return emulator
}

function sdkClient(emulator: Emulator): Client {
  const agent = new Agent({ keepAlive: true })
  agents.push(agent)
  return new Client({
    credential: { secretId: emulator.secretId, secretKey: emulator.secretKey },
    region: 'ap-guangzhou',
    profile: {
      httpProfile: {
        endpoint: `127.0.0.1:${emulator.port}`,
        protocol: 'http://',
        reqTimeout: 5,
        agent
      }
    }
  })
}

async function errorOf(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise
  } catch (error) {
    return error as { code?: string; message: string }
  }
  throw new Error('the call succeeded')
}

const REGISTRY_IMAGE = { repository: 'ccr.ccs.tencentyun.com/team/app', tag: '1.0' }

describe('deniedActions', () => {
  it('answers the denied action AuthFailure.UnauthorizedOperation naming tcss:Action, and serves the others', async () => {
    const emulator = await start({
      images: { 'sha256:a': { findings: [] } },
      deniedActions: ['DescribeAssetImageRegistryVirusList']
    })
    const client = sdkClient(emulator)
    const refused = await errorOf(
      client.request('DescribeAssetImageRegistryVirusList', { Id: 1, Limit: 1 })
    )
    expect(refused.code).toBe('AuthFailure.UnauthorizedOperation')
    expect(refused.message).toContain('(tcss:DescribeAssetImageRegistryVirusList)')
    expect(refused.message).toContain('qcs::tcss:ap-guangzhou:uin/')
    await expect(
      client.request('DescribeAssetImageVirusList', { ImageID: 'sha256:a', Limit: 1 })
    ).resolves.toMatchObject({ TotalCount: 0 })
    expect(emulator.requests.map((request) => request.outcome)).toEqual([
      'AuthFailure.UnauthorizedOperation',
      'ok'
    ])
  })

  it('refuses an action it does not implement', async () => {
    await expect(start({ deniedActions: ['DescribeNothing'] })).rejects.toThrow(/deniedActions/)
  })
})

describe('serviceRoleMissing', () => {
  it('answers every signed, permitted call InternalError.ErrRoleNotExist; CAM refusals and bad keys come first', async () => {
    const emulator = await start({
      images: { 'sha256:a': { findings: [] } },
      serviceRoleMissing: true,
      deniedActions: ['DescribeAssetImageList']
    })
    const client = sdkClient(emulator)
    const role = await errorOf(
      client.request('DescribeAssetImageVirusList', { ImageID: 'sha256:a', Limit: 1 })
    )
    expect(role).toMatchObject({ code: 'InternalError.ErrRoleNotExist' })
    expect(role.message).toBe('user not authorised')
    await expect(
      errorOf(client.request('DescribeAssetImageList', { Limit: 1 }))
    ).resolves.toMatchObject({ code: 'AuthFailure.UnauthorizedOperation' })
    const badKey = new Client({
      credential: { secretId: emulator.secretId, secretKey: 'wrong-key-000000000000' },
      profile: {
        httpProfile: { endpoint: `127.0.0.1:${emulator.port}`, protocol: 'http://', reqTimeout: 5 }
      }
    })
    await expect(
      errorOf(badKey.request('DescribeAssetImageList', { Limit: 1 }))
    ).resolves.toMatchObject({ code: 'AuthFailure.SignatureFailure' })
  })
})

describe('regions', () => {
  it('answers UnsupportedRegion for a Region it does not serve, and serves its own and none', async () => {
    const emulator = await start({
      images: { 'sha256:a': { findings: [] } },
      regions: ['ap-shanghai']
    })
    const refused = await errorOf(
      sdkClient(emulator).request('DescribeAssetImageVirusList', { ImageID: 'sha256:a', Limit: 1 })
    )
    expect(refused).toMatchObject({ code: 'UnsupportedRegion' })
    expect(refused.message).toContain('ap-guangzhou')
    const regionless = new Client({
      credential: { secretId: emulator.secretId, secretKey: emulator.secretKey },
      profile: {
        httpProfile: { endpoint: `127.0.0.1:${emulator.port}`, protocol: 'http://', reqTimeout: 5 }
      }
    })
    await expect(
      regionless.request('DescribeAssetImageVirusList', { ImageID: 'sha256:a', Limit: 1 })
    ).resolves.toMatchObject({ TotalCount: 0 })
    await expect(start({ regions: [1] as unknown as string[] })).rejects.toThrow(/regions/)
  })
})

describe('connectedRegistries', () => {
  it('lists one registry per host of the registry images by default', async () => {
    const emulator = await start({ registryImages: { 7: REGISTRY_IMAGE } })
    const answer = (await sdkClient(emulator).request('DescribeAssetImageRegistryRegistryList', {
      Limit: 10
    })) as { TotalCount: number; List: Array<{ Url: string; RegistryId: number }> }
    expect(answer.TotalCount).toBe(1)
    expect(answer.List[0]).toMatchObject({ Url: 'https://ccr.ccs.tencentyun.com', RegistryId: 1 })
  })

  it('lists what it is given: [] is an account with no registry connected', async () => {
    const emulator = await start({ registryImages: { 7: REGISTRY_IMAGE }, connectedRegistries: [] })
    await expect(
      sdkClient(emulator).request('DescribeAssetImageRegistryRegistryList', { Limit: 10 })
    ).resolves.toMatchObject({ TotalCount: 0, List: [] })
    await expect(start({ connectedRegistries: [''] })).rejects.toThrow(/connectedRegistries/)
  })
})

describe('the request log', () => {
  it('records every action, so a test can tell a write request from a read', async () => {
    const emulator = await start({ images: { 'sha256:a': { findings: [], statuses: [0] } } })
    const client = sdkClient(emulator)
    await client.request('DescribeAssetImageVirusList', { ImageID: 'sha256:a', Limit: 1 })
    await client.request('CreateAssetImageScanTask', {
      Images: ['sha256:a'],
      ScanVirus: true,
      ScanScope: 1
    })
    expect(emulator.requests.map((request) => request.action)).toEqual([
      'DescribeAssetImageVirusList',
      'CreateAssetImageScanTask'
    ])
    expect(
      emulator.requests.filter((request) => WRITE_ACTIONS.includes(request.action ?? ''))
    ).toHaveLength(1)
    expect([...WRITE_ACTIONS].sort()).toEqual([
      'CreateAssetImageRegistryScanTask',
      'CreateAssetImageScanTask',
      'SyncAssetImageRegistryAsset'
    ])
  })
})

describe('a proxy that refuses', () => {
  it('answers every CONNECT with the status given, and records it', async () => {
    const proxy = await startConnectProxy({ refuse: 403 })
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const request = http.request({
          host: '127.0.0.1',
          port: proxy.port,
          method: 'CONNECT',
          path: 'tcss.tencentcloudapi.com:443'
        })
        request.on('connect', (response, socket) => {
          socket.destroy()
          resolve(response.statusCode ?? 0)
        })
        request.on('error', reject)
        request.end()
      })
      expect(status).toBe(403)
      expect(proxy.connects).toEqual(['tcss.tencentcloudapi.com:443'])
    } finally {
      await proxy.close()
    }
  })
})
