/**
 * The team server's own methods (`ser team serve`, docs/team.md): signing in and out, accounts, tasks. They travel
 * on the same `api/call` route and envelope as every other method; who may call what is `team-roles.ts`.
 */
import { z } from 'zod'
import type { AgreementField } from './labels'
import { AGREEMENT_FIELDS } from './labels'
import type { Account, Task, TaskProgress } from '../domain/team'
import { ROLES } from '../domain/team'
import { AnnotatorName, Empty, Id } from './common'

/** Long enough that a guessed password is not the weak point; the one-time passwords are 20 characters */
export const MIN_PASSWORD = 10
const Password = z.string().min(1).max(256)
const NewPassword = z.string().min(MIN_PASSWORD).max(256)
const TaskId = z.number().int().min(1)

export const TaskFilterSchema = z
  .object({
    corpusId: Id.optional(),
    sessions: z.array(z.string().min(1).max(64)).max(1000).optional(),
    speakers: z.array(z.string().min(1).max(128)).max(1000).optional(),
    disagree: z.boolean().optional(),
    flagged: z.boolean().optional()
  })
  .strict()

export const CreateTaskRequest = z
  .object({
    name: z.string().trim().min(1).max(200),
    filter: TaskFilterSchema,
    k: z.number().int().min(1).max(50),
    pool: z.array(AnnotatorName).min(1).max(1000),
    blind: z.boolean().default(true)
  })
  .strict()

export interface SignedIn {
  account: Account
  /** Send it back as the X-CSRF-Token header on every call */
  csrf: string
}

export interface TaskAgreement {
  taskId: number
  field: AgreementField
  /** Utterances with at least two ratings by the pool */
  items: number
  annotators: number
  fleissKappa: number | null
  krippendorffAlpha: number | null
}

export const teamRequests = {
  'team.login': z.object({ name: AnnotatorName, password: Password }).strict(),
  'team.me': Empty,
  'team.changePassword': z.object({ password: Password, newPassword: NewPassword }).strict(),
  'team.logout': Empty,
  'team.logoutEverywhere': Empty,
  'team.users': Empty,
  'team.addUser': z.object({ name: AnnotatorName, role: z.enum(ROLES) }).strict(),
  'team.disableUser': z.object({ name: AnnotatorName, disabled: z.boolean() }).strict(),
  'team.resetPassword': z.object({ name: AnnotatorName }).strict(),
  'team.createTask': CreateTaskRequest,
  'team.tasks': Empty,
  'team.next': z.object({ taskId: TaskId }).strict(),
  'team.progress': z.object({ taskId: TaskId }).strict(),
  'team.agreement': z.object({ taskId: TaskId, field: z.enum(AGREEMENT_FIELDS).default('category') }).strict()
}

export interface TeamApi {
  'team.login': { req: z.infer<(typeof teamRequests)['team.login']>; res: SignedIn }
  /** Null off the team server (the desktop app, `ser serve`): how the renderer tells which it is */
  'team.me': { req: z.infer<typeof Empty>; res: SignedIn | null }
  'team.changePassword': { req: z.infer<(typeof teamRequests)['team.changePassword']>; res: SignedIn }
  'team.logout': { req: z.infer<typeof Empty>; res: { ok: true } }
  'team.logoutEverywhere': { req: z.infer<typeof Empty>; res: { sessions: number } }
  'team.users': { req: z.infer<typeof Empty>; res: Account[] }
  'team.addUser': { req: z.infer<(typeof teamRequests)['team.addUser']>; res: { account: Account; password: string } }
  'team.disableUser': { req: z.infer<(typeof teamRequests)['team.disableUser']>; res: Account }
  'team.resetPassword': { req: z.infer<(typeof teamRequests)['team.resetPassword']>; res: { password: string } }
  'team.createTask': { req: z.input<typeof CreateTaskRequest>; res: Task }
  'team.tasks': { req: z.infer<typeof Empty>; res: Task[] }
  'team.next': { req: { taskId: number }; res: { utteranceId: string | null } }
  'team.progress': { req: { taskId: number }; res: TaskProgress }
  'team.agreement': { req: z.input<(typeof teamRequests)['team.agreement']>; res: TaskAgreement }
}

export type TeamMethodName = keyof TeamApi
