/**
 * `npm run generate` (also run after `npm install`): the Prisma client of each
 * subgraph, the resolver types from each SDL, the ISRC prefix table, and the
 * initialised PGlite cluster and the migrated, seeded demo cluster a first
 * embedded start copies, and the precompiled
 * `npm start` in dist/ (scripts/build.ts).
 * Offline: Prisma only needs PRISMA_SCHEMA_ENGINE_BINARY to be set to skip its
 * engine download, which `generate` never runs.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DATABASES, ROOT } from '../lib/config.ts';

const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' };

for (const name of DATABASES) {
  execFileSync(bin('prisma'), ['generate', '--schema', join('prisma', name, 'schema.prisma')], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(`generate: Prisma client for ${name}`);
}
execFileSync(bin('graphql-codegen'), ['--config', 'codegen.ts', '--silent'], { cwd: ROOT, env, stdio: 'inherit' });
console.log('generate: resolver types');
execFileSync(bin('tsx'), ['scripts/generateIsrcPrefixes.ts'], { cwd: ROOT, env, stdio: 'inherit' });
execFileSync(bin('tsx'), ['scripts/makePgliteTemplate.ts'], { cwd: ROOT, env, stdio: 'inherit' });
execFileSync(bin('tsx'), ['scripts/makeDemoTemplate.ts'], { cwd: ROOT, env, stdio: 'inherit' });
execFileSync(bin('tsx'), ['scripts/build.ts'], { cwd: ROOT, env, stdio: 'inherit' });
