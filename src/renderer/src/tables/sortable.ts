import type { ComputedRef, Ref } from 'vue'
import { computed, ref } from 'vue'

/**
 * One sortable table, shared by every table that lists things (corpus, runs, second look, agreement pairs): a click
 * on a column's header sorts by it (again: the other way), the header shows the direction (an arrow and
 * aria-sort), and the sort is kept in the page's address as `?sort-<table>=<column>.<asc|desc>` (the query, so the
 * workspaces' own #/… paths stay theirs), so a reload or a bookmark shows the same order.
 */
export type SortDir = 'asc' | 'desc'
export type SortValue = string | number | null | undefined
export interface SortState {
  column: string
  dir: SortDir
}

/** What a header cell needs (components/SortableTh.vue) */
export interface SortControl {
  /** Sorts by the column, or reverses it when it is already the sort */
  toggle(column: string): void
  ariaSort(column: string): 'ascending' | 'descending' | 'none'
}

export interface SortableTable<T> extends SortControl {
  /** The table's name in the address */
  readonly name: string
  readonly sort: Ref<SortState | null>
  readonly rows: ComputedRef<T[]>
}

const param = (name: string) => `sort-${name}`

export function readSort(name: string, columns: readonly string[], search = window.location.search): SortState | null {
  const raw = new URLSearchParams(search).get(param(name))
  const m = raw ? /^(.+)\.(asc|desc)$/.exec(raw) : null
  return m && columns.includes(m[1]) ? { column: m[1], dir: m[2] as SortDir } : null
}

function writeSort(name: string, state: SortState | null): void {
  const url = new URL(window.location.href)
  if (state) url.searchParams.set(param(name), `${state.column}.${state.dir}`)
  else url.searchParams.delete(param(name))
  if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url.href)
}

/** Numbers before text; empty values last in either direction; text in the reader's collation, digits by value */
export function compareValues(a: SortValue, b: SortValue, dir: SortDir): number {
  const emptyA = a === null || a === undefined || a === ''
  const emptyB = b === null || b === undefined || b === ''
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1
  const d =
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : String(a).localeCompare(String(b), undefined, { numeric: true })
  return dir === 'asc' ? d : -d
}

/**
 * `columns` maps each sortable column to the value it sorts by; a first click sorts text ascending and numbers as
 * `firstDir` says (descending by default: the best accuracy, the longest utterance first).
 */
export function useSortableTable<T>(
  name: string,
  source: () => readonly T[],
  columns: Record<string, (row: T) => SortValue>,
  options: { firstDir?: Partial<Record<string, SortDir>> } = {}
): SortableTable<T> {
  const sort = ref<SortState | null>(readSort(name, Object.keys(columns)))
  const rows = computed(() => {
    const list = [...source()]
    const s = sort.value
    const value = s ? columns[s.column] : undefined
    if (!s || !value) return list
    // Array.prototype.sort is stable: equal rows keep the source's order
    return list.sort((a, b) => compareValues(value(a), value(b), s.dir))
  })
  function toggle(column: string): void {
    if (!columns[column]) return
    const s = sort.value
    const dir: SortDir =
      s?.column === column ? (s.dir === 'asc' ? 'desc' : 'asc') : (options.firstDir?.[column] ?? 'asc')
    sort.value = { column, dir }
    writeSort(name, sort.value)
  }
  function ariaSort(column: string): 'ascending' | 'descending' | 'none' {
    const s = sort.value
    return s?.column === column ? (s.dir === 'asc' ? 'ascending' : 'descending') : 'none'
  }
  return { name, sort, rows, toggle, ariaSort }
}

/**
 * A row that opens the thing it lists on a click or on Enter while focused; a click on a control inside the row
 * (a checkbox, a button, a link, a cell marked data-no-open) is that control's own.
 */
export function onRowActivate(event: MouseEvent | KeyboardEvent, open: () => void): void {
  const target = event.target as HTMLElement | null
  if (event instanceof KeyboardEvent) {
    if (event.key !== 'Enter' || target !== event.currentTarget) return
  } else if (target?.closest('a, button, input, select, textarea, label, [data-no-open]')) return
  event.preventDefault()
  open()
}
