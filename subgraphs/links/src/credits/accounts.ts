import type { LinksPrisma } from '../db.ts';

/** Account used when the request names none (`DEFAULT_ACCOUNT_ID`). @default "demo" */
export function defaultAccountId(env: NodeJS.ProcessEnv = process.env): string {
  return env.DEFAULT_ACCOUNT_ID?.trim() || 'demo';
}

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
export async function seedDemoAccount(prisma: LinksPrisma, accountId = defaultAccountId()): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const created = await tx.account.createMany({ data: [{ id: accountId, credits: DEMO_ACCOUNT_CREDITS }], skipDuplicates: true });
    if (created.count) await tx.creditLedger.create({ data: { accountId, delta: DEMO_ACCOUNT_CREDITS, reason: 'demo seed' } });
  });
}
