import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../lib/config.ts';
import { BACKEND, requireEnv } from '../helpers/backend.ts';

/** `npm run bench resolve -- …` as bench/run.ts runs it, on `tracks` recordings; resolves with its exit code and output. */
function runBench(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/resolve.ts', ...args], { cwd: ROOT, env: { ...env, LOG_LEVEL: 'warn', NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('npm run bench resolve', () => {
  it('refuses --processes without DATABASE_URL before starting anything', async () => {
    const { DATABASE_URL: _, ...env } = process.env;
    const { code, output } = await runBench(['--processes'], env);
    expect(code).not.toBe(0);
    expect(output).toContain('--processes needs DATABASE_URL');
  });

  // Seeding and five server processes: a minute or more on a shared 2-core machine.
  it.runIf(BACKEND === 'services')('resolves every recording through the gateway, with the subgraphs and the gateway in processes of their own', { timeout: 600_000 }, async () => {
    const { code, output } = await runBench(['--processes'], { ...process.env, DATABASE_URL: requireEnv('DATABASE_URL'), BENCH_TRACKS: '300', BENCH_CLIENTS: '3' });
    expect(code, output).toBe(0);
    expect(output).toContain('each subgraph and the gateway in a process of its own');
    expect(output).toContain('matched 300 of 300');
    expect(output).toMatch(/3 concurrent clients: resolveTracks \d+ items\/s/);
    // CPU per batch of each process group, read from /proc: a number for each, none NaN.
    expect(output).toMatch(/CPU ms\/batch of resolveTracks: links \d+\.\d, gateway \d+\.\d, clients \d+\.\d/);
  });
});
