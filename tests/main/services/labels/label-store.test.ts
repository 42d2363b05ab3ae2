import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Services } from '../../../../src/main/services/create-services'
import { createServices } from '../../../../src/main/services/create-services'
import { tsxExecArgv } from '../../../../src/main/services/runtime/worker-entry'
import { deriveConsensus } from '../../../../src/main/services/labels/consensus'
import { SerError } from '../../../../src/shared/errors'
import { writeIemocapFixture } from '../../../helpers/iemocap-fixture'
import { tempDir } from '../../../helpers/temp-dir'

const tmp = tempDir()
const dbPath = join(tmp.dir, 'index.db')
let services: Services
const U = 'Ses01F_impro01_M001' // IEMOCAP reference 'xxx', evaluators Neutral / Sadness / Anger

beforeAll(async () => {
  writeIemocapFixture(join(tmp.dir, 'IEMOCAP_full_release'))
  services = createServices({ dbPath })
  await services.importer.importCorpus({ kind: 'iemocap', dir: join(tmp.dir, 'IEMOCAP_full_release') })
})
afterAll(() => {
  services.close()
  tmp.cleanup()
})

describe('label history', () => {
  it('appends one event per changed field, with the old value, and skips unchanged fields', () => {
    const first = services.labels.setLabel({ utteranceId: U, annotator: 'ana', category: 'neu', valence: 3 })
    expect(first.map((e) => [e.field, e.oldValue, e.newValue])).toEqual([
      ['category', null, 'neu'],
      ['valence', null, '3']
    ])
    const second = services.labels.setLabel({ utteranceId: U, annotator: 'ana', category: 'neu', valence: 2.5 })
    expect(second.map((e) => [e.field, e.oldValue, e.newValue])).toEqual([['valence', '3', '2.5']])
    const h = services.labels.history(U).filter((e) => e.annotator === 'ana')
    expect(h.map((e) => e.newValue)).toEqual(['neu', '3', '2.5'])
    expect(h.every((e) => e.source === 'edit' && !Number.isNaN(Date.parse(e.at)))).toBe(true)
  })

  it('announces stored edits as labels.changed, and nothing for an edit that changed nothing', () => {
    const heard: string[][] = []
    const off = services.events.on('labels.changed', (edits) =>
      heard.push(edits.map((e) => `${e.annotator}:${e.newValue}`))
    )
    services.labels.setLabel({ utteranceId: 'Ses01F_impro01_M000', annotator: 'eve', category: 'ang' })
    services.labels.setLabel({ utteranceId: 'Ses01F_impro01_M000', annotator: 'eve', category: 'ang' })
    off()
    expect(heard).toEqual([['eve:ang']])
  })

  it('refuses UPDATE and DELETE on the history at the database level', () => {
    expect(() => services.db.prepare("UPDATE label_events SET new_value = 'sad'").run()).toThrow(/append-only/)
    expect(() => services.db.prepare('DELETE FROM label_events').run()).toThrow(/append-only/)
  })

  it('refuses an unknown utterance, a corpus rater posing as a person, and writes nothing', () => {
    const before = services.labels.history(U).length
    expect(() => services.labels.setLabel({ utteranceId: 'nope', annotator: 'ana', category: 'neu' })).toThrow(SerError)
    expect(() =>
      services.labels.setLabel({ utteranceId: U, annotator: 'IEMOCAP_full_release:E1', category: 'neu' })
    ).toThrow(/corpus rater/)
    expect(() => services.labels.setLabel({ utteranceId: U, annotator: 'ana', valence: 9 })).toThrow(
      /valence: 9 is outside 1–5/
    )
    // a person whose name reads as a corpus rater (E1, the reference labels), in any case: refused, naming the field
    for (const name of ['E1', 'e1', 'Reference']) {
      const refused = (() => {
        try {
          services.labels.setLabel({ utteranceId: U, annotator: name, category: 'neu' })
        } catch (e) {
          return e as SerError
        }
        return null
      })()
      expect(refused?.field, name).toBe('annotator')
      expect(refused?.message).toMatch(
        new RegExp(`^annotator: '${name}' reads as the corpus rater '[^']+:${name}'`, 'i')
      )
    }
    expect(services.labels.annotators().some((a) => ['E1', 'e1', 'Reference'].includes(a.id))).toBe(false)
    expect(services.labels.history(U).length).toBe(before)
  })

  it('derives the consensus from people first, then the reference, then the evaluators', () => {
    // 'ana' said neu: one person decides over the reference 'xxx'
    expect(services.corpus.utterance(U).category).toBe('neu')
    expect(services.corpus.utterance(U).valence).toBe(2.5)
    // a tie between two people goes to the most recent edit (no reference value among them)
    services.labels.setLabel({ utteranceId: U, annotator: 'ben', category: 'sad' })
    expect(services.corpus.utterance(U).category).toBe('sad')
    // clearing both people's labels falls back to the corpus's reference label
    services.labels.setLabel({ utteranceId: U, annotator: 'ana', category: null, valence: null })
    services.labels.setLabel({ utteranceId: U, annotator: 'ben', category: null })
    expect(services.corpus.utterance(U)).toMatchObject({ category: 'xxx', valence: 2.5 })
  })

  it('keeps labels and consensus derivable: rebuilding from the history alone changes nothing', () => {
    services.labels.setLabel({ utteranceId: 'Ses01F_impro01_F000', annotator: 'ana', category: 'hap', flag: true })
    const snapshot = () => ({
      labels: services.db.prepare('SELECT * FROM labels ORDER BY utterance_id, annotator_id, field').all(),
      consensus: services.db.prepare('SELECT * FROM consensus ORDER BY utterance_id').all()
    })
    const before = snapshot()
    services.labels.rebuildDerived()
    expect(snapshot()).toEqual(before)
    expect(services.corpus.utterance('Ses01F_impro01_F000').flagged).toBe(true)
  })
})

