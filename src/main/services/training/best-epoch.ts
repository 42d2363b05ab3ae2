/**
 * Early stopping and the best epoch on the dev loss (tfjs's EarlyStopping role), and the weights the fold ends
 * with: the best epoch's (keepBest), or the mean of the best `averageCheckpoints` epochs'. The state lives in the
 * checkpoint's LoopState, so a resumed run tracks exactly as an uninterrupted one.
 */
import { join } from 'node:path'
import type * as tf from '@tensorflow/tfjs'
import type { RunConfig } from '../../../shared/domain/training'
import type { EpochRecord } from '../../../shared/domain/runs'
import type { LoopState } from './checkpoint'
import { averageWeights, restoreWeights, writeBest } from './checkpoint'

/** The state after an epoch, and whether its dev loss is the lowest so far (null: no dev split). Pure. */
export function recordEpoch(state: LoopState, record: EpochRecord): { next: LoopState; improved: boolean | null } {
  const next: LoopState = { ...state, epoch: record.epoch, history: [...state.history, record] }
  const devLoss = record.valLoss
  if (devLoss === null) return { next, improved: null }
  const improved = next.bestValLoss === null || devLoss < next.bestValLoss
  if (improved) {
    next.bestValLoss = devLoss
    next.bestEpoch = record.epoch
    next.badEpochs = 0
  } else {
    next.badEpochs++
  }
  return { next, improved }
}

/** Early stopping: `patience` epochs without a lower dev loss (0 or no dev split: never). */
export function patienceSpent(state: LoopState, devUtterances: number, patience: number): boolean {
  return devUtterances > 0 && patience > 0 && state.badEpochs >= patience
}

/** How many best epochs the final weights average (1: none) */
export const averagedEpochs = (config: RunConfig): number => Math.max(1, config.averageCheckpoints ?? 1)

/** Writes the weights the end of the fold may need: the new best epoch's, and a newcomer to the best-k list. */
export async function keepBestWeights(
  previous: LoopState,
  next: LoopState,
  improved: boolean | null,
  config: RunConfig,
  foldDir: string,
  model: tf.LayersModel
): Promise<void> {
  if (improved === null) return
  const averaged = averagedEpochs(config)
  if (improved && (config.keepBest || averaged > 1)) next.bestDir = await writeBest(foldDir, next.epoch, model)
  if (averaged > 1) {
    const valLoss = next.history[next.history.length - 1].valLoss!
    const candidate = { epoch: next.epoch, valLoss, dir: next.bestEpoch === next.epoch ? next.bestDir! : '' }
    next.top = await keepTop(previous.top ?? [], candidate, averaged, foldDir, model)
  }
}

/** The best `k` epochs by dev loss, lowest first; a newcomer that makes the cut has its weights written. */
async function keepTop(
  top: NonNullable<LoopState['top']>,
  candidate: { epoch: number; valLoss: number; dir: string },
  k: number,
  foldDir: string,
  model: tf.LayersModel
): Promise<NonNullable<LoopState['top']>> {
  const ranked = [...top, candidate].sort((a, b) => a.valLoss - b.valLoss).slice(0, k)
  if (!ranked.includes(candidate)) return ranked
  if (!candidate.dir) candidate.dir = await writeBest(foldDir, candidate.epoch, model)
  return ranked
}

/** The fold's final weights: the mean of the best epochs', else the best epoch's (keepBest), else the last. */
export function finalWeights(model: tf.LayersModel, state: LoopState, config: RunConfig, foldDir: string): void {
  if (averagedEpochs(config) > 1 && state.top && state.top.length > 0)
    averageWeights(
      model,
      state.top.map((t) => join(foldDir, t.dir))
    )
  else if (config.keepBest && state.bestDir) restoreWeights(model, join(foldDir, state.bestDir))
}
