import type { CreateTaskRequest } from '@shared/api/team'
import type { SerErrorInfo } from '@shared/errors'
import type { z } from 'zod'

/** What the "new task" form edits; `toCreateTaskRequest` turns it into team.createTask's request. */
export interface TaskDraft {
  name: string
  /** Empty: every corpus on the server */
  corpusId: string
  sessions: string[]
  speakers: string[]
  disagree: boolean
  flagged: boolean
  k: number
  pool: string[]
  blind: boolean
}

export function emptyDraft(): TaskDraft {
  return {
    name: '',
    corpusId: '',
    sessions: [],
    speakers: [],
    disagree: false,
    flagged: false,
    // IEMOCAP had three raters or more per utterance: the usual overlap
    k: 3,
    pool: [],
    // blind is the server's default too (docs/team.md)
    blind: true
  }
}

/** The request, with the filter's unused parts left out (an empty filter takes the whole corpus) */
export function toCreateTaskRequest(d: TaskDraft): z.input<typeof CreateTaskRequest> {
  const filter: z.input<typeof CreateTaskRequest>['filter'] = {}
  if (d.corpusId) filter.corpusId = d.corpusId
  if (d.sessions.length > 0) filter.sessions = [...d.sessions]
  if (d.speakers.length > 0) filter.speakers = [...d.speakers]
  if (d.disagree) filter.disagree = true
  if (d.flagged) filter.flagged = true
  return { name: d.name.trim(), filter, k: d.k, pool: [...d.pool], blind: d.blind }
}

/** The form's fields, as the server names them in an error (`filter.sessions.0` belongs to `filter.sessions`) */
export const DRAFT_FIELDS = [
  'name',
  'filter.corpusId',
  'filter.sessions',
  'filter.speakers',
  'filter.disagree',
  'filter.flagged',
  'k',
  'pool',
  'blind'
] as const
export type DraftField = (typeof DRAFT_FIELDS)[number]

/**
 * Which field of the form an error is about: the longest field that is the error's field or a dotted prefix of it;
 * null when it names none of them (shown above the form then).
 */
export function draftFieldOf(error: SerErrorInfo | null): DraftField | null {
  const f = error?.field
  if (!f) return null
  let best: DraftField | null = null
  for (const d of DRAFT_FIELDS) {
    if ((f === d || f.startsWith(`${d}.`)) && (best === null || d.length > best.length)) best = d
  }
  return best
}

/** The error's message without the `team.createTask: ` the schema check puts first (the field is shown by it) */
export function fieldMessage(error: SerErrorInfo): string {
  return error.message.replace(/^team\.createTask: /, '')
}
