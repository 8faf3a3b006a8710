import { requireCaller } from '../../../../lib/auth/Caller.ts';
import { BadUserInputError } from '../../../../lib/errors.ts';
import type { ResolveInputType, ResolveItemInput, ResolversParentTypes } from '../__generated__/resolvers-types.ts';
import type { Context } from '../context.ts';
import { creditsRefunded, creditsSpent } from '../credits/creditMetrics.ts';
import { refundCredits } from '../credits/grantCredits.ts';
import { reserveCredits } from '../credits/reserveCredits.ts';
import { lookupItems } from './lookupItems.ts';
import { resolveMessage } from './resolveMessage.ts';
import { trackIdForIsrc } from '../trackId.ts';
import { validateItem, type ValidItem } from './validateItem.ts';

/** Most items one `resolveTracks` call may carry. */
export const MAX_RESOLVE_ITEMS = 100;

type Payload = ResolversParentTypes['ResolveTracksPayload'];
type Result = Payload['results'][number];

/**
 * Resolves a batch of items of one input type, charging one credit per item
 * looked up. Order of work: validate every item (invalid ones are answered and
 * never charged), reserve credits for the valid ones in input order, look up
 * the ones paid for, and skip the rest.
 * @throws UnauthenticatedError for an anonymous caller, ForbiddenError for a key without the `credits` scope
 * @throws BadUserInputError when the batch is empty or over {@link MAX_RESOLVE_ITEMS}; nothing is charged
 */
export async function resolveTracks(context: Context, inputType: ResolveInputType, items: readonly ResolveItemInput[]): Promise<Payload> {
  const { accountId } = requireCaller(context.caller, 'credits');
  if (items.length < 1 || items.length > MAX_RESOLVE_ITEMS) {
    throw new BadUserInputError(`\`items\` must hold 1 to ${MAX_RESOLVE_ITEMS} items, got ${items.length}.`, 'items', undefined, { limit: MAX_RESOLVE_ITEMS });
  }
  const checked = items.map((item, index) => validateItem(inputType, item, index));
  const validIndexes = checked.flatMap((item, index) => (item.valid ? [index] : []));
  const { prisma } = context;
  // The catalog rows of ISRC items are read while the credits are reserved (reads only, nothing
  // asked of the platforms), so the batch waits for one round trip instead of three.
  const [{ taken, remaining }] = await Promise.all([
    reserveCredits(prisma, accountId, validIndexes.length, `resolveTracks ${inputType}: ${validIndexes.length} items`),
    prefetchIsrcs(context, validIndexes.map((index) => checked[index]!.valid!)),
  ]);
  creditsSpent.inc(taken);
  const paid = validIndexes.slice(0, taken);

  let lookups;
  try {
    lookups = await lookupItems(paid.map((index) => checked[index]!.valid!), context);
  } catch (error) {
    // The caller gets an error, not results: give back what the batch paid for.
    if (taken > 0) {
      await refundCredits(prisma, accountId, taken, `refund: resolveTracks ${inputType} failed`);
      creditsRefunded.inc(taken);
    }
    throw error;
  }

  const byIndex = new Map(paid.map((index, i) => [index, lookups[i]!]));
  const results = checked.map((item, index): Result => {
    if (!item.valid) return { input: item.input, status: 'INVALID_INPUT', reason: item.reason, track: null, links: [], candidates: [] };
    const lookup = byIndex.get(index);
    if (!lookup) return { input: item.input, status: 'SKIPPED_NO_CREDITS', reason: null, track: null, links: [], candidates: [] };
    const status = lookup.track ? 'MATCHED' : lookup.candidates.length ? 'AMBIGUOUS' : 'NOT_FOUND';
    return { input: item.input, status, reason: lookup.reason, track: lookup.track, links: lookup.links, candidates: lookup.candidates };
  });
  const skipped = validIndexes.length - taken;
  return {
    results,
    partial: skipped > 0,
    processed: taken,
    creditsUsed: taken,
    creditsRemaining: remaining,
    message: resolveMessage({ valid: validIndexes.length, invalid: checked.length - validIndexes.length, processed: taken, remaining }),
  };
}

/**
 * Loads the tracks and links of ISRC items into the request's loaders, so the lookup that follows
 * finds them there. A track's id derives from its ISRC, so its links need not wait for the track.
 */
async function prefetchIsrcs({ loaders }: Context, items: ValidItem[]): Promise<void> {
  const isrcs = items.flatMap((item) => (item.kind === 'ISRC' ? [item.isrc] : []));
  if (isrcs.length === 0) return;
  await Promise.all([loaders.trackByIsrc.loadMany(isrcs), loaders.linksByTrackId.loadMany(isrcs.map(trackIdForIsrc))]);
}
