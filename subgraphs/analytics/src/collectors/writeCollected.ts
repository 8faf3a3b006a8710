import type { Prisma } from '../../../../prisma/analytics/generated/client.ts';
import type { AnalyticsPrisma } from '../db.ts';
import { resolveChartTracks, writeChartEdition, writePlaylistSnapshot, type ChartEditionInput, type PlaylistSnapshotInput } from '../ingest/store.ts';
import { errorMessage, NO_WRITES, type CollectContext, type CollectResult } from './collectTypes.ts';

/** Writes one chart edition (one transaction), then gives older entries of the same tracks the ISRCs found. */
export async function writeEdition(ctx: CollectContext, label: string, edition: ChartEditionInput): Promise<CollectResult> {
  const counts = await writeInTransaction(ctx.prisma, ctx.dryRun, (tx) => writeChartEdition(tx, edition));
  const resolved = new Map(edition.entries.flatMap((entry) => (entry.isrc && entry.externalId ? [[entry.externalId, entry.isrc] as const] : [])));
  const backfilled = ctx.dryRun ? 0 : await resolveChartTracks(ctx.prisma, edition.platform, resolved);
  return {
    label,
    kind: 'edition',
    entries: edition.entries.length,
    counts,
    unresolved: edition.entries.filter((entry) => !entry.isrc).length,
    backfilled,
    ...(ctx.dryRun ? { preview: edition.entries.map((e) => `${e.position}. ${e.externalId} ${e.isrc ?? '(no ISRC)'} ${e.trackName} — ${e.artistNames}`) } : {}),
  };
}

/** Writes one playlist snapshot (one transaction). `listed` is how many entries the platform listed; those without an ISRC are not placed. */
export async function writeSnapshot(ctx: CollectContext, label: string, snapshot: PlaylistSnapshotInput, listed: number, notes: string[] = []): Promise<CollectResult> {
  const write = await writeInTransaction(ctx.prisma, ctx.dryRun, (tx) => writePlaylistSnapshot(tx, snapshot));
  const placed = snapshot.placements?.length ?? 0;
  const head = `name "${snapshot.name}", followers ${snapshot.followers ?? 'unknown'}, artwork ${snapshot.artworkUrl ?? 'none'}`;
  return {
    label,
    kind: 'snapshot',
    entries: listed,
    counts: write.placements,
    followersPoint: write.followersPoint,
    unresolved: snapshot.placements ? listed - placed : 0,
    ...(notes.length > 0 ? { notes } : {}),
    ...(ctx.dryRun ? { preview: [head, ...(snapshot.placements ?? []).map((p) => `${p.position}. ${p.isrc}${p.addedAt ? ` added ${p.addedAt}` : ''}`)] } : {}),
  };
}

/** A target that failed: nothing of it was written. */
export function failed(label: string, kind: CollectResult['kind'], error: unknown): CollectResult {
  return { label, kind, error: errorMessage(error), entries: 0, counts: NO_WRITES, unresolved: 0 };
}

/** Thrown inside a dry run's transaction so that the database rolls the writes back. */
class DryRunRollback extends Error {}

/**
 * Runs `write` in one transaction. On a dry run the transaction is rolled back after `write`
 * returns, so the counts are exactly those of a real run and nothing is kept.
 */
async function writeInTransaction<T>(prisma: AnalyticsPrisma, dryRun: boolean, write: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  if (!dryRun) return prisma.$transaction(write);
  let result: { value: T } | undefined;
  try {
    await prisma.$transaction(async (tx) => {
      result = { value: await write(tx) };
      throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return result!.value;
}
