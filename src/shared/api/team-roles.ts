/**
 * Who may call what on the team server: the one table the server checks, in one place (transports/team/
 * team-dispatch.ts), before any request is validated or any service runs. A method missing here is admin-only,
 * so a method added to the contract later is closed until someone opens it on purpose.
 *
 * - viewer: reads the corpus, labels, tasks, progress and agreement; writes nothing.
 * - annotator: labels as themselves, on utterances handed to them; sees their own tasks only (and, in a blind task,
 *   nobody else's labels until they submitted their own: the routes filter that).
 * - admin: everything, including accounts, tasks, and what the desktop does (import, train, export).
 */
import type { Role } from '../domain/team'

const ALL: readonly Role[] = ['admin', 'annotator', 'viewer']
const READERS: readonly Role[] = ['admin', 'viewer']
const ADMIN: readonly Role[] = ['admin']

/** Callable without a session */
export const PUBLIC_METHODS: ReadonlySet<string> = new Set(['team.login'])

/** Callable while the account still has its one-time password */
export const BEFORE_PASSWORD_CHANGE: ReadonlySet<string> = new Set(['team.me', 'team.changePassword', 'team.logout'])

export const METHOD_ROLES: Readonly<Record<string, readonly Role[]>> = {
  'team.login': ALL,
  'team.me': ALL,
  'team.changePassword': ALL,
  'team.logout': ALL,
  'team.logoutEverywhere': ALL,
  'team.users': ADMIN,
  'team.addUser': ADMIN,
  'team.disableUser': ADMIN,
  'team.resetPassword': ADMIN,
  'team.createTask': ADMIN,
  'team.tasks': ALL,
  'team.next': ['annotator'],
  'team.progress': READERS,
  'team.agreement': READERS,
  'corpus.list': ALL,
  'corpus.sessions': ALL,
  'corpus.speakers': ALL,
  'corpus.utterances': ALL,
  'corpus.utterance': ALL,
  'corpus.stats': ALL,
  'corpus.dialogs': ALL,
  'labels.set': ['admin', 'annotator'],
  'labels.history': ALL,
  'labels.annotators': READERS
}

export function rolesFor(method: string): readonly Role[] {
  return Object.prototype.hasOwnProperty.call(METHOD_ROLES, method) ? METHOD_ROLES[method] : ADMIN
}

export function mayCall(role: Role, method: string): boolean {
  return rolesFor(method).includes(role)
}
