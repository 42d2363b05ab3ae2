import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { StartRecipeRequest } from '@shared/api/recipes'
import type { RecipeStatus, ReportFiles } from '@shared/domain/recipes'
import type { SerErrorInfo } from '@shared/errors'
import { useClient } from '../api/use-client'
import { attempt } from './attempt'

/**
 * The paper's experiments as recipes: starting one, its grid filling in cell by cell as `recipes.progress` reports
 * each finished run, cancelling it, and exporting its report folder.
 */
export const useRecipesStore = defineStore('recipes', () => {
  const recipes = ref<RecipeStatus[]>([])
  const selectedId = ref<string | null>(null)
  const starting = ref(false)
  const error = ref<SerErrorInfo | null>(null)
  const exported = ref<ReportFiles | null>(null)
  const exportError = ref<SerErrorInfo | null>(null)
  const exporting = ref(false)
  /** Fold-epochs done / total of the running recipe, from the progress events */
  const progress = ref<{ recipeId: string; done: number; total: number; item: string | null } | null>(null)

  const selected = computed(() => recipes.value.find((r) => r.recipeId === selectedId.value) ?? null)

  async function load(): Promise<void> {
    await attempt(async () => {
      recipes.value = await useClient().call('recipes.list', {})
      if (!selectedId.value || !recipes.value.some((r) => r.recipeId === selectedId.value))
        selectedId.value = recipes.value[0]?.recipeId ?? null
    }, error)
  }

  async function refresh(recipeId: string): Promise<void> {
    const s = await useClient().call('recipes.status', { recipeId })
    const i = recipes.value.findIndex((r) => r.recipeId === recipeId)
    if (i >= 0) recipes.value[i] = s
    else recipes.value.unshift(s)
  }

  async function start(req: StartRecipeRequest): Promise<void> {
    error.value = null
    exported.value = null
    await attempt(
      async () => {
        const { recipeId } = await useClient().call('recipes.start', req)
        selectedId.value = recipeId
        await refresh(recipeId)
      },
      error,
      starting
    )
  }

  async function cancel(recipeId: string): Promise<void> {
    await attempt(() => useClient().call('recipes.cancel', { recipeId }), error)
  }

  async function exportReport(recipeId: string, out: string): Promise<void> {
    exportError.value = null
    exported.value = null
    exported.value = await attempt(() => useClient().call('recipes.export', { recipeId, out }), exportError, exporting)
  }

  function select(recipeId: string): void {
    selectedId.value = recipeId
    exported.value = null
    exportError.value = null
  }

  /** Follows the pushed progress; returns the unsubscribe (the view calls it when it unmounts) */
  function listen(): () => void {
    const client = useClient()
    const offs = [
      client.on('recipes.progress', (p) => {
        progress.value = { recipeId: p.recipeId, done: p.done, total: p.total, item: p.item ?? null }
        const r = recipes.value.find((x) => x.recipeId === p.recipeId)
        if (!r) return void refresh(p.recipeId).catch(() => undefined)
        r.done = p.done
        r.total = p.total
        // a finished (or just started) cell: put it in place, so the table and the curve fill in point by point
        if (p.cell) {
          const i = r.cells.findIndex((c) => c.key === p.cell!.key)
          if (i >= 0) r.cells[i] = p.cell
        }
      }),
      client.on('recipes.ended', (e) => {
        if (progress.value?.recipeId === e.recipeId) progress.value = null
        void refresh(e.recipeId).catch(() => undefined)
      })
    ]
    return () => offs.forEach((off) => off())
  }

  return {
    recipes,
    selectedId,
    selected,
    starting,
    error,
    exported,
    exportError,
    exporting,
    progress,
    load,
    refresh,
    start,
    cancel,
    exportReport,
    select,
    listen
  }
})
