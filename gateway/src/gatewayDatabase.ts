import { join } from 'node:path';
import { ROOT } from '../../lib/config.ts';
import { applyMigrations } from '../../lib/db/migrate.ts';
import { openDatabase, type Database, type DatabaseOptions } from '../../lib/db/openDatabase.ts';
import { DEMO_ACCOUNT_ID } from '../../subgraphs/links/src/credits/accounts.ts';
import { SCOPES } from '../../lib/auth/Caller.ts';
import type { ApiKeyStore } from './auth/ApiKeyStore.ts';
import { LocalKeyEvents, RedisKeyEvents, type KeyEvents } from './auth/KeyEvents.ts';
import { createGatewayPrisma, type GatewayPrisma } from './db.ts';

/** Options for the gateway's own database (API keys). */
export interface GatewayDatabaseOptions {
  /** Where it is: `GATEWAY_DATABASE_URL`, else `DATABASE_URL` (schema `gateway`), else PGlite under `DATA_DIR`. */
  database?: DatabaseOptions;
  /** Create and print an admin key for the demo account when the database is new. @default on first start, unless `SEED_DEMO=false` */
  seed?: boolean;
}

/** The gateway's database, migrated, with its Prisma client and the revocation channel. */
export interface GatewayDatabase {
  db: Database;
  prisma: GatewayPrisma;
  keyEvents: KeyEvents;
  /** On a new database (and unless seeding is off): an admin key for the demo account, printed once. */
  firstStartAdminKey(keys: ApiKeyStore, env: NodeJS.ProcessEnv): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Opens and migrates the gateway's database; revocations travel through Redis when `REDIS_URL` is set. */
export async function openGatewayDatabase(options: GatewayDatabaseOptions, env: NodeJS.ProcessEnv): Promise<GatewayDatabase> {
  const db = await openDatabase('gateway', options.database ?? {}, env);
  const migrations = await applyMigrations(db, join(ROOT, 'prisma', 'gateway', 'migrations'));
  const prisma = createGatewayPrisma(db.adapter);
  // An embedded database belongs to one process: nothing to tell anyone. A server may be shared: Redis tells, or nobody does.
  const keyEvents: KeyEvents = env.REDIS_URL ? await RedisKeyEvents.connect(env.REDIS_URL) : new LocalKeyEvents(db.kind === 'pglite');
  // A cluster from the demo template has its migrations recorded, yet no key of this install.
  const firstStart = migrations.fresh || db.fromDemoTemplate === true;
  return {
    db,
    prisma,
    keyEvents,
    async firstStartAdminKey(keys) {
      if (!(options.seed ?? (firstStart && env.SEED_DEMO !== 'false'))) return undefined;
      if ((await keys.count()) > 0) return undefined;
      const { key } = await keys.create({ accountId: DEMO_ACCOUNT_ID, label: 'demo admin (first start)', contract: 'internal', scopes: [...SCOPES], plan: 'internal' });
      return key;
    },
    async close() {
      await keyEvents.close();
      await prisma.$disconnect();
      await db.close();
    },
  };
}
