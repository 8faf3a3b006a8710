import { describe, expect, it } from 'vitest';
import type { Platform } from '../../../prisma/links/generated/enums.ts';
import { parsePlatformUrl } from '../../../subgraphs/links/src/lookup/platformUrls.ts';
import { platformUrl } from '../../../subgraphs/links/src/platformUrls.ts';

/** Runs `fn` and returns the BAD_USER_INPUT it throws. */
function rejection(fn: () => unknown): { message: string; extensions: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    return error as { message: string; extensions: Record<string, unknown> };
  }
  throw new Error('expected a rejection');
}

/** Every accepted link form, with the platform id it names. */
const URL_FORMS: [string, Platform, string][] = [
  ['https://open.spotify.com/track/5W3cjX2J3tjhG8zb6u0qHn', 'SPOTIFY', '5W3cjX2J3tjhG8zb6u0qHn'],
  ['https://open.spotify.com/intl-de/track/5W3cjX2J3tjhG8zb6u0qHn?si=4b1c2d3e', 'SPOTIFY', '5W3cjX2J3tjhG8zb6u0qHn'],
  ['http://open.spotify.com/track/5W3cjX2J3tjhG8zb6u0qHn/', 'SPOTIFY', '5W3cjX2J3tjhG8zb6u0qHn'],
  ['spotify:track:5W3cjX2J3tjhG8zb6u0qHn', 'SPOTIFY', '5W3cjX2J3tjhG8zb6u0qHn'],
  ['https://music.apple.com/us/album/one-more-time/697194953?i=1440650', 'APPLE_MUSIC', '1440650'],
  ['https://music.apple.com/fr/song/one-more-time/1440650', 'APPLE_MUSIC', '1440650'],
  ['https://music.apple.com/us/song/1440650', 'APPLE_MUSIC', '1440650'],
  ['https://music.apple.com/song/1440650', 'APPLE_MUSIC', '1440650'],
  ['https://www.deezer.com/en/track/3278625201', 'DEEZER', '3278625201'],
  ['https://www.deezer.com/track/3278625201', 'DEEZER', '3278625201'],
  ['https://deezer.com/fr/track/3278625201/', 'DEEZER', '3278625201'],
  ['https://tidal.com/browse/track/3789025', 'TIDAL', '3789025'],
  ['https://tidal.com/track/3789025', 'TIDAL', '3789025'],
  ['https://listen.tidal.com/track/3789025', 'TIDAL', '3789025'],
  ['https://tidal.com/browse/track/3789025/u', 'TIDAL', '3789025'],
  ['https://www.beatport.com/track/one-more-time/1234567', 'BEATPORT', '1234567'],
  ['https://beatport.com/track/-/1234567', 'BEATPORT', '1234567'],
  ['https://musicbrainz.org/recording/8e030f4c-7bca-4c54-9f5b-a3db7e2c9c41', 'MUSICBRAINZ', '8e030f4c-7bca-4c54-9f5b-a3db7e2c9c41'],
  ['https://musicbrainz.org/recording/8E030F4C-7BCA-4C54-9F5B-A3DB7E2C9C41/', 'MUSICBRAINZ', '8e030f4c-7bca-4c54-9f5b-a3db7e2c9c41'],
  ['https://www.discogs.com/release/487193', 'DISCOGS', '487193'],
  ['https://www.discogs.com/release/487193-Daft-Punk-Discovery', 'DISCOGS', '487193'],
  ['https://www.discogs.com/Daft-Punk-Discovery/release/487193', 'DISCOGS', '487193'],
  ['https://www.youtube.com/watch?v=fHiGbolFFGw&list=RDfHiGbolFFGw', 'YOUTUBE', 'fHiGbolFFGw'],
  ['https://youtube.com/watch?v=fHiGbolFFGw', 'YOUTUBE', 'fHiGbolFFGw'],
  ['https://music.youtube.com/watch?v=fHiGbolFFGw', 'YOUTUBE', 'fHiGbolFFGw'],
  ['https://youtu.be/fHiGbolFFGw?t=42', 'YOUTUBE', 'fHiGbolFFGw'],
  ['https://www.shazam.com/song/1802175276/evil-j0rdan', 'SHAZAM', '1802175276'],
  ['https://www.shazam.com/song/1802175276', 'SHAZAM', '1802175276'],
  ['https://www.shazam.com/track/1802175276/evil-j0rdan', 'SHAZAM', '1802175276'],
  ['https://www.shazam.com/en-us/song/1802175276/evil-j0rdan', 'SHAZAM', '1802175276'],
];

