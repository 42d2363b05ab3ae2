import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { SerErrorInfo } from '@shared/errors'
import type { Account, Task, TaskProgress } from '@shared/domain/team'
import type { TaskAgreement } from '@shared/api/team'
import { useClient } from '../api/use-client'
import { attempt } from './attempt'

/**
 * The team server's side of the app (docs/team.md): whether this page came from `ser team serve`, who is signed in,
 * their tasks, "next in my task", and an admin's or viewer's progress and agreement of a task. Everything here is
 * also enforced by the server; the store only shows it.
 */
export const useTeamStore = defineStore('team', () => {
  /** `local`: the desktop app or `ser serve` (no accounts); `team`: a team server */
  const mode = ref<'unknown' | 'local' | 'team'>('unknown')
  const account = ref<Account | null>(null)
  const tasks = ref<Task[]>([])
  const taskId = ref<number | null>(null)
  const progress = ref<TaskProgress | null>(null)
  const agreement = ref<TaskAgreement | null>(null)
  /** Set when "next" found nothing left for this annotator */
  const done = ref(false)
  const error = ref<SerErrorInfo | null>(null)
  const pending = ref(false)

  const signedIn = computed(() => account.value !== null && !account.value.mustChangePassword)

  async function detect(): Promise<void> {
    if (useClient().host !== 'web') return void (mode.value = 'local')
    try {
      const me = await useClient().call('team.me', {})
      account.value = me?.account ?? null
      mode.value = me ? 'team' : 'local'
    } catch (e) {
      const code = (e as { code?: string }).code
      mode.value = code === 'UNAUTHENTICATED' ? 'team' : 'local'
    }
    if (signedIn.value) await loadTasks()
  }

  async function login(name: string, password: string): Promise<void> {
    await attempt(
      async () => {
        account.value = (await useClient().call('team.login', { name, password })).account
        if (signedIn.value) await loadTasks()
      },
      error,
      pending
    )
  }

  async function changePassword(password: string, newPassword: string): Promise<void> {
    await attempt(
      async () => {
        account.value = (await useClient().call('team.changePassword', { password, newPassword })).account
        await loadTasks()
      },
      error,
      pending
    )
  }

  async function logout(everywhere = false): Promise<void> {
    await attempt(async () => {
      await useClient().call(everywhere ? 'team.logoutEverywhere' : 'team.logout', {})
      account.value = null
      tasks.value = []
    }, error)
  }

  async function loadTasks(): Promise<void> {
    tasks.value = await useClient().call('team.tasks', {})
    if (taskId.value === null && tasks.value.length > 0) taskId.value = tasks.value[0].id
    await loadProgress()
  }

  async function loadProgress(): Promise<void> {
    if (taskId.value === null || account.value?.role === 'annotator') return
    const id = taskId.value
    progress.value = await useClient().call('team.progress', { taskId: id })
    agreement.value = await useClient().call('team.agreement', { taskId: id })
  }

  /** The annotator's next utterance of the chosen task (their open one first); null when none is left */
  async function next(): Promise<string | null> {
    if (taskId.value === null) return null
    const id = taskId.value
    let out: string | null = null
    await attempt(
      async () => {
        out = (await useClient().call('team.next', { taskId: id })).utteranceId
        done.value = out === null
      },
      error,
      pending
    )
    return out
  }

  return {
    mode,
    account,
    tasks,
    taskId,
    progress,
    agreement,
    done,
    error,
    pending,
    signedIn,
    detect,
    login,
    changePassword,
    logout,
    loadTasks,
    loadProgress,
    next
  }
})
