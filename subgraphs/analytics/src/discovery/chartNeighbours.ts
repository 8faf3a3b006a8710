import { Prisma, type Playlist } from '../../../../prisma/analytics/generated/client.ts';
import { chartOf, type ChartRow } from '../charts/chartQueries.ts';
import type { AnalyticsPrisma } from '../db.ts';
import type { TrackRef } from '../loaders.ts';

/** What the library's `ChartNeighbourFeed` representation carries (its `@requires` fields), already bounded. */
export interface NeighbourSeeds {
  limit: number;
  /** Watched artists' names. */
  artists: string[];
  isrcs: string[];
}

/** `ChartNeighbourTrack` as resolvers receive it. */
export interface ChartNeighbourTrackRow {
  track: TrackRef;
  title: string | null;
  artistNames: string | null;
  sharedChartEditions: number;
  sharedPlaylists: number;
  score: number;
  charts: ChartRow[];
  playlists: Playlist[];
}

/** `ChartNeighbourArtist` as resolvers receive it. */
export interface ChartNeighbourArtistRow {
  name: string;
  sharedChartEditions: number;
  score: number;
  charts: ChartRow[];
}

/** Newest seed chart editions read: a seed on a daily chart for years would otherwise read every edition. */
export const MAX_SEED_EDITIONS = 1_000;
/** Watched artists looked for by name in the charts' artists cells (a pattern each, tried on every entry). */
export const MAX_NAME_SEEDS = 100;
/** Playlists holding a seed read at most. */
export const MAX_SEED_PLAYLISTS = 1_000;
/** Charts and playlists named per item. */
const NAMED_PER_ITEM = 3;

// How chart files join several artists in one "artists" cell: "A, B", "A & B", "A feat. B", "A x B", "A with B".
const ARTIST_SEPARATORS = String.raw`\s*(?:,|&|\sfeat\.?\s|\sft\.?\s|\sx\s|\swith\s)\s*`;

