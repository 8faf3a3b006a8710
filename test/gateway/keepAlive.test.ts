import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS, type SubgraphName } from '../../lib/config.ts';
import { post, startTestStack, type TestStack } from '../helpers/stack.ts';
import { TEST_ENV } from '../helpers/subgraph.ts';

// Low on purpose: 100 requests must queue on 8 sockets per subgraph, not open 100.
const MAX_CONNECTIONS = 8;
const BURST = 100;
// Around the subgraphs' keep-alive timeout (Node's default, 5 s): the moment a pooled socket may be closed under a request.
const GAPS_MS = [4_900, 5_000, 5_100];
// Each subgraph answer is held this long, so 100 requests really overlap and would want 100 sockets.
const SUBGRAPH_DELAY_MS = 100;

// Reaches all four subgraphs: links, then analytics and library by ISRC and audio-matches by id.
const FEDERATED = `{ track(isrc: "GBDUW0000053") { title spotifyStreams { date } libraryTracks { title } matches { totalCount } } }`;

/** Sockets a subgraph accepted (from the gateway: nothing else calls them here), and the most open at once. */
interface SocketCount {
  opened: number;
  open: number;
  maxOpen: number;
}

let stack: TestStack;
const counts = {} as Record<SubgraphName, SocketCount>;

beforeAll(async () => {
  // Entity cache off: every burst must reach the subgraphs for their sockets to be counted.
  stack = await startTestStack({ env: { ...TEST_ENV, SUBGRAPH_MAX_CONNECTIONS: String(MAX_CONNECTIONS), ENTITY_CACHE: 'off' } });
  for (const { name } of SUBGRAPHS) {
    const count: SocketCount = (counts[name] = { opened: 0, open: 0, maxOpen: 0 });
    const { http } = stack.subgraphs[name];
    const [app] = http.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    http.removeAllListeners('request');
    http.on('request', (req: IncomingMessage, res: ServerResponse) => void setTimeout(() => app!(req, res), SUBGRAPH_DELAY_MS));
    http.on('connection', (socket: Socket) => {
      count.opened += 1;
      count.open += 1;
      count.maxOpen = Math.max(count.maxOpen, count.open);
      socket.once('close', () => (count.open -= 1));
    });
  }
});
afterAll(() => stack?.close());

/** Sends `BURST` federated queries at once; returns what went wrong (an empty list when nothing did) and the sockets opened meanwhile. */
async function burst(): Promise<{ failures: string[]; opened: Record<SubgraphName, number> }> {
  for (const count of Object.values(counts)) count.opened = 0;
  const answers = await Promise.all(
    Array.from({ length: BURST }, () =>
      post(stack.gateway.url, FEDERATED, {}, { key: stack.adminKey }).catch((error: Error) => ({ status: 0, body: { data: undefined, errors: [{ message: error.message }] } })),
    ),
  );
  const failures = answers
    .filter(({ status, body }) => status !== 200 || body.errors !== undefined || body.data?.track?.matches?.totalCount !== 2)
    .map(({ status, body }) => `${status} ${JSON.stringify(body.errors ?? body.data)}`);
  const opened = Object.fromEntries(Object.entries(counts).map(([name, count]) => [name, count.opened])) as Record<SubgraphName, number>;
  return { failures, opened };
}

describe('gateway → subgraph connections (keep-alive pool)', () => {
  it(`loses no request in bursts of ${BURST} separated by idle gaps of ${GAPS_MS.join(', ')} ms, and never opens more than SUBGRAPH_MAX_CONNECTIONS sockets to a subgraph`, async () => {
    const first = await burst();
    expect(first.failures).toEqual([]);
    for (const gap of GAPS_MS) {
      await sleep(gap);
      const { failures, opened } = await burst();
      // Every answer whole: 200, data from all four subgraphs, no error (a request lost on a closing socket would show here).
      expect(failures, `after an idle gap of ${gap} ms`).toEqual([]);
      for (const { name } of SUBGRAPHS) {
        // 100 requests on at most 8 sockets: the pool queues and reuses instead of opening a socket per request.
        expect(opened[name], `${name}: sockets opened during the burst after ${gap} ms`).toBeGreaterThan(0);
        expect(opened[name], `${name}: sockets opened during the burst after ${gap} ms`).toBeLessThanOrEqual(MAX_CONNECTIONS);
      }
    }
    for (const { name } of SUBGRAPHS) expect(counts[name].maxOpen, `${name}: most sockets open at once`).toBeLessThanOrEqual(MAX_CONNECTIONS);
  }, 180_000);
});
