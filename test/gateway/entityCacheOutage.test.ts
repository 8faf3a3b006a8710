import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackIdForIsrc } from '../../subgraphs/links/src/trackId.ts';
import { BACKEND } from '../helpers/backend.ts';
import { startRestartableStack, type RestartableStack } from '../helpers/restartableStack.ts';
import { post } from '../helpers/stack.ts';

/** A subgraph that goes down behind a warm entity cache: what is cached still answers, the rest fails with its own error. */
let stack: RestartableStack;

beforeAll(async () => {
  stack = await startRestartableStack();
}, 300_000);
afterAll(async () => stack?.close());

const ask = async (query: string, variables: Record<string, unknown> = {}) => (await post(stack.gateway.url, query, variables, { key: stack.adminKey })).body;
const page = (first: number) => `{ libraryTracks(first: ${first}) { nodes { title track { isrc title } } } }`;

describe(`entity cache while a subgraph is down (${BACKEND})`, () => {
  it('links down: cached tracks of a page still answer, the others are null with SERVICE_UNAVAILABLE at their own path', async () => {
    const full = await ask(page(30));
    expect(full.errors).toBeUndefined();
    const nodes = full.data.libraryTracks.nodes;
    const withTrack = nodes.flatMap((node: any, index: number) => (node.track ? [index] : []));
    expect(withTrack.length).toBeGreaterThanOrEqual(2);
    // Any write to links retires what that page cached; then a shorter page caches only the first track.
    await (stack.subgraphs.links.subgraph.prisma as any).$executeRawUnsafe('UPDATE "Track" SET "title" = "title" WHERE false');
    expect((await ask(page(withTrack[0] + 1))).errors).toBeUndefined();
    await stack.stop('links');
    try {
      const { data, errors } = await ask(page(30));
      const answered = data.libraryTracks.nodes;
      expect(answered.map((node: any) => node.title)).toEqual(nodes.map((node: any) => node.title));
      expect(answered[withTrack[0]]).toEqual(nodes[withTrack[0]]);
      for (const index of withTrack.slice(1)) expect(answered[index].track).toBeNull();
      expect(errors).toEqual(
        withTrack.slice(1).map((index: number) => expect.objectContaining({ path: ['libraryTracks', 'nodes', index, 'track', 'title'], extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', serviceName: 'links' }) })),
      );
    } finally {
      await stack.restart('links');
    }
  });

  it('links down: a cached track card answers whole', async () => {
    const card = `query ($id: ID!) { track(id: $id) { title links { source } spotifyStreamTotal { total } } }`;
    const variables = { id: trackIdForIsrc('GBDUW0000053') };
    const before = await ask(card, variables);
    expect(before.errors).toBeUndefined();
    await stack.stop('links');
    try {
      expect(await ask(card, variables)).toEqual(before);
    } finally {
      await stack.restart('links');
    }
  });
});
