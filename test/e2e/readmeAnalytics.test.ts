import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiProcesses, type ApiProcesses, type StartedProcess } from '../helpers/apiProcess.ts';
import { BACKEND } from '../helpers/backend.ts';
import { post } from '../helpers/stack.ts';

/** The GraphQL examples of the README's Analytics section, each one operation. */
function readmeExamples(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Analytics\n'), readme.indexOf('\n## ', readme.indexOf('\n## Analytics\n') + 1));
  return [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

// The README's analytics examples, over HTTP against `npm start` on its demo data.
let api: ApiProcesses | undefined;
let started: StartedProcess;
beforeAll(async () => {
  api = await apiProcesses('readme-analytics', { DISCOVERY_ENABLED: 'false' });
  started = await api.start();
}, 300_000);
afterAll(() => api?.cleanup());

describe(`the README's analytics examples (${BACKEND})`, () => {
  const examples = readmeExamples();

  it('has the top-200-with-links example first', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
    expect(examples[0]).toMatch(/top 200 with every platform link/);
  });

  it.each(examples.map((example) => [example.split('\n')[0], example]))('%s', async (_title, example) => {
    const { status, body } = await post(started.url, example, {}, { key: started.adminKey });
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    // Every root field answers something: the demo data covers each example.
    for (const [field, value] of Object.entries(body.data)) expect({ field, value }).not.toEqual({ field, value: null });
  });

  it('answers the top chart with the recording and its links', async () => {
    const { body } = await post(started.url, examples[0]!, {}, { key: started.adminKey });
    const [entry] = body.data.chart.entries.nodes;
    expect(entry).toMatchObject({ position: 6, previousPosition: 6, streams: 34165800, track: { isrc: 'USUM72414866', title: 'EVIL J0RDAN' } });
    expect(entry.track.links.map((link: { source: string }) => link.source)).toEqual(expect.arrayContaining(['SPOTIFY', 'APPLE_MUSIC', 'DEEZER', 'SHAZAM']));
    expect(entry.track.spotifyStreams[0]).toEqual({ date: '2025-03-08', total: 497226101, daily: 4773682 });
  });

  it('tells an anonymous caller the examples need a key, as JSON with a code', async () => {
    const { status, body } = await post(started.url, readmeExamples().at(-1)!);
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});
