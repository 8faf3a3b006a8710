import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { upsertTrack, type CatalogTrackInput } from '../../../subgraphs/links/src/catalog/upsertTrack.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { findBestMatches } from '../../../subgraphs/links/src/search/findBestMatches.ts';
import { backfillSearchColumns } from '../../../subgraphs/links/src/search/backfillSearchColumns.ts';
import { findBestMatch, resolveThreshold, searchTracks } from '../../../subgraphs/links/src/search/searchTracks.ts';
import { createTestSubgraph, execute } from '../../helpers/subgraph.ts';

let links: Subgraph<LinksPrisma, Context>;
const RESOLVE_MATCH_THRESHOLD = resolveThreshold();

// "One More Time" by Daft Punk (GBDUW0000053) is seeded; these are its other versions and some neighbours.
const VERSIONS = {
  live: 'One More Time (Live)',
  edit: 'One More Time - Radio Edit',
  remix: 'One More Time (Remix)',
  acoustic: 'One More Time (Acoustic)',
  instrumental: 'One More Time (Instrumental)',
  remaster: 'One More Time - 2011 Remaster',
  'sped up': 'One More Time (Sped Up)',
  slowed: 'One More Time (Slowed + Reverb)',
};
const track = (n: number, title: string, ...artists: string[]): CatalogTrackInput => ({
  isrc: `QZTST26${String(n).padStart(5, '0')}`,
  title,
  artists: artists.map((name) => ({ name })),
});
const CATALOG: CatalogTrackInput[] = [
  ...Object.values(VERSIONS).map((title, i) => track(i + 1, title, 'Daft Punk')),
  track(20, 'One More Time', 'The Namesakes'),
  track(21, 'Déjà Vu (feat. Jay-Z)', 'Beyoncé'),
  track(22, 'Back In Black', 'AC/DC'),
  track(23, 'The Sound of Silence', 'Simon & Garfunkel'),
  track(24, 'Dancing with Myself', 'Billy Idol'),
  track(25, 'One Kiss', 'Calvin Harris', 'Dua Lipa'),
  track(26, 'Get Lucky (feat. Pharrell Williams & Nile Rodgers)', 'Daft Punk'),
  track(27, 'Rock & Roll', 'Led Zeppelin'),
  track(28, 'Karma Police - Remastered', 'Radiohead'),
];

beforeAll(async () => {
  links = await createTestSubgraph(linksSubgraph);
  await links.prisma.$transaction(async (tx) => {
    for (const input of CATALOG) await upsertTrack(tx, input);
  });
});
afterAll(() => links?.close());

const search = (options: Parameters<typeof searchTracks>[1]) => searchTracks(links.prisma, options);
const titles = async (options: Parameters<typeof searchTracks>[1]) => (await search(options)).map((hit) => hit.track.title);

describe('ranks the exact match first', () => {
  it('scores an exact artist and title near 1, above every other version', async () => {
    const hits = await search({ artist: 'Daft Punk', title: 'One More Time' });
    expect(hits[0]?.track.isrc).toBe('GBDUW0000053');
    expect(hits[0]?.score).toBeGreaterThanOrEqual(0.99);
    expect(hits[1]?.score).toBeLessThan(hits[0]!.score);
  });

  it('keeps every score within [0, 1]', async () => {
    for (const options of [{ artist: 'Daft Punk' }, { title: 'one more' }, { query: 'daft punk one more time live' }, { artist: 'x', title: 'y' }]) {
      for (const hit of await search({ ...options, limit: 50 })) {
        expect(hit.score).toBeGreaterThanOrEqual(0);
        expect(hit.score).toBeLessThanOrEqual(1);
      }
    }
  });

  it('ranks the artist asked for above a namesake with the same title', async () => {
    const hits = await search({ artist: 'The Namesakes', title: 'One More Time' });
    expect(hits[0]?.track.isrc).toBe('QZTST2600020');
    const daftPunk = hits.find((hit) => hit.track.isrc === 'GBDUW0000053');
    expect(daftPunk!.score).toBeLessThan(0.5);
  });
});

