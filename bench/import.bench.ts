/**
 * Import benchmark (issue 3): indexes a generated IEMOCAP-layout corpus of 10,039 utterances (the release's count:
 * 5 sessions, 151 dialogs, 3 categorical and 2–3 attribute lines per utterance, as in the real EmoEvaluation
 * files) and prints files/s, wall time and peak RSS. Index only: the importer reads each wav's header, not its
 * samples, so the generated utterances are short. Run: npx tsx bench/import.bench.ts
 */
import { existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServices } from '../src/main/services/create-services'
import type { IemocapDialog, IemocapTurn } from '../src/main/services/demo/iemocap-writer'
import { writeIemocapRelease } from '../src/main/services/demo/iemocap-writer'
import { createRandom } from '../src/main/services/demo/seeded-random'

const UTTERANCES = 10039
const DIALOGS = 151
const root = join(tmpdir(), 'ser-bench-iemocap-10k', 'IEMOCAP_full_release')

function generate(): void {
  const rng = createRandom(7)
  const audio = Float32Array.from({ length: 4000 }, (_, i) => 0.1 * Math.sin(i / 5))
  const codes = ['neu', 'hap', 'exc', 'ang', 'sad', 'fru', 'xxx', 'sur']
  const words: Record<string, string> = {
    neu: 'Neutral',
    hap: 'Happiness',
    exc: 'Excited',
    ang: 'Anger',
    sad: 'Sadness',
    fru: 'Frustration',
    xxx: 'Other',
    sur: 'Surprise'
  }
  // the release's dialog names: per session and mocap letter impro01–08 and seven scripts, plus Ses05M_script01_1b
  const names: { id: string; session: number }[] = []
  for (let session = 1; session <= 5; session++) {
    for (const g of ['F', 'M']) {
      for (let k = 1; k <= 8; k++) names.push({ id: `Ses0${session}${g}_impro0${k}`, session })
      for (const sc of ['01_1', '01_2', '01_3', '02_1', '02_2', '03_1', '03_2'])
        names.push({ id: `Ses0${session}${g}_script${sc}`, session })
    }
  }
  names.push({ id: 'Ses05M_script01_1b', session: 5 })
  const dialogs: IemocapDialog[] = []
  let made = 0
  for (let d = 0; d < DIALOGS; d++) {
    const { id: name, session } = names[d]
    const n = Math.round((UTTERANCES - made) / (DIALOGS - d))
    const count = { F: 0, M: 0 }
    const turns: IemocapTurn[] = []
    for (let t = 0; t < n; t++) {
      const g = t % 2 === 0 ? 'F' : 'M'
      const code = rng.pick(codes)
      turns.push({
        id: `${name}_${g}${String(count[g]++).padStart(3, '0')}`,
        audio,
        code,
        vad: [2.5, 3, 3],
        categorical: ['E1', 'E2', 'E3'].map((who) => ({ who, words: [words[code]] })),
        attributes: ['E1', 'E2', 'E4']
          .slice(0, 2 + rng.int(2))
          .map((who) => ({ who, valence: 1 + rng.int(5), activation: 1 + rng.int(5), dominance: 1 + rng.int(5) })),
        text: 'Some words.'
      })
    }
    made += n
    dialogs.push({ id: name, session, turns })
  }
  writeIemocapRelease(root, dialogs, { dialogAudio: 'none' })
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'Session5'))) {
    process.stderr.write(`generating ${UTTERANCES} utterances in ${root} …\n`)
    generate()
  }
  const db = join(tmpdir(), `ser-bench-import-${process.pid}.db`)
  const services = createServices({ dbPath: db })
  const t0 = performance.now()
  const summary = await services.importer.importCorpus({ kind: 'iemocap', dir: root })
  const seconds = (performance.now() - t0) / 1000
  const events = services.db.prepare('SELECT COUNT(*) FROM label_events').pluck().get() as number
  services.close()
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true })
  const rssMb = process.resourceUsage().maxRSS / 1024
  console.log(
    `import iemocap: ${summary.utterances} utterances, ${events} label events, ${summary.skipped.length} skipped`
  )
  console.log(`| utterances | label events | wall (s) | files/s | peak RSS (MB) |`)
  console.log(`|---|---|---|---|---|`)
  console.log(
    `| ${summary.utterances} | ${events} | ${seconds.toFixed(2)} | ${Math.round(summary.utterances / seconds)} | ${rssMb.toFixed(0)} |`
  )
}

void main()
