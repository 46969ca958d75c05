/**
 * The least a program built on the official SDK does before its first
 * request: load the TCSS client and send one call. Bundled by ncc as the
 * action is, it is the start-up floor of any action that signs with the SDK
 * (`npm run bench`, start-up section). The endpoint and keys come from the
 * environment the benchmark sets.
 */
import tcss from 'tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_client.js'

const client = new tcss.Client({
  credential: { secretId: process.env.FLOOR_SECRET_ID, secretKey: process.env.FLOOR_SECRET_KEY },
  region: 'ap-guangzhou',
  profile: { httpProfile: { endpoint: process.env.FLOOR_ENDPOINT_HOST, protocol: 'http://' } }
})
await client.DescribeAssetImageVirusList({ Limit: 1 }).catch(() => undefined)
