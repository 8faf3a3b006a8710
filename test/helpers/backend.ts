import { randomBytes } from 'node:crypto';
import type { DatabaseOptions } from '../../lib/db/openDatabase.ts';

/** Which backend this test project runs on (set by vitest.config.ts). */
export const BACKEND: 'embedded' | 'services' = process.env.TRACKGRAPH_BACKEND === 'services' ? 'services' : 'embedded';

/** Fails loudly when a services test finds a URL missing: in CI that must fail, not skip. */
export function requireEnv(name: 'DATABASE_URL' | 'REDIS_URL'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required for the services test project`);
  return value;
}

/**
 * Database options giving every test file its own database: an in-memory
 * PGlite, or a fresh schema on the Postgres server so files run in parallel.
 */
export function isolatedDatabase(label: string): DatabaseOptions {
  if (BACKEND === 'embedded') return { inMemory: true, url: undefined };
  return { url: requireEnv('DATABASE_URL'), schema: `t_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`, poolSize: 4 };
}
