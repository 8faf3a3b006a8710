import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { printSchema, Supergraph } from '@apollo/federation-internals';
import { buildSchema, parse, type GraphQLSchema } from 'graphql';
import { COMPOSED_SUBGRAPHS, ROOT } from '../../lib/config.ts';
import { applyContract } from './contracts/applyContract.ts';
import { contractPaths, FULL_CONTRACT, readContracts } from './contracts/contracts.ts';

/** One subgraph's SDL text, as composition takes it. */
export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

/** The SDL files listed in schema/subgraphs.json (the gateway's own included). */
export function readSubgraphSdls(): SubgraphSdl[] {
  return COMPOSED_SUBGRAPHS.map(({ name, url, sdl }) => ({ name, url, sdl: readFileSync(join(ROOT, sdl), 'utf8') }));
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

/** The API schema (what callers see and introspect) of a supergraph, printed. */
export function printApiSchema(supergraphSdl: string): string {
  // Printed by federation's own printer: its schema objects belong to its copy of graphql-js.
  return `${printSchema(Supergraph.build(supergraphSdl).apiSchema())}\n`;
}

/** The API schema of a supergraph, as a graphql-js schema of this module's graphql (for `validate`). */
export function buildApiSchema(supergraphSdl: string): GraphQLSchema {
  return buildSchema(printApiSchema(supergraphSdl));
}

/** Every file `npm run compose` writes, by path: the supergraph, and each contract's supergraph and API schema. */
export function composeAll(): Map<string, string> {
  const supergraph = composeSupergraph();
  const files = new Map([[SUPERGRAPH_PATH, supergraph]]);
  for (const [name, contract] of Object.entries(readContracts())) {
    const paths = contractPaths(name);
    const contractSupergraph = name === FULL_CONTRACT ? supergraph : applyContract(supergraph, contract);
    if (paths.supergraph !== SUPERGRAPH_PATH) files.set(paths.supergraph, contractSupergraph);
    files.set(paths.apiSchema, printApiSchema(contractSupergraph));
  }
  return files;
}
