import { decodeCursor, encodeCursor, type Connection } from '../../../../lib/pagination.ts';
import { BadUserInputError } from '../../../../lib/errors.ts';
import { formatIsoDate } from '../../../../lib/scalars.ts';
import { Prisma, type Playlist } from '../../../../prisma/analytics/generated/client.ts';
import type { PlaylistPlatform } from '../../../../prisma/analytics/generated/enums.ts';
import type { AnalyticsPrisma } from '../db.ts';

/** A recording in a playlist, as resolvers return it. */
export interface PlacementRow {
  playlist: Playlist;
  isrc: string;
  position: number;
  addedAt: string | null;
  /** Apple Music: one per country; empty elsewhere. */
  countries: { country: string; position: number; addedAt: string | null }[];
}

/** A page of placements. */
export type PlacementConnectionRow = Connection<PlacementRow>;

/** One page to load: of a recording's playlists (`isrc`) or of a playlist's recordings (`playlistId`). */
export interface PlacementPageKey {
  isrc?: string;
  playlistId?: number;
  platform?: PlaylistPlatform;
  country?: string;
  first: number;
  after: string | null;
}

/** Equal arguments share one load. */
export const placementPageCacheKey = (key: PlacementPageKey) => JSON.stringify([key.isrc ?? null, key.playlistId ?? null, key.platform ?? null, key.country ?? null, key.first, key.after]);

/** A placement's cursor: its position and the other side's id, the order pages follow. */
function cursorOf(position: number, id: string | number): string {
  return encodeCursor(`${position}:${id}`);
}

/** Decodes a placement cursor; BAD_USER_INPUT naming `after` when it is not one. */
export function decodePlacementCursor(after: string | null | undefined): { position: number; id: string } | null {
  const key = decodeCursor(after, 'after');
  if (key === null) return null;
  const match = /^(\d{1,9}):([\w.-]{1,100})$/.exec(key);
  if (!match) throw new BadUserInputError(`\`after\` is not a cursor this API issued: "${after}".`, 'after', after);
  return { position: Number(match[1]), id: match[2]! };
}

type RawPlacement = Playlist & { isrc: string; playlistId: number; position: number; addedAt: Date | null; countries: { country: string; position: number; addedAt: string | null }[] | null; total: bigint };

/**
 * Pages of placements for many recordings (or many playlists) with the same
 * arguments, in one statement: placements are first gathered per recording and
 * playlist (Apple Music's countries folded into one, its best or asked
 * country's position), counted, then ranked within each recording (or
 * playlist) so `first` applies to each.
 */
export async function loadPlacementPages(prisma: AnalyticsPrisma, keys: readonly PlacementPageKey[]): Promise<Connection<PlacementRow>[]> {
  const groups = new Map<string, { key: PlacementPageKey; owners: (string | number)[] }>();
  for (const key of keys) {
    const id = JSON.stringify([key.platform ?? null, key.country ?? null, key.first, key.after, key.isrc === undefined]);
    const group = groups.get(id) ?? { key, owners: [] };
    group.owners.push(key.isrc ?? key.playlistId!);
    groups.set(id, group);
  }
  const pages = new Map<string, Connection<PlacementRow>>();
  await Promise.all(
    [...groups.values()].map(async ({ key, owners }) => {
      const byTrack = key.isrc !== undefined;
      const rows = await pageQuery(prisma, key, owners, byTrack);
      const ownerOf = (row: RawPlacement) => (byTrack ? row.isrc.trim() : row.playlistId);
      // A page past the end has no row to carry the count: count those owners apart (only then).
      const empty = key.after !== null ? owners.filter((owner) => !rows.some((row) => ownerOf(row) === owner)) : [];
      const totals = empty.length ? await countPlacements(prisma, key, empty, byTrack) : new Map<string | number, number>();
      for (const owner of owners) {
        const mine = rows.filter((row) => ownerOf(row) === owner);
        const page = toPage(mine, key, byTrack);
        if (totals.has(owner)) page.totalCount = totals.get(owner)!;
        pages.set(placementPageCacheKey({ ...key, isrc: byTrack ? (owner as string) : undefined, playlistId: byTrack ? undefined : (owner as number) }), page);
      }
    }),
  );
  return keys.map((key) => pages.get(placementPageCacheKey(key))!);
}

