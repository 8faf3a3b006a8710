import { availableParallelism } from 'node:os';

/** How many processes `npm start` runs for each part of the API. */
export interface WorkerCounts {
  gateway: number;
  subgraphs: number;
  /** Why the counts are what they are, for the start log. */
  reason: string;
}

/** Reads `name`: a whole number ≥ 1 or `auto`; a TypeError naming it otherwise. */
function count(env: NodeJS.ProcessEnv, name: string): number | 'auto' {
  const raw = env[name]?.trim();
  if (!raw || raw === 'auto') return 'auto';
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 64) throw new TypeError(`${name} must be a whole number from 1 to 64, or auto; got "${env[name]}"`);
  return value;
}

/**
 * `GATEWAY_WORKERS` (default `auto`: one per core) gateway processes serving one
 * port, and one process for the subgraphs. More than one gateway process needs
 * its key database on a server (an embedded PGlite belongs to one process; the
 * subgraphs' may stay embedded, they run in the primary) and Redis (rate
 * limits, persisted queries and key revocations are per process without it:
 * N processes would allow N times a caller's limit). `auto` falls back to one
 * process without them; asking for more than one explicitly is refused.
 * `SUBGRAPH_WORKERS` is 1: the subgraphs' replay protection (the nonces of signed
 * requests) is kept per process, so a second subgraph process would accept a
 * request replayed to it.
 */
export function workerCounts(env: NodeJS.ProcessEnv, cores = availableParallelism()): WorkerCounts {
  const gateway = count(env, 'GATEWAY_WORKERS');
  const subgraphs = count(env, 'SUBGRAPH_WORKERS');
  if (typeof subgraphs === 'number' && subgraphs > 1) {
    throw new TypeError(`SUBGRAPH_WORKERS=${subgraphs}: the subgraphs run in one process (their replay protection is per process); use GATEWAY_WORKERS for more cores`);
  }
  const missing = [
    !(env.GATEWAY_DATABASE_URL || env.DATABASE_URL) && 'DATABASE_URL or GATEWAY_DATABASE_URL (the embedded key database belongs to one process)',
    !env.REDIS_URL && 'REDIS_URL (rate limits would be per process)',
  ].filter(Boolean);
  if (gateway === 'auto') {
    if (cores < 2) return { gateway: 1, subgraphs: 1, reason: 'one core' };
    if (missing.length) return { gateway: 1, subgraphs: 1, reason: `one gateway process: more need ${missing.join(' and ')}` };
    return { gateway: cores, subgraphs: 1, reason: `GATEWAY_WORKERS=auto: one gateway process per core (${cores})` };
  }
  if (gateway > 1 && missing.length) throw new TypeError(`GATEWAY_WORKERS=${gateway} needs ${missing.join(' and ')}`);
  return { gateway, subgraphs: 1, reason: `GATEWAY_WORKERS=${gateway}` };
}
