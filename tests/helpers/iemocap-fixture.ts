/**
 * A miniature IEMOCAP_full_release in the exact layout, with the quirks shared/iemocap-layout.md lists (§8):
 * AppleDouble `._*` files, EmoEvaluation subfolders, suffixed dialog names (impro05a, script01_1b), actors of both
 * genders in one dialog, xxx/fru utterances, blocks out of chronological order, multi-category evaluator lines,
 * self-evaluations, XX and non-Ses transcription lines, CRLF line ends, a Latin-1 transcription, a missing final
 * blank line — plus deliberate faults: a malformed evaluator line, a listed utterance without its wav, and an
 * empty (corrupt) wav. `FIXTURE_FACTS` says what a correct importer must find.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { IemocapDialog, IemocapTurn } from '../../src/main/services/demo/iemocap-writer'
import { writeIemocapRelease } from '../../src/main/services/demo/iemocap-writer'

function tone(seconds: number, freq: number): Float32Array {
  const n = Math.round(seconds * 16000)
  return Float32Array.from({ length: n }, (_, i) => 0.3 * Math.sin((2 * Math.PI * freq * i) / 16000))
}

function turn(
  id: string,
  code: string,
  vad: [number, number, number],
  words: string[][],
  attrs: [string, number, number, number][],
  text = 'Hello there.'
): IemocapTurn {
  return {
    id,
    audio: tone(0.25 + words.length * 0.05, 150 + id.length * 3),
    code,
    vad,
    categorical: words.map((w, i) => ({ who: `E${i + 1}`, words: w })),
    attributes: attrs.map(([who, valence, activation, dominance]) => ({ who, valence, activation, dominance })),
    text
  }
}

export const FIXTURE_DIALOGS: IemocapDialog[] = [
  {
    id: 'Ses01F_impro01',
    session: 1,
    turns: [
      turn(
        'Ses01F_impro01_F000',
        'neu',
        [2.5, 2.5, 2.5],
        [['Neutral'], ['Neutral'], ['Frustration']],
        [
          ['E1', 3, 2, 2],
          ['E2', 2, 3, 3],
          ['F1', 1, 5, 5]
        ]
      ),
      turn(
        'Ses01F_impro01_M000',
        'ang',
        [1.5, 4, 4.5],
        [['Anger', 'Frustration'], ['Anger'], ['Frustration']],
        [
          ['E1', 2, 4, 4],
          ['E2', 1, 4, 5]
        ],
        'I told you twice already!'
      ),
      turn(
        'Ses01F_impro01_F001',
        'exc',
        [4, 4, 3],
        [['Excited'], ['Happiness'], ['Excited']],
        [
          ['E1', 4, 4, 3],
          ['E3', 4, 4, 3]
        ]
      ),
      turn(
        'Ses01F_impro01_M001',
        'xxx',
        [2.5, 3, 3],
        [['Neutral'], ['Sadness'], ['Anger']],
        [
          ['E1', 3, 3, 3],
          ['E2', 2, 3, 3]
        ]
      )
    ]
  },
  {
    id: 'Ses03M_impro05a',
    session: 3,
    turns: [
      turn(
        'Ses03M_impro05a_F000',
        'sad',
        [1.5, 2, 2],
        [['Sadness'], ['Sadness']],
        [
          ['E2', 1, 2, 2],
          ['E4', 2, 2, 2]
        ]
      ),
      turn(
        'Ses03M_impro05a_M000',
        'fru',
        [2, 3.5, 3],
        [['Frustration'], ['Anger']],
        [
          ['E2', 2, 3, 3],
          ['E4', 2, 4, 3]
        ]
      )
    ]
  },
  {
    id: 'Ses05M_script01_1',
    session: 5,
    turns: [
      turn(
        'Ses05M_script01_1_F000',
        'hap',
        [4, 3, 3],
        [['Happiness'], ['Happiness']],
        [
          ['E1', 4, 3, 3],
          ['E2', 4, 3, 3]
        ]
      ),
      turn(
        'Ses05M_script01_1_M000',
        'neu',
        [3, 2, 3],
        [['Neutral'], ['Neutral']],
        [
          ['E1', 3, 2, 3],
          ['E2', 3, 2, 3]
        ]
      )
    ]
  },
  {
    id: 'Ses05M_script01_1b',
    session: 5,
    turns: [
      turn(
        'Ses05M_script01_1b_F000',
        'sad',
        [2, 2, 2],
        [['Sadness'], ['Neutral'], ['Sadness']],
        [
          ['E1', 2, 2, 2],
          ['E2', 2, 2, 2]
        ]
      ),
      turn(
        'Ses05M_script01_1b_M000',
        'ang',
        [1, 5, 5],
        [['Anger'], ['Anger']],
        [
          ['E1', 1, 5, 5],
          ['E2', 1, 5, 5]
        ]
      )
    ]
  }
]

export const FIXTURE_FACTS = {
  /** Every wav present and valid: 10 listed − 1 without wav − 1 empty wav */
  utterances: 8,
  sessions: 3,
  fourClass: { neu: 1, hap: 2, ang: 1, sad: 2 },
  missingWav: 'Ses05M_script01_1_M000',
  emptyWav: 'Ses05M_script01_1b_M000',
  malformedLine: { file: 'Session3/dialog/EmoEvaluation/Ses03M_impro05a.txt' },
  latin1Text: 'Ses03M_impro05a_F000'
}

