import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { envPrefix, intFromEnv, ROOT, type DatabaseName } from '../config.ts';
import { demoTemplate, isFreshDataDir, PGLITE_EXTENSIONS, pgliteTemplate, unpackTemplate } from './pgliteTemplate.ts';
import { SharedPglite, type PgliteClient, type SharedPgliteOptions } from './SharedPglite.ts';

/** Raw SQL access used by the migration runner and by tests (Prisma is used everywhere else). */
export interface SqlRunner {
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs one statement with positional parameters and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction on one connection. */
  transaction<T>(fn: (tx: Omit<SqlRunner, 'transaction'>) => Promise<T>): Promise<T>;
}

/** An open database for one subgraph: what Prisma needs plus raw SQL for migrations. */
export interface Database {
  /** `postgres` (a server) or `pglite` (embedded, in-process). */
  kind: 'postgres' | 'pglite';
  /** The Postgres schema the subgraph's tables live in. */
  schema: string;
  /** Where the data is, for logs; never contains a password. */
  location: string;
  /** Driver adapter to hand to the generated PrismaClient. */
  adapter: SqlMigrationAwareDriverAdapterFactory;
  sql: SqlRunner;
  /** Embedded, a cluster made just now from the demo template: the first start, though its migrations and seed are done. */
  fromDemoTemplate?: boolean;
  close(): Promise<void>;
}

/** Options for {@link openDatabase}. */
export interface DatabaseOptions {
  /** Postgres URL. @default `<SUBGRAPH>_DATABASE_URL`, else `DATABASE_URL`, else embedded PGlite */
  url?: string;
  /**
   * Postgres schema for this subgraph's tables on a server. One database can
   * hold all four subgraphs side by side.
   * @default the URL's `?schema=` parameter, else the subgraph name with `_` for `-`
   */
  schema?: string;
  /** Folder for the embedded database (`<dataDir>/<subgraph>`). @default `DATA_DIR`, else `.data` */
  dataDir?: string;
  /**
   * Keep the embedded database in memory only (tests, benchmarks). Wins over
   * `DATABASE_URL` in the environment; together with `url` it is a TypeError. @default false
   */
  inMemory?: boolean;
  /** Largest number of pooled connections to a server. @default `DATABASE_POOL_SIZE`, else 10 */
  poolSize?: number;
  /**
   * Embedded only: keep this database as a schema of the one PGlite at
   * `<dataDir>/pgdata` that every database of this process opened with `shared` uses,
   * instead of a PGlite of its own at `<dataDir>/<subgraph>/pgdata` (`npm start` does).
   * @default true when `<dataDir>/pgdata` exists, so scripts find what `npm start` stored
   */
  shared?: boolean;
  /**
   * Embedded and shared, a new cluster starts as a copy of the demo template (every database
   * migrated and seeded by `npm run generate`) when that template matches the migrations and
   * seeds as they are. `npm start` sets it unless `SEED_DEMO=false`.
   * @default false
   */
  demoTemplate?: boolean;
}

