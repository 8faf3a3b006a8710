import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../lib/config.ts';
import { PEER_QUERIES } from '../../bench/lib/peerQueries.ts';

/** `npm run bench gateways -- --quick …` as bench/run.ts runs it; resolves with its exit code and output. */
function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/gateways.ts', ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('npm run bench gateways --quick', () => {
  // Seeding, four subgraph processes and four gateways: minutes on a shared 2-core machine.
  it('has every gateway answer the same data, then serve each query under load without a failed request', { timeout: 1_200_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-gateways-'));
    try {
      const json = join(dir, 'result.json');
      // GATEWAY_DEDUP=false stands for the cache switches: passed through to a second instance of our gateway.
      // Spread over 20 recordings: distinct keys reach the subgraphs (and batches), every answer still without errors.
      const { code, output } = await runBench(['--quick', '--tracks', '200', '--spread', '20', '--off-env', 'GATEWAY_DEDUP=false', '--json', json]);
      expect(code, output).toBe(0);
      const report = JSON.parse(await readFile(json, 'utf8'));
      expect(report.contenders.map((c: { id: string }) => c.id).sort()).toEqual(['apollo', 'hive', 'ours', 'ours-off']);
      expect(report.identical).toEqual(PEER_QUERIES.map((q) => q.id));
      for (const query of PEER_QUERIES) {
        expect(output).toContain(`${query.id}: identical data from all 4 gateways`);
        for (const id of ['ours', 'ours-off', 'hive', 'apollo']) {
          const figures = report.results[query.id][id];
          expect(figures.requests, `${id} on ${query.id}`).toBeGreaterThan(0);
          // Stock Apollo Gateway's fetcher reuses keep-alive sockets a subgraph may just have closed, and does not retry: that one failure is its own.
          const known = id === 'apollo' && /socket hang up/.test(figures.firstFailure ?? '') && figures.errors + figures.non2xx === 0;
          if (!known) expect({ errors: figures.errors, non2xx: figures.non2xx, graphqlErrors: figures.graphqlErrors }, `${id} on ${query.id}`).toEqual({ errors: 0, non2xx: 0, graphqlErrors: 0 });
        }
      }
      expect(output).toMatch(/Peers authenticate to our subgraphs as our gateway does/);
      expect(output).toContain('requests spread over 20 recordings');
      expect(report.spread).toBe(20);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a spread wider than the catalog before starting anything', async () => {
    const { code, output } = await runBench(['--quick', '--tracks', '200', '--spread', '500']);
    expect(code).not.toBe(0);
    expect(output).toContain('--spread 500 is more than the 200 recordings seeded');
  });
});
