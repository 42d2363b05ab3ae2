/**
 * Runs in the corpus index (migration 003-training): what the training service writes as the trainer children
 * report, and what runs.list / runs.get / the evaluation area read. JSON columns hold the typed records of
 * shared/domain/runs.ts. Each write is one statement or one transaction, so a reader never sees half a report.
 */
import { RUN_DEFAULTS } from '../../../shared/domain/runs'
import type {
  BackendInfo,
  ClassCounts,
  CorpusSnapshot,
  CurvePoint,
  EpochRecord,
  FoldSummary,
  RunSource,
  RunSummary
} from '../../../shared/domain/runs'
import type { Metrics, RunConfig, RunStatus } from '../../../shared/domain/training'
import { SerError } from '../../../shared/errors'
import type { Db } from '../db/open-db'
import { writeTransaction } from '../db/open-db'
import { processAlive } from '../runtime/process-alive'

type StoredStatus = Exclude<RunStatus, 'interrupted'>

interface RunRow {
  id: string
  corpus_id: string
  config: string
  snapshot: string | null
  backend: string | null
  status: StoredStatus
  error: string | null
  created_at: string
  started_at: string | null
  ended_at: string | null
  seconds: number
  owner_pid: number | null
  metrics: string | null
  /** 006-run-notes */
  name: string | null
  note: string | null
}

interface FoldRow {
  fold: number
  test_groups: string
  status: StoredStatus
  train_count: number
  dev_count: number
  test_count: number
  epochs: number
  best_epoch: number | null
  metrics: string | null
  model_dir: string | null
  error: string | null
  model_info: string | null
}

export interface PredictionRow {
  fold: number
  utteranceId: string
  trueLabel: string
  predicted: string
  probabilities: Record<string, number>
  activation: number[] | null
  valence: number[] | null
}

const parse = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T))

/** JSON that keeps NaN (a recall with no support) as null rather than failing */
const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x))

/**
 * A stored config, with the fields runs stored before presets and the baseline existed filled in as what those
 * runs were: the paper preset, per-fold normalisation
 */
/** A stored config; runs stored before an option existed ran with its default (every default reproduces the paper) */
function storedConfig(text: string): RunConfig {
  return { ...RUN_DEFAULTS, ...(JSON.parse(text) as Partial<RunConfig>) } as RunConfig
}

