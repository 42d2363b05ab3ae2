import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readWavForBrowser } from '../../../../src/main/services/audio/browser-wav'
import { parseFlacInfo } from '../../../../src/main/services/audio/flac'
import { probeAudio } from '../../../../src/main/services/audio/probe-audio'
import { readAudioFile, readWavFile } from '../../../../src/main/services/audio/read-audio'
import { decodeWav } from '../../../../src/main/services/audio/wav-decoder'
import { createServices } from '../../../../src/main/services/create-services'
import { computeCorpusFeatures } from '../../../../src/main/services/features/corpus-features'
import { REFERENCE_AUDIO } from '../../../helpers/reference'
import { tempDir } from '../../../helpers/temp-dir'

const tmp = tempDir()
afterAll(tmp.cleanup)
const SOURCES = [
  's02_enus_female_happy_44k1_stereo_pcm16',
  's04_enus_male_sad_22k05_pcm24',
  's05_enus_male_angry_8k_pcm16'
]
const corpus = join(tmp.dir, 'corpus')

beforeAll(() => {
  mkdirSync(corpus, { recursive: true })
  // SoX encodes the FLACs (lossless), so each must decode to exactly its WAV's samples
  for (const s of SOURCES) execFileSync('sox', [join(REFERENCE_AUDIO, `${s}.wav`), join(corpus, `${s}.flac`)])
})

describe('FLAC', () => {
  it.each(SOURCES)('%s.flac decodes to exactly the samples of the WAV it was made from', async (s) => {
    const flac = await readAudioFile(join(corpus, `${s}.flac`), `${s}.flac`)
    const wav = readWavFile(join(REFERENCE_AUDIO, `${s}.wav`))
    expect(flac.sampleRate).toBe(wav.sampleRate)
    expect(flac.frames).toBe(wav.frames)
    expect(flac.channels.length).toBe(wav.channels.length)
    for (let c = 0; c < wav.channels.length; c++)
      expect(Array.from(flac.channels[c])).toEqual(Array.from(wav.channels[c]))
  })

  it('probes the stream header without decoding: rate, channels, bits, samples', () => {
    const p = probeAudio(join(corpus, 's04_enus_male_sad_22k05_pcm24.flac'), 'x.flac')
    expect(p).toMatchObject({ sampleRate: 22050, channelCount: 1, bitsPerSample: 24, frames: 138548 })
    expect(p.durationSec).toBeCloseTo(138548 / 22050, 9)
  })

  it('names the file and the fault: a cut-off header, a truncated stream', async () => {
    const bytes = readFileSync(join(corpus, 's05_enus_male_angry_8k_pcm16.flac'))
    expect(() => parseFlacInfo(bytes.subarray(0, 20), 'short.flac')).toThrow(
      /^short\.flac: file ends inside the FLAC stream header/
    )
    const cut = join(tmp.dir, 'cut.flac')
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)))
    await expect(readAudioFile(cut, 'cut.flac')).rejects.toThrow(
      /^cut\.flac: FLAC stream declares 19907 samples but only \d+ decode/
    )
  })

  it('imports, computes the same features as the WAV, and plays in the browser as WAV', async () => {
    const s = createServices({ dbPath: join(tmp.dir, 'index.db') })
    try {
      const summary = await s.importer.importCorpus({ kind: 'folder', dir: corpus })
      expect(summary).toMatchObject({ utterances: 3, skipped: [] })
      expect(s.corpus.utterance('s02_enus_female_happy_44k1_stereo_pcm16')).toMatchObject({
        sampleRate: 44100,
        channels: 2
      })
      const fromFlac = await computeCorpusFeatures(
        join(corpus, 's02_enus_female_happy_44k1_stereo_pcm16.flac'),
        'f',
        'logmel'
      )
      const fromWav = await computeCorpusFeatures(
        join(REFERENCE_AUDIO, 's02_enus_female_happy_44k1_stereo_pcm16.wav'),
        'w',
        'logmel'
      )
      expect(fromFlac.data).toEqual(fromWav.data)
      const wav = decodeWav(await readWavForBrowser(join(corpus, 's05_enus_male_angry_8k_pcm16.flac'), 'x.flac'), 'x')
      expect(wav).toMatchObject({ sampleRate: 8000, frames: 19907, bitsPerSample: 16 })
    } finally {
      s.close()
    }
  })
})
