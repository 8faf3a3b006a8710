import { afterEach, describe, expect, it } from 'vitest';
import { CollectUsageError, parseCollectArgs } from '../../subgraphs/analytics/src/collectors/collectArgs.ts';
import { createCollectClients } from '../../subgraphs/analytics/src/collectors/runCollect.ts';
import { SPOTIFY_TOKEN_PATH } from '../links/providers/fakes/fakeSpotify.ts';
import { collect, today, useCollectorSubgraph } from './collectHarness.ts';
import { RAP_RU, recordedPlaylist, startFakeSpotifyPlaylists, type FakeSpotifyPlaylists, type FakeSpotifyPlaylistsOptions } from './fakeSpotifyPlaylists.ts';

const analytics = useCollectorSubgraph();
let spotify: FakeSpotifyPlaylists | undefined;
afterEach(async () => {
  await spotify?.server.close();
  spotify = undefined;
});

/** The recorded entries: ISRC and day added, in playlist order. */
const RECORDED = (recordedPlaylist().tracks.items as { added_at: string; track: { external_ids: { isrc: string } } }[])
  .map((item, index) => [index + 1, item.track.external_ids.isrc, item.added_at.slice(0, 10)]);

async function spotifyPlaylists(ids: string[], options: FakeSpotifyPlaylistsOptions = {}) {
  await spotify?.server.close();
  spotify = await startFakeSpotifyPlaylists(options);
  return collect(analytics(), ['spotify-playlists', ...ids], spotify.env);
}

async function stored() {
  const playlist = await analytics().prisma.playlist.findUnique({
    where: { platform_externalId: { platform: 'SPOTIFY', externalId: RAP_RU } },
    include: { placements: { orderBy: { position: 'asc' } }, followerHistory: true },
  });
  const day = (date: Date | null) => date?.toISOString().slice(0, 10) ?? null;
  return playlist && {
    name: playlist.name,
    artworkUrl: playlist.artworkUrl,
    followers: playlist.followers,
    points: playlist.followerHistory.map((point) => [day(point.date), point.followers]),
    placements: playlist.placements.map((p) => [p.position, p.isrc, day(p.addedAt)]),
  };
}

describe('credentials', () => {
  it('refuses to run without SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET (exit code 2), before any request', () => {
    const command = parseCollectArgs(['spotify-playlists', RAP_RU]);
    expect(() => createCollectClients(command, {})).toThrow(CollectUsageError);
    expect(() => createCollectClients(command, { SPOTIFY_CLIENT_ID: 'id' })).toThrow('spotify-playlists needs Spotify app credentials: SPOTIFY_CLIENT_SECRET is not set');
  });

  it('takes client-credentials tokens from the token endpoint, once per run', async () => {
    await spotifyPlaylists([RAP_RU, `https://open.spotify.com/playlist/${RAP_RU}?si=x`]);
    expect(spotify!.server.requestCount(SPOTIFY_TOKEN_PATH)).toBe(1);
    expect(spotify!.server.requests.filter((request) => request.path !== SPOTIFY_TOKEN_PATH).every((request) => request.headers.authorization === `Bearer ${spotify!.oauth.issued[0]}`)).toBe(true);
  });
});

describe('Spotify playlist snapshots', () => {
  it('writes the name, the largest image, followers.total as today\'s point, and the tracks in order with added_at and external_ids.isrc', async () => {
    const { results, summary } = await spotifyPlaylists([RAP_RU]);
    expect(summary.exitCode).toBe(0);
    expect(results).toEqual([expect.objectContaining({ label: `SPOTIFY playlist ${RAP_RU} "Rap RU"`, entries: 4, followersPoint: true, unresolved: 0 })]);
    expect(await stored()).toEqual({
      name: 'Rap RU',
      artworkUrl: recordedPlaylist().images[0].url,
      followers: 0,
      points: [[today(), 0]],
      placements: RECORDED,
    });
  });

  it('follows the `next` links of the entries', async () => {
    const { results } = await spotifyPlaylists([RAP_RU], { pageSize: 3 });
    expect(results[0]!.entries).toBe(4);
    expect(spotify!.server.requests.filter((request) => request.path.endsWith('/tracks')).map((request) => request.query.toString())).toEqual(['offset=3&limit=3']);
    expect((await stored())!.placements).toEqual(RECORDED);
  });

  it('changes nothing when run again the same day', async () => {
    await spotifyPlaylists([RAP_RU]);
    const { results } = await spotifyPlaylists([RAP_RU]);
    expect(results[0]).toMatchObject({ followersPoint: false, counts: { inserted: 0, updated: 0, unchanged: 4, deleted: 0 } });
  });

  it('keeps the stored tracks when Spotify lists the playlist without them (Development Mode), and says so', async () => {
    await spotifyPlaylists([RAP_RU]);
    const { results, summary } = await spotifyPlaylists([RAP_RU], { withoutEntries: true });
    expect(results[0]).toMatchObject({ entries: 0, counts: { inserted: 0, updated: 0, unchanged: 0, deleted: 0 }, notes: [expect.stringContaining('Spotify listed no tracks')] });
    expect(summary.lines).toContain('    note: Spotify listed no tracks (Development Mode apps see only those of playlists they own): name and followers only');
    expect((await stored())!.placements).toEqual(RECORDED);
  });

  it('waits as long as a 429 asks (Retry-After), then succeeds', async () => {
    spotify = await startFakeSpotifyPlaylists();
    spotify.server.failNext({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const { results } = await collect(analytics(), ['spotify-playlists', RAP_RU], spotify.env);
    expect(results[0]!.error).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(spotify.server.requestCount(`/v1/playlists/${RAP_RU}`)).toBe(2);
  });

  it('writes nothing of a playlist whose next page keeps failing with 503', async () => {
    const intercept = (request: { path: string }) => (request.path.endsWith('/tracks') ? { status: 503, body: { error: { status: 503, message: 'Service unavailable' } } } : undefined);
    const { results, summary } = await spotifyPlaylists([RAP_RU], { pageSize: 2, intercept });
    expect(results[0]!.error).toContain('unavailable, 503');
    expect(summary.exitCode).toBe(1);
    // Tried once and retried twice (PROVIDER_MAX_RETRIES=2).
    expect(spotify!.server.requests.filter((request) => request.path.endsWith('/tracks'))).toHaveLength(3);
    expect(await stored()).toBeNull();
    expect(await analytics().prisma.playlistFollowers.count()).toBe(0);
  });

  it('fails a playlist Spotify does not know, and writes the others', async () => {
    const { results, summary } = await spotifyPlaylists(['0000000000000000000000', RAP_RU]);
    expect(results[0]).toMatchObject({ label: 'SPOTIFY playlist 0000000000000000000000', error: 'Spotify has no playlist 0000000000000000000000' });
    expect(results[1]!.error).toBeUndefined();
    expect(summary.exitCode).toBe(1);
  });
});
