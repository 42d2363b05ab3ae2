import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { HostKind, StreamStatus } from '../api/client'
import { useClient } from '../api/use-client'

/** The app's workspaces, in navigation order; each is one view (views/). */
export const WORKSPACES = [
  { id: 'corpus', title: 'Corpus' },
  { id: 'label', title: 'Label' },
  { id: 'agreement', title: 'Agreement' },
  { id: 'train', title: 'Train' },
  { id: 'runs', title: 'Runs' },
  { id: 'experiments', title: 'Experiments' },
  // shown only on a team server (App.vue): accounts, tasks, progress (docs/team.md)
  { id: 'team', title: 'Team' }
] as const
export type WorkspaceId = (typeof WORKSPACES)[number]['id']

function fromHash(hash: string): WorkspaceId | null {
  const id = hash.replace(/^#\/?/, '').split('/')[0]
  return WORKSPACES.find((w) => w.id === id)?.id ?? null
}

/**
 * Where the user is (the workspace, kept in the URL's hash so a reload stays there and the browser's back button
 * works) and how the app is connected (host, push stream).
 */
export const useWorkspaceStore = defineStore('workspace', () => {
  const current = ref<WorkspaceId>(fromHash(window.location.hash) ?? 'corpus')
  const host = ref<HostKind | null>(null)
  const stream = ref<StreamStatus>('connecting')

  function open(id: WorkspaceId): void {
    current.value = id
    if (fromHash(window.location.hash) !== id) window.location.hash = `#/${id}`
  }

  /** Follows the hash and the client's stream; returns the teardown (App.vue calls it on unmount). */
  function start(): () => void {
    const client = useClient()
    host.value = client.host
    const onHash = () => {
      const id = fromHash(window.location.hash)
      if (id) current.value = id
    }
    window.addEventListener('hashchange', onHash)
    const offStatus = client.onStatus((s) => (stream.value = s))
    return () => {
      window.removeEventListener('hashchange', onHash)
      offStatus()
    }
  }

  return { current, host, stream, open, start }
})
