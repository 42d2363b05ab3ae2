import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Services } from '../../../../../src/main/services/create-services'
import { createServices } from '../../../../../src/main/services/create-services'
import { encodeWav } from '../../../../../src/main/services/audio/wav-encoder'
import { tempDir } from '../../../../helpers/temp-dir'

const tmp = tempDir()
let services: Services

function wav(path: string, rate = 16000, channels = 1, seconds = 0.2): void {
  mkdirSync(dirname(path), { recursive: true })
  const n = Math.round(rate * seconds)
  const ch = Array.from({ length: channels }, () => Float32Array.from({ length: n }, (_, i) => 0.2 * Math.sin(i / 7)))
  writeFileSync(path, encodeWav(ch, rate))
}

beforeAll(() => {
  services = createServices({ dbPath: join(tmp.dir, 'index.db') })
})
afterAll(() => {
  services.close()
  tmp.cleanup()
})

describe('EmoDB', () => {
  it('reads speaker, text, emotion and gender from the file names; speakers are the fold unit', async () => {
    const root = join(tmp.dir, 'emodb')
    for (const f of ['03a01Fa', '03a01Wa', '08b10Tc', '16a05Lb', '11b03Nd']) wav(join(root, 'wav', `${f}.wav`))
    wav(join(root, 'wav', 'readme-not-a-name.wav'))
    writeFileSync(join(root, 'wav', '._03a01Fa.wav'), 'junk')
    const s = await services.importer.importCorpus({ kind: 'emodb', dir: root })
    expect(s).toMatchObject({ corpus: 'emodb', utterances: 5, sessions: 0, speakers: 4, labeled: 5 })
    expect(s.skipped).toEqual([{ path: 'wav/readme-not-a-name.wav', error: expect.stringMatching(/EmoDB's naming/) }])
    expect(services.corpus.utterance('03a01Wa')).toMatchObject({
      speaker: '03',
      gender: 'M',
      category: 'ang',
      session: null
    })
    expect(services.corpus.utterance('16a05Lb')).toMatchObject({
      gender: 'F',
      category: 'bor',
      transcript: expect.stringMatching(/^Das schwarze Stück Papier/)
    })
    expect(services.corpus.utterance('08b10Tc').category).toBe('sad')
  })
})

describe('RAVDESS', () => {
  it('reads the seven fields, keeps audio-only files, and imports 48 kHz stereo', async () => {
    const root = join(tmp.dir, 'ravdess')
    wav(join(root, 'Actor_01', '03-01-05-01-02-01-01.wav'), 48000, 1)
    wav(join(root, 'Actor_02', '03-01-02-02-01-02-02.wav'), 48000, 2)
    wav(join(root, 'Actor_02', '03-02-03-01-01-01-02.wav'), 48000, 1)
    wav(join(root, 'Actor_02', '01-01-03-01-01-01-02.wav'), 48000, 1)
    wav(join(root, 'Actor_02', '03-01-09-01-01-01-02.wav'), 48000, 1)
    const s = await services.importer.importCorpus({ kind: 'ravdess', dir: root })
    expect(s).toMatchObject({ utterances: 3, speakers: 2 })
    expect(s.skipped.map((k) => k.error)).toEqual([
      expect.stringMatching(/modality 01/),
      expect.stringMatching(/unknown RAVDESS emotion code 09/)
    ])
    expect(services.corpus.utterance('03-01-05-01-02-01-01')).toMatchObject({
      speaker: 'Actor_01',
      gender: 'M',
      category: 'ang',
      sampleRate: 48000
    })
    expect(services.corpus.utterance('03-01-02-02-01-02-02')).toMatchObject({
      gender: 'F',
      category: 'cal',
      channels: 2,
      transcript: 'Kids are talking by the door. (strong)'
    })
    // EmoDB's speaker 03 and RAVDESS's actors live side by side: speakers are per corpus
    expect(services.corpus.speakers('ravdess').map((x) => x.id)).toEqual(['Actor_01', 'Actor_02'])
  })
})

describe('folder with a CSV manifest', () => {
  it('imports every wav, labels from the manifest, and names each bad row and field', async () => {
    const root = join(tmp.dir, 'my-recordings')
    wav(join(root, 'a', 'one.wav'))
    wav(join(root, 'a', 'two.wav'))
    wav(join(root, 'b', 'three.wav'), 22050)
    wav(join(root, 'b', 'four.wav'))
    writeFileSync(join(root, 'b', 'broken.wav'), 'RIFF')
    const manifest = join(tmp.dir, 'labels.csv')
    writeFileSync(
      manifest,
      [
        'path,speaker,session,category,valence,arousal,dominance',
        'a/one.wav,spk1,s1,angry,1.5,4,4',
        'a/two.wav,spk1,s1,neu,,,',
        'b/three.wav,spk2,s2,joyful,3,3,3',
        'b/four.wav,spk2,s2,sad,7,2,2',
        'b/missing.wav,spk2,s2,sad,,,'
      ].join('\n')
    )
    const s = await services.importer.importCorpus({ kind: 'folder', dir: root, manifest })
    expect(s).toMatchObject({ corpus: 'my-recordings', utterances: 4, sessions: 2, speakers: 2, labeled: 2 })
    const errors = s.skipped.map((k) => `${k.path}: ${k.error}`)
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^labels\.csv row 4: category: unknown label 'joyful' for b\/three\.wav/),
        expect.stringMatching(/^labels\.csv row 5: valence: '7' is not a number in 1–5/),
        expect.stringMatching(/^b\/missing\.wav: manifest row 6: no such audio file/),
        expect.stringMatching(/^b\/broken\.wav: file ends inside the RIFF header/)
      ])
    )
    expect(services.corpus.utterance('a/one')).toMatchObject({
      speaker: 'spk1',
      session: 's1',
      category: 'ang',
      valence: 1.5
    })
    expect(services.corpus.utterance('b/three')).toMatchObject({ category: null, sampleRate: 22050 })
  })

  it('refuses a manifest without a path column, naming the file and the column', async () => {
    const root = join(tmp.dir, 'my-recordings')
    const manifest = join(tmp.dir, 'nopath.csv')
    writeFileSync(manifest, 'file,category\na/one.wav,ang\n')
    await expect(services.importer.importCorpus({ kind: 'folder', dir: root, manifest })).rejects.toThrow(
      /nopath\.csv: the manifest needs a 'path' column/
    )
  })
})
