/**
 * `npm run compose`: writes schema/supergraph.graphql and, for each contract of
 * schema/contracts.json, schema/contracts/<name>.supergraph.graphql and its API
 * schema schema/contracts/<name>.graphql. Exits non-zero on composition errors.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { composeAll } from '../gateway/src/composeSupergraph.ts';
import { ROOT } from '../lib/config.ts';

try {
  for (const [path, text] of composeAll()) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    console.log(`compose: wrote ${relative(ROOT, path)}`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
