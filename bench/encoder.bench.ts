/**
 * Pretrained-encoder features (docs/encoders.md): embedding throughput in × real time (seconds of audio per second
 * of wall time, decoding and the feature cache included) and the head's training time, beside the CNN's on the same
 * corpus and settings. Encoders are generated ONNX files (tests/helpers/tiny-encoder.ts), nothing is downloaded:
 * - tiny: strided conv (kernel 400, stride 320) → 8 dims, two projections, with hidden_states (the tests' encoder);
 * - base-cost: the same conv front to 768 dims + 12 feed-forward blocks 768 → 3072 → 768 (≈ 114 MFLOP a 20 ms
 *   frame, about 60 % of WavLM-base's per-frame arithmetic, without attention): what a base model costs on this CPU.
 * The corpus is the demo corpus (120 utterances, 99 in 4 classes). Run: npx tsx bench/encoder.bench.ts
 */
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { createServices } from '../src/main/services/create-services'
import { writeDemoCorpus } from '../src/main/services/demo/demo-corpus'
import type { StartTrainingRequest } from '../src/shared/api/training'
import { tempDir } from '../tests/helpers/temp-dir'
import { writeTinyEncoder } from '../tests/helpers/tiny-encoder'

const t = tempDir('ser-encoder-bench-')
writeDemoCorpus(join(t.dir, 'demo'), { turnsPerDialog: 12 })
const s = createServices({ dbPath: join(t.dir, 'index.db') })
await s.importer.importCorpus({ kind: 'iemocap', dir: join(t.dir, 'demo'), name: 'demo' })
const ids = s.corpus.utterances().map((u) => u.id)
const audioSeconds = s.corpus.utterances().reduce((a, u) => a + u.durationSec, 0)
const tiny = join(t.dir, 'tiny.onnx')
const base = join(t.dir, 'base-cost.onnx')
writeTinyEncoder(tiny)
writeTinyEncoder(base, { kernel: 400, stride: 320, dim: 768, hiddenStates: false, ffn: { layers: 12, hidden: 3072 } })
console.log(
  `demo corpus: ${ids.length} utterances, ${audioSeconds.toFixed(1)} s of audio; load average ${loadavg()[0].toFixed(1)}`
)

console.log('| encoder | provider | dims | embedding wall (s) | × real time |')
console.log('|---|---|---|---|---|')
for (const [name, path, layer] of [
  ['tiny, every layer', tiny, 'weighted'],
  ['base-cost, last layer', base, 'last']
] as const) {
  const features = `encoder:${path}${layer === 'last' ? '' : `#layer=${layer}`}` as const
  const info = await s.encoders.info(features)
  const t0 = performance.now()
  const r = await s.encoders.ensureAll(features, { ids })
  const sec = (performance.now() - t0) / 1000
  if (r.failed.length) throw new Error(JSON.stringify(r.failed[0]))
  const dims = layer === 'weighted' ? info.layers * info.dim : info.dim
  console.log(`| ${name} | ${info.provider} | ${dims} | ${sec.toFixed(2)} | ${(audioSeconds / sec).toFixed(1)}× |`)
}

const common: StartTrainingRequest = { testSession: '5', epochs: 20, earlyStoppingPatience: 0, parallelFolds: 1 }
console.log(
  '\n| model (test session 5, 20 epochs, batch 32) | features | backend | train utterances | s/epoch | run wall (s) | WA % |'
)
console.log('|---|---|---|---|---|---|---|')
for (const [label, req] of [
  ['CNN (100 filters × 5/10/20)', { features: 'logmel' }],
  ['encoder head, weighted layers (SUPERB)', { features: `encoder:${tiny}#layer=weighted` }],
  ['encoder head, last layer', { features: `encoder:${base}` }]
] as const) {
  const t0 = performance.now()
  const { runId } = await s.training.start({ ...common, ...(req as StartTrainingRequest) })
  const run = await s.training.wait(runId)
  const wall = (performance.now() - t0) / 1000
  const epochs = s.training.get(runId).epochHistory
  const perEpoch = epochs.reduce((a, e) => a + e.seconds, 0) / Math.max(1, epochs.length)
  console.log(
    `| ${label} | ${String(req.features).replace(t.dir, '…')} | ${run.backend?.name} | ${run.trainUtterances} | ${perEpoch.toFixed(2)} | ${wall.toFixed(1)} | ${((run.metrics?.wa ?? NaN) * 100).toFixed(1)} |`
  )
}
console.log(`load average after: ${loadavg()[0].toFixed(1)}`)
s.close()
t.cleanup()