async function pageQuery(prisma: AnalyticsPrisma, key: PlacementPageKey, owners: (string | number)[], byTrack: boolean): Promise<RawPlacement[]> {
  const after = decodePlacementCursor(key.after);
  const ownerColumn = byTrack ? Prisma.sql`pp.isrc` : Prisma.sql`pp."playlistId"`;
  const owned = byTrack ? Prisma.sql`pp.isrc = ANY(${owners as string[]}::text[])` : Prisma.sql`pp."playlistId" = ANY(${owners as number[]}::int[])`;
  const sortId = byTrack ? Prisma.sql`"playlistId"::text` : Prisma.sql`isrc`;
  return prisma.$queryRaw<RawPlacement[]>`
    WITH gathered AS (
      SELECT pp.isrc, pp."playlistId", ${ownerColumn} AS owner, min(pp.position) AS position,
        (array_agg(pp."addedAt" ORDER BY pp.position))[1] AS "addedAt",
        json_agg(json_build_object('country', pp.country, 'position', pp.position, 'addedAt', pp."addedAt") ORDER BY pp.position, pp.country) FILTER (WHERE pp.country <> '') AS countries
      FROM "PlaylistPlacement" pp JOIN "Playlist" pl ON pl.id = pp."playlistId"
      WHERE ${owned}
        ${key.platform ? Prisma.sql`AND pl.platform = ${key.platform}::"PlaylistPlatform"` : Prisma.empty}
        ${key.country ? Prisma.sql`AND (pp.country = '' OR pp.country = ${key.country})` : Prisma.empty}
      GROUP BY pp.isrc, pp."playlistId"
    ), counted AS (
      SELECT gathered.*, count(*) OVER (PARTITION BY owner) AS total FROM gathered
    ), ranked AS (
      SELECT counted.*, row_number() OVER (PARTITION BY owner ORDER BY position, ${sortId}) AS rn FROM counted
      ${after ? Prisma.sql`WHERE (position, ${sortId}) > (${after.position}, ${after.id})` : Prisma.empty}
    )
    SELECT pl.*, r.isrc, r."playlistId", r.position, r."addedAt", r.countries, r.total
    FROM ranked r JOIN "Playlist" pl ON pl.id = r."playlistId"
    WHERE r.rn <= ${key.first + 1}
    ORDER BY r.owner, r.position, r.${byTrack ? Prisma.sql`"playlistId"` : Prisma.sql`isrc`}`;
}

async function countPlacements(prisma: AnalyticsPrisma, key: PlacementPageKey, owners: (string | number)[], byTrack: boolean): Promise<Map<string | number, number>> {
  const owned = byTrack ? Prisma.sql`pp.isrc = ANY(${owners as string[]}::text[])` : Prisma.sql`pp."playlistId" = ANY(${owners as number[]}::int[])`;
  const rows = await prisma.$queryRaw<{ owner: string | number; n: bigint }[]>`
    SELECT ${byTrack ? Prisma.sql`pp.isrc` : Prisma.sql`pp."playlistId"`} AS owner, count(DISTINCT (pp.isrc, pp."playlistId")) AS n
    FROM "PlaylistPlacement" pp JOIN "Playlist" pl ON pl.id = pp."playlistId"
    WHERE ${owned}
      ${key.platform ? Prisma.sql`AND pl.platform = ${key.platform}::"PlaylistPlatform"` : Prisma.empty}
      ${key.country ? Prisma.sql`AND (pp.country = '' OR pp.country = ${key.country})` : Prisma.empty}
    GROUP BY 1`;
  return new Map(rows.map((row) => [typeof row.owner === 'string' ? row.owner.trim() : row.owner, Number(row.n)]));
}

function toPage(rows: RawPlacement[], key: PlacementPageKey, byTrack: boolean): Connection<PlacementRow> {
  const placements = rows.map((row): PlacementRow & { cursor: string } => ({
    playlist: { id: row.playlistId, platform: row.platform, externalId: row.externalId, name: row.name, artworkUrl: row.artworkUrl, followers: row.followers, snapshotDate: row.snapshotDate, updatedAt: row.updatedAt },
    isrc: row.isrc.trim(),
    position: row.position,
    addedAt: row.addedAt ? formatIsoDate(row.addedAt) : null,
    countries: (row.countries ?? []).map((c) => ({ country: c.country, position: c.position, addedAt: c.addedAt ? String(c.addedAt).slice(0, 10) : null })),
    cursor: cursorOf(row.position, byTrack ? row.playlistId : row.isrc.trim()),
  }));
  const page = placements.slice(0, key.first);
  return {
    edges: page.map((node) => ({ cursor: node.cursor, node })),
    nodes: page,
    pageInfo: { hasNextPage: placements.length > key.first, hasPreviousPage: key.after !== null, startCursor: page[0]?.cursor ?? null, endCursor: page.at(-1)?.cursor ?? null },
    // Counted before the cursor: a page past the end still knows the size (zero rows: nothing to tell, so 0 unless known).
    totalCount: Number(rows[0]?.total ?? 0),
  };
}
