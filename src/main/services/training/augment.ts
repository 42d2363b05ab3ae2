/**
 * Augmentation of training batches (never dev or test: the loop calls these on training batches only), each draw a
 * function of (seed, fold, epoch, utterance) so a run and its resume see the same masks, crops and noise. Pure:
 * typed arrays in, typed arrays changed in place.
 *
 * - random crop: an utterance longer than the model's input gives a random window each epoch, not always the first;
 * - SpecAugment-style masks (Park et al. 2019): SPEC_AUGMENT.timeMasks runs of up to maxTime frames and
 *   freqMasks runs of up to maxFreq feature dims set to 0 — the normalised mean;
 * - additive noise at a random SNR: on log-Mel features (natural-log filterbank energies) a stationary noise of
 *   power P_utt·10^(−SNR/10) in every band adds in the energy domain, log(e^x + n), the expected value of mixing
 *   the waveform with noise of that SNR. Other features have no such closed form, so noise asks for logmel.
 */
import type { Batch } from './batches'
import type { DatasetUtterance } from './dataset-file'
import type { Norm } from './normalise'
import { mixSeed, mulberry32 } from './prng'

export const SPEC_AUGMENT = {
  timeMasks: 2,
  /** frames (10 ms each), and at most this fraction of the utterance's real frames */
  maxTime: 20,
  maxTimeFraction: 0.2,
  freqMasks: 2,
  /** feature dims: 4 of 26 log-Mel bands */
  maxFreqFraction: 0.15
}

/** The seeded draw for one utterance in one epoch */
export function augmentRandom(seed: number, fold: number, epoch: number, index: number, what: string): () => number {
  return mulberry32(mixSeed(seed, fold, what, epoch, index))
}

/** First frame of the training window (randomCrop); 0 when the utterance fits. */
export function cropStart(u: Pick<DatasetUtterance, 'frames'>, maxFrames: number, random: () => number): number {
  return u.frames > maxFrames ? Math.floor(random() * (u.frames - maxFrames + 1)) : 0
}

/** Time and frequency masks on row b of a batch, inside its real frames. */
export function specAugmentRow(batch: Batch, b: number, frames: number, dims: number, random: () => number): void {
  const real = batch.frames[b]
  const base = b * frames * dims
  const maxT = Math.min(SPEC_AUGMENT.maxTime, Math.floor(real * SPEC_AUGMENT.maxTimeFraction))
  for (let m = 0; m < SPEC_AUGMENT.timeMasks; m++) {
    const width = Math.floor(random() * (maxT + 1))
    const t0 = Math.floor(random() * (real - width + 1))
    batch.x.fill(0, base + t0 * dims, base + (t0 + width) * dims)
  }
  const maxF = Math.max(1, Math.round(dims * SPEC_AUGMENT.maxFreqFraction))
  for (let m = 0; m < SPEC_AUGMENT.freqMasks; m++) {
    const width = Math.floor(random() * (maxF + 1))
    const f0 = Math.floor(random() * (dims - width + 1))
    for (let t = 0; t < real; t++) batch.x.fill(0, base + t * dims + f0, base + t * dims + f0 + width)
  }
}

/**
 * The share of training rows that get noise, drawn per row and epoch (seeded). Not every row: a model that only
 * ever sees noisy frames does not carry over to clean dev and test audio (on EmoDB, noise on every row took SN + CW
 * log-Mel from 0.656 to 0.317 UA); Kaldi's recipes likewise add noisy copies beside the clean data.
 */
export const NOISE_SHARE = 0.5

/** Whether this row gets noise this epoch: a draw from the row's own noise stream (the same stream then sets the SNR) */
export function noiseThisEpoch(random: () => number): boolean {
  return random() < NOISE_SHARE
}

/**
 * Noise at an SNR drawn uniformly from [lo, hi] dB on row b (normalised log-Mel with `norm`): back to log energies,
 * add the noise's energy per band, normalise again. Returns the SNR drawn.
 */
export function addNoiseRow(
  batch: Batch,
  b: number,
  frames: number,
  dims: number,
  norm: Norm,
  snrDb: [number, number],
  random: () => number
): number {
  const snr = snrDb[0] + random() * (snrDb[1] - snrDb[0])
  const real = batch.frames[b]
  const base = b * frames * dims
  let power = 0
  for (let t = 0; t < real; t++) {
    for (let j = 0; j < dims; j++) power += Math.exp(batch.x[base + t * dims + j] * norm.std[j] + norm.mean[j])
  }
  const noise = (power / Math.max(1, real * dims)) * Math.pow(10, -snr / 10)
  for (let t = 0; t < real; t++) {
    for (let j = 0; j < dims; j++) {
      const k = base + t * dims + j
      const raw = batch.x[k] * norm.std[j] + norm.mean[j]
      batch.x[k] = (Math.log(Math.exp(raw) + noise) - norm.mean[j]) / norm.std[j]
    }
  }
  return snr
}
