import { LRUCache } from 'lru-cache';
import { createClient, type RedisClientType } from 'redis';
import { logger } from '../../../lib/logger.ts';

/** The limits of one subject (a key, or a client IP) per window. */
export interface RateLimits {
  requestsPerMinute: number;
  costPerMinute: number;
}

/** What one request found, whether or not it was admitted. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Which limit refused it. */
  exceeded?: 'requests' | 'cost';
  requestLimit: number;
  requestsRemaining: number;
  costLimit: number;
  costRemaining: number;
  /** Seconds until the window ends and the counts start again. */
  resetSeconds: number;
  /** Where the counts are kept now. */
  store: 'redis' | 'memory';
}

/** Length of a window. */
export const WINDOW_MS = 60_000;

// One round trip, atomic: counts the request; adds its cost only when both limits admit it.
const CONSUME = `
local requests = redis.call('INCR', KEYS[1])
if requests == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
local requestTtl = redis.call('PTTL', KEYS[1])
local cost = tonumber(redis.call('GET', KEYS[2]) or '0')
local costTtl = redis.call('PTTL', KEYS[2])
if requests > tonumber(ARGV[3]) then return {requests, requestTtl, cost, costTtl, 1} end
if cost + tonumber(ARGV[1]) > tonumber(ARGV[4]) then return {requests, requestTtl, cost, costTtl, 2} end
if tonumber(ARGV[1]) > 0 then
  cost = redis.call('INCRBY', KEYS[2], ARGV[1])
  if cost == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
  costTtl = redis.call('PTTL', KEYS[2])
end
return {requests, requestTtl, cost, costTtl, 0}`;

/** Counts of one subject in the current window (the in-memory store). */
interface Window {
  requests: number;
  cost: number;
  resetAt: number;
}

/**
 * Fixed one-minute windows of requests and estimated cost per subject,
 * shared by every gateway process through Redis (one Lua script, one round
 * trip per request) or kept in this process. When Redis goes away the
 * gateway keeps limiting in memory and says so once in the log.
 */
export class RateLimiter {
  readonly #client?: RedisClientType;
  readonly #local = new LRUCache<string, Window>({ max: 200_000, ttl: WINDOW_MS });
  readonly #commandTimeoutMs: number;
  readonly #namespace: string;
  #degraded = false;

  private constructor(client: RedisClientType | undefined, commandTimeoutMs: number, namespace: string) {
    this.#client = client;
    this.#commandTimeoutMs = commandTimeoutMs;
    this.#namespace = namespace;
  }

  /**
   * In Redis at `url` when given (connecting in the background), in memory otherwise.
   * `namespace` keeps deployments that share one Redis apart. @default "trackgraph"
   */
  static async create(url: string | undefined, options: { commandTimeoutMs?: number; namespace?: string } = {}): Promise<RateLimiter> {
    const namespace = options.namespace || 'trackgraph';
    if (!url) return new RateLimiter(undefined, 0, namespace);
    const client: RedisClientType = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: 1_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) } });
    const limiter = new RateLimiter(client, options.commandTimeoutMs ?? 250, namespace);
    client.on('error', (error: Error) => limiter.#degrade(error));
    client.on('ready', () => limiter.#recover());
    await Promise.race([client.connect().catch((error: Error) => limiter.#degrade(error)), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    return limiter;
  }

  /** Counts one request of `cost` for `subject` and says whether its limits admit it. */
  async consume(subject: string, limits: RateLimits, cost: number): Promise<RateLimitDecision> {
    if (this.#client?.isReady) {
      try {
        const reply = (await withTimeout(
          this.#client.eval(CONSUME, { keys: [`${this.#namespace}:rl:{${subject}}:requests`, `${this.#namespace}:rl:{${subject}}:cost`], arguments: [String(cost), String(WINDOW_MS), String(limits.requestsPerMinute), String(limits.costPerMinute)] }),
          this.#commandTimeoutMs,
        )) as number[];
        const [requests, requestTtl, spent, costTtl, refused] = reply.map(Number) as [number, number, number, number, number];
        return decide(limits, requests, spent, Math.max(requestTtl, costTtl, 0), refused, 'redis');
      } catch (error) {
        this.#degrade(error as Error);
      }
    }
    return this.#consumeLocally(subject, limits, cost);
  }

  #consumeLocally(subject: string, limits: RateLimits, cost: number): RateLimitDecision {
    const now = Date.now();
    let window = this.#local.get(subject);
    if (!window || window.resetAt <= now) {
      window = { requests: 0, cost: 0, resetAt: now + WINDOW_MS };
      this.#local.set(subject, window, { ttl: WINDOW_MS });
    }
    window.requests += 1;
    const refused = window.requests > limits.requestsPerMinute ? 1 : window.cost + cost > limits.costPerMinute ? 2 : 0;
    if (!refused) window.cost += cost;
    return decide(limits, window.requests, window.cost, window.resetAt - now, refused, 'memory');
  }

  #degrade(error: Error): void {
    if (this.#degraded || !this.#client) return;
    this.#degraded = true;
    logger.warn({ err: error.message }, 'rate limits: Redis unavailable; limiting in this process only until it returns');
  }

  #recover(): void {
    if (!this.#degraded) return;
    this.#degraded = false;
    logger.info('rate limits: Redis is back; limits are shared again');
  }

  async close(): Promise<void> {
    if (this.#client?.isReady) await this.#client.close().catch(() => undefined);
    else if (this.#client?.isOpen) this.#client.destroy();
  }
}

function decide(limits: RateLimits, requests: number, spent: number, ttlMs: number, refused: number, store: RateLimitDecision['store']): RateLimitDecision {
  return {
    allowed: refused === 0,
    ...(refused ? { exceeded: refused === 1 ? ('requests' as const) : ('cost' as const) } : {}),
    requestLimit: limits.requestsPerMinute,
    requestsRemaining: Math.max(0, limits.requestsPerMinute - requests),
    costLimit: limits.costPerMinute,
    costRemaining: Math.max(0, limits.costPerMinute - spent),
    resetSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
    store,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<T>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}
