import { defineStore } from 'pinia'
import { ref } from 'vue'
import type {
  ExportDatasetRequest,
  ExportDatasetResult,
  ImportPredictionsRequest,
  ImportPredictionsResult
} from '@shared/api/interop'
import type { JobProgress } from '@shared/api/common'
import type { SerErrorInfo } from '@shared/errors'
import { useClient } from '../api/use-client'
import { attempt } from './attempt'

/**
 * Exports for other trainers (docs/interop.md): one dataset export at a time, its progress from
 * `interop.exportProgress` events, and its result or error for the export dialog.
 */
export const useInteropStore = defineStore('interop', () => {
  const exporting = ref(false)
  const progress = ref<JobProgress | null>(null)
  const result = ref<ExportDatasetResult | null>(null)
  const error = ref<SerErrorInfo | null>(null)

  async function exportDataset(req: ExportDatasetRequest): Promise<void> {
    const client = useClient()
    const jobId = `export:`
    result.value = null
    error.value = null
    progress.value = null
    const off = client.on('interop.exportProgress', (p) => {
      if (p.jobId.startsWith(jobId)) progress.value = p
    })
    try {
      const r = await attempt(() => client.call('interop.exportDataset', req), error, exporting)
      if (r) result.value = r
    } finally {
      off()
    }
  }

  const importing = ref(false)
  const imported = ref<ImportPredictionsResult | null>(null)
  const importError = ref<SerErrorInfo | null>(null)

  /** A predictions file picked in the browser: its text goes with the request (the server may not see the path) */
  async function importPredictions(req: ImportPredictionsRequest): Promise<ImportPredictionsResult | null> {
    imported.value = null
    importError.value = null
    const r = await attempt(() => useClient().call('runs.import', req), importError, importing)
    if (r) imported.value = r
    return r
  }

  return { exporting, progress, result, error, exportDataset, importing, imported, importError, importPredictions }
})
