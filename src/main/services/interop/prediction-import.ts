/**
 * `ser import-predictions` / `runs.import` (docs/interop.md): a model trained elsewhere becomes an ordinary stored
 * run. Its predictions go into the same tables as a trained run's (runs, run_folds, predictions), its dataset
 * description and fold plan into the same files (dataset.json, folds.json), so metrics, the evaluation page,
 * comparison and the second look read it like any run; run_sources (migration 007-interop) records that it was
 * imported, and from which file.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type { ImportPredictionsRequest, ImportPredictionsResult } from '../../../shared/api/interop'
import type { CategoryCode } from '../../../shared/domain/categories'
import type { CorpusSnapshot } from '../../../shared/domain/runs'
import { RUN_DEFAULTS } from '../../../shared/domain/runs'
import type { RunConfig } from '../../../shared/domain/training'
import { SerError } from '../../../shared/errors'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { Db } from '../db/open-db'
import { argMax, classificationMetrics } from '../metrics/metrics'
import { datasetUtterance } from '../training/dataset'
import type { DatasetMeta } from '../training/dataset-file'
import type { FoldPlan } from '../training/folds'
import type { PredictionRow } from '../training/run-store'
import { createRunStore } from '../training/run-store'
import { classCounts, standardClasses } from '../training/targets'
import { newRunId } from '../training/training-service'
import { checkAgainstCorpus, parsePredictionCsv } from './prediction-csv'

export interface PredictionImporterDeps {
  db: Db
  corpus: CorpusIndex
  runDir(runId: string): string
}

/** The "features" an imported run's dataset description names: none were computed here */
export const IMPORTED_FEATURES = 'imported'

