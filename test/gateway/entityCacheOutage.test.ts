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
    const full = await ask(page(4));
    expect(full.errors).toBeUndefined();
    const nodes = full.data.libraryTracks.nodes;
    expect(nodes.slice(0, 4).every((node: any) => node.track)).toBe(true);
    // Only the first two are cached.
    await stack.stop('links');
    await stack.restart('links');
    const warm = await ask(page(2));
    expect(warm.errors).toBeUndefined();
    await stack.stop('links');
    try {
      const { data, errors } = await ask(page(4));
      expect(data.libraryTracks.nodes.map((node: any) => node.title)).toEqual(nodes.map((node: any) => node.title));
      expect(data.libraryTracks.nodes.slice(0, 2)).toEqual(nodes.slice(0, 2));
      expect(data.libraryTracks.nodes.slice(2).map((node: any) => node.track)).toEqual([null, null]);
      expect(errors).toEqual([2, 3].map((index) => expect.objectContaining({ path: ['libraryTracks', 'nodes', index, 'track'], extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', serviceName: 'links' }) })));
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
