/**
 * eGeMAPSv02 (Eyben et al. 2016) computed the way openSMILE 3.0's config/egemaps/v02/eGeMAPSv02.conf computes it:
 * the 25 low-level descriptors per 10 ms frame (lld-table.ts) and the 88 functionals per file
 * (functionals/egemaps-functionals.ts), both from one analysis pass (analysis.ts).
 *
 * Samples are floats as openSMILE's cWaveSource delivers them (monoMixdown = 1): the channel mean, PCM scaled by
 * 1/32767 (smilePcm_convertSamples), IEEE float unchanged. `openSmileSamples` makes that signal from a decoded
 * file; callers that only have [-1, 1) samples at 1/32768 may pass those, which shifts the level-dependent
 * descriptors by 32768/32767 (loudness +0.002 %, MFCC +0.00006, equivalent sound level +0.0003 dB).
 */
import type { DecodedAudio } from '../../audio/wav-decoder'
import { analyzeEgemaps } from './analysis'
import { egemapsFunctionals, FUNCTIONAL_NAMES } from './functionals/egemaps-functionals'
import type { EgemapsLld } from './lld-table'
import { lldTable } from './lld-table'

export type { EgemapsLld } from './lld-table'
export { LLD_NAMES } from './lld-table'
export { FUNCTIONAL_NAMES } from './functionals/egemaps-functionals'

export interface EgemapsFunctionals {
  names: string[]
  values: Float64Array
}

/** The 25 LLDs at openSMILE's framing: rows of 10 ms frames, frameTimes in seconds. */
export function computeEgemapsLld(samples: Float32Array, sampleRate: number): EgemapsLld {
  return lldTable(analyzeEgemaps(samples, sampleRate))
}

/** The 88 functionals, in openSMILE's order and with its names. */
export function computeEgemapsFunctionals(samples: Float32Array, sampleRate: number): EgemapsFunctionals {
  return { names: [...FUNCTIONAL_NAMES], values: egemapsFunctionals(analyzeEgemaps(samples, sampleRate)) }
}

/** Both from one analysis (the LLDs and the functionals share every step up to the smoothing). */
export function computeEgemaps(
  samples: Float32Array,
  sampleRate: number
): { lld: EgemapsLld; functionals: EgemapsFunctionals } {
  const a = analyzeEgemaps(samples, sampleRate)
  return { lld: lldTable(a), functionals: { names: [...FUNCTIONAL_NAMES], values: egemapsFunctionals(a) } }
}

/**
 * The mono signal openSMILE's cWaveSource reads from a decoded file: the mean of the channels, with PCM samples
 * divided by 32767 instead of the decoder's 32768 (float32 arithmetic, as smilePcm_convertSamples does it).
 */
export function openSmileSamples(audio: DecodedAudio): Float32Array {
  const n = audio.frames
  const nc = audio.channels.length
  const out = new Float32Array(n)
  if (audio.encoding === 'pcm') {
    // the decoder's value × 32768 is the integer sample (int24 / 256 for 24-bit: still exact in float32)
    if (nc === 1) {
      // the same operations for one channel, without the loop over channels
      const ch = audio.channels[0]
      for (let i = 0; i < n; i++) out[i] = Math.fround(Math.fround(Math.fround(0 + ch[i] * 32768) / 1) / 32767)
      return out
    }
    for (let i = 0; i < n; i++) {
      let s = 0
      for (const ch of audio.channels) s = Math.fround(s + ch[i] * 32768)
      out[i] = Math.fround(Math.fround(s / nc) / 32767)
    }
  } else {
    for (let i = 0; i < n; i++) {
      let s = 0
      for (const ch of audio.channels) s = Math.fround(s + ch[i])
      out[i] = Math.fround(s / nc)
    }
  }
  return out
}
