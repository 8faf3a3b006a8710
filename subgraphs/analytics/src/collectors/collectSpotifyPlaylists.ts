import { canonicalIsrc } from '../../../links/src/providers/isrcBatches.ts';
import type { SpotifyClient } from '../../../links/src/providers/SpotifyClient.ts';
import type { CollectContext, CollectResult } from './collectTypes.ts';
import { failed, writeSnapshot } from './writeCollected.ts';

/**
 * Collects each Spotify playlist as a snapshot dated `ctx.date`: name, cover, `followers.total` and
 * its tracks in order (`added_at`, the ISRC from `external_ids`), every page read before its one
 * write transaction. Needs an enabled client (Spotify credentials).
 */
export async function collectSpotifyPlaylists(ctx: CollectContext, spotify: SpotifyClient, ids: string[]): Promise<CollectResult[]> {
  const results: CollectResult[] = [];
  for (const id of ids) {
    const label = `SPOTIFY playlist ${id}`;
    try {
      const playlist = await spotify.playlist(id, ctx.signal);
      if (!playlist) throw new Error(`Spotify has no playlist ${id}`);
      const placements = playlist.entries?.flatMap((entry) => {
        const isrc = entry.isrc ? canonicalIsrc(entry.isrc) : null;
        return isrc ? [{ isrc, position: entry.position, addedAt: addedDay(entry.addedAt) }] : [];
      });
      const snapshot = {
        platform: 'SPOTIFY' as const,
        externalId: id,
        date: ctx.date,
        name: playlist.name,
        artworkUrl: playlist.artworkUrl,
        followers: playlist.followers,
        // No entries listed: a followers-only snapshot, which leaves the stored placements as they are.
        ...(placements ? { placements } : {}),
      };
      const notes = placements ? [] : ['Spotify listed no tracks (Development Mode apps see only those of playlists they own): name and followers only'];
      results.push(await writeSnapshot(ctx, `${label} "${playlist.name}"`, snapshot, playlist.entries?.length ?? 0, notes));
    } catch (error) {
      results.push(failed(label, 'snapshot', error));
    }
  }
  return results;
}

/** The UTC day of Spotify's `added_at`; null when absent or the epoch Spotify gives very old playlists. */
function addedDay(addedAt: string | null): string | null {
  const day = addedAt?.slice(0, 10) ?? null;
  return day && day !== '1970-01-01' ? day : null;
}
