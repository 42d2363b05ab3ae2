/**
 * The real-corpus benchmark (issue 14): EmoDB (or any corpus the `emodb` importer reads) imported into an index of
 * its own, every row trained on the same speaker-disjoint folds (5 by default: 10 speakers, 2 per fold), one
 * Markdown table on stdout: UA and WA (pooled over the folds, and mean ± sd of the per-fold figures), per-class
 * recall (pooled), minutes of training, and training throughput.
 *
 *   npx tsx bench/real-corpus.bench.ts CORPUS_DIR [--rows 'name|name'] [--folds 5] [--epochs 30] [--list] [--print]
 *
 * --print prints the table of the rows already computed and trains nothing.
 *
 * Each row's result is kept in bench/results/real-corpus.json (git-ignored), keyed by the corpus folder, the fold
 * count and the row's full request, so a rerun computes only the rows that are missing (the development machine is
 * shared and slow). Rows of a model kind this build does not know (the baseline and fusion rows before their
 * branch is merged) are skipped with a note. Progress goes to stderr.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import type { StartTrainingRequest, TrainingProgress } from '../src/shared/api/training'
import { PRESET_VALUES } from '../src/shared/domain/presets'
import type { Preset } from '../src/shared/domain/training'
import { MODEL_KINDS } from '../src/shared/domain/training'
import type { Services } from '../src/main/services/create-services'
import { createServices } from '../src/main/services/create-services'
import { migrations } from '../src/main/services/db/migrations'
import { argMax, classificationMetrics } from '../src/main/services/metrics/metrics'

interface Row {
  name: string
  /** What the row changes against the base request */
  req: Record<string, unknown>
  /** A derived row: the mean of these rows' test probabilities, utterance by utterance (a seed ensemble) */
  meanOf?: string[]
}

/** Every row runs the same folds, 2 s input (the copy's clips are 2.0 s), two folds at once (one per core). */
const args = process.argv.slice(2)
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined)
const FOLDS = Number(flag('--folds') ?? 5)
const BASE: StartTrainingRequest = {
  folds: FOLDS,
  maxSeconds: 2,
  parallelFolds: 2,
  epochs: Number(flag('--epochs') ?? 30),
  earlyStoppingPatience: 5
}

/** Speaker normalisation and class weights (the two wins on log-Mel), plus the two options aimed at the noisy dev
 * loss of an 86-utterance dev split (plateau schedule, mean of the 3 best epochs) */
const STEADY = {
  normalisation: 'speaker',
  classWeighting: 'inverse',
  lrSchedule: 'plateau',
  averageCheckpoints: 3
}

/** The eGeMAPS-LLD CNN of the workbench preset, one seed */
const SN_CW_E = { normalisation: 'speaker', classWeighting: 'inverse', features: 'egemaps' }

/** The configuration measured best (docs/training.md "Why each default won") */
const WORKBENCH = { normalisation: 'speaker', classWeighting: 'inverse', features: 'egemaps', ensembleSeeds: 3 }