describe('ignores how names are written', () => {
  it.each([
    ['beyonce', 'deja vu'],
    ['BEYONCÉ', 'Déjà Vu'],
    ['Beyonce feat. Jay Z', 'Deja Vu'],
    ['Beyoncé & JAY-Z', 'déjà vu!'],
    ['', 'Deja Vu (feat. Jay-Z)'],
  ])('%j / %j', async (artist, title) => {
    const [best] = await search({ artist: artist || null, title });
    expect(best?.track.title).toBe('Déjà Vu (feat. Jay-Z)');
    expect(best!.score).toBeGreaterThanOrEqual(0.9);
  });

  it.each(['ACDC', 'AC/DC', 'ac dc', 'Ac-Dc'])('AC/DC as %j', async (artist) => {
    const [best] = await search({ artist, title: 'back in black' });
    expect(best?.track.title).toBe('Back In Black');
    expect(best!.score).toBeGreaterThanOrEqual(0.95);
  });

  it.each(['Simon and Garfunkel', 'Simon & Garfunkel', 'simon + garfunkel', 'Garfunkel, Simon'])('%j', async (artist) => {
    const [best] = await search({ artist, title: 'The Sound of Silence' });
    expect(best?.track.title).toBe('The Sound of Silence');
    expect(best!.score).toBeGreaterThanOrEqual(0.95);
  });

  it('reads & and "and" in titles alike', async () => {
    const [best] = await search({ artist: 'Led Zeppelin', title: 'Rock and Roll' });
    expect(best?.track.title).toBe('Rock & Roll');
    expect(best!.score).toBeGreaterThanOrEqual(0.99);
  });

  it.each(['Calvin Harris feat. Dua Lipa', 'Calvin Harris ft. Dua Lipa', 'Calvin Harris featuring Dua Lipa', 'Calvin Harris with Dua Lipa', 'Calvin Harris x Dua Lipa', 'Dua Lipa, Calvin Harris', 'Calvin Harris & Dua Lipa'])(
    'featured artists as %j',
    async (artist) => {
      const [best] = await search({ artist, title: 'One Kiss' });
      expect(best?.track.title).toBe('One Kiss');
      expect(best!.score).toBeGreaterThanOrEqual(0.99);
    },
  );

  it.each(['One Kiss (with Dua Lipa)', 'One Kiss (feat. Dua Lipa)', 'One Kiss ft. Dua Lipa', 'One Kiss [featuring Dua Lipa]'])('featured artist in the title: %j', async (title) => {
    const [best] = await search({ artist: 'Calvin Harris', title });
    expect(best?.track.title).toBe('One Kiss');
    expect(best!.score).toBeGreaterThanOrEqual(0.99);
  });

  it('finds a track whose stored title names a featured artist by the artist alone', async () => {
    const [best] = await search({ artist: 'Daft Punk feat. Pharrell Williams', title: 'Get Lucky' });
    expect(best?.track.title).toBe('Get Lucky (feat. Pharrell Williams & Nile Rodgers)');
    expect(best!.score).toBeGreaterThanOrEqual(0.9);
  });

  it('treats "with" in a title as a word, not a separator', async () => {
    const [best] = await search({ title: 'Dancing With Myself' });
    expect(best?.track.title).toBe('Dancing with Myself');
    expect(best!.score).toBe(1);
  });
});

