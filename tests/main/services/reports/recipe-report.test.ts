/**
 * A report folder from hand-made runs: every file is written, the tables carry the runs' numbers (and the paper's
 * beside them), the SVGs are well-formed SVG documents holding the class and feature labels, and the PNGs are PNGs.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evaluateRun } from '../../../../src/main/services/evaluation/run-evaluation'
import { writeRecipeReport } from '../../../../src/main/services/reports/recipe-report'
import type { RecipeReportData, ReportCell } from '../../../../src/main/services/reports/report-data'
import type { DatasetMeta } from '../../../../src/main/services/training/dataset-file'
import type { PredictionRow } from '../../../../src/main/services/training/run-store'
import type { ReportFiles, RecipeCell } from '../../../../src/shared/domain/recipes'
import { PAPER_EXPERIMENT1 } from '../../../../src/shared/domain/recipes'
import type { RunDetail } from '../../../../src/shared/domain/runs'
import { RUN_DEFAULTS } from '../../../../src/shared/domain/runs'
import type { TaskKind, TrainFeatures } from '../../../../src/shared/domain/training'
import { tempDir } from '../../../helpers/temp-dir'

const CLASSES = ['neu', 'hap', 'ang', 'sad'] as const
const META: DatasetMeta = {
  version: 1,
  features: 'logmel',
  dims: 1,
  names: ['x'],
  frameShiftSec: 0.01,
  maxFrames: 1,
  classes: [...CLASSES],
  binThresholds: [2.5, 3.5],
  utterances: [],
  hash: ''
}
const FOLDS = [
  { fold: 0, testGroups: ['1'] },
  { fold: 1, testGroups: ['2'] }
]

/** 9 predictions over two folds: WA 5/9, UA 0.4375 (worked in run-evaluation.test.ts) */
function rows(): PredictionRow[] {
  const r = (fold: number, id: string, t: string, p: string): PredictionRow => ({
    fold,
    utteranceId: id,
    trueLabel: t,
    predicted: p,
    probabilities: Object.fromEntries(CLASSES.map((c) => [c, c === p ? 0.7 : 0.1])),
    activation: null,
    valence: null
  })
  return [
    r(0, 'a', 'neu', 'neu'),
    r(0, 'b', 'neu', 'neu'),
    r(0, 'c', 'neu', 'hap'),
    r(0, 'd', 'hap', 'hap'),
    r(0, 'e', 'hap', 'sad'),
    r(0, 'f', 'ang', 'neu'),
    r(1, 'g', 'sad', 'sad'),
    r(1, 'h', 'sad', 'neu'),
    r(1, 'i', 'neu', 'neu')
  ]
}

function cell(features: TrainFeatures, task: TaskKind, done: boolean): ReportCell {
  const runId = `run-${features}-${task}`
  const evaluation = done ? evaluateRun(runId, CLASSES, META, FOLDS, rows()) : null
  const c: RecipeCell = {
    key: `${features}/${task}`,
    features,
    task,
    maxSeconds: 7.5,
    runId: done ? runId : null,
    status: done ? 'done' : 'pending',
    reused: false,
    wa: evaluation?.category.pooled.wa ?? null,
    ua: evaluation?.category.pooled.ua ?? null,
    paper: PAPER_EXPERIMENT1[features][task],
    error: null
  }
  const run = done
    ? ({
        id: runId,
        config: { ...RUN_DEFAULTS, corpusId: 'tiny', classes: [...CLASSES], features, task },
        foldSummaries: FOLDS.map((f) => ({
          ...f,
          status: 'done',
          trainUtterances: 8,
          devUtterances: 2,
          testUtterances: 4,
          epochs: 2,
          bestEpoch: 2,
          metrics: null,
          modelDir: null,
          error: null
        })),
        epochHistory: [0, 1].flatMap((fold) =>
          [1, 2].map((epoch) => ({
            fold,
            epoch,
            loss: 1.4 - 0.2 * epoch,
            acc: 0.3,
            valLoss: 1.5 - 0.1 * epoch,
            valAcc: 0.3,
            lr: 0.001,
            seconds: 1
          }))
        )
      } as RunDetail)
    : null
  return { cell: c, run, evaluation }
}

let dir: string
let cleanup: () => void
let files: ReportFiles

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('ser-report-'))
  const data: RecipeReportData = {
    recipe: {
      recipeId: 'rcp-1',
      kind: 'experiment1',
      corpusId: 'tiny',
      status: 'done',
      createdAt: '',
      endedAt: null,
      cells: [],
      done: 0,
      total: 0,
      error: null
    },
    cells: [cell('logmel', 'single', true), cell('logmel', 'multi', true), cell('mfcc', 'single', false)],
    plan: null
  }
  data.recipe.cells = data.cells.map((c) => c.cell)
  files = await writeRecipeReport(join(dir, 'report'), data)
}, 60_000)

afterAll(() => cleanup?.())

