import { PROFILE_ID_HEADER, requireCaller } from '../../../../lib/auth/Caller.ts';
import type { Context } from '../context.ts';
import { parseProfileId } from './profileInput.ts';
import { ensureDefaultProfile, findProfile, type ProfileRow } from './profileStore.ts';

// Per request: the same profile asked by several fields is read once (the context is the request's).
const resolved = new WeakMap<Context, Map<string, Promise<ProfileRow>>>();

/**
 * The profile a profile-scoped field acts for: its `profile` argument, else the
 * `x-profile-id` header (carried in the gateway's signed caller, never read
 * from a subgraph header), else the account's default profile (made on first
 * use). Needs the `library` scope; an unknown id or another account's profile
 * is NOT_FOUND naming where it came from (`profile` or `x-profile-id`).
 */
export function requestProfile(context: Context, profile: string | null | undefined): Promise<ProfileRow> {
  const { accountId, profileId: header } = requireCaller(context.caller, 'library');
  const [raw, argument] = profile != null ? [profile, 'profile'] : header !== undefined ? [header, PROFILE_ID_HEADER] : [null, 'profile'];
  const key = raw === null ? '' : `${argument}:${raw}`;
  let memo = resolved.get(context);
  if (!memo) resolved.set(context, (memo = new Map()));
  let found = memo.get(key);
  if (!found) {
    found = raw === null ? ensureDefaultProfile(context.prisma, accountId) : findProfile(context.prisma, accountId, parseProfileId(raw, argument), argument);
    memo.set(key, found);
  }
  return found;
}
