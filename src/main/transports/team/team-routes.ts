/**
 * What the team server does for each method it serves, over the Store. Roles were checked before (team-dispatch.ts);
 * what depends on the row rather than the method is checked here: an annotator reads and labels only utterances
 * handed to them, labels only as themselves, and in a blind task sees nobody else's labels of an utterance (nor the
 * consensus, which would tell them) until they submitted their own category.
 */
import type { CorpusStats, UtteranceDetail } from '../../../shared/api/corpus'
import { FOUR_CLASSES, toFourClass } from '../../../shared/domain/categories'
import type { Req, MethodName } from '../../../shared/api'
import type { TeamApi, TeamMethodName } from '../../../shared/api/team'
import type { Utterance } from '../../../shared/domain/corpus'
import type { Account } from '../../../shared/domain/team'
import { SerError } from '../../../shared/errors'
import type { Accounts } from '../../services/team/accounts'
import { tokenHash } from '../../services/team/accounts'
import { taskAgreement } from '../../services/team/task-agreement'
import type { Store } from '../../services/store/store'

export interface TeamContext {
  store: Store
  accounts: Accounts
  /** Null only for the public methods */
  account: Account | null
  /** The caller's session token (for logout), when signed in */
  token: string | null
}

/** What a call answers, and what it does to the caller's sign-in cookie */
export interface TeamResult {
  value: unknown
  session?: { set: string } | 'clear'
}

type AnyReq = Req<MethodName> | TeamApi[TeamMethodName]['req']
export type TeamRoute = (ctx: TeamContext & { account: Account }, req: never) => Promise<unknown>

const forbidden = (field: string, message: string) => new SerError('FORBIDDEN', `${field}: ${message}`, { field })

/** An annotator's view of an utterance they have not labelled yet in a blind task: no consensus, no rater count */
function blinded(u: Utterance): Utterance {
  return {
    ...u,
    category: null,
    valence: null,
    arousal: null,
    dominance: null,
    raters: 0,
    ratersDisagree: false,
    flagged: false
  }
}

async function mayRead(ctx: TeamContext & { account: Account }, utteranceId: string, field: string): Promise<boolean> {
  if (ctx.account.role !== 'annotator') return false
  if (!(await ctx.store.isAssigned(utteranceId, ctx.account.name)))
    throw forbidden(field, `'${utteranceId}' is not handed to you`)
  return ctx.store.isBlind(utteranceId, ctx.account.name)
}