describe('version qualifiers', () => {
  it('ranks the original first when the query names no version, every version after it', async () => {
    for (const options of [{ artist: 'Daft Punk', title: 'One More Time' }, { title: 'one more time' }, { query: 'daft punk one more time' }]) {
      const hits = await search({ ...options, limit: 20 });
      expect(hits[0]?.track.isrc).toBe('GBDUW0000053');
      for (const title of Object.values(VERSIONS)) expect(hits.map((hit) => hit.track.title)).toContain(title);
    }
  });

  it.each(Object.entries(VERSIONS))('a query naming %j ranks that version first', async (qualifier, title) => {
    expect((await titles({ artist: 'Daft Punk', title: `One More Time (${qualifier})` }))[0]).toBe(title);
    expect((await titles({ artist: 'Daft Punk', title: `one more time ${qualifier}` }))[0]).toBe(title);
    expect((await titles({ query: `daft punk one more time ${qualifier}` }))[0]).toBe(title);
  });

  it('prefers the version asked for by its written form', async () => {
    expect((await titles({ artist: 'Daft Punk', title: 'One More Time - Live' }))[0]).toBe(VERSIONS.live);
    expect((await titles({ artist: 'Daft Punk', title: 'One More Time (Radio Edit)' }))[0]).toBe(VERSIONS.edit);
    expect((await titles({ artist: 'Daft Punk', title: 'One More Time (Remastered)' }))[0]).toBe(VERSIONS.remaster);
    expect((await titles({ artist: 'Daft Punk', title: 'One More Time (slowed & reverb)' }))[0]).toBe(VERSIONS.slowed);
  });

  it('scores other versions below the resolve threshold, except a remaster', async () => {
    const hits = await search({ artist: 'Daft Punk', title: 'One More Time', limit: 20 });
    for (const hit of hits.filter((h) => h.track.isrc !== 'GBDUW0000053' && h.track.title.startsWith('One More Time'))) {
      if (hit.track.title === VERSIONS.remaster) expect(hit.score).toBeGreaterThanOrEqual(RESOLVE_MATCH_THRESHOLD);
      else expect(hit.score).toBeLessThan(RESOLVE_MATCH_THRESHOLD);
    }
  });
});

describe('unrelated queries', () => {
  it('return nothing, or nothing above the threshold', async () => {
    expect(await search({ artist: 'Nobody Known', title: 'Zyxwv Qutsr' })).toEqual([]);
    for (const hit of await search({ artist: 'Radiohead', title: 'One Kiss Me Now' })) expect(hit.score).toBeLessThan(RESOLVE_MATCH_THRESHOLD);
  });
});

describe('findBestMatch', () => {
  it('returns the top hit above the threshold', async () => {
    expect((await findBestMatch(links.prisma, 'daft punk', 'one more time'))?.track.isrc).toBe('GBDUW0000053');
    expect((await findBestMatch(links.prisma, 'Daft Punk', 'One More Time (Live)'))?.track.title).toBe(VERSIONS.live);
    expect((await findBestMatch(links.prisma, 'Radiohead', 'Paranoid Android'))?.track.isrc).toBe('GBAYE9700074');
  });

  it('forgives one typo in the artist and one in the title, but not three in the title', async () => {
    expect((await findBestMatch(links.prisma, 'Radiohed', 'Paranoid Android'))?.track.isrc).toBe('GBAYE9700074');
    expect((await findBestMatch(links.prisma, 'Radiohead', 'Paranoid Androd'))?.track.isrc).toBe('GBAYE9700074');
    expect((await findBestMatch(links.prisma, 'Radiohed', 'Paranoid Androd'))?.track.isrc).toBe('GBAYE9700074');
    expect(await findBestMatch(links.prisma, 'Radiohead', 'Parnod Andrid')).toBeNull();
  });

  it('accepts a remaster when the original is not in the catalog', async () => {
    const hit = await findBestMatch(links.prisma, 'Radiohead', 'Karma Police');
    expect(hit?.track.title).toBe('Karma Police - Remastered');
    expect(hit!.score).toBeCloseTo(0.97, 2);
  });

  it('returns null below it: another artist, another song, a version that is not there', async () => {
    expect(await findBestMatch(links.prisma, 'Radiohead', 'One More Time')).toBeNull();
    expect(await findBestMatch(links.prisma, 'Daft Punk', 'Harder Better Faster Stronger')).toBeNull();
    expect(await findBestMatch(links.prisma, 'Daft Punk', 'Get Lucky (Live)')).toBeNull();
    expect(await findBestMatch(links.prisma, 'Daft Punk', 'Get Lucky (Radio Edit)')).toBeNull();
  });

  it('names the argument with the caller’s prefix', async () => {
    await expect(findBestMatch(links.prisma, ' ', 'One More Time', 'items[3].')).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'items[3].artist' } });
  });
});

