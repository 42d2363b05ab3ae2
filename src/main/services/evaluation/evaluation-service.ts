/**
 * The evaluation area over stored runs: fold plans, metrics from stored predictions, held-out scoring and the second
 * look. Reads what the training service stored (runs in SQLite, dataset.json and folds.json in the run folder) and
 * writes nothing there.
 */
import type { SecondLookRequest, ScoreSessionRequest } from '../../../shared/api/evaluation'
import { toClassSet } from '../../../shared/domain/categories'
import type { FoldPlanView, HeldOutScore, SecondLookItem, RunEvaluation } from '../../../shared/domain/evaluation'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { LabelStore } from '../labels/label-store'
import type { FunctionalsSource } from '../baseline/functionals'
import type { FeatureSource } from '../training/dataset'
import { foldUnit } from '../training/folds'
import { scoreBaselineSession } from '../baseline/baseline-scoring'
import { assertSpeakerIndependent, describeFolds } from './fold-plan-view'
import { scoreSession } from './held-out-scoring'
import { scoreFusionSession } from './fusion-scoring'
import { evaluateRun } from './run-evaluation'
import { secondLook } from './second-look'
import type { RunSource } from '../training/stored-run'
import { loadStoredRun } from '../training/stored-run'

export interface EvaluationServiceDeps {
  runs: RunSource
  corpus: CorpusIndex
  labels: LabelStore
  features: FeatureSource & FunctionalsSource
  log?: (line: string) => void
}

export interface EvaluationService {
  folds(runId: string): FoldPlanView
  metrics(runId: string): RunEvaluation
  score(req: ScoreSessionRequest): Promise<HeldOutScore>
  secondLook(req: SecondLookRequest): SecondLookItem[]
}

/** Whose categories count as raters for the second look: the corpus's evaluators and people (docs/labels.md) */
const RATER_KINDS = new Set(['evaluator', 'human'])

export function createEvaluationService(deps: EvaluationServiceDeps): EvaluationService {
  const log = deps.log ?? ((line: string) => process.stderr.write(`[scorer] ${line}\n`))
  return {
    folds(runId) {
      const { detail, meta, plans } = loadStoredRun(deps.runs, runId)
      // a stored plan that leaks is reported, not shown as if it were fine
      assertSpeakerIndependent(meta.utterances, plans)
      return {
        runId,
        unit: foldUnit(meta.utterances),
        devSplit: detail.config.devSplit,
        devFraction: detail.config.devFraction,
        folds: describeFolds(meta.utterances, plans)
      }
    },
    metrics(runId) {
      const { detail, meta } = loadStoredRun(deps.runs, runId)
      return evaluateRun(runId, detail.config.classes, meta, detail.foldSummaries, deps.runs.predictions(runId))
    },
    async score(req) {
      const { model } = deps.runs.get(req.runId).config
      // a baseline fold is a linear model, scored in process (services/baseline/baseline-scoring.ts)
      if (model === 'baseline')
        return scoreBaselineSession({ runs: deps.runs, corpus: deps.corpus, features: deps.features }, req)
      // a fusion fold is its CNN (in a scorer child), its baseline (in process) and its weight
      if (model === 'fusion')
        return scoreFusionSession({ runs: deps.runs, corpus: deps.corpus, features: deps.features, log }, req)
      return scoreSession({ runs: deps.runs, corpus: deps.corpus, features: deps.features, log }, req)
    },
    secondLook(req) {
      const { config } = deps.runs.get(req.runId)
      const rows = deps.runs.predictions(req.runId)
      const known = new Set(deps.corpus.utterances({ corpusId: config.corpusId }).map((u) => u.id))
      return secondLook({
        // an utterance deleted since the run (re-import) has no current label to question
        rows: rows.filter((r) => known.has(r.utteranceId)),
        labelOf: (id) => toClassSet(deps.corpus.utterance(id).category, config.classes),
        ratersOf: (id) =>
          deps.labels
            .current(id)
            .filter((l) => RATER_KINDS.has(l.kind) && l.category !== null)
            .map((l) => ({ annotator: l.annotator, category: toClassSet(l.category, config.classes) })),
        minConfidence: req.minConfidence ?? 0.5,
        limit: req.limit ?? 50
      })
    }
  }
}
