import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { DEMO_ANALYSIS, DEMO_MATCHES, DEMO_TIME, DEMO_TRACK_ID, seedDemo } from '../../../prisma/audio-matches/seed.ts';
import type { Context } from '../../../subgraphs/audio-matches/src/context.ts';
import type { AudioMatchesPrisma } from '../../../subgraphs/audio-matches/src/db.ts';
import { saveAnalysis, setAnalysisStatus, type MatchInput } from '../../../subgraphs/audio-matches/src/store/saveAnalysis.ts';
import { createAudioMatchesSubgraph } from './matchFixtures.ts';

let audioMatches: Subgraph<AudioMatchesPrisma, Context>;
beforeAll(async () => {
  audioMatches = await createAudioMatchesSubgraph();
});
afterAll(() => audioMatches?.close());

const analysis = { accountId: 'store-test', trackId: 'trk_00000000000000000001', source: 'ACRCLOUD_IMPORT' as const, sourceFile: 'result.json', status: 'DONE' as const };
const match = (over: Partial<MatchInput> = {}): MatchInput => ({
  isCover: false, title: 'Song', artists: ['Artist'], distributors: [], timeOffsets: [], spotifyArtists: [], deezerArtists: [], ...over,
});
const everything = () =>
  audioMatches.prisma.trackMatch.findMany({
    orderBy: { id: 'asc' },
    include: { artists: true, distributors: true, timeOffsets: true, spotifyArtists: true, deezerArtists: true, analysis: true },
  });

describe('the demo seed', () => {
  it('stores the document\'s two matches with ids 1 and 2, every relation filled, dated as the document', async () => {
    const rows = await everything();
    expect(rows.map((row) => [row.id, row.title, row.trackId, row.accountId])).toEqual([
      [1, 'Julian Guy Gays', DEMO_TRACK_ID, 'demo'],
      [2, 'Elyot', DEMO_TRACK_ID, 'demo'],
    ]);
    for (const row of rows) {
      expect(row.createdAt).toEqual(DEMO_TIME);
      expect(row.artists.length * row.distributors.length * row.timeOffsets.length * row.spotifyArtists.length * row.deezerArtists.length).toBeGreaterThan(0);
      expect(row.analysis).toMatchObject({ status: 'DONE', source: 'DEMO', sourceFile: null, analyzedAt: DEMO_TIME });
    }
    // The document's ISWC fails its check digit: never stored.
    expect(rows[0]?.iswc).toBeNull();
    expect(rows[1]?.timeOffsets.map((o) => o.position)).toEqual([0, 1]);
  });

  it('twice changes nothing', async () => {
    const before = await everything();
    await seedDemo(audioMatches.prisma);
    const result = await saveAnalysis(audioMatches.prisma, DEMO_ANALYSIS, DEMO_MATCHES, { now: DEMO_TIME });
    expect(result).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, removed: 0 });
    expect(await everything()).toEqual(before);
  });
});

