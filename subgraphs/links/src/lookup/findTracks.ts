import { BadUserInputError } from '../../../../lib/errors.ts';
import { parseIsrc } from '../../../../lib/isrc/isrc.ts';
import type { Track } from '../../../../prisma/links/generated/client.ts';
import type { QueryTracksArgs } from '../__generated__/resolvers-types.ts';
import type { RequestDiscovery } from '../discovery/RequestDiscovery.ts';
import type { Loaders } from '../loaders.ts';
import { parseTrackId } from '../trackId.ts';

/** Most entries `Query.tracks` takes in one call. */
export const MAX_TRACKS_PER_QUERY = 100;

/**
 * `Query.tracks`: up to {@link MAX_TRACKS_PER_QUERY} recordings by ISRC or by
 * id, one answer per entry in input order (duplicates answered at each
 * position), null for unknown ones. All entries go through one loader batch
 * (by ISRC, through discovery).
 *
 * This is a read, not a batch job: an invalid entry fails the whole query with
 * BAD_USER_INPUT naming it (`isrcs[3]`), so a caller never mistakes a typo for
 * an unknown recording. Use `resolveTracks` for per-item outcomes.
 */
export function findTracks({ isrcs, ids }: Partial<QueryTracksArgs>, loaders: Loaders, discovery: RequestDiscovery): Promise<(Track | null)[]> {
  if ((isrcs == null) === (ids == null)) {
    const got = isrcs != null ? 'both' : 'neither';
    throw new BadUserInputError(`Pass exactly one of \`isrcs\` or \`ids\` to \`tracks\` (got ${got}).`, isrcs != null ? 'isrcs,ids' : 'isrcs');
  }
  const [argument, entries] = isrcs != null ? (['isrcs', isrcs] as const) : (['ids', ids!] as const);
  if (entries.length < 1 || entries.length > MAX_TRACKS_PER_QUERY) {
    throw new BadUserInputError(
      `\`${argument}\` must hold 1 to ${MAX_TRACKS_PER_QUERY} entries, got ${entries.length}.`,
      argument,
      undefined,
      { count: entries.length, limit: MAX_TRACKS_PER_QUERY },
    );
  }
  // Validate every entry before loading any, so a bad one costs no SQL.
  if (argument === 'isrcs') {
    // Unknown ISRCs are asked of the platforms, all entries in one batch.
    return discovery.tracksByIsrc(entries.map((raw, index) => parseIsrc(raw, `isrcs[${index}]`)));
  }
  const keys = entries.map((raw, index) => parseTrackId(raw, `ids[${index}]`));
  return Promise.all(keys.map((id) => loaders.trackById.load(id)));
}
