import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportSummary } from '../../../../../src/shared/api/corpus'
import type { Services } from '../../../../../src/main/services/create-services'
import { createServices } from '../../../../../src/main/services/create-services'
import { parseUtteranceName } from '../../../../../src/main/services/corpus/importers/iemocap'
import { FIXTURE_FACTS, writeIemocapFixture } from '../../../../helpers/iemocap-fixture'
import { tempDir } from '../../../../helpers/temp-dir'

const tmp = tempDir()
const root = join(tmp.dir, 'IEMOCAP_full_release')
let services: Services
let summary: ImportSummary
let timings: ReturnType<typeof writeIemocapFixture>

beforeAll(async () => {
  timings = writeIemocapFixture(root)
  services = createServices({ dbPath: join(tmp.dir, 'index.db') })
  summary = await services.importer.importCorpus({ kind: 'iemocap', dir: root })
})
afterAll(() => {
  services.close()
  tmp.cleanup()
})

describe('utterance names (layout §2)', () => {
  it('strips the trailing _[FM]ddd to find the dialog, and takes gender from the speaking letter', () => {
    expect(parseUtteranceName('Ses05M_script01_1b_F004')).toEqual({
      id: 'Ses05M_script01_1b_F004',
      dialog: 'Ses05M_script01_1b',
      session: '5',
      speaker: 'Ses05F',
      gender: 'F'
    })
    expect(parseUtteranceName('Ses03M_impro05a_M012')?.dialog).toBe('Ses03M_impro05a')
    expect(parseUtteranceName('Ses01F_impro01_FXX0')).toBeNull()
    expect(parseUtteranceName('Ses01F_impro09_F000')?.dialog).toBe('Ses01F_impro09')
  })
})

