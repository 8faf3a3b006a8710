import type { Platform } from '../../../prisma/links/generated/enums.ts';

/**
 * Deep link for a platform ID. Deterministic: the same ID always gives the same
 * URL, with no lookup (formats from the platforms' public web players).
 */
export function platformUrl(platform: Platform, externalId: string): string {
  const id = encodeURIComponent(externalId);
  switch (platform) {
    case 'SPOTIFY':
      return `https://open.spotify.com/track/${id}`;
    case 'APPLE_MUSIC':
      return `https://music.apple.com/song/${id}`;
    case 'DEEZER':
      return `https://www.deezer.com/track/${id}`;
    case 'TIDAL':
      return `https://tidal.com/browse/track/${id}`;
    case 'BEATPORT':
      return `https://www.beatport.com/track/-/${id}`;
    case 'DISCOGS':
      // Discogs IDs are release IDs, optionally suffixed with the track position ("487193-2").
      return `https://www.discogs.com/release/${encodeURIComponent(externalId.split('-')[0] ?? externalId)}`;
    case 'MUSICBRAINZ':
      return `https://musicbrainz.org/recording/${id}`;
    case 'YOUTUBE':
      return `https://www.youtube.com/watch?v=${id}`;
    case 'SHAZAM':
      return `https://www.shazam.com/song/${id}`;
  }
}
