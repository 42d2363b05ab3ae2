/** Display formats of the team screens (docs/team.md, "In the app"). */
import type { AnnotatorProgress, TaskFilter, TaskProgress } from '@shared/domain/team'

/** "sessions 1, 2 · speakers S1F · raters disagree": what a task covers, in the words of the form */
export function filterSummary(f: TaskFilter): string {
  const parts: string[] = []
  if (f.corpusId) parts.push(`corpus ${f.corpusId}`)
  if (f.sessions?.length) parts.push(`${f.sessions.length === 1 ? 'session' : 'sessions'} ${f.sessions.join(', ')}`)
  if (f.speakers?.length) parts.push(`${f.speakers.length === 1 ? 'speaker' : 'speakers'} ${f.speakers.join(', ')}`)
  if (f.disagree) parts.push('raters disagree')
  if (f.flagged) parts.push('second look')
  return parts.length > 0 ? parts.join(' · ') : 'every utterance'
}

/** Whole percent of `part` in `whole`, 0 when there is no whole, never above 100 */
export function percent(part: number, whole: number): number {
  if (!(whole > 0) || !(part > 0)) return 0
  return Math.min(100, Math.round((100 * part) / whole))
}

export interface AnnotatorRow extends AnnotatorProgress {
  /** Handed out, not yet submitted */
  open: number
  /** An even share of the task's slots: items × k over the pool, rounded up */
  share: number
  /** Submitted, as a percent of the share */
  done: number
}

/** One row per annotator of the pool, with what is open and how far into an even share of the work they are */
export function annotatorRows(p: TaskProgress): AnnotatorRow[] {
  const n = p.perAnnotator.length
  const share = n > 0 ? Math.ceil(p.slots / n) : 0
  return p.perAnnotator.map((a) => ({
    ...a,
    open: Math.max(0, a.assigned - a.submitted),
    share,
    done: percent(a.submitted, share)
  }))
}
