import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestartableStack, type RestartableStack } from '../helpers/restartableStack.ts';
import { post } from '../helpers/stack.ts';

// The demo chart read from the top while one of the two subgraphs it joins is down.
let stack: RestartableStack;
beforeAll(async () => {
  // The outage paths themselves, without the entity cache (entityCacheOutage.test.ts covers them with it).
  stack = await startRestartableStack({ ENTITY_CACHE: 'off' });
}, 120_000);
afterAll(() => stack?.close());

const CHART = `{ chart(platform: SPOTIFY, country: "GLOBAL", type: STREAMS, frequency: WEEKLY) {
  date entries { nodes { position trackName track { title links { source } spotifyStreams(from: "2025-03-08") { total } } } } } }`;
const TRACK = `{ track(isrc: "USUM72414866") { title charts { position } playlists { totalCount } } }`;

describe('a subgraph down', () => {
  it('links down: the chart still lists its entries by name, each track null with SERVICE_UNAVAILABLE', async () => {
    await stack.stop('links');
    try {
      const { status, body } = await post(stack.gateway.url, CHART, {}, { key: stack.adminKey });
      expect(status).toBe(200);
      expect(body.data.chart.entries.nodes).toEqual([{ position: 6, trackName: 'EVIL J0RDAN', track: null }]);
      expect(body.errors?.length).toBeGreaterThan(0);
      for (const error of body.errors ?? []) expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'links' });
    } finally {
      await stack.restart('links');
    }
  });

  it('analytics down: the track stands, its analytics fields are null and say why', async () => {
    await stack.stop('analytics');
    try {
      const { status, body } = await post(stack.gateway.url, TRACK, {}, { key: stack.adminKey });
      expect(status).toBe(200);
      expect(body.data.track).toEqual({ title: 'EVIL J0RDAN', charts: null, playlists: null });
      // One error per failed subgraph fetch, pointing at its first field.
      expect(body.errors?.map((e: { path: string[] }) => e.path)).toEqual([['track', 'charts']]);
      for (const error of body.errors ?? []) expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'analytics' });
      const chart = await post(stack.gateway.url, CHART, {}, { key: stack.adminKey });
      expect(chart.body.data).toEqual({ chart: null });
      expect(chart.body.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'analytics' });
    } finally {
      await stack.restart('analytics');
    }
  });

  it('answers everything again once both are back', async () => {
    const { body } = await post(stack.gateway.url, CHART, {}, { key: stack.adminKey });
    expect(body.errors).toBeUndefined();
    expect(body.data.chart.entries.nodes[0].track).toEqual({ title: 'EVIL J0RDAN', links: expect.any(Array), spotifyStreams: [{ total: 497226101 }] });
  });
});
