import { rethrowErrors } from '../../../../lib/loaderUtils.ts';
import { BadUserInputError } from '../../../../lib/errors.ts';
import type { PlatformLink, Track } from '../../../../prisma/links/generated/client.ts';
import type { Context } from '../context.ts';
import { findTrackByPlatformId } from '../lookup/trackByPlatformId.ts';
import { findBestMatches } from '../search/findBestMatches.ts';
import { resolveThreshold } from '../search/matchThreshold.ts';
import type { SearchHit } from '../search/searchTracks.ts';
import type { ValidItem } from './validateItem.ts';

/** What one looked-up item found: the recording and its links, or nothing (or, by name, a tie), with a note when there is one. */
export interface Lookup {
  track: Track | null;
  links: PlatformLink[];
  reason: string | null;
  /** The tied recordings when a name matched several equally well (then `track` is null). */
  candidates: SearchHit[];
}

type Found = { track: Track | null; reason: string | null; candidates?: SearchHit[] };
type ItemOf<K extends ValidItem['kind']> = Extract<ValidItem, { kind: K }>;

/** Narrows a batch to one kind; a mixed batch is a bug in the caller. */
function ofKind<K extends ValidItem['kind']>(items: ValidItem[], kind: K): ItemOf<K>[] {
  const other = items.find((item) => item.kind !== kind);
  if (other) throw new TypeError(`lookupItems: expected items of one kind, got ${other.kind} among ${kind}`);
  return items as ItemOf<K>[];
}

/**
 * ISRCs: one statement for the whole batch (the loader batches every key); the platforms are asked,
 * in one discovery batch, about every ISRC the catalog lacks or has no answer for on some platform.
 */
async function byIsrc(items: ItemOf<'ISRC'>[], { discovery }: Context): Promise<Found[]> {
  const tracks = await discovery.tracksByIsrc(items.map((item) => item.isrc), { eager: true });
  return Promise.all(tracks.map(async (track, index) => {
    if (track) return { track, reason: null };
    const unanswered = await discovery.unanswered(items[index]!.isrc);
    return { track, reason: unanswered.length > 0 ? `Not in the catalog, and ${unanswered.join(', ')} did not answer; try again later.` : null };
  }));
}

/** Platform ids: one statement for all pairs, with Query.track's rules (a bare Discogs release id falls back to its one recording). */
function byPlatformId(items: ItemOf<'PLATFORM_ID'>[], { loaders }: Context): Promise<Found[]> {
  return Promise.all(
    items.map((item) =>
      findTrackByPlatformId(loaders, item.platform, item.externalId, item.argument, item.raw).then(
        (track) => ({ track, reason: null }),
        (error: unknown) => {
          // A Discogs release holding several recordings was looked up (and charged) but names none of them.
          if (error instanceof BadUserInputError) return { track: null, reason: error.message };
          throw error;
        },
      ),
    ),
  );
}

/** Artist and title: the best search hit at the resolve threshold, or the tie; one search statement for the whole batch. */
async function byName(items: ItemOf<'TRACK_NAME'>[], { prisma, loaders }: Context): Promise<Found[]> {
  const threshold = resolveThreshold();
  const hits = await findBestMatches(prisma, items.map(({ artist, title, durationMs }) => ({ artist, title, durationMs })), threshold);
  return hits.map((best, i) => {
    const { artist, title } = items[i]!;
    if (!best) return { track: null, reason: `No catalog recording matched "${artist} - ${title}" with a score of at least ${threshold}.` };
    for (const { track } of best.candidates) loaders.trackById.prime(track.id, track);
    if (best.status === 'AMBIGUOUS') {
      return {
        track: null,
        candidates: best.candidates,
        reason: `${best.candidates.length} catalog recordings match "${artist} - ${title}" equally well; none is certain. Add durationMs or a more exact title.`,
      };
    }
    loaders.trackById.prime(best.track.id, best.track);
    return { track: best.track, reason: `Matched by artist and title search, score ${best.score.toFixed(2)}.` };
  });
}

/**
 * Looks up every item of a batch (all of one kind) and the platform links of
 * every recording found, in item order: a constant number of statements for
 * every kind of batch (the tracks or one batched search, then all their links in one).
 */
export async function lookupItems(items: ValidItem[], context: Context): Promise<Lookup[]> {
  const kind = items[0]?.kind;
  if (!kind) return [];
  const found =
    kind === 'ISRC' ? await byIsrc(ofKind(items, kind), context)
    : kind === 'PLATFORM_ID' ? await byPlatformId(ofKind(items, kind), context)
    : await byName(ofKind(items, kind), context);
  const trackIds = [...new Set(found.flatMap(({ track }) => (track ? [track.id] : [])))];
  const linkLists = rethrowErrors(await context.loaders.linksByTrackId.loadMany(trackIds));
  const links = new Map(trackIds.map((id, i) => [id, linkLists[i]!]));
  return found.map(({ track, reason, candidates }) => ({ track, links: track ? links.get(track.id)! : [], reason, candidates: candidates ?? [] }));
}
