import { formatIsoDate } from '../../../../lib/scalars.ts';
import type { CatalogTx, RowOutcome } from './csvCatalogWriter.ts';
import type { CatalogRowValues } from './csvTrackRow.ts';
import { searchColumns } from '../search/normalize.ts';
import { trackIdForIsrc } from '../trackId.ts';

/** A stored recording as far as a catalog row can set it. */
interface Stored {
  id: string;
  title: string;
  releaseTitle: string | null;
  releaseDate: string | null;
  durationSeconds: number | null;
  /** [name, isPrimary, isRemixer] in billing order. */
  credits: [string, boolean, boolean][];
}

const linkKey = (link: { platform: string; externalId: string }) => `${link.platform}:${link.externalId}`;

/**
 * Writes a batch of catalog rows with set-based statements, whatever the batch
 * size: read the stored tracks and the owners of the rows' platform IDs (2),
 * then add artists (1), upsert tracks (1), replace credits (2) and add
 * platform IDs (1), each one `INSERT … SELECT FROM unnest(arrays)` (one
 * parameter per column). Same semantics as the per-row CatalogWriter: a blank
 * value keeps what is stored, a row equal to what is stored writes nothing,
 * a row with a platform ID another track owns is skipped as a conflict.
 * Rows must have distinct ISRCs and platform IDs (the caller starts a new
 * batch when one repeats, so a later row sees what an earlier one wrote).
 * @returns what became of each row, in order
 */