describe('consensus rule (pure)', () => {
  const v = (
    kind: 'reference' | 'evaluator' | 'self' | 'human',
    value: string,
    seq: number,
    field: 'category' | 'valence' = 'category'
  ) => ({ kind, field, value, seq })
  it('ties between people go to the reference value when it is among them', () => {
    expect(
      deriveConsensus([v('reference', 'ang', 1), v('human', 'sad', 2), v('human', 'ang', 3), v('human', 'neu', 4)])
        .category
    ).toBe('ang')
  })
  it('without people or reference: evaluator majority, null on a tie; self-ratings never count', () => {
    expect(
      deriveConsensus([v('evaluator', 'ang', 1), v('evaluator', 'ang', 2), v('evaluator', 'fru', 3)]).category
    ).toBe('ang')
    expect(
      deriveConsensus([v('evaluator', 'ang', 1), v('evaluator', 'fru', 2), v('self', 'fru', 3)]).category
    ).toBeNull()
    expect(
      deriveConsensus([
        v('evaluator', '2', 1, 'valence'),
        v('evaluator', '4', 2, 'valence'),
        v('self', '5', 3, 'valence')
      ]).valence
    ).toBe(3)
  })
})

describe('durability', () => {
  it('a label edit survives the process being killed right after the call returned', async () => {
    const target = 'Ses03M_impro05a_F000'
    const child = spawn(
      process.execPath,
      [...tsxExecArgv(), join(__dirname, '../../../helpers/label-then-wait.ts'), dbPath, target, 'ang'],
      {
        stdio: ['ignore', 'pipe', 'inherit']
      }
    )
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('saved')) {
          child.kill('SIGKILL')
          resolve()
        }
      })
      child.on('exit', (code) => (code !== null && code !== 0 ? reject(new Error(`child exited ${code}`)) : undefined))
    })
    await new Promise((r) => child.on('close', r))
    const reopened = createServices({ dbPath })
    try {
      const mine = reopened.labels.current(target).find((l) => l.annotator === 'durability')
      expect(mine?.category).toBe('ang')
      expect(reopened.corpus.utterance(target).category).toBe('ang')
    } finally {
      reopened.close()
    }
  })
})
