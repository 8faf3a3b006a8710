import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../../lib/auth/Caller.ts';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/audio-matches/src/context.ts';
import type { AudioMatchesPrisma } from '../../../subgraphs/audio-matches/src/db.ts';
import { testCaller } from '../../helpers/callers.ts';
import { execute } from '../../helpers/subgraph.ts';
import type { MatchInput } from '../../../subgraphs/audio-matches/src/store/saveAnalysis.ts';
import { createAudioMatchesSubgraph, insertMatches } from './matchFixtures.ts';

let audioMatches: Subgraph<AudioMatchesPrisma, Context>;
const lister = testCaller('lister');
const [T1, T2, T3] = ['2024-01-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'].map((t) => new Date(t)) as [Date, Date, Date];
const TRACK = 'trk_0000000000000000000a';
const OTHER_TRACK = 'trk_0000000000000000000b';

/** The rows, with ties in every sort key and nulls among release dates. */
const ROWS: (Partial<MatchInput> & { title: string; createdAt: Date; releaseDate: string | null; trackId?: string })[] = [
  { title: 'Zebra', releaseDate: '2020-01-01', createdAt: T1 },
  { title: 'Éclair', albumTitle: 'Café Society', releaseDate: null, createdAt: T1 },
  { title: 'apple', releaseDate: '2020-01-01', createdAt: T2 },
  { title: 'Apple', releaseDate: null, createdAt: T2, isCover: true },
  { title: 'mango', releaseDate: '2019-05-05', createdAt: T3, isrc: 'GBDUW0000053', albumUpc: '602455070951', iswc: 'T-034.524.680-1', label: 'Ünïversal', trackId: OTHER_TRACK },
  { title: 'eclair deux', releaseDate: '2021-02-02', createdAt: T1 },
];
let ids: number[] = [];

beforeAll(async () => {
  audioMatches = await createAudioMatchesSubgraph();
  for (const { createdAt, trackId = TRACK, ...fields } of ROWS) {
    const made = await insertMatches(audioMatches.prisma, 'lister', [{ trackId, createdAt, fields: { isCover: false, ...fields } }]);
    ids.push(made.get(trackId)![0]!);
  }
  // Another account's matches, with the same titles and codes: never listed.
  await insertMatches(audioMatches.prisma, 'someone-else', ROWS.map(({ createdAt, ...fields }) => ({ trackId: TRACK, createdAt, fields: { ...fields, trackId: undefined } as never })));
});
afterAll(() => audioMatches?.close());

const LIST = 'query ($filter: TrackMatchFilter, $sort: TrackMatchSort, $first: Int, $after: String) { trackMatches(filter: $filter, sort: $sort, first: $first, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }';
const list = (variables: Record<string, unknown>, caller: Caller | null = lister) => execute(audioMatches, LIST, variables, caller);
const idsOf = (data: any): number[] => data.trackMatches.nodes.map((node: { id: string }) => Number(node.id));

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
/** The order each sort must give, computed independently: nulls last, ties by id in the sort's direction. */
function expectedOrder(sort: string): number[] {
  const key = (i: number): string | null => {
    const row = ROWS[i]!;
    if (sort.startsWith('TITLE')) return fold(row.title);
    if (sort.startsWith('CREATED_AT')) return row.createdAt.toISOString();
    return row.releaseDate;
  };
  const sign = sort.endsWith('_DESC') ? -1 : 1;
  return ROWS.map((_, i) => i)
    .sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      if (ka === null || kb === null) return ka === kb ? sign * (ids[a]! - ids[b]!) : ka === null ? 1 : -1;
      return ka !== kb ? sign * (ka < kb ? -1 : 1) : sign * (ids[a]! - ids[b]!);
    })
    .map((i) => ids[i]!);
}

describe('sorts, pages and cursors', () => {
  it.each(['TITLE_ASC', 'TITLE_DESC', 'CREATED_AT_ASC', 'CREATED_AT_DESC', 'RELEASE_DATE_ASC', 'RELEASE_DATE_DESC'])('%s, two at a time, is stable across pages', async (sort) => {
    const seen: number[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 5; guard++) {
      const { data, errors } = await list({ sort, first: 2, after });
      expect(errors).toBeUndefined();
      expect(data?.trackMatches.totalCount).toBe(ROWS.length);
      seen.push(...idsOf(data));
      after = data?.trackMatches.pageInfo.endCursor;
      if (!data?.trackMatches.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(expectedOrder(sort));
    const { data: all } = await list({ sort, first: 100 });
    expect(idsOf(all)).toEqual(seen);
  });

  it('sorts oldest first when no sort is given', async () => {
    const { data } = await list({});
    expect(idsOf(data)).toEqual(expectedOrder('CREATED_AT_ASC'));
  });

  it('refuses a cursor of another sort, naming `after`', async () => {
    const { data } = await list({ sort: 'TITLE_ASC', first: 1 });
    const { errors } = await list({ sort: 'TITLE_DESC', after: data?.trackMatches.pageInfo.endCursor });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    expect(errors?.[0]?.message).toContain('belongs to sort TITLE_ASC');
  });
});

describe('filters', () => {
  it.each([
    ['title, case and accents ignored', { title: 'ECLAIR' }, [1, 5]],
    ['album title, partial', { albumTitle: 'cafe' }, [1]],
    ['isCover', { isCover: true }, [3]],
    ['trackId', { trackId: OTHER_TRACK }, [4]],
    ['isrc in any layout', { isrc: 'gb-duw-00-00053' }, [4]],
    ['UPC as EAN-13', { albumUpc: '0602455070951' }, [4]],
    ['ISWC compact', { iswc: 'T0345246801' }, [4]],
    ['label, whole, case and accents ignored', { label: 'universal' }, [4]],
    ['label, not partial', { label: 'univ' }, []],
    ['several at once', { title: 'a', isCover: false, trackId: TRACK }, [0, 1, 2, 5]],
    ['LIKE wildcards taken literally', { title: '%' }, []],
  ])('%s', async (_label, filter, rows) => {
    const { data, errors } = await list({ filter, sort: 'CREATED_AT_ASC', first: 100 });
    expect(errors).toBeUndefined();
    expect(idsOf(data).sort((a, b) => a - b)).toEqual(rows.map((i) => ids[i]!));
    expect(data?.trackMatches.totalCount).toBe(rows.length);
  });

  it.each([
    ['isrc', 'XX12345678AB'],
    ['albumUpc', '123456789013'],
    ['iswc', 'T9998887775'],
    ['trackId', 'nope'],
    ['title', 'x'.repeat(201)],
  ])('a bad %s is BAD_USER_INPUT naming filter.%s', async (field, value) => {
    const { data, errors } = await list({ filter: { [field]: value } });
    expect(data?.trackMatches ?? null).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: `filter.${field}` });
  });
});

describe('owner restriction and cost', () => {
  it('lists only the caller\'s matches', async () => {
    const { data } = await list({ first: 100 }, testCaller('nobody'));
    expect(data?.trackMatches).toMatchObject({ totalCount: 0, nodes: [] });
  });

  it('refuses anonymous callers and keys without the matches scope', async () => {
    expect((await list({}, null)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await list({}, testCaller('lister', ['library']))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a page with every relation: the page, its count and one statement per relation', async () => {
    const query = '{ trackMatches(first: 100) { totalCount nodes { id artists { name } distributors { name } timeOffsets { trackStartMs } spotifyArtists { id } deezerArtists { id } analysis { status } } } }';
    const { errors, sql } = await execute(audioMatches, query, {}, lister);
    expect(errors).toBeUndefined();
    expect(sql).toHaveLength(2 + 6);
  });
});
