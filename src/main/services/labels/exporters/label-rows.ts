import type { Utterance } from '../../../../shared/domain/corpus'
import type { AnnotatorLabels } from '../../../../shared/domain/labels'

/** One utterance with its consensus and every annotator's current labels: what every exporter writes out. */
export interface UtteranceLabels {
  utterance: Utterance
  labels: AnnotatorLabels[]
}
