import { BadUserInputError } from '../../../../lib/errors.ts';
import type { PlaylistPlatform } from '../../../../prisma/analytics/generated/enums.ts';

/** What each platform's playlist ids look like, and where their links live. */
const FORMS: Record<PlaylistPlatform, { id: RegExp; link: RegExp; example: string; url: (id: string) => string }> = {
  SPOTIFY: {
    id: /^[0-9A-Za-z]{22}$/,
    link: /^(?:spotify:playlist:|https?:\/\/open\.spotify\.com\/(?:intl-[a-z]{2}\/)?(?:user\/[^/]+\/)?playlist\/)([0-9A-Za-z]{22})/,
    example: '37i9dQZF1DXcBWIGoYBM5M',
    url: (id) => `https://open.spotify.com/playlist/${id}`,
  },
  APPLE_MUSIC: {
    id: /^pl\.[0-9a-z-]{8,64}$/i,
    link: /^https?:\/\/music\.apple\.com\/(?:[a-z]{2}\/)?playlist\/(?:[^/]+\/)?(pl\.[0-9a-z-]{8,64})/i,
    example: 'pl.f4d106fed2bd41149aaacabb233eb5eb',
    url: (id) => `https://music.apple.com/playlist/${id}`,
  },
  DEEZER: {
    id: /^\d{1,15}$/,
    link: /^https?:\/\/(?:www\.)?deezer\.com\/(?:[a-z]{2}\/)?playlist\/(\d{1,15})/,
    example: '3155776842',
    url: (id) => `https://www.deezer.com/playlist/${id}`,
  },
};

/** A playlist id as callers send it: the id, or a link to the playlist; BAD_USER_INPUT naming `externalId` otherwise. */
export function parsePlaylistId(platform: PlaylistPlatform, value: string, argument = 'externalId'): string {
  const form = FORMS[platform];
  const text = value.trim();
  if (form.id.test(text)) return text;
  const fromLink = form.link.exec(text)?.[1];
  if (fromLink) return fromLink;
  throw new BadUserInputError(`\`${argument}\` is not a ${platform} playlist id or link (e.g. ${form.example}), got "${value}".`, argument, value);
}

/** Link to a playlist on its platform. */
export function playlistUrl(platform: PlaylistPlatform, externalId: string): string {
  return FORMS[platform].url(externalId);
}

/** How a playlist is counted against the caller's monthly quota. */
export function playlistEntity(platform: string, externalId: string): string {
  return `playlist:${platform}:${externalId}`;
}
