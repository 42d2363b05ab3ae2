/**
 * What labeling asks of storage, in domain words, the same for both engines (docs/team.md): SQLite, the embedded
 * default of the desktop, and PostgreSQL, the team engine. Every method that writes is one transaction, atomic in
 * both engines; no method holds a transaction open across the caller's awaits. The label history is append-only
 * in the database itself in both (SQLite triggers, PostgreSQL triggers).
 */
import type { CorpusFilter } from '../../../shared/api/corpus'
import type { SetLabelRequest } from '../../../shared/api/labels'
import type { Corpus, CorpusKind, Dialog, Session, Speaker, Utterance } from '../../../shared/domain/corpus'
import type { Annotator, AnnotatorKind, AnnotatorLabels, LabelEdit, LabelField } from '../../../shared/domain/labels'
import type { Account, Role, Task, TaskFilter, TaskProgress } from '../../../shared/domain/team'
import type { UtteranceRecord } from '../corpus/corpus-index'

export type StoreEngine = 'sqlite' | 'postgres'

/** One corpus as a unit of transfer (ser team push): its index rows, the audio staying where `root` says. */
export interface CorpusBatch {
  corpus: { id: string; kind: CorpusKind; root: string; importedAt: string }
  speakers: Speaker[]
  dialogs: Dialog[]
  utterances: UtteranceRecord[]
}

/** A label event as it travels between stores: identified by a global id, so appending it twice changes nothing. */
export interface SyncedLabelEvent {
  eventId: string
  utteranceId: string
  annotator: string
  annotatorKind: AnnotatorKind
  annotatorCorpus: string | null
  field: LabelField
  oldValue: string | null
  newValue: string | null
  at: string
  source: LabelEdit['source']
}

/** An account as stored, with what the sign-in check needs and nobody else sees */
export interface AccountRecord extends Account {
  passwordHash: string
  failedLogins: number
  lastFailedAt: string | null
}

export interface AuthSession {
  account: Account
  csrf: string
  expiresAt: string
}

export interface NewTask {
  name: string
  filter: TaskFilter
  k: number
  pool: string[]
  blind: boolean
  createdBy: string
}

/** One rating of a task's utterance, for agreement */
export interface Rating {
  utteranceId: string
  session: string | null
  annotator: string
  value: string
}

export type LabelsListener = (edits: LabelEdit[]) => void

export interface Store {
  readonly engine: StoreEngine
  /** Where it lives: the file, or the URL without its password */
  readonly location: string

  // the corpus index
  corpora(): Promise<Corpus[]>
  sessions(corpusId?: string): Promise<Session[]>
  speakers(corpusId?: string): Promise<Speaker[]>
  /** Utterances with their consensus, in corpus order; `limit`/`offset` page them */
  utterancesPage(filter: CorpusFilter): Promise<Utterance[]>
  /** NOT_FOUND naming `id` when absent */
  utterance(id: string): Promise<Utterance>
  /** The corpus root and the utterance's relative path (resolve with corpus-paths.ts resolveInCorpus) */
  audioLocation(id: string): Promise<{ root: string; path: string }>
  /** Upserts a corpus and all its rows in one transaction */
  putCorpus(batch: CorpusBatch): Promise<void>
  /** Everything `putCorpus` needs to copy one corpus elsewhere */
  corpusBatch(corpusId: string): Promise<CorpusBatch>

  // labels
  /** One person's edit; returns the stored edits (none for fields already at that value) */
  setLabel(req: SetLabelRequest, source?: LabelEdit['source']): Promise<LabelEdit[]>
  labelHistory(utteranceId: string): Promise<LabelEdit[]>
  currentLabels(utteranceId: string): Promise<AnnotatorLabels[]>
  annotators(): Promise<Annotator[]>
  /** Events in this store's order after `afterSeq`, up to `limit`, with their global ids and this store's seq */
  labelEventsAfter(afterSeq: number, limit: number): Promise<(SyncedLabelEvent & { seq: number })[]>
  /** Appends events from another store in one transaction; ids already held are skipped. Returns how many were new */
  appendLabelEvents(events: SyncedLabelEvent[]): Promise<number>
  /** Current values of one field for these utterances, by evaluators and people (agreement's raters) */
  ratings(field: LabelField, utteranceIds: string[]): Promise<Rating[]>
  /** Called once for every committed label change, whichever process made it (PostgreSQL: LISTEN/NOTIFY) */
  onLabelsChanged(listener: LabelsListener): () => void

  // accounts and sign-in sessions
  createAccount(name: string, role: Role, passwordHash: string): Promise<Account>
  account(name: string): Promise<AccountRecord | null>
  accounts(): Promise<Account[]>
  updateAccount(
    name: string,
    patch: Partial<
      Pick<AccountRecord, 'passwordHash' | 'mustChangePassword' | 'disabled' | 'failedLogins' | 'lastFailedAt' | 'role'>
    >
  ): Promise<void>
  createSession(tokenHash: string, account: string, csrf: string, expiresAt: string): Promise<void>
  /** The session of a token hash, when it exists, has not expired and its account is enabled */
  session(tokenHash: string): Promise<AuthSession | null>
  deleteSession(tokenHash: string): Promise<void>
  /** Logout everywhere: every session of the account */
  deleteSessions(account: string): Promise<number>

  // tasks and assignments
  /** Makes a task over the utterances its filter selects (in corpus order) */
  createTask(task: NewTask): Promise<Task>
  task(id: number): Promise<Task>
  /** Every task, or those whose pool holds `annotator` */
  tasks(annotator?: string): Promise<Task[]>
  /**
   * Hands `annotator` the next utterance of a task, atomically: their open one if any, else one with fewer than k
   * assignments that they never had, the least assigned first. Null when none is left for them.
   */
  claimNext(taskId: number, annotator: string): Promise<string | null>
  /** Marks the annotator's assignments of this utterance submitted (their category is stored) */
  submitAssignments(utteranceId: string, annotator: string): Promise<void>
  /** Every utterance handed to this annotator, in any task */
  assignedTo(annotator: string): Promise<string[]>
  /** Is the utterance handed to this annotator in any task? */
  isAssigned(utteranceId: string, annotator: string): Promise<boolean>
  /** Must others' labels of this utterance be hidden from this annotator (a blind task, nothing submitted yet)? */
  isBlind(utteranceId: string, annotator: string): Promise<boolean>
  taskProgress(taskId: number): Promise<TaskProgress>
  /** The task's utterance ids */
  taskItems(taskId: number): Promise<string[]>

  close(): Promise<void>
}
