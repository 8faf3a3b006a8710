import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../../subgraphs/library/src/context.ts';
import type { LibraryPrisma } from '../../../../subgraphs/library/src/db.ts';
import { enrichLibrary, type GatewayRequest } from '../../../../subgraphs/library/src/ingest/enrichLibrary.ts';
import { librarySubgraph } from '../../../../subgraphs/library/src/module.ts';
import { createTestSubgraph } from '../../../helpers/subgraph.ts';

// Enrichment of ISRCs links has no recording of: discovery's status per platform decides,
// so a platform still to answer stays PENDING (asked again later) instead of NOT_FOUND for good.
let library: Subgraph<LibraryPrisma, Context>;
const ACCOUNT = 'enrich-status';
const PENDING_ISRC = 'QZENR2600001';
const NOWHERE_ISRC = 'QZENR2600002';

beforeAll(async () => {
  library = await createTestSubgraph(librarySubgraph);
  const artist = await library.prisma.artist.create({ data: { accountId: ACCOUNT, name: 'Status Band' } });
  const album = await library.prisma.album.create({ data: { accountId: ACCOUNT, artistId: artist.id, title: 'Statuses' } });
  for (const [title, isrc] of [['Pending', PENDING_ISRC], ['Nowhere', NOWHERE_ISRC]]) {
    await library.prisma.track.create({ data: { accountId: ACCOUNT, artistId: artist.id, albumId: album.id, title: title!, isrc } });
  }
});
afterAll(() => library?.close());

describe('enrichLibrary, ISRCs links does not know', () => {
  it('asks linkStatus for them after the lookup, in one request, and stores PENDING and ERROR where a platform is still to answer', async () => {
    const sent: { query: string; variables: Record<string, unknown> }[] = [];
    const request: GatewayRequest = async <T,>(query: string, variables: Record<string, unknown>) => {
      sent.push({ query, variables });
      if (query.includes('tracks(isrcs:')) return { byIsrc: [null, null] } as T;
      const states = (isrc: unknown) =>
        isrc === PENDING_ISRC
          ? [{ source: 'MUSICBRAINZ', state: 'NOT_FOUND' }, { source: 'SPOTIFY', state: 'PENDING' }, { source: 'APPLE_MUSIC', state: 'UNCHECKED' }, { source: 'DEEZER', state: 'ERROR' }]
          : null;
      return Object.fromEntries(Object.entries(variables).map(([name, isrc]) => [name.replace('i', 's'), states(isrc)])) as T;
    };
    const summary = await enrichLibrary(library.prisma, request, { accountId: ACCOUNT });
    expect(summary).toMatchObject({ tracks: 2, byIsrc: 0, isrcUnknown: 2, requests: 2 });
    expect(sent[1]!.query).toContain('s1: linkStatus(isrc: $i1');
    expect(Object.values(sent[1]!.variables).sort()).toEqual([PENDING_ISRC, NOWHERE_ISRC]);
    const rows = await library.prisma.trackExternalId.findMany({ where: { track: { accountId: ACCOUNT } }, select: { provider: true, matchStatus: true, track: { select: { title: true } } } });
    const status = (title: string) => Object.fromEntries(rows.filter((r) => r.track.title === title).map((r) => [r.provider, r.matchStatus]));
    expect(status('Pending')).toEqual({ MUSICBRAINZ: 'NOT_FOUND', SPOTIFY: 'PENDING', ITUNES: 'PENDING', DEEZER: 'ERROR' });
    expect(status('Nowhere')).toEqual({ MUSICBRAINZ: 'NOT_FOUND', SPOTIFY: 'NOT_FOUND', ITUNES: 'NOT_FOUND', DEEZER: 'NOT_FOUND' });
  });
});