export const ROWS: Row[] = [
  { name: 'paper preset (2 s input)', req: {} },
  { name: 'speaker normalisation', req: { normalisation: 'speaker' } },
  { name: 'class weights (inverse frequency)', req: { classWeighting: 'inverse' } },
  { name: 'class-balanced batches', req: { balancedBatches: true } },
  { name: 'speed perturbation 0.9/1/1.1', req: { speedFactors: [0.9, 1, 1.1] } },
  { name: 'SpecAugment masks', req: { specAugment: true } },
  { name: 'additive noise 10–30 dB SNR', req: { noiseSnrDb: [10, 30] } },
  { name: 'reduce-on-plateau LR', req: { lrSchedule: 'plateau' } },
  { name: 'average of the 3 best epochs', req: { averageCheckpoints: 3 } },
  { name: 'ensemble of 3 seeds', req: { ensembleSeeds: 3 } },
  { name: 'smaller model (50 filters, dropout 0.7)', req: { filters: 50, dropout: 0.7 } },
  { name: 'MFCC input', req: { features: 'mfcc' } },
  { name: 'eGeMAPS LLD input', req: { features: 'egemaps' } },
  { name: 'learning rate 0.003', req: { learningRate: 0.003 } },
  { name: '60 epochs', req: { epochs: 60 } },
  // on top of speaker normalisation, the likely largest single win
  { name: 'speaker norm + class weights', req: { normalisation: 'speaker', classWeighting: 'inverse' } },
  { name: 'speaker norm + lr 0.003', req: { normalisation: 'speaker', learningRate: 0.003 } },
  { name: 'speaker norm + SpecAugment', req: { normalisation: 'speaker', specAugment: true } },
  { name: 'speaker norm + speed perturbation', req: { normalisation: 'speaker', speedFactors: [0.9, 1, 1.1] } },
  { name: 'speaker norm + smaller model', req: { normalisation: 'speaker', filters: 50, dropout: 0.7 } },
  { name: 'speaker norm + plateau LR', req: { normalisation: 'speaker', lrSchedule: 'plateau' } },
  // on top of speaker normalisation + class weights
  { name: 'SN + CW, 60 epochs', req: { normalisation: 'speaker', classWeighting: 'inverse', epochs: 60 } },
  {
    name: 'SN + CW, eGeMAPS LLD input',
    req: { normalisation: 'speaker', classWeighting: 'inverse', features: 'egemaps' }
  },
  {
    name: 'SN + CW, eGeMAPS LLD, ensemble of 3 seeds',
    req: { normalisation: 'speaker', classWeighting: 'inverse', features: 'egemaps', ensembleSeeds: 3 }
  },
  {
    name: 'SN + CW, eGeMAPS LLD, plateau + average of 3',
    req: {
      normalisation: 'speaker',
      classWeighting: 'inverse',
      features: 'egemaps',
      lrSchedule: 'plateau',
      averageCheckpoints: 3
    }
  },
  { name: 'SN, eGeMAPS LLD (no class weights)', req: { normalisation: 'speaker', features: 'egemaps' } },
  { name: 'SN + CW, MFCC input', req: { normalisation: 'speaker', classWeighting: 'inverse', features: 'mfcc' } },
  // three times the data per epoch, so half the epochs: about 1.5 × the cost of a plain row
  {
    name: 'SN + CW + speed perturbation, 15 epochs',
    req: { normalisation: 'speaker', classWeighting: 'inverse', speedFactors: [0.9, 1, 1.1], epochs: 15 }
  },
  {
    name: 'SN + CW + average of 3 best epochs',
    req: { normalisation: 'speaker', classWeighting: 'inverse', averageCheckpoints: 3 }
  },
  {
    name: 'speaker norm + class weights, seed 2',
    req: { normalisation: 'speaker', classWeighting: 'inverse', seed: 2 }
  },
  {
    name: 'speaker norm + class weights, mean of seeds 1 and 2',
    req: { meanOf: 2 },
    meanOf: ['speaker norm + class weights', 'speaker norm + class weights, seed 2']
  },
  { name: 'SN + CW + plateau LR + average of 3 best epochs', req: STEADY },
  { name: 'SN + CW + plateau LR + average of 3, ensemble of 3 seeds', req: { ...STEADY, ensembleSeeds: 3 } },
  { name: 'workbench CNN: SN + CW, eGeMAPS LLD, ensemble of 3 seeds', req: WORKBENCH },
  { name: 'workbench CNN, seeds 4–6', req: { ...WORKBENCH, seed: 4 } },
  { name: 'workbench CNN, seeds 7–9', req: { ...WORKBENCH, seed: 7 } },
  { name: 'workbench CNN with 5 seeds (1–5)', req: { ...WORKBENCH, ensembleSeeds: 5 } },
  { name: 'baseline: eGeMAPS + LR, per fold', req: { model: 'baseline', classifier: 'lr', normalisation: 'fold' } },
  { name: 'baseline: eGeMAPS + SVM, per fold', req: { model: 'baseline', classifier: 'svm', normalisation: 'fold' } },
  { name: 'baseline: eGeMAPS + LR, SN', req: { model: 'baseline', classifier: 'lr', normalisation: 'speaker' } },
  { name: 'baseline: eGeMAPS + SVM, SN', req: { model: 'baseline', classifier: 'svm', normalisation: 'speaker' } },
  { name: 'fusion: workbench CNN + LR baseline', req: { ...WORKBENCH, model: 'fusion', classifier: 'lr' } },
  {
    name: 'fusion: workbench CNN + LR baseline, w 0.5',
    req: { ...WORKBENCH, model: 'fusion', classifier: 'lr', fusionWeight: 0.5 }
  },
  {
    name: 'fusion: eGeMAPS-LLD CNN (one seed) + LR, w 0.5',
    req: {
      normalisation: 'speaker',
      classWeighting: 'inverse',
      features: 'egemaps',
      model: 'fusion',
      classifier: 'lr',
      fusionWeight: 0.5
    }
  },
  // each option of issue 14 alone, added to the workbench's eGeMAPS-LLD CNN (SN + CW, one seed: 0.691)
  { name: 'eGeMAPS-LLD CNN + class-balanced batches', req: { ...SN_CW_E, balancedBatches: true } },
  { name: 'eGeMAPS-LLD CNN + reduce-on-plateau LR', req: { ...SN_CW_E, lrSchedule: 'plateau' } },
  {
    name: 'eGeMAPS-LLD CNN + speed perturbation, 15 epochs',
    req: { ...SN_CW_E, speedFactors: [0.9, 1, 1.1], epochs: 15 }
  },
  { name: 'eGeMAPS-LLD CNN + SpecAugment', req: { ...SN_CW_E, specAugment: true } },
  {
    name: 'SN + CW + additive noise 10–30 dB SNR (log-Mel)',
    req: { normalisation: 'speaker', classWeighting: 'inverse', noiseSnrDb: [10, 30] }
  },
  // views: one more CNN on another input, averaged with the first
  { name: 'CNN views: eGeMAPS LLD + MFCC', req: { ...SN_CW_E, extraFeatures: ['mfcc'] } },
  { name: 'CNN views: eGeMAPS LLD + MFCC + log-Mel', req: { ...SN_CW_E, extraFeatures: ['mfcc', 'logmel'] } },
  {
    name: 'fusion: eGeMAPS-LLD and MFCC CNNs + SVM, w 0.5',
    req: { ...SN_CW_E, extraFeatures: ['mfcc'], model: 'fusion', classifier: 'svm', fusionWeight: 0.5 }
  },
  {
    name: 'fusion: eGeMAPS-LLD and MFCC CNNs, 3 seeds each + LR, w 0.5',
    req: { ...SN_CW_E, extraFeatures: ['mfcc'], ensembleSeeds: 3, model: 'fusion', classifier: 'lr', fusionWeight: 0.5 }
  },
  {
    name: 'workbench preset + speed perturbation 0.9/1/1.1, 15 epochs',
    req: { preset: 'workbench', speedFactors: [0.9, 1, 1.1], epochs: 15 }
  },
  { name: 'workbench preset (fusion: eGeMAPS-LLD and MFCC CNNs + LR, w 0.5)', req: { preset: 'workbench' } }
]

