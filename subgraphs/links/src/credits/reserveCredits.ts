import type { LinksPrisma } from '../db.ts';
import { checkAmount, MAX_REASON } from './amounts.ts';

/** What {@link reserveCredits} took from an account. */
export interface Reservation {
  /** Credits debited: `min(balance, wanted)`. */
  taken: number;
  /** Balance after the debit. */
  remaining: number;
}

/**
 * Debits up to `wanted` credits from an account: as many as it has, never more.
 *
 * One statement does it all (lock the row, debit, write the ledger row), so it
 * is atomic without an explicit transaction, and concurrent reservations and
 * grants on one account queue on the row lock. An unknown account takes
 * nothing and has 0 left. No ledger row is written when nothing is taken.
 */
export async function reserveCredits(prisma: LinksPrisma, accountId: string, wanted: number, reason = 'resolveTracks'): Promise<Reservation> {
  checkAmount(wanted, 'wanted', 0);
  if (wanted === 0) {
    const [row] = await prisma.$queryRaw<{ credits: number }[]>`SELECT credits FROM "Account" WHERE id = ${accountId}`;
    return { taken: 0, remaining: Number(row?.credits ?? 0) };
  }
  // The debit is computed from the row being updated, not from the locked copy:
  // Postgres checks constraints on the row its snapshot saw before re-reading a
  // concurrently granted one, and only `credits - LEAST(credits, n)` stays >= 0
  // for every version. The locked copy is the version finally updated (no one
  // else can change it), so `locked.credits - new credits` is what was taken.
  // Unqualified names resolve through the search_path to the subgraph's schema.
  const rows = await prisma.$queryRaw<{ taken: number; remaining: number }[]>`
    WITH locked AS (
      SELECT id, credits FROM "Account" WHERE id = ${accountId} FOR UPDATE
    ), debited AS (
      UPDATE "Account" a SET credits = a.credits - LEAST(a.credits, ${wanted}::int), "updatedAt" = CURRENT_TIMESTAMP
      FROM locked WHERE a.id = locked.id
      RETURNING locked.credits - a.credits AS taken, a.credits AS remaining
    ), ledger AS (
      INSERT INTO "CreditLedger" ("accountId", delta, reason)
      SELECT ${accountId}, -taken, ${reason.slice(0, MAX_REASON)} FROM debited WHERE taken > 0
    )
    SELECT taken::int AS taken, remaining::int AS remaining FROM debited`;
  const row = rows[0];
  return row ? { taken: Number(row.taken), remaining: Number(row.remaining) } : { taken: 0, remaining: 0 };
}
