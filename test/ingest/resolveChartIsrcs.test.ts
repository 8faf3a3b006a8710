import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../lib/freePort.ts';
import { createBackfillClient } from '../../scripts/backfill/graphqlClient.ts';
import type { AnalyticsPrisma } from '../../subgraphs/analytics/src/db.ts';
import { importChartFiles } from '../../subgraphs/analytics/src/ingest/importCharts.ts';
import { IDS_PER_REQUEST, resolveChartIsrcs } from '../../subgraphs/analytics/src/ingest/resolveChartIsrcs.ts';
import { unresolvedChartTracks } from '../../subgraphs/analytics/src/ingest/store.ts';
import { trackIdForIsrc } from '../../subgraphs/links/src/trackId.ts';
import { post, startTestStack, type TestStack } from '../helpers/stack.ts';
import { chartFixture, CHART_FIXTURES, fakeIsrc } from './chartFixtures.ts';

// A whole stack: the charts go into its analytics database, the ISRCs come from its links subgraph through its gateway.
let stack: TestStack;
let analytics: AnalyticsPrisma;
beforeAll(async () => {
  stack = await startTestStack();
  analytics = stack.subgraphs.analytics.subgraph.prisma as unknown as AnalyticsPrisma;
  await importChartFiles(analytics, [chartFixture(CHART_FIXTURES.daily1), chartFixture(CHART_FIXTURES.daily2)]);
}, 120_000);
afterAll(() => stack?.close());

/** The gateway's client as the import commands make it, counting the HTTP requests it sends. */
function countingClient(url = stack.gateway.url, key = stack.adminKey) {
  const sent: { ids: string[] }[] = [];
  const client = createBackfillClient({
    url,
    key,
    fetch: (input, init) => {
      sent.push(JSON.parse(String(init?.body)).variables);
      return fetch(input, init);
    },
  });
  return { request: client.request, sent };
}

/** Adds links tracks for these Spotify ids, as a catalog import or discovery would; returns id → ISRC. */
async function linkTracks(ids: string[], from: number): Promise<Map<string, string>> {
  const isrcs = new Map(ids.map((id, i) => [id, fakeIsrc(from + i)]));
  await stack.linksPrisma.track.createMany({ data: [...isrcs.values()].map((isrc) => ({ id: trackIdForIsrc(isrc), isrc, title: `Chart track ${isrc}` })) });
  await stack.linksPrisma.platformLink.createMany({ data: [...isrcs].map(([externalId, isrc]) => ({ trackId: trackIdForIsrc(isrc), platform: 'SPOTIFY' as const, externalId })) });
  return isrcs;
}

const entriesOf = (ids: string[]) => analytics.chartEntry.findMany({ where: { externalId: { in: ids } }, select: { externalId: true, isrc: true } });

describe('resolving chart ISRCs through the gateway', () => {
  let ids: string[];
  let known: Map<string, string>;

  it('asks links for every unresolved id, 100 per request, and stores the ISRCs it knows', async () => {
    ids = await unresolvedChartTracks(analytics, 'SPOTIFY');
    // The two days share 164 tracks: 236 distinct ids.
    expect(ids).toHaveLength(236);
    known = await linkTracks(ids.slice(0, 150), 1);
    const client = countingClient();
    const result = await resolveChartIsrcs(analytics, client.request);
    expect(result.error).toBeUndefined();
    expect(client.sent).toHaveLength(Math.ceil(ids.length / IDS_PER_REQUEST));
    expect(client.sent.map((v) => v.ids.length)).toEqual([100, 100, 36]);
    expect(result).toMatchObject({ unresolvedBefore: 236, resolved: 150, unresolved: 86, requests: 3 });
    const entries = await entriesOf(ids);
    expect(result.entriesUpdated).toBe(entries.filter((e) => known.has(e.externalId!)).length);
    for (const entry of entries) expect(entry.isrc?.trim() ?? null).toBe(known.get(entry.externalId!) ?? null);
  });

  it('shows the resolved entries with their federated track through the gateway', async () => {
    const { body } = await post(
      stack.gateway.url,
      `{ chart(platform: SPOTIFY, country: "GLOBAL", type: STREAMS, frequency: DAILY, date: "2024-01-02") {
          entries(first: 200) { totalCount nodes { position previousPosition externalId track { isrc title } } } } }`,
      {},
      { key: stack.adminKey },
    );
    expect(body.errors).toBeUndefined();
    const { totalCount, nodes } = body.data.chart.entries;
    expect(totalCount).toBe(200);
    for (const node of nodes) {
      const isrc = known.get(node.externalId);
      expect(node.track).toEqual(isrc ? { isrc, title: `Chart track ${isrc}` } : null);
    }
  });

  it('resolves on a later run what links learnt since, asking only for what is still unresolved', async () => {
    const rest = ids.filter((id) => !known.has(id));
    const more = await linkTracks(rest, 500);
    const client = countingClient();
    const result = await resolveChartIsrcs(analytics, client.request);
    expect(client.sent).toHaveLength(1);
    expect(client.sent[0]!.ids.sort()).toEqual([...rest].sort());
    expect(result).toMatchObject({ unresolvedBefore: 86, resolved: 86, unresolved: 0 });
    expect((await entriesOf(rest)).every((e) => e.isrc?.trim() === more.get(e.externalId!))).toBe(true);

    const idle = countingClient();
    expect(await resolveChartIsrcs(analytics, idle.request)).toMatchObject({ unresolvedBefore: 0, requests: 0 });
    expect(idle.sent).toHaveLength(0);
  });

  it('reports a gateway that is down, keeping the imported data unresolved for the next run', async () => {
    await importChartFiles(analytics, [chartFixture(CHART_FIXTURES.viral)]);
    const pending = await unresolvedChartTracks(analytics, 'SPOTIFY');
    expect(pending).toHaveLength(100);
    const dead = countingClient(`http://127.0.0.1:${await freePort()}/graphql`);
    const result = await resolveChartIsrcs(analytics, dead.request);
    expect(result.error).toMatch(/^NETWORK_ERROR: http:\/\/127\.0\.0\.1:\d+\/graphql did not answer/);
    expect(result).toMatchObject({ unresolvedBefore: 100, resolved: 0, unresolved: 100, entriesUpdated: 0 });
    expect(await analytics.chartEntry.count({ where: { externalId: { in: pending } } })).toBe(100);
    expect(await unresolvedChartTracks(analytics, 'SPOTIFY')).toEqual(pending);
  });

  it('reports a key the gateway refuses', async () => {
    const client = countingClient(stack.gateway.url, 'sk_notarealkeynotarealkeynotarealkey00');
    const result = await resolveChartIsrcs(analytics, client.request);
    expect(result.error).toMatch(/^(UNAUTHENTICATED|FORBIDDEN): /);
    expect(client.sent).toHaveLength(1);
    expect(result.unresolved).toBe(100);
  });
});
