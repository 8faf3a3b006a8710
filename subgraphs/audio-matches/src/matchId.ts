import { BadUserInputError } from '../../../lib/errors.ts';

// TrackMatch.id is a Postgres INTEGER: a larger id cannot exist, and Prisma would reject it.
const MAX_MATCH_ID = 2_147_483_647;

/** A match id from a representation or an argument: its number, or null when no match can have it. */
export function parseMatchId(raw: unknown): number | null {
  const id = /^\d{1,10}$/.test(String(raw)) ? Number(raw) : NaN;
  return id >= 1 && id <= MAX_MATCH_ID ? id : null;
}

/** A match id argument, or BAD_USER_INPUT naming it. */
export function requireMatchId(raw: string, argument = 'id'): number {
  const id = parseMatchId(raw);
  if (id === null) throw new BadUserInputError(`Invalid match id "${raw}" in \`${argument}\`: expected a positive integer from a TrackMatch's \`id\`.`, argument, raw);
  return id;
}
