import { parseCountry } from '../../../../lib/country.ts';
import { parseFirst } from '../../../../lib/pagination.ts';
import type { Context } from '../context.ts';
import { playlistEntity, playlistUrl } from '../playlists/playlistIds.ts';
import { parseDateRange } from '../streams.ts';
import type { PlaylistPlacementResolvers, PlaylistResolvers } from '../__generated__/resolvers-types.ts';

/**
 * Reads what is the playlist's own (its history, its tracks), counting the
 * playlist as one entity of the caller's month wherever it was reached from
 * (a recording's placements too); both batches run in the same tick.
 */
async function counted<T>(playlist: { platform: string; externalId: string }, { loaders }: Context, read: () => Promise<T>): Promise<T> {
  const [, value] = await Promise.all([loaders.entities.load(playlistEntity(playlist.platform, playlist.externalId)), read()]);
  return value;
}

/** A playlist: its link, followers over time, and the recordings in it. */
export const Playlist: PlaylistResolvers = {
  url: (playlist) => playlistUrl(playlist.platform, playlist.externalId),
  followersHistory: (playlist, args, context) => {
    const { from, to } = parseDateRange(args);
    return counted(playlist, context, () => context.loaders.followers.load({ playlistId: playlist.id, from, to }));
  },
  tracks: (playlist, { country, first, after }, context) => {
    const key = {
      playlistId: playlist.id,
      country: country == null ? undefined : parseCountry(country, 'country', false),
      first: parseFirst(first, { defaultSize: 50, maxSize: 200 }),
      after: after ?? null,
    };
    return counted(playlist, context, () => context.loaders.placements.load(key));
  },
};

/** A placement's recording, by ISRC (links and the rest come from the other subgraphs). */
export const PlaylistPlacement: PlaylistPlacementResolvers = {
  track: (placement) => ({ isrc: placement.isrc }),
};
