import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayCacheHint, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Caller } from '../../../lib/auth/Caller.ts';
import { asksForFresh } from '../datasources/asksForFresh.ts';
import { cacheHint } from '../datasources/SubgraphDataSource.ts';
import { entityCacheLookups } from '../observability/gatewayMetrics.ts';
import { digest, entryTtl, policyOf, scopeKey, type SubgraphCachePolicy } from './cachePolicy.ts';
import type { EntityCacheOptions } from './entityCacheOptions.ts';
import type { CachedEntry, EntityStore, Lookup } from './EntityStore.ts';
import { mergeEntities } from './mergeEntities.ts';

type FetchContext = { caller?: Caller | null } & Record<string, unknown>;
type Options = GraphQLDataSourceProcessOptions<FetchContext>;
type Incoming = Extract<Options, { incomingRequestContext: unknown }>;
// The enum is not exported by @apollo/gateway's entry point; its value is the contract.
const INCOMING_OPERATION = 'incoming operation';

/** Options for {@link EntityCachingDataSource}. */
export interface EntityCachingDataSourceOptions extends EntityCacheOptions {
  /** The subgraph's name (keys, metrics, policy). */
  subgraph: string;
  store: EntityStore;
}

// Longest representation kept readable in a key; longer ones (e.g. with @requires fields) are digested.
const READABLE_KEY = 160;

/**
 * Apollo Router's entity cache, in front of one subgraph's client: an
 * `_entities` fetch is split into the representations already cached (for
 * this selection, this subgraph, and the caller where the subgraph's answers
 * are per caller) and the rest; only the rest is sent, and the answer is
 * merged back in order with its error paths renumbered. A root query fetch is
 * cached whole. Lifetimes come from the subgraph's Cache-Control (its
 * `@cacheControl` hints); anything with max-age 0, errors, or a PRIVATE hint
 * on a shared subgraph is not kept. Mutations always go through.
 */
export class EntityCachingDataSource implements GraphQLDataSource<FetchContext> {
  readonly #inner: GraphQLDataSource<FetchContext>;
  readonly #options: EntityCachingDataSourceOptions;
  readonly #policy: SubgraphCachePolicy;
  readonly #queryDigests = new Map<string, string>();
  /** Selections the subgraph answered without error and with max-age 0: not looked up again (their hints are static). */
  readonly #uncacheable = new Set<string>();

  constructor(inner: GraphQLDataSource<FetchContext>, options: EntityCachingDataSourceOptions) {
    this.#inner = inner;
    this.#options = options;
    this.#policy = policyOf(options.subgraph);
  }