describe('findBestMatches', () => {
  const PAIRS = [
    { artist: 'daft punk', title: 'one more time' },
    { artist: 'Radiohead', title: 'One More Time' },
    { artist: 'Daft Punk', title: 'One More Time (Live)' },
    { artist: null, title: 'Dancing With Myself' },
    { artist: 'Calvin Harris x Dua Lipa', title: 'One Kiss' },
    { artist: 'Daft Punk', title: 'Get Lucky (Radio Edit)' },
  ];

  it('answers each pair as findBestMatch does, in input order', async () => {
    const batch = await findBestMatches(links.prisma, PAIRS);
    const single = await Promise.all(PAIRS.map(({ artist, title }) => findBestMatch(links.prisma, artist, title)));
    expect(batch.map((hit) => hit && { score: hit.score, isrc: hit.track.isrc })).toEqual(single.map((hit) => hit && { score: hit.score, isrc: hit.track.isrc }));
    expect(batch.map((hit) => hit?.track.title ?? null)).toEqual(['One More Time', null, VERSIONS.live, 'Dancing with Myself', 'One Kiss', null]);
  });

  it('sends one statement for 100 pairs', async () => {
    const sql: string[] = [];
    const stop = links.onQuery((statement) => sql.push(statement));
    try {
      const hits = await findBestMatches(links.prisma, Array.from({ length: 100 }, (_, i) => PAIRS[i % PAIRS.length]!));
      expect(hits).toHaveLength(100);
      expect(hits[94]?.track.title).toBe('One Kiss');
    } finally {
      stop();
    }
    expect(sql).toHaveLength(1);
  });

  it('names the bad item', async () => {
    await expect(findBestMatches(links.prisma, [PAIRS[0]!, { artist: 'x', title: ' ' }])).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'items[1].title' } });
  });
});

const SEARCH = /* GraphQL */ `
  query Search($artist: String, $title: String, $query: String, $limit: Int, $durationMs: Int) {
    searchTracks(artist: $artist, title: $title, query: $query, limit: $limit, durationMs: $durationMs) { score ambiguous track { id isrc title releaseDate genres artists { name } } }
  }
`;

describe('Query.searchTracks', () => {
  it('returns hits with full tracks', async () => {
    const { data, errors } = await execute(links, SEARCH, { query: 'playboi carti evil jordan', limit: 1 });
    expect(errors).toBeUndefined();
    expect(data?.searchTracks).toHaveLength(1);
    expect(data?.searchTracks[0].track).toMatchObject({ isrc: 'USUM72414866', title: 'EVIL J0RDAN', releaseDate: '2025-03-14', genres: [], artists: [{ name: 'Playboi Carti' }] });
  });

  it.each([
    [{}, 'query', /at least one of `artist`, `title` or `query`/],
    [{ artist: '  ', title: 'x' }, 'artist', /`artist` is blank/],
    [{ title: '' }, 'title', /`title` is blank/],
    [{ query: '!!!' }, 'query', /no letters or digits/],
    [{ title: 'a'.repeat(201) }, 'title', /201 characters long; at most 200/],
    [{ title: 'x', limit: 0 }, 'limit', /from 1 to 50/],
    [{ title: 'x', limit: 51 }, 'limit', /from 1 to 50/],
    [{ title: 'x', durationMs: 0 }, 'durationMs', /whole number of milliseconds from 1 to 10800000/],
    [{ title: 'x', durationMs: -1 }, 'durationMs', /whole number of milliseconds/],
    [{ title: 'x', durationMs: 2_000_000_000 }, 'durationMs', /whole number of milliseconds/],
  ])('rejects %j', async (variables, argument, message) => {
    const { data, errors } = await execute(links, SEARCH, variables);
    expect(data).toEqual({ searchTracks: null });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(errors?.[0]?.message).toMatch(message);
  });
});

