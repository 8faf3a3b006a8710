import { parseVersion, type VersionQualifier } from '../search/versionQualifiers.ts';
import { foldText } from '../search/normalize.ts';

/** A release's kind, as the watchlist filters name them. */
export type ReleaseKind = 'ALBUM' | 'EP' | 'SINGLE' | 'COMPILATION';

/** The version words the watchlist filters (`live`, `remixes`, `acoustic`) act on. */
export const FILTERED_VERSIONS = ['live', 'remix', 'acoustic'] as const satisfies readonly VersionQualifier[];
export type FilteredVersion = (typeof FILTERED_VERSIONS)[number];

/** A watched artist's filters, as the library sends them (`WatchlistFilters`). */
export interface ReleaseFilters {
  albums: boolean;
  eps: boolean;
  singles: boolean;
  live: boolean;
  remixes: boolean;
  acoustic: boolean;
  compilations: boolean;
}

const COMPILATION = /\b(?:greatest hits|best of|the best|collection|anthology|compilation|the essential|essentials|hits)\b/;
const SINGLE = /(?:\s[-–—]\s*single|\(single\)|\[single\])$/;
const EP = /(?:\s[-–—]\s*ep|\(ep\)|\[ep\]|\sep)$/;

/**
 * A release's kind: from its title when it says (`- Single`, `- EP`, `Greatest
 * Hits`, `Best of`, `Collection`, `Anthology`…), else from the number of its
 * recordings the catalog holds: 1 to 3 a single, 4 to 6 an EP, more an album.
 */
export function releaseKind(title: string, trackCount: number): ReleaseKind {
  const folded = foldText(title).trim();
  if (COMPILATION.test(folded)) return 'COMPILATION';
  if (SINGLE.test(folded)) return 'SINGLE';
  if (EP.test(folded)) return 'EP';
  if (trackCount <= 3) return 'SINGLE';
  if (trackCount <= 6) return 'EP';
  return 'ALBUM';
}

// Release-title forms the track rules do not cover: "Live at Wembley", "The Remixes", "MTV Unplugged".
const RELEASE_TITLE_VERSIONS: [VersionQualifier, RegExp][] = [
  ['live', /(?:^live (?:at|in|from|on)\b|\blive$|\bunplugged\b)/],
  ['remix', /\b(?:remixes|remixed|the remix(?:es)?)\b/],
  ['acoustic', /\b(?:acoustic|unplugged)\b/],
];

/**
 * The versions a release is, read with the links search's rules
 * (search/versionQualifiers.ts): those its title names in a bracket or after a
 * dash ("(Live)", "- Remixes EP"), a few release-title forms ("Live at …",
 * "The Remixes", "Unplugged"), and those every one of its recordings' titles
 * names (a live album whose title does not say so). One remix among the bonus
 * tracks does not make an album a remix release; "Live Forever" is not live.
 */
export function releaseVersions(title: string, trackTitles: readonly string[]): Set<VersionQualifier> {
  const versions = new Set(parseVersion(title).qualifiers);
  const folded = foldText(title).trim();
  for (const [word, pattern] of RELEASE_TITLE_VERSIONS) if (pattern.test(folded)) versions.add(word);
  if (trackTitles.length > 0) {
    const perTrack = trackTitles.map((t) => parseVersion(t).qualifiers);
    for (const word of perTrack[0]!) if (perTrack.every((q) => q.has(word))) versions.add(word);
  }
  return versions;
}

/** Whether a release of this kind and these versions passes a watched artist's filters. */
export function passesFilters(kind: ReleaseKind, versions: ReadonlySet<VersionQualifier>, filters: ReleaseFilters): boolean {
  const kindAllowed = { ALBUM: filters.albums, EP: filters.eps, SINGLE: filters.singles, COMPILATION: filters.compilations }[kind];
  if (!kindAllowed) return false;
  if (versions.has('live') && !filters.live) return false;
  if (versions.has('remix') && !filters.remixes) return false;
  if (versions.has('acoustic') && !filters.acoustic) return false;
  return true;
}
