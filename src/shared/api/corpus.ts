import { z } from 'zod'
import { CORPUS_KINDS } from '../domain/corpus'
import type { Corpus, Dialog, Session, Speaker, Utterance } from '../domain/corpus'
import type { AnnotatorLabels, LabelEdit } from '../domain/labels'
import type { JobProgress } from './common'
import { CategorySchema, Empty, Id, LocalPath } from './common'

/**
 * Opens another index in the app and in `ser serve` (docs/team.md): a SQLite file, or a postgresql:// team store
 * whose label edits are then written there. Other transports refuse it (give `--db` to the command instead).
 */
/** Is this `db` a team store (PostgreSQL) rather than a file? The same test as `--db` on the command line */
export function isTeamStoreUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db)
}

export const OpenIndexRequest = z.object({ db: LocalPath }).strict()

export interface OpenIndexResult {
  /** The file, or the URL without its password */
  location: string
  engine: 'sqlite' | 'postgres'
  corpora: number
}

export const ImportRequest = z
  .object({
    kind: z.enum(CORPUS_KINDS),
    dir: LocalPath,
    /** CSV manifest for `folder` imports: path,speaker,session,category,valence,arousal,dominance */
    manifest: LocalPath.optional(),
    /** Name of the corpus in the index; defaults to the folder's name */
    name: z.string().min(1).max(128).optional()
  })
  .strict()

export interface ImportSkip {
  /** Relative to the corpus root */
  path: string
  error: string
}

export interface ImportSummary {
  corpus: string
  utterances: number
  sessions: number
  speakers: number
  labeled: number
  skipped: ImportSkip[]
}

export const CorpusFilter = z
  .object({
    corpusId: Id.optional(),
    session: z.string().min(1).max(64).optional(),
    speaker: z.string().min(1).max(128).optional(),
    gender: z.enum(['F', 'M']).optional(),
    dialog: Id.optional(),
    category: CategorySchema.optional(),
    unlabeled: z.boolean().optional(),
    /** The raters' categories are not unanimous */
    disagree: z.boolean().optional(),
    flagged: z.boolean().optional(),
    /** Substring of the id or the transcript, case-insensitive */
    search: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(100_000).optional(),
    offset: z.number().int().min(0).optional()
  })
  .strict()
export type CorpusFilter = z.infer<typeof CorpusFilter>

export const UtteranceRequest = z.object({ id: Id }).strict()

export interface UtteranceDetail {
  utterance: Utterance
  /** Each annotator's current values */
  labels: AnnotatorLabels[]
  history: LabelEdit[]
  /** Neighbours in dialog order (or corpus order where there are no dialogs) */
  previous: string | null
  next: string | null
}

export interface CorpusStats {
  utterances: number
  sessions: number
  speakers: number
  labeled: number
  /** Consensus category code → count (unlabeled under `null`) */
  byCategory: Record<string, number>
  /** The 4-class view (neu, hap = hap+exc, ang, sad) */
  fourClass: Record<string, number>
}

export const corpusRequests = {
  'corpus.import': ImportRequest,
  'corpus.open': OpenIndexRequest,
  'corpus.list': Empty,
  'corpus.sessions': z.object({ corpusId: Id.optional() }).strict(),
  'corpus.speakers': z.object({ corpusId: Id.optional() }).strict(),
  'corpus.dialogs': z.object({ corpusId: Id.optional(), session: z.string().max(64).optional() }).strict(),
  'corpus.utterances': CorpusFilter,
  'corpus.utterance': UtteranceRequest,
  'corpus.stats': CorpusFilter
}

export interface CorpusApi {
  'corpus.import': { req: z.infer<typeof ImportRequest>; res: ImportSummary }
  'corpus.open': { req: z.infer<typeof OpenIndexRequest>; res: OpenIndexResult }
  'corpus.list': { req: z.infer<typeof Empty>; res: Corpus[] }
  'corpus.sessions': { req: { corpusId?: string }; res: Session[] }
  'corpus.speakers': { req: { corpusId?: string }; res: Speaker[] }
  'corpus.dialogs': { req: { corpusId?: string; session?: string }; res: Dialog[] }
  'corpus.utterances': { req: CorpusFilter; res: Utterance[] }
  'corpus.utterance': { req: z.infer<typeof UtteranceRequest>; res: UtteranceDetail }
  'corpus.stats': { req: CorpusFilter; res: CorpusStats }
}

export interface CorpusEvents {
  'corpus.importProgress': [progress: JobProgress]
  'corpus.changed': [corpusId: string]
}
