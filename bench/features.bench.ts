/**
 * Feature speed side by side with the established tools, in one run on the same files: kaldi-native-fbank (26-band
 * fbank, 13 MFCC) and openSMILE's SMILExtract (eGeMAPSv02). Two 16 kHz PCM16 files of `minutes` each: a generated
 * speech-like signal and espeak-ng speech. Every timing is one tool processing one whole file on one thread, WAV
 * reading included; rounds alternate which tool goes first, and the table reports medians and the ratio
 * ours ÷ theirs in × real time (> 1: we are faster). Both the CPU time (user + system: ours from
 * process.cpuUsage around the call, theirs from the shell's `times` for the child process) and the wall time are
 * measured; the CPU ratio is the one to read on a shared machine, where other work stretches wall times by whatever
 * the load happens to be at that second. Absolute figures move by tens of percent from run to run; ratios measured
 * together hold.
 *
 * The anchors are built outside the repository (README, "Features"); their paths come from the environment:
 *   SER_KNF_TIME       kaldi-native-fbank's timing driver (`knf_fbank_time FILE.wav [fbank|mfcc]` prints
 *                      "seconds_of_audio wall_seconds frames checksum"; the checksum is Σ column 0)
 *   SER_SMILEXTRACT    openSMILE's SMILExtract binary
 *   SER_EGEMAPS_CONF   its config/egemaps/v02/eGeMAPSv02.conf
 * Without them only our figures are printed. Needs espeak-ng and sox for the speech file.
 *
 * Run: npx tsx bench/features.bench.ts [minutes=10] [rounds=5] [--pool] [--kaldi]
 *   --pool adds the worker-pool scaling (the generated file cut into 5-s utterances).
 *   --kaldi times only the fbank and MFCC rows (kaldi-native-fbank's); eGeMAPS and SMILExtract are left out.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { readWavFile } from '../src/main/services/audio/read-audio'
import { encodeWav } from '../src/main/services/audio/wav-encoder'
import { computeEgemaps, openSmileSamples } from '../src/main/services/features/egemaps/index'
import { computeFbank } from '../src/main/services/features/fbank'
import { CORPUS_KINDS, fbankOptions, mfccOptions } from '../src/main/services/features/feature-kinds'
import { createFeaturePool } from '../src/main/services/features/feature-pool'
import { KALDI_SAMPLE_SCALE } from '../src/main/services/features/frame-window'
import { computeMfcc } from '../src/main/services/features/mfcc'
import type { FeatureMatrix, Precision } from '../src/shared/domain/features'
import type { TrainFeatures } from '../src/shared/domain/training'

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const minutes = Number(args[0] ?? 10)
const rounds = Number(args[1] ?? 5)
const withPool = process.argv.includes('--pool')
const kaldiOnly = process.argv.includes('--kaldi')
const sr = 16000
const seconds = minutes * 60
const dir = mkdtempSync(join(tmpdir(), 'ser-features-bench-'))
const knf = process.env.SER_KNF_TIME
const smile = process.env.SER_SMILEXTRACT
const smileConf = process.env.SER_EGEMAPS_CONF

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

const SENTENCES = [
  'The committee met on Tuesday to discuss the budget for the coming year.',
  'I cannot believe you finished the whole project in a single weekend!',
  'Please leave the keys on the kitchen table before you go out tonight.',
  'Why would anyone paint the old lighthouse bright purple?',
  'The rain kept falling, and the river slowly rose over the fields.',
  'We should have listened to her when she warned us about the storm.',
  'Seven quiet children walked home along the frozen canal.',
  'That is absolutely the best news I have heard all month.'
]

/** espeak-ng speech, several voices and rates, resampled to 16 kHz PCM16 mono by sox and cut to `seconds`. */
function espeakSpeech(path: string): void {
  const parts: string[] = []
  const voices = ['en-us', 'en-us+f3', 'en+m3', 'en-us+f2', 'en+m7']
  let total = 0
  for (let i = 0; total < seconds; i++) {
    const text = Array.from({ length: 40 }, (_, k) => SENTENCES[(i * 3 + k) % SENTENCES.length]).join(' ')
    const part = join(dir, `speech${i}.wav`)
    execFileSync('espeak-ng', ['-v', voices[i % voices.length], '-s', String(140 + 15 * (i % 4)), '-w', part, text])
    parts.push(part)
    total += Number(execFileSync('soxi', ['-D', part]).toString())
  }
  execFileSync('sox', [...parts, '-r', String(sr), '-b', '16', '-c', '1', path, 'trim', '0', String(seconds)])
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b)
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

interface Run {
  wall: number
  cpu: number
  check: string
}

const column0Sum = (m: FeatureMatrix): number => {
  let sum = 0
  for (let t = 0; t < m.frames; t++) sum += m.data[t * m.dims]
  return sum
}

const cpuSince = (c: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(c)
  return (u.user + u.system) / 1e6
}

