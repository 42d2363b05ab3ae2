/**
 * A fold's folder, without tfjs (the parent service uses this too): `ckpt-NNNN/` epoch checkpoints, `best-NNNN/`
 * best-on-dev weights, `latest.json` pointing at the checkpoint a resume starts from, and `model/` once done.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

export const LATEST = 'latest.json'
export const MODEL_DIR = 'model'

/** Removes checkpoint and best folders other than the ones named (and leftovers of interrupted writes). */
export function sweepCheckpoints(foldDir: string, keep: (string | null)[]): void {
  if (!existsSync(foldDir)) return
  for (const name of readdirSync(foldDir)) {
    if (/^(ckpt|best)-\d+(\.tmp)?$/.test(name) && !keep.includes(name))
      rmSync(join(foldDir, name), { recursive: true, force: true })
  }
}

/** Drops every checkpoint of a fold whose result is stored (it keeps only its final model). */
export function clearCheckpoints(foldDir: string): void {
  sweepCheckpoints(foldDir, [])
  rmSync(join(foldDir, LATEST), { force: true })
}

/**
 * Where a fold's further models train (train-loop.ts): view v (0: the run's `features`, then each of
 * `extraFeatures`) in `view-v/` below the fold's folder, and that view's seed k (0-based) in `seed-k/` below the view's
 * folder; view 0, seed 0 is the fold's folder itself. Each keeps its final model in MODEL_DIR.
 */
export const viewFolder = (foldDir: string, view: number): string =>
  view === 0 ? foldDir : join(foldDir, `view-${view}`)
export const seedFolder = (viewDir: string, k: number): string => (k === 0 ? viewDir : join(viewDir, `seed-${k}`))

export interface FoldMember {
  /** 0: the run's `features`; v ≥ 1: extraFeatures[v − 1] */
  view: number
  features: string
  /** The seed it trained with (config.seed + k) */
  seed: number
  /** Its saved model folder */
  modelDir: string
}

/** Every model a finished fold averaged, view by view, seeds in order (the fold's own model first) */
export function foldMembers(
  foldDir: string,
  config: { features: string; extraFeatures?: readonly string[]; ensembleSeeds?: number; seed: number }
): FoldMember[] {
  const views = [config.features, ...(config.extraFeatures ?? [])]
  return views.flatMap((features, view) =>
    Array.from({ length: Math.max(1, config.ensembleSeeds ?? 1) }, (_, k) => ({
      view,
      features,
      seed: config.seed + k,
      modelDir: join(seedFolder(viewFolder(foldDir, view), k), MODEL_DIR)
    }))
  )
}
