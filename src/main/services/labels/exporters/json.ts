import type { UtteranceLabels } from './label-rows'

/** The whole label state as one JSON document: per utterance, its consensus and each annotator's labels. */
export function exportJson(items: UtteranceLabels[]): string {
  return (
    JSON.stringify(
      items.map(({ utterance: u, labels }) => ({
        id: u.id,
        path: u.path,
        session: u.session,
        speaker: u.speaker,
        dialog: u.dialog,
        startSec: u.startSec,
        endSec: u.endSec,
        consensus: { category: u.category, valence: u.valence, arousal: u.arousal, dominance: u.dominance },
        labels
      })),
      null,
      2
    ) + '\n'
  )
}
