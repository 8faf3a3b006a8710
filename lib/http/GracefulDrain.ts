import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { logger } from '../logger.ts';

// How long a connection just accepted may take to send its first request before a drain closes it.
const FIRST_REQUEST_MS = 1_000;

/**
 * Closes an HTTP server without losing a request: it tracks responses in
 * flight and connections that have not sent their first request yet, and on
 * close keeps accepting what the kernel already queued, then stops listening,
 * lets requests in flight finish, and cuts what is left after the grace period.
 */
export class GracefulDrain {
  #draining = false;
  #inFlight = 0;
  #drained: (() => void) | undefined;
  readonly #open = new Set<ServerResponse>();
  // Connections accepted that have not sent a request yet, with when: a request may be on its way.
  readonly #fresh = new Map<Socket, number>();

  constructor(
    private readonly http: Server,
    private readonly name: string,
  ) {
    http.on('connection', (socket: Socket) => {
      this.#fresh.set(socket, Date.now());
      socket.once('close', () => this.#fresh.delete(socket));
    });
    http.on('request', (req: IncomingMessage) => this.#fresh.delete(req.socket));
  }

  /** True once close() has begun. */
  get draining(): boolean {
    return this.#draining;
  }

  /** Counts a response in flight until it closes; while draining it closes its connection. */
  track(res: ServerResponse): void {
    // While draining, every answer closes its connection so clients reconnect elsewhere.
    if (this.#draining) res.setHeader('connection', 'close');
    this.#inFlight += 1;
    this.#open.add(res);
    res.once('close', () => {
      this.#inFlight -= 1;
      this.#open.delete(res);
      if (this.#draining && this.#inFlight === 0) this.#drained?.();
    });
  }

  /** Drains within `graceMs` (accepting for at most half of it), then closes every connection left. */
  async close(graceMs: number): Promise<void> {
    this.#draining = true;
    // Answers still to be written close their connection too.
    for (const res of this.#open) if (!res.headersSent) res.setHeader('connection', 'close');
    const deadline = Date.now() + graceMs;
    // Under a flood, accepting stops after half the grace period, so requests in flight keep the other half.
    await this.#acceptQueued(Date.now() + graceMs / 2);
    const allDone = new Promise<void>((resolve) => {
      this.#drained = resolve;
      if (this.#inFlight === 0) resolve();
    });
    // Stop accepting; Node also closes the idle keep-alive connections here.
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([allDone, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))))]);
    clearTimeout(timer);
    if (this.#inFlight > 0) logger.warn({ server: this.name, inFlight: this.#inFlight }, 'grace period over; closing connections with requests in flight');
    this.http.closeAllConnections();
    await closed;
  }

  /**
   * Before the listener closes: closing it resets the connections the kernel still queues, and
   * closing idle connections resets one whose first request is still on its way (clients see
   * ECONNRESET after sending). Node accepts one connection per event-loop turn, so this accepts until
   * a turn brings none and every connection just accepted has sent its request (or had
   * FIRST_REQUEST_MS to), or `until`.
   */
  async #acceptQueued(until: number): Promise<void> {
    let accepted = true;
    const onConnection = () => (accepted = true);
    this.http.on('connection', onConnection);
    while (Date.now() < until) {
      if (accepted) {
        accepted = false;
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      const now = Date.now();
      if (![...this.#fresh.values()].some((at) => now - at < FIRST_REQUEST_MS)) break;
      // A timer, not a busy loop, while only the network is awaited.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    this.http.off('connection', onConnection);
  }
}
