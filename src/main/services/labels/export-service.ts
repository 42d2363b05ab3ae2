import type { ExportedFile, ExportFormat } from '../../../shared/api/labels'
import { SerError } from '../../../shared/errors'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { LabelStore } from './label-store'
import { exportCsv } from './exporters/csv'
import { exportJson } from './exporters/json'
import type { UtteranceLabels } from './exporters/label-rows'

export interface ExportQuery {
  format: ExportFormat
  corpusId?: string
  dialog?: string
  utteranceId?: string
}

export interface LabelExportService {
  exportLabels(q: ExportQuery): ExportedFile
}

export function createLabelExportService(corpus: CorpusIndex, labels: LabelStore): LabelExportService {
  function gather(q: ExportQuery): UtteranceLabels[] {
    const utterances = q.utteranceId
      ? [corpus.utterance(q.utteranceId)]
      : corpus.utterances({ corpusId: q.corpusId, dialog: q.dialog })
    return utterances.map((utterance) => ({ utterance, labels: labels.current(utterance.id) }))
  }
  const name = (q: ExportQuery) => q.utteranceId ?? q.dialog ?? q.corpusId ?? corpus.defaultCorpusId() ?? 'labels'
  return {
    exportLabels(q) {
      switch (q.format) {
        case 'csv':
          return { filename: `${name(q)}.labels.csv`, mimeType: 'text/csv', content: exportCsv(gather(q)) }
        case 'json':
          return { filename: `${name(q)}.labels.json`, mimeType: 'application/json', content: exportJson(gather(q)) }
        default:
          throw new SerError('UNAVAILABLE', `format: ${q.format} export is not available yet`, { field: 'format' })
      }
    }
  }
}
