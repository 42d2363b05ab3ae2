import { lstatSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { ImportSkip } from '../../../../shared/api/corpus'
import { fileKindOf } from '../../runtime/regular-file'

/** A folder entry an importer may read: a regular file or a real folder (never a link) with a UTF-8 name */
export interface DirEntry {
  name: string
  dir: boolean
}

/** Why a symbolic link in a corpus is not read (the one policy of every importer; docs/security.md) */
export const SYMLINK_REFUSED =
  'symbolic link: not followed (importers read only regular files and folders inside the corpus)'

/**
 * The visible entries of one corpus folder, for every importer alike. Hidden names (`.`, AppleDouble `._*`) are
 * ignored. Symbolic links are never followed, wherever they point, and FIFOs, sockets and devices are never
 * opened; names that are not valid UTF-8 cannot be stored or addressed as ids. Each of these is listed in `skipped`
 * with its reason (links and bad names always; special files when `wanted(name)`, the names the importer reads),
 * relative to the corpus root (`relDir` is the folder's corpus-relative path, '' for the root). A folder that cannot
 * be read yields nothing.
 */
export function listDir(
  absDir: string,
  relDir: string,
  skipped: ImportSkip[],
  wanted: (name: string) => boolean
): DirEntry[] {
  let entries
  try {
    entries = readdirSync(absDir, { withFileTypes: true, encoding: 'buffer' })
  } catch {
    return []
  }
  const out: DirEntry[] = []
  for (const e of entries) {
    const raw = e.name as unknown as Buffer
    const name = raw.toString('utf8')
    if (name.startsWith('.')) continue
    const rel = relDir ? `${relDir}/${name}` : name
    if (!Buffer.from(name, 'utf8').equals(raw)) {
      if (e.isDirectory() || e.isSymbolicLink() || wanted(name)) {
        skipped.push({
          path: rel,
          error: `file name is not valid UTF-8 (bytes ${raw.toString('hex')}); rename it to import it`
        })
      }
      continue
    }
    if (e.isSymbolicLink()) skipped.push({ path: rel, error: SYMLINK_REFUSED })
    else if (e.isDirectory()) out.push({ name, dir: true })
    else if (e.isFile()) out.push({ name, dir: false })
    else if (wanted(name)) skipped.push({ path: rel, error: `not a regular file (${fileKindOf(e)})` })
  }
  return out.sort((a, b) => a.name.localeCompare(b.name))
}

/** listDir's absolute-path form: `root` + corpus-relative folder */
export function listCorpusDir(
  root: string,
  relDir: string,
  skipped: ImportSkip[],
  wanted: (name: string) => boolean
): DirEntry[] {
  return listDir(relDir ? join(root, relDir) : root, relDir, skipped, wanted)
}

/**
 * Whether the corpus-relative folder `relDir` exists as a real folder: no component of it may be a symbolic link
 * (each one that is goes to `skipped`), so fixed layout paths (IEMOCAP's `Session1/sentences/wav`) obey the same
 * policy as listed entries.
 */
export function isRealDir(root: string, relDir: string, skipped: ImportSkip[]): boolean {
  let abs = root
  let rel = ''
  for (const part of relDir.split('/')) {
    abs = join(abs, part)
    rel = rel ? `${rel}/${part}` : part
    let st
    try {
      st = lstatSync(abs)
    } catch {
      return false
    }
    if (st.isSymbolicLink()) {
      if (!skipped.some((k) => k.path === rel)) skipped.push({ path: rel, error: SYMLINK_REFUSED })
      return false
    }
    if (!st.isDirectory()) return false
  }
  return true
}

/** Whether the corpus-relative `rel` is a regular file reached without links; a special file goes to `skipped` */
export function isRealFile(root: string, rel: string, skipped: ImportSkip[]): boolean {
  const slash = rel.lastIndexOf('/')
  if (slash > 0 && !isRealDir(root, rel.slice(0, slash), skipped)) return false
  let st
  try {
    st = lstatSync(join(root, rel))
  } catch {
    return false
  }
  if (st.isSymbolicLink()) skipped.push({ path: rel, error: SYMLINK_REFUSED })
  else if (!st.isFile()) skipped.push({ path: rel, error: `not a regular file (${fileKindOf(st)})` })
  return st.isFile()
}
