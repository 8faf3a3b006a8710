// The parts of autocannon 9's API the peer benchmark uses (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  interface Options {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Requests in all, instead of a duration. */
    amount?: number;
    timeout?: number;
    /** Called with each response body; false counts a mismatch. */
    verifyBody?: (body: string) => boolean;
    /** Request templates sent in turn; setupRequest may change each one before it goes. */
    requests?: { setupRequest?: (request: Record<string, unknown>) => Record<string, unknown> }[];
  }

  interface Result {
    /** Seconds the run really took. */
    duration: number;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
  }

  interface Instance extends EventEmitter, PromiseLike<Result> {
    on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
    on(event: 'reqMismatch', listener: (body: string) => void): this;
  }

  function autocannon(options: Options): Instance;
  export default autocannon;
}
