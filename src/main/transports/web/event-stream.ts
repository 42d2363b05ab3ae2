/**
 * GET events: every service event, pushed as Server-Sent Events (one `data:` line of EventMessage JSON each). SSE
 * rather than a WebSocket because the push is one-way (requests go through api/call), EventSource reconnects by
 * itself, and it sends the token cookie like any same-origin request, with no handshake of our own to secure.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EventMessage } from '../../../shared/api/transport'
import type { EventBus } from '../../services/runtime/event-bus'
import { SECURITY_HEADERS } from '../csp'

/** A comment line now and then, so proxies and idle timers never see the stream as dead */
const HEARTBEAT_MS = 15_000

export interface EventStreams {
  open(req: IncomingMessage, res: ServerResponse): void
  /** Ends every open stream (server shutdown) */
  closeAll(): void
}

export function createEventStreams(events: EventBus): EventStreams {
  const open = new Set<ServerResponse>()
  return {
    open(req, res) {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive'
      })
      // how long EventSource waits before reconnecting after the stream drops
      res.write('retry: 2000\n\n')
      open.add(res)
      const off = events.onAny((name, args) => {
        const message: EventMessage = { name, args }
        res.write(`data: ${JSON.stringify(message)}\n\n`)
      })
      const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS)
      const done = () => {
        off()
        clearInterval(beat)
        open.delete(res)
      }
      req.on('close', done)
      res.on('close', done)
    },
    closeAll() {
      for (const res of open) res.end()
      open.clear()
    }
  }
}
