import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a {@link FaultyServer} does with each request. */
export type Fault =
  /** Accepts the request and never answers. */
  | 'hang'
  /** HTTP 500 with an HTML error page and a stack trace (what a crashed framework shows). */
  | 'html500'
  /** HTTP 200, `application/json`, a body that is not JSON. */
  | 'garbage'
  /** HTTP 200 with an empty body. */
  | 'empty200'
  /** HTTP 200 JSON that is not a GraphQL response. */
  | 'notGraphQL'
  /** Reads the request, then drops the connection without a byte. */
  | 'reset'
  /** Starts a 200 answer, then drops the connection halfway. */
  | 'truncated';

/** Internal details a faulty answer contains; none may reach a client. */
export const LEAK_MARKERS = ['<html', '<!DOCTYPE', 'FAULT-INTERNAL', '/srv/app/', 'at Layer.handle', 'ECONNREFUSED 10.0.0.5'];

const HTML_PAGE = `<!DOCTYPE html><html><head><title>Error</title></head><body><pre>TypeError: FAULT-INTERNAL cannot read properties of undefined
    at resolve (/srv/app/subgraph.js:41:7)
    at Layer.handle [as handle_request] (/srv/app/node_modules/express/lib/router/layer.js:95:5)
connect ECONNREFUSED 10.0.0.5:5432</pre></body></html>`;

/** A local HTTP server standing in for a subgraph that misbehaves in a chosen way. */
export interface FaultyServer {
  /** Its GraphQL URL, to give the gateway as the subgraph's. */
  url: string;
  /** What it does now (change it between requests). */
  fault: Fault;
  /** Requests received so far. */
  requests: number;
  /** Drops every connection, hung ones included, and stops listening. */
  close(): Promise<void>;
}

function answer(res: ServerResponse, fault: Exclude<Fault, 'hang'>): void {
  switch (fault) {
    case 'html500':
      return void res.writeHead(500, { 'content-type': 'text/html' }).end(HTML_PAGE);
    case 'garbage':
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": {"_entities": [FAULT-INTERNAL \u0000');
    case 'empty200':
      return void res.writeHead(200, { 'content-length': '0' }).end();
    case 'notGraphQL':
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"FAULT-INTERNAL maintenance"}');
    case 'reset':
      return void res.socket?.destroy();
    case 'truncated':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
      res.write('{"data":{"_entities":[{"__typename":"Track","spotifyStreams":[');
      // Long enough for the headers and the first bytes to be on their way.
      return void setTimeout(() => res.socket?.destroy(), 20);
  }
}

/** Starts a {@link FaultyServer} on a free loopback port. */
export async function startFaultyServer(fault: Fault = 'hang'): Promise<FaultyServer> {
  const http = createServer((req, res) => {
    state.requests += 1;
    // Read the whole request first, as a real subgraph would, so the fault is in the answer.
    req.resume();
    req.once('end', () => {
      if (state.fault !== 'hang') answer(res, state.fault);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const state: FaultyServer = {
    url: `http://127.0.0.1:${port}/graphql`,
    fault,
    requests: 0,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
  return state;
}
