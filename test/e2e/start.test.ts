import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../lib/config.ts';
import { BACKEND, requireEnv } from '../helpers/backend.ts';
import { post } from '../helpers/stack.ts';

/** A free TCP port on loopback. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const dataDir = mkdtempSync(join(tmpdir(), 'trackgraph-e2e-'));
const schemaTag = `e2e_${process.pid}_${Date.now().toString(36)}`;
let env: NodeJS.ProcessEnv;
const children: ChildProcess[] = [];

/** Runs `npm start`'s script as a child process and waits for the gateway URL it prints. */
async function startApi(): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no gateway URL within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /gateway ready at (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  return { url, child, output: () => output };
}

async function stopApi(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  if (BACKEND === 'services') {
    const client = new pg.Client({ connectionString: requireEnv('DATABASE_URL') });
    await client.connect();
    for (const name of ['links', 'analytics', 'library', 'audio_matches']) await client.query(`DROP SCHEMA IF EXISTS "${schemaTag}_${name}" CASCADE`);
    await client.end();
  }
});

describe(`npm start (${BACKEND})`, () => {
  it('starts everything, serves the federated query over HTTP, and restarts on the same data without reseeding', async () => {
    const ports = await Promise.all([0, 1, 2, 3, 4].map(() => freePort()));
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      GATEWAY_PORT: String(ports[0]),
      LINKS_PORT: String(ports[1]),
      ANALYTICS_PORT: String(ports[2]),
      LIBRARY_PORT: String(ports[3]),
      AUDIO_MATCHES_PORT: String(ports[4]),
    };
    if (BACKEND === 'services') {
      const url = requireEnv('DATABASE_URL');
      for (const name of ['LINKS', 'ANALYTICS', 'LIBRARY', 'AUDIO_MATCHES']) env[`${name}_DATABASE_URL`] = `${url}${url.includes('?') ? '&' : '?'}schema=${schemaTag}_${name.toLowerCase()}`;
      env.REDIS_URL = requireEnv('REDIS_URL');
    }

    const first = await startApi();
    expect(first.url).toBe(`http://localhost:${ports[0]}/graphql`);
    const query = `{ track(isrc: "GBDUW0000053") { title links { source externalId url } spotifyStreams { date total daily } libraryTracks { title } matches { totalCount } } }`;
    const answer = await post(first.url, query);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.track).toMatchObject({ title: 'One More Time', libraryTracks: [{ title: 'One More Time' }], matches: { totalCount: 2 } });
    expect(answer.body.data.track.links).toHaveLength(6);
    const health = await fetch(new URL('/health', first.url));
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    expect(await stopApi(first.child)).toBe(0);

    const second = await startApi();
    const again = await post(second.url, query);
    expect(again.body.data).toEqual(answer.body.data);
    expect(await stopApi(second.child)).toBe(0);
  }, 180_000);
});
