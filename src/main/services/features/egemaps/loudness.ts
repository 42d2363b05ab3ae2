/**
 * Loudness as eGeMAPSv02 defines it: cPlp's auditory spectrum (src/lldcore/plp.cpp, section gemapsv01b_audspec:
 * doAud 1, doLog 0, htkcompatible 0, compression 0.33) followed by cVectorOperation ll1 (section
 * gemapsv01b_audspecSum), which is the *mean* of the 26 compressed band values.
 *
 * Each Mel band power is floored at cPlp's melfloor (9.3e-10), weighted by Hermansky's (1990) equal-loudness curve
 * at the band's centre frequency (smileDsp_equalLoudnessWeight) and compressed with the power law of hearing.
 */
const MEL_FLOOR = 0.00000000093
const COMPRESSION = 0.33

/** smileDsp_equalLoudnessWeight: Hermansky 1990, scaled to a maximum of 1. */
export function equalLoudnessWeight(f: number): number {
  const w = 2 * Math.PI * f
  const w2 = w * w
  const c = w2 + 6300000
  if (c <= 0) return 0
  return (1e32 * ((w2 + 56.8e6) * w2 * w2)) / (c * c * (w2 + 0.38e9) * (w2 * w2 * w2 * w + 1.7e31))
}

export interface LoudnessMeter {
  /** Loudness of one frame from its 26 Mel band powers */
  loudness(melPower: Float64Array): number
}

export function createLoudnessMeter(bandCentres: Float64Array): LoudnessMeter {
  const eql = bandCentres.map((f) => Math.fround(equalLoudnessWeight(f)))
  return {
    loudness(melPower) {
      let sum = 0
      for (let i = 0; i < eql.length; i++) {
        const p = melPower[i] < MEL_FLOOR ? MEL_FLOOR : melPower[i]
        sum += Math.pow(p * eql[i], COMPRESSION)
      }
      return sum / eql.length
    }
  }
}
