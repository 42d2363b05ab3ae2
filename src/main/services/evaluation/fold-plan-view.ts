/**
 * The fold plan as a reader checks it (evaluation.folds, `ser evaluate --run ID --folds`): per fold, the groups and
 * speakers of the train, dev and test splits. `assertSpeakerIndependent` is the property docs/paper.md's protocol rests
 * on: no speaker of a fold's test split appears in its training or dev split. Pure.
 */
import type { FoldPlanEntry } from '../../../shared/domain/evaluation'
import { SerError } from '../../../shared/errors'
import type { FoldPlan, FoldUtterance } from '../training/folds'
import { foldUnit } from '../training/folds'
import { foldLabel } from '../../../shared/domain/fold-name'

export interface PlannedUtterance extends FoldUtterance {
  id: string
}

const byNatural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true })

function distinct(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))].sort(byNatural)
}

export function describeFolds(utterances: readonly PlannedUtterance[], plans: readonly FoldPlan[]): FoldPlanEntry[] {
  const unit = foldUnit(utterances)
  const groupOf = (i: number) => (unit === 'session' ? utterances[i].session : utterances[i].speaker)
  const speakers = (list: number[]) => distinct(list.map((i) => utterances[i].speaker))
  return plans.map((p) => ({
    fold: p.fold,
    testGroups: [...p.testGroups],
    trainGroups: distinct([...p.train, ...p.dev].map(groupOf)),
    train: p.train.length,
    dev: p.dev.length,
    test: p.test.length,
    trainSpeakers: speakers(p.train),
    devSpeakers: speakers(p.dev),
    testSpeakers: speakers(p.test)
  }))
}

/** Throws CONFLICT naming the fold and speaker if a test speaker (or utterance) also trains or selects epochs. */
export function assertSpeakerIndependent(utterances: readonly PlannedUtterance[], plans: readonly FoldPlan[]): void {
  for (const p of plans) {
    const test = new Set(p.test)
    const testSpeakers = new Set(p.test.map((i) => utterances[i].speaker).filter((s): s is string => s !== null))
    for (const [split, list] of [
      ['train', p.train],
      ['dev', p.dev]
    ] as const) {
      for (const i of list) {
        const u = utterances[i]
        if (test.has(i) || (u.speaker !== null && testSpeakers.has(u.speaker))) {
          throw new SerError(
            'CONFLICT',
            `folds: ${foldLabel(p.fold)} tests speaker ${u.speaker ?? '?'} (utterance ${u.id}) that is also in its ${split} split`,
            { field: 'folds' }
          )
        }
      }
    }
  }
}
