import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';

/** Options for {@link trackWrites}. */
export interface TrackWritesOptions {
  /** Called after every committed write (awaited before the write returns to its caller). */
  onWrite(): Promise<void>;
  /** Tables whose writes change no answer a cache may hold (usage counters, credit ledgers): no call for them. */
  neutralTables?: readonly string[];
}

// Statements that only read; everything else (INSERT, UPDATE, DELETE, DDL, a WITH that writes) is a write.
const READ = /^\s*(select|show|explain|values|begin|commit|rollback|savepoint|release|set|deallocate|start transaction)\b/i;
const WITH_WRITE = /\b(insert\s+into|update|delete\s+from|truncate)\b/i;
// The tables a write names (quoted or not, schema-qualified or not).
const WRITTEN_TABLE = /\b(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?)\s+(?:only\s+)?(?:"?[\w-]+"?\.)?"?([\w-]+)"?/gi;

/** Whether `sql` may change data other than the neutral tables. */
export function changesData(sql: string, neutral: ReadonlySet<string>): boolean {
  if (READ.test(sql)) return false;
  if (/^\s*with\b/i.test(sql) && !WITH_WRITE.test(sql)) return false;
  if (neutral.size === 0) return true;
  const tables = [...sql.matchAll(WRITTEN_TABLE)].map((match) => match[1]!);
  // A write we cannot name the target of counts as a write.
  return tables.length === 0 || tables.some((table) => !neutral.has(table));
}

/**
 * Wraps a Prisma driver adapter factory so that every write that reaches the
 * database is reported once it is durable: a statement outside a transaction
 * when it returns, a transaction when it commits (never when it rolls back).
 * The report is awaited before Prisma sees the result, so whoever acknowledges
 * the write (a mutation, an import script, discovery) does so after the caches
 * learned of it. One chokepoint for every write path, present and future.
 */
export function trackWrites(factory: SqlMigrationAwareDriverAdapterFactory, options: TrackWritesOptions): SqlMigrationAwareDriverAdapterFactory {
  const neutral = new Set(options.neutralTables ?? []);
  const wrapAdapter = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    new Proxy(adapter, {
      get(target, property, receiver) {
        if (property === 'queryRaw' || property === 'executeRaw') {
          return async (query: SqlQuery) => {
            const result = await (target[property] as (q: SqlQuery) => Promise<unknown>).call(target, query);
            if (changesData(query.sql, neutral)) await options.onWrite();
            return result;
          };
        }
        if (property === 'executeScript') {
          return async (script: string) => {
            await target.executeScript(script);
            await options.onWrite();
          };
        }
        if (property === 'startTransaction') return async (...args: Parameters<SqlDriverAdapter['startTransaction']>) => wrapTransaction(await target.startTransaction(...args));
        return bound(target, property, receiver);
      },
    });
  const wrapTransaction = (transaction: Transaction): Transaction => {
    let dirty = false;
    return new Proxy(transaction, {
      get(target, property, receiver) {
        if (property === 'queryRaw' || property === 'executeRaw') {
          return async (query: SqlQuery) => {
            if (changesData(query.sql, neutral)) dirty = true;
            const result = await (target[property] as (q: SqlQuery) => Promise<unknown>).call(target, query);
            // Engines that commit with a statement rather than commit().
            if (dirty && /^\s*commit\b/i.test(query.sql)) {
              dirty = false;
              await options.onWrite();
            }
            return result;
          };
        }
        if (property === 'commit') {
          return async () => {
            await target.commit();
            if (dirty) await options.onWrite();
            dirty = false;
          };
        }
        return bound(target, property, receiver);
      },
    });
  };
  return new Proxy(factory, {
    get(target, property, receiver) {
      if (property === 'connect') return async () => wrapAdapter(await target.connect());
      if (property === 'connectToShadowDb') return async () => wrapAdapter(await target.connectToShadowDb());
      return bound(target, property, receiver);
    },
  });
}

// Methods run on the wrapped object itself: adapters keep state in private fields a proxy cannot reach.
function bound(target: object, property: string | symbol, receiver: unknown): unknown {
  const value = Reflect.get(target, property, receiver);
  return typeof value === 'function' ? value.bind(target) : value;
}