export async function writeCatalogBatch(tx: CatalogTx, rows: readonly CatalogRowValues[]): Promise<RowOutcome[]> {
  if (rows.length === 0) return [];
  const stored = await loadTracks(tx, rows.map((row) => row.isrc));
  const owners = await loadOwners(tx, rows.flatMap((row) => row.links));

  const outcomes: RowOutcome[] = [];
  const writes: { row: CatalogRowValues; id: string; merged: Omit<Stored, 'id'>; created: boolean; creditsChanged: boolean; newLinks: CatalogRowValues['links'] }[] = [];
  for (const row of rows) {
    const current = stored.get(row.isrc);
    const id = current?.id ?? trackIdForIsrc(row.isrc);
    const taken = row.links.filter((link) => owners.has(linkKey(link)) && owners.get(linkKey(link))!.trackId !== id);
    if (taken.length) {
      const reason = taken.map((link) => `${link.platform} id "${link.externalId}" already belongs to track ${owners.get(linkKey(link))!.isrc}`).join('; ');
      outcomes.push({ kind: 'conflict', reason });
      continue;
    }
    const merged = {
      title: row.title,
      releaseTitle: row.releaseTitle ?? current?.releaseTitle ?? null,
      releaseDate: (row.releaseDate ? formatIsoDate(row.releaseDate) : null) ?? current?.releaseDate ?? null,
      durationSeconds: row.durationSeconds ?? current?.durationSeconds ?? null,
      credits: row.artists.map((artist): [string, boolean, boolean] => [artist.name, artist.isPrimary, artist.isRemixer]),
    };
    const newLinks = row.links.filter((link) => !owners.has(linkKey(link)));
    const creditsChanged = JSON.stringify(merged.credits) !== JSON.stringify(current?.credits ?? null);
    const valuesChanged = !current || creditsChanged || (['title', 'releaseTitle', 'releaseDate', 'durationSeconds'] as const).some((key) => current[key] !== merged[key]);
    if (!valuesChanged && newLinks.length === 0) {
      outcomes.push({ kind: 'unchanged', linksAdded: 0 });
      continue;
    }
    outcomes.push({ kind: current ? 'updated' : 'inserted', linksAdded: newLinks.length });
    writes.push({ row, id, merged, created: !current, creditsChanged, newLinks });
  }
  if (writes.length === 0) return outcomes;

  const names = [...new Set(writes.flatMap((write) => write.row.artists.map((artist) => artist.name)))].sort();
  const artistIds = await ensureArtists(tx, names);

  const now = new Date().toISOString();
  const search = writes.map((write) => searchColumns(write.merged.title, write.row.artists.map((artist) => artist.name)));
  const col = <K extends keyof Omit<Stored, 'id' | 'credits'>>(key: K) => writes.map((write) => write.merged[key]);
  // Tracks that exist keep their id (ON CONFLICT leaves it); RETURNING gives the id each ISRC has.
  const written = await tx.$queryRaw<{ id: string; isrc: string }[]>`
    INSERT INTO "Track" ("id", "isrc", "title", "releaseTitle", "releaseDate", "durationSeconds", "genres", "subgenres", "searchTitle", "searchArtists", "createdAt", "updatedAt")
    SELECT u."id", u."isrc", u."title", u."releaseTitle", u."releaseDate", u."durationSeconds", '{}', '{}', u."searchTitle", u."searchArtists", ${now}::timestamp(3), ${now}::timestamp(3)
    FROM unnest(${writes.map((w) => w.id)}::text[], ${writes.map((w) => w.row.isrc)}::text[], ${col('title')}::text[], ${col('releaseTitle')}::text[],
      ${col('releaseDate')}::date[], ${col('durationSeconds')}::int[], ${search.map((s) => s.searchTitle)}::text[], ${search.map((s) => s.searchArtists)}::text[])
      AS u("id", "isrc", "title", "releaseTitle", "releaseDate", "durationSeconds", "searchTitle", "searchArtists")
    ON CONFLICT ("isrc") DO UPDATE SET "title" = EXCLUDED."title", "releaseTitle" = EXCLUDED."releaseTitle", "releaseDate" = EXCLUDED."releaseDate",
      "durationSeconds" = EXCLUDED."durationSeconds", "searchTitle" = EXCLUDED."searchTitle", "searchArtists" = EXCLUDED."searchArtists", "updatedAt" = EXCLUDED."updatedAt"
    RETURNING "id", "isrc"`;
  const idOf = new Map(written.map((track) => [track.isrc.trim(), track.id]));

  const replaced = writes.filter((write) => write.creditsChanged);
  const stale = replaced.filter((write) => !write.created).map((write) => idOf.get(write.row.isrc)!);
  if (stale.length) await tx.$executeRaw`DELETE FROM "TrackArtist" WHERE "trackId" = ANY(${stale}::text[])`;
  const credits = replaced.flatMap((write) => write.row.artists.map((artist, position) => ({ trackId: idOf.get(write.row.isrc)!, artistId: artistIds.get(artist.name)!, position, artist })));
  if (credits.length) {
    await tx.$executeRaw`
      INSERT INTO "TrackArtist" ("trackId", "artistId", "position", "isPrimary", "isRemixer")
      SELECT * FROM unnest(${credits.map((c) => c.trackId)}::text[], ${credits.map((c) => c.artistId)}::int[], ${credits.map((c) => c.position)}::int[],
        ${credits.map((c) => c.artist.isPrimary)}::boolean[], ${credits.map((c) => c.artist.isRemixer)}::boolean[])`;
  }
  const links = writes.flatMap((write) => write.newLinks.map((link) => ({ trackId: idOf.get(write.row.isrc)!, ...link })));
  if (links.length) {
    await tx.$executeRaw`
      INSERT INTO "PlatformLink" ("trackId", "platform", "externalId", "createdAt")
      SELECT u."trackId", u."platform"::"Platform", u."externalId", ${now}::timestamp(3)
      FROM unnest(${links.map((l) => l.trackId)}::text[], ${links.map((l) => l.platform)}::text[], ${links.map((l) => l.externalId)}::text[]) AS u("trackId", "platform", "externalId")
      ON CONFLICT ("platform", "externalId") DO NOTHING`;
  }
  return outcomes;
}