describe('saveAnalysis', () => {
  it('is idempotent: the same result again updates nothing, a changed one updates in place, a vanished match is removed', async () => {
    const first = await saveAnalysis(audioMatches.prisma, analysis, [match({ externalKey: 'a1' }), match({ externalKey: 'a2', title: 'Other' }), match({ isCover: true, isrc: 'GBDUW0000053', title: 'Cover' })]);
    expect(first).toMatchObject({ inserted: 3, updated: 0, unchanged: 0, removed: 0 });
    const again = await saveAnalysis(audioMatches.prisma, analysis, [match({ externalKey: 'a1' }), match({ externalKey: 'a2', title: 'Other' }), match({ isCover: true, isrc: 'GBDUW0000053', title: 'Cover' })]);
    expect(again).toEqual({ ...first, inserted: 0, unchanged: 3 });
    const ids = (await audioMatches.prisma.trackMatch.findMany({ where: { analysisId: first.analysisId }, orderBy: { id: 'asc' } })).map((m) => m.id);

    const changed = await saveAnalysis(audioMatches.prisma, analysis, [match({ externalKey: 'a1', title: 'Renamed Été', releaseDate: '2021-03-04', artists: ['Artist', 'Guest'] }), match({ isCover: true, isrc: 'gb-duw-00-00053', title: 'Cover' })]);
    expect(changed).toMatchObject({ analysisId: first.analysisId, inserted: 0, updated: 1, unchanged: 1, removed: 1 });
    const rows = await audioMatches.prisma.trackMatch.findMany({ where: { analysisId: first.analysisId }, orderBy: { id: 'asc' }, include: { artists: { orderBy: { position: 'asc' } } } });
    expect(rows.map((m) => m.id)).toEqual([ids[0], ids[2]]);
    expect(rows[0]?.artists.map((a) => a.name)).toEqual(['Artist', 'Guest']);
    // Columns rewritten in place, and the accent-free search copy kept by the trigger.
    expect(rows[0]).toMatchObject({ title: 'Renamed Été', searchTitle: expect.stringContaining('renamed ete'), releaseDate: new Date('2021-03-04T00:00:00Z') });
  });

  it('stores codes canonical, and null when invalid', async () => {
    const { analysisId } = await saveAnalysis(audioMatches.prisma, { ...analysis, sourceFile: 'codes.json' }, [
      match({ externalKey: 'ok', isrc: 'us-um7-24-14866', albumUpc: '0 602455 070951', iswc: 'T0345246801' }),
      match({ externalKey: 'bad', isrc: 'XX12345678AB', albumUpc: '123456789013', iswc: 'T9998887775' }),
    ]);
    const rows = await audioMatches.prisma.trackMatch.findMany({ where: { analysisId }, orderBy: { externalKey: 'desc' } });
    expect(rows.map((m) => [m.isrc?.trim() ?? null, m.albumUpc, m.iswc])).toEqual([
      ['USUM72414866', '602455070951', 'T-034.524.680-1'],
      [null, null, null],
    ]);
  });

  it('keeps the search columns (trigger) accent- and case-free', async () => {
    const { analysisId } = await saveAnalysis(audioMatches.prisma, { ...analysis, sourceFile: 'accents.json' }, [match({ title: 'Café Él', albumTitle: 'Ñandú', label: 'Ünïversal' })]);
    const [row] = await audioMatches.prisma.trackMatch.findMany({ where: { analysisId } });
    expect(row).toMatchObject({ searchTitle: 'cafe el', searchAlbumTitle: 'nandu', searchLabel: 'universal' });
  });

  it('writes a large result with batched statements', async () => {
    const many = Array.from({ length: 1_500 }, (_, i) => match({ externalKey: `k${i}`, artists: ['A', 'B'], timeOffsets: [{ trackStartMs: 0, trackEndMs: 1, matchStartMs: 2, matchEndMs: 3 }] }));
    const sql: string[] = [];
    const stop = audioMatches.onQuery((statement) => sql.push(statement));
    const result = await saveAnalysis(audioMatches.prisma, { ...analysis, sourceFile: 'many.json' }, many);
    stop();
    expect(result.inserted).toBe(1_500);
    // 2 match chunks of 1,000, one statement per child table (3,000 artists, 1,500 offsets), the analysis, the transaction.
    expect(sql.length).toBeLessThan(15);
  });

  it('moves an analysis from PENDING to FAILED with its error', async () => {
    const { analysisId } = await saveAnalysis(audioMatches.prisma, { ...analysis, sourceFile: 'pending.json', status: 'PENDING' }, []);
    await setAnalysisStatus(audioMatches.prisma, analysisId, 'FAILED', 'ACRCloud answered 3001');
    expect(await audioMatches.prisma.trackAnalysis.findUnique({ where: { id: analysisId } })).toMatchObject({ status: 'FAILED', error: 'ACRCloud answered 3001', analyzedAt: expect.any(Date) });
  });
});