describe('IEMOCAP import of a miniature release with the layout quirks', () => {
  it('counts utterances, sessions, speakers', () => {
    expect(summary.corpus).toBe('IEMOCAP_full_release')
    expect(summary.utterances).toBe(FIXTURE_FACTS.utterances)
    expect(summary.sessions).toBe(FIXTURE_FACTS.sessions)
    // speakers are session + speaking letter: Ses01F, Ses01M, Ses03F, Ses03M, Ses05F (Ses05M's two wavs are bad)
    expect(summary.speakers).toBe(5)
  })

  it('reports each fault by file with its reason, and nothing else', () => {
    const errors = summary.skipped.map((s) => `${s.path}: ${s.error}`)
    expect(errors).toHaveLength(3)
    expect(errors).toContainEqual(
      expect.stringMatching(
        /Ses05M_script01_1_M000\.wav: missing: .*listed in dialog\/EmoEvaluation\/Ses05M_script01_1\.txt/
      )
    )
    expect(errors).toContainEqual(expect.stringMatching(/Ses05M_script01_1b_M000\.wav: zero-byte file/))
    expect(errors).toContainEqual(
      expect.stringMatching(
        /Session3\/dialog\/EmoEvaluation\/Ses03M_impro05a\.txt: line \d+: Ses03M_impro05a_M000: A-E4 needs/
      )
    )
  })

  it('keeps the 4-class mapping: excited joins happy; xxx and fru stay outside', () => {
    expect(services.corpus.stats({}).fourClass).toEqual(FIXTURE_FACTS.fourClass)
    expect(services.corpus.utterance('Ses01F_impro01_M001').category).toBe('xxx')
    expect(services.corpus.utterance('Ses03M_impro05a_M000').category).toBe('fru')
  })

  it('imports every field of an utterance: ids, paths, times, speaker, gender, transcript, labels', () => {
    const u = services.corpus.utterance('Ses01F_impro01_M000')
    const t = timings.find((x) => x.id === u.id)!
    expect(u).toMatchObject({
      path: 'Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_M000.wav',
      session: '1',
      speaker: 'Ses01M', // the speaking actor, not the mocap letter of the dialog name
      gender: 'M',
      dialog: 'Ses01F_impro01',
      sampleRate: 16000,
      channels: 1,
      category: 'ang',
      valence: 1.5,
      arousal: 4,
      dominance: 4.5,
      transcript: 'I told you twice already!',
      raters: 3,
      ratersDisagree: true
    })
    expect(u.startSec).toBeCloseTo(t.startSec, 4)
    expect(u.endSec).toBeCloseTo(t.endSec, 4)
    expect(u.durationSec).toBeCloseTo(t.endSec - t.startSec, 3)
  })

  it('stores the evaluators as annotators in the history, the first word of a multi-category line, self-ratings apart', () => {
    const labels = services.labels.current('Ses01F_impro01_M000')
    const byName = Object.fromEntries(labels.map((l) => [l.annotator, l]))
    expect(byName['IEMOCAP_full_release:E1']).toMatchObject({
      kind: 'evaluator',
      category: 'ang',
      valence: 2,
      arousal: 4,
      dominance: 4
    })
    expect(byName['IEMOCAP_full_release:E3']).toMatchObject({ kind: 'evaluator', category: 'fru' })
    expect(byName['IEMOCAP_full_release:reference']).toMatchObject({
      kind: 'reference',
      category: 'ang',
      dominance: 4.5
    })
    const self = services.labels.current('Ses01F_impro01_F000').find((l) => l.annotator === 'IEMOCAP_full_release:F1')
    expect(self).toMatchObject({ kind: 'self', valence: 1, arousal: 5 })
    const history = services.labels.history('Ses01F_impro01_M000')
    expect(history.every((e) => e.source === 'import' && e.oldValue === null)).toBe(true)
    expect(history.filter((e) => e.field === 'category')).toHaveLength(4)
  })

  it('orders utterances by dialog time although the blocks are reversed in the file', () => {
    const ids = services.corpus.utterances({ dialog: 'Ses01F_impro01' }).map((u) => u.id)
    expect(ids).toEqual(['Ses01F_impro01_F000', 'Ses01F_impro01_M000', 'Ses01F_impro01_F001', 'Ses01F_impro01_M001'])
    expect(services.corpus.detail('Ses01F_impro01_M000')).toMatchObject({
      previous: 'Ses01F_impro01_F000',
      next: 'Ses01F_impro01_F001'
    })
  })

  it('reads CRLF and Latin-1 files, skips AppleDouble files, XX ids and non-Ses lines', () => {
    expect(services.corpus.utterance(FIXTURE_FACTS.latin1Text).transcript).toBe("Un café, s'il vous plaît.")
    expect(services.corpus.utterance('Ses03M_impro05a_F000').category).toBe('sad')
    expect(services.corpus.utterances({}).some((u) => u.id.includes('XX') || u.id.startsWith('._'))).toBe(false)
    // the malformed A-E4 line is reported, but the rest of its block is kept
    expect(services.corpus.utterance('Ses03M_impro05a_M000').valence).toBe(2)
  })

  it('knows the dialog audio and resolves paths only inside the corpus', () => {
    expect(services.corpus.dialogs(undefined, '5').map((d) => d.id)).toEqual([
      'Ses05M_script01_1',
      'Ses05M_script01_1b'
    ])
    expect(services.corpus.dialogAudioPath('Ses01F_impro01')).toBe(join(root, 'Session1/dialog/wav/Ses01F_impro01.wav'))
    expect(services.corpus.audioPath('Ses05M_script01_1b_F000')).toBe(
      join(root, 'Session5/sentences/wav/Ses05M_script01_1b/Ses05M_script01_1b_F000.wav')
    )
  })

  it('computes agreement over the imported evaluators', () => {
    const r = services.agreement.agreement({ field: 'category' })
    expect(r.annotators).toBe(3) // the C- lines come from E1 … E3
    expect(r.items).toBe(8)
    expect(r.fleissKappa).toBeGreaterThan(0)
    expect(r.fleissKappa).toBeLessThan(1)
  })

  it("is idempotent: importing again adds no history and keeps people's edits", async () => {
    services.labels.setLabel({ utteranceId: 'Ses01F_impro01_M001', annotator: 'ana', category: 'neu' })
    const before = services.db.prepare('SELECT COUNT(*) FROM label_events').pluck().get()
    const again = await services.importer.importCorpus({ kind: 'iemocap', dir: root })
    expect(again.utterances).toBe(summary.utterances)
    expect(services.db.prepare('SELECT COUNT(*) FROM label_events').pluck().get()).toBe(before)
    expect(services.corpus.utterance('Ses01F_impro01_M001').category).toBe('neu')
  })

  it('refuses a folder that is not an IEMOCAP release, naming it', async () => {
    await expect(services.importer.importCorpus({ kind: 'iemocap', dir: join(root, 'Session1') })).rejects.toThrow(
      /no Session1 … Session5 folders/
    )
  })
})