export const teamRoutes: Record<string, (ctx: TeamContext & { account: Account }, req: AnyReq) => Promise<unknown>> = {
  'team.me': async (ctx) => ({ account: ctx.account, csrf: (await ctx.store.session(tokenHashOf(ctx)))?.csrf ?? '' }),
  'team.users': (ctx) => ctx.store.accounts(),
  'team.addUser': (ctx, r) => {
    const req = r as TeamApi['team.addUser']['req']
    return ctx.accounts.add(req.name, req.role)
  },
  'team.disableUser': (ctx, r) => {
    const req = r as TeamApi['team.disableUser']['req']
    if (req.name === ctx.account.name) throw forbidden('name', 'you cannot disable yourself')
    return ctx.accounts.setDisabled(req.name, req.disabled)
  },
  'team.resetPassword': async (ctx, r) => ({ password: await ctx.accounts.reset((r as { name: string }).name) }),
  'team.createTask': async (ctx, r) => {
    const req = r as Required<Pick<TeamApi['team.createTask']['req'], 'blind'>> & TeamApi['team.createTask']['req']
    // only annotators are handed utterances (team.next); a pool smaller than k never completes an utterance
    const roles = new Map((await ctx.store.accounts()).map((a) => [a.name, a.role]))
    const stray = req.pool.find((name) => roles.get(name) !== 'annotator')
    if (stray !== undefined)
      throw new SerError('FIELD_INVALID', `pool: '${stray}' is not an annotator account`, { field: 'pool' })
    const pool = new Set(req.pool).size
    if (req.k > pool)
      throw new SerError('FIELD_INVALID', `k: ${req.k} annotators per utterance, but the pool has ${pool}`, {
        field: 'k'
      })
    return ctx.store.createTask({ ...req, blind: req.blind ?? true, createdBy: ctx.account.name })
  },
  'team.tasks': (ctx) => ctx.store.tasks(ctx.account.role === 'annotator' ? ctx.account.name : undefined),
  'team.next': async (ctx, r) => {
    const { taskId } = r as { taskId: number }
    const task = await ctx.store.task(taskId)
    if (!task.pool.includes(ctx.account.name)) throw forbidden('taskId', `task ${taskId} is not yours`)
    return { utteranceId: await ctx.store.claimNext(taskId, ctx.account.name) }
  },
  'team.progress': (ctx, r) => ctx.store.taskProgress((r as { taskId: number }).taskId),
  'team.agreement': (ctx, r) => {
    const req = r as { taskId: number; field: 'category' }
    return taskAgreement(ctx.store, req.taskId, req.field ?? 'category')
  },

  'corpus.list': (ctx) => ctx.store.corpora(),
  'corpus.sessions': (ctx, r) => ctx.store.sessions((r as { corpusId?: string }).corpusId),
  'corpus.speakers': (ctx, r) => ctx.store.speakers((r as { corpusId?: string }).corpusId),
  'corpus.utterances': async (ctx, r) => {
    const req = r as Req<'corpus.utterances'>
    if (ctx.account.role !== 'annotator') return ctx.store.utterancesPage(req)
    // an annotator's list is what was handed to them, each blinded where the task says so
    const mine = new Set(await ctx.store.assignedTo(ctx.account.name))
    const all = (await ctx.store.utterancesPage({ ...req, limit: undefined, offset: undefined })).filter((u) =>
      mine.has(u.id)
    )
    const page = all.slice(req.offset ?? 0, (req.offset ?? 0) + (req.limit ?? all.length))
    return Promise.all(page.map(async (u) => ((await ctx.store.isBlind(u.id, ctx.account.name)) ? blinded(u) : u)))
  },
  'corpus.stats': async (ctx, r) => {
    // counted from the rows the caller may see (an annotator's are theirs, blinded), so nothing leaks through totals
    const rows = (await teamRoutes['corpus.utterances'](ctx, {
      ...(r as object),
      limit: undefined,
      offset: undefined
    })) as Utterance[]
    return statsOf(rows)
  },
  // the team server keeps no dialog index; the labeler's tree then lists utterances alone
  'corpus.dialogs': async () => [],
  'corpus.utterance': async (ctx, r) => {
    const { id } = r as { id: string }
    const utterance = await ctx.store.utterance(id)
    const blind = await mayRead(ctx, id, 'id')
    const own = (a: string) => !blind || a === ctx.account.name
    const detail: UtteranceDetail = {
      utterance: blind ? blinded(utterance) : utterance,
      labels: (await ctx.store.currentLabels(id)).filter((l) => own(l.annotator)),
      history: (await ctx.store.labelHistory(id)).filter((e) => own(e.annotator)),
      // an annotator moves with "next in my task", not through the corpus
      previous: null,
      next: null
    }
    return detail
  },
  'labels.set': async (ctx, r) => {
    const req = r as Req<'labels.set'>
    // the history is the audit log: a label is always given under the caller's own name
    if (req.annotator !== ctx.account.name) throw forbidden('annotator', `you label as '${ctx.account.name}' only`)
    if (ctx.account.role === 'annotator' && !(await ctx.store.isAssigned(req.utteranceId, ctx.account.name))) {
      throw forbidden('utteranceId', `'${req.utteranceId}' is not handed to you`)
    }
    const edits = await ctx.store.setLabel(req)
    if (req.category) await ctx.store.submitAssignments(req.utteranceId, ctx.account.name)
    return edits
  },
  'labels.history': async (ctx, r) => {
    const { utteranceId } = r as { utteranceId: string }
    await ctx.store.utterance(utteranceId)
    const blind = await mayRead(ctx, utteranceId, 'utteranceId')
    return (await ctx.store.labelHistory(utteranceId)).filter((e) => !blind || e.annotator === ctx.account.name)
  },
  'labels.annotators': (ctx) => ctx.store.annotators()
}

function statsOf(rows: Utterance[]): CorpusStats {
  const byCategory: Record<string, number> = {}
  const fourClass: Record<string, number> = Object.fromEntries(FOUR_CLASSES.map((c) => [c, 0]))
  let labeled = 0
  for (const u of rows) {
    byCategory[u.category ?? 'null'] = (byCategory[u.category ?? 'null'] ?? 0) + 1
    if (u.category) labeled++
    const four = toFourClass(u.category)
    if (four) fourClass[four]++
  }
  return {
    utterances: rows.length,
    sessions: new Set(rows.map((u) => `${u.corpusId}/${u.session}`)).size,
    speakers: new Set(rows.map((u) => u.speaker).filter((x) => x !== null)).size,
    labeled,
    byCategory,
    fourClass
  }
}

function tokenHashOf(ctx: TeamContext): string {
  return ctx.token ? tokenHash(ctx.token) : ''
}