export function createRunStore(db: Db) {
  const st = {
    insert: db.prepare(
      `INSERT INTO runs (id, corpus_id, config, status, created_at) VALUES (@id, @corpusId, @config, 'queued', @at)`
    ),
    run: db.prepare('SELECT * FROM runs WHERE id = ?'),
    list: db.prepare(
      'SELECT * FROM runs WHERE @corpusId IS NULL OR corpus_id = @corpusId ORDER BY created_at DESC, id DESC'
    ),
    folds: db.prepare('SELECT * FROM run_folds WHERE run_id = ? ORDER BY fold'),
    epochs: db.prepare('SELECT * FROM run_epochs WHERE run_id = ? ORDER BY fold, epoch'),
    points: db.prepare(
      'SELECT fold, epoch, batch, loss, acc, at FROM run_points WHERE run_id = ? ORDER BY fold, epoch, batch'
    ),
    upsertFold: db.prepare(
      `INSERT INTO run_folds (run_id, fold, test_groups, status, train_count, dev_count, test_count)
       VALUES (@runId, @fold, @testGroups, 'queued', @train, @dev, @test)
       ON CONFLICT (run_id, fold) DO NOTHING`
    ),
    epoch: db.prepare(
      `INSERT OR REPLACE INTO run_epochs (run_id, fold, epoch, loss, acc, val_loss, val_acc, lr, seconds)
       VALUES (@runId, @fold, @epoch, @loss, @acc, @valLoss, @valAcc, @lr, @seconds)`
    ),
    point: db.prepare(
      `INSERT OR REPLACE INTO run_points (run_id, fold, epoch, batch, loss, acc, at) VALUES (@runId, @fold, @epoch, @batch, @loss, @acc, @at)`
    ),
    prediction: db.prepare(
      `INSERT OR REPLACE INTO predictions (run_id, fold, utterance_id, true_label, predicted, probabilities, activation, valence)
       VALUES (@runId, @fold, @utteranceId, @trueLabel, @predicted, @probabilities, @activation, @valence)`
    ),
    predictions: db.prepare('SELECT * FROM predictions WHERE run_id = ? ORDER BY fold, utterance_id'),
    source: db.prepare('SELECT kind, name, file, imported_at AS importedAt FROM run_sources WHERE run_id = ?')
  }

  function summary(r: RunRow, folds: FoldRow[]): RunSummary {
    const config = storedConfig(r.config)
    const status: RunStatus = r.status === 'running' && !processAlive(r.owner_pid) ? 'interrupted' : r.status
    return {
      id: r.id,
      corpusId: r.corpus_id,
      config,
      backend: parse<BackendInfo>(r.backend),
      status,
      createdAt: r.created_at,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      seconds: r.seconds,
      metrics: parse<Metrics>(r.metrics),
      trainUtterances: folds.reduce((s, f) => s + f.train_count, 0),
      testUtterances: folds.reduce((s, f) => s + f.test_count, 0),
      epochs: folds.reduce((m, f) => Math.max(m, f.epochs), 0),
      folds: folds.length,
      error: r.error,
      ...(r.name ? { name: r.name } : {}),
      ...(r.note ? { note: r.note } : {}),
      ...sourceOf(r.id)
    }
  }

  /** `{ source }` for a run that was not trained here (run_sources, migration 007-interop), else nothing */
  function sourceOf(id: string): { source?: RunSource } {
    const s = st.source.get(id) as RunSource | undefined
    return s ? { source: { ...s } } : {}
  }

  function row(id: string): RunRow {
    const r = st.run.get(id) as RunRow | undefined
    if (!r) throw new SerError('NOT_FOUND', `runId: no run '${id}' in the index`, { field: 'runId' })
    return r
  }

  return {
    create(id: string, config: RunConfig): void {
      st.insert.run({ id, corpusId: config.corpusId, config: JSON.stringify(config), at: new Date().toISOString() })
    },
    config: (id: string) => storedConfig(row(id).config),
    status: (id: string) => summary(row(id), []).status,
    snapshot: (id: string) => parse<CorpusSnapshot>(row(id).snapshot),
    setSnapshot(id: string, snapshot: CorpusSnapshot): void {
      db.prepare('UPDATE runs SET snapshot = ? WHERE id = ?').run(JSON.stringify(snapshot), id)
    },
    markRunning(id: string): void {
      db.prepare(
        `UPDATE runs SET status = 'running', owner_pid = ?, error = NULL, ended_at = NULL, started_at = COALESCE(started_at, ?) WHERE id = ?`
      ).run(process.pid, new Date().toISOString(), id)
    },
    setBackend(id: string, backend: BackendInfo): void {
      db.prepare('UPDATE runs SET backend = COALESCE(backend, ?) WHERE id = ?').run(JSON.stringify(backend), id)
    },
    finish(id: string, status: StoredStatus, metrics: Metrics | null, error: string | null, seconds: number): void {
      db.prepare(
        'UPDATE runs SET status = ?, metrics = ?, error = ?, ended_at = ?, owner_pid = NULL, seconds = seconds + ? WHERE id = ?'
      ).run(status, metrics ? json(metrics) : null, error, new Date().toISOString(), seconds, id)
    },
    addFolds(
      id: string,
      folds: { fold: number; testGroups: string[]; train: number; dev: number; test: number }[]
    ): void {
      writeTransaction(db, () => {
        for (const f of folds)
          st.upsertFold.run({
            runId: id,
            fold: f.fold,
            testGroups: JSON.stringify(f.testGroups),
            train: f.train,
            dev: f.dev,
            test: f.test
          })
      })()
    },
    /** What a baseline or fusion fold chose (C, classifier, normalisation, the fusion weight) */
    setFoldInfo(id: string, fold: number, info: Record<string, unknown>): void {
      db.prepare('UPDATE run_folds SET model_info = ? WHERE run_id = ? AND fold = ?').run(json(info), id, fold)
    },
    foldStatus(id: string, fold: number): StoredStatus | null {
      const r = db.prepare('SELECT status FROM run_folds WHERE run_id = ? AND fold = ?').get(id, fold) as
        { status: StoredStatus } | undefined
      return r?.status ?? null
    },
    foldStarted(
      id: string,
      fold: number,
      s: { norm: unknown; counts: ClassCounts; parameters: number; convForm: string; history: EpochRecord[] }
    ): void {
      writeTransaction(db, () => {
        db.prepare(
          `UPDATE run_folds SET status = 'running', error = NULL, norm = ?, counts = ?, parameters = ?, conv_form = ?, epochs = ? WHERE run_id = ? AND fold = ?`
        ).run(JSON.stringify(s.norm), JSON.stringify(s.counts), s.parameters, s.convForm, s.history.length, id, fold)
        // the checkpoint's history is the truth: drop epochs and points past it (an interrupted epoch's)
        db.prepare('DELETE FROM run_epochs WHERE run_id = ? AND fold = ? AND epoch > ?').run(id, fold, s.history.length)
        db.prepare('DELETE FROM run_points WHERE run_id = ? AND fold = ? AND epoch > ?').run(id, fold, s.history.length)
        for (const e of s.history) st.epoch.run({ runId: id, ...e })
      })()
    },
    addEpoch(id: string, e: EpochRecord): void {
      writeTransaction(db, () => {
        st.epoch.run({ runId: id, ...e })
        db.prepare('UPDATE run_folds SET epochs = ? WHERE run_id = ? AND fold = ?').run(e.epoch, id, e.fold)
      })()
    },
    addPoint(id: string, p: CurvePoint): void {
      st.point.run({ runId: id, fold: p.fold, epoch: p.epoch, batch: p.batch, loss: p.loss, acc: p.acc, at: p.at })
    },
    foldEnded(
      id: string,
      fold: number,
      e: {
        status: StoredStatus
        epochs: number
        bestEpoch: number | null
        metrics: Metrics | null
        modelDir: string | null
        error: string | null
      },
      predictions: PredictionRow[]
    ): void {
      writeTransaction(db, () => {
        db.prepare(
          `UPDATE run_folds SET status = ?, epochs = MAX(epochs, ?), best_epoch = ?, metrics = ?, model_dir = ?, error = ? WHERE run_id = ? AND fold = ?`
        ).run(e.status, e.epochs, e.bestEpoch, e.metrics ? json(e.metrics) : null, e.modelDir, e.error, id, fold)
        for (const p of predictions) {
          st.prediction.run({
            runId: id,
            fold,
            utteranceId: p.utteranceId,
            trueLabel: p.trueLabel,
            predicted: p.predicted,
            probabilities: JSON.stringify(p.probabilities),
            activation: p.activation ? JSON.stringify(p.activation) : null,
            valence: p.valence ? JSON.stringify(p.valence) : null
          })
        }
      })()
    },
    predictions(id: string): PredictionRow[] {
      return (st.predictions.all(id) as Record<string, string | number | null>[]).map((r) => ({
        fold: r.fold as number,
        utteranceId: r.utterance_id as string,
        trueLabel: r.true_label as string,
        predicted: r.predicted as string,
        probabilities: JSON.parse(r.probabilities as string) as Record<string, number>,
        activation: parse<number[]>(r.activation as string | null),
        valence: parse<number[]>(r.valence as string | null)
      }))
    },
    summary(id: string): RunSummary {
      return summary(row(id), st.folds.all(id) as FoldRow[])
    },
    list(corpusId?: string): RunSummary[] {
      return (st.list.all({ corpusId: corpusId ?? null }) as RunRow[]).map((r) =>
        summary(r, st.folds.all(r.id) as FoldRow[])
      )
    },
    folds(id: string): FoldSummary[] {
      return (st.folds.all(id) as FoldRow[]).map((f) => ({
        fold: f.fold,
        testGroups: JSON.parse(f.test_groups) as string[],
        status: f.status,
        trainUtterances: f.train_count,
        devUtterances: f.dev_count,
        testUtterances: f.test_count,
        epochs: f.epochs,
        bestEpoch: f.best_epoch,
        metrics: parse<Metrics>(f.metrics),
        modelDir: f.model_dir,
        error: f.error,
        modelInfo: parse<Record<string, unknown>>(f.model_info)
      }))
    },
    epochs(id: string): EpochRecord[] {
      return (st.epochs.all(id) as Record<string, number | null>[]).map((r) => ({
        fold: r.fold as number,
        epoch: r.epoch as number,
        loss: r.loss as number,
        acc: r.acc as number,
        valLoss: r.val_loss,
        valAcc: r.val_acc,
        lr: r.lr as number,
        seconds: r.seconds as number
      }))
    },
    curve: (id: string) => st.points.all(id) as CurvePoint[],
    delete(id: string): boolean {
      return db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0
    }
  }
}

export type RunStore = ReturnType<typeof createRunStore>
