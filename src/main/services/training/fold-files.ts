/**
 * A fold's folder, without tfjs (the parent service uses this too): `ckpt-NNNN/` epoch checkpoints, `best-NNNN/`
 * best-on-dev weights, `latest.json` pointing at the checkpoint a resume starts from, and `model/` once done.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

export const LATEST = 'latest.json'
export const MODEL_DIR = 'model'

/** Removes checkpoint and best folders other than the ones named (and leftovers of interrupted writes). */
export function sweepCheckpoints(foldDir: string, keep: (string | null)[]): void {
  if (!existsSync(foldDir)) return
  for (const name of readdirSync(foldDir)) {
    if (/^(ckpt|best)-\d+(\.tmp)?$/.test(name) && !keep.includes(name))
      rmSync(join(foldDir, name), { recursive: true, force: true })
  }
}

/** Drops every checkpoint of a fold whose result is stored (it keeps only its final model). */
export function clearCheckpoints(foldDir: string): void {
  sweepCheckpoints(foldDir, [])
  rmSync(join(foldDir, LATEST), { force: true })
}
