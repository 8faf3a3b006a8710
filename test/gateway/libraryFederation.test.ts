import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsPrisma } from '../../subgraphs/analytics/src/db.ts';
import { storeChartEdition, storePlaylistSnapshot } from '../../subgraphs/analytics/src/ingest/store.ts';
import type { LibraryPrisma } from '../../subgraphs/library/src/db.ts';
import { trackIdForIsrc } from '../../subgraphs/links/src/trackId.ts';
import { countStatements, post, startTestStack, type TestStack } from '../helpers/stack.ts';
import { TEST_ENV } from '../helpers/subgraph.ts';

// What other subgraphs add to the library's entities through @requires: co-occurrence discovery
// (the library names the profile's watched artists and its recordings by them, analytics adds what
// charted or is playlisted next to them), and the catalog's artist and release of library artists
// and albums (links, from their names, barcodes and canonical recordings).
let stack: TestStack;
let keyA: string;
let keyB: string;
const isrc = (n: number) => `QZNBR26${String(n).padStart(5, '0')}`;
const SEED = isrc(1); // in account A's library, by the watched artist
const QUERY = `{ chartNeighbours(first: 10) { seedArtists seedIsrcs
  tracks { track { isrc } title artistNames sharedChartEditions sharedPlaylists score charts { platform country } playlists { externalId } }
  artists { name sharedChartEditions score charts { platform } } } }`;

beforeAll(async () => {
  stack = await startTestStack({ env: TEST_ENV });
  keyA = await stack.createKey({ accountId: 'neighbours-a', contract: 'partner', plan: 'partner' });
  keyB = await stack.createKey({ accountId: 'neighbours-b', contract: 'partner', plan: 'partner' });
  const library = stack.subgraphs.library.subgraph.prisma as unknown as LibraryPrisma;
  const artist = await library.artist.create({ data: { accountId: 'neighbours-a', name: 'Séed Artist' } });
  const album = await library.album.create({ data: { accountId: 'neighbours-a', artistId: artist.id, title: 'Seeds' } });
  await library.track.create({ data: { accountId: 'neighbours-a', artistId: artist.id, albumId: album.id, title: 'Seed Song', isrc: SEED } });
  const analytics = stack.subgraphs.analytics.subgraph.prisma as unknown as AnalyticsPrisma;
  const chart = { platform: 'SPOTIFY', country: 'GLOBAL', type: 'STREAMS', frequency: 'DAILY' } as const;
  // Three editions: the seed by ISRC in two; in the third only an entry naming the watched artist
  // (another recording of theirs, featuring someone). Neighbour 2 is in all three, neighbour 3 in one.
  await storeChartEdition(analytics, { ...chart, date: '2026-11-01', entries: [
    { position: 1, isrc: SEED, trackName: 'Seed Song', artistNames: 'Seed Artist' },
    { position: 2, isrc: isrc(2), trackName: 'Next Door', artistNames: 'Neighbour Band, Guest' },
    { position: 3, isrc: isrc(3), trackName: 'Once', artistNames: 'Occasional' },
  ] });
  await storeChartEdition(analytics, { ...chart, date: '2026-11-02', entries: [
    { position: 1, isrc: isrc(2), trackName: 'Next Door', artistNames: 'Neighbour Band, Guest' },
    { position: 2, isrc: SEED, trackName: 'Seed Song', artistNames: 'Seed Artist' },
  ] });
  await storeChartEdition(analytics, { ...chart, date: '2026-11-03', entries: [
    { position: 1, isrc: isrc(9), trackName: 'Their Other One', artistNames: 'seed artist feat. Featured' },
    { position: 2, isrc: isrc(2), trackName: 'Next Door', artistNames: 'Neighbour Band, Guest' },
  ] });
  // An edition without any seed: what is in it is no neighbour.
  await storeChartEdition(analytics, { ...chart, date: '2026-11-04', entries: [{ position: 1, isrc: isrc(4), trackName: 'Elsewhere', artistNames: 'Stranger' }] });
  // Playlists: one holds the seed and neighbour 5; another holds only neighbour 6.
  await storePlaylistSnapshot(analytics, { platform: 'DEEZER', externalId: '111', date: '2026-11-05', name: 'With Seed', placements: [{ isrc: SEED, position: 1 }, { isrc: isrc(5), position: 2 }] });
  await storePlaylistSnapshot(analytics, { platform: 'DEEZER', externalId: '222', date: '2026-11-05', name: 'Without', placements: [{ isrc: isrc(6), position: 1 }] });
  await seedCatalogMatches(library);
  const watch = await post(stack.gateway.url, 'mutation { addToWatchlist(artists: [{ artistName: "seed artist" }]) { id } }', {}, { key: keyA });
  expect(watch.body.errors).toBeUndefined();
}, 180_000);
afterAll(() => stack?.close());

