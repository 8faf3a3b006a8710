import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, SUPERGRAPH_PATH } from '../../gateway/src/composeSupergraph.ts';

describe('schema/supergraph.graphql', () => {
  it('is what the subgraph SDLs compose to today (run `npm run compose` if this fails)', () => {
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(composeSupergraph());
  });

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
