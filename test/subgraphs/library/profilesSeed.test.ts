import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/library/src/context.ts';
import type { LibraryPrisma } from '../../../subgraphs/library/src/db.ts';
import { librarySubgraph } from '../../../subgraphs/library/src/module.ts';
import { testCaller } from '../../helpers/callers.ts';
import { createTestSubgraph, execute } from '../../helpers/subgraph.ts';

// The demo account's two profiles, each with a watchlist and a wishlist.
let subgraph: Subgraph<LibraryPrisma, Context>;
beforeAll(async () => {
  subgraph = await createTestSubgraph(librarySubgraph);
});
afterAll(() => subgraph?.close());

describe('demo profiles', () => {
  it('seeds Admin (default) and Family with their lists, idempotently', async () => {
    await librarySubgraph.seedDemo(subgraph.prisma);
    const demo = testCaller('demo');
    const { data, errors } = await execute(subgraph, '{ profiles { id name isDefault hasPin avatarColor } }', {}, demo);
    expect(errors).toBeUndefined();
    expect(data!.profiles.map((p: { name: string; isDefault: boolean }) => [p.name, p.isDefault])).toEqual([['Admin', true], ['Family', false]]);
    const family = data!.profiles[1].id;
    const lists = await execute(subgraph, 'query ($p: ID) { watchlist(profile: $p) { nodes { artistName filters { live } } } wishlist(profile: $p) { nodes { isrc title } } }', { p: family }, demo);
    expect(lists.data).toEqual({ watchlist: { nodes: [{ artistName: 'Radiohead', filters: { live: true } }] }, wishlist: { nodes: [{ isrc: 'GBDUW0000053', title: 'One More Time' }] } });
    const admin = await execute(subgraph, '{ watchlist { nodes { artistName spotifyArtistId } } wishlist { nodes { source externalId note } } }', {}, demo);
    expect(admin.data).toEqual({
      watchlist: { nodes: [{ artistName: 'Daft Punk', spotifyArtistId: '4tZwfgrHOc3mvqYlEYSvnL' }] },
      wishlist: { nodes: [{ source: 'SPOTIFY', externalId: '6LgJvl0Xdtc73RJ1mN1a7Z', note: 'No sources found' }] },
    });
    expect(await subgraph.prisma.profile.count({ where: { accountId: 'demo' } })).toBe(2);
  });
});
