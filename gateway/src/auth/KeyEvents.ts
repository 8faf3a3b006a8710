import { EventEmitter } from 'node:events';
import { createClient, type RedisClientType } from 'redis';
import { logger } from '../../../lib/logger.ts';

/**
 * How one gateway process tells the others a key was revoked, so each drops
 * it from its cache at once. `live` says whether a message sent elsewhere is
 * sure to arrive here; while it is false, cached keys are trusted for one
 * second only.
 */
export interface KeyEvents {
  readonly live: boolean;
  /** Announces a revocation (to this process too). */
  publishRevoked(keyId: string): Promise<void>;
  /** `keyId` was revoked somewhere; `null`: messages may have been missed, forget everything. */
  onRevoked(listener: (keyId: string | null) => void): void;
  close(): Promise<void>;
}

/** One process holds the keys (the embedded database cannot be shared): events stay in the process. */
export class LocalKeyEvents implements KeyEvents {
  readonly #emitter = new EventEmitter();
  constructor(readonly live: boolean) {}
  async publishRevoked(keyId: string): Promise<void> {
    this.emit(keyId);
  }
  /** Tells this process's listeners; `null` means "forget every cached key". */
  emit(keyId: string | null): void {
    this.#emitter.emit('revoked', keyId);
  }
  onRevoked(listener: (keyId: string | null) => void): void {
    this.#emitter.on('revoked', listener);
  }
  async close(): Promise<void> {
    this.#emitter.removeAllListeners();
  }
}

/** The Redis channel revocations travel on. */
export const REVOCATION_CHANNEL = 'trackgraph:api-keys:revoked';

/** Revocations through Redis pub/sub, shared by every gateway process (and `npm run keys`). */
export class RedisKeyEvents implements KeyEvents {
  readonly #local = new LocalKeyEvents(true);
  readonly #publisher: RedisClientType;
  readonly #subscriber: RedisClientType;
  #listening = false;

  private constructor(url: string) {
    const options = { url, disableOfflineQueue: true, socket: { connectTimeout: 1_000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2_000) } };
    this.#publisher = createClient(options);
    this.#subscriber = createClient(options);
  }

  /** Connects both clients; a Redis that is down leaves `live` false until it answers. */
  static async connect(url: string): Promise<RedisKeyEvents> {
    const events = new RedisKeyEvents(url);
    events.#publisher.on('error', () => undefined);
    events.#subscriber.on('error', (error: Error) => events.#lost(error));
    const subscribed = (async () => {
      await Promise.all([events.#publisher.connect(), events.#subscriber.connect()]);
      await events.#subscriber.subscribe(REVOCATION_CHANNEL, (keyId) => events.#local.emit(keyId));
      events.#listening = true;
      // After a reconnect node-redis subscribes again by itself; what was sent meanwhile is lost.
      events.#subscriber.on('ready', () => events.#regained());
    })().catch((error: Error) => logger.warn({ err: error.message }, 'API key revocations: Redis unavailable at start'));
    await Promise.race([subscribed, new Promise((resolve) => setTimeout(resolve, 1_500).unref())]);
    return events;
  }

  #lost(error: Error): void {
    if (this.#listening) logger.warn({ err: error.message }, 'API key revocations: Redis lost; cached keys are trusted for one second until it returns');
    this.#listening = false;
    // A revocation sent while we cannot hear it must not stay trusted: forget every cached key.
    this.#local.emit(null);
  }

  #regained(): void {
    this.#local.emit(null);
    this.#listening = true;
    logger.info('API key revocations: Redis is back');
  }

  get live(): boolean {
    return this.#listening && this.#subscriber.isReady;
  }

  async publishRevoked(keyId: string): Promise<void> {
    this.#local.emit(keyId);
    if (this.#publisher.isReady) await this.#publisher.publish(REVOCATION_CHANNEL, keyId).catch(() => undefined);
  }

  onRevoked(listener: (keyId: string | null) => void): void {
    this.#local.onRevoked(listener);
  }

  async close(): Promise<void> {
    await this.#local.close();
    for (const client of [this.#subscriber, this.#publisher]) {
      if (client.isReady) await client.close().catch(() => undefined);
      else if (client.isOpen) client.destroy();
    }
  }
}
