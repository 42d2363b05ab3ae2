import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { AnnotatorName } from '@shared/api/common'
import { raterNamed } from '@shared/domain/annotator-name'
import type { Annotator } from '@shared/domain/labels'
import type { SerErrorInfo } from '@shared/errors'
import { useClient } from '../api/use-client'
import { attempt } from './attempt'

/** localStorage key of the name this browser labels as, so a reload (or tomorrow) starts as the same person */
const NAME_KEY = 'ser.annotator'

function stored(): string | null {
  try {
    return globalThis.localStorage?.getItem(NAME_KEY) ?? null
  } catch {
    // storage refused (private mode, a sandboxed origin): ask at every start instead
    return null
  }
}

/**
 * Who is labelling: the person's name (chosen at start, remembered in localStorage) and the annotators the index
 * knows, people and the corpus's own raters, for the picker and the per-annotator columns.
 */
export const useAnnotatorStore = defineStore('annotator', () => {
  const name = ref<string | null>(stored())
  const annotators = ref<Annotator[]>([])
  const error = ref<SerErrorInfo | null>(null)

  async function load(): Promise<void> {
    await attempt(async () => (annotators.value = await useClient().call('labels.annotators', {})), error)
  }

  /** Sets the name after the same check the server applies; returns the problem in words, or null */
  function choose(raw: string): string | null {
    const parsed = AnnotatorName.safeParse(raw)
    if (!parsed.success) return `Name ${parsed.error.issues[0]?.message ?? 'is not valid'}`
    const rater = raterNamed(parsed.data, annotators.value)
    if (rater !== null) return `“${parsed.data}” reads as the corpus rater ${rater}; pick your own name`
    name.value = parsed.data
    try {
      globalThis.localStorage?.setItem(NAME_KEY, parsed.data)
    } catch {
      // not remembered across reloads; labelling still works
    }
    return null
  }

  function signOut(): void {
    name.value = null
    try {
      globalThis.localStorage?.removeItem(NAME_KEY)
    } catch {
      // nothing stored
    }
  }

  const people = computed(() => annotators.value.filter((a) => a.kind === 'human'))
  const raters = computed(() => annotators.value.filter((a) => a.kind === 'evaluator'))

  return { name, annotators, people, raters, error, load, choose, signOut }
})