/** Opens the database a subgraph owns: real Postgres when a URL is configured, PGlite otherwise. */
export async function openDatabase(
  subgraph: DatabaseName,
  options: DatabaseOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<Database> {
  if (options.inMemory && options.url) throw new TypeError(`openDatabase(${subgraph}): expected either \`inMemory\` or \`url\`, got both`);
  // Asked for in memory, a database must not land on the server of the environment: it would find
  // another process's tables there (a second gateway found someone's API keys and made no admin key).
  const url = options.inMemory ? undefined : (options.url ?? (env[`${envPrefix(subgraph)}_DATABASE_URL`] || env.DATABASE_URL || undefined));
  if (url) return openPostgres(subgraph, url, options, env);
  return openPglite(subgraph, options, env);
}

function openPostgres(subgraph: DatabaseName, url: string, options: DatabaseOptions, env: NodeJS.ProcessEnv): Database {
  const parsed = new URL(url);
  const schema = options.schema ?? (parsed.searchParams.get('schema') || subgraph.replace(/-/g, '_'));
  // node-postgres would pass `schema` on as a server option; Prisma-style URLs carry it.
  parsed.searchParams.delete('schema');
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: options.poolSize ?? (Number(env.DATABASE_POOL_SIZE) || 10),
    // Unqualified names in migration SQL land in the subgraph's own schema; extensions live in public.
    options: `-c search_path="${schema}",public`,
  });
  const sql: SqlRunner = {
    async exec(text) {
      await pool.query(text);
    },
    async query(text, params) {
      return (await pool.query(text, params as unknown[])).rows;
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          exec: async (text) => void (await client.query(text)),
          query: async (text, params) => (await client.query(text, params as unknown[])).rows,
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
  parsed.password = parsed.password ? '***' : '';
  return {
    kind: 'postgres',
    schema,
    location: `${parsed.toString()} (schema ${schema})`,
    adapter: new PrismaPg(pool, { schema }),
    sql,
    close: () => pool.end(),
  };
}

async function openPglite(subgraph: DatabaseName, options: DatabaseOptions, env: NodeJS.ProcessEnv): Promise<Database> {
  const dataDir = resolve(ROOT, options.dataDir ?? (env.DATA_DIR || '.data'));
  // A directory `npm start` made holds one shared cluster: a script or server opening one database there joins it.
  if (!options.inMemory && (options.shared || !isFreshDataDir(join(dataDir, 'pgdata')))) return openSharedPglite(subgraph, dataDir, env, options.demoTemplate ?? false);
  const path = options.inMemory ? undefined : join(dataDir, subgraph, 'pgdata');
  if (path) mkdirSync(dirname(path), { recursive: true });
  const db = await PGlite.create(pgliteOptions(path, env));
  // Prisma's generated SQL names the `public` schema; this PGlite holds this one database.
  const schema = 'public';
  return {
    kind: 'pglite',
    schema,
    location: `PGlite ${path ?? 'memory'}`,
    adapter: new PrismaPGlite(db),
    sql: pgliteSqlRunner(db),
    close: () => db.close(),
  };
}

/** PGlite's options for a cluster at `path` (in memory without): a new one is copied from `template` (@default the initdb template, if made). */
function pgliteOptions(path: string | undefined, env: NodeJS.ProcessEnv, template = isFreshDataDir(path) ? pgliteTemplate() : undefined): PGliteOptions {
  const options: PGliteOptions = { extensions: PGLITE_EXTENSIONS, startParams: pgliteStartParams(env), ...(path ? { dataDir: path } : {}) };
  if (!template || (path && unpackTemplate(template, path))) return options;
  return { ...options, loadDataDir: new Blob([readFileSync(template)]) };
}

/**
 * PGlite's own server settings, with less memory: its cluster's postgresql.conf asks for
 * 128 MB of shared buffers and shared state for 100 connections, most of the embedded
 * start's resident memory, though PGlite runs one session and the OS caches the files.
 */
function pgliteStartParams(env: NodeJS.ProcessEnv): string[] {
  const sharedBuffersMb = intFromEnv(env, 'PGLITE_SHARED_BUFFERS_MB', 32);
  if (sharedBuffersMb < 1) throw new TypeError(`PGLITE_SHARED_BUFFERS_MB must be at least 1, got ${sharedBuffersMb}`);
  return [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffersMb}MB`, '-c', 'max_connections=10'];
}

/** The shared cluster's options: a new one from the demo template when asked for and current, else as {@link pgliteOptions}. */
function sharedPgliteOptions(path: string, env: NodeJS.ProcessEnv, useDemoTemplate: boolean): SharedPgliteOptions {
  const demo = useDemoTemplate && isFreshDataDir(path) ? demoTemplate() : undefined;
  if (!demo) return { pglite: pgliteOptions(path, env) };
  return { pglite: pgliteOptions(path, env, demo), fromDemoTemplate: true };
}

async function openSharedPglite(subgraph: DatabaseName, dataDir: string, env: NodeJS.ProcessEnv, useDemoTemplate: boolean): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'pgdata');
  const shared = SharedPglite.acquire(path, () => sharedPgliteOptions(path, env, useDemoTemplate));
  try {
    await shared.ready();
  } catch (error) {
    await shared.release().catch(() => undefined);
    throw error;
  }
  const schema = subgraph.replace(/-/g, '_');
  const client = shared.client(schema);
  return {
    kind: 'pglite',
    schema,
    location: `PGlite ${path} (schema ${schema})`,
    adapter: withSchema(new PrismaPGlite(client as unknown as PGlite), schema),
    sql: pgliteSqlRunner(client),
    fromDemoTemplate: shared.fromDemoTemplate,
    close: () => shared.release(),
  };
}

/** The adapter factory, with Prisma told to qualify its tables with `schema` (the PGlite adapter has no option for it). */
function withSchema(factory: SqlMigrationAwareDriverAdapterFactory, schema: string): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connectToShadowDb: () => factory.connectToShadowDb(),
    async connect() {
      const adapter = await factory.connect();
      const info = adapter.getConnectionInfo?.() ?? {};
      return Object.assign(adapter, { getConnectionInfo: () => ({ ...info, schemaName: schema }) });
    },
  };
}

function pgliteSqlRunner(db: PgliteClient): SqlRunner {
  return {
    exec: async (text) => void (await db.exec(text)),
    query: async <T,>(text: string, params?: unknown[]) => (await db.query<T>(text, params)).rows,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          exec: async (text) => void (await tx.exec(text)),
          query: async <T,>(text: string, params?: unknown[]) => (await tx.query<T>(text, params)).rows,
        }),
      ),
  };
}
