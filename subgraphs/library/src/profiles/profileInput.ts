import { BadUserInputError } from '../../../../lib/errors.ts';

/** Longest profile name, in characters. */
export const MAX_PROFILE_NAME_LENGTH = 50;

/** Longest avatar URL. */
export const MAX_AVATAR_URL_LENGTH = 2_000;

/** Most profiles one account may have. */
export const MAX_PROFILES_PER_ACCOUNT = 20;

// Postgres `integer` ids: anything outside cannot name a row.
const MAX_ROW_ID = 2_147_483_647;

/**
 * A profile name: trimmed, NFC, 1 to {@link MAX_PROFILE_NAME_LENGTH}
 * characters, no control characters; BAD_USER_INPUT naming `argument` otherwise.
 */
export function parseProfileName(raw: string, argument = 'name'): { name: string; nameKey: string } {
  const name = raw.normalize('NFC').trim();
  const length = [...name].length;
  if (length === 0) throw new BadUserInputError(`\`${argument}\` must not be empty.`, argument, raw);
  if (length > MAX_PROFILE_NAME_LENGTH) throw new BadUserInputError(`\`${argument}\` must be at most ${MAX_PROFILE_NAME_LENGTH} characters, got ${length}.`, argument, raw, { max: MAX_PROFILE_NAME_LENGTH });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) throw new BadUserInputError(`\`${argument}\` must not contain control characters.`, argument, raw);
  return { name, nameKey: name.toLowerCase() };
}

/** An avatar colour as `#rrggbb`, lower-cased. */
export function parseAvatarColor(raw: string, argument = 'avatarColor'): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(raw)) throw new BadUserInputError(`\`${argument}\` must be a colour as #rrggbb, got "${raw}".`, argument, raw);
  return raw.toLowerCase();
}

/** An avatar URL: http(s), at most {@link MAX_AVATAR_URL_LENGTH} characters. */
export function parseAvatarUrl(raw: string, argument = 'avatarUrl'): string {
  let url: URL | null = null;
  try {
    url = raw.length <= MAX_AVATAR_URL_LENGTH ? new URL(raw) : null;
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new BadUserInputError(`\`${argument}\` must be an http(s) URL of at most ${MAX_AVATAR_URL_LENGTH} characters.`, argument, raw);
  }
  return url.href;
}

/** A profile id from an argument or the `x-profile-id` header: BAD_USER_INPUT naming `argument` unless it can name a row. */
export function parseProfileId(raw: string, argument = 'profile'): number {
  const id = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(id) || id < 1 || id > MAX_ROW_ID) throw new BadUserInputError(`\`${argument}\` must be a profile id, got "${raw}".`, argument, raw);
  return id;
}

/** A watchlist or wishlist entry id: BAD_USER_INPUT naming `argument` unless it can name a row. */
export function parseEntryId(raw: string, argument: string): number {
  const id = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(id) || id < 1 || id > MAX_ROW_ID) throw new BadUserInputError(`\`${argument}\` must be an entry id, got "${raw}".`, argument, raw);
  return id;
}
