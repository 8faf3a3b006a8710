import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyStore } from '../../gateway/src/auth/ApiKeyStore.ts';
import { hashApiKey } from '../../gateway/src/auth/apiKeySecrets.ts';
import { openGatewayDatabase, type GatewayDatabase } from '../../gateway/src/gatewayDatabase.ts';
import { KeysUsageError, runKeysCommand } from '../../scripts/keys.ts';
import { BACKEND, isolatedDatabase } from '../helpers/backend.ts';

let database: GatewayDatabase;
let store: ApiKeyStore;
beforeAll(async () => {
  const options = isolatedDatabase('keys_cli');
  database = await openGatewayDatabase({ database: options, seed: false }, BACKEND === 'services' ? process.env : {});
  store = new ApiKeyStore({ prisma: database.prisma, events: database.keyEvents, contracts: ['public', 'partner', 'internal'], plans: ['anonymous', 'standard', 'internal'] });
});
afterAll(async () => {
  if (database?.db.kind === 'postgres') await database.db.sql.exec(`DROP SCHEMA IF EXISTS "${database.db.schema}" CASCADE`);
  await database?.close();
});

describe('npm run keys', () => {
  it('creates a key, printing its secret once, and stores only its hash', async () => {
    const printed = await runKeysCommand(store, ['create', '--account', 'acme', '--label', 'CI runner', '--scopes', 'credits,library', '--contract', 'partner']);
    const secret = /secret \(shown once, keep it\): (sk_\S+)/.exec(printed)?.[1];
    expect(secret).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    const id = /created key (\S+)/.exec(printed)![1]!;
    const row = await database.prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ accountId: 'acme', label: 'CI runner', contract: 'partner', scopes: ['credits', 'library'], plan: 'standard', hash: hashApiKey(secret!), prefix: secret!.slice(0, 10) });
    expect(JSON.stringify(row)).not.toContain(secret!.slice(10));
    expect((await store.authenticate(secret!))?.accountId).toBe('acme');
  });

  it('lists keys without their secrets, and revoked ones with --all', async () => {
    const printed = await runKeysCommand(store, ['create', '--account', 'listed', '--label', 'to list']);
    const secret = /(sk_\S+)/.exec(printed)![1]!;
    const id = /created key (\S+)/.exec(printed)![1]!;
    const listing = await runKeysCommand(store, ['list', '--account', 'listed']);
    expect(listing).toContain(id);
    expect(listing).toContain(secret.slice(0, 10));
    expect(listing).not.toContain(secret.slice(10));
    expect(await runKeysCommand(store, ['revoke', id])).toMatch(new RegExp(`revoked ${id}`));
    expect(await runKeysCommand(store, ['list', '--account', 'listed'])).toBe('no keys');
    expect(await runKeysCommand(store, ['list', '--account', 'listed', '--all'])).toMatch(/revoked /);
    expect((await store.authenticate(secret))?.revokedAt).toBeInstanceOf(Date);
  });

  it.each([
    [[], /a command is required/],
    [['rotate'], /unknown command "rotate"/],
    [['create', '--account', 'x'], /create needs --account and --label/],
    [['revoke'], /revoke needs one key id/],
    [['create', '--account', 'x', '--label', 'y', '--bogus'], /Unknown option/],
  ])('refuses %j with a usage error', async (argv, message) => {
    await expect(runKeysCommand(store, argv)).rejects.toThrow(KeysUsageError);
    await expect(runKeysCommand(store, argv)).rejects.toThrow(message);
  });

  it.each([
    [['create', '--account', 'x', '--label', 'y', '--contract', 'gold'], /Unknown contract "gold"/],
    [['create', '--account', 'x', '--label', 'y', '--scopes', 'root'], /Unknown scope "root"/],
    [['create', '--account', 'x', '--label', 'y', '--plan', 'free'], /Unknown plan "free"/],
    [['revoke', 'not-a-uuid'], /must be an API key id/],
    [['revoke', '00000000-0000-4000-8000-000000000000'], /No API key has id/],
  ])('refuses %j, saying why', async (argv, message) => {
    await expect(runKeysCommand(store, argv)).rejects.toThrow(message);
  });

  it('bootstraps only the first key, once, even when asked twice at the same time', async () => {
    const fresh = await openGatewayDatabase({ database: isolatedDatabase('keys_boot'), seed: false }, {});
    try {
      const first = new ApiKeyStore({ prisma: fresh.prisma, events: fresh.keyEvents, contracts: ['internal', 'partner'], plans: ['internal', 'standard'] });
      const results = await Promise.allSettled([first.bootstrap('one', 'owner'), first.bootstrap('two', 'owner')]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.extensions.code)).toEqual(['FORBIDDEN']);
      const [made] = await first.list();
      expect(made).toMatchObject({ accountId: 'owner', contract: 'internal', scopes: ['admin', 'credits', 'library', 'matches'] });
    } finally {
      if (fresh.db.kind === 'postgres') await fresh.db.sql.exec(`DROP SCHEMA IF EXISTS "${fresh.db.schema}" CASCADE`);
      await fresh.close();
    }
  });
});
