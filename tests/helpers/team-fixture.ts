/**
 * A team store (PostgreSQL) with the tiny corpus and its two evaluators, and accounts whose one-time passwords were
 * already changed to `<name>-password`, for server tests.
 */
import type { Store } from '../../src/main/services/store/store'
import { createAccounts } from '../../src/main/services/team/accounts'
import { hashPassword } from '../../src/main/services/team/passwords'
import type { Role } from '../../src/shared/domain/team'
import { storeWithCorpus } from './store-fixture'

export const passwordOf = (name: string): string => `${name}-password`

export async function teamStore(location: string, users: [string, Role][]): Promise<Store> {
  const store = await storeWithCorpus(location)
  const accounts = createAccounts(store)
  for (const [name, role] of users) {
    await accounts.add(name, role)
    await store.updateAccount(name, { passwordHash: await hashPassword(passwordOf(name)), mustChangePassword: false })
  }
  return store
}
