import { EVIL_J0RDAN_ISRC } from './seed.ts';

/**
 * The analytics API reference's examples, all for "EVIL J0RDAN" (Playboi
 * Carti): its Shazams, current playlists (Spotify, Apple Music per country,
 * Deezer), current chart positions with the previous positions the document
 * states (only the current editions are stored, so that is what previous
 * positions fall back to), and the older editions its peak examples name.
 */
const TRACK = { isrc: EVIL_J0RDAN_ISRC, trackName: 'EVIL J0RDAN', artistNames: 'Playboi Carti', externalId: '6iycYUk3oB0NPMdaDUrN1w' };

/** Shazam totals (the document gives 03-14 no previous day: its daily is null). */
export const DEMO_SHAZAMS = [
  { date: '2025-03-14', total: 2_100_836n },
  { date: '2025-03-15', total: 2_117_591n },
  { date: '2025-03-16', total: 2_133_207n },
];

/** Playlists and the track's place in them; Apple Music's per country. */
export const DEMO_PLAYLISTS = [
  { platform: 'SPOTIFY', externalId: '3oBf7jbb5tokVOYQVGIUAg', name: 'Latino Hits 2025 – latin reggaeton hits', artworkUrl: 'https://image-cdn-fa.spotifycdn.com/image/ab67706c0000da8441812d472b2d0256b3ef5bea', followers: 99_257, placements: [{ country: '', position: 1, addedAt: '2025-01-14' }] },
  { platform: 'SPOTIFY', externalId: '6Qg4AmYAl2G6RtTnbB3dI2', name: 'DIRTY LATIN ', artworkUrl: 'https://image-cdn-fa.spotifycdn.com/image/ab67706c0000da8457163fd4795069bc2c4feef1', followers: 3_584, placements: [{ country: '', position: 1, addedAt: '2025-01-23' }] },
  {
    platform: 'APPLE_MUSIC',
    externalId: 'pl.63fbca98535342e48aa6220698180f11',
    name: 'LATINO MIX 2025 🥵🏄 SUMMER LATINO PLAYLIST / REGGAETON HITS ÉTÉ 2025',
    artworkUrl: 'https://is1-ssl.mzstatic.com/image/thumb/hgajkYdqzECeBChUbL02tQ/500x500bb.jpg',
    followers: null,
    placements: [{ country: 'US', position: 15, addedAt: '2025-02-07' }, { country: 'DZ', position: 14, addedAt: '2025-02-07' }],
  },
  { platform: 'DEEZER', externalId: '1362512715', name: 'Top Morocco', artworkUrl: 'https://cdn-images.dzcdn.net/images/playlist/cc44527968861072c527fea000c5a068/500x500-000000-80-0-0.jpg', followers: 124_067, placements: [{ country: '', position: 1, addedAt: '2025-01-10' }] },
  { platform: 'DEEZER', externalId: '3803398766', name: 'Chill Reggaeton', artworkUrl: 'https://cdn-images.dzcdn.net/images/playlist/1e4966b5abd8ba3b5ba3f2c07cf9e0ce/500x500-000000-80-0-0.jpg', followers: 222_177, placements: [{ country: '', position: 1, addedAt: '2025-01-21' }] },
] as const;

/** The "Spotify playlist followers" example, given to the first Spotify playlist, with today's count. */
export const DEMO_FOLLOWERS = [
  { date: '2017-03-28', followers: 195_056 },
  { date: '2017-03-29', followers: 195_077 },
  { date: '2025-03-17', followers: 99_257 },
];

/** Chart editions: [platform, country, type, frequency, genre, city, date, position, stated previous, streams]. */
export const DEMO_CHART_ENTRIES: [string, string, string, string, string, string, string, number, number | null, bigint | null][] = [
  ['SPOTIFY', 'US', 'STREAMS', 'DAILY', '', '', '2025-03-09', 21, 20, 805_836n],
  ['SPOTIFY', 'GLOBAL', 'STREAMS', 'WEEKLY', '', '', '2025-03-06', 6, 6, 34_165_800n],
  ['APPLE_MUSIC', 'US', 'TOP', 'DAILY', 'All genres', '', '2025-03-17', 66, 67, null],
  ['APPLE_MUSIC', 'EC', 'TOP', 'DAILY', 'Dance', '', '2025-03-17', 12, 56, null],
  ['DEEZER', 'CL', 'TOP', 'DAILY', '', '', '2025-03-17', 2, 5, null],
  ['DEEZER', 'GLOBAL', 'TOP', 'DAILY', '', '', '2025-03-17', 2, 2, null],
  ['DEEZER', 'GLOBAL', 'TOP', 'DAILY', '', '', '2025-01-12', 1, null, null],
  ['DEEZER', 'BO', 'TOP', 'DAILY', '', '', '2025-01-10', 1, null, null],
  ['SHAZAM', 'PT', 'SHAZAMS', 'DAILY', '', 'Lisbon', '2025-03-17', 4, 4, null],
  ['SHAZAM', 'PT', 'SHAZAMS', 'DAILY', '', '', '2025-03-17', 5, 5, null],
  ['SHAZAM', 'GLOBAL', 'SHAZAMS', 'DAILY', 'Latin', '', '2025-03-17', 5, 2, null],
  ['SHAZAM', 'AR', 'SHAZAMS', 'DAILY', '', '', '2025-01-14', 1, null, null],
  ['SHAZAM', 'BR', 'DISCOVERY', 'DAILY', '', '', '2025-02-11', 1, null, null],
];

export { TRACK as DEMO_CHART_TRACK };
