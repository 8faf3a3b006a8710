import { Prisma } from '../../../../prisma/analytics/generated/client.ts';
import type { ChartFrequency, ChartPlatform, ChartType, PlaylistPlatform } from '../../../../prisma/analytics/generated/enums.ts';
import type { AnalyticsPrisma } from '../db.ts';

/**
 * Where every importer and collector writes: one function per kind of data,
 * each idempotent (writing the same input again changes no row, and says so)
 * and each one transaction. Inputs are already checked by the caller: dates
 * are `YYYY-MM-DD`, ISRCs normalized, countries ISO 3166-1 alpha-2 or GLOBAL.
 */

type Client = AnalyticsPrisma | Prisma.TransactionClient;

/** A chart as it is named: platform, market, type, frequency, and genre or city where the chart has them. */
export interface ChartName {
  platform: ChartPlatform;
  country: string;
  type: ChartType;
  frequency: ChartFrequency;
  genre?: string;
  city?: string;
}

export interface ChartEntryInput {
  position: number;
  /** Known now, or resolved later from `externalId` by the links subgraph. */
  isrc?: string | null;
  /** The platform's track id (Spotify base-62, Deezer number…). */
  externalId?: string | null;
  trackName?: string;
  artistNames?: string;
  streams?: bigint | null;
  /** The previous position as the source states it (null: new or re-entry). */
  statedPrevious?: number | null;
}

/** One edition of a chart: its entries on one date. */
export interface ChartEditionInput extends ChartName {
  date: string;
  entries: ChartEntryInput[];
}

/** What a write did: rows created, changed, left as they were, and removed. */
export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

const day = (date: string) => new Date(`${date}T00:00:00Z`);

/**
 * Writes one chart edition so that it holds exactly `edition.entries`:
 * positions are inserted or updated, positions no longer in it removed, the
 * chart created if new and its `latestDate` moved forward. An ISRC already
 * resolved for the same track id is kept when the input has none.
 */
export async function storeChartEdition(prisma: AnalyticsPrisma, edition: ChartEditionInput): Promise<WriteCounts> {
  return prisma.$transaction((tx) => writeChartEdition(tx, edition));
}

