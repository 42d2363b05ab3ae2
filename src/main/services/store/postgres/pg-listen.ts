/**
 * Label changes across server processes: every write NOTIFYs `ser_labels` in its own transaction (delivered at
 * commit, never for a rollback), and every process holds one connection that LISTENs and hands each payload to its
 * listeners, its own writes included, so each connected client hears every change once whichever process made it.
 * The connection is re-opened after a drop (a PostgreSQL restart), with a growing pause.
 */
import pg from 'pg'
import type { LabelEdit } from '../../../../shared/domain/labels'

export const LABELS_CHANNEL = 'ser_labels'
/** NOTIFY payloads must stay under 8000 bytes; a label edit is ~250 */
export const EDITS_PER_NOTIFY = 20

export interface LabelListener {
  on(fn: (edits: LabelEdit[]) => void): () => void
  /** Resolves once LISTEN is in place (the first time) */
  ready: Promise<void>
  close(): Promise<void>
}

export function listenForLabels(url: string): LabelListener {
  const listeners = new Set<(edits: LabelEdit[]) => void>()
  let client: pg.Client | null = null
  let closed = false
  let delay = 200
  let markReady: () => void = () => undefined
  const ready = new Promise<void>((r) => (markReady = r))

  async function connect(): Promise<void> {
    if (closed) return
    const c = new pg.Client({ connectionString: url })
    c.on('error', () => undefined)
    c.on('end', () => {
      // only a connection that was listening schedules its successor; a failed attempt does so below
      if (client !== c) return
      client = null
      if (!closed) setTimeout(() => void connect(), delay)
    })
    c.on('notification', (n) => {
      if (n.channel !== LABELS_CHANNEL || !n.payload) return
      const edits = JSON.parse(n.payload) as LabelEdit[]
      for (const l of listeners) l(edits)
    })
    try {
      await c.connect()
      await c.query(`LISTEN ${LABELS_CHANNEL}`)
      client = c
      delay = 200
      markReady()
    } catch {
      delay = Math.min(delay * 2, 5000)
      await c.end().catch(() => undefined)
      if (!closed) setTimeout(() => void connect(), delay)
    }
  }
  void connect()
  return {
    on(fn) {
      listeners.add(fn)
      return () => void listeners.delete(fn)
    },
    ready,
    async close() {
      closed = true
      listeners.clear()
      await client?.end().catch(() => undefined)
    }
  }
}
