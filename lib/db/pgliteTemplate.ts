import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PGlite, type Extensions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { ROOT } from '../config.ts';

/** The extensions every embedded database loads (the migrations create them). */
export const PGLITE_EXTENSIONS: Extensions = { pg_trgm, unaccent };

// The package does not export its package.json: read it beside the installed package.
const { version } = JSON.parse(readFileSync(join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string };

/** Where `npm run generate` keeps the template: one per PGlite version, since its on-disk format follows it. */
export const TEMPLATE_PATH = join(ROOT, '.cache', `pglite-${version}-initdb.tar.gz`);

/**
 * A freshly initialised, empty cluster as a tarball (no schema, no data, no keys), or
 * undefined when none was made. Loading it costs about a fifth of the CPU of PGlite's
 * own `initdb` (2.6 against 11.3 CPU seconds measured), the largest part of a first start.
 */
export function pgliteTemplate(): Blob | undefined {
  if (!existsSync(TEMPLATE_PATH)) return undefined;
  return new Blob([readFileSync(TEMPLATE_PATH)]);
}

/** True when `dataDir` holds no cluster yet (PGlite would run initdb there). */
export function isFreshDataDir(dataDir: string | undefined): boolean {
  return !dataDir || !existsSync(join(dataDir, 'PG_VERSION'));
}

/** Makes the template (an in-memory PGlite dumped as it is after initdb), unless it exists. */
export async function writePgliteTemplate(): Promise<boolean> {
  if (existsSync(TEMPLATE_PATH)) return false;
  const db = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  const dump = await db.dumpDataDir('gzip');
  await db.close();
  mkdirSync(dirname(TEMPLATE_PATH), { recursive: true });
  // Written aside and renamed, so a reader never sees half a file.
  const partial = `${TEMPLATE_PATH}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, TEMPLATE_PATH);
  return true;
}
