import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { encodeWav } from '../../src/main/services/audio/wav-encoder'

/**
 * A small `folder` corpus of tones with a manifest: ids unlike the demo corpus's (which are IEMOCAP names), so a
 * test can import it next to the demo corpus. Returns the folder.
 */
export function writeFolderCorpus(dir: string, count = 6, sampleRate = 16000): string {
  mkdirSync(dir, { recursive: true })
  const cats = ['neu', 'hap', 'ang', 'sad']
  const rows = ['path,speaker,session,category,valence,arousal,dominance']
  for (let i = 0; i < count; i++) {
    const n = Math.round(sampleRate * (0.5 + 0.1 * i))
    const x = new Float32Array(n)
    for (let t = 0; t < n; t++) x[t] = 0.3 * Math.sin((2 * Math.PI * (220 + 40 * i) * t) / sampleRate)
    const name = `tone-${String(i + 1).padStart(2, '0')}.wav`
    writeFileSync(join(dir, name), encodeWav([x], sampleRate))
    rows.push(`${name},spk${(i % 2) + 1},s${Math.floor(i / 3) + 1},${cats[i % 4]},3,3,3`)
  }
  writeFileSync(join(dir, 'manifest.csv'), rows.join('\n') + '\n')
  return dir
}
