import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { SetLabelRequest } from '@shared/api/labels'
import type { UtteranceDetail } from '@shared/api/corpus'
import type { CategoryCode } from '@shared/domain/categories'
import type { AnnotatorLabels, LabelEdit, LabelField } from '@shared/domain/labels'
import type { SerErrorInfo } from '@shared/errors'
import { SerError, toErrorInfo } from '@shared/errors'
import { useClient } from '../api/use-client'
import { DEFAULT_CATEGORY_SET, categorySet } from '../labeling/category-sets'
import { useAnnotatorStore } from './annotator'
import { useBrowserStore } from './browser'
import { usePlayerStore } from './player'

/** One edit of mine, as undo/redo replays it: the stored value before and after (LabelEdit's text form) */
export interface EditStep {
  utteranceId: string
  field: LabelField
  before: string | null
  after: string | null
}

export type SaveState =
  | { state: 'idle' }
  | { state: 'saving'; field: LabelField }
  /** `at` is the stored edit's time; `unchanged` when the value was already stored */
  | { state: 'saved'; field: LabelField; at: string | null; unchanged: boolean }
  | { state: 'error'; field: LabelField; error: SerErrorInfo }

/** localStorage key of the category set the digit keys pick from */
const SET_KEY = 'ser.categorySet'

/** Undo keeps this many of my edits */
const UNDO_DEPTH = 200

/** A stored value (text) as labels.set takes it; null clears the field */
function requestValue(field: LabelField, text: string | null): Pick<SetLabelRequest, LabelField> {
  if (field === 'flag') return { flag: text === '1' }
  if (field === 'category') return { category: text as CategoryCode | null }
  return { [field]: text === null ? null : Number(text) }
}

function readSetting(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null
  } catch {
    return null
  }
}

function writeSetting(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value)
  } catch {
    // not remembered; it still applies now
  }
}

function applyEdit(labels: AnnotatorLabels, e: LabelEdit): void {
  const v = e.newValue
  if (e.field === 'category') labels.category = v as CategoryCode | null
  else if (e.field === 'flag') labels.flag = v === '1'
  else labels[e.field] = v === null ? null : Number(v)
}

/**
 * The utterance being labelled and my edits of it. Following the worked example in docs/style.md, state changes
 * only from what `labels.set` returns, after the server has committed it, so "saved" on screen means on disk. Undo is
 * a new edit that puts the old value back (the history stays append-only), and redo a new edit the other way.
 */