interface RowResult {
  name: string
  runId: string
  ua: number
  wa: number
  foldUa: number[]
  foldWa: number[]
  recall: Record<string, number | null>
  minutes: number
  /** Mean of the epochs' training throughput, per fold process (utterances a second, dev pass included) */
  uttPerSec: number
  epochs: number
  at: string
}

const RESULTS = join(dirname(new URL(import.meta.url).pathname), 'results', 'real-corpus.json')

function readResults(): Record<string, RowResult> {
  return existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, RowResult>) : {}
}

/** Read-merge-write, so two bench processes on different rows do not lose each other's results. */
function saveResult(key: string, r: RowResult): void {
  mkdirSync(dirname(RESULTS), { recursive: true })
  const all = { ...readResults(), [key]: r }
  writeFileSync(`${RESULTS}.tmp`, JSON.stringify(all, null, 1))
  renameSync(`${RESULTS}.tmp`, RESULTS)
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
const sd = (xs: number[]) =>
  xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1))
const log = (line: string) => process.stderr.write(`${line}\n`)

async function main(): Promise<void> {
  const dir = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')))
  if (args.includes('--list')) {
    for (const r of ROWS) process.stdout.write(`${r.name}\t${JSON.stringify(r.req)}\n`)
    return
  }
  if (!dir)
    throw new Error('usage: npx tsx bench/real-corpus.bench.ts CORPUS_DIR [--rows "a|b"] [--folds 5] [--epochs 30]')
  const corpusDir = resolve(dir)
  const wanted = flag('--rows')
    ?.split('|')
    .map((s) => s.trim())
  const rows = wanted ? ROWS.filter((r) => wanted.some((w) => r.name.toLowerCase().includes(w.toLowerCase()))) : ROWS
  // the corpus's own index, kept between runs so its features are computed once; one per schema version, so builds
  // with other migrations (other branches) never share it
  const tag = createHash('sha256').update(corpusDir).digest('hex').slice(0, 12)
  const home = join(tmpdir(), `ser-real-corpus-${tag}-schema${migrations.length}`)
  mkdirSync(home, { recursive: true })
  const s = createServices({ dbPath: join(home, 'index.db') })
  try {
    if (s.corpus.utterances({}).length === 0) {
      log(`importing ${corpusDir} into ${home} …`)
      const summary = await s.importer.importCorpus({ kind: 'emodb', dir: corpusDir })
      log(`imported ${summary.utterances} utterances, ${summary.speakers} speakers, ${summary.skipped.length} skipped`)
    }
    const results = readResults()
    const keyOf = (row: Row) => rowKey(corpusDir, row)
    for (const row of rows) {
      const req = { ...BASE, ...row.req } as StartTrainingRequest
      const key = keyOf(row)
      if (results[key] || args.includes('--print')) continue
      if (row.meanOf) {
        const sources = row.meanOf.map((name) => results[keyOf(ROWS.find((r) => r.name === name)!)])
        if (sources.some((r) => !r)) {
          log(`skipping '${row.name}': it needs the rows ${row.meanOf.join(', ')} first`)
          continue
        }
        const r = meanOfRuns(s, row.name, sources)
        if (!r) {
          log(`skipping '${row.name}': the runs of ${row.meanOf.join(', ')} are not in this index`)
          continue
        }
        saveResult(key, r)
        results[key] = r
        continue
      }
      const model = row.req.model as string | undefined
      if (model && !(MODEL_KINDS as readonly string[]).includes(model)) {
        log(`skipping '${row.name}': this build has no model '${model}' (it arrives with the baseline branch)`)
        continue
      }
      log(`row '${row.name}': ${JSON.stringify(row.req)}`)
      const started = Date.now()
      const { runId } = await s.training.start(req)
      const throughput: number[] = []
      let lastPrepare = 0
      const offPrepare = s.events.on('training.prepareProgress', (p) => {
        if (p.jobId !== runId || Date.now() - lastPrepare < 5000) return
        lastPrepare = Date.now()
        log(`  ${row.name}: preparing ${p.done}/${p.total} ${p.item ?? ''}`)
      })
      const off = s.events.on('training.progress', (p: TrainingProgress) => {
        if (p.runId !== runId || p.valLoss === undefined) return
        throughput.push(p.throughput)
        log(
          `  ${row.name}: fold ${p.fold + 1}/${p.folds} epoch ${p.epoch} loss ${p.loss.toFixed(3)} dev ${p.valLoss.toFixed(3)}/${(p.valAcc ?? 0).toFixed(2)} ${Math.round(p.throughput)} utt/s (${((Date.now() - started) / 60000).toFixed(1)} min)`
        )
      })
      const run = await s.training.wait(runId)
      off()
      offPrepare()
      if (run.status !== 'done' || !run.metrics) {
        log(`  '${row.name}' ${run.status}: ${run.error ?? ''}`)
        continue
      }
      const detail = s.training.get(runId)
      const folds = detail.foldSummaries.filter((f) => f.metrics)
      const r: RowResult = {
        name: row.name,
        runId,
        ua: run.metrics.ua,
        wa: run.metrics.wa,
        foldUa: folds.map((f) => f.metrics!.ua),
        foldWa: folds.map((f) => f.metrics!.wa),
        recall: run.metrics.perClassRecall,
        minutes: (Date.now() - started) / 60000,
        uttPerSec: mean(throughput),
        epochs: mean(folds.map((f) => f.epochs)),
        at: new Date().toISOString()
      }
      saveResult(key, r)
      results[key] = r
      log(`  done: UA ${r.ua.toFixed(3)} WA ${r.wa.toFixed(3)} in ${r.minutes.toFixed(1)} min`)
    }
    printTable(rows, results, corpusDir)
  } finally {
    s.close()
  }
}

