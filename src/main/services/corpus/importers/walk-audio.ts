import type { ImportSkip } from '../../../../shared/api/corpus'
import { listCorpusDir } from './dir-entries'

/** Audio file names the importers pick up: what services/audio decodes (WAV and FLAC). */
export function isAudioName(name: string): boolean {
  return /\.(wav|flac)$/i.test(name) && !name.startsWith('.')
}

/**
 * Corpus-relative paths (forward slashes) of every regular audio file under `root`, sorted, skipping hidden entries
 * (AppleDouble `._*` files and dot-folders). Symbolic links are not followed, so a walk cannot leave the root; they,
 * FIFOs and other special files named like audio, and names that are not UTF-8 go to `skipped` (dir-entries.ts).
 */
export function walkAudio(root: string, skipped: ImportSkip[] = [], sub = ''): string[] {
  const out: string[] = []
  for (const e of listCorpusDir(root, sub, skipped, isAudioName)) {
    const rel = sub ? `${sub}/${e.name}` : e.name
    if (e.dir) out.push(...walkAudio(root, skipped, rel))
    else if (isAudioName(e.name)) out.push(rel)
  }
  return out
}

/** File name without folder and extension. */
export function stem(rel: string): string {
  return rel.replace(/^.*\//, '').replace(/\.[^.]+$/, '')
}