export function createPredictionImporter(deps: PredictionImporterDeps) {
  const store = createRunStore(deps.db)
  return {
    importPredictions(req: ImportPredictionsRequest): ImportPredictionsResult {
      const file = req.text !== undefined ? req.file : resolve(req.file)
      let text: string
      try {
        text = req.text ?? readFileSync(file, 'utf8')
      } catch (e) {
        throw new SerError('FILE_UNREADABLE', `${file}: cannot read (${(e as Error).message})`, { file })
      }
      const corpusId = req.corpusId ?? deps.corpus.defaultCorpusId()
      if (!corpusId)
        throw new SerError('NOT_FOUND', 'corpusId: the index holds no corpus; import one first', { field: 'corpusId' })
      const { kind } = deps.corpus.corpus(corpusId)
      const present = Object.keys(deps.corpus.stats({ corpusId }).byCategory).filter(
        (c) => c !== 'null'
      ) as CategoryCode[]
      const classes = req.classes ? [...new Set(req.classes)] : standardClasses(kind, present)
      const why = req.classes ? 'as given' : `corpus '${corpusId}''s standard set; name others with classes / --classes`
      const parsed = parsePredictionCsv(text, file)
      const checked = checkAgainstCorpus(parsed, file, deps.corpus.utterances({ corpusId }), classes, corpusId, why)
      // the run's class order is the run's (standard or given), whatever order the file's columns have
      const column = classes.map((c) => parsed.classes.indexOf(c))
      const foldNumbers = [...checked.groups.keys()].sort((a, b) => a - b)

      const config: RunConfig = {
        ...RUN_DEFAULTS,
        corpusId,
        classes,
        // nothing trained here: no epochs, no dev split; the fold layout is the file's
        epochs: 0,
        devFraction: 0,
        earlyStoppingPatience: 0,
        testSession:
          foldNumbers.length === 1 && checked.unit === 'session' ? checked.groups.get(foldNumbers[0])![0] : null,
        folds: foldNumbers.length > 1 ? foldNumbers.length : null
      }
      const utterances = checked.dataset.map((u) => datasetUtterance(u, 0, 0, config))
      const hash = createHash('sha256')
      hash.update(JSON.stringify([IMPORTED_FEATURES, classes, config.binThresholds]))
      for (const u of utterances)
        hash.update(JSON.stringify([u.id, u.session, u.speaker, u.label, u.activation, u.valence]))
      const meta: DatasetMeta = {
        version: 1,
        features: IMPORTED_FEATURES,
        dims: 0,
        names: [],
        frameShiftSec: 0,
        maxFrames: 0,
        classes,
        binThresholds: config.binThresholds,
        utterances,
        hash: hash.digest('hex')
      }
      // each fold tests the rows given for it; training is assumed to be every other utterance of the run's classes
      // outside the tested groups' speakers (what the workbench's own folds would train on), with no dev split
      const unitOf = (i: number) =>
        checked.unit === 'session' ? checked.dataset[i].session : checked.dataset[i].speaker
      const plans: FoldPlan[] = foldNumbers.map((fold) => {
        const test = checked.index.filter((_, r) => parsed.rows[r].fold === fold).sort((a, b) => a - b)
        const groups = new Set(checked.groups.get(fold))
        const speakers = new Set(test.map((i) => checked.dataset[i].speaker))
        const train = utterances
          .map((_, i) => i)
          .filter((i) => !groups.has(unitOf(i) ?? '') && !speakers.has(checked.dataset[i].speaker))
        return { fold, testGroups: checked.groups.get(fold)!, train, dev: [], test }
      })
      const rows: PredictionRow[] = parsed.rows.map((r, k) => {
        const probabilities = column.map((c) => r.probabilities[c])
        return {
          fold: r.fold,
          utteranceId: r.id,
          trueLabel: classes[utterances[checked.index[k]].label],
          predicted: classes[argMax(probabilities)],
          probabilities: Object.fromEntries(classes.map((c, i) => [c, probabilities[i]])),
          activation: null,
          valence: null
        }
      })
      const score = (rs: PredictionRow[]) => {
        const at = new Map(classes.map((c, i) => [c, i]))
        return classificationMetrics(
          classes,
          rs.map((r) => at.get(r.trueLabel as CategoryCode)!),
          rs.map((r) => at.get(r.predicted as CategoryCode)!)
        )
      }
      const snapshot: CorpusSnapshot = {
        corpusId,
        utterances: utterances.length,
        hash: meta.hash,
        classCounts: classCounts(utterances, classes),
        frameShiftSec: 0,
        dims: 0,
        featureNames: []
      }

      const runId = newRunId()
      const dir = deps.runDir(runId)
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'dataset.json'), JSON.stringify(meta))
      writeFileSync(join(dir, 'folds.json'), JSON.stringify(plans))
      const metrics = score(rows)
      deps.db.transaction(() => {
        store.create(runId, config)
        store.setSnapshot(runId, snapshot)
        store.addFolds(
          runId,
          plans.map((p) => ({
            fold: p.fold,
            testGroups: p.testGroups,
            train: p.train.length,
            dev: 0,
            test: p.test.length
          }))
        )
        for (const p of plans) {
          const own = rows.filter((r) => r.fold === p.fold)
          store.foldEnded(
            runId,
            p.fold,
            { status: 'done', epochs: 0, bestEpoch: null, metrics: score(own), modelDir: null, error: null },
            own
          )
        }
        store.finish(runId, 'done', metrics, null, 0)
        deps.db
          .prepare(`INSERT INTO run_sources (run_id, kind, name, file, imported_at) VALUES (?, 'imported', ?, ?, ?)`)
          .run(runId, req.name, req.text !== undefined ? basename(req.file) : file, new Date().toISOString())
      })()
      return {
        runId,
        name: req.name,
        corpusId,
        classes,
        folds: plans.map((p) => ({ fold: p.fold, testGroups: p.testGroups, test: p.test.length })),
        predictions: rows.length,
        metrics
      }
    }
  }
}

export type PredictionImporter = ReturnType<typeof createPredictionImporter>