function ours(task: string, file: string, precision: Precision = 'float'): Run {
  const c = process.cpuUsage()
  const t = performance.now()
  if (task === 'egemaps') {
    const r = computeEgemaps(openSmileSamples(readWavFile(file)), sr)
    return { wall: (performance.now() - t) / 1000, cpu: cpuSince(c), check: `${r.lld.frames} LLD frames` }
  }
  const samples = readWavFile(file).channels[0]
  const m =
    task === 'fbank'
      ? computeFbank(samples, fbankOptions(sr, { numMelBins: 26, precision }), KALDI_SAMPLE_SCALE)
      : computeMfcc(samples, mfccOptions(sr, { numCeps: 13, precision }), KALDI_SAMPLE_SCALE)
  return {
    wall: (performance.now() - t) / 1000,
    cpu: cpuSince(c),
    check: `${m.frames} frames, Σc0 ${column0Sum(m).toFixed(3)}`
  }
}

/** Runs a command under bash and reads the child's CPU time from `times` (second line: children's user and sys). */
function timedChild(
  cmd: string,
  args: string[]
): { stdout: string; cpu: number; status: number | null; stderr: string } {
  const r = spawnSync('bash', ['-c', '"$@"; s=$?; times >&2; exit $s', 'bench', cmd, ...args])
  const stderr = r.stderr.toString()
  const lines = stderr.trim().split('\n')
  const secs = (lines[lines.length - 1] ?? '').match(/(\d+)m([\d.]+)s/g) ?? []
  const cpu = secs.reduce((sum, m) => {
    const [, min, sec] = /(\d+)m([\d.]+)s/.exec(m) ?? []
    return sum + Number(min) * 60 + Number(sec)
  }, 0)
  return { stdout: r.stdout.toString(), cpu, status: r.status, stderr }
}

function theirs(task: string, file: string): Run {
  if (task === 'egemaps') {
    const out = join(dir, 'smile.csv')
    rmSync(out, { force: true })
    const t = performance.now()
    const r = timedChild(smile!, ['-C', smileConf!, '-I', file, '-csvoutput', out, '-l', '0'])
    const wall = (performance.now() - t) / 1000
    if (r.status !== 0 || !existsSync(out)) throw new Error(`SMILExtract failed: ${r.stderr.slice(0, 400)}`)
    return { wall, cpu: r.cpu, check: 'functionals written' }
  }
  // the driver times itself (read + compute) as ours is timed, so its wall time leaves out process start-up; its
  // CPU time includes start-up, about a millisecond
  const r = timedChild(knf!, [file, task])
  if (r.status !== 0) throw new Error(`knf_fbank_time failed: ${r.stderr.slice(0, 400)}`)
  const [, wall, frames, sum] = r.stdout.trim().split(/\s+/)
  return { wall: Number(wall), cpu: r.cpu, check: `${frames} frames, Σc0 ${sum}` }
}

const x = (sec: number): string => `${(seconds / sec).toFixed(1)}×`

