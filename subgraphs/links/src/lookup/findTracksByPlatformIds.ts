import { ErrorCode, TrackgraphError } from '../../../../lib/errors.ts';
import type { Track } from '../../../../prisma/links/generated/client.ts';
import type { Platform } from '../../../../prisma/links/generated/enums.ts';
import type { RequestDiscovery } from '../discovery/RequestDiscovery.ts';
import type { Loaders } from '../loaders.ts';
import type { ProviderPlatform } from '../providers/types.ts';
import { parsePlatformId } from './platformIds.ts';
import { findTrackByPlatformId } from './trackByPlatformId.ts';

/**
 * `Query.tracks(source:, externalIds:)`: the recordings of many ids of one platform, one answer per
 * entry in input order (duplicates answered at each position), null for unknown ones. Every id is
 * validated first, as `track(source:, externalId:)` does (an error names `externalIds[i]`, before
 * any SQL); then the catalog answers them all in one statement (Discogs release ids that match no
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
  const ids = rawIds.map((raw, index) => parsePlatformId(source, raw, `externalIds[${index}]`));
  const known = await Promise.all(ids.map((id, index) => findTrackByPlatformId(loaders, source, id, `externalIds[${index}]`, rawIds[index])));
  const unknown = [...new Set(ids.filter((_, index) => known[index] === null))];
  if (unknown.length === 0 || !discovery.canLookUpIds(source)) return known;
  const found = await discovery.tracksByPlatformIds(source as ProviderPlatform, unknown);
  return known.map((track, index) => {
    if (track) return track;
    const answer = found.get(ids[index]!) ?? null;
    if (!(answer instanceof Error)) return answer;
    return new TrackgraphError(
      ErrorCode.SERVICE_UNAVAILABLE,
      `Could not ask ${source} about \`externalIds[${index}]\` ("${ids[index]}"; ${answer.message}); ask again later.`,
      { argument: `externalIds[${index}]`, platform: source },
    );
  });
}
