/**
 * `npm run keys -- <command>`: API keys in the gateway's database.
 *
 *   create --account <id> --label <text> [--contract <name>] [--scopes a,b] [--plan <name>] [--registered-only]
 *   list [--account <id>] [--all]
 *   revoke <keyId>
 *
 * `create` prints the secret once. `revoke` is announced through Redis when
 * `REDIS_URL` is set, so every running gateway refuses the key within a second.
 * On the embedded database, stop the API first (one process owns it) or use
 * the GraphQL mutations with an admin key.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ApiKeyStore, type ApiKeyRecord } from '../gateway/src/auth/ApiKeyStore.ts';
import { readContracts } from '../gateway/src/contracts/contracts.ts';
import { openGatewayDatabase } from '../gateway/src/gatewayDatabase.ts';
import { readPlans } from '../gateway/src/protection/plans.ts';
import { SCOPES } from '../lib/auth/Caller.ts';
import { TrackgraphError } from '../lib/errors.ts';

export const USAGE = `usage: npm run keys -- <command>
  create --account <id> --label <text> [--contract <name>] [--scopes a,b] [--plan <name>] [--registered-only]
  list [--account <id>] [--all]
  revoke <keyId>

contracts: ${Object.keys(readContracts()).join(', ')} (default partner)
scopes: ${SCOPES.join(', ')} (default credits,library,matches)
plans: ${Object.keys(readPlans()).join(', ')} (default standard)`;

/** A command line that cannot be run; the CLI prints it with the usage and exits 2. */
export class KeysUsageError extends Error {}

const row = (k: ApiKeyRecord) =>
  [k.id, k.prefix.padEnd(10), k.accountId, k.contract, k.plan, k.scopes.join(','), k.createdAt.toISOString(), k.lastUsedAt?.toISOString() ?? '-', k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active', JSON.stringify(k.label)].join('  ');

/** Runs one command against `store`; returns what to print. */
export async function runKeysCommand(store: ApiKeyStore, argv: readonly string[]): Promise<string> {
  const [command, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        account: { type: 'string' },
        label: { type: 'string' },
        contract: { type: 'string' },
        scopes: { type: 'string' },
        plan: { type: 'string' },
        'registered-only': { type: 'boolean' },
        all: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new KeysUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  switch (command) {
    case 'create': {
      if (!values.account || !values.label) throw new KeysUsageError('create needs --account and --label');
      const { key, record } = await store.create({
        accountId: values.account,
        label: values.label,
        contract: values.contract,
        scopes: values.scopes?.split(',').map((s) => s.trim()).filter(Boolean),
        plan: values.plan,
        registeredOperationsOnly: values['registered-only'] ?? false,
      });
      return [`created key ${record.id} for account "${record.accountId}" (contract ${record.contract}, plan ${record.plan}, scopes ${record.scopes.join(',')})`, `secret (shown once, keep it): ${key}`].join('\n');
    }
    case 'list': {
      const keys = await store.list({ accountId: values.account, includeRevoked: values.all ?? false });
      return keys.length ? keys.map(row).join('\n') : 'no keys';
    }
    case 'revoke': {
      if (positionals.length !== 1) throw new KeysUsageError('revoke needs one key id (see `list`)');
      const record = await store.revoke(positionals[0]!);
      return `revoked ${record.id} (${record.prefix}…, account "${record.accountId}") at ${record.revokedAt!.toISOString()}`;
    }
    default:
      throw new KeysUsageError(command ? `unknown command "${command}"` : 'a command is required');
  }
}

/** Opens the gateway database, runs the command, prints; exit status 0, 1 (refused) or 2 (usage). */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, print: (text: string) => void = console.log): Promise<number> {
  if (argv[0] === undefined || argv[0] === '-h' || argv[0] === '--help') return (print(USAGE), argv[0] ? 0 : 2);
  const database = await openGatewayDatabase({ seed: false }, env);
  try {
    const store = new ApiKeyStore({ prisma: database.prisma, events: database.keyEvents, contracts: Object.keys(readContracts()), plans: Object.keys(readPlans(env)) });
    print(await runKeysCommand(store, argv));
    return 0;
  } catch (error) {
    if (error instanceof KeysUsageError) return (print(`keys: ${error.message}\n\n${USAGE}`), 2);
    if (error instanceof TrackgraphError) return (print(`keys: ${error.message}`), 1);
    throw error;
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