/** Chart editions (newest first) holding a seed: by ISRC, or by an artist name in the entry's artists. */
function seedEditions(seeds: NeighbourSeeds): Prisma.Sql {
  const names = seeds.artists.slice(0, MAX_NAME_SEEDS).map((name) => name.toLowerCase().trim()).filter(Boolean);
  // LIKE narrows the rows before the split confirms a whole-name match ("Daft" must not match "Daft Punk").
  const likes = names.map((name) => `%${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return Prisma.sql`
    seed_entry AS (
      SELECT e."chartId", e."date", e."position" FROM "ChartEntry" e
      WHERE e."isrc" = ANY(${seeds.isrcs}::bpchar[])
         OR (lower(e."artistNames") LIKE ANY(${likes}::text[])
             AND EXISTS (SELECT 1 FROM regexp_split_to_table(lower(e."artistNames"), ${ARTIST_SEPARATORS}) n WHERE btrim(n) = ANY(${names}::text[])))
    ),
    edition AS (SELECT DISTINCT "chartId", "date" FROM seed_entry ORDER BY "date" DESC, "chartId" LIMIT ${MAX_SEED_EDITIONS}),
    neighbour AS (
      SELECT e.*, (e."chartId", e."date", e."position") IN (SELECT "chartId", "date", "position" FROM seed_entry) AS "isSeed"
      FROM "ChartEntry" e JOIN edition USING ("chartId", "date")
    )`;
}

type RawChartJson = Parameters<typeof chartOf>[0] & { latestDate: string | null };

const chartsOf = (raw: RawChartJson[] | null) =>
  (raw ?? []).map((chart) => chartOf({ ...chart, latestDate: chart.latestDate ? new Date(chart.latestDate) : null }));

const CHART_JSON = Prisma.sql`json_build_object('chartId', c.id, 'platform', c.platform, 'country', c.country, 'type', c.type,
  'frequency', c.frequency, 'genre', c.genre, 'city', c.city, 'latestDate', c."latestDate")`;

/** Recordings that shared the most seed chart editions, with the share of the seed editions as score. One statement. */
async function chartNeighbourTracks(prisma: AnalyticsPrisma, seeds: NeighbourSeeds) {
  return prisma.$queryRaw<{ isrc: string; title: string; artistNames: string; editions: number; total: number; charts: RawChartJson[] | null }[]>`
    WITH ${seedEditions(seeds)},
    counted AS (
      SELECT rtrim(n."isrc") AS "isrc", count(*)::int AS "editions", min(n."trackName") AS "title", min(n."artistNames") AS "artistNames",
             (array_agg(DISTINCT n."chartId"))[1:${NAMED_PER_ITEM}] AS "chartIds"
      FROM neighbour n WHERE NOT n."isSeed" AND n."isrc" IS NOT NULL AND NOT (n."isrc" = ANY(${seeds.isrcs}::bpchar[]))
      GROUP BY rtrim(n."isrc") ORDER BY "editions" DESC, rtrim(n."isrc") LIMIT ${seeds.limit}
    )
    SELECT k."isrc", k."title", k."artistNames", k."editions", (SELECT count(*)::int FROM edition) AS "total",
           (SELECT json_agg(${CHART_JSON} ORDER BY c.id) FROM "Chart" c WHERE c.id = ANY(k."chartIds")) AS "charts"
    FROM counted k ORDER BY k."editions" DESC, k."isrc"`;
}

/** Recordings in the most playlists that hold a seed now. One statement. */
async function playlistNeighbourTracks(prisma: AnalyticsPrisma, seeds: NeighbourSeeds) {
  return prisma.$queryRaw<{ isrc: string; playlists: number; total: number; playlistIds: number[] }[]>`
    WITH seed_playlist AS (
      SELECT DISTINCT "playlistId" FROM "PlaylistPlacement" WHERE "isrc" = ANY(${seeds.isrcs}::bpchar[]) ORDER BY "playlistId" LIMIT ${MAX_SEED_PLAYLISTS}
    )
    SELECT rtrim(p."isrc") AS "isrc", count(DISTINCT p."playlistId")::int AS "playlists", (SELECT count(*)::int FROM seed_playlist) AS "total",
           (array_agg(DISTINCT p."playlistId"))[1:${NAMED_PER_ITEM}] AS "playlistIds"
    FROM "PlaylistPlacement" p JOIN seed_playlist USING ("playlistId")
    WHERE NOT (p."isrc" = ANY(${seeds.isrcs}::bpchar[]))
    GROUP BY rtrim(p."isrc") ORDER BY "playlists" DESC, rtrim(p."isrc") LIMIT ${seeds.limit}`;
}

/**
 * Recordings that charted or are playlisted next to the seeds, best first:
 * score = 1 − (1 − e/E)(1 − p/P), where e of the E seed chart editions held
 * the recording and p of the P playlists holding a seed hold it (either
 * evidence alone can reach 1, both together count more). Seeds themselves and
 * entries by the watched artists are left out. Three statements.
 */
export async function neighbourTracks(prisma: AnalyticsPrisma, seeds: NeighbourSeeds): Promise<ChartNeighbourTrackRow[]> {
  if (seeds.isrcs.length === 0 && seeds.artists.length === 0) return [];
  const [charted, playlisted] = await Promise.all([chartNeighbourTracks(prisma, seeds), playlistNeighbourTracks(prisma, seeds)]);
  const playlistIds = [...new Set(playlisted.flatMap((row) => row.playlistIds))];
  const playlists = new Map((playlistIds.length ? await prisma.playlist.findMany({ where: { id: { in: playlistIds } } }) : []).map((p) => [p.id, p]));
  const rows = new Map<string, ChartNeighbourTrackRow>();
  const row = (isrc: string) =>
    rows.get(isrc) ??
    rows.set(isrc, { track: { isrc }, title: null, artistNames: null, sharedChartEditions: 0, sharedPlaylists: 0, score: 0, charts: [], playlists: [] }).get(isrc)!;
  const chartShare = new Map<string, number>();
  const playlistShare = new Map<string, number>();
  for (const c of charted) {
    Object.assign(row(c.isrc), { title: c.title || null, artistNames: c.artistNames || null, sharedChartEditions: c.editions, charts: chartsOf(c.charts) });
    chartShare.set(c.isrc, c.editions / Math.max(c.total, 1));
  }
  for (const p of playlisted) {
    Object.assign(row(p.isrc), { sharedPlaylists: p.playlists, playlists: p.playlistIds.flatMap((id) => playlists.get(id) ?? []) });
    playlistShare.set(p.isrc, p.playlists / Math.max(p.total, 1));
  }
  for (const [isrc, item] of rows) {
    // 1 − (1 − c)(1 − p), written so that one evidence alone is exactly its share.
    const c = chartShare.get(isrc) ?? 0;
    const p = playlistShare.get(isrc) ?? 0;
    item.score = c + p - c * p;
  }
  return [...rows.values()].sort((a, b) => b.score - a.score || a.track.isrc.localeCompare(b.track.isrc)).slice(0, seeds.limit);
}

/**
 * Artists named on the seed chart editions who are not watched (those featured
 * on a watched artist's entries included), by the share of those editions they
 * appear in. One statement.
 */
export async function neighbourArtists(prisma: AnalyticsPrisma, seeds: NeighbourSeeds): Promise<ChartNeighbourArtistRow[]> {
  if (seeds.isrcs.length === 0 && seeds.artists.length === 0) return [];
  const watched = seeds.artists.map((name) => name.toLowerCase().trim());
  const rows = await prisma.$queryRaw<{ name: string; editions: number; total: number; charts: RawChartJson[] | null }[]>`
    WITH ${seedEditions(seeds)},
    named AS (
      SELECT btrim(a.name) AS "name", n."chartId", n."date" FROM neighbour n, regexp_split_to_table(n."artistNames", ${ARTIST_SEPARATORS}, 'i') AS a(name)
      WHERE btrim(a.name) <> ''
    ),
    counted AS (
      SELECT min("name") AS "name", count(DISTINCT ("chartId", "date"))::int AS "editions", (array_agg(DISTINCT "chartId"))[1:${NAMED_PER_ITEM}] AS "chartIds"
      FROM named WHERE NOT (lower("name") = ANY(${watched}::text[]))
      GROUP BY lower("name") ORDER BY "editions" DESC, lower("name") LIMIT ${seeds.limit}
    )
    SELECT k."name", k."editions", (SELECT count(*)::int FROM edition) AS "total",
           (SELECT json_agg(${CHART_JSON} ORDER BY c.id) FROM "Chart" c WHERE c.id = ANY(k."chartIds")) AS "charts"
    FROM counted k ORDER BY k."editions" DESC, lower(k."name")`;
  return rows.map((r) => ({ name: r.name, sharedChartEditions: r.editions, score: r.editions / Math.max(r.total, 1), charts: chartsOf(r.charts) }));
}
