import { ErrorCode, TrackgraphError } from '../../../../lib/errors.ts';
import type { Track } from '../../../../prisma/links/generated/client.ts';
import type { Platform } from '../../../../prisma/links/generated/enums.ts';
import type { RequestDiscovery } from '../discovery/RequestDiscovery.ts';
import type { Loaders } from '../loaders.ts';
import type { ProviderPlatform } from '../providers/types.ts';
import { parsePlatformId } from './platformIds.ts';
import { keepBadInput, parseEach } from './perEntry.ts';
import { findTrackByPlatformId } from './trackByPlatformId.ts';

/**
 * `Query.tracks(source:, externalIds:)`: the recordings of many ids of one platform, one answer per
 * entry in input order (duplicates answered at each position), null for unknown ones. Every id is
 * validated first, as `track(source:, externalId:)` does; a bad one is a BAD_USER_INPUT error at its
 * position naming `externalIds[i]`, costs no SQL and does not sink the others. Then the catalog answers them all in one statement (Discogs release ids that match no
 * track id: one more). When discovery can ask the platform by id (Spotify), the ids the catalog
 * lacks are asked there and their ISRCs discovered within the request (see
 * RequestDiscovery.tracksByPlatformIds); an id the platform could not be asked about is a
 * SERVICE_UNAVAILABLE error at its position (graphql-js answers it null, with the error at that path).
 */
export async function findTracksByPlatformIds(
  source: Platform,
  rawIds: readonly string[],
  loaders: Loaders,
  discovery: RequestDiscovery,
): Promise<(Track | null | Error)[]> {
  const ids = parseEach(rawIds, (raw, index) => parsePlatformId(source, raw, `externalIds[${index}]`));
  const known = await Promise.all(
    ids.map((id, index) =>
      id instanceof Error ? id : findTrackByPlatformId(loaders, source, id, `externalIds[${index}]`, rawIds[index]).catch(keepBadInput),
    ),
  );
  const unknown = [...new Set(ids.filter((id, index): id is string => known[index] === null && typeof id === 'string'))];
  if (unknown.length === 0 || !discovery.canLookUpIds(source)) return known;
  const found = await discovery.tracksByPlatformIds(source as ProviderPlatform, unknown);
  return known.map((track, index) => {
    if (track !== null) return track;
    const answer = found.get(ids[index] as string) ?? null;
    if (!(answer instanceof Error)) return answer;
    return new TrackgraphError(
      ErrorCode.SERVICE_UNAVAILABLE,
      `Could not ask ${source} about \`externalIds[${index}]\` ("${ids[index]}"; ${answer.message}); ask again later.`,
      { argument: `externalIds[${index}]`, platform: source },
    );
  });
}
