/** Team labeling (docs/team.md): accounts with roles, labeling tasks with an overlap quota, their progress. */

export const ROLES = ['admin', 'annotator', 'viewer'] as const
export type Role = (typeof ROLES)[number]

export interface Account {
  /** Also the annotator name under which this person's labels are stored (no ':') */
  name: string
  role: Role
  disabled: boolean
  /** A one-time password was set (add, reset): the next login must change it before anything else */
  mustChangePassword: boolean
  createdAt: string
}

/** Which utterances a task covers; every given part must match (an empty filter takes the whole corpus). */
export interface TaskFilter {
  corpusId?: string
  sessions?: string[]
  speakers?: string[]
  /** The raters' categories are not unanimous */
  disagree?: boolean
  /** Flagged for a second look */
  flagged?: boolean
}

export interface Task {
  id: number
  name: string
  filter: TaskFilter
  /** Annotators per utterance (overlap quota) */
  k: number
  /** Who may be handed its utterances */
  pool: string[]
  /** Annotators see nobody else's labels of an utterance until they submitted their own */
  blind: boolean
  items: number
  createdAt: string
}

export interface AnnotatorProgress {
  annotator: string
  /** Utterances handed to this annotator */
  assigned: number
  /** … of which they submitted a category */
  submitted: number
}

export interface TaskProgress {
  taskId: number
  items: number
  /** items × k */
  slots: number
  assigned: number
  submitted: number
  /** Utterances with k submissions */
  complete: number
  perAnnotator: AnnotatorProgress[]
}
