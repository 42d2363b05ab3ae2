/**
 * The feature cache: corpus feature matrices as float32 BLOBs in the index (migration 002-features), one per
 * (utterance, feature set), each stamped with the size and mtime of the audio file it was computed from. A row is
 * valid while its set's configuration hash is the current one and the file still has that size and mtime; anything
 * else is recomputed and overwritten. Writes are batched into one transaction (the index runs synchronous=FULL,
 * where a commit per matrix would cost a disk flush each).
 */
import { createHash } from 'node:crypto'
import type { FeatureMatrix } from '../../../shared/domain/features'
import type { Db } from '../db/open-db'
import { writeTransaction } from '../db/open-db'

export interface FileStamp {
  size: number
  mtimeMs: number
}

export interface CachedMatrix extends FeatureMatrix {
  stamp: FileStamp
}

export interface FeatureCache {
  /** The id of the set for (kind, canonical config), created on first use */
  setId(kind: string, config: string): number
  /** The stamps of every cached matrix of a set, by utterance id (no BLOB is read) */
  stamps(setId: number): Map<string, FileStamp>
  get(setId: number, utteranceId: string): CachedMatrix | null
  /** Stores matrices in one transaction, replacing older ones */
  putMany(setId: number, rows: { utteranceId: string; stamp: FileStamp; matrix: FeatureMatrix }[]): void
  /** Drops every matrix of sets of `kind` whose configuration is no longer `keepSetId` (stale configs) */
  pruneOtherConfigs(kind: string, keepSetId: number): number
}

export function configHash(config: string): string {
  return createHash('sha256').update(config).digest('hex').slice(0, 16)
}

interface Row {
  file_size: number
  file_mtime_ms: number
  frames: number
  dims: number
  frame_shift_sec: number
  names: string
  data: Buffer
}

/** The BLOB as a Float32Array of its own (a Buffer may sit at an offset that Float32Array cannot view). */
function toFloat32(b: Buffer): Float32Array {
  const out = new Float32Array(b.byteLength / 4)
  new Uint8Array(out.buffer).set(b)
  return out
}

function toBlob(data: Float32Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}

export function createFeatureCache(db: Db): FeatureCache {
  const st = {
    findSet: db.prepare('SELECT id FROM feature_sets WHERE kind = ? AND config_hash = ?').pluck(),
    insertSet: db.prepare('INSERT INTO feature_sets (kind, config_hash, config, created_at) VALUES (?, ?, ?, ?)'),
    stamps: db.prepare(
      'SELECT utterance_id AS id, file_size AS size, file_mtime_ms AS mtimeMs FROM feature_cache WHERE set_id = ?'
    ),
    get: db.prepare(
      'SELECT file_size, file_mtime_ms, frames, dims, frame_shift_sec, names, data FROM feature_cache WHERE set_id = ? AND utterance_id = ?'
    ),
    put: db.prepare(
      `INSERT INTO feature_cache (set_id, utterance_id, file_size, file_mtime_ms, frames, dims, frame_shift_sec, names, computed_at, data)
       VALUES (@setId, @utteranceId, @size, @mtimeMs, @frames, @dims, @frameShiftSec, @names, @at, @data)
       ON CONFLICT (set_id, utterance_id) DO UPDATE SET file_size = excluded.file_size, file_mtime_ms = excluded.file_mtime_ms,
         frames = excluded.frames, dims = excluded.dims, frame_shift_sec = excluded.frame_shift_sec, names = excluded.names,
         computed_at = excluded.computed_at, data = excluded.data`
    ),
    prune: db.prepare('DELETE FROM feature_sets WHERE kind = ? AND id != ?')
  }
  const putMany = writeTransaction(
    db,
    (setId: number, rows: { utteranceId: string; stamp: FileStamp; matrix: FeatureMatrix }[]) => {
      const at = new Date().toISOString()
      for (const r of rows) {
        st.put.run({
          setId,
          utteranceId: r.utteranceId,
          size: r.stamp.size,
          mtimeMs: r.stamp.mtimeMs,
          frames: r.matrix.frames,
          dims: r.matrix.dims,
          frameShiftSec: r.matrix.frameShiftSec,
          names: JSON.stringify(r.matrix.names),
          at,
          data: toBlob(r.matrix.data)
        })
      }
    }
  )
  return {
    setId(kind, config) {
      const hash = configHash(config)
      const found = st.findSet.get(kind, hash) as number | undefined
      if (found !== undefined) return found
      // looked up again under the write lock: another process may have added it since
      return writeTransaction(db, () => {
        const now = st.findSet.get(kind, hash) as number | undefined
        return now ?? Number(st.insertSet.run(kind, hash, config, new Date().toISOString()).lastInsertRowid)
      })()
    },
    stamps(setId) {
      const out = new Map<string, FileStamp>()
      for (const r of st.stamps.all(setId) as { id: string; size: number; mtimeMs: number }[]) {
        out.set(r.id, { size: r.size, mtimeMs: r.mtimeMs })
      }
      return out
    },
    get(setId, utteranceId) {
      const r = st.get.get(setId, utteranceId) as Row | undefined
      if (!r) return null
      return {
        frames: r.frames,
        dims: r.dims,
        frameShiftSec: r.frame_shift_sec,
        names: JSON.parse(r.names) as string[],
        data: toFloat32(r.data),
        stamp: { size: r.file_size, mtimeMs: r.file_mtime_ms }
      }
    },
    putMany(setId, rows) {
      if (rows.length > 0) putMany(setId, rows)
    },
    pruneOtherConfigs(kind, keepSetId) {
      return st.prune.run(kind, keepSetId).changes
    }
  }
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp): boolean {
  return a !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs
}
