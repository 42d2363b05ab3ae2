import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CorpusStats, ImportSummary, OpenIndexResult } from '@shared/api/corpus'
import { isTeamStoreUrl } from '@shared/api/corpus'
import type { Corpus, CorpusKind, Utterance } from '@shared/domain/corpus'
import type { SerErrorInfo } from '@shared/errors'
import { useClient } from '../api/use-client'
import { attempt } from './attempt'

/** Rows shown before the list asks for more (the labeling workspace replaces this list with a virtualised one) */
const PAGE = 200

export interface ImportForm {
  kind: CorpusKind
  dir: string
  name: string
}

/** The corpora in the index, the selected one's counts and first utterances, and importing a new one. */
export const useCorpusStore = defineStore('corpus', () => {
  const corpora = ref<Corpus[]>([])
  const selected = ref<string | null>(null)
  const utterances = ref<Utterance[]>([])
  const stats = ref<CorpusStats | null>(null)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<SerErrorInfo | null>(null)
  const importing = ref(false)
  const importError = ref<SerErrorInfo | null>(null)
  const lastImport = ref<ImportSummary | null>(null)
  /** The index last opened from the form (a postgresql:// team store) */
  const opened = ref<OpenIndexResult | null>(null)

  async function select(corpusId: string | null): Promise<void> {
    selected.value = corpusId
    if (corpusId === null) {
      utterances.value = []
      stats.value = null
      return
    }
    const client = useClient()
    const [rows, counts] = await Promise.all([
      client.call('corpus.utterances', { corpusId, limit: PAGE }),
      client.call('corpus.stats', { corpusId })
    ])
    // a later selection may have finished first; keep only the answer for what is selected now
    if (selected.value !== corpusId) return
    utterances.value = rows
    stats.value = counts
  }

  async function load(): Promise<void> {
    error.value = null
    await attempt(
      async () => {
        corpora.value = await useClient().call('corpus.list', {})
        const keep = corpora.value.some((c) => c.id === selected.value)
          ? selected.value
          : (corpora.value[0]?.id ?? null)
        await select(keep)
        loaded.value = true
      },
      error,
      loading
    )
  }

  /** Opens a team store in place of the current index: label edits then go to PostgreSQL (docs/team.md) */
  async function openIndex(db: string): Promise<void> {
    importError.value = null
    lastImport.value = null
    await attempt(
      async () => {
        opened.value = await useClient().call('corpus.open', { db })
        selected.value = null
        await load()
      },
      importError,
      importing
    )
  }

  async function importCorpus(form: ImportForm): Promise<void> {
    // the folder field also takes a postgresql:// URL: that opens the team store instead of importing
    if (isTeamStoreUrl(form.dir.trim())) return openIndex(form.dir.trim())
    importError.value = null
    lastImport.value = null
    await attempt(
      async () => {
        const summary = await useClient().call('corpus.import', {
          kind: form.kind,
          dir: form.dir,
          ...(form.name.trim() ? { name: form.name.trim() } : {})
        })
        lastImport.value = summary
        await load()
        await select(summary.corpus)
      },
      importError,
      importing
    )
  }

  /** Reloads when a corpus changes through this server (this window, or another tab of the same server). */
  function start(): () => void {
    return useClient().on('corpus.changed', () => void load())
  }

  return {
    corpora,
    selected,
    utterances,
    stats,
    loading,
    loaded,
    error,
    importing,
    importError,
    lastImport,
    opened,
    openIndex,
    load,
    select,
    importCorpus,
    start
  }
})
