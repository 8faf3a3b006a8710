import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { ROOT, SUBGRAPHS } from '../../lib/config.ts';

/**
 * Composes the supergraph SDL from the subgraph SDL files listed in
 * schema/subgraphs.json. Throws with every composition error when the
 * subgraphs do not compose.
 */
export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPHS.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(readFileSync(join(ROOT, sdl), 'utf8')) })),
  );
  if (result.errors) {
    throw new Error(`Supergraph composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}

/** Where the composed supergraph is checked in. */
export const SUPERGRAPH_PATH = join(ROOT, 'schema', 'supergraph.graphql');
