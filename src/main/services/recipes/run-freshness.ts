/**
 * Whether a stored run still answers its cell: the run trained on labels the corpus may have changed since (the
 * second look invites relabelling). A run is stale when any utterance it used is gone, moved to another session or
 * speaker, or now maps to another class or activation/valence bin. New utterances are not looked for: one whose
 * features cannot be computed would make every run stale forever.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { toClassSet } from '../../../shared/domain/categories'
import type { RunConfig } from '../../../shared/domain/training'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { DatasetMeta } from '../training/dataset-file'
import { binRating } from '../training/targets'

/** Null when the run still matches the corpus, else why not (one line). */
export function staleReason(corpus: CorpusIndex, config: RunConfig, runDir: string): string | null {
  const file = join(runDir, 'dataset.json')
  if (!existsSync(file)) return `its dataset description is missing (${file})`
  const meta = JSON.parse(readFileSync(file, 'utf8')) as DatasetMeta
  const current = new Map(corpus.utterances({ corpusId: config.corpusId }).map((u) => [u.id, u]))
  for (const d of meta.utterances) {
    const u = current.get(d.id)
    if (!u) return `utterance ${d.id} is no longer in the corpus`
    const cls = toClassSet(u.category, config.classes)
    if (cls === null || config.classes.indexOf(cls) !== d.label)
      return `utterance ${d.id} was ${config.classes[d.label]}, now ${u.category ?? 'unlabelled'}`
    if (u.session !== d.session || u.speaker !== d.speaker)
      return `utterance ${d.id} moved to another session or speaker`
    if (
      binRating(u.arousal, config.binThresholds) !== d.activation ||
      binRating(u.valence, config.binThresholds) !== d.valence
    ) {
      return `utterance ${d.id}'s activation or valence rating changed bin`
    }
  }
  return null
}
