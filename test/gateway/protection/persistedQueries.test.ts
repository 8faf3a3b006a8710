import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractPaths } from '../../../gateway/src/contracts/contracts.ts';
import { OPERATIONS_DIR, RegisteredOperations } from '../../../gateway/src/protection/RegisteredOperations.ts';
import { post, startTestStack, type TestStack } from '../../helpers/stack.ts';

let stack: TestStack;
let url: string;
beforeAll(async () => {
  stack = await startTestStack();
  url = stack.gateway.url;
});
afterAll(() => stack?.close());

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (hash: string) => encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }));

describe('automatic persisted queries', () => {
  it('hash first; PERSISTED_QUERY_NOT_FOUND; then hash and text; then the hash alone, by POST or GET', async () => {
    const query = `{ track(isrc: "GBDUW0000053") { title links { source } } # ${Math.random()}\n}`;
    const hash = sha256(query);
    const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
    const send = (body: object) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const miss = await send({ extensions });
    expect(miss.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await send({ query, extensions })).body.data.track.title).toBe('One More Time');
    expect((await send({ extensions })).body.data.track.title).toBe('One More Time');
    const get = await fetch(`${url}?extensions=${persisted(hash)}`);
    expect(get.status).toBe(200);
    expect(((await get.json()) as any).data.track.title).toBe('One More Time');
  });

  it('refuses a hash that does not match the text', async () => {
    const { body } = await post(url, '', {}, {});
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: sha256('something else') } } }) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors).toEqual([{ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } }]);
  });

  it('measures a persisted query before running it, like any other', async () => {
    const bomb = `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const hash = sha256(bomb);
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.adminKey}` }, body: JSON.stringify({ query: bomb, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }) });
    const anonymous = await fetch(`${url}?extensions=${persisted(hash)}`);
    expect(anonymous.status).toBe(400);
    expect(((await anonymous.json()) as any).errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', measure: 'aliases' });
  });
});

describe('Cache-Control from the subgraphs’ @cacheControl hints', () => {
  it('public catalog data for anonymous GETs: public, the shortest maxAge of what was read', async () => {
    const get = (query: string, key?: string) => fetch(`${url}?query=${encodeURIComponent(query)}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    const track = await get('{ track(isrc: "GBDUW0000053") { title links { url } } }');
    expect(track.headers.get('cache-control')).toBe('max-age=3600, public');
    expect(track.headers.get('vary')).toMatch(/authorization/);
    const status = await get('{ track(isrc: "GBDUW0000053") { title linkStatus { state } } }');
    expect(status.headers.get('cache-control')).toBe('max-age=60, public');
    // The same read with a key: the key's own. It is an entity-cache hit now, so max-age is what is left of the hour.
    const again = (await get('{ track(isrc: "GBDUW0000053") { title links { url } } }', stack.adminKey)).headers.get('cache-control');
    expect(again).toMatch(/^max-age=\d+, private$/);
    expect(Number(/max-age=(\d+)/.exec(again!)![1])).toBeGreaterThan(3500);
    expect(Number(/max-age=(\d+)/.exec(again!)![1])).toBeLessThanOrEqual(3600);
    // Streams are daily; the library and matches are the caller's and never cached.
    expect((await get('{ track(isrc: "USUM72414866") { spotifyStreams { total } } }', stack.adminKey)).headers.get('cache-control')).toBe('max-age=3600, private');
    expect((await get('{ track(isrc: "GBDUW0000053") { title libraryTracks { title } } }', stack.adminKey)).headers.get('cache-control')).toBe('no-store');
    expect((await get('{ account { credits } }', stack.adminKey)).headers.get('cache-control')).toBe('no-store');
    expect((await get('{ estimateCost(query: "{ __typename }") { cost } }')).headers.get('cache-control')).toBe('no-store');
  });
});

describe('registered operations', () => {
  const registered = new RegisteredOperations();

  it.each(registered.names)('%s is valid in the partner contract', (name) => {
    const schema = buildSchema(readFileSync(contractPaths('partner').apiSchema, 'utf8'));
    expect(validate(schema, parse(readFileSync(join(OPERATIONS_DIR, `${name}.graphql`), 'utf8')))).toEqual([]);
  });

  it('a key limited to them runs them (by text, however formatted, or by the hash of the file) and nothing else', async () => {
    const key = await stack.createKey({ accountId: 'kiosk', registeredOperationsOnly: true });
    const text = readFileSync(join(OPERATIONS_DIR, 'TrackLinks.graphql'), 'utf8');
    const reformatted = text.replace(/#.*\n/g, '').replace(/\s+/g, ' ');
    expect((await post(url, reformatted, { isrc: 'GBDUW0000053' }, { key })).body.data.track.title).toBe('One More Time');
    const byHash = await fetch(`${url}?extensions=${persisted(sha256(text))}&variables=${encodeURIComponent('{"isrc":"GBDUW0000053"}')}`, { headers: { authorization: `Bearer ${key}` } });
    expect(((await byHash.json()) as any).data.track.links.length).toBeGreaterThan(0);
    for (const other of ['{ track(isrc: "GBDUW0000053") { title } }', '{ __schema { types { name } } }']) {
      const refused = await post(url, other, {}, { key });
      expect(refused.status).toBe(403);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_REGISTERED');
    }
  });
});
