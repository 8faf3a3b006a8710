import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import { accountBalance, DEMO_ACCOUNT_CREDITS, seedDemoAccount } from '../../../subgraphs/links/src/credits/accounts.ts';
import { grantCredits } from '../../../subgraphs/links/src/credits/grantCredits.ts';
import { reserveCredits } from '../../../subgraphs/links/src/credits/reserveCredits.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { createTestSubgraph, execute } from '../../helpers/subgraph.ts';
import { testCaller } from '../../helpers/callers.ts';

let links: Subgraph<LinksPrisma, Context>;
beforeAll(async () => {
  links = await createTestSubgraph(linksSubgraph);
});
afterAll(() => links?.close());

const RESOLVE = /* GraphQL */ `
  mutation Resolve($items: [ResolveItemInput!]!) {
    resolveTracks(inputType: ISRC, items: $items) { results { input status } partial processed creditsUsed creditsRemaining message }
  }
`;

async function resolveAs(accountId: string, items: Record<string, unknown>[]) {
  const response = await links.server.executeOperation({ query: RESOLVE, variables: { items } }, { contextValue: links.context(testCaller(accountId)) });
  if (response.body.kind !== 'single') throw new TypeError('expected a single result');
  expect(response.body.singleResult.errors).toBeUndefined();
  return (response.body.singleResult.data as { resolveTracks: any }).resolveTracks;
}

const ledgerSum = async (accountId: string, spendOnly = false) =>
  (await links.prisma.creditLedger.aggregate({ where: { accountId, ...(spendOnly ? { delta: { lt: 0 } } : {}) }, _sum: { delta: true } }))._sum.delta ?? 0;

const isrcs = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => ({ isrc: `USAAA25${String(offset + i).padStart(5, '0')}` }));

describe('Query.account', () => {
  it("is the caller's account: the demo account is seeded with the demo credits", async () => {
    const { data, errors } = await execute(links, '{ account { id credits } }', {}, testCaller('demo'));
    expect(errors).toBeUndefined();
    expect(data?.account).toEqual({ id: 'demo', credits: DEMO_ACCOUNT_CREDITS });
    expect(await ledgerSum('demo')).toBe(DEMO_ACCOUNT_CREDITS);
  });

  it('needs a caller: anonymous is UNAUTHENTICATED, and nothing is read', async () => {
    const { data, errors, sql } = await execute(links, '{ account { id credits } }', {}, null);
    expect(data).toEqual({ account: null });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(sql).toEqual([]);
  });

  it('reseeding never tops the demo account up', async () => {
    await seedDemoAccount(links.prisma, 'reseeded');
    await reserveCredits(links.prisma, 'reseeded', 10);
    await seedDemoAccount(links.prisma, 'reseeded');
    expect(await accountBalance(links.prisma, 'reseeded')).toBe(DEMO_ACCOUNT_CREDITS - 10);
  });

  it('has 0 credits for an account not created yet', async () => {
    const response = await links.server.executeOperation({ query: '{ account { id credits } }' }, { contextValue: links.context(testCaller('nobody')) });
    expect(response.body.kind === 'single' && response.body.singleResult.data?.account).toEqual({ id: 'nobody', credits: 0 });
  });
});

describe('running out of credits mid-batch', () => {
  it('processes what the balance pays for, skips the rest uncharged, never charges invalid items', async () => {
    await grantCredits(links.prisma, 'three', 3);
    const items = [...isrcs(2), { isrc: 'bad' }, { isrc: 'GBDUW0000053' }, ...isrcs(2, 10)];
    const payload = await resolveAs('three', items);
    expect(payload.results.map((r: { status: string }) => r.status)).toEqual(['NOT_FOUND', 'NOT_FOUND', 'INVALID_INPUT', 'MATCHED', 'SKIPPED_NO_CREDITS', 'SKIPPED_NO_CREDITS']);
    expect(payload.results.map((r: { input: string }) => r.input)).toEqual(items.map((i) => i.isrc));
    expect(payload).toMatchObject({ partial: true, processed: 3, creditsUsed: 3, creditsRemaining: 0 });
    expect(payload.message).toMatch(/3 of 5 valid items processed, 2 SKIPPED_NO_CREDITS/);
    expect(payload.message).toMatch(/1 item was INVALID_INPUT/);
    expect(await accountBalance(links.prisma, 'three')).toBe(0);
    expect(await ledgerSum('three')).toBe(0);
    expect(await ledgerSum('three', true)).toBe(-3);
  });

  it('skips everything on an empty or unknown account, without a ledger row', async () => {
    const payload = await resolveAs('ghost', isrcs(2));
    expect(payload.results.map((r: { status: string }) => r.status)).toEqual(['SKIPPED_NO_CREDITS', 'SKIPPED_NO_CREDITS']);
    expect(payload).toMatchObject({ partial: true, processed: 0, creditsUsed: 0, creditsRemaining: 0 });
    expect(await links.prisma.creditLedger.count({ where: { accountId: 'ghost' } })).toBe(0);
    expect(await links.prisma.account.count({ where: { id: 'ghost' } })).toBe(0);
  });

  it('a batch of only invalid items reports the balance and charges nothing', async () => {
    await grantCredits(links.prisma, 'idle', 4);
    const payload = await resolveAs('idle', [{ isrc: 'nope' }]);
    expect(payload).toMatchObject({ partial: false, processed: 0, creditsRemaining: 4 });
  });
});

describe('concurrency', () => {
  it('20 parallel batches of 10 on 55 credits process exactly 55, never overspending', async () => {
    await grantCredits(links.prisma, 'race', 55);
    const payloads = await Promise.all(Array.from({ length: 20 }, (_, i) => resolveAs('race', isrcs(10, i * 10))));
    expect(payloads.reduce((sum, p) => sum + p.processed, 0)).toBe(55);
    for (const p of payloads) {
      expect(p.creditsRemaining).toBeGreaterThanOrEqual(0);
      expect(p.results.filter((r: { status: string }) => r.status === 'NOT_FOUND')).toHaveLength(p.processed);
    }
    expect(await accountBalance(links.prisma, 'race')).toBe(0);
    expect(await ledgerSum('race', true)).toBe(-55);
    expect(await ledgerSum('race')).toBe(0);
  });

  it('parallel reservations and grants on one account lose no credit', async () => {
    // Grants landing between a reservation's snapshot and its lock are the hard case (see reserveCredits).
    for (const id of ['mixed-1', 'mixed-2', 'mixed-3']) {
      await grantCredits(links.prisma, id, 100);
      const deltas = await Promise.all([
        ...Array.from({ length: 30 }, () => reserveCredits(links.prisma, id, 7).then((r) => -r.taken)),
        ...Array.from({ length: 5 }, () => grantCredits(links.prisma, id, 10).then(() => 10)),
      ]);
      const balance = await accountBalance(links.prisma, id);
      expect(balance).toBe(100 + deltas.reduce((sum, delta) => sum + delta, 0));
      expect(balance).toBeGreaterThanOrEqual(0);
      expect(await ledgerSum(id)).toBe(balance);
    }
  });
});

describe('credit functions reject misuse', () => {
  it.each([-1, 1.5, Number.NaN])('reserveCredits(%s)', async (wanted) => {
    await expect(reserveCredits(links.prisma, 'x', wanted)).rejects.toThrow(TypeError);
  });
  it.each([0, -5, 2_000_000_000])('grantCredits(%s)', async (amount) => {
    await expect(grantCredits(links.prisma, 'x', amount)).rejects.toThrow(/amount must be an integer from 1/);
  });
});