function rewrite(path: string, edit: (s: string) => string, encoding: BufferEncoding = 'utf8'): void {
  writeFileSync(path, edit(readFileSync(path, 'utf8')), encoding)
}

/** Writes the fixture into `root` and returns the turn timings the writer chose. */
export function writeIemocapFixture(root: string) {
  const written = writeIemocapRelease(root, FIXTURE_DIALOGS, { dialogAudio: 'stereo' })
  const s1 = join(root, 'Session1')
  const s3 = join(root, 'Session3')
  const s5 = join(root, 'Session5')
  // AppleDouble resource forks next to real files
  writeFileSync(join(s1, 'dialog', 'EmoEvaluation', '._Ses01F_impro01.txt'), Buffer.from([0, 5, 22, 7, 0, 2, 0, 0]))
  writeFileSync(join(s1, 'sentences', 'wav', 'Ses01F_impro01', '._Ses01F_impro01_F000.wav'), Buffer.from([0, 5, 22, 7]))
  mkdirSync(join(s1, 'dialog', 'avi', 'DivX'), { recursive: true })
  writeFileSync(join(s1, 'dialog', 'avi', 'DivX', '._Ses01F_impro01.avi'), Buffer.from([0, 5, 22, 7]))
  // per-evaluator subfolders the importer must not recurse into
  for (const sub of ['Categorical', 'Attribute', 'Self-evaluation'])
    mkdirSync(join(s1, 'dialog', 'EmoEvaluation', sub), { recursive: true })
  writeFileSync(
    join(s1, 'dialog', 'EmoEvaluation', 'Categorical', 'Ses01F_impro01_e2_cat.txt'),
    'Ses01F_impro01_F000 :Neutral state; ()\n'
  )
  writeFileSync(
    join(s1, 'dialog', 'EmoEvaluation', 'Attribute', 'Ses01F_impro01_e2_atr.txt'),
    'Ses01F_impro01_F000 :act 2; :val 3; :dom 2;\n'
  )
  // blocks out of chronological order, and no blank line after the last block
  rewrite(join(s1, 'dialog', 'EmoEvaluation', 'Ses01F_impro01.txt'), (s) => {
    const [head, ...blocks] = s.trim().split('\n\n')
    return [head, ...blocks.reverse()].join('\n\n')
  })
  // XX turns, a line without a Ses id, a short line
  rewrite(
    join(s1, 'dialog', 'transcriptions', 'Ses01F_impro01.txt'),
    (s) => s + 'Ses01F_impro01_FXX0 [010.0000-010.5000]: [BREATHING]\nM: (laughs)\nshort line\n'
  )
  // Session 3: CRLF everywhere, a Latin-1 transcription, a malformed attribute line
  rewrite(join(s3, 'dialog', 'EmoEvaluation', 'Ses03M_impro05a.txt'), (s) =>
    s.replace('A-E4:\tval 2; act 4; dom  3;', 'A-E4:\tval two; act 4;').replace(/\n/g, '\r\n')
  )
  const tr = join(s3, 'dialog', 'transcriptions', 'Ses03M_impro05a.txt')
  rewrite(
    tr,
    (s) => s.replace('Hello there.', 'Un café, s\u2019il vous plaît.'.replace('\u2019', "'")).replace(/\n/g, '\r\n'),
    'latin1'
  )
  // Session 5: extra trailing blank lines; a listed utterance whose wav is missing; an empty wav
  rewrite(join(s5, 'dialog', 'EmoEvaluation', 'Ses05M_script01_1.txt'), (s) => s + '\n\n\n')
  rmSync(join(s5, 'sentences', 'wav', 'Ses05M_script01_1', 'Ses05M_script01_1_M000.wav'))
  writeFileSync(join(s5, 'sentences', 'wav', 'Ses05M_script01_1b', 'Ses05M_script01_1b_M000.wav'), '')
  return written
}
