/**
 * Part of `npm run generate`: the initialised empty PGlite cluster that a first
 * embedded start copies instead of running initdb (lib/db/pgliteTemplate.ts).
 */
import { TEMPLATE_PATH, writePgliteTemplate } from '../lib/db/pgliteTemplate.ts';

console.log(`generate: PGlite template ${(await writePgliteTemplate()) ? 'written to' : 'already at'} ${TEMPLATE_PATH}`);
