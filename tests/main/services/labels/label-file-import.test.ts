/**
 * Label files read back in bulk (issue 15 items 4 and 6): thousands of rows in batched transactions, off the
 * request path (the event loop keeps turning, progress events go out), CSV parsed as a stream, JSON bounded; a
 * file with no usable row is an error naming the file and its first bad line; annotator names follow the same
 * schema as labels.set on every path into the store.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobProgress } from '../../../../src/shared/api/common'
import type { Services } from '../../../../src/main/services/create-services'
import { createServices } from '../../../../src/main/services/create-services'
import { writeDemoCorpus } from '../../../../src/main/services/demo/demo-corpus'
import { JSON_LABEL_FILE_MAX_BYTES, MAX_REPORTED_ERRORS } from '../../../../src/main/services/labels/label-file-import'
import { tempDir } from '../../../helpers/temp-dir'
import { startWebHarness } from '../../../helpers/web-harness'

let tmp: { dir: string; cleanup: () => void }
let s: Services
let ids: string[]
beforeAll(async () => {
  tmp = tempDir('ser-label-import-')
  writeDemoCorpus(join(tmp.dir, 'corpus'), { sessions: 1, turnsPerDialog: 4 })
  s = createServices({ dbPath: join(tmp.dir, 'index.db') })
  await s.importer.importCorpus({ kind: 'iemocap', dir: join(tmp.dir, 'corpus'), name: 'tiny' })
  ids = s.corpus.utterances().map((u) => u.id)
}, 120_000)
afterAll(() => {
  s?.close()
  tmp?.cleanup()
})

const CATS = ['neu', 'hap', 'ang', 'sad']

describe('big label files', () => {
  it('3,000 CSV rows: every edit stored, progress reported, and the event loop turns while it works', async () => {
    const rows = ['id,annotator,category']
    for (let i = 0; i < 3000; i++) rows.push(`${ids[i % ids.length]},p${Math.floor(i / ids.length)},${CATS[i % 4]}`)
    const progress: JobProgress[] = []
    const off = s.events.on('labels.importProgress', (p) => progress.push(p))
    const changed: number[] = []
    const offChanged = s.events.on('labels.changed', (edits) => changed.push(edits.length))
    let ticks = 0
    let done = false
    const tick = () => {
      ticks++
      if (!done) setImmediate(tick)
    }
    setImmediate(tick)
    const before = ticks
    try {
      const r = await s.labelImport.importFile({ format: 'csv', filename: 'big.csv', content: rows.join('\n') + '\n' })
      done = true
      expect(r.errors).toEqual([])
      expect(r.edits).toBe(3000)
      expect(r.annotators).toHaveLength(3000 / ids.length)
    } finally {
      done = true
      off()
      offChanged()
    }
    // one labels.changed once the file is in (no list: listeners reload), none per row
    expect(changed).toEqual([0])
    expect(ticks - before).toBeGreaterThan(1)
    expect(progress.length).toBeGreaterThan(1)
    expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total)
    expect(s.labels.history(ids[0]).filter((e) => e.source === 'file')).toHaveLength(3000 / ids.length)
  }, 120_000)

  it('in web mode, other requests are answered while a long label file goes in', async () => {
    const h = await startWebHarness()
    try {
      const utts = h.services.corpus.utterances().map((u) => u.id)
      const rows = ['id,annotator,category']
      for (let p = 0; rows.length <= 12000; p++) for (const id of utts) rows.push(`${id},q${p},${CATS[p % 4]}`)
      const order: string[] = []
      const big = h
        .call('labels.import', { format: 'csv', filename: 'long.csv', content: rows.join('\n') })
        .then((r) => {
          order.push('import')
          return r
        })
      // sent once the import has begun writing (its first progress event)
      await new Promise<void>((resolve) => {
        const off = h.services.events.on('labels.importProgress', () => (off(), resolve()))
      })
      const list = await h.call('corpus.list', {})
      order.push('corpus.list')
      expect(list.status).toBe(200)
      const r = await big
      expect(r.status).toBe(200)
      expect((r.body.value as { edits: number }).edits).toBe(rows.length - 1)
      expect(order).toEqual(['corpus.list', 'import'])
    } finally {
      await h.close()
    }
  }, 120_000)

  it('a CSV with no usable row is an error naming the file and the first bad line', async () => {
    const garbage = ['foo,bar,baz', ...Array.from({ length: 500 }, (_, i) => `x${i},y,z`)].join('\n')
    await expect(
      s.labelImport.importFile({ format: 'csv', filename: 'garbage.csv', content: garbage })
    ).rejects.toThrow(/^garbage\.csv: no usable label row \(line 2: id: missing\)/)
    await expect(
      s.labelImport.importFile({ format: 'csv', filename: 'empty.csv', content: 'id,annotator,category\n' })
    ).rejects.toThrow(/^empty\.csv: no label rows/)
  })

  it('reports at most MAX_REPORTED_ERRORS problems, then how many more', async () => {
    const rows = ['id,annotator,category', `${ids[0]},zoe,hap`]
    for (let i = 0; i < 1000; i++) rows.push(`${ids[0]},zoe,bliss${i}`)
    const r = await s.labelImport.importFile({ format: 'csv', filename: 'many.csv', content: rows.join('\n') })
    expect(r.edits).toBe(1)
    expect(r.errors).toHaveLength(MAX_REPORTED_ERRORS + 1)
    expect(r.errors.at(-1)!.error).toMatch(new RegExp(`${1000 - MAX_REPORTED_ERRORS} more problems`))
  })

  it('JSON: refused above its size limit naming the limit; items that are not utterances with labels are errors', async () => {
    const big = '[' + '{},'.repeat(Math.ceil(JSON_LABEL_FILE_MAX_BYTES / 3)) + '{}]'
    await expect(s.labelImport.importFile({ format: 'json', filename: 'big.json', content: big })).rejects.toThrow(
      new RegExp(`^big\\.json: .*larger than the ${JSON_LABEL_FILE_MAX_BYTES / 1024 / 1024} MB`)
    )
    await expect(
      s.labelImport.importFile({ format: 'json', filename: 'empty.json', content: '[{}, {}]' })
    ).rejects.toThrow(/^empty\.json: no usable label row \(item 1: /)
  })
})

describe('annotator names: one schema for every path into the store', () => {
  it('a CSV row cannot create a corpus-rater-like, colon or over-long annotator', async () => {
    const long = 'a'.repeat(5000)
    const content = [
      'id,annotator,category',
      `${ids[0]},IEMOCAP:E9,hap`,
      `${ids[0]},x:y,hap`,
      `${ids[0]},${long},hap`,
      `${ids[0]},ann,hap`
    ].join('\n')
    const r = await s.labelImport.importFile({ format: 'csv', filename: 'names.csv', content })
    expect(r.edits).toBe(1)
    expect(r.annotators).toEqual(['ann'])
    expect(r.errors).toHaveLength(3)
    for (const e of r.errors) expect(e.field).toBe('annotator')
    const names = s.labels.annotators().map((a) => a.id)
    for (const bad of ['IEMOCAP:E9', 'x:y', long]) expect(names).not.toContain(bad)
  })

  it('the store itself refuses them, whoever calls it', () => {
    for (const annotator of ['IEMOCAP:E9', 'x:y', 'a'.repeat(65), '   ']) {
      expect(() => s.labels.setLabel({ utteranceId: ids[0], annotator, category: 'hap' })).toThrow(/^annotator: /)
    }
  })
})
