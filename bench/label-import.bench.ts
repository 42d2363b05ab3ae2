/**
 * Label-file import benchmark (issue 15): a CSV of 20,000 rows (250 annotators × 80 utterances, one category
 * each) read back with labels.import, batched into transactions of IMPORT_BATCH_ROWS rows, into an index on disk
 * (WAL, synchronous = FULL). Prints rows/s, wall time, how many times the event loop turned meanwhile, and peak RSS.
 * Run: npx tsx bench/label-import.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServices } from '../src/main/services/create-services'
import { writeDemoCorpus } from '../src/main/services/demo/demo-corpus'
import { IMPORT_BATCH_ROWS } from '../src/main/services/labels/label-file-import'

const ANNOTATORS = 250
const CATS = ['neu', 'hap', 'ang', 'sad']

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ser-bench-labels-'))
  try {
    writeDemoCorpus(join(dir, 'corpus'), { sessions: 2, turnsPerDialog: 10 })
    const s = createServices({ dbPath: join(dir, 'index.db') })
    await s.importer.importCorpus({ kind: 'iemocap', dir: join(dir, 'corpus'), name: 'demo' })
    const ids = s.corpus.utterances().map((u) => u.id)
    const rows = ['id,annotator,category']
    for (let p = 0; p < ANNOTATORS; p++)
      for (const [i, id] of ids.entries()) rows.push(`${id},p${p},${CATS[(i + p) % 4]}`)
    let ticks = 0
    let done = false
    const tick = () => {
      ticks++
      if (!done) setImmediate(tick)
    }
    setImmediate(tick)
    const t0 = performance.now()
    const r = await s.labelImport.importFile({ format: 'csv', filename: 'bench.csv', content: rows.join('\n') })
    const sec = (performance.now() - t0) / 1000
    done = true
    s.close()
    console.log('| rows | batch | edits | wall (s) | rows/s | event-loop turns | peak RSS (MB) |')
    console.log('|---|---|---|---|---|---|---|')
    const rss = Math.round(process.resourceUsage().maxRSS / 1024)
    console.log(
      `| ${rows.length - 1} | ${IMPORT_BATCH_ROWS} | ${r.edits} | ${sec.toFixed(2)} | ${Math.round((rows.length - 1) / sec)} | ${ticks} | ${rss} |`
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