/** Links' catalog and account A's library, for catalogArtist and catalogRelease. */
async function seedCatalogMatches(library: LibraryPrisma) {
  const links = stack.linksPrisma;
  const band = await links.artist.create({ data: { name: 'Catalog Band' } });
  const other = await links.artist.create({ data: { name: 'Other Band' } });
  await links.artist.create({ data: { name: 'Name Only' } });
  await links.artist.create({ data: { name: 'Catalog Band Impostor' } });
  const album = await links.release.create({ data: { title: 'Catalog Album', upc: '0602445790128', artistId: band.id } });
  const hits = await links.release.create({ data: { title: 'Hits 2026', artistId: other.id } });
  const barcode = await links.release.create({ data: { title: 'Known By Barcode', upc: '0724384960650', artistId: band.id } });
  const track = (n: number, artistId: number, releaseIds: number[]) =>
    links.track.create({ data: { id: trackIdForIsrc(isrc(n)), isrc: isrc(n), title: `Catalog ${n}`, artists: { create: [{ artistId, position: 0 }] }, releases: { create: releaseIds.map((releaseId) => ({ releaseId })) } } });
  await track(11, band.id, [album.id, hits.id]);
  await track(12, band.id, [album.id]);
  await track(30, other.id, [hits.id]);
  const add = async (artistName: string, albums: { title: string; upc?: string; isrcs: (string | null)[] }[]) => {
    const artist = await library.artist.create({ data: { accountId: 'neighbours-a', name: artistName } });
    for (const a of albums) {
      const row = await library.album.create({ data: { accountId: 'neighbours-a', artistId: artist.id, title: a.title, upc: a.upc ?? null } });
      for (const [i, code] of a.isrcs.entries()) await library.track.create({ data: { accountId: 'neighbours-a', artistId: artist.id, albumId: row.id, title: `${a.title} ${i}`, isrc: code } });
    }
  };
  // Accents and punctuation aside, the credited artist and the album of the same title.
  await add('Catalog Bánd', [
    { title: 'catalog album!', isrcs: [isrc(11), isrc(12)] },
    // One song shared with a compilation, the rest unknown: not the compilation.
    { title: 'My Mix', isrcs: [isrc(11), isrc(20), isrc(21), isrc(22)] },
    // By barcode, the UPC-A form of the catalog's EAN-13.
    { title: 'Whatever', upc: '724384960650', isrcs: [null] },
  ]);
  // No recording known: the exact name decides.
  await add('Name Only', [{ title: 'Nothing Known', isrcs: [null] }]);
  // The catalog knows its recording, credited to another band: the name does not overrule it.
  await add('Catalog Band Impostor', [{ title: 'Borrowed', isrcs: [isrc(30)] }]);
}

