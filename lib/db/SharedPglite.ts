import { PGlite, type PGliteOptions, type Results, type Transaction } from '@electric-sql/pglite';

/** The part of PGlite's client the Prisma adapter and our SQL runner use. */
export interface PgliteClient {
  query<T>(sql: string, params?: unknown[], options?: Parameters<PGlite['query']>[2]): Promise<Results<T>>;
  exec(sql: string): Promise<Array<Results>>;
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
}

/** How a {@link SharedPglite} is created. */
export interface SharedPgliteOptions {
  pglite: PGliteOptions;
  /**
   * The cluster is new, loaded from the demo template: migrated and seeded, yet
   * this install's first start (the gateway makes its first admin key).
   * @default false
   */
  fromDemoTemplate?: boolean;
}

/**
 * One embedded PGlite holding several databases' schemas side by side: one
 * WebAssembly Postgres instead of one per subgraph (a fifth of the memory, and
 * `initdb` once). PGlite has one session, so each schema's client takes a turn
 * and sets `search_path` to its own schema when the previous turn was another's:
 * unqualified names in migrations and raw SQL stay in the subgraph's schema.
 */
export class SharedPglite {
  static readonly #open = new Map<string, SharedPglite>();
  #db: Promise<PGlite>;
  #refs = 0;
  #turn: Promise<unknown> = Promise.resolve();
  #searchPath: string | undefined;
  /** Made just now from the demo template (see {@link SharedPgliteOptions}). */
  readonly fromDemoTemplate: boolean;

  private constructor(
    private readonly key: string,
    options: SharedPgliteOptions,
  ) {
    this.#db = PGlite.create(options.pglite);
    this.fromDemoTemplate = options.fromDemoTemplate ?? false;
  }

  /** The instance for `key` (its data directory), created with `options()` on first use; each call must be matched by one `release()`. */
  static acquire(key: string, options: () => SharedPgliteOptions): SharedPglite {
    let shared = SharedPglite.#open.get(key);
    if (!shared) SharedPglite.#open.set(key, (shared = new SharedPglite(key, options())));
    shared.#refs += 1;
    return shared;
  }

  /** Waits until the instance is up (it is created in the background). */
  async ready(): Promise<void> {
    await this.#db;
  }

  /** A client whose statements run with `schema` first on the search path. */
  client(schema: string): PgliteClient {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new TypeError(`A schema name is lower-case letters, digits and _; got "${schema}"`);
    return {
      query: (sql, params, options) => this.#inTurn(schema, (db) => db.query(sql, params as unknown[], options)),
      exec: (sql) => this.#inTurn(schema, (db) => db.exec(sql)),
      // The whole transaction is one turn: nobody else's statement can land inside it.
      transaction: (fn) => this.#inTurn(schema, (db) => db.transaction(fn)),
    };
  }

  /** Drops one reference; the last one closes the instance. */
  async release(): Promise<void> {
    this.#refs -= 1;
    if (this.#refs > 0) return;
    SharedPglite.#open.delete(this.key);
    await this.#turn.catch(() => undefined);
    await (await this.#db).close();
  }

  #inTurn<T>(schema: string, run: (db: PGlite) => Promise<T>): Promise<T> {
    const next = this.#turn.then(async () => {
      const db = await this.#db;
      if (this.#searchPath !== schema) {
        // Outside any transaction, so a rollback never undoes it.
        await db.exec(`SET search_path TO "${schema}", public`);
        this.#searchPath = schema;
      }
      return run(db);
    });
    this.#turn = next.catch(() => undefined);
    return next;
  }
}
