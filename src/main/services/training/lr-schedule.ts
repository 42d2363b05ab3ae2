/**
 * The learning-rate schedule between epochs. 'constant' (the paper's): Adam's rate throughout. 'plateau'
 * (Keras's ReduceLROnPlateau on the dev loss): after PLATEAU.patience epochs without a lower dev loss the rate is
 * multiplied by PLATEAU.factor, never below PLATEAU.minLr; the count restarts after each cut. nextLr is pure;
 * lrScheduler applies it to an optimizer.
 */
import type { LrSchedule } from '../../../shared/domain/training'

export const PLATEAU = { factor: 0.5, patience: 2, minLr: 1e-5 }

export interface LrState {
  lr: number
  /** Epochs since the dev loss last improved or the rate was last cut */
  plateauEpochs: number
}

/** The rate for the next epoch, given whether this epoch's dev loss was the lowest so far (null: no dev split). */
export function nextLr(schedule: LrSchedule, state: LrState, improved: boolean | null): LrState {
  if (schedule === 'constant' || improved === null) return state
  if (improved) return { lr: state.lr, plateauEpochs: 0 }
  const waited = state.plateauEpochs + 1
  if (waited < PLATEAU.patience) return { lr: state.lr, plateauEpochs: waited }
  return { lr: Math.max(PLATEAU.minLr, state.lr * PLATEAU.factor), plateauEpochs: 0 }
}

/** The schedule as the loop drives it: the rate is set on the optimizer at the start and after every step. */
export function lrScheduler(schedule: LrSchedule, start: LrState, optimizer: object) {
  let state = start
  const apply = () => ((optimizer as { learningRate: number }).learningRate = state.lr)
  apply()
  return {
    get state(): LrState {
      return state
    },
    /** After an epoch: the next epoch's rate, given whether its dev loss was the lowest so far */
    step(improved: boolean | null): LrState {
      state = nextLr(schedule, state, improved)
      apply()
      return state
    }
  }
}
