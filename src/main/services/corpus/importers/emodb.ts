/**
 * Berlin EmoDB (Burkhardt et al. 2005): `wav/03a01Fa.wav` is speaker 03, text a01, emotion letter F (German
 * initial), version a. Ten actors, no sessions, so speakers are the fold unit.
 */
import type { CategoryCode } from '../../../../shared/domain/categories'
import type { Gender } from '../../../../shared/domain/corpus'
import { SerError } from '../../../../shared/errors'
import type { ImportSkip } from '../../../../shared/api/corpus'
import type { ImporterOptions, ParsedCorpus, ParsedSpeaker, ParsedUtterance } from './parsed-corpus'
import { stem, walkAudio } from './walk-audio'

const NAME_RE = /^(\d{2})([ab]\d{2})([WLEAFTN])([a-z])$/

/** Ärger, Langeweile, Ekel, Angst, Freude, Trauer, Neutral */
const EMOTIONS: Record<string, CategoryCode> = { W: 'ang', L: 'bor', E: 'dis', A: 'fea', F: 'hap', T: 'sad', N: 'neu' }

const GENDERS: Record<string, Gender> = {
  '03': 'M',
  '08': 'F',
  '09': 'F',
  '10': 'M',
  '11': 'M',
  '12': 'M',
  '13': 'F',
  '14': 'F',
  '15': 'M',
  '16': 'F'
}

/** The ten sentences the actors spoke */
const TEXTS: Record<string, string> = {
  a01: 'Der Lappen liegt auf dem Eisschrank.',
  a02: 'Das will sie am Mittwoch abgeben.',
  a04: 'Heute abend könnte ich es ihm sagen.',
  a05: 'Das schwarze Stück Papier befindet sich da oben neben dem Holzstück.',
  a07: 'In sieben Stunden wird es soweit sein.',
  b01: 'Was sind denn das für Tüten, die da unter dem Tisch stehen?',
  b02: 'Sie haben es gerade hochgetragen und jetzt gehen sie wieder runter.',
  b03: 'An den Wochenenden bin ich jetzt immer nach Hause gefahren und habe Agnes besucht.',
  b09: 'Ich will das eben wegbringen und dann mit Karl was trinken gehen.',
  b10: 'Die wird auf dem Platz sein, wo wir sie immer hinlegen.'
}

export function importEmodb(options: ImporterOptions): ParsedCorpus {
  const skipped: ImportSkip[] = []
  const files = walkAudio(options.root, skipped)
  if (files.length === 0) {
    throw new SerError('FILE_FORMAT', `${options.root}: no .wav or .flac files (EmoDB keeps them in wav/)`, {
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
        error: `'${stem(path)}' does not follow EmoDB's naming (e.g. 03a01Fa: speaker, text, emotion, version)`
      })
      continue
    }
    const [, speaker, text, emotion] = m
    speakers.set(speaker, { id: speaker, gender: GENDERS[speaker] ?? null, session: null })
    utterances.push({
      id: stem(path),
      path,
      session: null,
      speaker,
      dialog: null,
      startSec: null,
      endSec: null,
      transcript: TEXTS[text] ?? null,
      labels: [{ rater: 'reference', kind: 'reference', field: 'category', value: EMOTIONS[emotion] }]
    })
  }
  return {
    id: options.name,
    kind: 'emodb',
    root: options.root,
    speakers: [...speakers.values()],
    dialogs: [],
    utterances,
    skipped
  }
}
