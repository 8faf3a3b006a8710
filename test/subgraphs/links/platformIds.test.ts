import { describe, expect, it } from 'vitest';
import type { Platform } from '../../../prisma/links/generated/enums.ts';
import { parsePlatformId } from '../../../subgraphs/links/src/lookup/platformIds.ts';

/** Runs `fn` and returns the BAD_USER_INPUT it throws. */
function rejection(fn: () => unknown): { message: string; extensions: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    return error as { message: string; extensions: Record<string, unknown> };
  }
  throw new Error('expected a rejection');
}

describe('accepts every platform id format and canonicalizes it', () => {
  it.each<[Platform, string, string]>([
    ['SPOTIFY', '5W3cjX2J3tjhG8zb6u0qHn', '5W3cjX2J3tjhG8zb6u0qHn'],
    ['SPOTIFY', 'spotify:track:5W3cjX2J3tjhG8zb6u0qHn', '5W3cjX2J3tjhG8zb6u0qHn'],
    ['SPOTIFY', ' Spotify:Track:5W3cjX2J3tjhG8zb6u0qHn ', '5W3cjX2J3tjhG8zb6u0qHn'],
    ['APPLE_MUSIC', '1440650', '1440650'],
    ['DEEZER', '3278625201', '3278625201'],
    ['TIDAL', '3789025', '3789025'],
    ['BEATPORT', '1234567', '1234567'],
    ['DISCOGS', '487193', '487193'],
    ['DISCOGS', '487193-2', '487193-2'],
    ['MUSICBRAINZ', '8E030F4C-7BCA-4C54-9F5B-A3DB7E2C9C41', '8e030f4c-7bca-4c54-9f5b-a3db7e2c9c41'],
    ['YOUTUBE', 'dQw4w9WgXc_', 'dQw4w9WgXc_'],
    ['YOUTUBE', 'a-b_c-d_e-f', 'a-b_c-d_e-f'],
    ['SHAZAM', '1802175276', '1802175276'],
  ])('%s %j → %j', (platform, raw, id) => {
    expect(parsePlatformId(platform, raw, 'externalId')).toBe(id);
  });
});

describe('rejects malformed platform ids, naming the argument and the expected format', () => {
  it.each<[Platform, string, string]>([
    ['SPOTIFY', '5W3cjX2J3tjhG8zb6u0qH', '22 letters and digits'],
    ['SPOTIFY', '5W3cjX2J3tjhG8zb6u0qH!', '22 letters and digits'],
    ['SPOTIFY', 'spotify:album:4m2880jivSbbyEGAKfITCa', 'a spotify:album: URI does not name a track'],
    ['APPLE_MUSIC', 'id1440650', 'digits only'],
    ['DEEZER', '32786-25201', 'digits only'],
    ['TIDAL', '3789025a', 'digits only'],
    ['BEATPORT', 'one-more-time', 'digits only'],
    ['DISCOGS', 'r487193', 'optionally followed by "-" and the track position'],
    ['DISCOGS', '487193-A2', 'optionally followed by "-" and the track position'],
    ['MUSICBRAINZ', '8e030f4c7bca4c549f5ba3db7e2c9c41', 'a UUID'],
    ['YOUTUBE', 'dQw4w9WgXc', '11 letters, digits'],
    ['YOUTUBE', 'dQw4w9WgXc!', '11 letters, digits'],
    ['SHAZAM', '18021752.76', 'digits only'],
    ['SHAZAM', '   ', 'must not be empty'],
  ])('%s %j', (platform, raw, reason) => {
    const error = rejection(() => parsePlatformId(platform, raw, 'items[3].externalId'));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'items[3].externalId', value: raw });
    expect(error.message).toContain(`Invalid ${platform} id "${raw}" in \`items[3].externalId\``);
    expect(error.message).toContain(reason);
  });
});
