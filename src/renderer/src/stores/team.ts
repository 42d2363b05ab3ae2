import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { SerErrorInfo } from '@shared/errors'
import { toErrorInfo } from '@shared/errors'
import type { Account, Task, TaskProgress } from '@shared/domain/team'
import type { AgreementField } from '@shared/api/labels'
import { AGREEMENT_FIELDS } from '@shared/api/labels'
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
  /** The chosen task's agreement per field (team.agreement), for the pool's labels only */
  const agreements = ref<Partial<Record<AgreementField, TaskAgreement>>>({})
  const agreement = computed(() => agreements.value.category ?? null)
  /** When progress and agreement were last read (ISO), and whether a read is running */
  const progressAt = ref<string | null>(null)
  const progressLoading = ref(false)
  const progressError = ref<SerErrorInfo | null>(null)
  let progressToken = 0
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

  /** Progress and every field's agreement of the chosen task, read together; a newer read wins over an older one */
  async function loadProgress(): Promise<void> {
    if (taskId.value === null || account.value?.role === 'annotator') return
    const id = taskId.value
    const mine = ++progressToken
    progressLoading.value = true
    try {
      const client = useClient()
      const [p, ...all] = await Promise.all([
        client.call('team.progress', { taskId: id }),
        ...AGREEMENT_FIELDS.map((field) => client.call('team.agreement', { taskId: id, field }))
      ])
      if (mine !== progressToken) return
      progress.value = p as TaskProgress
      const next: Partial<Record<AgreementField, TaskAgreement>> = {}
      AGREEMENT_FIELDS.forEach((f, i) => (next[f] = all[i] as TaskAgreement))
      agreements.value = next
      progressAt.value = new Date().toISOString()
      progressError.value = null
    } catch (e) {
      if (mine === progressToken) progressError.value = toErrorInfo(e)
    } finally {
      if (mine === progressToken) progressLoading.value = false
    }
  }

  /** Shows another task's progress (cleared first, so no other task's figures show meanwhile) */
  async function chooseTask(id: number): Promise<void> {
    if (taskId.value === id && progress.value?.taskId === id) return
    taskId.value = id
    progress.value = null
    agreements.value = {}
    await loadProgress()
  }

  /**
   * Keeps progress and agreement live while a view shows them: one re-read 400 ms after a label event (this server's
   * own, or another server's through LISTEN/NOTIFY) for all the events of that moment, so a team labelling without
   * pause still sees it move, and every `pollMs` in case the stream dropped one. Returns the teardown.
   */
  function follow(pollMs = 15_000): () => void {
    let timer: ReturnType<typeof setTimeout> | null = null
    const soon = () => {
      if (timer) return
      timer = setTimeout(() => {
        timer = null
        void loadProgress()
      }, 400)
    }
    const off = useClient().on('labels.changed', soon)
    const poll = setInterval(() => void loadProgress(), pollMs)
    return () => {
      off()
      clearInterval(poll)
      if (timer) clearTimeout(timer)
    }
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
    agreements,
    agreement,
    progressAt,
    progressLoading,
    progressError,
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
    chooseTask,
    follow,
    next
  }
})
