import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Services } from '../../../../../src/main/services/create-services'
import { createServices } from '../../../../../src/main/services/create-services'
import { readEaf } from '../../../../../src/main/services/labels/exporters/eaf'
import { readTextGrid } from '../../../../../src/main/services/labels/exporters/textgrid'
import { writeIemocapFixture } from '../../../../helpers/iemocap-fixture'
import { tempDir } from '../../../../helpers/temp-dir'

const tmp = tempDir()
let services: Services
const DIALOG = 'Ses01F_impro01'

beforeAll(async () => {
  writeIemocapFixture(join(tmp.dir, 'IEMOCAP_full_release'))
  services = createServices({ dbPath: join(tmp.dir, 'index.db') })
  await services.importer.importCorpus({ kind: 'iemocap', dir: join(tmp.dir, 'IEMOCAP_full_release') })
  services.labels.setLabel({ utteranceId: 'Ses01F_impro01_F000', annotator: 'ana', category: 'hap', valence: 4 })
  services.labels.setLabel({ utteranceId: 'Ses01F_impro01_M000', annotator: 'ana', category: 'fru' })
})
afterAll(() => {
  services.close()
  tmp.cleanup()
})

describe('Praat TextGrid', () => {
  it('exports one tier per speaker, annotator and field, which Praat itself reads', () => {
    const file = services.labelExport.exportLabels({ format: 'textgrid', dialog: DIALOG })
    expect(file.filename).toBe(`${DIALOG}.TextGrid`)
    const doc = readTextGrid(file.content, file.filename)
    const names = doc.tiers.map((t) => t.name)
    expect(names).toContain('Ses01F | utterance')
    expect(names).toContain('Ses01F | ana | category')
    expect(names).toContain('Ses01M | IEMOCAP_full_release:E1 | category')
    expect(names).toContain('Ses01F | consensus | category')
    const path = join(tmp.dir, file.filename)
    writeFileSync(path, file.content)
    const script = join(tmp.dir, 'count.praat')
    writeFileSync(
      script,
      'form f\n  sentence path\nendform\ntg = Read from file: path$\nn = Get number of tiers\nwriteInfoLine: n\n'
    )
    const out = execFileSync('praat', ['--run', script, path], { encoding: 'utf8' })
    expect(Number(out.trim())).toBe(doc.tiers.length)
  })

  it('round trip: re-importing an unchanged export makes no edits', async () => {
    const file = services.labelExport.exportLabels({ format: 'textgrid', dialog: DIALOG })
    const r = await services.labelImport.importFile({
      format: 'textgrid',
      filename: file.filename,
      content: file.content
    })
    expect(r.errors).toEqual([])
    expect(r.edits).toBe(0)
  })

  it('round trip: a value changed in the file becomes an edit by that tier\'s annotator, with source "file"', async () => {
    const file = services.labelExport.exportLabels({ format: 'textgrid', dialog: DIALOG })
    const edited = file.content.replace(/(name = "Ses01F \| ana \| category"[\s\S]*?text = ")hap(")/, '$1ang$2')
    const r = await services.labelImport.importFile({ format: 'textgrid', filename: file.filename, content: edited })
    expect(r).toMatchObject({ edits: 1, annotators: ['ana'], errors: [] })
    const last = services.labels.history('Ses01F_impro01_F000').at(-1)!
    expect(last).toMatchObject({
      annotator: 'ana',
      field: 'category',
      oldValue: 'hap',
      newValue: 'ang',
      source: 'file'
    })
  })

  it('reads a hand-made short-format TextGrid: a tier named after its annotator, matched to utterances by time', async () => {
    const f000 = services.corpus.utterance('Ses01F_impro01_F000')
    const mid = (f000.startSec! + f000.endSec!) / 2
    const content = [
      '"ooTextFile"',
      '"TextGrid"',
      '0',
      '20',
      '<exists>',
      '1',
      '"IntervalTier"',
      '"maria | category"',
      '0',
      '20',
      '3',
      '0',
      String(mid - 0.05),
      '""',
      String(mid - 0.05),
      String(mid + 0.05),
      '"sadness"',
      String(mid + 0.05),
      '20',
      '""'
    ].join('\n')
    const r = await services.labelImport.importFile({ format: 'textgrid', filename: `${DIALOG}.TextGrid`, content })
    expect(r).toMatchObject({ edits: 1, annotators: ['maria'] })
    expect(services.labels.current('Ses01F_impro01_F000').find((l) => l.annotator === 'maria')?.category).toBe('sad')
  })

  it('names what it cannot use: an unknown value, a badly named tier, a file that is not a TextGrid', async () => {
    const content = [
      '"ooTextFile"',
      '"TextGrid"',
      '0',
      '20',
      '<exists>',
      '2',
      '"IntervalTier"',
      '"maria | category"',
      '0',
      '20',
      '1',
      '0',
      '20',
      '"bliss"',
      '"IntervalTier"',
      '"my notes"',
      '0',
      '20',
      '1',
      '0',
      '20',
      '"x"'
    ].join('\n')
    const r = await services.labelImport.importFile({ format: 'textgrid', filename: `${DIALOG}.TextGrid`, content })
    expect(r.errors.map((e) => e.error)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/unknown category 'bliss'/),
        expect.stringMatching(/tier 'my notes'/)
      ])
    )
    await expect(
      services.labelImport.importFile({ format: 'textgrid', filename: 'x.TextGrid', content: 'hello' })
    ).rejects.toThrow(/x\.TextGrid: not a readable TextGrid/)
  })
})

