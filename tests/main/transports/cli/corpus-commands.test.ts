import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeIemocapFixture } from '../../../helpers/iemocap-fixture'
import { ser, serJson } from '../../../helpers/run-ser'
import { tempDir } from '../../../helpers/temp-dir'

const tmp = tempDir()
const db = join(tmp.dir, 'index.db')
const root = join(tmp.dir, 'IEMOCAP_full_release')
writeIemocapFixture(root)
afterAll(tmp.cleanup)

describe('ser corpus commands (docs/cli.md)', () => {
  it('import iemocap: exit 1 when some files failed, JSON summary with each failure named', () => {
    const r = serJson<{
      corpus: string
      utterances: number
      sessions: number
      speakers: number
      labeled: number
      skipped: { path: string; error: string }[]
    }>(['import', 'iemocap', root, '--db', db])
    expect(r.status).toBe(1)
    expect(r.json).toMatchObject({
      corpus: 'IEMOCAP_full_release',
      utterances: 8,
      sessions: 3,
      speakers: 5,
      labeled: 8
    })
    expect(r.json.skipped).toHaveLength(3)
  })

  it('import of a missing folder: exit 2 and one line naming it', () => {
    const r = ser(['import', 'folder', join(tmp.dir, 'nope'), '--db', db])
    expect(r.status).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/nope: no such folder/)
  })

  it('list --json: the contract fields, filters, and $SER_DB as the default index', () => {
    const all = serJson<Record<string, unknown>[]>(['list'], { env: { SER_DB: db } })
    expect(all.status).toBe(0)
    expect(all.json).toHaveLength(8)
    expect(Object.keys(all.json[0]).sort()).toEqual(
      [
        'arousal',
        'category',
        'dialog',
        'dominance',
        'durationSec',
        'id',
        'path',
        'sampleRate',
        'session',
        'speaker',
        'valence'
      ].sort()
    )
    const sad = serJson<{ id: string }[]>(['list', '--category', 'sad', '--db', db]).json.map((u) => u.id)
    expect(sad.sort()).toEqual(['Ses03M_impro05a_F000', 'Ses05M_script01_1b_F000'])
    expect(serJson<unknown[]>(['list', '--session', '3', '--db', db]).json).toHaveLength(2)
    expect(serJson<unknown[]>(['list', '--speaker', 'Ses01M', '--db', db]).json).toHaveLength(2)
  })

  it('label: durable edit, visible in list and history; an unknown category or out-of-range value is exit 2 and writes nothing', () => {
    const id = 'Ses01F_impro01_M001'
    const ok = ser(['label', id, '--annotator', 'ana', '--category', 'neu', '--valence', '2', '--db', db])
    expect(ok.status).toBe(0)
    const bad1 = ser(['label', id, '--annotator', 'ana', '--category', 'joy', '--db', db])
    expect(bad1.status).toBe(2)
    expect(bad1.stderr).toMatch(/category/)
    const bad2 = ser(['label', id, '--annotator', 'ana', '--arousal', '6', '--db', db])
    expect(bad2.status).toBe(2)
    expect(bad2.stderr).toMatch(/arousal/)
    const bad3 = ser(['label', id, '--annotator', 'ana', '--dominance', 'high', '--db', db])
    expect(bad3.status).toBe(2)
    expect(bad3.stderr).toMatch(/--dominance/)
    const listed = serJson<{ id: string; category: string; valence: number }[]>(['list', '--db', db]).json.find(
      (u) => u.id === id
    )
    expect(listed).toMatchObject({ category: 'neu', valence: 2 })
    const history = serJson<{ annotator: string; field: string; value: string; at: string }[]>([
      'history',
      id,
      '--db',
      db
    ]).json
    const mine = history.filter((h) => h.annotator === 'ana')
    expect(mine.map((h) => [h.field, h.value])).toEqual([
      ['category', 'neu'],
      ['valence', '2']
    ])
    // oldest first
    expect(history.map((h) => h.at)).toEqual([...history.map((h) => h.at)].sort())
  })

  it('history of an unknown id: exit 2 naming it', () => {
    const r = ser(['history', 'Ses09F_nope_F000', '--db', db])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/Ses09F_nope_F000/)
  })

  it('agreement --json: the contract fields for categories and a scale', () => {
    const c = serJson<Record<string, unknown>>(['agreement', '--field', 'category', '--db', db]).json
    expect(c).toMatchObject({ field: 'category', annotators: 4 })
    expect(typeof c.fleissKappa).toBe('number')
    expect(typeof c.krippendorffAlpha).toBe('number')
    const v = serJson<Record<string, unknown>>(['agreement', '--field', 'valence', '--db', db]).json
    expect(v).toMatchObject({ field: 'valence', metric: 'interval' })
  })

  it('export csv and json: labels with their annotators', () => {
    const csv = join(tmp.dir, 'labels.csv')
    expect(ser(['export', 'csv', '--out', csv, '--db', db]).status).toBe(0)
    const lines = readFileSync(csv, 'utf8').trim().split('\n')
    expect(lines[0]).toBe('id,path,session,speaker,annotator,kind,category,valence,arousal,dominance,flag')
    expect(lines).toContain(
      'Ses01F_impro01_M001,Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_M001.wav,1,Ses01M,ana,human,neu,2,,,'
    )
    const json = join(tmp.dir, 'labels.json')
    expect(ser(['export', 'json', '--out', json, '--db', db]).status).toBe(0)
    const items = JSON.parse(readFileSync(json, 'utf8')) as { id: string; labels: { annotator: string }[] }[]
    expect(items).toHaveLength(8)
    expect(items.find((i) => i.id === 'Ses01F_impro01_M001')!.labels.map((l) => l.annotator)).toContain('ana')
  })
})
