import { LRUCache } from 'lru-cache';

/**
 * Entities known to be counted for an account this month, kept by the
 * analytics process: once counted, an entity stays counted until the month
 * ends, so repeated reads of the same recordings cost no statement at all.
 */
export class UsageCache {
  readonly #known = new LRUCache<string, true>({ max: 200_000 });

  #key(accountId: string, month: string, entity: string): string {
    return `${accountId}\u0000${month}\u0000${entity}`;
  }

  has(accountId: string, month: string, entity: string): boolean {
    return this.#known.has(this.#key(accountId, month, entity));
  }

  remember(accountId: string, month: string, entities: Iterable<string>): void {
    for (const entity of entities) this.#known.set(this.#key(accountId, month, entity), true);
  }
}
