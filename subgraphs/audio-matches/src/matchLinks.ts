import type { TrackMatch } from '../../../prisma/audio-matches/generated/client.ts';
import { platformUrl } from '../../links/src/platformUrls.ts';

/** A platform ID of a match as `TrackMatch.links` returns it. */
export interface MatchLink {
  source: 'SPOTIFY' | 'APPLE_MUSIC' | 'DEEZER' | 'YOUTUBE';
  externalId: string;
  url: string;
}

/** A match's platform IDs as links, in the Platform enum's order, URLs built by the links subgraph's rules. */
export function matchLinks(match: TrackMatch): MatchLink[] {
  const ids = [
    ['SPOTIFY', match.spotifyId],
    ['APPLE_MUSIC', match.appleId],
    ['DEEZER', match.deezerId],
    ['YOUTUBE', match.youtubeId],
  ] as const;
  return ids.flatMap(([source, externalId]) => (externalId ? [{ source, externalId, url: platformUrl(source, externalId) }] : []));
}

/** A Spotify or Deezer artist of a match, with the artist page's URL. */
export interface PlatformArtist {
  id: string;
  name: string;
  url: string;
}

/** Spotify's artist page. */
export const spotifyArtistUrl = (id: string) => `https://open.spotify.com/artist/${encodeURIComponent(id)}`;

/** Deezer's artist page. */
export const deezerArtistUrl = (id: string) => `https://www.deezer.com/artist/${encodeURIComponent(id)}`;
