import { BadUserInputError } from '../../../../lib/errors.ts';
import { parseIsrc } from '../../../../lib/isrc/isrc.ts';
import type { Track } from '../../../../prisma/links/generated/client.ts';
import type { QueryTracksArgs } from '../__generated__/resolvers-types.ts';
import type { RequestDiscovery } from '../discovery/RequestDiscovery.ts';
import type { Loaders } from '../loaders.ts';
import { parseTrackId } from '../trackId.ts';
import { findTracksByPlatformIds } from './findTracksByPlatformIds.ts';
import { answerValid, parseEach } from './perEntry.ts';

/** Most entries `Query.tracks` takes in one call. */
export const MAX_TRACKS_PER_QUERY = 100;

/**
 * Checks that exactly one selector was passed (`source` and `externalIds` together count as one)
 * and returns the name of its list.
 * @throws BadUserInputError for none or several selectors, or half of the platform pair
 */
function tracksSelector({ isrcs, ids, source, externalIds }: Partial<QueryTracksArgs>): 'isrcs' | 'ids' | 'externalIds' {
  const given = [isrcs != null && 'isrcs', ids != null && 'ids', (source != null || externalIds != null) && 'source']
    .filter((name): name is string => Boolean(name));
  if (given.length !== 1) {
    const got = given.length ? given.join(' and ') : 'none';
    throw new BadUserInputError(
      `Pass exactly one of \`isrcs\` or \`ids\`, or \`source\` with \`externalIds\`, to \`tracks\` (got ${got}).`,
      given.join(',') || 'isrcs',
    );
  }
  if (source != null && externalIds == null) {
    throw new BadUserInputError(`\`source: ${source}\` needs \`externalIds\`, the tracks' ids on that platform.`, 'externalIds');
  }
  if (externalIds != null && source == null) throw new BadUserInputError('`externalIds` needs `source`, the platform the ids belong to.', 'source');
  return isrcs != null ? 'isrcs' : ids != null ? 'ids' : 'externalIds';
}

/**
 * `Query.tracks`: up to {@link MAX_TRACKS_PER_QUERY} recordings by ISRC, by id, or by one
 * platform's ids, one answer per entry in input order (duplicates answered at each position), null
 * for unknown ones. All valid entries go through one loader batch (by ISRC, through discovery; by
 * platform id, see findTracksByPlatformIds.ts).
 *
 * One malformed entry does not sink the others: it is answered null with a BAD_USER_INPUT error at
 * its path (`["tracks", 3]`) naming it (`isrcs[3]`), and costs no SQL. Selectors and list sizes are
 * checked for the whole call.
 */
export function findTracks(args: Partial<QueryTracksArgs>, loaders: Loaders, discovery: RequestDiscovery): Promise<(Track | null | Error)[]> {
  const argument = tracksSelector(args);
  const entries = args[argument]!;
  if (entries.length < 1 || entries.length > MAX_TRACKS_PER_QUERY) {
    throw new BadUserInputError(
      `\`${argument}\` must hold 1 to ${MAX_TRACKS_PER_QUERY} entries, got ${entries.length}.`,
      argument,
      undefined,
      { count: entries.length, limit: MAX_TRACKS_PER_QUERY },
    );
  }
  if (argument === 'isrcs') {
    // Unknown ISRCs are asked of the platforms, all valid entries in one batch.
    const isrcs = parseEach(entries, (raw, index) => parseIsrc(raw, `isrcs[${index}]`));
    return answerValid(isrcs, (valid) => discovery.tracksByIsrc(valid));
  }
  if (argument === 'externalIds') return findTracksByPlatformIds(args.source!, entries, loaders, discovery);
  const ids = parseEach(entries, (raw, index) => parseTrackId(raw, `ids[${index}]`));
  return answerValid(ids, (valid) => Promise.all(valid.map((id) => loaders.trackById.load(id))));
}
