import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Session, Speaker } from '@shared/domain/corpus'
import type { Account, Role, Task } from '@shared/domain/team'
import type { SerErrorInfo } from '@shared/errors'
import { useClient } from '../api/use-client'
import type { TaskDraft } from '../team/task-draft'
import { toCreateTaskRequest } from '../team/task-draft'
import { attempt } from './attempt'
import { useTeamStore } from './team'

/** A one-time password the server made (add, reset): shown once, then gone from the page */
export interface OneTimePassword {
  name: string
  password: string
  reason: 'added' | 'reset'
}

/**
 * An admin's side of the team server (docs/team.md, "In the app"): the accounts (add, disable, reset) and new
 * tasks, with the corpus's sessions and speakers to choose a task's filter from. The server checks every call
 * against the account's role; this store only shows what it answers.
 */
export const useTeamAdminStore = defineStore('team-admin', () => {
  const accounts = ref<Account[]>([])
  const oneTime = ref<OneTimePassword | null>(null)
  const accountError = ref<SerErrorInfo | null>(null)
  const accountPending = ref(false)
  const sessions = ref<Session[]>([])
  const speakers = ref<Speaker[]>([])
  const taskError = ref<SerErrorInfo | null>(null)
  const taskPending = ref(false)

  async function loadAccounts(): Promise<void> {
    await attempt(async () => void (accounts.value = await useClient().call('team.users', {})), accountError)
  }

  function replace(a: Account): void {
    const i = accounts.value.findIndex((x) => x.name === a.name)
    if (i < 0) accounts.value = [...accounts.value, a].sort((x, y) => x.name.localeCompare(y.name))
    else accounts.value = accounts.value.map((x, j) => (j === i ? a : x))
  }

  async function addUser(name: string, role: Role): Promise<boolean> {
    accountError.value = null
    const out = await attempt(
      async () => {
        const r = await useClient().call('team.addUser', { name: name.trim(), role })
        replace(r.account)
        oneTime.value = { name: r.account.name, password: r.password, reason: 'added' }
        return true
      },
      accountError,
      accountPending
    )
    return out === true
  }

  async function setDisabled(name: string, disabled: boolean): Promise<void> {
    accountError.value = null
    await attempt(
      async () => replace(await useClient().call('team.disableUser', { name, disabled })),
      accountError,
      accountPending
    )
  }

  async function resetPassword(name: string): Promise<void> {
    accountError.value = null
    await attempt(
      async () => {
        const { password } = await useClient().call('team.resetPassword', { name })
        oneTime.value = { name, password, reason: 'reset' }
        // the account must now change it at its next sign-in
        await loadAccounts()
      },
      accountError,
      accountPending
    )
  }

  /** Forgets the one-time password shown (the admin copied it, or closed the note) */
  function dismissPassword(): void {
    oneTime.value = null
  }

  /** The sessions and speakers a task's filter may name, of one corpus or of all */
  async function loadChoices(corpusId: string | null): Promise<void> {
    await attempt(async () => {
      const client = useClient()
      const req = corpusId ? { corpusId } : {}
      ;[sessions.value, speakers.value] = await Promise.all([
        client.call('corpus.sessions', req),
        client.call('corpus.speakers', req)
      ])
    }, taskError)
  }

  /** Makes the task and chooses it; null (and `taskError`, naming the field) when the server refused it */
  async function createTask(draft: TaskDraft): Promise<Task | null> {
    taskError.value = null
    return attempt(
      async () => {
        const task = await useClient().call('team.createTask', toCreateTaskRequest(draft))
        const team = useTeamStore()
        await team.loadTasks()
        await team.chooseTask(task.id)
        return task
      },
      taskError,
      taskPending
    )
  }

  return {
    accounts,
    oneTime,
    accountError,
    accountPending,
    sessions,
    speakers,
    taskError,
    taskPending,
    loadAccounts,
    addUser,
    setDisabled,
    resetPassword,
    dismissPassword,
    loadChoices,
    createTask
  }
})
