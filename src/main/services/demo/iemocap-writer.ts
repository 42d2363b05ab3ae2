/**
 * Writes a corpus in the exact on-disk layout and byte formats of IEMOCAP_full_release (the layout
 * corpus/importers/iemocap.ts reads), from turns the caller provides: per dialog, the utterance wavs, the stereo
 * dialog wav, the EmoEvaluation file (summary line, C- and A- evaluator lines, TAB separated, blocks split by blank
 * lines), and the transcription.
 * The demo corpus, the importer tests and the import benchmark all use it.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { encodeWav } from '../audio/wav-encoder'

export interface EvaluatorCategory {
  /** E1 … E6 for external evaluators, F1/M1 … for the actors themselves */
  who: string
  /** Evaluator words as the release spells them: Neutral, Happiness, Excited, Anger, Sadness, Frustration … */
  words: string[]
}

export interface EvaluatorAttributes {
  who: string
  valence: number
  activation: number
  dominance: number
}

export interface IemocapTurn {
  /** e.g. Ses01F_impro01_F000 */
  id: string
  /** Mono samples at the writer's sample rate */
  audio: Float32Array
  /** Summary code: neu, hap, exc, ang, sad, fru, xxx … */
  code: string
  /** Summary [V, A, D] */
  vad: [number, number, number]
  categorical: EvaluatorCategory[]
  attributes: EvaluatorAttributes[]
  text: string
}

export interface IemocapDialog {
  /** e.g. Ses01F_impro01 */
  id: string
  session: number
  turns: IemocapTurn[]
}

export interface WriteOptions {
  sampleRate?: number
  /** Silence between turns in the dialog audio, seconds */
  gapSec?: number
  /** Write dialog/wav/<dialog>.wav: stereo as the release has it (each actor louder on one channel), or mono */
  dialogAudio?: 'stereo' | 'mono' | 'none'
  /** Line ending of the text files */
  eol?: '\n' | '\r\n'
}

export interface WrittenTurn {
  id: string
  dialog: string
  session: number
  startSec: number
  endSec: number
}

const f4 = (x: number) => x.toFixed(4)

/** A summary line exactly as the release prints it: `[6.2901 - 8.2357]⇥id⇥code⇥[2.5000, 2.5000, 2.5000]` */
export function summaryLine(
  start: number,
  end: number,
  id: string,
  code: string,
  vad: [number, number, number]
): string {
  return `[${f4(start)} - ${f4(end)}]\t${id}\t${code}\t[${vad.map(f4).join(', ')}]`
}

export function writeIemocapRelease(root: string, dialogs: IemocapDialog[], options: WriteOptions = {}): WrittenTurn[] {
  const sr = options.sampleRate ?? 16000
  const gap = options.gapSec ?? 0.3
  const eol = options.eol ?? '\n'
  const written: WrittenTurn[] = []
  for (const d of dialogs) {
    const session = join(root, `Session${d.session}`)
    const evalDir = join(session, 'dialog', 'EmoEvaluation')
    const trDir = join(session, 'dialog', 'transcriptions')
    const wavDir = join(session, 'sentences', 'wav', d.id)
    for (const dir of [evalDir, trDir, wavDir, join(session, 'dialog', 'wav')]) mkdirSync(dir, { recursive: true })

    let t = 0.5
    const placed = d.turns.map((turn) => {
      const start = t
      const end = start + turn.audio.length / sr
      t = end + gap
      return { turn, start, end }
    })
    const evalLines = ['% [START_TIME - END_TIME] TURN_NAME EMOTION [V, A, D]', '']
    const trLines: string[] = []
    for (const { turn, start, end } of placed) {
      writeFileSync(join(wavDir, `${turn.id}.wav`), encodeWav([turn.audio], sr))
      evalLines.push(summaryLine(start, end, turn.id, turn.code, turn.vad))
      for (const c of turn.categorical) evalLines.push(`C-${c.who}:\t${c.words.map((w) => w + ';').join(' ')}\t()`)
      for (const a of turn.attributes) {
        evalLines.push(`A-${a.who}:\tval ${a.valence}; act ${a.activation}; dom  ${a.dominance};\t()`)
      }
      evalLines.push('')
      const pad = (x: number) => x.toFixed(4).padStart(8, '0')
      trLines.push(`${turn.id} [${pad(start)}-${pad(end)}]: ${turn.text}`)
      written.push({ id: turn.id, dialog: d.id, session: d.session, startSec: start, endSec: end })
    }
    writeFileSync(join(evalDir, `${d.id}.txt`), evalLines.join(eol) + eol)
    writeFileSync(join(trDir, `${d.id}.txt`), trLines.join(eol) + eol)
    const dialogAudio = options.dialogAudio ?? 'stereo'
    if (dialogAudio !== 'none') {
      const total = Math.ceil((t + 0.5) * sr)
      const left = new Float32Array(total)
      const right = new Float32Array(total)
      for (const { turn, start } of placed) {
        const at = Math.round(start * sr)
        // each actor has a close microphone; the other one hears them faintly
        const female = /_F\d{3}$/.test(turn.id)
        const [near, far] = female ? [left, right] : [right, left]
        for (let i = 0; i < turn.audio.length && at + i < total; i++) {
          near[at + i] += turn.audio[i]
          far[at + i] += 0.2 * turn.audio[i]
        }
      }
      if (dialogAudio === 'mono') for (let i = 0; i < total; i++) left[i] = 0.5 * (left[i] + right[i])
      writeFileSync(
        join(session, 'dialog', 'wav', `${d.id}.wav`),
        encodeWav(dialogAudio === 'mono' ? [left] : [left, right], sr)
      )
    }
  }
  return written
}
