import type { GraphQLFormattedError } from 'graphql';

/** A subgraph error as it travels in a response. */
type SubgraphError = GraphQLFormattedError & { path?: readonly (string | number)[] };

/** The answer to an `_entities` fetch of the misses, put back among the hits. */
export interface MergedEntities {
  /** One entity per original representation, in order (null where neither cache nor subgraph gave one). */
  entities: unknown[];
  /** The subgraph's errors with `_entities.<i>` pointing at the original representation. */
  errors: SubgraphError[];
  /** Original indexes the subgraph reported an error for (not cached). */
  failed: Set<number>;
  /** An error not tied to one entity: nothing from this answer may be cached. */
  unattributed: boolean;
}

/**
 * Merges the subgraph's answer for the representations at `misses` (original
 * indexes, in the order sent) into `hits`, and renumbers its error paths. A
 * fetch that failed outright (no `_entities` list) leaves the misses null and
 * repeats each of its `_entities` errors for every miss, so each null the
 * client sees has its error; hits still answer.
 */
export function mergeEntities(hits: readonly unknown[], misses: readonly number[], data: unknown, errors: readonly SubgraphError[] | undefined): MergedEntities {
  const entities = [...hits];
  const list = (data as { _entities?: unknown } | null | undefined)?._entities;
  const answered = Array.isArray(list) && list.length === misses.length;
  if (answered) misses.forEach((original, position) => (entities[original] = list[position] ?? null));
  else for (const original of misses) entities[original] = null;
  const merged: SubgraphError[] = [];
  const failed = new Set<number>();
  let unattributed = false;
  for (const error of errors ?? []) {
    const path = error.path;
    if (!path || path[0] !== '_entities') {
      unattributed = true;
      merged.push(error);
      continue;
    }
    const position = path[1];
    if (answered && typeof position === 'number' && misses[position] !== undefined) {
      failed.add(misses[position]!);
      merged.push({ ...error, path: ['_entities', misses[position]!, ...path.slice(2)] });
    } else {
      // The whole fetch failed: one error per entity it left null.
      unattributed = true;
      for (const original of misses) merged.push({ ...error, path: ['_entities', original, ...path.slice(2)] });
    }
  }
  return { entities, errors: merged, failed, unattributed };
}
