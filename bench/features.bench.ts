/**
 * Feature throughput in times real time (seconds of audio per second of compute) on a generated hour of 16 kHz
 * 16-bit speech-like audio, WAV reading included: the trainer's logmel (Kaldi fbank, 26 bands) and mfcc (13),
 * single-threaded and over the worker pool (the hour cut into 720 utterances of 5 s, as a corpus run sees it),
 * eGeMAPS v02 single-threaded (goal: openSMILE's SMILExtract does ~44× real time on one core),
 * plus the FFTs alone and peak RSS. Goal: kaldi-native-fbank's C++ does 26-band fbank at ~575× real time on one
 * core of this machine class. Wall time suffers when other work shares the cores, so the load average is printed
 * and single-threaded figures are also given per CPU-second of this process.
 * Run: npx tsx bench/features.bench.ts [minutes=60]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeWav } from '../src/main/services/audio/wav-encoder'
import { readWavFile } from '../src/main/services/audio/read-audio'
import { computeEgemaps, openSmileSamples } from '../src/main/services/features/egemaps/index'
import { computeFbank } from '../src/main/services/features/fbank'
import { createRealFft } from '../src/main/services/features/fft'
import { CORPUS_KINDS, fbankOptions, mfccOptions } from '../src/main/services/features/feature-kinds'
import { createFeaturePool } from '../src/main/services/features/feature-pool'
import { KALDI_SAMPLE_SCALE } from '../src/main/services/features/frame-window'
import { createKissFftr } from '../src/main/services/features/kiss-fftr'
import { computeMfcc } from '../src/main/services/features/mfcc'
import type { Precision } from '../src/shared/domain/features'
import type { TrainFeatures } from '../src/shared/domain/training'

const minutes = Number(process.argv[2] ?? 60)
const sr = 16000
const seconds = minutes * 60
const dir = mkdtempSync(join(tmpdir(), 'ser-features-bench-'))

/** Voiced-speech-like: a 90–250 Hz harmonic series with drifting pitch and syllable-rate envelope, plus noise. */
function speechLike(n: number, seed: number): Float32Array {
  const x = new Float32Array(n)
  let s = seed >>> 0
  let phase = 0
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    const t = i / sr
    const f0 = 150 + 60 * Math.sin(2 * Math.PI * 0.3 * t) + 20 * Math.sin(2 * Math.PI * 2.1 * t)
    phase += (2 * Math.PI * f0) / sr
    const env = Math.max(0, Math.sin(2 * Math.PI * 4 * t)) ** 2
    let v = 0
    for (let h = 1; h <= 8; h++) v += Math.sin(h * phase) / h
    x[i] = Math.max(-1, Math.min(32767 / 32768, 0.25 * env * v + 0.01 * (s / 2 ** 32 - 0.5)))
  }
  return x
}

function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const c = process.cpuUsage()
  const t = performance.now()
  const value = fn()
  const u = process.cpuUsage(c)
  return { value, wall: (performance.now() - t) / 1000, cpu: (u.user + u.system) / 1e6 }
}

const x = (sec: number, s: number): string => `${(sec / s).toFixed(0)}×`

