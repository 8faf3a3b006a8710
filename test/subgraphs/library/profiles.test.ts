import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../../lib/auth/Caller.ts';
import { logger } from '../../../lib/logger.ts';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/library/src/context.ts';
import type { LibraryPrisma } from '../../../subgraphs/library/src/db.ts';
import { librarySubgraph } from '../../../subgraphs/library/src/module.ts';
import { testCaller } from '../../helpers/callers.ts';
import { createTestSubgraph, execute } from '../../helpers/subgraph.ts';

// Profiles of an account: the default one made on first use, PINs hashed, names unique, accounts apart.
let subgraph: Subgraph<LibraryPrisma, Context>;
beforeAll(async () => {
  subgraph = await createTestSubgraph(librarySubgraph, { seed: false });
});
afterAll(() => subgraph?.close());

const PROFILE = 'id name isAdmin isDefault hasPin avatarColor avatarUrl';
const run = (query: string, variables: Record<string, unknown> = {}, caller: Caller | null = testCaller('acme')) => execute(subgraph, query, variables, caller);
const create = (caller: Caller, variables: Record<string, unknown>) =>
  run(`mutation ($name: String!, $pin: String, $isAdmin: Boolean) { createProfile(name: $name, pin: $pin, isAdmin: $isAdmin) { ${PROFILE} } }`, variables, caller);

/** Everything written to stdout (the logger's output) while `action` runs, at the most verbose level. */
async function captureLogs(action: () => Promise<unknown>): Promise<string> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const level = logger.level;
  logger.level = 'trace';
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    chunks.push(String(chunk));
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    await action();
  } finally {
    process.stdout.write = write;
    logger.level = level;
  }
  return chunks.join('');
}

describe('the default profile', () => {
  it('is made on first use, an admin, and listed first', async () => {
    const { data, errors } = await run(`{ profiles { ${PROFILE} } }`, {}, testCaller('first-use'));
    expect(errors).toBeUndefined();
    expect(data!.profiles).toEqual([{ id: expect.any(String), name: 'Admin', isAdmin: true, isDefault: true, hasPin: false, avatarColor: '#6366f1', avatarUrl: null }]);
  });

  it('is made exactly once when many first requests race', async () => {
    const caller = testCaller('racing-first-use');
    const results = await Promise.all(Array.from({ length: 12 }, () => run('{ profile { id isDefault } }', {}, caller)));
    for (const { errors } of results) expect(errors).toBeUndefined();
    expect(new Set(results.map((r) => r.data!.profile.id)).size).toBe(1);
    expect(await subgraph.prisma.profile.count({ where: { accountId: 'racing-first-use' } })).toBe(1);
  });

  it('cannot be deleted (FORBIDDEN) nor stop being an admin', async () => {
    const caller = testCaller('keep-default');
    const { data } = await run('{ profile { id } }', {}, caller);
    const id = data!.profile.id;
    const deleted = await run('mutation ($id: ID!) { deleteProfile(id: $id) { id } }', { id }, caller);
    expect(deleted.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const demoted = await run('mutation ($id: ID!) { updateProfile(id: $id, isAdmin: false) { id } }', { id }, caller);
    expect(demoted.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'isAdmin' });
  });
});

