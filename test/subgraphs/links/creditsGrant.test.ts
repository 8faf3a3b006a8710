import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../../lib/config.ts';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { parseGrantArgs, runGrantCredits } from '../../../scripts/grantCredits.ts';
import { BACKEND, requireEnv } from '../../helpers/backend.ts';
import { createTestSubgraph } from '../../helpers/subgraph.ts';

let links: Subgraph<LinksPrisma, Context>;
beforeAll(async () => {
  links = await createTestSubgraph(linksSubgraph, { seed: false });
});
afterAll(() => links?.close());

describe('credits:grant, as a function', () => {
  it('creates the account, adds to it, and writes one ledger row per grant', async () => {
    const lines: string[] = [];
    expect(await runGrantCredits(['acme', '25'], links.prisma, (line) => lines.push(line))).toBe(25);
    expect(await runGrantCredits([' acme ', '5'], links.prisma, (line) => lines.push(line))).toBe(30);
    expect(lines).toEqual(['granted 25 credits to "acme"; balance 25', 'granted 5 credits to "acme"; balance 30']);
    const ledger = await links.prisma.creditLedger.findMany({ where: { accountId: 'acme' }, orderBy: { id: 'asc' } });
    expect(ledger.map((row) => row.delta)).toEqual([25, 5]);
  });

  it.each([[[]], [['acme']], [['acme', '0']], [['acme', '-3']], [['acme', '1.5']], [['acme', 'ten']], [['acme', '2000000000']], [['acme', '1', 'extra']], [['', '5']]])(
    'rejects %j',
    (argv) => {
      expect(() => parseGrantArgs(argv)).toThrow(/usage: npm run credits:grant -- <accountId> <amount>/);
    },
  );
});

describe('credits:grant, as a command', () => {
  const run = promisify(execFile);
  let env: NodeJS.ProcessEnv;
  let cleanup: () => Promise<void>;

  beforeAll(() => {
    if (BACKEND === 'embedded') {
      const dataDir = mkdtempSync(join(tmpdir(), 'trackgraph-grant-'));
      env = { ...process.env, DATABASE_URL: '', LINKS_DATABASE_URL: '', REDIS_URL: '', DATA_DIR: dataDir };
      cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
    } else {
      const schema = `t_grant_cli_${randomBytes(4).toString('hex')}`;
      const url = new URL(requireEnv('DATABASE_URL'));
      url.searchParams.set('schema', schema);
      env = { ...process.env, LINKS_DATABASE_URL: url.toString() };
      cleanup = async () => {
        const client = new pg.Client({ connectionString: requireEnv('DATABASE_URL') });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      };
    }
  });
  afterAll(() => cleanup?.());

  const grant = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'scripts/grantCredits.ts', ...args], { cwd: ROOT, env });

  it('grants on the configured database and prints the balance', async () => {
    const { stdout } = await grant('cli-account', '7');
    expect(stdout).toContain('granted 7 credits to "cli-account"; balance 7');
  }, 60_000);

  it('exits 2 with the usage on bad arguments', async () => {
    const failure = await grant('cli-account', 'lots').then(() => null, (error: { code: number; stderr: string }) => error);
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/amount must be a whole number.*got "lots"/);
  }, 60_000);
});
