import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../../lib/pagination.ts';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/library/src/context.ts';
import type { LibraryPrisma } from '../../../subgraphs/library/src/db.ts';
import { librarySubgraph } from '../../../subgraphs/library/src/module.ts';
import { testCaller } from '../../helpers/callers.ts';
import { createTestSubgraph, execute } from '../../helpers/subgraph.ts';

// The demo library is the demo account's.
const DEMO = testCaller('demo');
const ACCOUNT = { accountId: 'demo' };

let library: Subgraph<LibraryPrisma, Context>;
beforeAll(async () => {
  library = await createTestSubgraph(librarySubgraph);
  // Beyond the 4 demo tracks: accented names to search, and a title with a LIKE wildcard in it.
  await library.prisma.artist.create({
    data: {
      ...ACCOUNT,
      name: 'Sigur Rós',
      albums: { create: { ...ACCOUNT, title: 'Ágætis byrjun', year: 1999 } },
    },
  });
  const sigurRos = await library.prisma.album.findFirstOrThrow({ where: { title: 'Ágætis byrjun' } });
  await library.prisma.track.createMany({
    data: ['Svefn-g-englar', 'Starálfur', 'Flugufrelsarinn', 'Ný batterí', 'Olsen Olsen'].map((title, i) => ({
      ...ACCOUNT,
      title,
      trackNumber: i + 2,
      albumId: sigurRos.id,
      artistId: sigurRos.artistId,
    })),
  });
  const crystal = await library.prisma.artist.create({ data: { ...ACCOUNT, name: 'Crystal Waters', albums: { create: { ...ACCOUNT, title: 'Storyteller' } } }, include: { albums: true } });
  await library.prisma.track.create({ data: { ...ACCOUNT, title: '100% Pure Love', artistId: crystal.id, albumId: crystal.albums[0]!.id } });
});
afterAll(() => library?.close());

const ALL_TRACKS = 10;

const LIBRARY_TRACKS = /* GraphQL */ `
  query LibraryTracks($search: String, $first: Int, $after: String) {
    libraryTracks(search: $search, first: $first, after: $after) {
      edges { cursor node { id title } }
      nodes { id title artistName albumTitle trackNumber durationMs isrc track { __typename isrc } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      totalCount
    }
  }
`;

interface Page {
  edges: { cursor: string; node: { id: string; title: string } }[];
  nodes: { id: string; title: string; artistName: string; albumTitle: string; trackNumber: number | null; durationMs: number | null; isrc: string | null; track: { __typename: string; isrc: string } | null }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

async function page(variables: Record<string, unknown>): Promise<Page> {
  const { data, errors } = await execute(library, LIBRARY_TRACKS, variables, DEMO);
  expect(errors).toBeUndefined();
  return (data as { libraryTracks: Page }).libraryTracks;
}

async function titles(search: string): Promise<string[]> {
  return (await page({ search })).nodes.map((n) => n.title);
}

describe('Query.libraryTracks pages', () => {
  it('returns the demo tracks with their artist and album, ordered by id', async () => {
    const { nodes, totalCount, pageInfo } = await page({});
    expect(totalCount).toBe(ALL_TRACKS);
    expect(nodes).toHaveLength(ALL_TRACKS);
    expect(pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    const ids = nodes.map((n) => Number(n.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(nodes.find((n) => n.title === 'Paranoid Android')).toEqual({
      id: expect.any(String),
      title: 'Paranoid Android',
      artistName: 'Radiohead',
      albumTitle: 'OK Computer',
      trackNumber: 2,
      durationMs: 383000,
      isrc: 'GBAYE9700074',
      track: { __typename: 'Track', isrc: 'GBAYE9700074' },
    });
    expect(nodes.find((n) => n.title === 'Airbag')).toMatchObject({ isrc: null, track: null, trackNumber: 1 });
  });

  it('walks every track in pages of 3 with cursors, none twice', async () => {
    const seen: string[] = [];
    const pages: Page[] = [];
    let after: string | null = null;
    do {
      const current: Page = await page({ first: 3, after });
      pages.push(current);
      seen.push(...current.nodes.map((n) => n.id));
      after = current.pageInfo.hasNextPage ? current.pageInfo.endCursor : null;
    } while (after);
    expect(pages.map((p) => p.nodes.length)).toEqual([3, 3, 3, 1]);
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, true, false]);
    expect(pages.map((p) => p.pageInfo.hasPreviousPage)).toEqual([false, true, true, true]);
    expect(pages.every((p) => p.totalCount === ALL_TRACKS)).toBe(true);
    expect(new Set(seen).size).toBe(ALL_TRACKS);
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => a - b));
    for (const p of pages) {
      expect(p.edges.map((e) => e.node.id)).toEqual(p.nodes.map((n) => n.id));
      expect(p.pageInfo.startCursor).toBe(p.edges[0]?.cursor);
      expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)?.cursor);
    }
  });

  it('answers an empty page after the last track', async () => {
    const { endCursor } = (await page({})).pageInfo;
    const last = await page({ after: endCursor });
    expect(last).toEqual({
      edges: [],
      nodes: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
      totalCount: ALL_TRACKS,
    });
  });

  it('costs two statements (page and count) whatever is selected', async () => {
    const result = await execute(library, LIBRARY_TRACKS, { first: 100, search: 'o' }, DEMO);
    expect(result.errors).toBeUndefined();
    expect(result.sql).toHaveLength(2);
  });
});

