import type { CatalogTx } from '../csvCatalogWriter.ts';
import type { ReleaseValues } from './releaseRows.ts';
import { ensureArtists } from '../catalogBatch.ts';

/** What became of one release of a batch. */
export type ReleaseOutcome =
  | { kind: 'inserted' | 'updated' | 'unchanged'; trackLinksAdded: number; warning: string | null }
  /** None of its recordings is a track of the catalog: a release no track lists adds nothing to the API. */
  | { kind: 'noKnownTracks' };

interface StoredRelease {
  id: number;
  musicbrainzId: string | null;
  title: string;
  upc: string | null;
  releaseDate: string | null;
  artistName: string | null;
}

/**
 * Writes a batch of MusicBrainz releases with set-based statements, whatever
 * the batch size: find the tracks of their recordings (by MUSICBRAINZ platform
 * ID and by ISRC) and the stored releases (by MBID, or by UPC for a release
 * another source stored without MBID), then add artists, upsert releases and
 * add track links, each one `INSERT … SELECT FROM unnest(arrays)`. A release
 * equal to what is stored writes nothing; links are only added (another source
 * may have linked the same release). A UPC that another release holds stays
 * with it: this one is stored without UPC, with a warning.
 * Releases must have distinct MBIDs (the caller starts a new batch when one repeats).
 * @returns what became of each release, in order
 */
export async function writeReleaseBatch(tx: CatalogTx, releases: readonly ReleaseValues[]): Promise<ReleaseOutcome[]> {
  if (releases.length === 0) return [];
  const tracksOf = await loadTrackIds(tx, releases);
  const known = releases.filter((release) => tracksOf.get(release.musicbrainzId)!.length > 0);
  const stored = await loadReleases(tx, known);

  // Who holds each UPC: the stored release (its MBID, or #id without one), else the first of the batch to claim it.
  const ownerOf = new Map<string, string>();
  for (const release of stored.values()) if (release.upc) ownerOf.set(release.upc, release.musicbrainzId ?? `#${release.id}`);
  // A release of the batch that no longer has its stored UPC gives it up first, whatever the order: another may take it.
  for (const release of known) {
    const current = stored.get(release.musicbrainzId);
    if (current?.upc && current.upc !== release.upc && ownerOf.get(current.upc) === release.musicbrainzId) ownerOf.delete(current.upc);
  }
  const adopted = new Set<number>();
  const plans = known.map((release) => {
    let current = stored.get(release.musicbrainzId);
    const candidate = !current && release.upc ? stored.get(`upc:${release.upc}`) : undefined;
    if (candidate && !adopted.has(candidate.id)) {
      current = candidate;
      adopted.add(candidate.id);
    }
    let upc = release.upc;
    let warning: string | null = null;
    if (upc) {
      const owner = ownerOf.get(upc);
      if (owner === undefined || owner === release.musicbrainzId || (current && owner === `#${current.id}`)) ownerOf.set(upc, release.musicbrainzId);
      else {
        warning = `release ${release.musicbrainzId}: UPC ${upc} already belongs to release ${owner}; stored without UPC`;
        upc = null;
      }
    }
    const merged = { title: release.title, upc, releaseDate: release.releaseDate, artistName: release.artist };
    const changed = !current || current.musicbrainzId !== release.musicbrainzId || (['title', 'upc', 'releaseDate', 'artistName'] as const).some((key) => current[key] !== merged[key]);
    return { release, current, merged, changed, warning };
  });

  const writes = plans.filter((plan) => plan.changed);
  const artistIds = await ensureArtists(tx, [...new Set(writes.map((plan) => plan.merged.artistName).filter((name): name is string => name !== null))]);
  const idOf = new Map<string, number>([...stored.values()].filter((release) => release.musicbrainzId).map((release) => [release.musicbrainzId!, release.id]));
  // A release stored by another source under the same UPC becomes this MBID's: one product, one row.
  const adopting = writes.filter((plan) => plan.current && plan.current.musicbrainzId === null);
  if (adopting.length) {
    await tx.$executeRaw`
      UPDATE "Release" r SET "musicbrainzId" = u."musicbrainzId" FROM unnest(${adopting.map((plan) => plan.current!.id)}::int[], ${adopting.map((plan) => plan.release.musicbrainzId)}::text[]) AS u("id", "musicbrainzId")
      WHERE r."id" = u."id"`;
    for (const plan of adopting) idOf.set(plan.release.musicbrainzId, plan.current!.id);
  }
  if (writes.length) {
    // A UPC a release gives up must be free before another takes it in the same statement.
    const released = writes.filter((plan) => plan.current?.upc && plan.current.upc !== plan.merged.upc).map((plan) => plan.current!.id);
    if (released.length) await tx.$executeRaw`UPDATE "Release" SET "upc" = NULL WHERE "id" = ANY(${released}::int[])`;
    const written = await tx.$queryRaw<{ id: number; musicbrainzId: string }[]>`
      INSERT INTO "Release" ("musicbrainzId", "title", "upc", "releaseDate", "artistId")
      SELECT * FROM unnest(${writes.map((plan) => plan.release.musicbrainzId)}::text[], ${writes.map((plan) => plan.merged.title)}::text[], ${writes.map((plan) => plan.merged.upc)}::text[],
        ${writes.map((plan) => plan.merged.releaseDate)}::date[], ${writes.map((plan) => (plan.merged.artistName === null ? null : artistIds.get(plan.merged.artistName)!))}::int[])
      ON CONFLICT ("musicbrainzId") DO UPDATE SET "title" = EXCLUDED."title", "upc" = EXCLUDED."upc", "releaseDate" = EXCLUDED."releaseDate", "artistId" = EXCLUDED."artistId"
      RETURNING "id", "musicbrainzId"`;
    for (const release of written) idOf.set(release.musicbrainzId, release.id);
  }

  const links = plans.flatMap((plan) => tracksOf.get(plan.release.musicbrainzId)!.map((trackId) => ({ trackId, releaseId: idOf.get(plan.release.musicbrainzId)! })));
  const added = await tx.$queryRaw<{ releaseId: number }[]>`
    INSERT INTO "TrackRelease" ("trackId", "releaseId")
    SELECT * FROM unnest(${links.map((link) => link.trackId)}::text[], ${links.map((link) => link.releaseId)}::int[])
    ON CONFLICT DO NOTHING
    RETURNING "releaseId"`;
  const addedBy = new Map<number, number>();
  for (const { releaseId } of added) addedBy.set(releaseId, (addedBy.get(releaseId) ?? 0) + 1);

  const byId = new Map(plans.map((plan) => [plan.release.musicbrainzId, plan]));
  return releases.map((release): ReleaseOutcome => {
    const plan = byId.get(release.musicbrainzId);
    if (!plan) return { kind: 'noKnownTracks' };
    const trackLinksAdded = addedBy.get(idOf.get(release.musicbrainzId)!) ?? 0;
    const kind = !plan.current ? 'inserted' : plan.changed ? 'updated' : 'unchanged';
    return { kind, trackLinksAdded, warning: plan.warning };
  });
}

