/**
 * Groups rows by a key, in the order of `keys`: the shape a DataLoader batch
 * function must return for one-to-many lookups (an empty list for no rows).
 */
export function groupByKeys<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return keys.map((key) => groups.get(key) ?? []);
}

/** One row per key in key order, null where none matched (one-to-one lookups). */
export function indexByKeys<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): (R | null)[] {
  const index = new Map<K, R>();
  for (const row of rows) index.set(keyOf(row), row);
  return keys.map((key) => index.get(key) ?? null);
}

/** The values of DataLoader.loadMany, which resolves failures as Error values: the first one is thrown. */
export function rethrowErrors<T>(values: readonly (T | Error)[]): T[] {
  const failed = values.find((value): value is Error => value instanceof Error);
  if (failed) throw failed;
  return values as T[];
}
