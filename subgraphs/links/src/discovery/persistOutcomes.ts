import type { LinksPrisma } from '../db.ts';
import { createTracks } from '../catalog/createTracks.ts';
import type { CatalogTrackInput } from '../catalog/upsertTrack.ts';
import type { ProviderTrack } from '../providers/types.ts';
import type { AskedOutcome } from './askPlatforms.ts';

type Tx = Parameters<Parameters<LinksPrisma['$transaction']>[0]>[0];

/**
 * Records what the platforms answered, in one transaction of a fixed number of statements: for
 * FOUND, the canonical tracks (created from the first platform's metadata when the ISRC is new) and
 * their platform links; a LinkStatus row for every pair. Every insert skips rows that exist, so
 * concurrent discoveries of one ISRC create its track and each link once.
 */
export async function persistOutcomes(prisma: LinksPrisma, asked: readonly AskedOutcome[]): Promise<void> {
  if (asked.length === 0) return;
  await prisma.$transaction(async (tx) => {
    await writeFound(tx, asked);
    await writeStatuses(tx, asked);
  }, { maxWait: 10_000, timeout: 30_000 });
}

/** Creates the tracks of FOUND ISRCs the catalog lacks and adds every link found (existing ones are kept). */
async function writeFound(tx: Tx, asked: readonly AskedOutcome[]): Promise<void> {
  const found = new Map<string, ProviderTrack[]>();
  for (const { isrc, outcome } of asked) {
    if (outcome.state === 'FOUND') found.set(isrc, [...(found.get(isrc) ?? []), ...outcome.tracks]);
  }
  // ISRCs in a fixed order, so concurrent writers take their row locks in the same order.
  await createTracks(tx, [...found].sort(([a], [b]) => a.localeCompare(b)).map(([isrc, tracks]) => catalogInput(isrc, tracks)));
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
    SET "state" = EXCLUDED."state", "checkedAt" = EXCLUDED."checkedAt", "error" = EXCLUDED."error"
    -- An older answer (a late one, or from the cache) never replaces a newer one, and "still waiting"
    -- never replaces an answer: an expired one stays expired, so it is asked again all the same.
    WHERE "LinkStatus"."checkedAt" <= EXCLUDED."checkedAt"
      AND (EXCLUDED."state" <> 'PENDING' OR "LinkStatus"."state" = 'PENDING')`;
}
