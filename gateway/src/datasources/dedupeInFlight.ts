import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { asksForFresh } from './asksForFresh.ts';
import { callerIdentity } from './callerIdentity.ts';
import type { SubgraphFetchContext } from './SubgraphDataSource.ts';
import { subgraphFetchesDeduplicated } from '../observability/gatewayMetrics.ts';

/** Options for {@link InFlightFetches}. */
export interface InFlightFetchesOptions {
  /** Most distinct fetches shared at once; beyond it a fetch runs on its own (memory stays bounded). @default 10000 */
  maxInFlight?: number;
}

/** One fetch in flight and the callers waiting on it. */
interface Shared {
  followers: { resolve(response: GatewayGraphQLResponse): void; reject(error: unknown): void }[];
}

// A client header asking for a fresh answer: its fetches are never shared.
const MUTATION = /^\s*mutation\b/;

/**
 * In-flight deduplication of subgraph fetches, as Apollo Router and Hive
 * Gateway do: a fetch identical to one already on its way (same subgraph,
 * body, headers the gateway adds, and caller identity as signed, which holds
 * account, key, scopes, plan, contract and profile) waits for that one
 * instead of going out again. Each follower gets its own copy of the leader's
 * answer, errors included, copied before the leader's caller can touch it.
 * Never shared: mutations, any fetch of an operation that is a mutation, a
 * client's `Cache-Control: no-cache`/`no-store` or `Pragma: no-cache`, and a
 * fetch begun before a mutation through this gateway finished (a write that
 * was acknowledged is never answered from a read that started before it).
 */
export class InFlightFetches {
  readonly #maxInFlight: number;
  readonly #inFlight = new Map<string, Shared>();
  // Bumped when a mutation finishes: keys before and after a write never meet.
  #writes = 0;

  constructor(options: InFlightFetchesOptions = {}) {
    this.#maxInFlight = options.maxInFlight ?? 10_000;
    if (!Number.isInteger(this.#maxInFlight) || this.#maxInFlight < 0) throw new TypeError(`maxInFlight must be a non-negative integer, got ${options.maxInFlight}`);
  }

  /** Fetches now in flight that others may join. */
  get size(): number {
    return this.#inFlight.size;
  }

  /** Runs `fetch` for `subgraph`, or joins the identical fetch in flight. `body` is the exact JSON the subgraph would be sent. */
  async run(subgraph: string, options: GraphQLDataSourceProcessOptions, body: string, fetch: () => Promise<GatewayGraphQLResponse>): Promise<GatewayGraphQLResponse> {
    if (isWrite(options)) {
      try {
        return await fetch();
      } finally {
        this.#writes += 1;
      }
    }
    const key = this.#keyOf(subgraph, options, body);
    if (key === undefined) return fetch();
    const shared = this.#inFlight.get(key);
    if (shared) {
      subgraphFetchesDeduplicated.inc({ subgraph });
      return new Promise((resolve, reject) => shared.followers.push({ resolve, reject }));
    }
    if (this.#inFlight.size >= this.#maxInFlight) return fetch();
    const entry: Shared = { followers: [] };
    this.#inFlight.set(key, entry);
    try {
      const response = await fetch();
      // Removed before anyone resumes: a request arriving from now on starts a new fetch.
      this.#inFlight.delete(key);
      for (const follower of entry.followers) follower.resolve(structuredClone(response));
      return response;
    } catch (error) {
      this.#inFlight.delete(key);
      for (const follower of entry.followers) follower.reject(error);
      throw error;
    }
  }

  /** Everything that changes what the subgraph answers, or undefined when this fetch must go out on its own. */
  #keyOf(subgraph: string, options: GraphQLDataSourceProcessOptions, body: string): string | undefined {
    if (!('incomingRequestContext' in options)) return undefined;
    if (asksForFresh(options)) return undefined;
    const context = options.context as Partial<SubgraphFetchContext> & { contract?: unknown };
    const added: string[] = [];
    for (const [name, value] of options.request.http?.headers ?? []) added.push(`${name}:${value}`);
    return [subgraph, this.#writes, callerIdentity(context), added.join('\n'), body].join('\u0000');
  }
}

/** A mutation fetch, or any fetch of an operation that is one (the entity fetches after it read what it wrote). */
function isWrite(options: GraphQLDataSourceProcessOptions): boolean {
  if (MUTATION.test(options.request.query ?? '')) return true;
  return 'incomingRequestContext' in options && options.incomingRequestContext.operation?.operation === 'mutation';
}
