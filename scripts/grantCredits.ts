/**
 * `npm run credits:grant -- <accountId> <amount>`: adds credits to an account
 * of the links subgraph (creating the account when missing), writes the ledger
 * row in the same transaction, and prints the new balance. Uses the same
 * database as `npm start` (`LINKS_DATABASE_URL` / `DATABASE_URL`, else the
 * embedded one under `DATA_DIR`; stop the API first on the embedded database,
 * which one process at a time may open).
 */
import { pathToFileURL } from 'node:url';
import { createCache } from '../lib/cache/createCache.ts';
import { createSubgraph } from '../lib/subgraph/createSubgraph.ts';
import { MAX_CREDIT_AMOUNT } from '../subgraphs/links/src/credits/amounts.ts';
import { grantCredits } from '../subgraphs/links/src/credits/grantCredits.ts';
import type { LinksPrisma } from '../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../subgraphs/links/src/module.ts';

const USAGE = 'usage: npm run credits:grant -- <accountId> <amount>';

/** A grant as parsed from the command line. */
export interface GrantArgs {
  accountId: string;
  amount: number;
}

/** Parses `<accountId> <amount>`, or throws an Error whose message says what is wrong and how to call. */
export function parseGrantArgs(argv: readonly string[]): GrantArgs {
  const [accountId, amount, ...extra] = argv;
  if (!accountId?.trim() || amount === undefined || extra.length) throw new Error(USAGE);
  if (accountId.trim().length > 200) throw new Error(`accountId must be at most 200 characters, got ${accountId.trim().length}\n${USAGE}`);
  if (!/^[0-9]+$/.test(amount) || Number(amount) < 1 || Number(amount) > MAX_CREDIT_AMOUNT) {
    throw new Error(`amount must be a whole number from 1 to ${MAX_CREDIT_AMOUNT}, got "${amount}"\n${USAGE}`);
  }
  return { accountId: accountId.trim(), amount: Number(amount) };
}

/** Runs the command on an open links database; returns the new balance. */
export async function runGrantCredits(argv: readonly string[], prisma: LinksPrisma, log: (line: string) => void = console.log): Promise<number> {
  const { accountId, amount } = parseGrantArgs(argv);
  const balance = await grantCredits(prisma, accountId, amount, 'grant (credits:grant)');
  log(`granted ${amount} credits to "${accountId}"; balance ${balance}`);
  return balance;
}

// Run only as a command, not when a test imports the functions above.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  try {
    // Check the arguments before opening (and maybe migrating) the database.
    parseGrantArgs(argv);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  // The grant needs no cache: keep it in memory rather than connect to Redis.
  const cache = await createCache({});
  const links = await createSubgraph(linksSubgraph, { cache });
  try {
    await runGrantCredits(argv, links.prisma);
  } finally {
    await links.close();
    await cache.close();
  }
}
