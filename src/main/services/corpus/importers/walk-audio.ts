import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Audio file names the importers pick up: what services/audio decodes (WAV and FLAC). */
export function isAudioName(name: string): boolean {
  return /\.(wav|flac)$/i.test(name) && !name.startsWith('.')
}

/**
 * Corpus-relative paths (forward slashes) of every audio file under `root`, sorted, skipping hidden entries
 * (AppleDouble `._*` files and dot-folders). Symbolic links are not followed, so a walk cannot leave the root.
 */
export function walkAudio(root: string, sub = ''): string[] {
  const out: string[] = []
  let entries
  try {
    entries = readdirSync(join(root, sub), { withFileTypes: true })
  } catch {
    return out
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue
    const rel = sub ? `${sub}/${e.name}` : e.name
    if (e.isDirectory()) out.push(...walkAudio(root, rel))
    else if (e.isFile() && isAudioName(e.name)) out.push(rel)
  }
  return out
}

/** File name without folder and extension. */
export function stem(rel: string): string {
  return rel.replace(/^.*\//, '').replace(/\.[^.]+$/, '')
}
