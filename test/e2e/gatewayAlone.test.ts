import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomSigningSecret } from '../../lib/auth/requestSigning.ts';
import { SUBGRAPHS, type SubgraphName } from '../../lib/config.ts';
import { serveSubgraph, type RunningSubgraph } from '../../lib/subgraph/createSubgraph.ts';
import { SUBGRAPH_MODULES } from '../../subgraphs/modules.ts';
import { apiProcesses, type ApiProcesses } from '../helpers/apiProcess.ts';
import { BACKEND } from '../helpers/backend.ts';
import { post } from '../helpers/stack.ts';
import { createTestSubgraph, TEST_ENV } from '../helpers/subgraph.ts';

const SECRET = randomSigningSecret();
const subgraphs: RunningSubgraph[] = [];
let api: ApiProcesses | undefined;

beforeAll(async () => {
  // Started separately from the gateway, as `npm run start:<name>` would, sharing only the secret.
  for (const { name } of SUBGRAPHS) {
    const subgraph = await createTestSubgraph(SUBGRAPH_MODULES[name]);
    subgraphs.push(await serveSubgraph(subgraph, { port: 0, env: { ...TEST_ENV, SUBGRAPH_SIGNING_SECRET: SECRET } }));
  }
});
afterAll(async () => {
  await api?.cleanup();
  await Promise.all(subgraphs.map((subgraph) => subgraph.close()));
});

/** `LINKS_URL`, `AUDIO_MATCHES_URL`, …: the only way the gateway started alone learns where the subgraphs are. */
function urlVariables(): Record<string, string> {
  return Object.fromEntries(subgraphs.map((s) => [`${(s.name as SubgraphName).toUpperCase().replace(/-/g, '_')}_URL`, s.url]));
}

describe(`the gateway started alone (node --import tsx gateway/src/server.ts, ${BACKEND})`, () => {
  it('finds the subgraphs through <SUBGRAPH>_URL, serves the federated query with the key it prints on first start, reports them ready, and exits 0 on SIGTERM', async () => {
    api = await apiProcesses('e2e-gateway-alone');
    const gateway = await api.run('gateway/src/server.ts', { ...urlVariables(), SUBGRAPH_SIGNING_SECRET: SECRET }, /\[gateway\] serving (\S+)/);
    expect(gateway.adminKey).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);

    const query = `{ track(isrc: "GBDUW0000053") { title links { source } spotifyStreams { date } libraryTracks { title } matches { totalCount } } }`;
    const { status, body } = await post(gateway.url, query, {}, { key: gateway.adminKey });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.track).toMatchObject({ title: 'One More Time', libraryTracks: [{ title: 'One More Time' }], matches: { totalCount: 2 } });
    expect(body.data.track.links).toHaveLength(6);

    const ok = Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, 'ok']));
    const health = await fetch(new URL('/health', gateway.url));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', subgraphs: ok });
    const ready = await fetch(new URL('/ready', gateway.url));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', subgraphs: ok });

    expect(await api.stop(gateway.child)).toBe(0);
  }, 300_000);
});