describe('reads the platform and track id from every accepted link form', () => {
  it.each(URL_FORMS)('%s', (url, platform, externalId) => {
    expect(parsePlatformUrl(url, 'url')).toEqual({ platform, externalId });
  });

  it('ignores case in the scheme and host, and surrounding spaces', () => {
    expect(parsePlatformUrl('  HTTPS://WWW.Deezer.COM/track/3278625201 ', 'url')).toEqual({ platform: 'DEEZER', externalId: '3278625201' });
  });

  it.each<[Platform, string]>([
    ['SPOTIFY', '5W3cjX2J3tjhG8zb6u0qHn'],
    ['APPLE_MUSIC', '1440650'],
    ['DEEZER', '3278625201'],
    ['TIDAL', '3789025'],
    ['BEATPORT', '1234567'],
    ['MUSICBRAINZ', '8e030f4c-7bca-4c54-9f5b-a3db7e2c9c41'],
    ['YOUTUBE', 'fHiGbolFFGw'],
    ['SHAZAM', '1802175276'],
  ])('parses back the deep link built for %s', (platform, externalId) => {
    expect(parsePlatformUrl(platformUrl(platform, externalId), 'url')).toEqual({ platform, externalId });
  });
});

describe('rejects links it cannot read, saying why and which forms are accepted', () => {
  it.each([
    ['not a link', 'not an http(s) link', 'open.spotify.com/track/<id>'],
    ['open.spotify.com/track/5W3cjX2J3tjhG8zb6u0qHn', 'not an http(s) link', 'youtu.be/<id>'],
    ['ftp://open.spotify.com/track/5W3cjX2J3tjhG8zb6u0qHn', 'not an http(s) link', 'shazam.com/song/<id>'],
    ['https://', 'not an http(s) link', 'deezer.com/track/<id>'],
    ['https://soundcloud.com/daftpunk/one-more-time', 'soundcloud.com is not a supported platform', 'musicbrainz.org/recording/<mbid>'],
    ['https://open.spotify.com/album/2noRn2Aes5aoNVsU6iWThc', 'open.spotify.com/album/2noRn2Aes5aoNVsU6iWThc does not name a track', 'open.spotify.com/track/<id> or spotify:track:<id>'],
    ['https://open.spotify.com/', 'open.spotify.com/ does not name a track', 'open.spotify.com/track/<id>'],
    ['https://open.spotify.com/track/5W3cjX2J3tjhG8zb6u0q', 'the SPOTIFY track id "5W3cjX2J3tjhG8zb6u0q" is malformed', 'open.spotify.com/track/<id>'],
    ['spotify:album:2noRn2Aes5aoNVsU6iWThc', 'a spotify:album: URI does not name a track', 'spotify:track:<id>'],
    ['https://music.apple.com/us/album/discovery/697194953', 'an album link without `?i=<trackId>` names an album, not a track (music.apple.com/us/album/discovery/697194953)', '?i=<trackId>'],
    ['https://music.apple.com/us/artist/daft-punk/5468295', 'music.apple.com/us/artist/daft-punk/5468295 does not name a track', 'music.apple.com/song/<id>'],
    ['https://music.apple.com/us/album/discovery/697194953?i=abc', 'the APPLE_MUSIC track id "abc" is malformed', '?i=<trackId>'],
    ['https://www.deezer.com/en/album/302127', 'deezer.com/en/album/302127 does not name a track', 'deezer.com/<lang>/track/<id>'],
    ['https://tidal.com/browse/album/3789020', 'tidal.com/browse/album/3789020 does not name a track', 'listen.tidal.com/track/<id>'],
    ['https://www.beatport.com/release/discovery/12345', 'beatport.com/release/discovery/12345 does not name a track', 'beatport.com/track/<slug>/<id>'],
    ['https://musicbrainz.org/track/0bdbd9d8-cfa3-3f4d-a0ef-0f4c3d4d5a11', 'a "track" link names a position on a release', 'musicbrainz.org/recording/<mbid>'],
    ['https://musicbrainz.org/recording/not-a-uuid', 'the MUSICBRAINZ track id "not-a-uuid" is malformed', 'recording/<mbid>'],
    ['https://www.discogs.com/master/5468', 'discogs.com/master/5468 does not name a track', 'discogs.com/release/<id>'],
    ['https://www.youtube.com/watch', 'youtube.com/watch does not name a track', 'youtube.com/watch?v=<id>'],
    ['https://www.youtube.com/playlist?list=PL123', 'youtube.com/playlist?list=PL123 does not name a track', 'youtu.be/<id>'],
    ['https://youtu.be/short', 'the YOUTUBE track id "short" is malformed', 'youtu.be/<id>'],
    ['https://www.shazam.com/artist/daft-punk/5468295', 'shazam.com/artist/daft-punk/5468295 does not name a track', 'shazam.com/track/<id>'],
  ])('%s', (url, problem, form) => {
    const error = rejection(() => parsePlatformUrl(url, 'url'));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'url', value: url });
    expect(error.message).toContain(`Unsupported link "${url}" in \`url\``);
    expect(error.message).toContain(problem);
    expect(error.message).toContain(`Accepted: `);
    expect(error.message).toContain(form);
  });
});
