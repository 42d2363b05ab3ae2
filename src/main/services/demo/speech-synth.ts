/**
 * Speech-like audio from a source-filter model, so the demo corpus and the tests have utterances whose prosody
 * differs by emotion the way acted speech does (Banse & Scherer 1996: anger and joy raise F0, its range, loudness
 * and tempo; sadness lowers them and adds breathiness). A glottal impulse train with jitter and shimmer, shaped by
 * a two-pole spectral tilt, plus aspiration noise, goes through four formant resonators that glide between vowels
 * syllable by syllable; fricative noise bursts separate the syllables.
 */
import type { Random } from './seeded-random'

export interface Prosody {
  /** Mean F0 in Hz */
  f0: number
  /** F0 excursion over a syllable, in semitones */
  f0RangeSt: number
  /** F0 drift over the whole utterance, semitones (declination < 0) */
  f0DriftSt: number
  /** Syllables per second */
  rate: number
  /** Peak level in dBFS */
  levelDb: number
  /** Spectral tilt: pole of the glottal low-pass, 0.8 (bright, pressed) … 0.97 (dull, soft) */
  tilt: number
  /** Aspiration noise relative to voicing, 0 … 1 */
  breathiness: number
  /** Cycle-to-cycle period perturbation (fraction) */
  jitter: number
  /** Vocal tract length factor for formants (1 = adult male, ~1.15 female) */
  formantScale: number
}

const VOWELS: [number, number, number, number][] = [
  [730, 1090, 2440, 3400], // a
  [530, 1840, 2480, 3500], // e
  [270, 2290, 3010, 3700], // i
  [570, 840, 2410, 3300], // o
  [300, 870, 2240, 3200] // u
]
const BANDWIDTHS = [80, 100, 140, 200]

function resonate(x: Float32Array, out: Float32Array, freqs: Float32Array, bw: number, fs: number): void {
  let y1 = 0
  let y2 = 0
  const r = Math.exp((-Math.PI * bw) / fs)
  for (let n = 0; n < x.length; n++) {
    const a1 = 2 * r * Math.cos((2 * Math.PI * freqs[n]) / fs)
    const a2 = -r * r
    const y = (1 - a1 - a2) * x[n] + a1 * y1 + a2 * y2
    out[n] = y
    y2 = y1
    y1 = y
  }
}

/** Synthesises `durationSec` of speech-like audio at `sampleRate`; deterministic for a given `rng` state. */
export function synthesizeSpeech(p: Prosody, durationSec: number, sampleRate: number, rng: Random): Float32Array {
  const n = Math.max(1, Math.round(durationSec * sampleRate))
  const source = new Float32Array(n)
  const envelope = new Float32Array(n)
  const formants = [0, 1, 2, 3].map(() => new Float32Array(n))
  const syllables = Math.max(1, Math.round(durationSec * p.rate))
  const sylLen = n / syllables
  // per-syllable targets
  const vowels = Array.from({ length: syllables + 1 }, () => rng.int(VOWELS.length))
  const accents = Array.from({ length: syllables }, () => rng.uniform(-1, 1))
  let phase = 0
  let period = sampleRate / p.f0
  let tiltState1 = 0
  let tiltState2 = 0
  for (let i = 0; i < n; i++) {
    const s = Math.min(syllables - 1, Math.floor(i / sylLen))
    const within = (i - s * sylLen) / sylLen // 0 … 1 inside the syllable
    // voiced nucleus in the middle 70 % of each syllable, consonant noise at its edges
    const voiced = within > 0.15 && within < 0.85
    const env = voiced ? Math.sin((Math.PI * (within - 0.15)) / 0.7) ** 0.6 : 0
    envelope[i] = env
    const st = accents[s] * p.f0RangeSt * Math.sin(Math.PI * within) + (p.f0DriftSt * i) / n
    const f0 = p.f0 * Math.pow(2, st / 12)
    // formants glide from this syllable's vowel to the next one's
    const v0 = VOWELS[vowels[s]]
    const v1 = VOWELS[vowels[s + 1]]
    const g = Math.min(1, Math.max(0, (within - 0.5) * 2))
    for (let k = 0; k < 4; k++) formants[k][i] = (v0[k] * (1 - g) + v1[k] * g) * p.formantScale
    phase += 1
    let x = 0
    if (phase >= period) {
      phase -= period
      period = (sampleRate / f0) * (1 + p.jitter * rng.normal())
      x = 1 + 0.5 * p.jitter * rng.normal() // the pulse's amplitude (shimmer)
    }
    // two one-pole low-passes: the glottal pulse's roll-off, steeper for soft voices
    tiltState1 = p.tilt * tiltState1 + (1 - p.tilt) * x * 30
    tiltState2 = p.tilt * tiltState2 + (1 - p.tilt) * tiltState1
    const aspiration = p.breathiness * 0.15 * rng.normal()
    source[i] = env * (tiltState2 + aspiration) + (voiced ? 0 : 0.04 * rng.normal() * Math.sin(Math.PI * within))
  }
  const a = source
  const b = new Float32Array(n)
  for (let k = 0; k < 4; k++) {
    resonate(a, b, formants[k], BANDWIDTHS[k] * p.formantScale, sampleRate)
    a.set(b)
  }
  // fricative bursts are high-frequency: add them after the vocal tract
  for (let i = 0; i < n; i++) {
    const s = Math.min(syllables - 1, Math.floor(i / sylLen))
    const within = (i - s * sylLen) / sylLen
    if (envelope[i] === 0 && (within < 0.1 || within > 0.9)) a[i] += 0.02 * rng.normal()
  }
  let peak = 0
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(a[i]))
  const gain = peak > 0 ? Math.pow(10, p.levelDb / 20) / peak : 0
  // 10 ms fades so the cut edges do not click
  const fade = Math.min(n / 2, Math.round(0.01 * sampleRate))
  for (let i = 0; i < n; i++) {
    const f = Math.min(1, i / fade, (n - 1 - i) / fade)
    a[i] *= gain * f
  }
  return a
}
