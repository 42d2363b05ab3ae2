import { useAnnotatorStore } from '../../stores/annotator'
import { useBrowserStore } from '../../stores/browser'
import { useTeamStore } from '../../stores/team'
import { useWorkspaceStore } from '../../stores/workspace'

/**
 * "Next in my task" for an annotator: the server hands out their next utterance of the task (their open one first)
 * and the labeler opens it, under the account's name (the server refuses any other). The header's button and the
 * Team screen's task list both use it.
 */
export function useOpenNext(): (taskId?: number) => Promise<void> {
  const team = useTeamStore()
  const annotator = useAnnotatorStore()
  const browser = useBrowserStore()
  const workspace = useWorkspaceStore()
  return async (taskId?: number) => {
    if (taskId !== undefined) team.taskId = taskId
    const id = await team.next()
    if (!id || !team.account) return
    annotator.choose(team.account.name)
    workspace.open('label')
    await browser.refresh()
    browser.selectId(id)
  }
}
