import { BadUserInputError } from '../../../../lib/errors.ts';
import type { Track } from '../../../../prisma/links/generated/client.ts';
import type { Platform } from '../../../../prisma/links/generated/enums.ts';
import type { LinksPrisma } from '../db.ts';
import type { Loaders } from '../loaders.ts';

/** The `trackByPlatformId` loader key of a validated id (see `parsePlatformId`). */
export function platformIdKey(platform: Platform, externalId: string): string {
  return `${platform}:${externalId}`;
}

/** Splits a key at its first colon: platform names have none, and ids are stored without the `spotify:` prefix. */
function splitKey(key: string): { platform: Platform; externalId: string } {
  const colon = key.indexOf(':');
  if (colon < 1) throw new TypeError(`trackByPlatformId: expected a "PLATFORM:externalId" key, got ${JSON.stringify(key)}`);
  return { platform: key.slice(0, colon) as Platform, externalId: key.slice(colon + 1) };
}

/**
 * Reverse lookup of many `PLATFORM:externalId` keys: one query for the links
 * (grouped by platform, `externalId IN (...)`) with their tracks included.
 * Exact matches only; null for an unknown id.
 */
export async function loadTracksByPlatformId(prisma: LinksPrisma, keys: readonly string[]): Promise<(Track | null)[]> {
  const idsByPlatform = new Map<Platform, string[]>();
  for (const { platform, externalId } of keys.map(splitKey)) {
    const ids = idsByPlatform.get(platform);
    if (ids) ids.push(externalId);
    else idsByPlatform.set(platform, [externalId]);
  }
  const links = await prisma.platformLink.findMany({
    where: { OR: [...idsByPlatform].map(([platform, externalIds]) => ({ platform, externalId: { in: externalIds } })) },
    include: { track: true },
  });
  const byKey = new Map(links.map((link) => [platformIdKey(link.platform, link.externalId), link.track]));
  return keys.map((key) => byKey.get(key) ?? null);
}

/**
 * The recordings of many Discogs releases: Discogs ids are `<release>` or
 * `<release>-<position>`, so a release id matches both. One query; per release,
 * distinct tracks in the order their links were recorded.
 */
export async function loadTracksByDiscogsRelease(prisma: LinksPrisma, releaseIds: readonly string[]): Promise<Track[][]> {
  const links = await prisma.platformLink.findMany({
    where: { platform: 'DISCOGS', OR: releaseIds.flatMap((id) => [{ externalId: id }, { externalId: { startsWith: `${id}-` } }]) },
    include: { track: true },
    orderBy: { id: 'asc' },
  });
  return releaseIds.map((releaseId) => {
    const tracks = new Map<string, Track>();
    for (const link of links) {
      if (link.externalId.split('-')[0] === releaseId) tracks.set(link.track.id, link.track);
    }
    return [...tracks.values()];
  });
}

/**
 * The recording a validated platform id names, or null when unknown. A bare
 * Discogs release id (what a discogs.com link gives) falls back to the
 * release's recordings: found when the catalog holds exactly one of them.
 * @param argument the argument reported when a Discogs release is ambiguous
 * @param value the argument's value as sent, for that error
 * @throws BadUserInputError when a Discogs release holds several catalog recordings
 */
export async function findTrackByPlatformId(loaders: Loaders, platform: Platform, externalId: string, argument: string, value: unknown = externalId): Promise<Track | null> {
  const track = await loaders.trackByPlatformId.load(platformIdKey(platform, externalId));
  if (track || platform !== 'DISCOGS' || externalId.includes('-')) return track;
  const tracks = await loaders.tracksByDiscogsRelease.load(externalId);
  if (tracks.length > 1) {
    throw new BadUserInputError(
      `Discogs release ${externalId} in \`${argument}\` holds ${tracks.length} catalog recordings; pass \`source: DISCOGS\` with \`externalId: "${externalId}-<position>"\` to pick one.`,
      argument,
      value,
    );
  }
  return tracks[0] ?? null;
}
