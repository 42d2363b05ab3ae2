import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { SecondLookItem } from '@shared/domain/evaluation'
import type { SerErrorInfo } from '@shared/errors'
import { toErrorInfo } from '@shared/errors'
import { useClient } from '../api/use-client'

/** sessionStorage key of the item opened in the labeler, so a reload there still shows the model's view */
const FOCUS_KEY = 'ser.secondLook'

export interface SecondLookFocus {
  runId: string
  item: SecondLookItem
}

function readFocus(): SecondLookFocus | null {
  try {
    const s = globalThis.sessionStorage?.getItem(FOCUS_KEY)
    return s ? (JSON.parse(s) as SecondLookFocus) : null
  } catch {
    return null
  }
}

/**
 * The second look (evaluation.secondLook): utterances a run's model disagrees about, strongest first. Opening one hands it to
 * the labeling workspace (#/label/<id>) and keeps it as `focus`, so the labeler shows the model's prediction and
 * confidence beside the labels (components/second-look/ModelOpinion.vue).
 */
export const useSecondLookStore = defineStore('secondLook', () => {
  const runId = ref<string | null>(null)
  const items = ref<SecondLookItem[]>([])
  const loading = ref(false)
  const error = ref<SerErrorInfo | null>(null)
  const minConfidence = ref(0.5)
  const limit = ref(50)
  const focus = ref<SecondLookFocus | null>(readFocus())

  async function load(id: string): Promise<void> {
    runId.value = id
    loading.value = true
    try {
      const list = await useClient().call('evaluation.secondLook', {
        runId: id,
        limit: limit.value,
        minConfidence: minConfidence.value
      })
      if (runId.value === id) {
        items.value = list
        error.value = null
      }
    } catch (e) {
      if (runId.value === id) error.value = toErrorInfo(e)
    } finally {
      loading.value = false
    }
  }

  /** Opens the utterance in the labeling workspace with this item as the model's opinion beside the labels */
  function open(item: SecondLookItem): void {
    if (!runId.value) return
    focus.value = { runId: runId.value, item }
    try {
      globalThis.sessionStorage?.setItem(FOCUS_KEY, JSON.stringify(focus.value))
    } catch {
      // shown until the next reload only
    }
    window.location.hash = `#/label/${encodeURIComponent(item.id)}`
  }

  /** Where the open item stands in its run's list (1-based), or null when that list is not loaded */
  const position = computed(() => {
    const f = focus.value
    if (!f || runId.value !== f.runId) return null
    const at = items.value.findIndex((i) => i.id === f.item.id)
    return at < 0 ? null : { at: at + 1, of: items.value.length }
  })

  /** Opens the list's next item after the one open in the labeler (reading the run's list first after a reload) */
  async function next(): Promise<void> {
    const f = focus.value
    if (!f) return
    if (runId.value !== f.runId || items.value.length === 0) await load(f.runId)
    const at = items.value.findIndex((i) => i.id === f.item.id)
    const following = items.value[at + 1]
    if (following) open(following)
  }

  function dismiss(): void {
    focus.value = null
    try {
      globalThis.sessionStorage?.removeItem(FOCUS_KEY)
    } catch {
      // nothing stored
    }
  }

  /** The model's opinion of an utterance, when it came from the second-look list */
  const opinionOf = computed(
    () => (utteranceId: string | null) => (focus.value && focus.value.item.id === utteranceId ? focus.value : null)
  )

  return { runId, items, loading, error, minConfidence, limit, focus, position, load, open, next, dismiss, opinionOf }
})
