/**
 * Accounts and sign-in on the store (docs/team.md). Everything lives in the database, nothing in the process, so any
 * server process answers any request: sessions are random 256-bit tokens of which only the SHA-256 is stored; each
 * has its own CSRF token; five wrong passwords in a row make each further try wait (1 s, 2 s, 4 s … up to 15 min)
 * and the count is kept per account in the database, so it holds across server processes.
 */
import { createHash, randomBytes } from 'node:crypto'
import { AnnotatorName } from '../../../shared/api/common'
import type { SignedIn } from '../../../shared/api/team'
import type { Account, Role } from '../../../shared/domain/team'
import { SerError } from '../../../shared/errors'
import type { Store } from '../store/store'
import { decoyHash, hashPassword, oneTimePassword, verifyPassword } from './passwords'

/** Wrong passwords allowed before tries are slowed */
export const FREE_ATTEMPTS = 5
const MAX_WAIT_MS = 15 * 60_000
export const SESSION_MS = 12 * 3600_000

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex')

/** How long after the last failure the next try must wait, given the failures so far */
export function waitAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0
  return Math.min(1000 * 2 ** (failures - FREE_ATTEMPTS), MAX_WAIT_MS)
}

export interface Login extends SignedIn {
  /** The cookie's value; never stored */
  token: string
}

export interface Accounts {
  add(name: string, role: Role): Promise<{ account: Account; password: string }>
  /** A fresh one-time password; every session of the account ends */
  reset(name: string): Promise<string>
  setDisabled(name: string, disabled: boolean): Promise<Account>
  login(name: string, password: string, now?: Date): Promise<Login>
  changePassword(name: string, password: string, newPassword: string): Promise<Account>
}

export function createAccounts(store: Store): Accounts {
  async function mustExist(name: string): Promise<Account> {
    const a = await store.account(name)
    if (!a) throw new SerError('NOT_FOUND', `name: no account '${name}'`, { field: 'name' })
    return a
  }
  const wrong = () => new SerError('UNAUTHENTICATED', 'password: wrong name or password', { field: 'password' })

  return {
    async add(name, role) {
      // the account name is the annotator name its labels are stored under: a person's, never a corpus rater's
      if (!AnnotatorName.safeParse(name).success || name !== name.trim()) {
        throw new SerError('FIELD_INVALID', `name: '${name}' is not a person's name (1–64 characters, no ':')`, {
          field: 'name'
        })
      }
      const password = oneTimePassword()
      const account = await store.createAccount(name, role, await hashPassword(password))
      return { account, password }
    },
    async reset(name) {
      await mustExist(name)
      const password = oneTimePassword()
      await store.updateAccount(name, {
        passwordHash: await hashPassword(password),
        mustChangePassword: true,
        failedLogins: 0
      })
      await store.deleteSessions(name)
      return password
    },
    async setDisabled(name, disabled) {
      await mustExist(name)
      await store.updateAccount(name, { disabled })
      if (disabled) await store.deleteSessions(name)
      return mustExist(name)
    },
    async login(name, password, now = new Date()) {
      const a = await store.account(name)
      if (!a) {
        await verifyPassword(password, await decoyHash())
        throw wrong()
      }
      const wait = waitAfter(a.failedLogins)
      const since = a.lastFailedAt ? now.getTime() - Date.parse(a.lastFailedAt) : Infinity
      if (wait > 0 && since < wait) {
        throw new SerError(
          'RATE_LIMITED',
          `password: too many wrong passwords; try again in ${Math.ceil((wait - since) / 1000)} s`,
          {
            field: 'password'
          }
        )
      }
      if (!(await verifyPassword(password, a.passwordHash))) {
        await store.updateAccount(name, { failedLogins: a.failedLogins + 1, lastFailedAt: now.toISOString() })
        throw wrong()
      }
      if (a.disabled) throw new SerError('FORBIDDEN', `name: account '${name}' is disabled`, { field: 'name' })
      if (a.failedLogins > 0) await store.updateAccount(name, { failedLogins: 0, lastFailedAt: null })
      const token = randomBytes(32).toString('base64url')
      const csrf = randomBytes(32).toString('base64url')
      await store.createSession(tokenHash(token), name, csrf, new Date(now.getTime() + SESSION_MS).toISOString())
      const { passwordHash: _h, failedLogins: _f, lastFailedAt: _l, ...account } = a
      return { token, csrf, account }
    },
    async changePassword(name, password, newPassword) {
      const a = await mustExist(name)
      const rec = (await store.account(name))!
      if (!(await verifyPassword(password, rec.passwordHash))) throw wrong()
      if (newPassword === password) {
        throw new SerError('FIELD_INVALID', 'newPassword: must differ from the current one', { field: 'newPassword' })
      }
      await store.updateAccount(name, { passwordHash: await hashPassword(newPassword), mustChangePassword: false })
      return { ...a, mustChangePassword: false }
    }
  }
}