/** A row's cache key: its full request, a preset's values spelled out (a changed preset is measured again) */
function rowKey(corpusDir: string, row: Row): string {
  const preset = row.req.preset as Preset | undefined
  const values = preset ? { presetValues: PRESET_VALUES[preset] } : {}
  return JSON.stringify({ corpusDir, req: { ...BASE, ...row.req }, ...values })
}

/** The seed ensemble of finished runs: their test probabilities averaged per utterance, metrics per fold and pooled. */
function meanOfRuns(s: Services, name: string, sources: RowResult[]): RowResult | null {
  const known = new Set(s.training.list().map((r) => r.id))
  if (sources.some((r) => !known.has(r.runId))) return null
  const runs = sources.map((r) => s.training.predictions(r.runId))
  const classes = Object.keys(runs[0][0].probabilities)
  const byId = runs.map((rows) => new Map(rows.map((p) => [p.utteranceId, p])))
  const folds = new Map<number, { truth: number[]; predicted: number[] }>()
  const truth: number[] = []
  const predicted: number[] = []
  for (const p of runs[0]) {
    const mean = classes.map((c) => byId.reduce((a, m) => a + m.get(p.utteranceId)!.probabilities[c], 0) / byId.length)
    const t = classes.indexOf(p.trueLabel)
    const f = folds.get(p.fold) ?? { truth: [], predicted: [] }
    f.truth.push(t)
    f.predicted.push(argMax(mean))
    folds.set(p.fold, f)
    truth.push(t)
    predicted.push(argMax(mean))
  }
  const pooled = classificationMetrics(classes, truth, predicted)
  const perFold = [...folds.keys()]
    .sort((a, b) => a - b)
    .map((k) => classificationMetrics(classes, folds.get(k)!.truth, folds.get(k)!.predicted))
  return {
    name,
    runId: sources.map((r) => r.runId).join('+'),
    ua: pooled.ua,
    wa: pooled.wa,
    foldUa: perFold.map((m) => m.ua),
    foldWa: perFold.map((m) => m.wa),
    recall: pooled.perClassRecall,
    minutes: sources.reduce((a, r) => a + r.minutes, 0),
    uttPerSec: mean(sources.map((r) => r.uttPerSec)),
    epochs: mean(sources.map((r) => r.epochs)),
    at: new Date().toISOString()
  }
}

