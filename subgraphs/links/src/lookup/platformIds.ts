import { BadUserInputError } from '../../../../lib/errors.ts';
import type { Platform } from '../../../../prisma/links/generated/enums.ts';

/** The shape of one platform's track ids, and how to say it in an error message. */
interface IdFormat {
  pattern: RegExp;
  expected: string;
}

const DIGITS = (example: string): IdFormat => ({ pattern: /^[0-9]{1,20}$/, expected: `digits only (e.g. ${example})` });

/** Track id formats of every platform in the `Platform` enum. */
export const PLATFORM_ID_FORMATS: Readonly<Record<Platform, IdFormat>> = {
  SPOTIFY: {
    pattern: /^[0-9A-Za-z]{22}$/,
    expected: 'a base-62 track id of 22 letters and digits (e.g. 5W3cjX2J3tjhG8zb6u0qHn) or a spotify:track: URI',
  },
  APPLE_MUSIC: DIGITS('1440650'),
  DEEZER: DIGITS('3278625201'),
  TIDAL: DIGITS('3789025'),
  BEATPORT: DIGITS('1234567'),
  DISCOGS: {
    pattern: /^[0-9]{1,20}(-[0-9]{1,4})?$/,
    expected: 'a release id in digits, optionally followed by "-" and the track position (e.g. 487193 or 487193-2)',
  },
  MUSICBRAINZ: {
    pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    expected: 'a recording MBID, a UUID such as 8e030f4c-7bca-4c54-9f5b-a3db7e2c9c41',
  },
  YOUTUBE: { pattern: /^[A-Za-z0-9_-]{11}$/, expected: 'a video id of 11 letters, digits, "-" or "_" (e.g. dQw4w9WgXcQ)' },
  SHAZAM: DIGITS('1802175276'),
};

/** `spotify:<kind>:<id>`; only the `track` kind names a recording. */
const SPOTIFY_URI = /^spotify:([a-z]+):(.*)$/i;

/**
 * Puts a platform id as people paste it into the stored form: trimmed, a
 * `spotify:track:` URI reduced to its bare id, an MBID in lower case.
 * Returns the result whether or not it is valid (see {@link platformIdProblem}).
 */
export function normalizePlatformId(platform: Platform, raw: string): string {
  const id = raw.trim();
  if (platform === 'SPOTIFY') {
    const uri = SPOTIFY_URI.exec(id);
    return uri && uri[1]!.toLowerCase() === 'track' ? uri[2]! : id;
  }
  if (platform === 'MUSICBRAINZ') return id.toLowerCase();
  return id;
}

/** Why a normalized id is not a valid track id of `platform`, or null when it is. */
export function platformIdProblem(platform: Platform, id: string): string | null {
  const format = PLATFORM_ID_FORMATS[platform];
  if (!format) throw new TypeError(`platformIdProblem: expected a Platform, got ${JSON.stringify(platform)}`);
  if (id === '') return `must not be empty; expected ${format.expected}`;
  if (platform === 'SPOTIFY') {
    // A pasted album or artist URI is a common mistake; say what it is rather than "malformed".
    const uri = SPOTIFY_URI.exec(id);
    if (uri) return `a spotify:${uri[1]}: URI does not name a track; expected ${format.expected}`;
  }
  return format.pattern.test(id) ? null : `expected ${format.expected}`;
}

/**
 * Validates and canonicalizes a platform track id argument.
 * @param argument the argument path reported in the error (`externalId`, `items[2].externalId`)
 * @throws BadUserInputError naming the argument, the platform and the expected format
 */
export function parsePlatformId(platform: Platform, raw: string, argument = 'externalId'): string {
  const id = normalizePlatformId(platform, raw);
  const problem = platformIdProblem(platform, id);
  if (problem) throw new BadUserInputError(`Invalid ${platform} id "${raw}" in \`${argument}\`: ${problem}.`, argument, raw);
  return id;
}
