import { BadUserInputError } from '../../../../lib/errors.ts';
import { parseIsrc } from '../../../../lib/isrc/isrc.ts';
import type { Platform } from '../../../../prisma/links/generated/enums.ts';
import type { ResolveInputType, ResolveItemInput } from '../__generated__/resolvers-types.ts';
import { parsePlatformId } from '../lookup/platformIds.ts';
import { validateSearch } from '../search/searchTracks.ts';

/** An item that passed validation, in canonical form, ready to look up. */
export type ValidItem =
  | { kind: 'ISRC'; isrc: string }
  | { kind: 'TRACK_NAME'; artist: string; title: string; durationMs: number | null }
  | { kind: 'PLATFORM_ID'; platform: Platform; externalId: string; argument: string; raw: string };

/** One item after validation: its echo for the caller, and either what to look up or why not. */
export type CheckedItem = { input: string; valid: ValidItem; reason?: undefined } | { input: string; valid?: undefined; reason: string };

/** The item as the caller sent it, for `ResolveResult.input`. */
export function echoInput(inputType: ResolveInputType, item: ResolveItemInput): string {
  if (inputType === 'ISRC') return item.isrc ?? '';
  if (inputType === 'TRACK_NAME') return `${item.artist ?? ''} - ${item.title ?? ''}`;
  return `${item.source ?? ''}:${item.externalId ?? ''}`;
}

/** A required TRACK_NAME field, or why it is missing. */
function requiredProblem(value: string | null | undefined, argument: string): string | null {
  return value == null || value.trim() === '' ? `\`${argument}\` is required for inputType TRACK_NAME and must not be blank.` : null;
}

function check(inputType: ResolveInputType, item: ResolveItemInput, at: string): ValidItem {
  if (inputType === 'ISRC') {
    if (item.isrc == null) throw new BadUserInputError(`\`${at}.isrc\` is required for inputType ISRC.`, `${at}.isrc`);
    return { kind: 'ISRC', isrc: parseIsrc(item.isrc, `${at}.isrc`) };
  }
  if (inputType === 'TRACK_NAME') {
    const problem = requiredProblem(item.artist, `${at}.artist`) ?? requiredProblem(item.title, `${at}.title`);
    if (problem) throw new BadUserInputError(problem, at);
    // The rest (length, something searchable) is exactly what a search would reject.
    const { terms } = validateSearch({ artist: item.artist, title: item.title, durationMs: item.durationMs, limit: 1 }, `${at}.`);
    return { kind: 'TRACK_NAME', artist: item.artist!.trim(), title: item.title!.trim(), durationMs: terms.durationMs ?? null };
  }
  if (item.source == null) throw new BadUserInputError(`\`${at}.source\` is required for inputType PLATFORM_ID.`, `${at}.source`);
  if (item.externalId == null) throw new BadUserInputError(`\`${at}.externalId\` is required for inputType PLATFORM_ID.`, `${at}.externalId`);
  const argument = `${at}.externalId`;
  return { kind: 'PLATFORM_ID', platform: item.source, externalId: parsePlatformId(item.source, item.externalId, argument), argument, raw: item.externalId };
}

/**
 * Validates item `index` for `inputType`. A malformed item is not an error
 * here: it becomes a `reason` (the message a single lookup would have thrown),
 * so one bad row never sinks the batch.
 */
export function validateItem(inputType: ResolveInputType, item: ResolveItemInput, index: number): CheckedItem {
  const input = echoInput(inputType, item);
  try {
    return { input, valid: check(inputType, item, `items[${index}]`) };
  } catch (error) {
    if (error instanceof BadUserInputError) return { input, reason: error.message };
    throw error;
  }
}
