/**
 * RAVDESS (Livingstone & Russo 2018): `Actor_01/03-01-05-01-02-01-12.wav` has seven two-digit fields: modality
 * (03 = audio only), vocal channel (01 speech, 02 song), emotion, intensity (01 normal, 02 strong), statement,
 * repetition, actor (odd = male, even = female). Audio ships at 48 kHz, a few files stereo; features resample.
 */
import type { CategoryCode } from '../../../../shared/domain/categories'
import { SerError } from '../../../../shared/errors'
import type { ImportSkip } from '../../../../shared/api/corpus'
import type { ImporterOptions, ParsedCorpus, ParsedSpeaker, ParsedUtterance } from './parsed-corpus'
import { stem, walkAudio } from './walk-audio'

const NAME_RE = /^(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})$/

const EMOTIONS: Record<string, CategoryCode> = {
  '01': 'neu',
  '02': 'cal',
  '03': 'hap',
  '04': 'sad',
  '05': 'ang',
  '06': 'fea',
  '07': 'dis',
  '08': 'sur'
}
const STATEMENTS: Record<string, string> = {
  '01': 'Kids are talking by the door.',
  '02': 'Dogs are sitting by the door.'
}

export function importRavdess(options: ImporterOptions): ParsedCorpus {
  const skipped: ImportSkip[] = []
  const files = walkAudio(options.root, skipped)
  if (files.length === 0) {
    throw new SerError('FILE_FORMAT', `${options.root}: no .wav or .flac files (RAVDESS keeps them in Actor_NN/)`, {
      file: options.root
    })
  }
  const speakers = new Map<string, ParsedSpeaker>()
  const utterances: ParsedUtterance[] = []
  for (const path of files) {
    const m = NAME_RE.exec(stem(path))
    if (!m) {
      skipped.push({
        path,
        error: `'${stem(path)}' does not follow RAVDESS's naming (seven two-digit fields, e.g. 03-01-05-01-02-01-12)`
      })
      continue
    }
    const [, modality, , emotion, intensity, statement, , actor] = m
    if (modality !== '03') {
      skipped.push({ path, error: `modality ${modality} is not audio-only (03)` })
      continue
    }
    const category = EMOTIONS[emotion]
    if (!category) {
      skipped.push({ path, error: `unknown RAVDESS emotion code ${emotion} (01–08)` })
      continue
    }
    const speaker = `Actor_${actor}`
    speakers.set(speaker, { id: speaker, gender: Number(actor) % 2 === 1 ? 'M' : 'F', session: null })
    const text = STATEMENTS[statement]
    utterances.push({
      id: stem(path),
      path,
      session: null,
      speaker,
      dialog: null,
      startSec: null,
      endSec: null,
      transcript: text ? (intensity === '02' ? `${text} (strong)` : text) : null,
      labels: [{ rater: 'reference', kind: 'reference', field: 'category', value: category }]
    })
  }
  return {
    id: options.name,
    kind: 'ravdess',
    root: options.root,
    speakers: [...speakers.values()],
    dialogs: [],
    utterances,
    skipped
  }
}
