/**
 * Held-out scoring of a fusion run (evaluation.score on `model: fusion`): the fold that never saw the session scores
 * it with its whole final model, as training fused its test predictions (baseline/baseline-run.ts fuseFold):
 * p = w·p_CNN + (1 − w)·p_baseline, with
 * - p_CNN from the fold's saved CNN (and the other seeds' of an ensemble) in a scorer child, the session's features
 *   normalised with the fold's statistics or, per speaker, by each speaker's own (held-out-scoring.ts);
 * - p_baseline from the fold's saved linear model (`baseline.json`), each speaker's functionals normalised by that
 *   speaker's own statistics (no labels) or the fold's saved training statistics (baseline/baseline-scoring.ts);
 * - w the fold's weight (`fusion.json`, fixed or chosen on dev when the run trained).
 * Both models score the same utterances: those with usable CNN features, as the run's dataset kept them. The CNN's
 * activation/valence heads are kept as they are, as in training.
 */
import type { HeldOutScore } from '../../../shared/domain/evaluation'
import { savedBaselineProbabilities } from '../baseline/baseline-scoring'
import type { FunctionalsSource } from '../baseline/functionals'
import { loadFusionWeight } from '../baseline/fusion-file'
import { fuse } from '../baseline/fusion'
import type { HeldOutSelection, NeuralOutputs, ScoreDeps } from './held-out-scoring'
import { heldOutScore, neuralOutputs, selectHeldOut } from './held-out-scoring'

/** The fused outputs of a fold's final model on the session: per kept utterance, every head (category fused) */
export async function fusionOutputs(
  deps: ScoreDeps & { features: FunctionalsSource },
  sel: HeldOutSelection,
  session: string
): Promise<NeuralOutputs & { weight: number }> {
  const { config, foldSummaries } = sel.run.detail
  const weight = loadFusionWeight(sel.modelDir, foldSummaries.find((f) => f.fold === sel.fold)?.modelInfo)
  const cnn = await neuralOutputs(deps, sel, session)
  const speakerOf = new Map(sel.chosen.map((u) => [u.id, u.speaker]))
  const baseline = await savedBaselineProbabilities(
    deps.features,
    sel.modelDir,
    config.classes,
    cnn.ids,
    cnn.ids.map((id) => speakerOf.get(id) ?? null)
  )
  const fused = fuse(
    cnn.outputs.map((heads) => heads[0]),
    baseline,
    weight
  )
  return { ...cnn, outputs: cnn.outputs.map((heads, i) => [fused[i], ...heads.slice(1)]), weight }
}

export async function scoreFusionSession(
  deps: ScoreDeps & { features: FunctionalsSource },
  req: { runId: string; session: string; corpusId?: string }
): Promise<HeldOutScore> {
  const sel = selectHeldOut(deps, req)
  const f = await fusionOutputs(deps, sel, req.session)
  return { ...heldOutScore(req, sel, f.utterances, f.outputs, f.backend), fusionWeight: f.weight }
}
