import { LRUCache } from 'lru-cache';
import { DEFAULT_SCOPES, SCOPES, type Caller } from '../../../lib/auth/Caller.ts';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../../lib/errors.ts';
import { logger } from '../../../lib/logger.ts';
import type { GatewayPrisma } from '../db.ts';
import { generateApiKey, hashApiKey, isWellFormedApiKey, KEY_PREFIX_LENGTH } from './apiKeySecrets.ts';
import type { KeyEvents } from './KeyEvents.ts';

/** An API key as stored and listed: never its secret. */
export interface ApiKeyRecord {
  id: string;
  prefix: string;
  accountId: string;
  label: string;
  contract: string;
  scopes: string[];
  plan: string;
  registeredOperationsOnly: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** What a new key is made of; only the account and the label are required. */
export interface NewApiKey {
  accountId: string;
  label: string;
  /** @default the store's default contract */
  contract?: string | null;
  /** @default credits, library, matches */
  scopes?: readonly string[] | null;
  /** @default "standard" */
  plan?: string | null;
  /** @default false */
  registeredOperationsOnly?: boolean | null;
}

/** Options for {@link ApiKeyStore}. */
export interface ApiKeyStoreOptions {
  prisma: GatewayPrisma;
  events: KeyEvents;
  /** Contract names a key may have (schema/contracts.json). */
  contracts: readonly string[];
  /** Contract of a key created without one. @default "partner" */
  defaultContract?: string;
  /** Plan names a key may have (gateway/plans.json). */
  plans: readonly string[];
  /** How long a looked-up key is trusted while revocations reach this process. @default 300000 */
  cacheTtlMs?: number;
}

/** How long a key is trusted when a revocation elsewhere might not be heard (no Redis). */
const UNSHARED_TTL_MS = 1_000;
/** How often `lastUsedAt` is written for one key, at most. */
const LAST_USED_EVERY_MS = 60_000;
const MAX_TEXT = 200;

const SELECT = {
  id: true, prefix: true, accountId: true, label: true, contract: true, scopes: true, plan: true,
  registeredOperationsOnly: true, createdAt: true, lastUsedAt: true, revokedAt: true,
} as const;

/**
 * API keys: created (the secret returned once, its SHA-256 stored), listed,
 * revoked, and looked up for every request through a cache that a revocation
 * anywhere empties within a second (at once where {@link KeyEvents} is live).
 */
export class ApiKeyStore {
  readonly #prisma: GatewayPrisma;
  readonly #events: KeyEvents;
  readonly #options: ApiKeyStoreOptions;
  // hash → record (null: no such key), so a repeated bad key costs no read either.
  readonly #cache = new LRUCache<string, { record: ApiKeyRecord | null }>({ max: 10_000 });
  readonly #lastUsedWritten = new Map<string, number>();
  /** Database reads made to authenticate requests (benchmarks report it). */
  lookups = 0;

  constructor(options: ApiKeyStoreOptions) {
    this.#options = options;
    this.#prisma = options.prisma;
    this.#events = options.events;
    this.#events.onRevoked((keyId) => {
      if (keyId === null) return this.#cache.clear();
      for (const [hash, entry] of this.#cache.entries()) if (entry.record?.id === keyId) this.#cache.delete(hash);
    });
  }

  /** The key a request presented, or null when it is unknown. Revoked keys come back with `revokedAt` set. */
  async authenticate(key: string): Promise<ApiKeyRecord | null> {
    if (!isWellFormedApiKey(key)) return null;
    const hash = hashApiKey(key);
    let entry = this.#cache.get(hash);
    if (!entry) {
      this.lookups += 1;
      const record = await this.#prisma.apiKey.findUnique({ where: { hash }, select: SELECT });
      entry = { record };
      this.#cache.set(hash, entry, { ttl: this.#events.live ? (this.#options.cacheTtlMs ?? 300_000) : UNSHARED_TTL_MS });
    }
    if (entry.record && !entry.record.revokedAt) this.#touch(entry.record);
    return entry.record;
  }

  /** The caller a valid key stands for. */
  static callerOf(record: ApiKeyRecord): Caller {
    return { accountId: record.accountId, keyId: record.id, scopes: record.scopes, contract: record.contract, plan: record.plan };
  }

  /** Creates a key; the secret is in the result and nowhere else. */
  async create(input: NewApiKey): Promise<{ key: string; record: ApiKeyRecord }> {
    const data = this.#validate(input);
    const key = generateApiKey();
    const record = await this.#prisma.apiKey.create({ data: { ...data, hash: hashApiKey(key), prefix: key.slice(0, KEY_PREFIX_LENGTH) }, select: SELECT });
    logger.info({ keyId: record.id, accountId: record.accountId, prefix: record.prefix }, 'API key created');
    return { key, record };
  }

