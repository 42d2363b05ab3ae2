/**
 * The demo corpus the app opens on: synthetic, speech-like utterances in IEMOCAP's release layout (so the real
 * importer reads it and the player has dialog context), 5 sessions × 2 actors, the 4 classes plus a few IEMOCAP
 * extras (excited, frustrated, no agreement), external evaluators with realistic disagreement, valence/arousal/
 * dominance ratings. Generated from a fixed seed by the project's own code (speech-synth.ts), once, into
 * resources/demo-corpus (~13 MB; its dialog audio is mono to keep it small, the release's is stereo). Classes differ
 * in prosody, so a model trained on it does better than chance.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CategoryCode } from '../../../shared/domain/categories'
import type { Gender } from '../../../shared/domain/corpus'
import type { Services } from '../create-services'
import { resourcesDir } from '../runtime/app-paths'
import type { SyntheticSpeaker } from './emotion-prosody'
import { TYPICAL_VAD, prosodyFor, syntheticSpeaker } from './emotion-prosody'
import type { EvaluatorAttributes, EvaluatorCategory, IemocapDialog, IemocapTurn } from './iemocap-writer'
import { writeIemocapRelease } from './iemocap-writer'
import type { Random } from './seeded-random'
import { createRandom } from './seeded-random'
import { synthesizeSpeech } from './speech-synth'

export const DEMO_CORPUS_ID = 'demo'
const SAMPLE_RATE = 16000
/** Bump when the generator changes, so an old copy is regenerated */
const GENERATOR_VERSION = '1'

const WORDS: Record<string, string> = {
  neu: 'Neutral',
  hap: 'Happiness',
  exc: 'Excited',
  ang: 'Anger',
  sad: 'Sadness',
  fru: 'Frustration'
}
/** What a rater might hear instead, per true class (IEMOCAP's common confusions) */
const CONFUSIONS: Record<string, CategoryCode[]> = {
  neu: ['sad', 'fru', 'hap'],
  hap: ['exc', 'neu'],
  exc: ['hap', 'ang'],
  ang: ['fru', 'exc'],
  sad: ['neu', 'fru'],
  fru: ['ang', 'neu', 'sad']
}
const CLASS_WEIGHTS: [CategoryCode, number][] = [
  ['neu', 0.28],
  ['hap', 0.14],
  ['exc', 0.08],
  ['ang', 0.22],
  ['sad', 0.22],
  ['fru', 0.06]
]
const SENTENCES = [
  'I told you twice already.',
  'Where were you last night?',
  'That is the best news I have heard all year.',
  'I do not want to talk about it.',
  'Could you pass me the letter, please?',
  'We missed the train again.',
  'You never listen to me.',
  'It is fine, really, it is fine.',
  'I got the job! [LAUGHTER]',
  'Nobody came to the party.',
  'Let me think about it for a moment.',
  'Why would you do that?'
]

export interface DemoOptions {
  sessions?: number
  turnsPerDialog?: number
  seed?: number
}

function pickClass(rng: Random): CategoryCode {
  let x = rng.next()
  for (const [c, w] of CLASS_WEIGHTS) if ((x -= w) < 0) return c
  return 'neu'
}

function rate(x: number, rng: Random): number {
  return Math.min(5, Math.max(1, Math.round(x + 0.7 * rng.normal())))
}

function makeTurn(id: string, speaker: SyntheticSpeaker, rng: Random): IemocapTurn {
  const truth = pickClass(rng)
  const duration = rng.uniform(1.0, 1.8) * (truth === 'sad' ? 1.2 : 1)
  const audio = synthesizeSpeech(prosodyFor(truth, speaker, rng), duration, SAMPLE_RATE, rng)
  const raters = ['E1', 'E2', 'E3', 'E4'].filter(() => rng.next() < 0.8).slice(0, 3)
  while (raters.length < 3) raters.push(`E${raters.length + 5}`)
  const categorical: EvaluatorCategory[] = raters.map((who) => {
    const heard = rng.next() < 0.78 ? truth : rng.pick(CONFUSIONS[truth])
    return { who, words: [WORDS[heard]] }
  })
  const counts = new Map<string, number>()
  for (const c of categorical) counts.set(c.words[0], (counts.get(c.words[0]) ?? 0) + 1)
  const [topWord, topCount] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]
  const code = topCount >= 2 ? Object.keys(WORDS).find((k) => WORDS[k] === topWord)! : 'xxx'
  const [v, a, d] = TYPICAL_VAD[truth]!
  const attributes: EvaluatorAttributes[] = raters.slice(0, 2).map((who) => ({
    who,
    valence: rate(v, rng),
    activation: rate(a, rng),
    dominance: rate(d, rng)
  }))
  const mean = (f: (x: EvaluatorAttributes) => number) => attributes.reduce((s, x) => s + f(x), 0) / attributes.length
  return {
    id,
    audio,
    code,
    vad: [mean((x) => x.valence), mean((x) => x.activation), mean((x) => x.dominance)],
    categorical,
    attributes,
    text: rng.pick(SENTENCES)
  }
}

/** The demo corpus as dialogs (pure: the same seed gives the same corpus). */
export function demoDialogs(options: DemoOptions = {}): IemocapDialog[] {
  const sessions = options.sessions ?? 5
  const turns = options.turnsPerDialog ?? 12
  const rng = createRandom(options.seed ?? 2016)
  const dialogs: IemocapDialog[] = []
  for (let s = 1; s <= sessions; s++) {
    const actors: Record<Gender, SyntheticSpeaker> = { F: syntheticSpeaker('F', rng), M: syntheticSpeaker('M', rng) }
    const ss = String(s).padStart(2, '0')
    for (const name of [`Ses${ss}F_impro01`, `Ses${ss}M_script01_1`]) {
      const count: Record<Gender, number> = { F: 0, M: 0 }
      const list: IemocapTurn[] = []
      for (let t = 0; t < turns; t++) {
        const g: Gender = t % 2 === 0 ? 'F' : 'M'
        list.push(makeTurn(`${name}_${g}${String(count[g]++).padStart(3, '0')}`, actors[g], rng))
      }
      dialogs.push({ id: name, session: s, turns: list })
    }
  }
  return dialogs
}

/** Writes the demo corpus into `dir` (atomically: a half-written copy is never left behind). */
export function writeDemoCorpus(dir: string, options: DemoOptions = {}): void {
  const tmp = `${dir}.tmp-${process.pid}`
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(tmp, { recursive: true })
  writeIemocapRelease(tmp, demoDialogs(options), { sampleRate: SAMPLE_RATE, dialogAudio: 'mono' })
  writeFileSync(join(tmp, '.generator-version'), GENERATOR_VERSION + '\n')
  rmSync(dir, { recursive: true, force: true })
  renameSync(tmp, dir)
}

export function demoCorpusDir(): string {
  return join(resourcesDir(), 'demo-corpus')
}

/** Makes sure the demo corpus exists on disk and is in the index; returns its corpus id. */
export async function ensureDemoCorpus(services: Services, dir = demoCorpusDir()): Promise<string> {
  const marker = join(dir, '.generator-version')
  const fresh = existsSync(marker) && readFileSync(marker, 'utf8').trim() === GENERATOR_VERSION
  if (!fresh) writeDemoCorpus(dir)
  if (!fresh || !services.corpus.corpora().some((c) => c.id === DEMO_CORPUS_ID)) {
    await services.importer.importCorpus({ kind: 'iemocap', dir, name: DEMO_CORPUS_ID })
  }
  return DEMO_CORPUS_ID
}
