import { BadUserInputError } from '../../../../lib/errors.ts';

/*
 * Lists of lookups where one malformed entry must not sink the others: graphql-js answers an Error
 * value in a list null at its position, with the error at that path.
 */

/** Parses each entry; a bad one becomes its error (answered null at its position), the others stay. */
export function parseEach<T>(entries: readonly string[], parse: (raw: string, index: number) => T): (T | Error)[] {
  return entries.map((raw, index) => {
    try {
      return parse(raw, index);
    } catch (error) {
      return keepBadInput(error);
    }
  });
}

/** Answers the valid entries with `load` (one call, in order) and puts each bad entry's error back at its position. */
export async function answerValid<K, R>(parsed: readonly (K | Error)[], load: (keys: K[]) => Promise<(R | Error)[]>): Promise<(R | Error)[]> {
  const valid = parsed.filter((entry): entry is K => !(entry instanceof Error));
  const answers = valid.length ? await load(valid) : [];
  let next = 0;
  return parsed.map((entry) => (entry instanceof Error ? entry : answers[next++]!));
}

/** A per-entry lookup's BAD_USER_INPUT (say, an ambiguous Discogs release) as the entry's answer; anything else still fails the call. */
export function keepBadInput(error: unknown): Error {
  if (error instanceof BadUserInputError) return error;
  throw error;
}
