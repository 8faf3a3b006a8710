import { ErrorCode, TrackgraphError } from '../../../../lib/errors.ts';
import type { AnalyticsPrisma } from '../db.ts';

/** The first day (UTC) of the month `at` falls in, as `YYYY-MM-01`. */
export function monthOf(at: Date): string {
  return `${at.toISOString().slice(0, 7)}-01`;
}

/** An entity the caller read past its monthly quota. */
export class QuotaExceededError extends TrackgraphError {
  constructor(entity: string, limit: number, month: string) {
    const what = entity.startsWith('isrc:') ? `the recording ${entity.slice(5)}` : entity.startsWith('playlist:') ? `the playlist ${entity.slice(9)}` : `the chart ${entity.slice(6)}`;
    super(
      ErrorCode.QUOTA_EXCEEDED,
      `Your plan's ${limit} analytics entities for ${month.slice(0, 7)} are used up, and ${what} is not among them. Entities already counted this month still answer.`,
      { entity, ...(entity.startsWith('isrc:') ? { isrc: entity.slice(5) } : {}), limit, month: month.slice(0, 7) },
    );
  }
}

/**
 * Counts `entities` for `accountId` in `month` and says which may be read:
 * those already counted, and new ones while the quota lasts, in the order
 * given. One statement whatever the number of entities, exact under
 * concurrency: the `admit_entities` function (see its migration) locks the
 * account's month before it reads and writes the counts.
 */
export async function admitEntities(prisma: AnalyticsPrisma, accountId: string, month: string, entities: readonly string[], limit: number): Promise<Set<string>> {
  if (entities.length === 0) return new Set();
  const rows = await prisma.$queryRaw<{ entity: string }[]>`
    SELECT admitted AS entity FROM admit_entities(${accountId}, ${month}::date, ${entities}::text[], ${limit}::int) AS admitted`;
  return new Set(rows.map((row) => row.entity));
}

/** How many entities `accountId` used in `month` (`YYYY-MM-01`). */
export async function entitiesUsed(prisma: AnalyticsPrisma, accountId: string, month: string): Promise<number> {
  const [row] = await prisma.$queryRaw<{ entities: number }[]>`SELECT entities FROM "UsageMonth" WHERE "accountId" = ${accountId} AND month = ${month}::date`;
  return Number(row?.entities ?? 0);
}
