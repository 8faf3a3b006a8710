import { afterAll, describe, expect, it } from 'vitest';
import { apiProcesses, type ApiProcesses } from '../helpers/apiProcess.ts';
import { BACKEND } from '../helpers/backend.ts';
import { post } from '../helpers/stack.ts';

let api: ApiProcesses | undefined;
afterAll(() => api?.cleanup());

describe(`npm start (${BACKEND})`, () => {
  it('starts everything, serves the federated query over HTTP, and restarts on the same data without reseeding', async () => {
    // This test is about starting; discovery over HTTP has its own test against local fake platforms.
    api = await apiProcesses('e2e', { DISCOVERY_ENABLED: 'false' });

    const first = await api.start();
    expect(first.url).toBe(`http://localhost:${api.env.GATEWAY_PORT}/graphql`);
    const query = `{ track(isrc: "GBDUW0000053") { title links { source externalId url } spotifyStreams { date total daily } libraryTracks { title } matches { totalCount } } }`;
    expect(first.adminKey).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    const answer = await post(first.url, query, {}, { key: first.adminKey });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.track).toMatchObject({ title: 'One More Time', libraryTracks: [{ title: 'One More Time' }], matches: { totalCount: 2 } });
    expect(answer.body.data.track.links).toHaveLength(6);
    const health = await fetch(new URL('/health', first.url));
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    expect(await api.stop(first.child)).toBe(0);

    const second = await api.start();
    // The key is printed once, on the first start only, and still works after the restart.
    expect(second.adminKey).toBeUndefined();
    expect(second.output()).not.toContain(first.adminKey!);
    const again = await post(second.url, query, {}, { key: first.adminKey });
    expect(again.body.data).toEqual(answer.body.data);
    expect(await api.stop(second.child)).toBe(0);
  }, 300_000);
});
