/**
 * Where to keep cached feature matrices: BLOBs in the SQLite index (what feature-cache.ts does) or a sidecar
 * folder of one file per matrix next to it. Prints write, validity-check and read times for a realistic set
 * (default 3000 utterances of 4.5 s, IEMOCAP's mean, as 26-band log-Mel: 450 × 26 float32 = 46.8 KB each).
 * Run: npx tsx bench/feature-cache.bench.ts [utterances]
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync
} from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDb } from '../src/main/services/db/open-db'
import { createFeatureCache } from '../src/main/services/features/feature-cache'
import type { FeatureMatrix } from '../src/shared/domain/features'

const n = Number(process.argv[2] ?? 3000)
const frames = 450
const dims = 26
const dir = mkdtempSync(join(tmpdir(), 'ser-cache-bench-'))
const ms = (t: number): string => `${(performance.now() - t).toFixed(0)} ms`

function matrix(i: number): FeatureMatrix {
  const data = new Float32Array(frames * dims)
  for (let k = 0; k < data.length; k++) data[k] = Math.sin(i + k * 0.01) * 10
  return { frames, dims, data, frameShiftSec: 0.01, names: Array.from({ length: dims }, (_, c) => `fb${c}`) }
}

console.log(
  `feature cache: ${n} matrices of ${frames}×${dims} float32 (${((frames * dims * 4) / 1024).toFixed(1)} KiB); load ${loadavg()[0].toFixed(2)}`
)

// --- SQLite blobs in the index (synchronous=FULL, WAL, batches of 32 per transaction as the service writes)
const db = openDb(join(dir, 'index.db'))
db.exec("INSERT INTO corpora VALUES ('c', 'folder', '/', 'now')")
const ins =
  db.prepare(`INSERT INTO utterances (id, corpus_id, path, duration_sec, sample_rate, channels, file_size, file_mtime_ms, ord)
  VALUES (?, 'c', ?, 4.5, 16000, 1, 1, 1, ?)`)
db.transaction(() => {
  for (let i = 0; i < n; i++) ins.run(`u${i}`, `u${i}.wav`, i)
})()
const cache = createFeatureCache(db)
const setId = cache.setId('logmel', '{"bench":1}')
let t = performance.now()
for (let i = 0; i < n; i += 32) {
  cache.putMany(
    setId,
    Array.from({ length: Math.min(32, n - i) }, (_, k) => ({
      utteranceId: `u${i + k}`,
      stamp: { size: 1, mtimeMs: 1 },
      matrix: matrix(i + k)
    }))
  )
}
const sqlWrite = ms(t)
t = performance.now()
const stamps = cache.stamps(setId)
const sqlCheck = ms(t)
t = performance.now()
let sum = 0
for (let i = 0; i < n; i++) sum += cache.get(setId, `u${i}`)?.data[7] ?? 0
const sqlRead = ms(t)
db.close()
const dbBytes =
  statSync(join(dir, 'index.db')).size + (statSync(join(dir, 'index.db-wal'), { throwIfNoEntry: false })?.size ?? 0)
console.log(
  `sqlite blobs : write ${sqlWrite}, validity check (${stamps.size} stamps) ${sqlCheck}, read all ${sqlRead}, ${(dbBytes / 2 ** 20).toFixed(0)} MiB`
)

// --- sidecar: one file per matrix (8-byte header frames/dims + data), fsync'd like a FULL commit, or not
for (const durable of [true, false]) {
  const side = join(dir, `side-${durable}`)
  mkdirSync(side)
  t = performance.now()
  for (let i = 0; i < n; i++) {
    const m = matrix(i)
    const fd = openSync(join(side, `u${i}.f32`), 'w')
    writeSync(fd, new Uint32Array([m.frames, m.dims]))
    writeSync(fd, m.data)
    if (durable) fsyncSync(fd)
    closeSync(fd)
  }
  const write = ms(t)
  t = performance.now()
  let valid = 0
  for (let i = 0; i < n; i++) if (statSync(join(side, `u${i}.f32`)).size > 8) valid++
  const check = ms(t)
  t = performance.now()
  for (let i = 0; i < n; i++) {
    const b = readFileSync(join(side, `u${i}.f32`))
    sum += new Float32Array(b.buffer.slice(b.byteOffset + 8, b.byteOffset + b.byteLength))[7]
  }
  console.log(
    `sidecar files${durable ? ' (fsync)' : ''}: write ${write}, validity check (${valid} stats) ${check}, read all ${ms(t)}`
  )
}
rmSync(dir, { recursive: true, force: true })
void sum
