import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { apiProcesses, type ApiProcesses } from '../helpers/apiProcess.ts';
import { BACKEND } from '../helpers/backend.ts';
import { post } from '../helpers/stack.ts';
import { tinyPlans } from '../helpers/tinyPlans.ts';

let api: ApiProcesses | undefined;
afterAll(() => api?.cleanup());

const QUERY = `{ track(isrc: "GBDUW0000053") { title links { url } matches { totalCount } } }`;

/** The processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe.skipIf(BACKEND !== 'embedded')('npm start with GATEWAY_WORKERS on the embedded database', () => {
  it('refuses more than one gateway process, naming what it needs', async () => {
    api = await apiProcesses('workers-embedded', { DISCOVERY_ENABLED: 'false', GATEWAY_WORKERS: '2' });
    await expect(api.start()).rejects.toThrow(/GATEWAY_WORKERS=2 needs DATABASE_URL or GATEWAY_DATABASE_URL .* and REDIS_URL/);
  }, 120_000);
});

describe.skipIf(BACKEND !== 'services')('npm start with two gateway workers on Postgres and Redis', () => {
  it('answers, replaces a killed worker, and a rate limit is not multiplied by the workers', async () => {
    api = await apiProcesses('workers', { DISCOVERY_ENABLED: 'false', GATEWAY_WORKERS: '2', PLANS_FILE: tinyPlans() });
    const started = await api.start();
    expect(started.output()).toContain('[gateway] 2 worker processes (GATEWAY_WORKERS=2)');
    const key = started.adminKey!;
    // Printed once, by the primary, though two workers opened the key database.
    expect(started.output().match(/Admin API key/g)).toHaveLength(1);
    const answer = await post(started.url, QUERY, {}, { key });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.track).toMatchObject({ title: 'One More Time', matches: { totalCount: 2 } });

    const workers = childrenOf(started.child.pid!).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('scripts/start.ts'));
    expect(workers).toHaveLength(2);
    process.kill(workers[0]!, 'SIGKILL');
    // Another worker takes its place; meanwhile the survivor answers every request.
    let replaced: number[] = [];
    for (let waited = 0; waited < 120_000 && replaced.length === 0; waited += 200) {
      expect((await post(started.url, QUERY, {}, { key })).body.data.track.title).toBe('One More Time');
      await delay(200);
      replaced = childrenOf(started.child.pid!).filter((pid) => !workers.includes(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('scripts/start.ts'));
    }
    expect(replaced).toHaveLength(1);
    await expect.poll(() => started.output(), { timeout: 120_000 }).toMatch(/gateway worker exited; starting another/);

    // A key allowed 5 requests a minute gets 5 answers from the two workers together (Redis keeps the count), not 10.
    const tiny = (await post(started.url, 'mutation { createApiKey(input: { accountId: "workers", label: "tiny", plan: "tiny" }) { key } }', {}, { key })).body.data.createApiKey.key;
    const statuses = await Promise.all(Array.from({ length: 30 }, () => post(started.url, '{ __typename }', {}, { key: tiny }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);

    // SIGTERM drains the workers and the subgraphs, and exits 0.
    expect(await api.stop(started.child)).toBe(0);
  }, 400_000);
});
