import type { LinksPrisma } from '../db.ts';
import { checkAmount, MAX_REASON } from './amounts.ts';

/**
 * Adds credits to an account, creating it when missing, with its ledger row,
 * in one transaction. Used for grants and for refunds of reserved credits that
 * were not spent. Returns the new balance.
 */
export async function grantCredits(prisma: LinksPrisma, accountId: string, amount: number, reason = 'grant'): Promise<number> {
  checkAmount(amount, 'amount', 1);
  const [account] = await prisma.$transaction([
    prisma.account.upsert({
      where: { id: accountId },
      create: { id: accountId, credits: amount },
      update: { credits: { increment: amount } },
      select: { credits: true },
    }),
    prisma.creditLedger.create({ data: { accountId, delta: amount, reason: reason.slice(0, MAX_REASON) } }),
  ]);
  return account.credits;
}

/** Gives back credits that were reserved but not spent (a lookup failed after the debit). */
export function refundCredits(prisma: LinksPrisma, accountId: string, amount: number, reason = 'refund: resolveTracks failed'): Promise<number> {
  return grantCredits(prisma, accountId, amount, reason);
}
