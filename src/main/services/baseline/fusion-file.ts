/**
 * A fusion fold's weight on disk: `fold-K/model/fusion.json` beside the CNN (model.json, norm.json) and the
 * baseline (baseline.json), so the folder holds the whole final model — what held-out scoring
 * (evaluation/fusion-scoring.ts) loads. Runs stored before this file existed keep the weight only in the fold's
 * model info (`run_folds.norm` → `modelInfo.cnnWeight`), which readers fall back on.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SerError } from '../../../shared/errors'

export const FUSION_FILE = 'fusion.json'

export interface SavedFusion {
  /** w in p = w·p_CNN + (1 − w)·p_baseline */
  cnnWeight: number
  /** The fused dev UA at w (null without a dev split) */
  fusedDevUa: number | null
}

export function saveFusionWeight(modelDir: string, fusion: SavedFusion): void {
  writeFileSync(join(modelDir, FUSION_FILE), JSON.stringify(fusion))
}

const isWeight = (w: unknown): w is number => typeof w === 'number' && w >= 0 && w <= 1

/** The fold's CNN weight: fusion.json, else the fold's stored model info; an error naming the file without either. */
export function loadFusionWeight(modelDir: string, modelInfo: Record<string, unknown> | null | undefined): number {
  const file = join(modelDir, FUSION_FILE)
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<SavedFusion>
    if (isWeight(saved.cnnWeight)) return saved.cnnWeight
    throw new SerError('FILE_FORMAT', `${file}: cnnWeight must be a number in [0, 1]`, { file, field: 'cnnWeight' })
  }
  const stored = modelInfo?.cnnWeight
  if (isWeight(stored)) return stored
  throw new SerError('FILE_FORMAT', `${file}: missing, and the fold's model info has no cnnWeight`, { file })
}
