import type { LinksPrisma } from '../db.ts';

/** The account the demo data belongs to (its credits, and the admin key the first start prints). */
export const DEMO_ACCOUNT_ID = 'demo';

/** Credits the demo account starts with. */
export const DEMO_ACCOUNT_CREDITS = 1000;

/** An account's balance; an account that does not exist yet has 0 credits. */
export async function accountBalance(prisma: LinksPrisma, accountId: string): Promise<number> {
  const account = await prisma.account.findUnique({ where: { id: accountId }, select: { credits: true } });
  return account?.credits ?? 0;
}

/**
 * Creates the default account with {@link DEMO_ACCOUNT_CREDITS} credits (and
 * its ledger row) when it does not exist; running it again changes nothing,
 * so a reseed never tops up credits that were spent.
 */
export async function seedDemoAccount(prisma: LinksPrisma, accountId = DEMO_ACCOUNT_ID): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const created = await tx.account.createMany({ data: [{ id: accountId, credits: DEMO_ACCOUNT_CREDITS }], skipDuplicates: true });
    if (created.count) await tx.creditLedger.create({ data: { accountId, delta: DEMO_ACCOUNT_CREDITS, reason: 'demo seed' } });
  });
}
