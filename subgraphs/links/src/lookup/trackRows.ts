import type { PlatformLink, Track } from '../../../../prisma/links/generated/client.ts';
import type { LinksPrisma } from '../db.ts';

// The hot entity paths (every `_entities`, `tracks(isrcs:)` and resolveTracks batch) as fixed
// statements: Prisma's findMany compiles and post-processes each call, which cost more than the
// statement itself. Row shapes are the models' own (same columns, same types), so callers see no difference.

/** The tracks with these ISRCs (normalized, 12 characters), in no particular order. */
export function selectTracksByIsrc(prisma: LinksPrisma, isrcs: readonly string[]): Promise<Track[]> {
  // bpchar[], not text[]: the ISRC column is char(12), and a text comparison would skip its index.
  return prisma.$queryRaw<Track[]>`SELECT * FROM "Track" WHERE "isrc" = ANY(${[...isrcs]}::bpchar[])`;
}

/** The tracks with these ids, in no particular order. */
export function selectTracksById(prisma: LinksPrisma, ids: readonly string[]): Promise<Track[]> {
  return prisma.$queryRaw<Track[]>`SELECT * FROM "Track" WHERE "id" = ANY(${[...ids]}::text[])`;
}

/** The platform links of these tracks, by platform (the enum's order), then oldest first. */
export function selectLinksByTrackId(prisma: LinksPrisma, trackIds: readonly string[]): Promise<PlatformLink[]> {
  return prisma.$queryRaw<PlatformLink[]>`SELECT * FROM "PlatformLink" WHERE "trackId" = ANY(${[...trackIds]}::text[]) ORDER BY "platform" ASC, "id" ASC`;
}
