/**
 * Desktop ↔ team (`ser team push`, `ser team pull`): copies corpora and label events between two stores. Events
 * travel with their global ids in batches, each appended in one transaction that skips ids the target holds, so a
 * copy can be repeated or cut off at any point (a killed process, a dropped connection) and run again: what was
 * committed stays, the rest follows, nothing is doubled.
 */
import type { Store, SyncedLabelEvent } from '../store/store'

export interface SyncProgress {
  read: number
  added: number
}

export interface SyncResult extends SyncProgress {
  /** Events left out because the target has no such utterance (pull into a desktop corpus that lacks it) */
  skipped: number
  corpora: string[]
  /** The source's seq of the last event read (0 when none) */
  lastSeq: number
}

export interface SyncOptions {
  /** Events per transaction */
  batch?: number
  /** Copy these corpora's index first (push); default none */
  corpora?: string[]
  /** Leave out events of utterances the target lacks instead of failing (pull) */
  onlyKnownUtterances?: boolean
  onProgress?: (p: SyncProgress) => void
}

export async function syncStores(from: Store, to: Store, options: SyncOptions = {}): Promise<SyncResult> {
  const batch = options.batch ?? 500
  for (const id of options.corpora ?? []) await to.putCorpus(await from.corpusBatch(id))
  const known = options.onlyKnownUtterances ? new Set((await to.utterancesPage({})).map((u) => u.id)) : null
  const result: SyncResult = { read: 0, added: 0, skipped: 0, corpora: options.corpora ?? [], lastSeq: 0 }
  let after = 0
  for (;;) {
    const page = await from.labelEventsAfter(after, batch)
    if (page.length === 0) break
    after = page[page.length - 1].seq
    result.lastSeq = after
    result.read += page.length
    const events: SyncedLabelEvent[] = []
    for (const { seq: _seq, ...e } of page) {
      if (known && !known.has(e.utteranceId)) result.skipped++
      else events.push(e)
    }
    if (events.length > 0) result.added += await to.appendLabelEvents(events)
    options.onProgress?.({ read: result.read, added: result.added })
  }
  return result
}
