import { realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { SerError } from '../../../shared/errors'

/**
 * Resolves a corpus-relative path to an absolute one, refusing anything that escapes the root: `..` segments,
 * absolute paths, and symbolic links that point outside it (checked on the real path when the file exists).
 * Every read of corpus audio on behalf of a request goes through here.
 */
export function resolveInCorpus(root: string, rel: string, field = 'path'): string {
  if (rel.length === 0 || isAbsolute(rel) || /^[a-zA-Z]:/.test(rel) || rel.includes('\0')) {
    throw new SerError('PATH_OUTSIDE_CORPUS', `${field}: '${rel}' is not a path inside the corpus`, { field })
  }
  const abs = resolve(root, rel)
  if (!isInside(root, abs)) {
    throw new SerError('PATH_OUTSIDE_CORPUS', `${field}: '${rel}' escapes the corpus root`, { field })
  }
  let real: string
  try {
    real = realpathSync(abs)
  } catch {
    return abs // does not exist (yet): the lexical check above is all there is to check
  }
  let realRoot: string
  try {
    realRoot = realpathSync(root)
  } catch {
    realRoot = root
  }
  if (!isInside(realRoot, real)) {
    throw new SerError('PATH_OUTSIDE_CORPUS', `${field}: '${rel}' links outside the corpus root`, { field })
  }
  return abs
}

export function isInside(root: string, abs: string): boolean {
  const r = relative(resolve(root), resolve(abs))
  return r === '' || (!r.startsWith('..' + sep) && r !== '..' && !isAbsolute(r))
}
