/**
 * Part of `npm run build` (and so of `npm run generate`): the demo template
 * (lib/db/pgliteTemplate.ts), the shared cluster exactly as a first `npm start`
 * leaves it after migrating and seeding, minus the admin key. A first start
 * copies it instead of running 19 migrations and four seeds.
 */
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import * as esbuild from 'esbuild';
import { openGatewayDatabase } from '../gateway/src/gatewayDatabase.ts';
import { DATABASES, ROOT, SUBGRAPHS } from '../lib/config.ts';
import { DEMO_TEMPLATE_PATH, DEMO_TEMPLATE_SOURCES_PATH, demoTemplate, PGLITE_EXTENSIONS } from '../lib/db/pgliteTemplate.ts';
import { createSubgraph } from '../lib/subgraph/createSubgraph.ts';
import { hashSources } from '../lib/sourceHashes.ts';
import { SUBGRAPH_MODULES } from '../subgraphs/modules.ts';

/** What the template is made from: this file's own imports (seeds, migration runner, modules) and every migration's SQL. */
async function templateSources(): Promise<string[]> {
  const { metafile } = await esbuild.build({ absWorkingDir: ROOT, entryPoints: ['scripts/makeDemoTemplate.ts'], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error' });
  const migrations = DATABASES.flatMap((name) => {
    const dir = join('prisma', name, 'migrations');
    return readdirSync(join(ROOT, dir), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(dir, entry.name, 'migration.sql'));
  });
  return [...Object.keys(metafile.inputs), ...migrations, 'package-lock.json'];
}

/** Makes the demo template unless a current one exists; true when it made one. */
export async function writeDemoTemplate(): Promise<boolean> {
  if (demoTemplate()) return false;
  const sources = hashSources(await templateSources());
  const dataDir = mkdtempSync(join(tmpdir(), 'trackgraph-demo-template-'));
  // Embedded and on its own: no server database, no Redis, no platform calls.
  const env: NodeJS.ProcessEnv = { LOG_LEVEL: process.env.LOG_LEVEL || 'warn', DISCOVERY_ENABLED: 'false' };
  try {
    // All open at once, so the cluster stays up between them (the last to close closes it).
    const subgraphs = [];
    for (const { name } of SUBGRAPHS) subgraphs.push(await createSubgraph(SUBGRAPH_MODULES[name], { env, dataDir, shared: true, seed: true }));
    const gateway = await openGatewayDatabase({ database: { dataDir, shared: true }, seed: false }, env);
    await Promise.all([gateway.close(), ...subgraphs.map((subgraph) => subgraph.close())]);
    const db = await PGlite.create({ dataDir: join(dataDir, 'pgdata'), extensions: PGLITE_EXTENSIONS });
    const dump = await db.dumpDataDir('gzip');
    await db.close();
    mkdirSync(join(ROOT, '.cache'), { recursive: true });
    // Written aside and renamed, sources last: a reader sees the old pair, or the new one.
    const partial = `${DEMO_TEMPLATE_PATH}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    rmSync(DEMO_TEMPLATE_SOURCES_PATH, { force: true });
    renameSync(partial, DEMO_TEMPLATE_PATH);
    writeFileSync(`${partial}.json`, `${JSON.stringify(sources, null, 1)}\n`);
    renameSync(`${partial}.json`, DEMO_TEMPLATE_SOURCES_PATH);
    return true;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`generate: demo template ${(await writeDemoTemplate()) ? 'written to' : 'current at'} ${DEMO_TEMPLATE_PATH}`);
}
