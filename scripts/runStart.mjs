/**
 * `npm start`: runs the precompiled dist/start.js (`npm run build`) when it was built
 * from the sources as they are now, else scripts/start.ts through tsx, with a
 * one-line notice. Plain JavaScript, since it must run before anything is compiled.
 * Gateway workers (node:cluster) run this file again and make the same choice.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// As lib/productionMode.ts, before anything imports graphql-js (which reads it once, at import).
process.env.NODE_ENV ??= 'production';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = new URL('../dist/', import.meta.url);

/** Why the build cannot be used (missing, or a source changed since), or undefined when it can. */
function staleReason() {
  const infoPath = fileURLToPath(new URL('build-info.json', dist));
  if (!existsSync(infoPath) || !existsSync(fileURLToPath(new URL('start.js', dist)))) return 'there is no build';
  const { sources } = JSON.parse(readFileSync(infoPath, 'utf8'));
  for (const [path, hash] of Object.entries(sources)) {
    const file = `${root}${path}`;
    if (!existsSync(file) || createHash('sha256').update(readFileSync(file)).digest('hex') !== hash) return `${path} changed since the build`;
  }
  return undefined;
}

const reason = staleReason();
if (reason === undefined) {
  await import(new URL('start.js', dist).href);
} else {
  // Workers would repeat the notice once each.
  if (!process.env.TRACKGRAPH_ROLE) console.error(`npm start: running the TypeScript sources through tsx (slower start): ${reason}; \`npm run build\` makes dist/ again.`);
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('start.ts', import.meta.url).href);
}
