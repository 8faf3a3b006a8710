import type { LinksPrisma } from '../db.ts';
import { trackIdForIsrc } from '../trackId.ts';
import type { CatalogRowValues } from './csvTrackRow.ts';
import { upsertTrack, type CatalogTrackInput } from './upsertTrack.ts';

/** The transaction client `upsertTrack` writes through. */
export type CatalogTx = Parameters<typeof upsertTrack>[0];

/** What happened to one valid row. */
export type RowOutcome =
  | { kind: 'inserted' | 'updated' | 'unchanged'; linksAdded: number }
  | { kind: 'conflict'; reason: string };

/** A stored recording as far as the import compares and preserves it. */
interface StoredTrack extends Omit<CatalogTrackInput, 'links'> {
  id: string;
  linkKeys: Set<string>;
}

const linkKey = (link: { platform: string; externalId: string }) => `${link.platform}:${link.externalId}`;

/**
 * The per-row write path import:catalog used before batches (writeCatalogBatch
 * replaced it): kept as the reference bench/importCatalog.ts measures against.
 * Writes valid rows, a chunk at a time, inside the caller's transaction.
 * Each chunk reads the stored tracks and platform-ID owners it touches in a
 * few statements, then keeps them current as rows are written, so a row can
 * be found unchanged or conflicting without a query of its own, and a later
 * row of the same chunk sees what an earlier one wrote.
 */
export class CatalogWriter {
  constructor(private readonly tx: CatalogTx) {}

  /** Writes `rows` in order and says what became of each. */
  async write(rows: CatalogRowValues[]): Promise<RowOutcome[]> {
    const tracks = await this.loadTracks([...new Set(rows.map((row) => row.isrc))]);
    const owners = await this.loadOwners(rows.flatMap((row) => row.links));
    const outcomes: RowOutcome[] = [];
    for (const row of rows) {
      const current = tracks.get(row.isrc);
      const id = current?.id ?? trackIdForIsrc(row.isrc);
      const taken = row.links.filter((link) => {
        const owner = owners.get(linkKey(link));
        return owner !== undefined && owner.trackId !== id;
      });
      if (taken.length) {
        const reason = taken
          .map((link) => `${link.platform} id "${link.externalId}" already belongs to track ${owners.get(linkKey(link))!.isrc}`)
          .join('; ');
        outcomes.push({ kind: 'conflict', reason });
        continue;
      }
      const input = mergeInput(row, current);
      const newLinks = row.links.filter((link) => !current?.linkKeys.has(linkKey(link)));
      if (current && newLinks.length === 0 && sameValues(current, input)) {
        outcomes.push({ kind: 'unchanged', linksAdded: 0 });
        continue;
      }
      const { created } = await upsertTrack(this.tx, input);
      const linkKeys = new Set([...(current?.linkKeys ?? []), ...row.links.map(linkKey)]);
      tracks.set(row.isrc, { ...input, id, linkKeys });
      for (const link of row.links) owners.set(linkKey(link), { trackId: id, isrc: row.isrc });
      outcomes.push({ kind: created ? 'inserted' : 'updated', linksAdded: newLinks.length });
    }
    return outcomes;
  }

  private async loadTracks(isrcs: string[]): Promise<Map<string, StoredTrack>> {
    const found = await this.tx.track.findMany({
      where: { isrc: { in: isrcs } },
      include: {
        artists: { orderBy: { position: 'asc' }, include: { artist: { select: { name: true } } } },
        links: { select: { platform: true, externalId: true } },
      },
    });
    return new Map(
      found.map(({ artists, links, createdAt: _c, updatedAt: _u, searchTitle: _t, searchArtists: _a, ...track }) => [
        track.isrc,
        {
          ...track,
          artists: artists.map((credit) => ({ name: credit.artist.name, isPrimary: credit.isPrimary, isRemixer: credit.isRemixer })),
          linkKeys: new Set(links.map(linkKey)),
        },
      ]),
    );
  }

  private async loadOwners(links: CatalogRowValues['links']): Promise<Map<string, { trackId: string; isrc: string }>> {
    if (links.length === 0) return new Map();
    const byPlatform = new Map<CatalogRowValues['links'][number]['platform'], string[]>();
    for (const link of links) byPlatform.set(link.platform, [...(byPlatform.get(link.platform) ?? []), link.externalId]);
    const found = await this.tx.platformLink.findMany({
      where: { OR: [...byPlatform].map(([platform, ids]) => ({ platform, externalId: { in: ids } })) },
      select: { platform: true, externalId: true, trackId: true, track: { select: { isrc: true } } },
    });
    return new Map(found.map((link) => [linkKey(link), { trackId: link.trackId, isrc: link.track.isrc }]));
  }
}

/** The row's values over the stored ones: a blank cell or an absent column keeps what is stored. */
function mergeInput(row: CatalogRowValues, current: StoredTrack | undefined): CatalogTrackInput {
  const { id: _id, linkKeys: _keys, ...stored } = current ?? { id: '', linkKeys: new Set<string>(), isrc: row.isrc, title: row.title, artists: [] };
  return {
    ...stored,
    isrc: row.isrc,
    title: row.title,
    artists: row.artists,
    releaseTitle: row.releaseTitle ?? stored.releaseTitle ?? null,
    releaseDate: row.releaseDate ?? stored.releaseDate ?? null,
    durationSeconds: row.durationSeconds ?? stored.durationSeconds ?? null,
    links: row.links,
  };
}

/** Whether writing `input` would change what a CSV row can set. */
function sameValues(current: StoredTrack, input: CatalogTrackInput): boolean {
  const artists = (list: CatalogTrackInput['artists']) => JSON.stringify(list.map((a) => [a.name, a.isPrimary ?? true, a.isRemixer ?? false]));
  return (
    current.title === input.title &&
    (current.releaseTitle ?? null) === (input.releaseTitle ?? null) &&
    (current.releaseDate?.getTime() ?? null) === (input.releaseDate?.getTime() ?? null) &&
    (current.durationSeconds ?? null) === (input.durationSeconds ?? null) &&
    artists(current.artists) === artists(input.artists)
  );
}