export const useLabelsStore = defineStore('labels', () => {
  const annotator = useAnnotatorStore()
  const detail = ref<UtteranceDetail | null>(null)
  const loadError = ref<SerErrorInfo | null>(null)
  const save = ref<SaveState>({ state: 'idle' })
  const undoStack = ref<EditStep[]>([])
  const redoStack = ref<EditStep[]>([])
  let opening = 0
  /**
   * Edits go to the server one at a time, in key order: two quick presses on one field must end on the second
   * value, and undo must find the edits stacked in the order they were made.
   */
  let queue: Promise<unknown> = Promise.resolve()
  function inOrder<T>(job: () => Promise<T>): Promise<T> {
    const run = queue.then(job, job)
    queue = run.catch(() => undefined)
    return run
  }
  const categorySetId = ref<string>(readSetting(SET_KEY) ?? DEFAULT_CATEGORY_SET.id)
  const categories = computed(() => categorySet(categorySetId.value))
  watch(categorySetId, (id) => writeSetting(SET_KEY, id))
  // undo replays my edits under my name: another person's session starts with empty stacks
  watch(
    () => annotator.name,
    () => {
      undoStack.value = []
      redoStack.value = []
      save.value = { state: 'idle' }
    }
  )

  const mine = computed<AnnotatorLabels | null>(
    () => detail.value?.labels.find((l) => l.annotator === annotator.name) ?? null
  )

  async function open(id: string | null): Promise<void> {
    const token = ++opening
    // "saved" speaks of the utterance it was said on
    if (id !== detail.value?.utterance.id) save.value = { state: 'idle' }
    if (id === null) {
      detail.value = null
      return
    }
    try {
      const d = await useClient().call('corpus.utterance', { id })
      if (token !== opening) return
      detail.value = d
      loadError.value = null
    } catch (e) {
      if (token === opening) loadError.value = toErrorInfo(e)
    }
  }

  /** Consensus and the other annotators may have moved with an edit: re-read the utterance and its list row */
  async function reload(id: string): Promise<void> {
    const d = await useClient().call('corpus.utterance', { id })
    if (detail.value?.utterance.id === id) detail.value = d
    const browser = useBrowserStore()
    browser.patchRow(d.utterance)
    usePlayerStore().patchTurn(d.utterance)
    browser.refreshCountsSoon()
  }

  /** Writes one field; resolves with the stored edits (empty when the value was already there), or throws */
  async function write(utteranceId: string, field: LabelField, text: string | null): Promise<LabelEdit[]> {
    if (!annotator.name)
      throw new SerError('FIELD_INVALID', 'annotator: choose who is labelling first', { field: 'annotator' })
    save.value = { state: 'saving', field }
    try {
      const edits = await useClient().call('labels.set', {
        utteranceId,
        annotator: annotator.name,
        ...requestValue(field, text)
      })
      if (detail.value?.utterance.id === utteranceId) {
        let row = detail.value.labels.find((l) => l.annotator === annotator.name)
        if (!row && edits.length > 0) {
          row = {
            annotator: annotator.name,
            kind: 'human',
            category: null,
            valence: null,
            arousal: null,
            dominance: null,
            flag: false
          }
          detail.value.labels.push(row)
        }
        for (const e of edits) if (row) applyEdit(row, e)
        detail.value.history.push(...edits)
      }
      save.value = { state: 'saved', field, at: edits[0]?.at ?? null, unchanged: edits.length === 0 }
      if (edits.length > 0) {
        reload(utteranceId).catch(() => {
          // the edit is stored; only the consensus shown may lag until the next selection
        })
      }
      return edits
    } catch (e) {
      save.value = { state: 'error', field, error: toErrorInfo(e) }
      throw e
    }
  }

  function pushUndo(edits: LabelEdit[]): void {
    for (const e of edits)
      undoStack.value.push({ utteranceId: e.utteranceId, field: e.field, before: e.oldValue, after: e.newValue })
    if (undoStack.value.length > UNDO_DEPTH) undoStack.value.splice(0, undoStack.value.length - UNDO_DEPTH)
  }

  /** The utterance a key press is about: the one selected when it was pressed, even if its labels are still loading */
  function target(): string | null {
    return useBrowserStore().selectedId ?? detail.value?.utterance.id ?? null
  }

  /** A new value for a field of the selected utterance (a key press or a click); errors are shown, not thrown */
  function set(field: LabelField, text: string | null): Promise<void> {
    const id = target()
    if (!id) return Promise.resolve()
    return inOrder(() => setNow(id, field, text))
  }

  async function setNow(id: string, field: LabelField, text: string | null): Promise<void> {
    try {
      const edits = await write(id, field, text)
      if (edits.length > 0) {
        pushUndo(edits)
        redoStack.value = []
      }
    } catch {
      // shown in place through `save`
    }
  }

  function toggleFlag(): Promise<void> {
    const id = target()
    if (!id) return Promise.resolve()
    return inOrder(async () => {
      // read when its turn comes, so a second M right after the first unflags; ask the server when the
      // utterance's labels are not the ones on screen (it was selected and flagged before they arrived)
      const labels =
        detail.value?.utterance.id === id
          ? detail.value.labels
          : (await useClient().call('corpus.utterance', { id })).labels
      const flagged = labels.find((l) => l.annotator === annotator.name)?.flag ?? false
      await setNow(id, 'flag', flagged ? null : '1')
    })
  }

  async function replay(
    from: typeof undoStack,
    to: typeof undoStack,
    pick: (s: EditStep) => string | null
  ): Promise<void> {
    const step = from.value[from.value.length - 1]
    if (!step) return
    // the edit may belong to another utterance: show it, so the user sees what the undo changed
    if (detail.value?.utterance.id !== step.utteranceId) {
      useBrowserStore().selectId(step.utteranceId)
      await open(step.utteranceId)
    }
    try {
      await write(step.utteranceId, step.field, pick(step))
      from.value.pop()
      to.value.push(step)
    } catch {
      // left on its stack: the user can try again
    }
  }

  const undo = () => inOrder(() => replay(undoStack, redoStack, (s) => s.before))
  const redo = () => inOrder(() => replay(redoStack, undoStack, (s) => s.after))

  /** Someone else (another tab, an import) changed labels of the selected utterance: re-read it */
  function start(): () => void {
    return useClient().on('labels.changed', (edits) => {
      // the selected one, not the one on screen: that may be the previous utterance while the selected one loads,
      // and re-reading it would put it back over the selection
      const id = target()
      if (!id) return
      const known = new Set(detail.value?.utterance.id === id ? detail.value.history.map((h) => h.seq) : [])
      if (edits.length === 0 || edits.some((e) => e.utteranceId === id && !known.has(e.seq))) void open(id)
    })
  }

  return {
    detail,
    loadError,
    save,
    mine,
    categorySetId,
    categories,
    undoStack,
    redoStack,
    open,
    set,
    toggleFlag,
    undo,
    redo,
    start
  }
})