describe('ambiguity and duration', () => {
  it('marks namesakes sharing a title as ambiguous when no artist tells them apart, and ranks the exact title first', async () => {
    const { data, errors } = await execute(links, SEARCH, { title: 'One More Time', limit: 3 });
    expect(errors).toBeUndefined();
    const [first, second] = data?.searchTracks;
    expect(first).toMatchObject({ ambiguous: true, track: { title: 'One More Time' } });
    expect(second).toMatchObject({ ambiguous: true, track: { title: 'One More Time' } });
    expect(first.score).toBeLessThan(RESOLVE_MATCH_THRESHOLD);
    expect((await execute(links, SEARCH, { artist: 'Daft Punk', title: 'One More Time', limit: 1 })).data?.searchTracks[0]).toMatchObject({ ambiguous: false });
  });

  it('lets durationMs refuse a recording of another length', async () => {
    const row = await links.prisma.track.findUnique({ where: { isrc: 'GBAYE9700074' } });
    const seconds = row!.durationSeconds!;
    const near = await search({ artist: 'Radiohead', title: 'Paranoid Android', durationMs: seconds * 1000 + 300 });
    const far = await search({ artist: 'Radiohead', title: 'Paranoid Android', durationMs: seconds * 1000 + 90_000 });
    expect(near[0]!.score).toBeGreaterThanOrEqual(0.99);
    expect(far[0]!.score).toBeLessThan(RESOLVE_MATCH_THRESHOLD);
  });
});

describe('search columns', () => {
  it('are filled for the seeded demo tracks', async () => {
    const row = await links.prisma.track.findUnique({ where: { isrc: 'GBDUW0000053' } });
    expect(row).toMatchObject({ searchTitle: 'one more time', searchArtists: 'daft punk' });
  });

  it('are backfilled for rows written before they existed', async () => {
    await links.prisma.track.update({ where: { isrc: 'GBAYE9700074' }, data: { searchTitle: '', searchArtists: '' } });
    expect(await backfillSearchColumns(links.prisma)).toBe(1);
    expect(await links.prisma.track.findUnique({ where: { isrc: 'GBAYE9700074' } })).toMatchObject({ searchTitle: 'paranoid android', searchArtists: 'radiohead' });
    expect(await backfillSearchColumns(links.prisma)).toBe(0);
  });
});

describe('runs in SQL', () => {
  const HITS = /* GraphQL */ `query Hits($artist: String, $title: String) { searchTracks(artist: $artist, title: $title, limit: 5) { score track { id isrc title } } }`;

  it('sends one statement whatever the catalog size, and still ranks right among 300 namesakes', async () => {
    const before = await execute(links, HITS, { artist: 'Daft Punk', title: 'One More Time' });
    await links.prisma.$transaction(async (tx) => {
      for (let i = 0; i < 300; i++) await upsertTrack(tx, track(1000 + i, i % 2 ? `One More Time ${i}` : 'One More Time', `Cover Band ${i}`));
    }, { timeout: 120_000 });
    const after = await execute(links, HITS, { artist: 'Daft Punk', title: 'One More Time' });
    expect(after.errors).toBeUndefined();
    expect(after.data?.searchTracks[0].track.isrc).toBe('GBDUW0000053');
    expect(after.data?.searchTracks).toHaveLength(5);
    expect(after.sql).toHaveLength(1);
    expect(after.sql[0]).toMatch(/"searchTitle" %/);
    expect(after.sql.length).toBe(before.sql.length);
  }, 120_000);
});
