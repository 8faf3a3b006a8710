import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../lib/config.ts';
import { FAKE_TRACKS, startFakeApi } from '../fixtures/backfill/fakeApi.ts';
import { tempDir, unknownRows, writeCsv } from '../fixtures/backfill/csv.ts';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

/** `npm run backfill -- …` as the script line runs it, with its output collected. */
function backfill(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/backfill.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit, stderr: () => stderr };
}

const checkpointLines = (path: string) => readFile(path, 'utf8').then((text) => text.trim().split('\n').length, () => 0);

describe('backfill command', () => {
  it('stops on SIGINT after the batch in flight (exit 130), then a rerun finishes without resending (exit 0)', async () => {
    // Slow answers, so the signal lands while a batch is in flight.
    const api = await startFakeApi({ tracks: FAKE_TRACKS, intercept: async () => void (await delay(150)) });
    closers.push(api.close);
    const dir = await tempDir();
    const input = await writeCsv(dir, 'in.csv', ['spotify_id,isrc,title,artist', ...unknownRows(40)]);
    const output = `${dir}/out.csv`;
    const args = [input, '-o', output, '--url', api.url, '--batch', '5', '--key', 'sk_fakefakefakefakefakefakefakefakefakefakefak'];

    const first = backfill(args);
    for (let i = 0; i < 200 && (await checkpointLines(`${output}.checkpoint.jsonl`)) < 2; i++) await delay(25);
    first.child.kill('SIGINT');
    expect(await first.exit).toBe(130);
    expect(first.stderr()).toMatch(/stopping after the batch in flight/);
    expect(first.stderr()).toMatch(/interrupted: the output is not written yet/);
    const sentBefore = api.resolvedIsrcs();
    // Every batch that was sent was answered and recorded: the one in flight too.
    expect(await checkpointLines(`${output}.checkpoint.jsonl`)).toBe(1 + sentBefore.length / 5);
    expect(sentBefore.length).toBeLessThan(40);

    const second = backfill(args);
    expect(await second.exit).toBe(0);
    expect(second.stderr()).toMatch(/not found: +40/);
    const sent = api.resolvedIsrcs();
    expect(sent).toHaveLength(40);
    expect(new Set(sent).size).toBe(40);
    expect((await readFile(output, 'utf8')).trim().split('\n')).toHaveLength(41);
  }, 60_000);

  it('exits 2 with the usage on bad arguments', async () => {
    const run = backfill(['--batch', '0']);
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toMatch(/usage: npm run backfill/);
  }, 30_000);
});
