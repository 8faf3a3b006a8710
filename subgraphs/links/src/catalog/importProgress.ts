import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { LinksPrisma } from '../db.ts';
import type { CatalogTx } from './csvCatalogWriter.ts';

// A catalog import commits batch by batch; this row says how far it got, written in
// each batch's own transaction, so it is exactly as far as the catalog is.

/** SHA-256 of a file's bytes: an import resumes only the very file it was running. */
export async function fileFingerprint(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Where an interrupted import of this file stopped, and its summary then; null when none is pending. */
export async function loadProgress<S>(prisma: LinksPrisma, id: string): Promise<{ line: number; summary: S } | null> {
  const found = await prisma.catalogImport.findUnique({ where: { id } });
  return found ? { line: found.line, summary: found.summary as S } : null;
}

/** Records, inside a batch's transaction, that every row up to `line` is done (one statement). */
export async function saveProgress(tx: CatalogTx, id: string, source: string, line: number, summary: unknown): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "CatalogImport" ("id", "source", "line", "summary", "updatedAt") VALUES (${id}, ${source}, ${line}, ${JSON.stringify(summary)}::jsonb, now())
    ON CONFLICT ("id") DO UPDATE SET "line" = EXCLUDED."line", "summary" = EXCLUDED."summary", "updatedAt" = EXCLUDED."updatedAt"`;
}

/** Forgets a finished import: running the file again is a new import (which finds everything unchanged). */
export async function clearProgress(prisma: LinksPrisma, id: string): Promise<void> {
  await prisma.catalogImport.deleteMany({ where: { id } });
}
