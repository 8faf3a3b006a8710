import { Prisma, type Profile } from '../../../../prisma/library/generated/client.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../../lib/errors.ts';
import type { LibraryPrisma } from '../db.ts';
import { MAX_PROFILES_PER_ACCOUNT } from './profileInput.ts';

export type ProfileRow = Profile;

/** What `deleteProfile` removed. */
export interface DeletedProfileRow {
  id: number;
  watchlistArtistsRemoved: number;
  wishlistItemsRemoved: number;
}

/** Name of the profile an account gets on first use. */
export const DEFAULT_PROFILE_NAME = 'Admin';

/** A validated profile to create (the PIN already hashed). */
export interface NewProfile {
  name: string;
  nameKey: string;
  isAdmin: boolean;
  avatarColor?: string;
  avatarUrl?: string | null;
  pinHash?: string | null;
}

/** Validated changes to a profile; an absent field stays as it is, `pinHash: null` removes the PIN. */
export type ProfileChanges = Partial<NewProfile>;

/** Whether `error` is Prisma's unique-constraint violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

function nameTaken(name: string): ConflictError {
  return new ConflictError(`This account already has a profile named "${name}" (names are compared without case).`, { argument: 'name' });
}

/** Serializes writes to one account's profiles (the per-account limit is counted under it). */
function lockAccount(tx: Prisma.TransactionClient, accountId: string) {
  return tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('trackgraph:library:profiles:' || ${accountId}::text))`;
}

/**
 * The account's default profile, made on first use: an admin named "Admin".
 * One statement when it exists; idempotent under concurrency (the unique
 * `defaultFor` makes every racing insert but one a no-op).
 */
export async function ensureDefaultProfile(prisma: LibraryPrisma, accountId: string): Promise<ProfileRow> {
  const existing = await prisma.profile.findUnique({ where: { defaultFor: accountId } });
  if (existing) return existing;
  await prisma.profile.createMany({
    data: [{ accountId, defaultFor: accountId, name: DEFAULT_PROFILE_NAME, nameKey: DEFAULT_PROFILE_NAME.toLowerCase(), isAdmin: true }],
    skipDuplicates: true,
  });
  return prisma.profile.findUniqueOrThrow({ where: { defaultFor: accountId } });
}

/** One profile of the account; NOT_FOUND (naming `argument`) when it is unknown or another account's. */
export async function findProfile(prisma: LibraryPrisma, accountId: string, id: number, argument = 'id'): Promise<ProfileRow> {
  const profile = await prisma.profile.findFirst({ where: { id, accountId } });
  if (!profile) throw new NotFoundError(`No profile ${id} in this account.`, { argument, value: String(id) });
  return profile;
}

/** Every profile of the account, the default one first, then by id (the default is made if missing). */
export async function listProfiles(prisma: LibraryPrisma, accountId: string): Promise<ProfileRow[]> {
  await ensureDefaultProfile(prisma, accountId);
  const rows = await prisma.profile.findMany({ where: { accountId }, orderBy: { id: 'asc' } });
  return rows.sort((a, b) => Number(b.defaultFor !== null) - Number(a.defaultFor !== null));
}

/**
 * Creates a profile. CONFLICT when the account has one of that name,
 * FORBIDDEN past {@link MAX_PROFILES_PER_ACCOUNT}. The default profile exists first.
 */
export async function createProfile(prisma: LibraryPrisma, accountId: string, input: NewProfile): Promise<ProfileRow> {
  await ensureDefaultProfile(prisma, accountId);
  try {
    return await prisma.$transaction(async (tx) => {
      await lockAccount(tx, accountId);
      const count = await tx.profile.count({ where: { accountId } });
      if (count >= MAX_PROFILES_PER_ACCOUNT) throw new ForbiddenError(`An account may have at most ${MAX_PROFILES_PER_ACCOUNT} profiles.`, { limit: MAX_PROFILES_PER_ACCOUNT });
      return tx.profile.create({ data: { ...input, accountId } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

/**
 * Changes a profile of the account. NOT_FOUND for another account's;
 * CONFLICT for a name taken; FORBIDDEN when the default profile would stop being an admin.
 */
export async function updateProfile(prisma: LibraryPrisma, accountId: string, id: number, changes: ProfileChanges): Promise<ProfileRow> {
  const profile = await findProfile(prisma, accountId, id);
  if (profile.defaultFor !== null && changes.isAdmin === false) throw new ForbiddenError("The account's first profile is always an admin.", { argument: 'isAdmin' });
  try {
    const updated = await prisma.profile.updateMany({ where: { id, accountId }, data: changes });
    if (updated.count === 0) throw new NotFoundError(`No profile ${id} in this account.`, { argument: 'id', value: String(id) });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(changes.name ?? profile.name);
    throw error;
  }
  return findProfile(prisma, accountId, id);
}

/**
 * Deletes a profile with its watchlist and wishlist, in one transaction (all or
 * nothing). FORBIDDEN for the account's default profile; NOT_FOUND for an
 * unknown or another account's one.
 */
export async function deleteProfile(prisma: LibraryPrisma, accountId: string, id: number): Promise<DeletedProfileRow> {
  return prisma.$transaction(async (tx) => {
    await lockAccount(tx, accountId);
    const profile = await tx.profile.findFirst({ where: { id, accountId } });
    if (!profile) throw new NotFoundError(`No profile ${id} in this account.`, { argument: 'id', value: String(id) });
    if (profile.defaultFor !== null) throw new ForbiddenError("The account's first profile cannot be deleted.", { argument: 'id' });
    // Explicit, in this transaction (the foreign keys cascade too): a failure anywhere leaves every list as it was.
    const wishlist = await tx.wishlistTrack.deleteMany({ where: { profileId: id } });
    const watchlist = await tx.watchlistArtist.deleteMany({ where: { profileId: id } });
    await tx.profile.delete({ where: { id } });
    return { id, watchlistArtistsRemoved: watchlist.count, wishlistItemsRemoved: wishlist.count };
  });
}
