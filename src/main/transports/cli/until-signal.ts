/**
 * A long-running command (`ser serve`, `ser team serve`) ends on SIGINT or SIGTERM by running `stop` once (close the
 * server, then what it served from). Install it before printing the URL: a signal that arrives right after the URL is
 * printed must still stop the server cleanly.
 */
export function untilSignal(stop: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      void stop().then(resolve)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}
