import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../lib/config.ts';

/**
 * Imports lib/productionMode.ts first, as the server entry points do, then graphql-js, and reports which
 * `instanceOf` graphql chose: outside production it throws on an object that only looks like one of its classes.
 */
function graphqlMode(env: NodeJS.ProcessEnv): string {
  const script = `
    await import('./lib/productionMode.ts');
    const { GraphQLObjectType, isObjectType } = await import('graphql');
    const lookalike = { [Symbol.toStringTag]: 'GraphQLObjectType' };
    let mode;
    try { mode = isObjectType(lookalike) ? 'accepted' : 'production'; } catch { mode = 'development'; }
    console.log(JSON.stringify({ mode, NODE_ENV: process.env.NODE_ENV, real: isObjectType(new GraphQLObjectType({ name: 'T', fields: {} })) }));`;
  const { NODE_ENV: _, ...rest } = process.env;
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, env: { ...rest, ...env }, encoding: 'utf8' }).trim();
}

describe('lib/productionMode.ts (first import of every server entry point)', () => {
  it('runs graphql-js in production mode when NODE_ENV is unset', () => {
    expect(JSON.parse(graphqlMode({}))).toEqual({ mode: 'production', NODE_ENV: 'production', real: true });
  });

  it('leaves an explicit NODE_ENV alone', () => {
    expect(JSON.parse(graphqlMode({ NODE_ENV: 'development' }))).toEqual({ mode: 'development', NODE_ENV: 'development', real: true });
  });

  it('is the first import of each server entry point, before anything that loads graphql-js', async () => {
    const { readFileSync } = await import('node:fs');
    const entries = ['gateway/src/server.ts', ...['links', 'analytics', 'library', 'audio-matches'].map((name) => `subgraphs/${name}/src/server.ts`)];
    for (const entry of entries) {
      const firstImport = readFileSync(`${ROOT}/${entry}`, 'utf8').match(/^import .*$/m)?.[0];
      expect(firstImport, entry).toMatch(/^import '(\.\.\/)+lib\/productionMode\.ts';$/);
    }
    expect(readFileSync(`${ROOT}/scripts/runStart.mjs`, 'utf8')).toMatch(/process\.env\.NODE_ENV \?\?= 'production';[\s\S]*await import\(/);
  });
});
