import type { ExportedFile, ExportFormat } from '../../../shared/api/labels'
import { SerError } from '../../../shared/errors'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { LabelStore } from './label-store'
import { exportCsv } from './exporters/csv'
import { writeEaf } from './exporters/eaf'
import { exportJson } from './exporters/json'
import type { UtteranceLabels } from './exporters/label-rows'
import { buildTiers } from './exporters/label-tiers'
import { writeTextGrid } from './exporters/textgrid'

export interface ExportQuery {
  format: ExportFormat
  corpusId?: string
  dialog?: string
  utteranceId?: string
}

export interface LabelExportService {
  /** One file: CSV/JSON of a corpus, dialog or utterance; TextGrid/EAF of one dialog or utterance */
  exportLabels(q: ExportQuery): ExportedFile
  /** TextGrid/EAF for a whole corpus: one file per dialog (or per utterance where there are no dialogs) */
  exportEach(q: ExportQuery): ExportedFile[]
}

export function createLabelExportService(corpus: CorpusIndex, labels: LabelStore): LabelExportService {
  const gather = (q: ExportQuery): UtteranceLabels[] => {
    const utterances = q.utteranceId
      ? [corpus.utterance(q.utteranceId)]
      : corpus.utterances({ corpusId: q.corpusId, dialog: q.dialog })
    return utterances.map((utterance) => ({ utterance, labels: labels.current(utterance.id) }))
  }
  const name = (q: ExportQuery) => q.utteranceId ?? q.dialog ?? q.corpusId ?? corpus.defaultCorpusId() ?? 'labels'

  function timeAligned(q: ExportQuery): ExportedFile {
    const items = gather(q)
    if (items.length === 0)
      throw new SerError('NOT_FOUND', `dialog: no utterances in '${q.dialog}'`, { field: 'dialog' })
    const u0 = items[0].utterance
    const media = q.dialog ? (corpus.dialogs(u0.corpusId).find((d) => d.id === q.dialog)?.audioPath ?? null) : u0.path
    const doc = buildTiers(q.dialog ? items : [items[0]], media)
    return q.format === 'textgrid'
      ? { filename: `${name(q)}.TextGrid`, mimeType: 'text/plain', content: writeTextGrid(doc) }
      : { filename: `${name(q)}.eaf`, mimeType: 'application/xml', content: writeEaf(doc) }
  }

  const service: LabelExportService = {
    exportLabels(q) {
      switch (q.format) {
        case 'csv':
          return { filename: `${name(q)}.labels.csv`, mimeType: 'text/csv', content: exportCsv(gather(q)) }
        case 'json':
          return { filename: `${name(q)}.labels.json`, mimeType: 'application/json', content: exportJson(gather(q)) }
        default:
          if (!q.dialog && !q.utteranceId) {
            throw new SerError(
              'FIELD_INVALID',
              `dialog: ${q.format} files are per dialog or utterance; name one (or export a whole corpus into a folder)`,
              { field: 'dialog' }
            )
          }
          return timeAligned(q)
      }
    },
    exportEach(q) {
      if (q.format === 'csv' || q.format === 'json') return [service.exportLabels(q)]
      const utterances = corpus.utterances({ corpusId: q.corpusId, dialog: q.dialog })
      const dialogs = [...new Set(utterances.map((u) => u.dialog).filter((d): d is string => d !== null))]
      const loose = utterances.filter((u) => u.dialog === null)
      return [
        ...dialogs.map((dialog) => timeAligned({ ...q, dialog })),
        ...loose.map((u) => timeAligned({ format: q.format, utteranceId: u.id }))
      ]
    }
  }
  return service
}