/**
 * The catalog tracks of each release's recordings, in one statement: the
 * track whose MUSICBRAINZ platform ID is the recording MBID (the first ISRC of
 * the recording), and the tracks of the ISRCs its tracks carry (the others).
 */
async function loadTrackIds(tx: CatalogTx, releases: readonly ReleaseValues[]): Promise<Map<string, string[]>> {
  const byRecording = releases.flatMap((release) => release.recordings.map((recording) => ({ release: release.musicbrainzId, recording })));
  const byIsrc = releases.flatMap((release) => release.isrcs.map((isrc) => ({ release: release.musicbrainzId, isrc })));
  const found = await tx.$queryRaw<{ release: string; trackId: string }[]>`
    SELECT DISTINCT k."release", l."trackId"
    FROM unnest(${byRecording.map((k) => k.release)}::text[], ${byRecording.map((k) => k.recording)}::text[]) AS k("release", "recording")
    JOIN "PlatformLink" l ON l."platform" = 'MUSICBRAINZ' AND l."externalId" = k."recording"
    UNION
    SELECT i."release", t."id"
    FROM unnest(${byIsrc.map((k) => k.release)}::text[], ${byIsrc.map((k) => k.isrc)}::bpchar[]) AS i("release", "isrc")
    JOIN "Track" t ON t."isrc" = i."isrc"`;
  const tracks = new Map(releases.map((release) => [release.musicbrainzId, [] as string[]]));
  for (const { release, trackId } of found) tracks.get(release)!.push(trackId);
  for (const ids of tracks.values()) ids.sort();
  return tracks;
}

/**
 * The stored releases of these MBIDs, and those holding their UPCs (keyed
 * `upc:<upc>` when they have no MBID, the ones a release may adopt), with the
 * artist's name, in one statement.
 */
async function loadReleases(tx: CatalogTx, releases: readonly ReleaseValues[]): Promise<Map<string, StoredRelease>> {
  if (releases.length === 0) return new Map();
  const found = await tx.$queryRaw<StoredRelease[]>`
    SELECT r."id", r."musicbrainzId", r."title", r."upc", to_char(r."releaseDate", 'YYYY-MM-DD') AS "releaseDate", a."name" AS "artistName"
    FROM "Release" r LEFT JOIN "Artist" a ON a."id" = r."artistId"
    WHERE r."musicbrainzId" = ANY(${releases.map((release) => release.musicbrainzId)}::text[])
       OR r."upc" = ANY(${releases.flatMap((release) => (release.upc ? [release.upc] : []))}::text[])`;
  const stored = new Map<string, StoredRelease>();
  for (const release of found) {
    if (release.musicbrainzId) stored.set(release.musicbrainzId, release);
    // Releases holding a UPC the batch claims: by MBID above when they have one (their owner), else adoptable.
    if (release.upc && !release.musicbrainzId) stored.set(`upc:${release.upc}`, release);
  }
  return stored;
}
