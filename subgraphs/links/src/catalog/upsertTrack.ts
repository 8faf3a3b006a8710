import type { Platform } from '../../../../prisma/links/generated/enums.ts';
import type { LinksPrisma } from '../db.ts';
import { searchColumns } from '../search/normalize.ts';
import { trackIdForIsrc } from '../trackId.ts';

/** A recording to write into the catalog, keyed by its (normalized, valid) ISRC. */
export interface CatalogTrackInput {
  isrc: string;
  title: string;
  artists: { name: string; isPrimary?: boolean; isRemixer?: boolean }[];
  releaseTitle?: string | null;
  releaseDate?: Date | null;
  artworkUrl?: string | null;
  durationSeconds?: number | null;
  bpm?: number | null;
  key?: string | null;
  popularity?: number | null;
  energy?: number | null;
  genres?: string[];
  subgenres?: string[];
  links?: { platform: Platform; externalId: string }[];
}

type Tx = Parameters<Parameters<LinksPrisma['$transaction']>[0]>[0];

/** The Track columns an input sets (all but id and isrc), search columns included. */
export function trackColumns(input: CatalogTrackInput) {
  return {
    title: input.title,
    releaseTitle: input.releaseTitle ?? null,
    releaseDate: input.releaseDate ?? null,
    artworkUrl: input.artworkUrl ?? null,
    durationSeconds: input.durationSeconds ?? null,
    bpm: input.bpm ?? null,
    key: input.key ?? null,
    popularity: input.popularity ?? null,
    energy: input.energy ?? null,
    genres: input.genres ?? [],
    subgenres: input.subgenres ?? [],
    ...searchColumns(input.title, input.artists.map((artist) => artist.name)),
  };
}

/**
 * Inserts or updates one recording with its credits and platform IDs, inside
 * the caller's transaction. Idempotent: the track is keyed by ISRC, credits are
 * replaced, and platform IDs already known are left as they are.
 * @returns the canonical track id and whether the track was new
 */
export async function upsertTrack(tx: Tx, input: CatalogTrackInput): Promise<{ id: string; created: boolean }> {
  const existing = await tx.track.findUnique({ where: { isrc: input.isrc }, select: { id: true } });
  const id = existing?.id ?? trackIdForIsrc(input.isrc);
  const data = trackColumns(input);
  await tx.track.upsert({ where: { isrc: input.isrc }, create: { id, isrc: input.isrc, ...data }, update: data });
  await tx.trackArtist.deleteMany({ where: { trackId: id } });
  for (const [position, credit] of input.artists.entries()) {
    const artist = await tx.artist.upsert({ where: { name: credit.name }, create: { name: credit.name }, update: {} });
    await tx.trackArtist.create({
      data: { trackId: id, artistId: artist.id, position, isPrimary: credit.isPrimary ?? true, isRemixer: credit.isRemixer ?? false },
    });
  }
  if (input.links?.length) {
    await tx.platformLink.createMany({
      data: input.links.map((link) => ({ trackId: id, platform: link.platform, externalId: link.externalId })),
      skipDuplicates: true,
    });
  }
  return { id, created: !existing };
}
