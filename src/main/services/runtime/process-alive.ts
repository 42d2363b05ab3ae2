/**
 * Whether the process that owns a job (a run, a recipe) is still alive, so a job left `running` by a process that
 * was killed reads as interrupted rather than forever running. Signal 0 tests without signalling; EPERM means it
 * exists under another user.
 */
export function processAlive(pid: number | null): boolean {
  if (pid === null) return false
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