// The reads below probe the indexes once per key through LATERAL subqueries the planner cannot
// flatten (LIMIT 1, ORDER BY): as plain joins, a batch of thousands of keys gets a merge join that
// walks the whole ISRC index, so each batch cost grew with the catalog (quadratic over an import).

/** The stored tracks of these ISRCs with their credits, in one statement (a row per credit, in billing order). */
async function loadTracks(tx: CatalogTx, isrcs: string[]): Promise<Map<string, Stored>> {
  const found = await tx.$queryRaw<(Omit<Stored, 'credits'> & { isrc: string; name: string | null; isPrimary: boolean | null; isRemixer: boolean | null })[]>`
    SELECT t."id", t."isrc", t."title", t."releaseTitle", to_char(t."releaseDate", 'YYYY-MM-DD') AS "releaseDate", t."durationSeconds",
      c."name", c."isPrimary", c."isRemixer"
    FROM unnest(${isrcs}::bpchar[]) AS k("isrc")
    CROSS JOIN LATERAL (SELECT * FROM "Track" WHERE "isrc" = k."isrc" LIMIT 1) t
    LEFT JOIN LATERAL (
      SELECT a."name", ta."isPrimary", ta."isRemixer", ta."position" FROM "TrackArtist" ta JOIN "Artist" a ON a."id" = ta."artistId"
      WHERE ta."trackId" = t."id" ORDER BY ta."position"
    ) c ON true
    ORDER BY t."isrc", c."position"`;
  const tracks = new Map<string, Stored>();
  for (const { isrc, name, isPrimary, isRemixer, ...track } of found) {
    const key = isrc.trim();
    if (!tracks.has(key)) tracks.set(key, { ...track, credits: [] });
    if (name !== null) tracks.get(key)!.credits.push([name, isPrimary!, isRemixer!]);
  }
  return tracks;
}

/**
 * Refreshes the planner's statistics of the tables a batch reads. PGlite has
 * no autovacuum: without this it keeps planning for empty tables and scans
 * them whole for every batch of a large import.
 */
export async function analyzeCatalogTables(tx: CatalogTx): Promise<void> {
  await tx.$executeRaw`ANALYZE "Track", "TrackArtist", "Artist", "PlatformLink"`;
}

/** Which track owns each of these platform IDs, in one statement. */
async function loadOwners(tx: CatalogTx, links: CatalogRowValues['links']): Promise<Map<string, { trackId: string; isrc: string }>> {
  if (links.length === 0) return new Map();
  const found = await tx.$queryRaw<{ platform: string; externalId: string; trackId: string; isrc: string }[]>`
    SELECT k."platform", k."externalId", l."trackId", t."isrc"
    FROM unnest(${links.map((l) => l.platform)}::text[], ${links.map((l) => l.externalId)}::text[]) AS k("platform", "externalId")
    CROSS JOIN LATERAL (SELECT "trackId" FROM "PlatformLink" WHERE "platform" = k."platform"::"Platform" AND "externalId" = k."externalId" LIMIT 1) l
    CROSS JOIN LATERAL (SELECT "isrc" FROM "Track" WHERE "id" = l."trackId" LIMIT 1) t`;
  return new Map(found.map((link) => [linkKey(link), { trackId: link.trackId, isrc: link.isrc.trim() }]));
}

/**
 * Adds the artists that are missing and returns every name's id, in one
 * statement: the outer SELECT does not see the rows the INSERT adds (one
 * snapshot), so those come from its RETURNING.
 */
export async function ensureArtists(tx: CatalogTx, names: string[]): Promise<Map<string, number>> {
  if (names.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ id: number; name: string }[]>`
    WITH added AS (
      INSERT INTO "Artist" ("name") SELECT unnest(${names}::text[]) ON CONFLICT ("name") DO NOTHING RETURNING "id", "name"
    )
    SELECT "id", "name" FROM added UNION ALL SELECT "id", "name" FROM "Artist" WHERE "name" = ANY(${names}::text[])`;
  return new Map(rows.map((row) => [row.name, row.id]));
}
