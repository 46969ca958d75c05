import { callTcss } from './call.js'
import type { RegistryOptions } from './registry-list.js'

/**
 * One asset sync per run (SyncAssetImageRegistryAsset for every connected
 * registry), shared by every registry image of the step, and followed one
 * status read (DescribeAssetImageRegistryAssetStatus) per poll of the
 * registry list, never instead of it: the list is read again on every poll
 * while the sync runs, since a sync may stay `doing` for good (tccli's
 * example: `{"Status":"doing","Err":"rpc service error"}`) while TCSS lists
 * the image meanwhile. `note` says where the sync stands, for messages.
 */
export class RegistrySync {
  private sent: Promise<void> | undefined
  private reading: Promise<void> | undefined
  private settled = false
  /** Where the sync stands, for messages ('' before it was asked for). */
  note = ''
  constructor(private readonly options: Omit<RegistryOptions, 'concurrency'>) {}

  /** Asks for the sync the first time; afterwards reads its status once, until it ends. */
  async step(): Promise<void> {
    if (!this.sent) {
      this.sent = this.send()
      return this.sent
    }
    await this.sent
    if (this.settled) return
    this.reading ??= this.readStatus().finally(() => {
      this.reading = undefined
    })
    return this.reading
  }

  private async send(): Promise<void> {
    const { api, log } = this.options
    await callTcss(this.options, {
      action: 'SyncAssetImageRegistryAsset',
      send: (timeoutMs) => api.syncAssetImageRegistryAsset({ All: true }, timeoutMs),
      parse: (raw) => raw,
      reading: 'the registry asset sync'
    })
    this.note = 'the gate asked TCSS to sync the registry assets'
    log.info("Asked TCSS to sync the registries' image assets (SyncAssetImageRegistryAsset).")
  }

  private async readStatus(): Promise<void> {
    const { api, log } = this.options
    const { response: answer } = await callTcss(this.options, {
      action: 'DescribeAssetImageRegistryAssetStatus',
      send: (timeoutMs) => api.describeAssetImageRegistryAssetStatus({}, timeoutMs),
      reading: 'the registry asset sync status'
    })
    const state = typeof answer.Status === 'string' ? answer.Status : ''
    const err = typeof answer.Err === 'string' && answer.Err ? ` (Err: ${answer.Err})` : ''
    if (state === 'doing') {
      this.note = `the registry asset sync is still running${err}`
      return
    }
    this.settled = true
    this.note =
      state === 'success'
        ? 'the registry asset sync succeeded'
        : `the registry asset sync ended with status ${JSON.stringify(state)}${err}`
    log.info(`${this.note.charAt(0).toUpperCase()}${this.note.slice(1)}.`)
  }
}