  /**
   * The first key, when none exists (the reference's bootstrap): an admin key.
   * Two concurrent calls create one key; the other gets FORBIDDEN.
   */
  async bootstrap(label: string, accountId: string): Promise<{ key: string; record: ApiKeyRecord }> {
    const data = this.#validate({ accountId, label, contract: 'internal', scopes: [...SCOPES], plan: 'internal' });
    const key = generateApiKey();
    const record = await this.#prisma.$transaction(async (tx) => {
      // One bootstrap at a time, everywhere: the check and the insert under one lock.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(7411170)`;
      if ((await tx.apiKey.count()) > 0) return null;
      return tx.apiKey.create({ data: { ...data, hash: hashApiKey(key), prefix: key.slice(0, KEY_PREFIX_LENGTH) }, select: SELECT });
    });
    if (!record) throw new ForbiddenError('API keys exist already: bootstrapApiKey works only before the first key. Ask an admin for a key.');
    logger.info({ keyId: record.id, accountId: record.accountId, prefix: record.prefix }, 'bootstrap API key created');
    return { key, record };
  }

  /** Keys, newest first; revoked ones only when asked. */
  list(filter: { accountId?: string | null; includeRevoked?: boolean | null } = {}): Promise<ApiKeyRecord[]> {
    return this.#prisma.apiKey.findMany({
      where: { ...(filter.accountId ? { accountId: filter.accountId } : {}), ...(filter.includeRevoked ? {} : { revokedAt: null }) },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      select: SELECT,
    });
  }

  /** Revokes a key (again: nothing changes) and tells every gateway process. NOT_FOUND for an unknown id. */
  async revoke(id: string): Promise<ApiKeyRecord> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new BadUserInputError('`id` must be an API key id (a UUID).', 'id', id);
    await this.#prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    const record = await this.#prisma.apiKey.findUnique({ where: { id }, select: SELECT });
    if (!record) throw new NotFoundError(`No API key has id ${id}.`, { argument: 'id' });
    await this.#events.publishRevoked(id);
    logger.info({ keyId: id }, 'API key revoked');
    return record;
  }

  /** Number of keys, revoked included (the first start makes one when there are none). */
  count(): Promise<number> {
    return this.#prisma.apiKey.count();
  }

  #validate(input: NewApiKey) {
    const accountId = input.accountId?.trim() ?? '';
    if (!accountId || accountId.length > MAX_TEXT) throw new BadUserInputError(`\`accountId\` must be 1 to ${MAX_TEXT} characters.`, 'accountId', input.accountId);
    const label = input.label?.trim() ?? '';
    if (!label || label.length > MAX_TEXT) throw new BadUserInputError(`\`label\` must be 1 to ${MAX_TEXT} characters.`, 'label', input.label);
    const contract = input.contract ?? this.#options.defaultContract ?? 'partner';
    if (!this.#options.contracts.includes(contract)) throw new BadUserInputError(`Unknown contract "${contract}"; expected one of ${this.#options.contracts.join(', ')}.`, 'contract', contract);
    const plan = input.plan ?? 'standard';
    if (!this.#options.plans.includes(plan)) throw new BadUserInputError(`Unknown plan "${plan}"; expected one of ${this.#options.plans.join(', ')}.`, 'plan', plan);
    const scopes = [...new Set(input.scopes ?? DEFAULT_SCOPES)];
    const unknown = scopes.filter((scope) => !(SCOPES as readonly string[]).includes(scope));
    if (unknown.length) throw new BadUserInputError(`Unknown scope ${unknown.map((s) => `"${s}"`).join(', ')}; expected some of ${SCOPES.join(', ')}.`, 'scopes', unknown);
    return { accountId, label, contract, plan, scopes, registeredOperationsOnly: input.registeredOperationsOnly ?? false };
  }

  // Written after the request, at most once a minute per key, never failing it.
  #touch(record: ApiKeyRecord): void {
    const now = Date.now();
    if (now - (this.#lastUsedWritten.get(record.id) ?? 0) < LAST_USED_EVERY_MS) return;
    this.#lastUsedWritten.set(record.id, now);
    setImmediate(() => {
      this.#prisma.apiKey
        .update({ where: { id: record.id }, data: { lastUsedAt: new Date(now) }, select: { id: true } })
        .catch((error: Error) => logger.warn({ keyId: record.id, err: error.message }, 'could not record lastUsedAt'));
    });
  }
}