  async process(options: Options): Promise<GatewayGraphQLResponse> {
    if ((options.kind as string) !== INCOMING_OPERATION || !('incomingRequestContext' in options)) return this.#inner.process(options);
    const { query, variables } = options.request;
    const scope = scopeKey(this.#policy, options.context.caller);
    // Traced fetches (Studio usage reporting), mutations and clients asking for fresh data are never answered from the cache.
    const traced = options.request.http?.headers.get('apollo-federation-include-trace');
    if (!query || scope === undefined || traced || asksForFresh(options) || /^\s*mutation\b/.test(query)) return this.#inner.process(options);
    const queryDigest = this.#digestOf(query);
    if (this.#uncacheable.has(queryDigest)) return this.#inner.process(options);
    const prefix = `${this.#options.subgraph}:${scope}:${queryDigest}`;
    const representations = variables?.representations;
    const response = Array.isArray(representations) && query.includes('_entities')
      ? await this.#entities(options, prefix, representations)
      : await this.#root(options, `${prefix}:q:${digest(JSON.stringify(variables ?? {}))}`);
    const hint = response.http?.headers.get('cache-control');
    if (!response.errors?.length && response.http && !cacheHint(hint).maxAge) this.#remember(queryDigest);
    return response;
  }

  #remember(queryDigest: string): void {
    if (this.#uncacheable.size >= 1_000) this.#uncacheable.clear();
    this.#uncacheable.add(queryDigest);
  }

  async #entities(options: Incoming, prefix: string, representations: unknown[]): Promise<GatewayGraphQLResponse> {
    const types = representations.map((representation) => String((representation as { __typename?: unknown })?.__typename ?? 'unknown'));
    const keys = representations.map((representation) => {
      const json = JSON.stringify(representation);
      return `${prefix}:e:${json.length <= READABLE_KEY ? json : digest(json)}`;
    });
    const found = await this.#options.store.lookup(this.#options.subgraph, keys);
    this.#count(types, found);
    const misses = found.entries.flatMap((entry, index) => (entry ? [] : [index]));
    const hits = found.entries.map((entry) => entry?.data ?? null);
    this.#restrict(options, found.entries);
    if (misses.length === 0) return { data: { _entities: hits } };
    const request = { ...options.request, variables: { ...options.request.variables, representations: misses.map((index) => representations[index]) } };
    const response = await this.#inner.process({ ...options, request });
    const merged = mergeEntities(hits, misses, response.data, response.errors);
    const hint = cacheHint(response.http?.headers.get('cache-control'));
    const ttl = this.#ttl(hint, found);
    if (ttl > 0 && !merged.unattributed) {
      const storedAt = Date.now();
      const entries = misses
        .filter((index) => !merged.failed.has(index) && merged.entities[index] != null)
        .map((index) => [keys[index]!, { data: merged.entities[index], generation: found.generation!, maxAge: ttl, storedAt, private: hint.scope === 'PRIVATE' }] as const);
      await this.#options.store.store(entries, ttl);
    }
    return { ...response, data: { ...(response.data ?? {}), _entities: merged.entities }, ...(merged.errors.length ? { errors: merged.errors } : { errors: undefined }) } as GatewayGraphQLResponse;
  }

  async #root(options: Incoming, key: string): Promise<GatewayGraphQLResponse> {
    const found = await this.#options.store.lookup(this.#options.subgraph, [key]);
    this.#count(['Query'], found);
    const entry = found.entries[0];
    if (entry) {
      this.#restrict(options, [entry]);
      return { data: entry.data as Record<string, unknown> };
    }
    const response = await this.#inner.process(options);
    const hint = cacheHint(response.http?.headers.get('cache-control'));
    const ttl = this.#ttl(hint, found);
    if (ttl > 0 && !response.errors?.length && response.data) {
      await this.#options.store.store([[key, { data: response.data, generation: found.generation!, maxAge: ttl, storedAt: Date.now(), private: hint.scope === 'PRIVATE' }]], ttl);
    }
    return response;
  }

  /** Seconds to keep this answer; 0 when it must not be kept. */
  #ttl(hint: GatewayCacheHint, found: Lookup): number {
    if (found.generation === undefined || !hint.maxAge) return 0;
    // A PRIVATE answer is one caller's: never under a shared key.
    if (hint.scope === 'PRIVATE' && this.#policy.scope === 'shared') return 0;
    return entryTtl(this.#policy, hint.maxAge, this.#options.maxTtlSeconds);
  }

  /** Answers from the cache narrow the response's Cache-Control as the subgraph's own would have. */
  #restrict(options: Incoming, entries: readonly (CachedEntry | undefined)[]): void {
    const policy = options.incomingRequestContext.overallCachePolicy;
    if (!policy || !('restrict' in policy)) return;
    const now = Date.now();
    for (const entry of entries) {
      if (!entry) continue;
      const remaining = Math.max(0, Math.floor((entry.storedAt + entry.maxAge * 1000 - now) / 1000));
      policy.restrict({ maxAge: remaining, ...(entry.private ? { scope: 'PRIVATE' as const } : {}) });
    }
  }

  #count(types: readonly string[], found: Lookup): void {
    // Summed first: one counter update per type and result, not per entity.
    const counts = new Map<string, number>();
    types.forEach((type, index) => {
      const result = found.entries[index] ? 'hit' : found.stale[index] ? 'stale' : 'miss';
      counts.set(`${type}\n${result}`, (counts.get(`${type}\n${result}`) ?? 0) + 1);
    });
    for (const [label, count] of counts) {
      const [type, result] = label.split('\n') as [string, string];
      entityCacheLookups.inc({ subgraph: this.#options.subgraph, type, result }, count);
    }
  }

  #digestOf(query: string): string {
    let value = this.#queryDigests.get(query);
    if (value === undefined) {
      // Query plans are few; a flood of distinct ones only costs recomputing digests.
      if (this.#queryDigests.size >= 1_000) this.#queryDigests.clear();
      this.#queryDigests.set(query, (value = digest(query)));
    }
    return value;
  }

  /** Closes the subgraph client behind it. */
  async close(): Promise<void> {
    await (this.#inner as { close?: () => Promise<void> }).close?.();
  }
}
