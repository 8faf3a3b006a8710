import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { relative } from 'node:path';
import { composeAll, composeSupergraph } from '../../gateway/src/composeSupergraph.ts';
import { ROOT } from '../../lib/config.ts';

describe('schema/supergraph.graphql and the contracts', () => {
  it.each([...composeAll()].map(([path, text]) => [relative(ROOT, path), path, text]))(
    '%s is what the subgraph SDLs and schema/contracts.json compose to today (run `npm run compose` if this fails)',
    (_name, path, text) => {
      expect(readFileSync(path, 'utf8')).toBe(text);
    },
  );

  it('joins Track across the four subgraphs on id and isrc', () => {
    const sdl = composeSupergraph();
    const track = /type Track\n([\s\S]*?)\{/.exec(sdl)?.[1] ?? '';
    expect(track).toContain('@join__type(graph: LINKS, key: "id")');
    expect(track).toContain('@join__type(graph: LINKS, key: "isrc")');
    expect(track).toContain('@join__type(graph: ANALYTICS, key: "isrc")');
    expect(track).toContain('@join__type(graph: LIBRARY, key: "isrc")');
    expect(track).toContain('@join__type(graph: AUDIO_MATCHES, key: "id")');
  });
});

describe('composition errors', () => {
  it('fail loudly, listing what is wrong', async () => {
    const { readSubgraphSdls } = await import('../../gateway/src/composeSupergraph.ts');
    const broken = readSubgraphSdls().map((s) =>
      // Two subgraphs declaring the same non-shareable field cannot compose.
      s.name === 'analytics' ? { ...s, sdl: s.sdl.replace('isrc: String!', 'isrc: String!\n  title: Int') } : s,
    );
    expect(() => composeSupergraph(broken)).toThrow(/Supergraph composition failed:\n\s+- .*title/);
  });
});