describe('writeRecipeReport (experiment 1)', () => {
  it('writes every file it lists: tables, numbers, and an SVG + PNG per figure', () => {
    const names = files.files.map((f) => f.path).sort()
    expect(names).toEqual(
      [
        'confusion-logmel-multi.png',
        'confusion-logmel-multi.svg',
        'confusion-logmel-single.png',
        'confusion-logmel-single.svg',
        'experiment1-folds.csv',
        'experiment1.csv',
        'experiment1.json',
        'experiment1.md',
        'experiment1.png',
        'experiment1.svg',
        'experiment1.tex',
        'training-logmel-multi.png',
        'training-logmel-multi.svg',
        'training-logmel-single.png',
        'training-logmel-single.svg'
      ].sort()
    )
    for (const f of names) expect(existsSync(join(files.dir, f)), f).toBe(true)
  })

  it("puts the runs' pooled WA/UA beside the paper in Markdown, CSV and LaTeX", () => {
    const md = readFileSync(join(files.dir, 'experiment1.md'), 'utf8')
    expect(md).toContain('| logMel | 55.56 | 43.75 | 56.01 | 55.56 | 43.75 | 57.26 |')
    expect(md).toContain('| MFCC | – | – | 56.07 |')
    expect(md).toContain('Not finished: mfcc/single (pending).')
    expect(md).toContain('leave-one-session-out, 2 folds (test sessions: 1, 2)')
    const csv = readFileSync(join(files.dir, 'experiment1.csv'), 'utf8').trim().split('\n')
    expect(csv[0]).toBe(
      'key,features,task,max_seconds,run_id,status,reused,wa,ua,macro_f1,wa_fold_mean,wa_fold_std,ua_fold_mean,ua_fold_std,folds,test_utterances,paper'
    )
    expect(csv[1].split(',').slice(0, 9)).toEqual([
      'logmel/single',
      'logmel',
      'single',
      '7.5',
      'run-logmel-single',
      'done',
      '0',
      '55.5556',
      '43.7500'
    ])
    expect(csv[3]).toMatch(/^mfcc\/single,mfcc,single,7.5,,pending,0,,/)
    const folds = readFileSync(join(files.dir, 'experiment1-folds.csv'), 'utf8').trim().split('\n')
    expect(folds).toHaveLength(1 + 2 + 2)
    expect(folds[1]).toBe('logmel/single,logmel,single,7.5,run-logmel-single,0,1,50.0000,38.8889,6')
    const tex = readFileSync(join(files.dir, 'experiment1.tex'), 'utf8')
    expect(tex).toContain('\\begin{tabular}{lrrrrrr}')
    expect(tex).toContain('logMel & 55.56 & 43.75 & 56.01 & 55.56 & 43.75 & 57.26 \\\\')
    expect(tex).toContain('MFCC & -- & -- & 56.07')
    const json = JSON.parse(readFileSync(join(files.dir, 'experiment1.json'), 'utf8')) as {
      cells: { key: string; wa: number | null }[]
    }
    expect(json.cells.map((c) => c.wa)).toEqual([5 / 9, 5 / 9, null])
  })

  it('draws SVGs that parse as SVG and carry the class and feature labels', () => {
    const parser = new XMLParser({ ignoreAttributes: false })
    const texts = (file: string): string[] => {
      const svg = readFileSync(join(files.dir, file), 'utf8')
      expect(XMLValidator.validate(svg), file).toBe(true)
      const doc = parser.parse(svg) as Record<string, unknown>
      expect(Object.keys(doc)).toContain('svg')
      const out: string[] = []
      const walk = (n: unknown): void => {
        if (Array.isArray(n)) n.forEach(walk)
        else if (n && typeof n === 'object') {
          for (const [k, v] of Object.entries(n)) {
            if (k !== 'text') walk(v)
            else
              out.push(
                ...[v]
                  .flat()
                  .map((t) =>
                    typeof t === 'object' && t ? String((t as Record<string, unknown>)['#text'] ?? '') : String(t)
                  )
              )
          }
        }
      }
      walk(doc)
      return out
    }
    const confusion = texts('confusion-logmel-single.svg')
    for (const label of [...CLASSES, 'predicted', 'true']) expect(confusion, label).toContain(label)
    expect(confusion).toContain('3 (75%)') // neu row of the pooled matrix: 3 of 4 right
    const bars = texts('experiment1.svg')
    expect(bars).toEqual(expect.arrayContaining(['logMel single', 'logMel multi', 'paper', 'WA (ours)']))
    expect(texts('training-logmel-single.svg')).toEqual(
      expect.arrayContaining(['fold 1', 'fold 2', 'train', 'dev', 'epoch', 'loss'])
    )
  })

  it('renders PNGs: the signature, and an IHDR twice the SVG size', () => {
    const png = readFileSync(join(files.dir, 'confusion-logmel-single.png'))
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR')
    const svg = readFileSync(join(files.dir, 'confusion-logmel-single.svg'), 'utf8')
    const width = Number(/width="(\d+)"/.exec(svg)![1])
    expect(png.readUInt32BE(16)).toBe(2 * width)
  })
})
