import type { WishlistTrack } from '../../../../prisma/library/generated/client.ts';
import { BadUserInputError } from '../../../../lib/errors.ts';
import { parseIsrc } from '../../../../lib/isrc/isrc.ts';
import { toConnection, type Connection } from '../../../../lib/pagination.ts';
import { parsePlatformId } from '../../../links/src/lookup/platformIds.ts';
import type { WishlistTrackInput } from '../__generated__/resolvers-types.ts';
import type { LibraryPrisma } from '../db.ts';

export type WishlistItemRow = WishlistTrack;
export type WishlistItemConnectionRow = Connection<WishlistItemRow>;

/** Most tracks one `addToWishlist` (or `removeFromWishlist`) takes. */
export const MAX_WISHLIST_BATCH = 100;

/** Most tracks one profile's wishlist holds. */
export const MAX_WISHLIST_SIZE = 5_000;

/** Longest title, artist, album or note kept. */
export const MAX_WISHLIST_TEXT_LENGTH = 500;

/** A wishlist item's columns, validated. */
export type WishlistItemData = Pick<WishlistTrack, 'itemKey' | 'isrc' | 'source' | 'externalId' | 'title' | 'artistName' | 'albumName' | 'note'>;

function text(raw: string | null | undefined, argument: string): string | null {
  const value = raw?.normalize('NFC').trim();
  if (!value) return null;
  if (value.length > MAX_WISHLIST_TEXT_LENGTH) throw new BadUserInputError(`\`${argument}\` must be at most ${MAX_WISHLIST_TEXT_LENGTH} characters, got ${value.length}.`, argument, raw, { max: MAX_WISHLIST_TEXT_LENGTH });
  if (value.includes('\u0000')) throw new BadUserInputError(`\`${argument}\` must not contain NUL characters.`, argument);
  return value;
}

/**
 * One `addToWishlist` item, validated: exactly one of `isrc` (checked and
 * normalized by lib/isrc) or `source` with `externalId` (checked with the links
 * subgraph's platform id rules); BAD_USER_INPUT naming `tracks[i].field`.
 */
export function parseWishlistTrack(input: WishlistTrackInput, index: number): WishlistItemData {
  const at = (field: string) => `tracks[${index}].${field}`;
  const byIsrc = input.isrc != null;
  const byPlatform = input.source != null || input.externalId != null;
  if (byIsrc === byPlatform) throw new BadUserInputError(`\`tracks[${index}]\` needs exactly one of \`isrc\` or \`source\` with \`externalId\`.`, `tracks[${index}]`);
  let isrc: string | null = null;
  let source: string | null = null;
  let externalId: string | null = null;
  if (byIsrc) {
    isrc = parseIsrc(input.isrc!, at('isrc'));
  } else {
    if (input.source == null) throw new BadUserInputError(`\`${at('source')}\` is required with \`externalId\`.`, at('source'));
    if (input.externalId == null) throw new BadUserInputError(`\`${at('externalId')}\` is required with \`source\`.`, at('externalId'));
    source = input.source;
    externalId = parsePlatformId(input.source, input.externalId, at('externalId'));
  }
  return {
    itemKey: isrc ? `ISRC:${isrc}` : `${source}:${externalId}`,
    isrc,
    source,
    externalId,
    title: text(input.title, at('title')),
    artistName: text(input.artistName, at('artistName')),
    albumName: text(input.albumName, at('albumName')),
    note: text(input.note, at('note')),
  };
}

/**
 * Wants tracks, in one transaction. Idempotent: a track already there (same
 * ISRC, or same platform ID) keeps its entry. BAD_USER_INPUT naming `tracks`
 * past {@link MAX_WISHLIST_SIZE}. In input order.
 */
export async function addToWishlist(prisma: LibraryPrisma, profileId: number, items: WishlistItemData[]): Promise<WishlistItemRow[]> {
  const unique = [...new Map(items.map((item) => [item.itemKey, item])).values()];
  const keys = unique.map((item) => item.itemKey);
  const rows = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('trackgraph:library:wishlist:' || ${profileId}::text))`;
    const [existing, total] = await Promise.all([
      tx.wishlistTrack.count({ where: { profileId, itemKey: { in: keys } } }),
      tx.wishlistTrack.count({ where: { profileId } }),
    ]);
    if (total + unique.length - existing > MAX_WISHLIST_SIZE) {
      throw new BadUserInputError(`A wishlist holds at most ${MAX_WISHLIST_SIZE} tracks; this would make ${total + unique.length - existing}.`, 'tracks', undefined, { limit: MAX_WISHLIST_SIZE });
    }
    await tx.wishlistTrack.createMany({ data: unique.map((item) => ({ ...item, profileId })), skipDuplicates: true });
    return tx.wishlistTrack.findMany({ where: { profileId, itemKey: { in: keys } } });
  });
  const byKey = new Map(rows.map((row) => [row.itemKey, row]));
  return items.map((item) => byKey.get(item.itemKey)!);
}

/** Removes entries of the profile; unknown ids are ignored. Returns how many went. */
export async function removeFromWishlist(prisma: LibraryPrisma, profileId: number, ids: number[]): Promise<number> {
  return (await prisma.wishlistTrack.deleteMany({ where: { profileId, id: { in: ids } } })).count;
}

/** One page of the profile's wishlist, oldest first; the entries are counted only when `count` (totalCount selected). */
export async function wishlistPage(prisma: LibraryPrisma, profileId: number, first: number, afterId: number | null, count = true): Promise<WishlistItemConnectionRow> {
  const [rows, totalCount] = await Promise.all([
    prisma.wishlistTrack.findMany({ where: { profileId, ...(afterId === null ? {} : { id: { gt: afterId } }) }, orderBy: { id: 'asc' }, take: first + 1 }),
    // 0 stands for a count nobody asked for (it is never sent).
    count ? prisma.wishlistTrack.count({ where: { profileId } }) : 0,
  ]);
  return toConnection(rows, first, totalCount, (row) => row.id, afterId !== null);
}
