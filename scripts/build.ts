/**
 * `npm run build` (also part of `npm run generate`): `npm start` precompiled, so a
 * start loads plain JavaScript instead of compiling TypeScript through tsx
 * (measured: about a third of a first start's CPU time). scripts/start.ts and all
 * it imports, packages included, become ES modules in dist/, with a record of the
 * sources they were made from; scripts/runStart.mjs runs them only while that
 * record still matches.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { ROOT } from '../lib/config.ts';
import { hashSources, type SourceHashes } from '../lib/sourceHashes.ts';

/** Where `npm start` looks for the build. Files are found from ROOT, one folder up, as from lib/. */
export const DIST_DIR = join(ROOT, 'dist');

/** What scripts/runStart.mjs compares with the sources before it runs the build. */
export interface BuildInfo {
  /** SHA-256 of every source file (repository-relative) that went into the build, and of package-lock.json. */
  sources: SourceHashes;
}

// Packages that find files of their own beside their modules (import.meta.url): PGlite's
// wasm and data files, its extensions' tarballs. They stay in node_modules, loaded as they are.
const EXTERNAL = ['@electric-sql/pglite', '@electric-sql/pglite/*'];

/** Bundles scripts/start.ts into `outdir` (a folder directly under ROOT, so ROOT stays right) and records its sources. */
export async function buildStart(outdir: string = DIST_DIR): Promise<BuildInfo> {
  if (relative(ROOT, join(outdir, '..')) !== '') throw new TypeError(`The build must go in a folder directly under ${ROOT}; got ${outdir}`);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { start: 'scripts/start.ts' },
    outdir,
    bundle: true,
    // Modules only some paths need (tracing exporters, transliteration tables) stay in chunks of their own, read when imported.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    external: EXTERNAL,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    // CommonJS packages inside an ES module bundle still call require() for Node's own modules.
    banner: { js: "import { createRequire as __trackgraphCreateRequire } from 'node:module'; const require = __trackgraphCreateRequire(import.meta.url);" },
  });
  const sources = Object.keys(result.metafile.inputs).filter((path) => !path.includes('node_modules/'));
  const info: BuildInfo = { sources: hashSources([...sources, 'package-lock.json']) };
  writeFileSync(join(outdir, 'build-info.json'), `${JSON.stringify(info, null, 1)}\n`);
  return info;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const info = await buildStart();
  console.log(`build: dist/start.js from ${Object.keys(info.sources).length} source files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
