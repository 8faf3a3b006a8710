import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PGlite, type Extensions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { ROOT } from '../config.ts';
import { changedSource, type SourceHashes } from '../sourceHashes.ts';

/** The extensions every embedded database loads (the migrations create them). */
export const PGLITE_EXTENSIONS: Extensions = { pg_trgm, unaccent };

// The package does not export its package.json: read it beside the installed package.
const { version } = JSON.parse(readFileSync(join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string };

/** Where `npm run generate` keeps the template: one per PGlite version, since its on-disk format follows it. */
export const TEMPLATE_PATH = join(ROOT, '.cache', `pglite-${version}-initdb.tar.gz`);

/**
 * The tarball of a freshly initialised, empty cluster (no schema, no data, no keys), or
 * undefined when none was made. Loading it costs about a fifth of the CPU of PGlite's
 * own `initdb` (2.6 against 11.3 CPU seconds measured), the largest part of a first start.
 */
export function pgliteTemplate(): string | undefined {
  return existsSync(TEMPLATE_PATH) ? TEMPLATE_PATH : undefined;
}

/** Where `npm run generate` / `npm run build` keep the demo template (scripts/makeDemoTemplate.ts), and what it was made from. */
export const DEMO_TEMPLATE_PATH = join(ROOT, '.cache', `pglite-${version}-demo.tar.gz`);
export const DEMO_TEMPLATE_SOURCES_PATH = join(ROOT, '.cache', `pglite-${version}-demo.json`);

/**
 * The tarball of the shared cluster of a first `npm start`: every database's schema
 * migrated and the demo data seeded, no API key (each install makes its own), or
 * undefined when there is none or a migration, seed or code it ran changed since
 * (a start then migrates and seeds itself). It saves a first start the migrations
 * and seeding: measured in the README's Performance section.
 */
export function demoTemplate(): string | undefined {
  if (!existsSync(DEMO_TEMPLATE_PATH) || !existsSync(DEMO_TEMPLATE_SOURCES_PATH)) return undefined;
  const sources = JSON.parse(readFileSync(DEMO_TEMPLATE_SOURCES_PATH, 'utf8')) as SourceHashes;
  return changedSource(sources) === undefined ? DEMO_TEMPLATE_PATH : undefined;
}

/**
 * Unpacks a template tarball as the cluster at `dataDir` with the system's `tar`: streamed,
 * in a process of its own. PGlite's `loadDataDir` unpacks it in memory, and the start kept
 * about 140 MB more resident for it (548 against 409 MB measured). False when there is no
 * `tar` or it failed; nothing is left behind then, and the caller hands PGlite the tarball.
 */
export function unpackTemplate(template: string, dataDir: string): boolean {
  // Aside, then renamed: an interrupted unpack never looks like a cluster.
  const partial = `${dataDir}.${process.pid}.partial`;
  try {
    mkdirSync(partial, { recursive: true });
    // PGlite's tarballs name members from the root (/PG_VERSION); tar strips the slash.
    execFileSync('tar', ['-xzf', template, '-C', partial], { stdio: 'ignore' });
    rmSync(dataDir, { recursive: true, force: true });
    renameSync(partial, dataDir);
    return true;
  } catch {
    rmSync(partial, { recursive: true, force: true });
    return false;
  }
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