describe('PINs', () => {
  it('are hashed with scrypt and a salt, never returned nor logged; hasPin only', async () => {
    const caller = testCaller('pins');
    let response: Awaited<ReturnType<typeof create>> | undefined;
    const logs = await captureLogs(async () => {
      response = await create(caller, { name: 'Family', pin: '4711' });
      await create(caller, { name: 'Twin', pin: '4711' });
      await run('mutation { createProfile(name: "Bad", pin: "47") { id } }', {}, caller);
    });
    expect(response!.errors).toBeUndefined();
    expect(response!.data!.createProfile).toMatchObject({ name: 'Family', hasPin: true, isAdmin: false, isDefault: false });
    expect(JSON.stringify(response)).not.toContain('4711');
    expect(logs).not.toContain('4711');
    const stored = await subgraph.prisma.profile.findMany({ where: { accountId: 'pins', pinHash: { not: null } }, orderBy: { id: 'asc' } });
    expect(stored).toHaveLength(2);
    for (const row of stored) {
      expect(row.pinHash).toMatch(/^scrypt\$32768\$8\$3\$[\w-]{22}\$[\w-]{43}$/);
      expect(row.pinHash).not.toContain('4711');
    }
    // Same PIN, different salts: different hashes.
    expect(stored[0]!.pinHash).not.toBe(stored[1]!.pinHash);
    const verify = (pin: string) => run('mutation ($id: ID!, $pin: String!) { verifyProfilePin(id: $id, pin: $pin) }', { id: String(stored[0]!.id), pin }, caller);
    expect((await verify('4711')).data!.verifyProfilePin).toBe(true);
    expect((await verify('4712')).data!.verifyProfilePin).toBe(false);
    expect((await verify('not a pin')).data!.verifyProfilePin).toBe(false);
  });

  it('allow 5 wrong guesses per profile in 15 minutes, also when sent in parallel, then RATE_LIMITED', async () => {
    const caller = testCaller('pin-guesses');
    const { data } = await create(caller, { name: 'Locked', pin: '8642' });
    const verify = (pin: string) => run('mutation ($id: ID!, $pin: String!) { verifyProfilePin(id: $id, pin: $pin) }', { id: data!.createProfile.id, pin }, caller);
    const guesses = await Promise.all(Array.from({ length: 8 }, (_, i) => verify(String(1000 + i))));
    expect(guesses.filter((g) => g.data?.verifyProfilePin === false)).toHaveLength(5);
    const limited = guesses.filter((g) => g.errors);
    expect(limited).toHaveLength(3);
    expect(limited[0]!.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 5, retryAfterSeconds: expect.any(Number) });
    // Even the right PIN waits now.
    expect((await verify('8642')).errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('are removed with pin: null, and refused in any other format than 4 to 12 digits (never quoted back)', async () => {
    const caller = testCaller('pin-format');
    const { data } = await create(caller, { name: 'Kid', pin: '123456' });
    const id = data!.createProfile.id;
    const removed = await run(`mutation ($id: ID!) { updateProfile(id: $id, pin: null) { ${PROFILE} } }`, { id }, caller);
    expect(removed.data!.updateProfile.hasPin).toBe(false);
    for (const pin of ['123', 'abcd', '12345678901234', '１２３４', '1234\u0000', '9'.repeat(100_000)]) {
      const { errors } = await create(caller, { name: `P${pin.length}`, pin });
      expect(errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'pin', minLength: 4, maxLength: 12 });
      expect(JSON.stringify(errors)).not.toContain(pin.slice(0, 4));
    }
  });
});

describe('names', () => {
  it('are unique per account whatever the case (CONFLICT), and the same name in two accounts is fine', async () => {
    const a = testCaller('names-a');
    const b = testCaller('names-b');
    expect((await create(a, { name: 'Family' })).errors).toBeUndefined();
    const again = await create(a, { name: '  FAMILY ' });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', argument: 'name' });
    expect((await create(b, { name: 'Family' })).errors).toBeUndefined();
  });

  it('racing creations of one name make exactly one profile', async () => {
    const caller = testCaller('names-race');
    const results = await Promise.all(Array.from({ length: 10 }, () => create(caller, { name: 'Twins' })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((r) => r.errors)) expect(r.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(await subgraph.prisma.profile.count({ where: { accountId: 'names-race', nameKey: 'twins' } })).toBe(1);
  });

  it('refuses hostile names with BAD_USER_INPUT naming `name`, quoting at most 200 characters', async () => {
    const caller = testCaller('names-hostile');
    for (const name of ['', '   ', 'x'.repeat(51), 'a\u0000b', 'tab\there', 'n'.repeat(1_000_000)]) {
      const { errors } = await create(caller, { name });
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'name' });
      expect(JSON.stringify(errors).length).toBeLessThan(2_000);
    }
  });

  it('stops at 20 profiles per account', async () => {
    const caller = testCaller('names-many');
    for (let i = 1; i < 20; i++) expect((await create(caller, { name: `P${i}` })).errors).toBeUndefined();
    const { errors } = await create(caller, { name: 'P20' });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', limit: 20 });
  });
});

describe('accounts apart', () => {
  it("never show another account's profile: NOT_FOUND by argument and by x-profile-id", async () => {
    const a = testCaller('apart-a');
    const b = testCaller('apart-b');
    const { data } = await create(a, { name: 'Secret' });
    const id = data!.createProfile.id;
    const byArgument = await run('query ($id: ID) { profile(id: $id) { name } }', { id }, b);
    expect(byArgument.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'profile' });
    const byHeader = await run('{ watchlist { totalCount } }', {}, { ...b, profileId: id });
    expect(byHeader.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'x-profile-id' });
    // The same as an id that does not exist at all.
    const unknown = await run('query ($id: ID) { profile(id: $id) { name } }', { id: '2000000000' }, b);
    expect(unknown.errors?.[0]?.message.replace(/\d+/g, 'N')).toBe(byArgument.errors?.[0]?.message.replace(/\d+/g, 'N'));
    for (const mutation of ['deleteProfile(id: $id) { id }', 'updateProfile(id: $id, name: "Mine") { id }']) {
      const { errors } = await run(`mutation ($id: ID!) { ${mutation} }`, { id }, b);
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect((await run(`{ profiles { name } }`, {}, b)).data!.profiles).toEqual([{ name: 'Admin' }]);
    // x-profile-id selects the profile for the owner.
    expect((await run('{ profile { name } }', {}, { ...a, profileId: id })).data!.profile.name).toBe('Secret');
    const malformed = await run('{ profile { name } }', {}, { ...a, profileId: 'abc' });
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'x-profile-id' });
  });

  it('need the library scope', async () => {
    const { errors } = await run('{ profiles { id } }', {}, testCaller('no-scope', ['credits']));
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'library' });
    const anonymous = await run('{ profiles { id } }', {}, null);
    expect(anonymous.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('deleting a profile', () => {
  async function profileWithLists(accountId: string) {
    const caller = testCaller(accountId);
    const { data } = await create(caller, { name: 'Guest' });
    const profile = data!.createProfile.id;
    await run('mutation ($p: ID) { addToWatchlist(profile: $p, artists: [{ artistName: "Radiohead" }, { artistName: "Portishead" }]) { id } }', { p: profile }, caller);
    await run('mutation ($p: ID) { addToWishlist(profile: $p, tracks: [{ isrc: "GBAYE9700074" }]) { id } }', { p: profile }, caller);
    return { caller, profile };
  }
  const lists = async (profileId: string) => ({
    watchlist: await subgraph.prisma.watchlistArtist.count({ where: { profileId: Number(profileId) } }),
    wishlist: await subgraph.prisma.wishlistTrack.count({ where: { profileId: Number(profileId) } }),
  });

  it('removes its watchlist and wishlist with it', async () => {
    const { caller, profile } = await profileWithLists('delete-ok');
    expect(await lists(profile)).toEqual({ watchlist: 2, wishlist: 1 });
    const { data, errors } = await run('mutation ($id: ID!) { deleteProfile(id: $id) { id watchlistArtistsRemoved wishlistItemsRemoved } }', { id: profile }, caller);
    expect(errors).toBeUndefined();
    expect(data!.deleteProfile).toEqual({ id: profile, watchlistArtistsRemoved: 2, wishlistItemsRemoved: 1 });
    expect(await lists(profile)).toEqual({ watchlist: 0, wishlist: 0 });
    const again = await run('mutation ($id: ID!) { deleteProfile(id: $id) { id } }', { id: profile }, caller);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('deletes nothing when any step fails (one transaction)', async () => {
    const { caller, profile } = await profileWithLists('delete-fails');
    // The last step (the profile row) fails after the lists were deleted in the same transaction.
    await subgraph.prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION refuse_profile_delete() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`);
    await subgraph.prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_profile_delete BEFORE DELETE ON "Profile" FOR EACH ROW WHEN (OLD."id" = ${Number(profile)}) EXECUTE FUNCTION refuse_profile_delete()`);
    try {
      const { errors } = await run('mutation ($id: ID!) { deleteProfile(id: $id) { id } }', { id: profile }, caller);
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
      expect(await lists(profile)).toEqual({ watchlist: 2, wishlist: 1 });
      expect(await subgraph.prisma.profile.count({ where: { id: Number(profile) } })).toBe(1);
    } finally {
      await subgraph.prisma.$executeRawUnsafe('DROP TRIGGER refuse_profile_delete ON "Profile"');
    }
  });
});
