import DataLoader from 'dataloader';
import { requireCaller, type Caller } from '../../../../lib/auth/Caller.ts';
import type { AnalyticsPrisma } from '../db.ts';
import { admitEntities, monthOf, QuotaExceededError } from './entityUsage.ts';
import type { UsageCache } from './UsageCache.ts';

/**
 * Per request: every analytics field calls `load(entity)` before reading, and
 * one batch per tick admits all of them (one transaction whatever their
 * number; none when the process already knows they are counted). Resolves
 * true, or rejects with QUOTA_EXCEEDED naming the entity.
 */
export function createEntityLoader(prisma: AnalyticsPrisma, usage: UsageCache, caller: Caller | null, now: () => Date = () => new Date()) {
  return new DataLoader<string, true>(async (entities) => {
    const { accountId, entitiesPerMonth = 0 } = requireCaller(caller);
    const month = monthOf(now());
    const unknown = entities.filter((entity) => !usage.has(accountId, month, entity));
    const admitted = await admitEntities(prisma, accountId, month, unknown, entitiesPerMonth);
    usage.remember(accountId, month, admitted);
    return entities.map((entity) => (usage.has(accountId, month, entity) ? true : new QuotaExceededError(entity, entitiesPerMonth, month)));
  });
}

export type EntityLoader = ReturnType<typeof createEntityLoader>;
