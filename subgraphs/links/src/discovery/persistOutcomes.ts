import type { LinksPrisma } from '../db.ts';
import { upsertTrack, type CatalogTrackInput } from '../catalog/upsertTrack.ts';
import type { ProviderTrack } from '../providers/types.ts';
import type { AskedOutcome } from './askPlatforms.ts';

type Tx = Parameters<Parameters<LinksPrisma['$transaction']>[0]>[0];

/**
 * Records what the platforms answered, in one transaction: for FOUND, the canonical track (created
 * from the first platform's metadata when the ISRC is new) and its platform links (existing ones
 * skipped, so concurrent discoveries of one ISRC add each link once); a LinkStatus row for every
 * asked pair, in one statement. A unique violation from a concurrent first insert is retried once.
 */
export async function persistOutcomes(prisma: LinksPrisma, asked: readonly AskedOutcome[]): Promise<void> {
  if (asked.length === 0) return;
  const write = () => prisma.$transaction(async (tx) => {
    await writeFound(tx, asked);
    await writeStatuses(tx, asked);
  }, { maxWait: 10_000, timeout: 30_000 });
  try {
    await write();
  } catch (error) {
    // Another request created the same track or artist first; the retry finds it and only adds links.
    if ((error as { code?: unknown }).code !== 'P2002') throw error;
    await write();
  }
}

async function writeFound(tx: Tx, asked: readonly AskedOutcome[]): Promise<void> {
  const found = new Map<string, ProviderTrack[]>();
  for (const { isrc, outcome } of asked) {
    if (outcome.state === 'FOUND') found.set(isrc, [...(found.get(isrc) ?? []), ...outcome.tracks]);
  }
  if (found.size === 0) return;
  const existing = await tx.track.findMany({ where: { isrc: { in: [...found.keys()] } }, select: { id: true, isrc: true } });
  const trackIds = new Map(existing.map((track) => [track.isrc, track.id]));
  const newLinks: { trackId: string; platform: ProviderTrack['platform']; externalId: string }[] = [];
  for (const [isrc, tracks] of [...found].sort(([a], [b]) => a.localeCompare(b))) {
    const trackId = trackIds.get(isrc);
    if (trackId) newLinks.push(...tracks.map((track) => ({ trackId, platform: track.platform, externalId: track.externalId })));
    else await upsertTrack(tx, catalogInput(isrc, tracks));
  }
  if (newLinks.length > 0) await tx.platformLink.createMany({ data: newLinks, skipDuplicates: true });
}

/** A new catalog track from the first platform recording (the platforms are in a fixed order), with every link found. */
function catalogInput(isrc: string, tracks: readonly ProviderTrack[]): CatalogTrackInput {
  const first = tracks[0]!;
  return {
    isrc,
    title: first.title,
    // One credit per name: the same name twice would be the same artist twice on the track.
    artists: [...new Set(first.artists)].map((name) => ({ name })),
    releaseTitle: first.releaseTitle ?? null,
    releaseDate: fullDate(first.releaseDate),
    durationSeconds: first.durationSeconds ?? null,
    artworkUrl: first.artworkUrl ?? null,
    links: tracks.map((track) => ({ platform: track.platform, externalId: track.externalId })),
  };
}

/** A `YYYY-MM-DD` date; a bare year or month would pose as the 1st of January or of the month, so it is dropped. */
function fullDate(value: string | null | undefined): Date | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Upserts every pair's LinkStatus in one statement, rows in a fixed order so concurrent writers cannot deadlock. */
async function writeStatuses(tx: Tx, asked: readonly AskedOutcome[]): Promise<void> {
  const rows = [...asked].sort((a, b) => a.isrc.localeCompare(b.isrc) || a.outcome.platform.localeCompare(b.outcome.platform));
  const isrcs = rows.map((row) => row.isrc);
  const platforms = rows.map((row) => row.outcome.platform);
  const states = rows.map((row) => row.outcome.state);
  const errors = rows.map((row) => row.outcome.error);
  const checkedAts = rows.map((row) => row.outcome.checkedAt.toISOString());
  // checkedAt is a UTC timestamp without time zone, as Prisma stores DateTime.
  await tx.$executeRaw`
    INSERT INTO "LinkStatus" ("isrc", "platform", "state", "checkedAt", "error")
    SELECT u.isrc, u.platform::"Platform", u.state::"LinkState", (u.checked_at::timestamptz AT TIME ZONE 'UTC'), u.error
    FROM unnest(${isrcs}::text[], ${platforms}::text[], ${states}::text[], ${checkedAts}::text[], ${errors}::text[])
      AS u(isrc, platform, state, checked_at, error)
    ON CONFLICT ("isrc", "platform") DO UPDATE
    SET "state" = EXCLUDED."state", "checkedAt" = EXCLUDED."checkedAt", "error" = EXCLUDED."error"`;
}
