import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake saw it. */
export interface FakeRequest {
  /** HTTP method. */
  method: string;
  /** Path without the query string. */
  path: string;
  /** Parsed query string. */
  query: URLSearchParams;
  /** Request headers (lower-case names). */
  headers: IncomingHttpHeaders;
  /** Raw request body. */
  body: string;
}

/** What a route answers: a JSON body, or raw text when `raw` is set. */
export interface FakeResponse {
  /** HTTP status. @default 200 */
  status?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Body, serialised as JSON. */
  body?: unknown;
  /** Body sent as is instead of `body`. */
  raw?: string;
}

/** A failure the fake injects instead of answering normally. */
export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'json'; body: unknown }
  | { kind: 'malformed' }
  | { kind: 'hang' };

/** Options for {@link FakeProviderServer.start}. */
export interface FakeProviderServerOptions {
  /** Answers one request. */
  handle: (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;
  /** Paths that issue tokens: faults and latency never apply to them. @default [] */
  tokenPaths?: readonly string[];
}

/**
 * A local HTTP server on 127.0.0.1 standing in for a platform. It records every request,
 * tracks how many were in flight at once, and can add latency or inject faults.
 */
export class FakeProviderServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url = '';
  /** Every request received, in arrival order. */
  readonly requests: FakeRequest[] = [];
  /** Delay before each (non-token) answer, in milliseconds. */
  latencyMs = 0;
  /** Most requests ever in flight at once. */
  maxInFlight = 0;
  private inFlight = 0;
  private readonly faults: Fault[] = [];
  private readonly server: Server;
  private readonly options: FakeProviderServerOptions;

  private constructor(options: FakeProviderServerOptions) {
    this.options = options;
    this.server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (part: string) => { body += part; });
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://fake.invalid');
        void this.answer({ method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers, body }, response);
      });
    });
  }

  /** Starts a fake on an ephemeral port of 127.0.0.1. */
  static async start(options: FakeProviderServerOptions): Promise<FakeProviderServer> {
    const fake = new FakeProviderServer(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** Makes the next `times` non-token requests fail with `fault`. */
  failNext(fault: Fault, times = 1): this {
    for (let index = 0; index < times; index += 1) this.faults.push(fault);
    return this;
  }

  /** Requests received for `path` (exact path), or all requests when `path` is omitted. */
  requestCount(path?: string): number {
    return path === undefined ? this.requests.length : this.requests.filter((request) => request.path === path).length;
  }

  /** Stops the server, cutting off requests left hanging. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(request: FakeRequest, response: ServerResponse): Promise<void> {
    this.requests.push(request);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    response.on('close', () => { this.inFlight -= 1; });
    const isTokenRequest = this.options.tokenPaths?.includes(request.path) ?? false;
    if (!isTokenRequest && this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const fault = isTokenRequest ? undefined : this.faults.shift();
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'malformed') return send(response, { status: 200, raw: '{"tracks": {"items": [' });
    if (fault?.kind === 'json') return send(response, { status: 200, body: fault.body });
    if (fault?.kind === 'status') return send(response, { status: fault.status, headers: fault.headers, body: fault.body ?? { error: { status: fault.status } } });
    try {
      send(response, await this.options.handle(request));
    } catch (error) {
      send(response, { status: 500, body: { error: String(error) } });
    }
  }
}

function send(response: ServerResponse, answer: FakeResponse): void {
  const text = answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
  response.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
  response.end(text);
}