console.log(
  `SER Workbench features bench: ${minutes} min per file, 16 kHz PCM16 mono, ${rounds} rounds, node ${process.version}, ` +
    `${availableParallelism()} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
)
const haveKnf = Boolean(knf && existsSync(knf))
const haveSmile = Boolean(smile && smileConf && existsSync(smile) && existsSync(smileConf))
if (!haveKnf) console.log('kaldi-native-fbank absent (SER_KNF_TIME unset or missing): our fbank/MFCC figures only')
if (!haveSmile && !kaldiOnly)
  console.log('SMILExtract absent (SER_SMILEXTRACT / SER_EGEMAPS_CONF unset or missing): our eGeMAPS figures only')

const files: [string, string][] = [['generated', join(dir, 'generated.wav')]]
writeFileSync(files[0][1], encodeWav([speechLike(seconds * sr, 1)], sr, 'pcm16'))
try {
  espeakSpeech(join(dir, 'speech.wav'))
  files.push(['espeak-ng speech', join(dir, 'speech.wav')])
} catch (e) {
  console.log(`espeak-ng speech skipped: ${(e as Error).message.split('\n')[0]}`)
}

// let the JIT compile our paths first, as it will have in a long-running app or a corpus run
{
  const warm = join(dir, 'warm.wav')
  writeFileSync(warm, encodeWav([speechLike(10 * sr, 2)], sr, 'pcm16'))
  for (const task of kaldiOnly ? ['fbank', 'mfcc'] : ['fbank', 'mfcc', 'egemaps']) ours(task, warm)
  for (const task of ['fbank', 'mfcc']) ours(task, warm, 'double')
}

interface Task {
  name: string
  task: string
  anchor: boolean
  precision?: Precision
}
const allTasks: Task[] = [
  { name: 'fbank 26 (float, bit-exact)', task: 'fbank', anchor: haveKnf },
  { name: 'MFCC 13 (float, bit-exact)', task: 'mfcc', anchor: haveKnf },
  { name: 'eGeMAPSv02 (LLDs + functionals)', task: 'egemaps', anchor: haveSmile },
  { name: 'fbank 26 (double)', task: 'fbank', anchor: haveKnf, precision: 'double' },
  { name: 'MFCC 13 (double)', task: 'mfcc', anchor: haveKnf, precision: 'double' }
]
const tasks = allTasks.filter((t) => !kaldiOnly || t.task !== 'egemaps')
const rows: string[] = []
for (const [label, file] of files) {
  for (const t of tasks) {
    const mine: number[] = []
    const other: number[] = []
    const mineCpu: number[] = []
    const otherCpu: number[] = []
    let checks = ''
    for (let r = 0; r < rounds; r++) {
      // alternate who goes first, so neither side always runs on a cache or a core the other warmed
      const order = r % 2 === 0 ? ['ours', 'theirs'] : ['theirs', 'ours']
      for (const who of order) {
        if (who === 'ours') {
          const run = ours(t.task, file, t.precision)
          mine.push(run.wall)
          mineCpu.push(run.cpu)
          if (r === 0) checks = `ours ${run.check}` + checks
        } else if (t.anchor) {
          const run = theirs(t.task, file)
          other.push(run.wall)
          otherCpu.push(run.cpu)
          if (r === 0) checks += `; theirs ${run.check}`
        }
      }
    }
    const [a, ac] = [median(mine), median(mineCpu)]
    const [b, bc] = t.anchor ? [median(other), median(otherCpu)] : [NaN, NaN]
    const ratio = t.anchor ? `${(bc / ac).toFixed(2)}×` : 'anchor absent'
    const wallRatio = t.anchor ? `${(b / a).toFixed(2)}×` : '–'
    const anchorName = t.task === 'egemaps' ? 'SMILExtract' : 'kaldi-native-fbank'
    const anchorCell = t.anchor ? `${anchorName} ${x(bc)}` : '–'
    rows.push(
      `| ${label} | ${t.name} | ${x(ac)} | ${anchorCell} | **${ratio}** | ${x(a)} / ${t.anchor ? x(b) : '–'} | ${wallRatio} |`
    )
    console.log(
      `  ${label.padEnd(17)} ${t.name.padEnd(32)} CPU: ours ${x(ac).padStart(8)} theirs ${t.anchor ? x(bc).padStart(8) : '       –'} ` +
        `ratio ${ratio}; wall ratio ${wallRatio}  (${checks})`
    )
  }
}
console.log('\n(× real time = seconds of audio per second; medians over the rounds)')
console.log(
  '| file | features | ours, per CPU-second | anchor, per CPU-second | ours ÷ anchor (CPU) | wall: ours / anchor | ours ÷ anchor (wall) |'
)
console.log('|---|---|---|---|---|---|---|')
for (const row of rows) console.log(row)
console.log(`(load at the end ${loadavg()[0].toFixed(2)})`)

if (withPool) {
  console.log(
    '\nworker pool: the generated file as utterances of 5 s (read + compute per utterance, results back to the main thread)'
  )
  const utterances = join(dir, 'utterances')
  mkdirSync(utterances)
  const audio = readWavFile(files[0][1]).channels[0]
  const count = Math.floor(seconds / 5)
  for (let i = 0; i < count; i++)
    writeFileSync(join(utterances, `u${i}.wav`), encodeWav([audio.subarray(i * 5 * sr, (i + 1) * 5 * sr)], sr, 'pcm16'))
  const cores = availableParallelism()
  for (const kind of ['logmel', 'mfcc'] as TrainFeatures[]) {
    let base = 0
    for (const workers of [...new Set([1, 2, cores])]) {
      const pool = createFeaturePool(workers)
      // start the threads before timing: a corpus run pays this once (≈ 0.1 s per thread from the bundle)
      await Promise.all(
        Array.from({ length: workers }, (_, i) =>
          pool.run({ path: join(utterances, `u${i}.wav`), name: 'warm-up', kind, def: CORPUS_KINDS[kind] })
        )
      )
      const t = performance.now()
      await Promise.all(
        Array.from({ length: count }, (_, i) =>
          pool.run({ path: join(utterances, `u${i}.wav`), name: `u${i}`, kind, def: CORPUS_KINDS[kind] })
        )
      )
      const wall = (performance.now() - t) / 1000
      await pool.close()
      if (workers === 1) base = wall
      console.log(
        `  ${kind.padEnd(6)} ${String(workers).padStart(2)} worker${workers > 1 ? 's' : ' '} ${x(wall).padStart(8)} wall  speed-up ${(base / wall).toFixed(2)}  (load ${loadavg()[0].toFixed(2)})`
      )
    }
  }
}

rmSync(dir, { recursive: true, force: true })