/** {@link storeChartEdition} inside a transaction the caller holds. */
export async function writeChartEdition(tx: Client, edition: ChartEditionInput): Promise<WriteCounts> {
  const name = { platform: edition.platform, country: edition.country, type: edition.type, frequency: edition.frequency, genre: edition.genre ?? '', city: edition.city ?? '' };
  const date = day(edition.date);
  const chart = await tx.chart.upsert({ where: { platform_country_type_frequency_genre_city: name }, create: { ...name, latestDate: date }, update: {} });
  const e = edition.entries;
  const [counts] = await tx.$queryRaw<{ inserted: bigint; updated: bigint; unchanged: bigint; deleted: bigint }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${e.map((x) => x.position)}::int[], ${e.map((x) => x.isrc ?? null)}::text[], ${e.map((x) => x.externalId ?? null)}::text[],
        ${e.map((x) => x.trackName ?? '')}::text[], ${e.map((x) => x.artistNames ?? '')}::text[],
        ${e.map((x) => (x.streams == null ? null : x.streams.toString()))}::bigint[], ${e.map((x) => x.statedPrevious ?? null)}::int[]
      ) AS i(position, isrc, "externalId", "trackName", "artistNames", streams, "statedPrevious")
    ), before AS (
      SELECT * FROM "ChartEntry" WHERE "chartId" = ${chart.id} AND date = ${date}
    ), merged AS (
      SELECT i.position,
             COALESCE(i.isrc, CASE WHEN b."externalId" = i."externalId" THEN b.isrc END) AS isrc,
             i."externalId", i."trackName", i."artistNames", i.streams, i."statedPrevious",
             b.position IS NULL AS is_new,
             b.position IS NOT NULL AND (b.isrc, b."externalId", b."trackName", b."artistNames", b.streams, b."statedPrevious")
               IS NOT DISTINCT FROM (COALESCE(i.isrc, CASE WHEN b."externalId" = i."externalId" THEN b.isrc END), i."externalId", i."trackName", i."artistNames", i.streams, i."statedPrevious") AS same
      FROM input i LEFT JOIN before b ON b.position = i.position
    ), written AS (
      INSERT INTO "ChartEntry" ("chartId", date, position, isrc, "externalId", "trackName", "artistNames", streams, "statedPrevious")
      SELECT ${chart.id}, ${date}, position, isrc, "externalId", "trackName", "artistNames", streams, "statedPrevious" FROM merged WHERE NOT same
      ON CONFLICT ("chartId", date, position) DO UPDATE SET
        isrc = excluded.isrc, "externalId" = excluded."externalId", "trackName" = excluded."trackName",
        "artistNames" = excluded."artistNames", streams = excluded.streams, "statedPrevious" = excluded."statedPrevious"
      RETURNING 1
    ), removed AS (
      DELETE FROM "ChartEntry" WHERE "chartId" = ${chart.id} AND date = ${date} AND position <> ALL(${e.map((x) => x.position)}::int[]) RETURNING 1
    ), latest AS (
      UPDATE "Chart" SET "latestDate" = GREATEST("latestDate", ${date}) WHERE id = ${chart.id} AND "latestDate" IS DISTINCT FROM GREATEST("latestDate", ${date}) RETURNING 1
    )
    SELECT (SELECT count(*) FROM merged WHERE is_new) AS inserted,
           (SELECT count(*) FROM merged WHERE NOT is_new AND NOT same) AS updated,
           (SELECT count(*) FROM merged WHERE same) AS unchanged,
           (SELECT count(*) FROM removed) AS deleted,
           (SELECT count(*) FROM written) + (SELECT count(*) FROM latest) AS touched`;
  return { inserted: Number(counts!.inserted), updated: Number(counts!.updated), unchanged: Number(counts!.unchanged), deleted: Number(counts!.deleted) };
}

/** Daily cumulative totals of one metric: Spotify streams or Shazams. */
export type TotalsMetric = 'spotifyStreams' | 'shazams';

export interface DailyTotalInput {
  isrc: string;
  date: string;
  total: bigint;
}

const TOTALS_TABLE: Record<TotalsMetric, Prisma.Sql> = {
  spotifyStreams: Prisma.sql`"SpotifyStreamCount"`,
  shazams: Prisma.sql`"ShazamCount"`,
};

/** Writes daily totals (one statement whatever their number); a total already stored for the day is replaced. */
export async function storeDailyTotals(tx: Client, metric: TotalsMetric, rows: DailyTotalInput[]): Promise<WriteCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
  const table = TOTALS_TABLE[metric];
  const [counts] = await tx.$queryRaw<{ inserted: bigint; updated: bigint; unchanged: bigint }[]>`
    WITH input AS (
      SELECT DISTINCT ON (isrc, date) * FROM unnest(${rows.map((r) => r.isrc)}::text[], ${rows.map((r) => r.date)}::date[], ${rows.map((r) => r.total.toString())}::bigint[])
        WITH ORDINALITY AS i(isrc, date, total, ord) ORDER BY isrc, date, ord DESC
    ), merged AS (
      SELECT i.isrc, i.date, i.total, b.isrc IS NULL AS is_new, b.total IS NOT DISTINCT FROM i.total AS same
      FROM input i LEFT JOIN ${table} b ON b.isrc = i.isrc AND b.date = i.date
    ), written AS (
      INSERT INTO ${table} (isrc, date, total) SELECT isrc, date, total FROM merged WHERE NOT same
      ON CONFLICT (isrc, date) DO UPDATE SET total = excluded.total RETURNING 1
    )
    SELECT (SELECT count(*) FROM merged WHERE is_new) AS inserted,
           (SELECT count(*) FROM merged WHERE NOT is_new AND NOT same) AS updated,
           (SELECT count(*) FROM merged WHERE same) AS unchanged,
           (SELECT count(*) FROM written) AS touched`;
  return { inserted: Number(counts!.inserted), updated: Number(counts!.updated), unchanged: Number(counts!.unchanged), deleted: 0 };
}

export interface PlacementInput {
  isrc: string;
  position: number;
  /** Apple Music placements differ per country: ISO 3166-1 alpha-2; omitted elsewhere. */
  country?: string;
  addedAt?: string | null;
}

/** A playlist as seen on one day: its name, followers and (when given) the recordings in it then. */
export interface PlaylistSnapshotInput {
  platform: PlaylistPlatform;
  externalId: string;
  date: string;
  name?: string;
  artworkUrl?: string | null;
  followers?: number | null;
  /** Omitted: the snapshot says nothing of the tracks (a followers-only point). */
  placements?: PlacementInput[];
}

/** What {@link storePlaylistSnapshot} did. */
export interface PlaylistWrite {
  playlistId: number;
  /** Whether the snapshot was the newest seen, so it became the playlist's current state. */
  current: boolean;
  followersPoint: boolean;
  placements: WriteCounts;
}

/**
 * Writes a playlist snapshot in one transaction. The followers count becomes
 * that day's point (one per day, the later write wins). The name, artwork,
 * followers and placements become current only if the snapshot is not older
 * than the one they came from; placements are then replaced for the
 * countries the snapshot covers (Apple Music: each country listed; others:
 * the whole playlist, so an empty list empties it).
 */
export async function storePlaylistSnapshot(prisma: AnalyticsPrisma, snapshot: PlaylistSnapshotInput): Promise<PlaylistWrite> {
  return prisma.$transaction((tx) => writePlaylistSnapshot(tx, snapshot));
}

/** {@link storePlaylistSnapshot} inside a transaction the caller holds. */
export async function writePlaylistSnapshot(tx: Client, snapshot: PlaylistSnapshotInput): Promise<PlaylistWrite> {
  const date = day(snapshot.date);
  const key = { platform: snapshot.platform, externalId: snapshot.externalId };
  const existing = await tx.playlist.findUnique({ where: { platform_externalId: key } });
  const current = !existing?.snapshotDate || existing.snapshotDate.getTime() <= date.getTime();
  const fields = {
    ...(snapshot.name !== undefined ? { name: snapshot.name } : {}),
    ...(snapshot.artworkUrl !== undefined ? { artworkUrl: snapshot.artworkUrl } : {}),
    ...(snapshot.followers != null ? { followers: snapshot.followers } : {}),
  };
  let playlistId: number;
  if (!existing) {
    playlistId = (await tx.playlist.create({ data: { ...key, ...fields, snapshotDate: date } })).id;
  } else {
    playlistId = existing.id;
    const changed = current && (Object.entries(fields).some(([k, v]) => existing[k as keyof typeof existing] !== v) || existing.snapshotDate?.getTime() !== date.getTime());
    if (changed) await tx.playlist.update({ where: { id: playlistId }, data: { ...fields, snapshotDate: date } });
  }
  let followersPoint = false;
  if (snapshot.followers != null) {
    const point = await tx.playlistFollowers.findUnique({ where: { playlistId_date: { playlistId, date } } });
    if (point?.followers !== snapshot.followers) {
      await tx.playlistFollowers.upsert({ where: { playlistId_date: { playlistId, date } }, create: { playlistId, date, followers: snapshot.followers }, update: { followers: snapshot.followers } });
      followersPoint = true;
    }
  }
  // Apple Music's placements are per country: a snapshot replaces the countries it lists; elsewhere it is the whole playlist (an empty one empties it).
  const scope = snapshot.platform === 'APPLE_MUSIC' ? [...new Set((snapshot.placements ?? []).map((p) => p.country ?? ''))] : [''];
  const placements = current && snapshot.placements ? await replacePlacements(tx, playlistId, snapshot.placements, scope) : { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
  return { playlistId, current, followersPoint, placements };
}

async function replacePlacements(tx: Client, playlistId: number, placements: PlacementInput[], countries: string[]): Promise<WriteCounts> {
  const p = placements;
  const [counts] = await tx.$queryRaw<{ inserted: bigint; updated: bigint; unchanged: bigint; deleted: bigint }[]>`
    WITH input AS (
      SELECT DISTINCT ON (isrc, country) * FROM unnest(
        ${p.map((x) => x.isrc)}::text[], ${p.map((x) => x.country ?? '')}::text[], ${p.map((x) => x.position)}::int[], ${p.map((x) => x.addedAt ?? null)}::date[]
      ) WITH ORDINALITY AS i(isrc, country, position, "addedAt", ord) ORDER BY isrc, country, position, ord
    ), merged AS (
      SELECT i.*, b.isrc IS NULL AS is_new, (b.position, b."addedAt") IS NOT DISTINCT FROM (i.position, i."addedAt") AS same
      FROM input i LEFT JOIN "PlaylistPlacement" b ON b."playlistId" = ${playlistId} AND b.isrc = i.isrc AND b.country = i.country
    ), written AS (
      INSERT INTO "PlaylistPlacement" ("playlistId", isrc, country, position, "addedAt")
      SELECT ${playlistId}, isrc, country, position, "addedAt" FROM merged WHERE NOT same
      ON CONFLICT ("playlistId", isrc, country) DO UPDATE SET position = excluded.position, "addedAt" = excluded."addedAt" RETURNING 1
    ), removed AS (
      DELETE FROM "PlaylistPlacement" b WHERE b."playlistId" = ${playlistId}
        AND b.country = ANY(${countries}::text[])
        AND NOT EXISTS (SELECT 1 FROM input i WHERE i.isrc = b.isrc AND i.country = b.country)
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM merged WHERE is_new) AS inserted,
           (SELECT count(*) FROM merged WHERE NOT is_new AND NOT same) AS updated,
           (SELECT count(*) FROM merged WHERE same) AS unchanged,
           (SELECT count(*) FROM removed) AS deleted,
           (SELECT count(*) FROM written) AS touched`;
  return { inserted: Number(counts!.inserted), updated: Number(counts!.updated), unchanged: Number(counts!.unchanged), deleted: Number(counts!.deleted) };
}

/**
 * Chart entries whose ISRC is not known yet, by the platform's track id:
 * what an importer asks the links subgraph to resolve.
 */
export async function unresolvedChartTracks(prisma: AnalyticsPrisma, platform: ChartPlatform): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ externalId: string }[]>`
    SELECT DISTINCT e."externalId" FROM "ChartEntry" e JOIN "Chart" c ON c.id = e."chartId"
    WHERE c.platform = ${platform}::"ChartPlatform" AND e.isrc IS NULL AND e."externalId" IS NOT NULL ORDER BY 1`;
  return rows.map((row) => row.externalId);
}

/** Sets the ISRC of every entry of `platform`'s charts naming one of these track ids (one statement); returns the entries updated. */
export async function resolveChartTracks(prisma: AnalyticsPrisma, platform: ChartPlatform, isrcByExternalId: Map<string, string>): Promise<number> {
  if (isrcByExternalId.size === 0) return 0;
  return prisma.$executeRaw`
    UPDATE "ChartEntry" e SET isrc = r.isrc
    FROM unnest(${[...isrcByExternalId.keys()]}::text[], ${[...isrcByExternalId.values()]}::text[]) AS r("externalId", isrc), "Chart" c
    WHERE c.id = e."chartId" AND c.platform = ${platform}::"ChartPlatform" AND e."externalId" = r."externalId" AND e.isrc IS DISTINCT FROM r.isrc`;
}
