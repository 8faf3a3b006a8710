import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { randomSigningSecret } from '../../lib/auth/requestSigning.ts';
import { ROOT } from '../../lib/config.ts';
import { freePort, apiProcesses, type ApiProcesses } from '../helpers/apiProcess.ts';
import { BACKEND } from '../helpers/backend.ts';
import { post } from '../helpers/stack.ts';
import { tinyPlans } from '../helpers/tinyPlans.ts';

const run = promisify(execFile);
let api: ApiProcesses | undefined;
afterAll(() => api?.cleanup());

/** Milliseconds until `url` refuses `key` with 403, polling every 20 ms; Infinity after 5 s. */
async function msUntilRefused(url: string, key: string, since: number): Promise<number> {
  while (Date.now() - since < 5_000) {
    if ((await post(url, '{ __typename }', {}, { key })).status === 403) return Date.now() - since;
    await delay(20);
  }
  return Infinity;
}

// Two gateway processes can only share a database server and Redis: the embedded database belongs to one process.
describe.skipIf(BACKEND !== 'services')('two gateway processes on one Postgres and one Redis', () => {
  it('a key revoked on one (GraphQL or npm run keys) is refused by the other within a second; rate limits and persisted queries are shared', async () => {
    const secret = randomSigningSecret();
    api = await apiProcesses('two-gateways', { DISCOVERY_ENABLED: 'false', SUBGRAPH_SIGNING_SECRET: secret, PLANS_FILE: tinyPlans() });
    const first = await api.start();
    const subgraphUrls = Object.fromEntries(['LINKS', 'ANALYTICS', 'LIBRARY', 'AUDIO_MATCHES'].map((name) => [`${name}_URL`, `http://localhost:${api!.env[`${name}_PORT`]}/graphql`]));
    const second = await api.run('gateway/src/server.ts', { ...subgraphUrls, GATEWAY_PORT: String(await freePort()) }, /\[gateway\] serving (\S+)/);
    const adminKey = first.adminKey!;

    const create = async (label: string) => (await post(first.url, `mutation { createApiKey(input: { accountId: "two", label: "${label}" }) { key apiKey { id } } }`, {}, { key: adminKey })).body.data.createApiKey;
    const viaGraphQL = await create('revoked through GraphQL');
    const viaCli = await create('revoked through the CLI');
    // Both gateways know both keys (and have them cached).
    for (const url of [first.url, second.url]) for (const { key } of [viaGraphQL, viaCli]) expect((await post(url, '{ account { id } }', {}, { key })).body.data.account.id).toBe('two');

    const started = Date.now();
    await post(first.url, `mutation { revokeApiKey(id: "${viaGraphQL.apiKey.id}") { id } }`, {}, { key: adminKey });
    expect(await msUntilRefused(second.url, viaGraphQL.key, started)).toBeLessThan(1_000);

    const cliStarted = Date.now();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/keys.ts', 'revoke', viaCli.apiKey.id], { cwd: ROOT, env: api.env });
    expect(stdout).toMatch(new RegExp(`revoked ${viaCli.apiKey.id}`));
    // The CLI process announced it through Redis; both gateways had the key cached.
    const [onFirst, onSecond] = await Promise.all([msUntilRefused(first.url, viaCli.key, cliStarted), msUntilRefused(second.url, viaCli.key, cliStarted)]);
    expect(onFirst).toBeLessThan(5_000);
    expect(onSecond).toBeLessThan(5_000);
    // Both refused it within a second of the CLI printing that it was revoked.
    const printed = Date.now();
    expect((await post(first.url, '{ __typename }', {}, { key: viaCli.key })).status).toBe(403);
    expect((await post(second.url, '{ __typename }', {}, { key: viaCli.key })).status).toBe(403);
    expect(Date.now() - printed).toBeLessThan(1_000);

    // Rate limits are shared: a key allowed 5 requests a minute gets 5 answers in all from both gateways, sent at once.
    const tiny = (await post(first.url, 'mutation { createApiKey(input: { accountId: "two", label: "tiny", plan: "tiny" }) { key } }', {}, { key: adminKey })).body.data.createApiKey.key;
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => post(i % 2 ? first.url : second.url, '{ __typename }', {}, { key: tiny }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);

    // A persisted query registered on one gateway is known to the other (the store is Redis).
    const query = `{ track(isrc: "GBDUW0000053") { title } } # ${Date.now()}`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const send = (url: string, body: object) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
    expect((await send(first.url, { query, extensions: { persistedQuery: { version: 1, sha256Hash } } })).data.track.title).toBe('One More Time');
    expect((await send(second.url, { extensions: { persistedQuery: { version: 1, sha256Hash } } })).data.track.title).toBe('One More Time');
  }, 300_000);
});
