import { createHash } from 'node:crypto';
import { BadUserInputError } from '../../../lib/errors.ts';

const TRACK_ID = /^trk_[0-9a-f]{20}$/;

/**
 * The id a new canonical track gets: derived from its ISRC, so the same
 * recording has the same id in every environment (demo data in other subgraphs
 * can refer to it). Stored once, so it never changes afterwards.
 */
export function trackIdForIsrc(isrc: string): string {
  return `trk_${createHash('sha256').update(`isrc:${isrc}`).digest('hex').slice(0, 20)}`;
}

/** Validates a track id argument, or BAD_USER_INPUT naming it. */
export function parseTrackId(raw: string, argument = 'id'): string {
  const id = raw.trim();
  if (!TRACK_ID.test(id)) throw new BadUserInputError(`Invalid track id "${raw}" in \`${argument}\`: expected "trk_" and 20 hex digits.`, argument, raw);
  return id;
}
