import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../lib/config.ts';

/** A schema contract: the part of the supergraph one kind of caller sees, chosen by `@tag`. */
export interface Contract {
  description: string;
  /** Fields (or types) with one of these tags are in; empty: everything not excluded. */
  include: string[];
  /** Fields, types, arguments and enum values with one of these tags are out, whatever else they carry. */
  exclude: string[];
}

/** The contract of anonymous callers. */
export const ANONYMOUS_CONTRACT = 'public';
/** The contract that filters nothing. */
export const FULL_CONTRACT = 'internal';

/** Where the contracts are defined (plain data). */
export const CONTRACTS_PATH = join(ROOT, 'schema', 'contracts.json');

/** Contract name → definition, from schema/contracts.json; a TypeError names what is malformed. */
export function readContracts(path = CONTRACTS_PATH): Record<string, Contract> {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Partial<Contract>>;
  const contracts: Record<string, Contract> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!/^[a-z][a-z0-9-]{0,63}$/.test(name)) throw new TypeError(`${path}: contract name "${name}" must be lower-case letters, digits and dashes`);
    const { description = '', include = [], exclude = [] } = value;
    if (!Array.isArray(include) || !Array.isArray(exclude)) throw new TypeError(`${path}: contract "${name}" needs include and exclude arrays of tag names`);
    contracts[name] = { description, include, exclude };
  }
  for (const required of [ANONYMOUS_CONTRACT, FULL_CONTRACT]) {
    if (!contracts[required]) throw new TypeError(`${path}: the "${required}" contract is required`);
  }
  const full = contracts[FULL_CONTRACT]!;
  if (full.include.length || full.exclude.length) throw new TypeError(`${path}: the "${FULL_CONTRACT}" contract must filter nothing`);
  return contracts;
}

/** Where compose writes a contract's API schema and its supergraph (the full contract's is schema/supergraph.graphql). */
export function contractPaths(name: string): { apiSchema: string; supergraph: string } {
  return {
    apiSchema: join(ROOT, 'schema', 'contracts', `${name}.graphql`),
    supergraph: name === FULL_CONTRACT ? join(ROOT, 'schema', 'supergraph.graphql') : join(ROOT, 'schema', 'contracts', `${name}.supergraph.graphql`),
  };
}
