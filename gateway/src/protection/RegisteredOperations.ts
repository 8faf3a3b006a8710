import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, print, type DocumentNode } from 'graphql';
import { ROOT } from '../../../lib/config.ts';

/** Where registered operations live, one `.graphql` file each. */
export const OPERATIONS_DIR = join(ROOT, 'schema', 'operations');

/** A document's identity for the allow-list: whitespace, commas and comments do not matter, names and order do. */
export function operationSignature(document: DocumentNode): string {
  return createHash('sha256').update(print(document)).digest('hex');
}

/**
 * The operations partners registered (schema/operations/*.graphql). A key
 * marked "registered operations only" may run these and nothing else; each is
 * also a persisted query under the SHA-256 of its file's text, so a client can
 * send the hash alone.
 */
export class RegisteredOperations {
  readonly #signatures = new Map<string, string>();
  /** `[sha256 of the file text, file text]` for the persisted-query store. */
  readonly persisted: [string, string][] = [];

  constructor(dir = OPERATIONS_DIR) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort()) {
      const text = readFileSync(join(dir, file), 'utf8');
      this.#signatures.set(operationSignature(parse(text)), file.replace(/\.graphql$/, ''));
      this.persisted.push([createHash('sha256').update(text).digest('hex'), text]);
    }
  }

  /** The registered name of the document, or undefined when it is not registered. */
  nameOf(document: DocumentNode): string | undefined {
    return this.#signatures.get(operationSignature(document));
  }

  get names(): string[] {
    return [...this.#signatures.values()];
  }
}
