import { BadUserInputError } from '../../../../lib/errors.ts';
import type { Platform } from '../../../../prisma/links/generated/enums.ts';
import { normalizePlatformId, platformIdProblem } from './platformIds.ts';

/** A platform track id read from a pasted link. */
export interface PlatformRef {
  platform: Platform;
  externalId: string;
}

/** What a host's path parser found: the raw track id, or why the path is not a track link (null: it names something else). */
type PathResult = { id: string } | { problem: string | null };

/** One supported site: its platform, the link forms it accepts, and how to read the id. */
interface Site {
  platform: Platform;
  forms: string;
  read(segments: string[], query: URLSearchParams): PathResult;
}

const notTrack = (): PathResult => ({ problem: null });

// Locale and country prefixes some sites put before the path (`intl-de`, `us`, `pt-br`).
const LOCALE = /^(intl-)?[a-z]{2}([-_][a-z]{2})?$/i;
const dropLocale = (segments: string[]) => (segments.length > 1 && LOCALE.test(segments[0]!) ? segments.slice(1) : segments);

const SPOTIFY: Site = {
  platform: 'SPOTIFY',
  forms: 'open.spotify.com/track/<id> or spotify:track:<id>',
  read: (segments) => {
    const rest = dropLocale(segments);
    return rest[0] === 'track' && rest.length === 2 ? { id: rest[1]! } : notTrack();
  },
};

const APPLE_MUSIC: Site = {
  platform: 'APPLE_MUSIC',
  forms: 'music.apple.com/<country>/album/<name>/<albumId>?i=<trackId>, music.apple.com/<country>/song/<name>/<id> or music.apple.com/song/<id>',
  read: (segments, query) => {
    const rest = dropLocale(segments);
    if (rest[0] === 'song' && rest.length >= 2 && rest.length <= 3) return { id: rest.at(-1)! };
    if (rest[0] === 'album') {
      const track = query.get('i');
      // An album page names a track only through `?i=`; the path id is the album's.
      return track != null ? { id: track } : { problem: 'an album link without `?i=<trackId>` names an album, not a track' };
    }
    return notTrack();
  },
};

const DEEZER: Site = {
  platform: 'DEEZER',
  forms: 'deezer.com/<lang>/track/<id> or deezer.com/track/<id>',
  read: (segments) => {
    const rest = dropLocale(segments);
    return rest[0] === 'track' && rest.length === 2 ? { id: rest[1]! } : notTrack();
  },
};

const TIDAL: Site = {
  platform: 'TIDAL',
  forms: 'tidal.com/browse/track/<id>, tidal.com/track/<id> or listen.tidal.com/track/<id>',
  read: (segments) => {
    const rest = segments[0] === 'browse' ? segments.slice(1) : segments;
    // Tidal's share button appends "/u" to the track link.
    const track = rest.at(-1) === 'u' ? rest.slice(0, -1) : rest;
    return track[0] === 'track' && track.length === 2 ? { id: track[1]! } : notTrack();
  },
};

const BEATPORT: Site = {
  platform: 'BEATPORT',
  forms: 'beatport.com/track/<slug>/<id>',
  read: (segments) => (segments[0] === 'track' && segments.length === 3 ? { id: segments[2]! } : notTrack()),
};

const MUSICBRAINZ: Site = {
  platform: 'MUSICBRAINZ',
  forms: 'musicbrainz.org/recording/<mbid>',
  read: (segments) => {
    if (segments[0] === 'recording' && segments.length === 2) return { id: segments[1]! };
    // A MusicBrainz "track" is a recording's place on one release, with its own MBID.
    if (segments[0] === 'track') return { problem: 'a "track" link names a position on a release; use the recording link' };
    return notTrack();
  },
};

const DISCOGS: Site = {
  platform: 'DISCOGS',
  forms: 'discogs.com/release/<id>[-<slug>] or discogs.com/<artist>/release/<id>',
  read: (segments) => {
    const at = segments.indexOf('release');
    const id = /^[0-9]+/.exec(segments[at + 1] ?? '')?.[0];
    // Discogs has no track pages: a release link resolves to the catalog's recording on it.
    return at >= 0 && at <= 1 && segments.length === at + 2 && id ? { id } : notTrack();
  },
};

const YOUTUBE: Site = {
  platform: 'YOUTUBE',
  forms: 'youtube.com/watch?v=<id>, music.youtube.com/watch?v=<id> or youtu.be/<id>',
  read: (segments, query) => {
    const id = query.get('v');
    return segments[0] === 'watch' && segments.length === 1 && id != null ? { id } : notTrack();
  },
};

