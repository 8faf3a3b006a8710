import type { DeezerClient } from '../../../links/src/providers/DeezerClient.ts';
import type { DeezerIsrcResolver } from './DeezerIsrcResolver.ts';
import type { CollectContext, CollectResult } from './collectTypes.ts';
import { failed, writeSnapshot } from './writeCollected.ts';

/**
 * Collects each Deezer playlist as a snapshot dated `ctx.date`: name, cover, fans (the day's
 * followers point) and its tracks in order (`time_add` as the day added, the ISRC from
 * `GET /track/{id}`), all fetched before its one write transaction.
 */
export async function collectDeezerPlaylists(ctx: CollectContext, deezer: DeezerClient, isrcs: DeezerIsrcResolver, ids: string[]): Promise<CollectResult[]> {
  const results: CollectResult[] = [];
  for (const id of ids) {
    const label = `DEEZER playlist ${id}`;
    try {
      const playlist = await deezer.playlist(id, ctx.signal);
      const tracks = playlist && (await deezer.playlistTracks(id, ctx.signal));
      if (!playlist || !tracks) throw new Error(`Deezer has no playlist ${id}`);
      const found = await isrcs.resolve(tracks.map((track) => String(track.id)), ctx.signal);
      const placements = tracks.flatMap((track, index) => {
        const isrc = found.get(String(track.id));
        return isrc ? [{ isrc, position: index + 1, addedAt: track.time_add ? new Date(track.time_add * 1000).toISOString().slice(0, 10) : null }] : [];
      });
      const snapshot = {
        platform: 'DEEZER' as const,
        externalId: id,
        date: ctx.date,
        name: playlist.title,
        artworkUrl: playlist.picture_xl ?? playlist.picture_big ?? playlist.picture ?? null,
        followers: typeof playlist.fans === 'number' ? playlist.fans : null,
        placements,
      };
      results.push(await writeSnapshot(ctx, `${label} "${playlist.title}"`, snapshot, tracks.length));
    } catch (error) {
      results.push(failed(label, 'snapshot', error));
    }
  }
  return results;
}