describe('Query.libraryTracks search', () => {
  it('matches title, artist name or album title, ignoring case', async () => {
    expect(await titles('PARANOID')).toEqual(['Paranoid Android']);
    expect(await titles('radiohead')).toEqual(['Airbag', 'Paranoid Android', 'Subterranean Homesick Alien']);
    expect(await titles('discovery')).toEqual(['One More Time']);
  });

  it('ignores accents in the data and in the search', async () => {
    expect(await titles('sigur ros')).toHaveLength(5);
    expect(await titles('STARALFUR')).toEqual(['Starálfur']);
    expect(await titles('agaetis')).toHaveLength(5);
    expect(await titles('ny batteri')).toEqual(['Ný batterí']);
    expect(await titles('paranoïd ÁNDROID')).toEqual(['Paranoid Android']);
  });

  it('counts every match and pages through them', async () => {
    const first = await page({ search: 'Sigur Rós', first: 2 });
    expect(first.totalCount).toBe(5);
    expect(first.nodes.map((n) => n.title)).toEqual(['Svefn-g-englar', 'Starálfur']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await page({ search: 'Sigur Rós', first: 10, after: first.pageInfo.endCursor });
    expect(rest.totalCount).toBe(5);
    expect(rest.nodes.map((n) => n.title)).toEqual(['Flugufrelsarinn', 'Ný batterí', 'Olsen Olsen']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('takes LIKE wildcards literally', async () => {
    expect(await titles('%')).toEqual(['100% Pure Love']);
    expect(await titles('_')).toEqual([]);
    expect(await titles('\\')).toEqual([]);
  });

  it('treats a blank search as none, and finds nothing for an unknown word', async () => {
    expect((await page({ search: '   ' })).totalCount).toBe(ALL_TRACKS);
    const none = await page({ search: 'no such track anywhere' });
    expect(none.totalCount).toBe(0);
    expect(none.nodes).toEqual([]);
    expect(none.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
  });

  it('accepts a search of exactly 200 characters', async () => {
    expect((await page({ search: 'é'.repeat(200) })).totalCount).toBe(0);
  });
});

describe('Query.libraryTracks rejects bad input', () => {
  it.each([0, 201, -1])('first: %j', async (first) => {
    const { data, errors } = await execute(library, LIBRARY_TRACKS, { first }, DEMO);
    expect(data).toEqual({ libraryTracks: null });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first', value: first });
    expect(errors?.[0]?.message).toContain('between 1 and 200');
  });

  it.each([
    ['garbage', 'not base64 of ours'],
    [encodeCursor('abc'), 'not an integer key'],
    [encodeCursor(99_999_999_999), 'beyond any row id'],
    [encodeCursor(-1), 'negative'],
  ])('after: %j (%s)', async (after) => {
    const { errors } = await execute(library, LIBRARY_TRACKS, { after }, DEMO);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after', value: after });
    expect(errors?.[0]?.message).toContain('not a cursor this API issued');
  });

  it('a search longer than 200 characters', async () => {
    const { errors } = await execute(library, LIBRARY_TRACKS, { search: 'a'.repeat(201) }, DEMO);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'search', max: 200 });
    expect(errors?.[0]?.message).toBe('`search` must be at most 200 characters, got 201.');
  });

  it('a search with a NUL character', async () => {
    const { errors } = await execute(library, LIBRARY_TRACKS, { search: 'a\u0000b' }, DEMO);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'search' });
  });
});

describe('unaccent migration', () => {
  it('installs the extension in public, outside the subgraph schema', async () => {
    const rows = await library.db.sql.query<{ schema: string }>(
      `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'`,
    );
    expect(rows).toEqual([{ schema: 'public' }]);
  });
});
