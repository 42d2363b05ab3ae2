/**
 * One utterance's corpus features from its audio file: decode, make mono the way the kind's reference tool does
 * (feature-kinds.ts), resample to the kind's rate (16 kHz) with services/audio/resample.ts, compute. Pure apart
 * from reading the file, so the service, the worker threads and the tests all run exactly this. A speed factor ≠ 1
 * speed-perturbs the audio (audio/speed-perturb.ts) after resampling, for the trainer's augmentation.
 */
import type { FeatureMatrix } from '../../../shared/domain/features'
import { loadMono } from '../audio/read-audio'
import { speedPerturb } from '../audio/speed-perturb'
import type { CorpusFeatureKind, CorpusKindDef } from './feature-kinds'
import { CORPUS_KINDS, FILE_KINDS } from './feature-kinds'

export async function computeCorpusFeatures(
  path: string,
  name: string,
  kind: CorpusFeatureKind,
  def: CorpusKindDef = CORPUS_KINDS[kind],
  speed = 1
): Promise<FeatureMatrix> {
  const fileKind = FILE_KINDS[def.fileKind]
  // mono first, then resample: one channel to filter instead of several
  const { samples, sampleRate } = await loadMono(path, name, { rate: def.sampleRate, channels: fileKind.channels })
  return fileKind.compute(speedPerturb(samples, sampleRate, speed), sampleRate, def.options)
}