describe('ELAN .eaf', () => {
  it('exports tiers with PARTICIPANT and ANNOTATOR, well-formed, and reads them back', () => {
    const file = services.labelExport.exportLabels({ format: 'eaf', dialog: DIALOG })
    expect(file.content).toMatch(/<ANNOTATION_DOCUMENT[^>]*FORMAT="3.0"/)
    expect(file.content).toMatch(
      /TIER_ID="Ses01F \| ana \| category"[^>]*PARTICIPANT="Ses01F"[^>]*ANNOTATOR="ana"|TIER_ID="Ses01F \| ana \| category"[^>]*ANNOTATOR="ana"/
    )
    const path = join(tmp.dir, file.filename)
    writeFileSync(path, file.content)
    execFileSync('python3', ['-c', 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])', path])
    const doc = readEaf(file.content, file.filename)
    const tier = doc.tiers.find((t) => t.name === 'Ses01M | ana | category')!
    expect(tier).toMatchObject({ annotator: 'ana', speaker: 'Ses01M', field: 'category' })
    expect(tier.intervals.map((i) => i.text)).toEqual(['fru'])
  })

  it('round trip: unchanged → no edits; a changed annotation → an edit; the ANNOTATOR attribute wins over the tier id', async () => {
    const file = services.labelExport.exportLabels({ format: 'eaf', dialog: DIALOG })
    expect(
      await services.labelImport.importFile({ format: 'eaf', filename: file.filename, content: file.content })
    ).toMatchObject({ edits: 0, errors: [] })
    const renamed = file.content
      .replace('TIER_ID="Ses01M | ana | category"', 'TIER_ID="Ses01M | renamed | category"')
      .replace(/(TIER_ID="Ses01M \| renamed \| category"[\s\S]*?<ANNOTATION_VALUE>)fru(<)/, '$1neu$2')
    const r = await services.labelImport.importFile({ format: 'eaf', filename: file.filename, content: renamed })
    expect(r).toMatchObject({ edits: 1, annotators: ['ana'] })
    expect(services.labels.current('Ses01F_impro01_M000').find((l) => l.annotator === 'ana')?.category).toBe('neu')
  })
})

describe('CSV and JSON exports read back', () => {
  it("re-importing the workbench's own CSV and JSON changes nothing", async () => {
    for (const format of ['csv', 'json'] as const) {
      const file = services.labelExport.exportLabels({ format })
      expect(
        await services.labelImport.importFile({ format, filename: file.filename, content: file.content })
      ).toMatchObject({ edits: 0, errors: [] })
    }
  })
})
