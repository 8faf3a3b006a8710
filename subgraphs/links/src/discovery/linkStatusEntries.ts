import { Platform } from '../../../../prisma/links/generated/enums.ts';
import type { LinkStatus, PlatformLink } from '../../../../prisma/links/generated/client.ts';
import type { LinkState } from '../__generated__/resolvers-types.ts';

/** Why a platform that found the recording has no link for it. */
export const SHARED_ID_REASON = 'found, but the ID the platform gave is linked to another recording (e.g. a Discogs release holding several recordings)';

/** One `LinkStatus` entry of the API. */
export interface LinkStatusEntry {
  source: Platform;
  state: LinkState;
  checkedAt: Date | null;
  reason: string | null;
}

/** Why a platform without a recorded lookup was not asked, by platform (from the discovery settings). */
export type UncheckedReasons = ReadonlyMap<string, string | null>;

/**
 * Where each platform stands for one recording, in `Platform` order: a known link is FOUND (whatever
 * an older lookup said, since links can be imported later), else the last recorded lookup, else
 * UNCHECKED with the reason the platform is not asked.
 */
export function linkStatusEntries(
  links: readonly PlatformLink[],
  statuses: readonly LinkStatus[],
  unchecked: UncheckedReasons,
  sources?: readonly Platform[] | null,
): LinkStatusEntry[] {
  const wanted = sources?.length ? new Set(sources) : null;
  return Object.values(Platform).flatMap((platform): LinkStatusEntry[] => {
    if (wanted && !wanted.has(platform)) return [];
    const status = statuses.find((row) => row.platform === platform);
    const link = links.find((row) => row.platform === platform);
    if (link) return [{ source: platform, state: 'FOUND', checkedAt: status?.state === 'FOUND' ? status.checkedAt : link.createdAt, reason: null }];
    // FOUND without a link here: the platform's ID is linked to another recording (a Discogs release
    // holds every recording of an album, and a platform ID links to one recording).
    if (status?.state === 'FOUND') return [{ source: platform, state: 'FOUND', checkedAt: status.checkedAt, reason: SHARED_ID_REASON }];
    if (status) return [{ source: platform, state: status.state, checkedAt: status.checkedAt, reason: status.error }];
    return [{ source: platform, state: 'UNCHECKED', checkedAt: null, reason: unchecked.get(platform) ?? `${platform} is not looked up by ISRC` }];
  });
}
