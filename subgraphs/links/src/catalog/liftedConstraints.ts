import type { LinksPrisma } from '../db.ts';

// A bulk load lifts the foreign keys of the tables it fills fastest and adds them back once at the
// end, as PostgreSQL's manual advises ("Populating a Database"): checked row by row, the keys of
// credits and platform IDs cost about as much as the inserts themselves (five checks per catalog
// row, each locking the referenced row). Added back in one pass, they are checked set-wise.
// Each lifted key is recorded with its definition first, in the same transaction that drops it,
// so whatever happens to the import, the key can be put back exactly as the migration made it.

/** Tables whose foreign keys a bulk catalog import lifts. */
const LIFTED_TABLES = ['TrackArtist', 'PlatformLink'] as const;

/** Foreign keys that could not be added back: rows break them. */
export class ConstraintRestoreError extends Error {
  constructor(failures: { name: string; cause: unknown }[]) {
    const reasons = failures.map(({ name, cause }) => `foreign key ${name} could not be added back: ${(cause as Error).message}`).join('; ');
    super(`${reasons} (still lifted; fix the rows named, then restart the links subgraph to add it back)`);
    this.name = 'ConstraintRestoreError';
  }
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * Records and drops the foreign keys of credits and platform IDs, in one
 * transaction. Keys already lifted (by an import that did not finish) stay so.
 * @returns the names of the keys now lifted
 */
export async function liftForeignKeys(prisma: LinksPrisma): Promise<string[]> {
  return prisma.$transaction(async (tx) => {
    const keys = await tx.$queryRaw<{ name: string; tableName: string; definition: string }[]>`
      SELECT c.conname AS "name", t.relname AS "tableName", pg_get_constraintdef(c.oid) AS "definition"
      FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
      WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace AND t.relname = ANY(${[...LIFTED_TABLES]}::text[])
      ORDER BY c.conname`;
    for (const key of keys) {
      await tx.liftedConstraint.create({ data: key });
      await tx.$executeRawUnsafe(`ALTER TABLE ${quote(key.tableName)} DROP CONSTRAINT ${quote(key.name)}`);
    }
    return (await tx.liftedConstraint.findMany({ orderBy: { name: 'asc' } })).map((key) => key.name);
  });
}

/**
 * Adds back every lifted foreign key (each checked over its whole table in
 * one pass) and forgets it, one transaction per key, so a key that rows
 * break does not keep the others lifted. Does nothing when none is lifted.
 * @returns the names of the keys added back
 * @throws ConstraintRestoreError naming the keys rows break (they stay lifted and recorded)
 */
export async function restoreForeignKeys(prisma: LinksPrisma): Promise<string[]> {
  const restored: string[] = [];
  const failures: { name: string; cause: unknown }[] = [];
  for (const key of await prisma.liftedConstraint.findMany({ orderBy: { name: 'asc' } })) {
    try {
      await prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`ALTER TABLE ${quote(key.tableName)} ADD CONSTRAINT ${quote(key.name)} ${key.definition}`);
        await tx.liftedConstraint.delete({ where: { name: key.name } });
      }, { timeout: 30 * 60_000 });
      restored.push(key.name);
    } catch (cause) {
      failures.push({ name: key.name, cause });
    }
  }
  if (failures.length) throw new ConstraintRestoreError(failures);
  return restored;
}
