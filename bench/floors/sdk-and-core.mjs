/**
 * sdk-call.mjs plus `@actions/core`, read for one input as an action reads
 * its inputs: the start-up floor of any action built on the two libraries the
 * gate must use (`npm run bench`, start-up section).
 */
import * as core from '@actions/core'
import tcss from 'tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_client.js'

const client = new tcss.Client({
  credential: {
    secretId: core.getInput('secret-id') || process.env.FLOOR_SECRET_ID,
    secretKey: process.env.FLOOR_SECRET_KEY
  },
  region: 'ap-guangzhou',
  profile: { httpProfile: { endpoint: process.env.FLOOR_ENDPOINT_HOST, protocol: 'http://' } }
})
await client.DescribeAssetImageVirusList({ Limit: 1 }).catch(() => undefined)
