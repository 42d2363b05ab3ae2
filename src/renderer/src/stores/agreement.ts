import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AgreementField, AgreementReport } from '@shared/api/labels'
import { AGREEMENT_FIELDS } from '@shared/api/labels'
import type { SerErrorInfo } from '@shared/errors'
import { toErrorInfo } from '@shared/errors'
import { useClient } from '../api/use-client'
import { useCorpusStore } from './corpus'

/**
 * Inter-annotator agreement of the selected corpus, one report per field (labels.agreement: Fleiss' kappa,
 * Krippendorff's alpha, per session, pairwise Cohen's kappa with confusion tables). Re-read on demand and after
 * label changes, since every edit can move the numbers.
 */
export const useAgreementStore = defineStore('agreement', () => {
  const reports = ref<Partial<Record<AgreementField, AgreementReport>>>({})
  const loading = ref(false)
  const error = ref<SerErrorInfo | null>(null)
  const loadedFor = ref<string | null>(null)
  let token = 0

  async function load(): Promise<void> {
    const corpusId = useCorpusStore().selected ?? undefined
    const mine = ++token
    loading.value = true
    error.value = null
    try {
      const client = useClient()
      const all = await Promise.all(
        AGREEMENT_FIELDS.map((field) => client.call('labels.agreement', { field, corpusId }))
      )
      if (mine !== token) return
      const next: Partial<Record<AgreementField, AgreementReport>> = {}
      AGREEMENT_FIELDS.forEach((f, i) => (next[f] = all[i]))
      reports.value = next
      loadedFor.value = corpusId ?? null
    } catch (e) {
      if (mine === token) error.value = toErrorInfo(e)
    } finally {
      if (mine === token) loading.value = false
    }
  }

  /** New labels move the numbers: re-reads once a burst of edits has settled; returns the unsubscribe */
  function follow(): () => void {
    let timer: ReturnType<typeof setTimeout> | null = null
    const off = useClient().on('labels.changed', () => {
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => void load(), 500)
    })
    return () => {
      off()
      if (timer) clearTimeout(timer)
    }
  }

  return { reports, loading, error, loadedFor, load, follow }
})
