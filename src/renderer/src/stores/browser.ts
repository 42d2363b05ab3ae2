import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef, triggerRef, watch } from 'vue'
import type { CorpusFilter, CorpusStats } from '@shared/api/corpus'
import type { CategoryCode } from '@shared/domain/categories'
import type { Dialog, Gender, Session, Speaker, Utterance } from '@shared/domain/corpus'
import type { SerErrorInfo } from '@shared/errors'
import { toErrorInfo } from '@shared/errors'
import { useClient } from '../api/use-client'
import { useCorpusStore } from './corpus'
import { usePlayerStore } from './player'

/** Rows per request: a screen is ~30 rows, so one page covers scrolling for a while and 10,000 rows need 40 */
export const PAGE = 250

export interface BrowserFilter {
  session: string | null
  dialog: string | null
  speaker: string | null
  gender: Gender | null
  category: CategoryCode | null
  unlabeled: boolean
  disagree: boolean
  flagged: boolean
  search: string
}

function noFilter(): BrowserFilter {
  return {
    session: null,
    dialog: null,
    speaker: null,
    gender: null,
    category: null,
    unlabeled: false,
    disagree: false,
    flagged: false,
    search: ''
  }
}

/**
 * The corpus browser: the sessions → dialogs tree, the filters, the per-class counts, and the filtered utterance
 * list, fetched a page at a time as the virtualised list scrolls (so 10,000 rows cost 40 requests, and only when
 * seen). `rows` has one slot per matching utterance; a slot is undefined until its page arrives.
 */
