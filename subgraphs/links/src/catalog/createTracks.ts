import type { LinksPrisma } from '../db.ts';
import { trackIdForIsrc } from '../trackId.ts';
import { trackColumns, type CatalogTrackInput } from './upsertTrack.ts';

type Tx = Parameters<Parameters<LinksPrisma['$transaction']>[0]>[0];

/**
 * Adds recordings the catalog does not have yet, with their credits and platform IDs, in six
 * statements whatever their number (upsertTrack takes about ten per recording). A recording that
 * exists already, or that a concurrent writer adds first, is left as it is: only its missing
 * platform IDs are added. Inputs must have distinct ISRCs and, per input, distinct artist names.
 * @returns the ISRCs of the recordings this call created
 */
export async function createTracks(tx: Tx, inputs: readonly CatalogTrackInput[]): Promise<string[]> {
  if (inputs.length === 0) return [];
  const names = [...new Set(inputs.flatMap((input) => input.artists.map((artist) => artist.name)))];
  await tx.artist.createMany({ data: names.map((name) => ({ name })), skipDuplicates: true });
  const artistIds = new Map((await tx.artist.findMany({ where: { name: { in: names } }, select: { id: true, name: true } })).map((a) => [a.name, a.id]));

  // ON CONFLICT DO NOTHING: the rows returned are the ones this call inserted.
  const created = await tx.track.createManyAndReturn({
    data: inputs.map((input) => ({ id: trackIdForIsrc(input.isrc), isrc: input.isrc, ...trackColumns(input) })),
    skipDuplicates: true,
    select: { isrc: true },
  });
  const createdIsrcs = new Set(created.map((track) => track.isrc));
  const credits = inputs.filter((input) => createdIsrcs.has(input.isrc)).flatMap((input) =>
    input.artists.map((credit, position) => ({
      trackId: trackIdForIsrc(input.isrc),
      artistId: artistIds.get(credit.name)!,
      position,
      isPrimary: credit.isPrimary ?? true,
      isRemixer: credit.isRemixer ?? false,
    })),
  );
  if (credits.length > 0) await tx.trackArtist.createMany({ data: credits });

  // Links go to the stored track, which for an existing recording may have an id of another form.
  const trackIds = new Map((await tx.track.findMany({ where: { isrc: { in: inputs.map((input) => input.isrc) } }, select: { id: true, isrc: true } })).map((t) => [t.isrc, t.id]));
  const links = inputs.flatMap((input) => (input.links ?? []).map((link) => ({ trackId: trackIds.get(input.isrc)!, platform: link.platform, externalId: link.externalId })));
  if (links.length > 0) await tx.platformLink.createMany({ data: links, skipDuplicates: true });
  return [...createdIsrcs];
}
