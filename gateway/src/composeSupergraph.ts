import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { ROOT, SUBGRAPHS } from '../../lib/config.ts';

/** One subgraph's SDL text, as composition takes it. */
export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

/** The SDL files listed in schema/subgraphs.json. */
export function readSubgraphSdls(): SubgraphSdl[] {
  return SUBGRAPHS.map(({ name, url, sdl }) => ({ name, url, sdl: readFileSync(join(ROOT, sdl), 'utf8') }));
}

/**
 * Composes the supergraph SDL from the subgraph SDL files listed in
 * schema/subgraphs.json. Throws with every composition error when the
 * subgraphs do not compose.
 */
export function composeSupergraph(subgraphs: SubgraphSdl[] = readSubgraphSdls()): string {
  const result = composeServices(subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors) {
    throw new Error(`Supergraph composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}

/** Where the composed supergraph is checked in. */
export const SUPERGRAPH_PATH = join(ROOT, 'schema', 'supergraph.graphql');