const YOUTU_BE: Site = {
  ...YOUTUBE,
  read: (segments) => (segments.length === 1 ? { id: segments[0]! } : notTrack()),
};

const SHAZAM: Site = {
  platform: 'SHAZAM',
  forms: 'shazam.com/song/<id>[/<slug>] or shazam.com/track/<id>[/<slug>]',
  read: (segments) => {
    const rest = dropLocale(segments);
    return (rest[0] === 'song' || rest[0] === 'track') && rest.length >= 2 && rest.length <= 3 ? { id: rest[1]! } : notTrack();
  },
};

/** Supported hosts, without a leading `www.`. */
const SITES: ReadonlyMap<string, Site> = new Map([
  ['open.spotify.com', SPOTIFY],
  ['music.apple.com', APPLE_MUSIC],
  ['deezer.com', DEEZER],
  ['tidal.com', TIDAL],
  ['listen.tidal.com', TIDAL],
  ['beatport.com', BEATPORT],
  ['musicbrainz.org', MUSICBRAINZ],
  ['discogs.com', DISCOGS],
  ['youtube.com', YOUTUBE],
  ['music.youtube.com', YOUTUBE],
  ['youtu.be', YOUTU_BE],
  ['shazam.com', SHAZAM],
]);

/**
 * The id in an Apple Music release link without `?i=`
 * (`music.apple.com/<country>/album/<slug>/<id>`), or null for any other link.
 * The analytics reference gives a track's Apple Music link in this form.
 */
export function appleReleaseLinkId(url: string): string | null {
  if (!/^https?:\/\//i.test(url.trim()) || !URL.canParse(url.trim())) return null;
  const parsed = new URL(url.trim());
  if (parsed.hostname.toLowerCase().replace(/^www\./, '') !== 'music.apple.com' || parsed.searchParams.has('i')) return null;
  const rest = dropLocale(parsed.pathname.split('/').filter(Boolean));
  const id = rest[0] === 'album' && rest.length >= 2 && rest.length <= 3 ? rest.at(-1)! : null;
  return id && /^[0-9]{1,15}$/.test(id) ? id : null;
}

/** Every accepted form, for messages about links that fit none. */
export const ACCEPTED_URL_FORMS = [...new Set([...SITES.values()].map((site) => site.forms))].join('; ');

/**
 * Reads the platform and track id from a pasted platform link (or a
 * `spotify:track:` URI). Query strings, fragments, `www.` and trailing slashes
 * do not matter; the id is validated and canonicalized as `parsePlatformId` does.
 * @param argument the argument path reported in the error
 * @throws BadUserInputError saying what is unsupported or malformed and which forms are accepted
 */
export function parsePlatformUrl(url: string, argument = 'url'): PlatformRef {
  const raw = url.trim();
  const fail = (problem: string, forms = ACCEPTED_URL_FORMS): never => {
    throw new BadUserInputError(`Unsupported link "${url}" in \`${argument}\`: ${problem}. Accepted: ${forms}.`, argument, url);
  };
  if (/^spotify:/i.test(raw)) return checked('SPOTIFY', raw, SPOTIFY.forms, fail);

  let parsed: URL | null = null;
  if (/^https?:\/\//i.test(raw)) parsed = URL.canParse(raw) ? new URL(raw) : null;
  if (!parsed) return fail('not an http(s) link');

  const host = parsed.hostname.toLowerCase().replace(/^www\./, '');
  const site = SITES.get(host);
  if (!site) return fail(`${host} is not a supported platform`);
  const segments = parsed.pathname.split('/').filter(Boolean).map(decodeSegment);
  const result = site.read(segments, parsed.searchParams);
  if ('problem' in result) {
    const path = `${host}${parsed.pathname}${parsed.search}`;
    return fail(result.problem ? `${result.problem} (${path})` : `${path} does not name a track`, site.forms);
  }
  return checked(site.platform, result.id, site.forms, fail);
}

// A stray "%" is not worth rejecting the link over; the id check below catches a bad id.
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Normalizes the id read from a link and rejects a malformed one. */
function checked(platform: Platform, id: string, forms: string, fail: (problem: string, forms: string) => never): PlatformRef {
  const externalId = normalizePlatformId(platform, id);
  const problem = platformIdProblem(platform, externalId);
  if (problem) fail(`the ${platform} track id "${id}" is malformed (${problem})`, forms);
  return { platform, externalId };
}
