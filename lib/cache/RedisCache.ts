import { createClient, type RedisClientType } from 'redis';
import type { Cache } from './Cache.ts';
import { logger } from '../logger.ts';

/** Options for {@link RedisCache}. */
export interface RedisCacheOptions {
  /** `redis://` URL. */
  url: string;
  /** Prefix for every key, so several deployments can share one Redis. @default "trackgraph:" */
  keyPrefix?: string;
  /** Longest wait for one command before it counts as a miss. @default 500 */
  commandTimeoutMs?: number;
  /** Where the one line about Redis going away or coming back goes. @default the structured logger (warn) */
  log?: (message: string) => void;
}

/**
 * Redis-backed cache (node-redis). When Redis goes away, reads miss and writes
 * are dropped at once (no offline queue), the outage is logged once, and the
 * client reconnects in the background.
 */
export class RedisCache implements Cache {
  readonly kind = 'redis' as const;
  readonly #client: RedisClientType;
  readonly #prefix: string;
  readonly #log: (message: string) => void;
  #degraded = false;

  private constructor(client: RedisClientType, options: RedisCacheOptions) {
    this.#client = client;
    this.#prefix = options.keyPrefix ?? 'trackgraph:';
    this.#log = options.log ?? ((message) => logger.warn(message));
  }

  /** Connects; a Redis that is down at start gives a degraded cache that keeps trying. */
  static async connect(options: RedisCacheOptions): Promise<RedisCache> {
    const client: RedisClientType = createClient({
      url: options.url,
      // Fail fast while disconnected instead of queueing commands until Redis returns.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: options.commandTimeoutMs ?? 500,
        reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5_000),
      },
    });
    const cache = new RedisCache(client, options);
    client.on('error', (error: Error) => cache.#degrade(error));
    client.on('ready', () => cache.#recover());
    // connect() keeps retrying while Redis is down; start serving after connectTimeout either way.
    const connecting = client.connect().then(
      () => undefined,
      (error: Error) => cache.#degrade(error),
    );
    const timeoutMs = options.commandTimeoutMs ?? 500;
    await Promise.race([connecting, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    if (!client.isReady) cache.#degrade(new Error(`no answer from ${new URL(options.url).host} within ${timeoutMs} ms`));
    return cache;
  }

  #degrade(error: Error): void {
    if (this.#degraded) return;
    this.#degraded = true;
    this.#log(`[cache] Redis unavailable (${error.message}); serving without the shared cache until it returns`);
  }

  #recover(): void {
    if (!this.#degraded) return;
    this.#degraded = false;
    this.#log('[cache] Redis is back; shared cache resumed');
  }

  async #attempt<T>(fallback: T, run: () => Promise<T>): Promise<T> {
    if (!this.#client.isReady) return fallback;
    try {
      return await run();
    } catch (error) {
      this.#degrade(error as Error);
      return fallback;
    }
  }

  async get<T>(key: string): Promise<T | undefined> {
    const [value] = await this.getMany<T>([key]);
    return value;
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    if (keys.length === 0) return [];
    const misses = keys.map(() => undefined);
    const raw = await this.#attempt<(string | null)[]>(misses.map(() => null), () =>
      this.#client.mGet(keys.map((key) => this.#prefix + key)) as Promise<(string | null)[]>,
    );
    return raw.map((json) => (json == null ? undefined : (JSON.parse(json) as T)));
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.setMany([[key, value]], ttlSeconds);
  }

  async setMany(entries: ReadonlyArray<readonly [string, unknown]>, ttlSeconds: number): Promise<void> {
    if (entries.length === 0) return;
    await this.#attempt(undefined, async () => {
      const multi = this.#client.multi();
      for (const [key, value] of entries) multi.set(this.#prefix + key, JSON.stringify(value), { EX: ttlSeconds });
      await multi.exec();
    });
  }

  async delete(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.#attempt(undefined, async () => void (await this.#client.del(keys.map((key) => this.#prefix + key))));
  }

  async healthy(): Promise<boolean> {
    return this.#attempt(false, async () => (await this.#client.ping()) === 'PONG');
  }

  async close(): Promise<void> {
    if (this.#client.isReady) await this.#client.close().catch(() => undefined);
    else if (this.#client.isOpen) this.#client.destroy();
  }
}
