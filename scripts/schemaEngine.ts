/**
 * Loads Prisma's schema engine compiled to WebAssembly, which computes
 * migrations offline (the native engine cannot be downloaded on our machines).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import { PrismaPGlite } from 'pglite-prisma-adapter';

/** The subset of the engine's API used here. */
export interface WasmSchemaEngine {
  diff(params: Record<string, unknown>): Promise<{ exitCode: number; stdout: string }>;
}

let loaded: Promise<void> | undefined;

/** Instantiates the schema engine's WebAssembly once per process. */
export function loadWasm(): Promise<void> {
  // The package's entry imports the .wasm as an ES module, which Node 20 cannot do; instantiate it by hand.
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm');
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), { './schema_engine_bg.js': bindings as never });
    const glue = bindings as unknown as { __wbg_set_wasm(exports: unknown): void };
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  })();
  return loaded;
}

/** An engine for one datamodel, whose shadow database is an in-memory PGlite. */
export async function createSchemaEngine(datamodel: string): Promise<WasmSchemaEngine> {
  await loadWasm();
  const extensions = { pg_trgm, unaccent };
  const adapter = new PrismaPGlite(await PGlite.create({ extensions }));
  // The adapter's own shadow database is a bare PGlite; migrations that create extensions need them loaded.
  adapter.connectToShadowDb = async () => new PrismaPGlite(await PGlite.create({ extensions })).connect();
  const factory = bindMigrationAwareSqlAdapterFactory(adapter);
  const Engine = (bindings as unknown as { SchemaEngine: { new: (...args: unknown[]) => Promise<WasmSchemaEngine> } }).SchemaEngine;
  return Engine.new({ datamodels: [['schema.prisma', datamodel]] }, () => undefined, factory);
}