describe('catalogArtist and catalogRelease (links, by @requires)', () => {
  const CATALOG = '{ libraryArtists(first: 50) { nodes { name catalogArtist { name } albums { title catalogRelease { title upc artist { name } } } } } }';

  it('ties library artists and albums to the catalog’s by recordings, titles and barcodes, never by one shared song', async () => {
    const { result, statements } = await countStatements(stack, () => post(stack.gateway.url, CATALOG, {}, { key: keyA }));
    expect(result.body.errors).toBeUndefined();
    const byName = Object.fromEntries(result.body.data.libraryArtists.nodes.map((a: any) => [a.name, a]));
    expect(byName['Catalog Bánd'].catalogArtist).toEqual({ name: 'Catalog Band' });
    const albums = Object.fromEntries(byName['Catalog Bánd'].albums.map((a: any) => [a.title, a.catalogRelease]));
    expect(albums).toEqual({
      'catalog album!': { title: 'Catalog Album', upc: '0602445790128', artist: { name: 'Catalog Band' } },
      'My Mix': null,
      Whatever: { title: 'Known By Barcode', upc: '0724384960650', artist: { name: 'Catalog Band' } },
    });
    expect(byName['Name Only'].catalogArtist).toEqual({ name: 'Name Only' });
    expect(byName['Catalog Band Impostor'].catalogArtist).toBeNull();
    expect(byName['Catalog Band Impostor'].albums[0].catalogRelease).toBeNull();
    // One statement for all artists, one for all albums.
    expect(statements.links).toBe(2);
  });

  it('keeps the ISRC plumbing out of the API', async () => {
    const { body } = await post(stack.gateway.url, '{ libraryArtists { nodes { canonicalIsrcs } } }', {}, { key: keyA });
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('chartNeighbours', () => {
  it('suggests what charted or is playlisted next to the watched artists, each with the charts and playlists that say why', async () => {
    const { body } = await post(stack.gateway.url, QUERY, {}, { key: keyA });
    expect(body.errors).toBeUndefined();
    const feed = body.data.chartNeighbours;
    expect(feed.seedArtists).toEqual(['seed artist']);
    expect(feed.seedIsrcs).toEqual([SEED]);
    const byIsrc = Object.fromEntries(feed.tracks.map((t: any) => [t.track.isrc, t]));
    // Not the seed, not the watched artist's own entry, not what never met a seed.
    expect(Object.keys(byIsrc).sort()).toEqual([isrc(2), isrc(3), isrc(5)]);
    expect(byIsrc[isrc(2)]).toMatchObject({ title: 'Next Door', sharedChartEditions: 3, sharedPlaylists: 0, score: 1, charts: [{ platform: 'SPOTIFY', country: 'GLOBAL' }] });
    expect(byIsrc[isrc(3)]).toMatchObject({ sharedChartEditions: 1, score: 1 / 3 });
    expect(byIsrc[isrc(5)]).toMatchObject({ title: null, sharedChartEditions: 0, sharedPlaylists: 1, score: 1, playlists: [{ externalId: '111' }] });
    expect(feed.tracks.map((t: any) => t.track.isrc)).toEqual([isrc(2), isrc(5), isrc(3)]);
    // Artists: split from the chart's artists cell; the watched one (any case, any accent in the library) left out.
    expect(feed.artists.map((a: any) => [a.name, a.sharedChartEditions])).toEqual([
      ['Guest', 3],
      ['Neighbour Band', 3],
      ['Featured', 1],
      ['Occasional', 1],
    ]);
  });

  it('answers in a fixed number of statements and counts no entity', async () => {
    const { result, statements } = await countStatements(stack, () => post(stack.gateway.url, QUERY, {}, { key: keyA }));
    expect(result.body.errors).toBeUndefined();
    expect(statements.analytics).toBeLessThanOrEqual(4);
    const usage = await post(stack.gateway.url, '{ usage { entities } }', {}, { key: keyA });
    expect(usage.body.data.usage.entities).toBe(0);
  });

  it('is the profile’s: another account with no watchlist gets nothing, an anonymous caller is refused', async () => {
    const other = await post(stack.gateway.url, QUERY, {}, { key: keyB });
    expect(other.body.errors).toBeUndefined();
    expect(other.body.data.chartNeighbours).toMatchObject({ seedArtists: [], seedIsrcs: [], tracks: [], artists: [] });
    const anonymous = await post(stack.gateway.url, QUERY, {}, {});
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const bad = await post(stack.gateway.url, '{ chartNeighbours(first: 0) { id } }', {}, { key: keyA });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });
});
