/**
 * The part of the address after the workspace: #/train/<runId>, #/runs/<runId>, #/runs/compare/<a>,<b>. The
 * workspace store owns the first segment; views keep their own place in the rest with replaceState, as the
 * labeling workspace does with #/label/<id>, so a reload opens the same run.
 */
export function subPath(hash: string, workspace: string): string[] {
  const parts = hash.replace(/^#\/?/, '').split('/')
  if (parts[0] !== workspace) return []
  return parts
    .slice(1)
    .filter((p) => p.length > 0)
    .map((p) => decodeURIComponent(p))
}

export function setSubPath(workspace: string, parts: readonly string[], push = false): void {
  const hash = `#/${[workspace, ...parts.map((p) => encodeURIComponent(p))].join('/')}`
  if (window.location.hash === hash) return
  if (push) window.history.pushState(null, '', hash)
  else window.history.replaceState(null, '', hash)
}