export const useBrowserStore = defineStore('browser', () => {
  const corpus = useCorpusStore()
  const filter = reactive<BrowserFilter>(noFilter())
  const sessions = ref<Session[]>([])
  const dialogs = ref<Dialog[]>([])
  const speakers = ref<Speaker[]>([])
  const stats = ref<CorpusStats | null>(null)
  const total = ref(0)
  const rows = shallowRef<(Utterance | undefined)[]>([])
  const selectedId = ref<string | null>(null)
  const selectedIndex = ref(-1)
  const loading = ref(false)
  const error = ref<SerErrorInfo | null>(null)
  /** Bumped by every refresh; an answer for an older one is dropped */
  let generation = 0
  const inFlight = new Map<number, Promise<void>>()

  const corpusId = computed(() => corpus.selected)

  function request(): CorpusFilter {
    const f: CorpusFilter = {}
    if (corpusId.value) f.corpusId = corpusId.value
    if (filter.session) f.session = filter.session
    if (filter.dialog) f.dialog = filter.dialog
    if (filter.speaker) f.speaker = filter.speaker
    if (filter.gender) f.gender = filter.gender
    if (filter.category) f.category = filter.category
    if (filter.unlabeled) f.unlabeled = true
    if (filter.disagree) f.disagree = true
    if (filter.flagged) f.flagged = true
    if (filter.search.trim()) f.search = filter.search.trim()
    return f
  }

  async function loadTree(): Promise<void> {
    const client = useClient()
    const id = corpusId.value ?? undefined
    const [s, d, sp] = await Promise.all([
      client.call('corpus.sessions', { corpusId: id }),
      client.call('corpus.dialogs', { corpusId: id }),
      client.call('corpus.speakers', { corpusId: id })
    ])
    sessions.value = s
    dialogs.value = d
    speakers.value = sp
    if (id) usePlayerStore().noteDialogs(id, d)
  }

  /** The per-class counts ignore the category filter, so every class's chip keeps its number while one is picked */
  async function fetchStats(): Promise<CorpusStats> {
    const { category: _category, ...rest } = request()
    void _category
    return useClient().call('corpus.stats', rest)
  }

  function totalOf(s: CorpusStats): number {
    return filter.category ? (s.byCategory[filter.category] ?? 0) : s.utterances
  }

  function loadPage(page: number, gen = generation): Promise<void> {
    const existing = inFlight.get(page)
    if (existing) return existing
    const p = (async () => {
      try {
        const got = await useClient().call('corpus.utterances', { ...request(), limit: PAGE, offset: page * PAGE })
        if (gen !== generation) return
        const all = rows.value
        for (let i = 0; i < got.length && page * PAGE + i < all.length; i++) all[page * PAGE + i] = got[i]
        triggerRef(rows)
        relocateSelection()
      } catch (e) {
        if (gen === generation) error.value = toErrorInfo(e)
      } finally {
        if (gen === generation) inFlight.delete(page)
      }
    })()
    inFlight.set(page, p)
    return p
  }

  /** Re-runs the query: counts, the first page, and where the selected utterance now sits */
  async function refresh(): Promise<void> {
    const gen = ++generation
    inFlight.clear()
    loading.value = true
    error.value = null
    try {
      const s = await fetchStats()
      if (gen !== generation) return
      stats.value = s
      total.value = totalOf(s)
      rows.value = new Array<Utterance | undefined>(total.value)
      selectedIndex.value = -1
      if (total.value > 0) await loadPage(0, gen)
    } catch (e) {
      if (gen === generation) error.value = toErrorInfo(e)
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  /** Loads the pages the list is about to show (the virtualiser's visible range plus overscan) */
  function ensureRange(start: number, end: number): void {
    if (total.value === 0) return
    const last = Math.min(end, total.value - 1)
    for (let page = Math.floor(Math.max(0, start) / PAGE); page <= Math.floor(last / PAGE); page++) {
      if (rows.value[page * PAGE] === undefined) void loadPage(page)
    }
  }

  function relocateSelection(): void {
    if (selectedId.value === null) return
    if (rows.value[selectedIndex.value]?.id === selectedId.value) return
    const i = rows.value.findIndex((u) => u?.id === selectedId.value)
    if (i >= 0) selectedIndex.value = i
  }

  async function select(index: number): Promise<void> {
    if (index < 0 || index >= total.value) return
    if (rows.value[index] === undefined) await loadPage(Math.floor(index / PAGE))
    const u = rows.value[index]
    if (!u) return
    selectedIndex.value = index
    selectedId.value = u.id
  }

  /** Selects an utterance by id (a dialog neighbour, an undo elsewhere); the list position follows when it is listed */
  function selectId(id: string): void {
    selectedId.value = id
    relocateSelection()
  }

  const next = () => select(selectedIndex.value < 0 ? 0 : selectedIndex.value + 1)
  const previous = () => select(Math.max(0, selectedIndex.value - 1))

  async function setFilter(patch: Partial<BrowserFilter>): Promise<void> {
    Object.assign(filter, patch)
    // picking a session keeps a dialog only if it belongs to it
    if (patch.session !== undefined && filter.dialog) {
      const d = dialogs.value.find((x) => x.id === filter.dialog)
      if (d && d.session !== filter.session) filter.dialog = null
    }
    await refresh()
  }

  async function clearFilters(): Promise<void> {
    Object.assign(filter, noFilter())
    await refresh()
  }

  /** A row whose labels changed is replaced in place; the list is not re-run, so the row stays under the cursor */
  function patchRow(u: Utterance): void {
    const i = rows.value.findIndex((r) => r?.id === u.id)
    if (i < 0) return
    rows.value[i] = u
    triggerRef(rows)
  }

  let statsTimer: ReturnType<typeof setTimeout> | null = null
  /** Counts follow edits a moment later, once per burst of key presses */
  function refreshCountsSoon(): void {
    if (statsTimer) clearTimeout(statsTimer)
    statsTimer = setTimeout(() => {
      statsTimer = null
      const gen = generation
      fetchStats()
        .then((s) => {
          if (gen === generation) stats.value = s
        })
        .catch(() => {
          // the counts stay as they were; the next refresh retries
        })
    }, 400)
  }

  /** Starts over on a corpus; `keepSelection` when the corpus first arrives and the address already named an utterance */
  async function open(keepSelection = false): Promise<void> {
    Object.assign(filter, noFilter())
    if (!keepSelection) selectedId.value = null
    try {
      await loadTree()
    } catch (e) {
      error.value = toErrorInfo(e)
    }
    await refresh()
  }

  watch(corpusId, (id, old) => {
    if (id !== old) void open(old === null)
  })

  return {
    filter,
    sessions,
    dialogs,
    speakers,
    stats,
    total,
    rows,
    selectedId,
    selectedIndex,
    loading,
    error,
    corpusId,
    open,
    refresh,
    ensureRange,
    select,
    selectId,
    next,
    previous,
    setFilter,
    clearFilters,
    patchRow,
    refreshCountsSoon
  }
})