function printTable(rows: Row[], results: Record<string, RowResult>, corpusDir: string): void {
  const done = rows.map((row) => results[rowKey(corpusDir, row)]).filter((r): r is RowResult => !!r)
  process.stdout.write(
    `${corpusDir}: ${FOLDS} speaker-disjoint folds, ${BASE.maxSeconds} s input, at most ${BASE.epochs} epochs\n\n`
  )
  if (done.length === 0) return
  const classes = Object.keys(done[0].recall)
  const f3 = (x: number) => x.toFixed(3)
  const lines = [
    `| row | UA | WA | UA mean ± sd (folds) | WA mean ± sd | ${classes.map((c) => `recall ${c}`).join(' | ')} | epochs | minutes | utt/s per fold |`,
    `|---|---|---|---|---|${classes.map(() => '---|').join('')}---|---|---|`
  ]
  for (const r of done) {
    const recall = classes.map((c) =>
      r.recall[c] === null || r.recall[c] === undefined ? '—' : r.recall[c]!.toFixed(2)
    )
    lines.push(
      `| ${r.name} | ${f3(r.ua)} | ${f3(r.wa)} | ${f3(mean(r.foldUa))} ± ${f3(sd(r.foldUa))} | ${f3(mean(r.foldWa))} ± ${f3(sd(r.foldWa))} | ${recall.join(' | ')} | ${r.epochs.toFixed(1)} | ${r.minutes.toFixed(1)} | ${Math.round(r.uttPerSec)} |`
    )
  }
  process.stdout.write(`${lines.join('\n')}\n`)
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`)
  process.exit(1)
})
