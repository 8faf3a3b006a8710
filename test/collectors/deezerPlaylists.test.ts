import { afterEach, describe, expect, it } from 'vitest';
import type { FakeProviderServer } from '../links/providers/fakes/FakeProviderServer.ts';
import { execute } from '../helpers/subgraph.ts';
import { collect, today, useCollectorSubgraph } from './collectHarness.ts';
import { fakeIsrc, readDeezerFixture, startFakeDeezerCatalog, type FakeDeezerCatalogOptions } from './fakeDeezerCatalog.ts';

const analytics = useCollectorSubgraph();
let deezer: FakeProviderServer;
afterEach(() => deezer?.close());

interface RecordedPlaylist {
  title: string;
  fans: number;
  picture_xl: string;
  tracks: { data: { id: number; time_add: number }[] };
}
const BAIN_MOUSSANT = readDeezerFixture<RecordedPlaylist>('com.deezer.api_playlist_908622995.json');
const LOUNGE_SOIREE = readDeezerFixture<RecordedPlaylist>('com.deezer.api_playlist_9200461.json');

async function deezerPlaylists(ids: string[], options: FakeDeezerCatalogOptions = {}) {
  deezer = await startFakeDeezerCatalog(options);
  return collect(analytics(), ['deezer-playlists', ...ids], { DEEZER_API_URL: deezer.url });
}

/** A stored playlist with its followers points and placements by position. */
async function stored(externalId: string) {
  const playlist = await analytics().prisma.playlist.findUnique({
    where: { platform_externalId: { platform: 'DEEZER', externalId } },
    include: { placements: { orderBy: { position: 'asc' } }, followerHistory: true },
  });
  if (!playlist) return null;
  const day = (date: Date | null) => date?.toISOString().slice(0, 10) ?? null;
  return {
    name: playlist.name,
    artworkUrl: playlist.artworkUrl,
    followers: playlist.followers,
    snapshotDate: day(playlist.snapshotDate),
    points: playlist.followerHistory.map((point) => [day(point.date), point.followers]),
    placements: playlist.placements.map((p) => [p.position, p.isrc, day(p.addedAt)]),
  };
}

describe('Deezer playlist snapshots', () => {
  it('writes the name, the cover, the fans as today\'s followers point, and the tracks in order with the day each was added', async () => {
    const { results, summary } = await deezerPlaylists(['908622995']);
    expect(summary.exitCode).toBe(0);
    expect(results).toEqual([expect.objectContaining({ label: 'DEEZER playlist 908622995 "Bain moussant"', kind: 'snapshot', entries: 60, followersPoint: true, unresolved: 0 })]);
    expect(results[0]!.counts).toEqual({ inserted: 60, updated: 0, unchanged: 0, deleted: 0 });
    const playlist = await stored('908622995');
    expect(playlist).toMatchObject({ name: 'Bain moussant', artworkUrl: BAIN_MOUSSANT.picture_xl, followers: 18005, snapshotDate: today(), points: [[today(), 18005]] });
    expect(playlist!.placements).toEqual(
      BAIN_MOUSSANT.tracks.data.map((track, index) => [index + 1, fakeIsrc(track.id), new Date(track.time_add * 1000).toISOString().slice(0, 10)]),
    );
    expect(playlist!.placements[0]).toEqual([1, fakeIsrc(510591562), '2018-06-29']);
  });

  it('reads every page of the tracks, following `next` (the recorded first page, then index=25, 50, 75)', async () => {
    const { results } = await deezerPlaylists(['https://www.deezer.com/fr/playlist/9200461']);
    expect(results[0]).toMatchObject({ label: 'DEEZER playlist 9200461 "Lounge Soirée"', entries: 93 });
    expect(deezer.requests.filter((request) => request.path === '/playlist/9200461/tracks').map((request) => request.query.get('index'))).toEqual([null, '25', '50', '75']);
    const playlist = await stored('9200461');
    expect(playlist!.followers).toBe(9417);
    expect(playlist!.placements).toHaveLength(93);
    // Deezer gives time_add 0 for every track of this playlist: the day added is unknown.
    expect(playlist!.placements.every(([, , addedAt]) => addedAt === null)).toBe(true);
    expect(playlist!.placements.map(([, isrc]) => isrc)).toEqual(LOUNGE_SOIREE.tracks.data.map((track) => fakeIsrc(track.id)));
  });

  it('leaves out the tracks Deezer gives no ISRC for, keeping the others\' positions', async () => {
    const [first, second] = BAIN_MOUSSANT.tracks.data;
    const { results } = await deezerPlaylists(['908622995'], { unknownTracks: [String(first!.id)] });
    expect(results[0]).toMatchObject({ entries: 60, unresolved: 1 });
    expect((await stored('908622995'))!.placements[0]).toEqual([2, fakeIsrc(second!.id), expect.any(String)]);
  });

  it('changes nothing when run again the same day', async () => {
    await deezerPlaylists(['908622995']);
    await deezer.close();
    const { results } = await deezerPlaylists(['908622995']);
    expect(results[0]).toMatchObject({ followersPoint: false, counts: { inserted: 0, updated: 0, unchanged: 60, deleted: 0 } });
    expect((await stored('908622995'))!.points).toEqual([[today(), 18005]]);
  });

  it('fails a playlist Deezer does not know and writes the others', async () => {
    const { results, summary } = await deezerPlaylists(['1', '908622995']);
    expect(results[0]).toMatchObject({ label: 'DEEZER playlist 1', error: 'Deezer has no playlist 1' });
    expect(results[1]!.error).toBeUndefined();
    expect(summary.exitCode).toBe(1);
    expect(await analytics().prisma.playlist.count()).toBe(1);
  });

  it('writes nothing of a snapshot whose ISRC lookups keep failing with 502', async () => {
    const intercept = (request: { path: string }) => (request.path.startsWith('/track/') ? { status: 502, body: { error: 'bad gateway' } } : undefined);
    const { results } = await deezerPlaylists(['908622995'], { intercept });
    expect(results[0]!.error).toContain('unavailable, 502');
    expect(await stored('908622995')).toBeNull();
    expect(await analytics().prisma.playlistFollowers.count()).toBe(0);
  });

  it('answers Query.playlist through the analytics subgraph', async () => {
    await deezerPlaylists(['908622995']);
    const { data, errors } = await execute(analytics(), `{
      playlist(platform: DEEZER, externalId: "908622995") { name followers followersHistory { date followers } tracks(first: 2) { totalCount nodes { position addedAt track { isrc } } } }
    }`);
    expect(errors).toBeUndefined();
    expect(data?.playlist).toEqual({
      name: 'Bain moussant',
      followers: 18005,
      followersHistory: [{ date: today(), followers: 18005 }],
      tracks: { totalCount: 60, nodes: [{ position: 1, addedAt: '2018-06-29', track: { isrc: fakeIsrc(510591562) } }, expect.objectContaining({ position: 2 })] },
    });
  });
});
