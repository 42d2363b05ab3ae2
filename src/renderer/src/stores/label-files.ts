import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ExportedFile, ExportFormat, ImportLabelsSummary } from '@shared/api/labels'
import type { SerErrorInfo } from '@shared/errors'
import { useClient } from '../api/use-client'
import { attempt } from './attempt'
import { useBrowserStore } from './browser'
import { useCorpusStore } from './corpus'

export type ExportScope = 'corpus' | 'dialog' | 'utterance'

/** The import format from a file's name: what labels.import needs to be told */
export function formatOfFile(name: string): ExportFormat | null {
  const ext = /\.([A-Za-z]+)$/.exec(name)?.[1]?.toLowerCase()
  if (ext === 'textgrid') return 'textgrid'
  if (ext === 'eaf') return 'eaf'
  if (ext === 'csv') return 'csv'
  if (ext === 'json') return 'json'
  return null
}

/**
 * Label files in and out: labels.export returns the file's text (the view saves it as a download, so the same code
 * works in the browser and in Electron), labels.import takes a chosen file's text and reports what it changed.
 */
export const useLabelFilesStore = defineStore('labelFiles', () => {
  const busy = ref(false)
  const error = ref<SerErrorInfo | null>(null)
  const lastImport = ref<(ImportLabelsSummary & { filename: string }) | null>(null)

  function exportLabels(
    format: ExportFormat,
    scope: ExportScope,
    target: { dialog?: string | null; utteranceId?: string | null }
  ): Promise<ExportedFile | null> {
    error.value = null
    const corpusId = useCorpusStore().selected ?? undefined
    const req =
      scope === 'dialog' && target.dialog
        ? { format, corpusId, dialog: target.dialog }
        : scope === 'utterance' && target.utteranceId
          ? { format, utteranceId: target.utteranceId }
          : { format, corpusId }
    return attempt(() => useClient().call('labels.export', req), error, busy)
  }

  async function importLabels(filename: string, content: string): Promise<void> {
    error.value = null
    lastImport.value = null
    const format = formatOfFile(filename)
    await attempt(
      async () => {
        if (!format) throw new Error(`${filename}: not a label file (.csv, .json, .TextGrid or .eaf)`)
        const summary = await useClient().call('labels.import', { format, filename, content })
        lastImport.value = { ...summary, filename }
        if (summary.edits > 0) await useBrowserStore().refresh()
      },
      error,
      busy
    )
  }

  return { busy, error, lastImport, exportLabels, importLabels }
})
