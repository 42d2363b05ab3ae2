/**
 * The team server's dispatch: (session, method, raw args) → sign-in check → role check (shared/api/team-roles.ts,
 * the only place roles are decided) → schema check → route. Refusals come before validation, so a caller without
 * the role learns nothing about a method's fields.
 */
import { isMethodName, schemaOf } from '../../../shared/api'
import { BEFORE_PASSWORD_CHANGE, PUBLIC_METHODS, mayCall } from '../../../shared/api/team-roles'
import { SerError } from '../../../shared/errors'
import type { Account } from '../../../shared/domain/team'
import { tokenHash } from '../../services/team/accounts'
import type { Accounts } from '../../services/team/accounts'
import type { Store } from '../../services/store/store'
import { validationError } from '../dispatch'
import type { TeamResult } from './team-routes'
import { teamRoutes } from './team-routes'

export function isKnownMethod(method: string): boolean {
  return isMethodName(method)
}

function validateAny(method: string, raw: unknown): unknown {
  const r = schemaOf(method as never).safeParse(raw ?? {})
  if (!r.success) throw validationError(method, r.error)
  return r.data
}

export interface TeamDispatcher {
  call(session: { token: string | null; account: Account | null }, method: string, raw: unknown): Promise<TeamResult>
}

export function createTeamDispatcher(store: Store, accounts: Accounts): TeamDispatcher {
  return {
    async call(session, method, raw) {
      if (!isKnownMethod(method))
        throw new SerError('NOT_FOUND', `method: unknown method '${method}'`, { field: 'method' })
      if (PUBLIC_METHODS.has(method)) {
        const req = validateAny(method, raw) as { name: string; password: string }
        const login = await accounts.login(req.name, req.password)
        return { value: { account: login.account, csrf: login.csrf }, session: { set: login.token } }
      }
      const account = session.account
      if (!account) throw new SerError('UNAUTHENTICATED', 'session: sign in first', { field: 'session' })
      if (!mayCall(account.role, method)) {
        throw new SerError('FORBIDDEN', `method: '${method}' is not allowed for role ${account.role}`, {
          field: 'method'
        })
      }
      if (account.mustChangePassword && !BEFORE_PASSWORD_CHANGE.has(method)) {
        throw new SerError('FORBIDDEN', 'password: change your one-time password first (team.changePassword)', {
          field: 'password'
        })
      }
      const req = validateAny(method, raw)
      if (method === 'team.logout') {
        if (session.token) await store.deleteSession(tokenHash(session.token))
        return { value: { ok: true }, session: 'clear' }
      }
      if (method === 'team.logoutEverywhere')
        return { value: { sessions: await store.deleteSessions(account.name) }, session: 'clear' }
      if (method === 'team.changePassword') {
        const r = req as { password: string; newPassword: string }
        await accounts.changePassword(account.name, r.password, r.newPassword)
        // every other session ends with the old password; this one is replaced by a fresh one
        await store.deleteSessions(account.name)
        const login = await accounts.login(account.name, r.newPassword)
        return { value: { account: login.account, csrf: login.csrf }, session: { set: login.token } }
      }
      const route = teamRoutes[method]
      if (!route) {
        throw new SerError(
          'UNAVAILABLE',
          `method: '${method}' runs in the desktop app or the CLI on the team's database (--db postgresql://…, a local working copy; docs/team.md), not on the team server`,
          {
            field: 'method'
          }
        )
      }
      return { value: await route({ store, accounts, account, token: session.token }, req as never) }
    }
  }
}
