import { requireCaller } from '../../../../lib/auth/Caller.ts';
import type { MutationResolvers, ProfileResolvers, QueryResolvers } from '../__generated__/resolvers-types.ts';
import { checkPin, hashPin, verifyPin } from '../profiles/pinHash.ts';
import { limitPinAttempts } from '../profiles/pinAttempts.ts';
import { parseAvatarColor, parseAvatarUrl, parseProfileId, parseProfileName } from '../profiles/profileInput.ts';
import { createProfile, deleteProfile, findProfile, listProfiles, updateProfile, type ProfileChanges } from '../profiles/profileStore.ts';
import { requestProfile } from '../profiles/requestProfile.ts';

/** A profile as the API shows it: never the PIN hash. */
export const Profile: ProfileResolvers = {
  id: (row) => String(row.id),
  isDefault: (row) => row.defaultFor !== null,
  hasPin: (row) => row.pinHash !== null,
};

/** `profiles` and `profile`. */
export const profileQueries: Pick<QueryResolvers, 'profiles' | 'profile'> = {
  profiles: (_root, _args, { prisma, caller }) => listProfiles(prisma, requireCaller(caller, 'library').accountId),
  profile: (_root, { id }, context) => requestProfile(context, id),
};

/** Profile management: any key of the account with the `library` scope. */
export const profileMutations: Pick<MutationResolvers, 'createProfile' | 'updateProfile' | 'deleteProfile' | 'verifyProfilePin'> = {
  createProfile: async (_root, { name, pin, isAdmin, avatarColor, avatarUrl }, { prisma, caller }) => {
    const { accountId } = requireCaller(caller, 'library');
    const parsed = parseProfileName(name);
    const color = avatarColor == null ? undefined : parseAvatarColor(avatarColor);
    const url = avatarUrl == null ? null : parseAvatarUrl(avatarUrl);
    // Checked before the (slow, memory-hard) hash; an empty PIN means none.
    const pinHash = pin == null || pin === '' ? null : await hashPin(checkPin(pin));
    return createProfile(prisma, accountId, { ...parsed, isAdmin: isAdmin ?? false, avatarColor: color, avatarUrl: url, pinHash });
  },
  updateProfile: async (_root, args, { prisma, caller }) => {
    const { accountId } = requireCaller(caller, 'library');
    const id = parseProfileId(args.id, 'id');
    const changes: ProfileChanges = {};
    if (args.name != null) Object.assign(changes, parseProfileName(args.name));
    if (args.avatarColor != null) changes.avatarColor = parseAvatarColor(args.avatarColor);
    if ('avatarUrl' in args) changes.avatarUrl = args.avatarUrl ? parseAvatarUrl(args.avatarUrl) : null;
    if (args.isAdmin != null) changes.isAdmin = args.isAdmin;
    // Absent: unchanged; null or "": removed (as the reference's PUT).
    if ('pin' in args) changes.pinHash = args.pin == null || args.pin === '' ? null : await hashPin(checkPin(args.pin));
    return updateProfile(prisma, accountId, id, changes);
  },
  deleteProfile: (_root, { id }, { prisma, caller }) => deleteProfile(prisma, requireCaller(caller, 'library').accountId, parseProfileId(id, 'id')),
  verifyProfilePin: async (_root, { id, pin }, { prisma, cache, caller }) => {
    const { accountId } = requireCaller(caller, 'library');
    const profile = await findProfile(prisma, accountId, parseProfileId(id, 'id'));
    const { pinHash } = profile;
    if (!pinHash) return false;
    // A 4-digit PIN is 10,000 guesses: a few wrong ones, then a wait.
    return limitPinAttempts(cache, profile.id, () => verifyPin(pin, pinHash));
  },
};

