import { BadUserInputError } from '../../../../lib/errors.ts';
import { parseIsrc } from '../../../../lib/isrc/isrc.ts';
import type { Track } from '../../../../prisma/links/generated/client.ts';
import type { QueryTrackArgs } from '../__generated__/resolvers-types.ts';
import type { RequestDiscovery } from '../discovery/RequestDiscovery.ts';
import type { Loaders } from '../loaders.ts';
import { parseTrackId } from '../trackId.ts';
import { parsePlatformId } from './platformIds.ts';
import { appleReleaseLinkId, parsePlatformUrl } from './platformUrls.ts';
import { platformIdKey } from './trackByPlatformId.ts';
import { findTrackByPlatformId } from './trackByPlatformId.ts';

/**
 * Checks that exactly one selector was passed (`source` and `externalId`
 * together count as one) and returns its name.
 * @throws BadUserInputError for none or several selectors, or half of the platform pair
 */
export function trackSelector({ isrc, id, source, externalId, url }: Partial<QueryTrackArgs>): 'isrc' | 'id' | 'platformId' | 'url' {
  const given = [
    isrc != null && 'isrc',
    id != null && 'id',
    (source != null || externalId != null) && 'source',
    url != null && 'url',
  ].filter((name): name is string => Boolean(name));
  if (given.length !== 1) {
    const got = given.length ? given.join(' and ') : 'none';
    throw new BadUserInputError(
      `Pass exactly one of \`isrc\` or \`id\` or \`url\`, or \`source\` with \`externalId\`, to \`track\` (got ${got}).`,
      given.join(',') || 'isrc',
    );
  }
  if (source != null && externalId == null) {
    throw new BadUserInputError(`\`source: ${source}\` needs \`externalId\`, the track's id on that platform.`, 'externalId');
  }
  if (externalId != null && source == null) {
    throw new BadUserInputError(`\`externalId\` needs \`source\`, the platform the id "${externalId}" belongs to.`, 'source', externalId);
  }
  return isrc != null ? 'isrc' : id != null ? 'id' : url != null ? 'url' : 'platformId';
}

/**
 * `Query.track`: validates the one selector and looks the recording up through the loaders (by ISRC,
 * through discovery, which asks the platforms about an ISRC the catalog lacks); null when unknown.
 */
export async function findTrack(args: Partial<QueryTrackArgs>, loaders: Loaders, discovery: RequestDiscovery): Promise<Track | null> {
  switch (trackSelector(args)) {
    case 'isrc': {
      const [track] = await discovery.tracksByIsrc([parseIsrc(args.isrc!, 'isrc')]);
      return track ?? null;
    }
    case 'id':
      return loaders.trackById.load(parseTrackId(args.id!, 'id'));
    case 'platformId':
      return findTrackByPlatformId(loaders, args.source!, parsePlatformId(args.source!, args.externalId!, 'externalId'), 'externalId', args.externalId);
    case 'url':
      return findTrackByUrl(args.url!, loaders, 'url');
  }
}

/**
 * A track by its link. An Apple Music release link without `?i=` names a
 * release, not a track, but the analytics reference gives tracks' Apple links
 * in that form: it answers the track the catalog knows by that Apple Music id,
 * and is refused as before otherwise.
 */
export async function findTrackByUrl(url: string, loaders: Loaders, argument: string): Promise<Track | null> {
  const releaseId = appleReleaseLinkId(url);
  if (releaseId) {
    const known = await loaders.trackByPlatformId.load(platformIdKey('APPLE_MUSIC', releaseId));
    if (known) return known;
  }
  const { platform, externalId } = parsePlatformUrl(url, argument);
  return findTrackByPlatformId(loaders, platform, externalId, argument, url);
}