console.log(`SER Workbench features bench: ${minutes} min of 16 kHz PCM16, node ${process.version}, ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
const hourFile = join(dir, 'hour.wav')
writeFileSync(hourFile, encodeWav([speechLike(seconds * sr, 1)], sr, 'pcm16'))

console.log('\nsingle thread (read WAV + compute), whole file in one call, after a 10 s warm-up of the same path')
const warmUp = speechLike(10 * sr, 2)
for (const precision of ['float', 'double'] as Precision[]) {
  for (const kind of ['logmel', 'mfcc'] as const) {
    // let the JIT compile this path first, as it will have in a long-running app or a corpus run
    if (kind === 'logmel') computeFbank(warmUp, fbankOptions(sr, { numMelBins: 26, precision }), KALDI_SAMPLE_SCALE)
    else computeMfcc(warmUp, mfccOptions(sr, { numCeps: 13, precision }), KALDI_SAMPLE_SCALE)
    const run = timed(() => {
      const audio = readWavFile(hourFile)
      const samples = audio.channels[0]
      return kind === 'logmel'
        ? computeFbank(samples, fbankOptions(sr, { numMelBins: 26, precision }), KALDI_SAMPLE_SCALE)
        : computeMfcc(samples, mfccOptions(sr, { numCeps: 13, precision }), KALDI_SAMPLE_SCALE)
    })
    const label = `${kind === 'logmel' ? 'fbank 26' : 'mfcc 13 '} ${precision.padEnd(6)}`
    console.log(`  ${label} ${x(seconds, run.wall).padStart(6)} wall  ${x(seconds, run.cpu).padStart(6)} per CPU-second  (${run.value.frames} frames)`)
  }
}

// eGeMAPSv02 (25 LLDs + 88 functionals from one analysis): openSMILE's SMILExtract does ~44× real time on one core
console.log('\neGeMAPS v02 single thread (read WAV + 25 LLDs + 88 functionals), after a 10 s warm-up')
{
  computeEgemaps(warmUp, sr)
  const run = timed(() => computeEgemaps(openSmileSamples(readWavFile(hourFile)), sr))
  console.log(`  egemaps         ${x(seconds, run.wall).padStart(6)} wall  ${x(seconds, run.cpu).padStart(6)} per CPU-second  (${run.value.lld.frames} frames)`)
}

console.log('\nFFT alone, 512-point real power spectrum (per transform, CPU time)')
{
  const input = Float32Array.from(speechLike(512, 3), (v) => v * 32768)
  const input64 = Float64Array.from(input)
  const power = new Float64Array(257)
  const kiss = createKissFftr(512)
  const radix2 = createRealFft(512)
  // one loop per transform, so each call site sees one function and the JIT inlines it
  const kissLoop = (n: number): void => {
    for (let i = 0; i < n; i++) kiss.powerSpectrum(input, power)
  }
  const radix2Loop = (n: number): void => {
    for (let i = 0; i < n; i++) radix2.powerSpectrum(input64, power)
  }
  for (const [name, loop] of [
    ['kiss-fft.ts (kissfft float32, bit-exact)', kissLoop],
    ['fft.ts (radix-2 float64)', radix2Loop]
  ] as const) {
    loop(50000)
    const r = timed(() => loop(300000))
    console.log(`  ${name.padEnd(42)} ${((r.cpu / 300000) * 1e6).toFixed(2)} µs`)
  }
}

console.log('\nworker pool: the hour as 720 utterances of 5 s (read + compute per utterance, results back to the main thread)')
{
  const utterances = join(dir, 'utterances')
  mkdirSync(utterances)
  const audio = readWavFile(hourFile).channels[0]
  const count = Math.floor(seconds / 5)
  for (let i = 0; i < count; i++) writeFileSync(join(utterances, `u${i}.wav`), encodeWav([audio.subarray(i * 5 * sr, (i + 1) * 5 * sr)], sr, 'pcm16'))
  const cores = availableParallelism()
  for (const kind of ['logmel', 'mfcc'] as TrainFeatures[]) {
    let base = 0
    for (const workers of [...new Set([1, 2, cores])]) {
      const pool = createFeaturePool(workers)
      // start the threads before timing: a corpus run pays this once (≈ 0.1 s per thread from the bundle)
      await Promise.all(Array.from({ length: workers }, (_, i) => pool.run({ path: join(utterances, `u${i}.wav`), name: 'warm-up', kind, def: CORPUS_KINDS[kind] })))
      const t = performance.now()
      const c = process.cpuUsage()
      await Promise.all(Array.from({ length: count }, (_, i) => pool.run({ path: join(utterances, `u${i}.wav`), name: `u${i}`, kind, def: CORPUS_KINDS[kind] })))
      const wall = (performance.now() - t) / 1000
      // process-wide CPU time (main thread and workers): constant throughput per CPU-second means no pool overhead
      const u = process.cpuUsage(c)
      const cpu = (u.user + u.system) / 1e6
      await pool.close()
      if (workers === 1) base = wall
      console.log(
        `  ${kind.padEnd(6)} ${String(workers).padStart(2)} worker${workers > 1 ? 's' : ' '} ${x(count * 5, wall).padStart(6)} wall  ` +
          `speed-up ${(base / wall).toFixed(2)}  ${x(count * 5, cpu).padStart(6)} per CPU-second  CPU/wall ${(cpu / wall).toFixed(2)}  (load ${loadavg()[0].toFixed(2)})`
      )
    }
  }
}

console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (the hour decoded: ${((seconds * sr * 4) / 2 ** 20).toFixed(0)} MiB of float32 samples)`)
rmSync(dir, { recursive: true, force: true })
