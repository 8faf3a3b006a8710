/** `npm run compose`: writes schema/supergraph.graphql; exits non-zero on composition errors. */
import { writeFileSync } from 'node:fs';
import { composeSupergraph, SUPERGRAPH_PATH } from '../gateway/src/composeSupergraph.ts';

try {
  writeFileSync(SUPERGRAPH_PATH, composeSupergraph());
  console.log(`compose: wrote ${SUPERGRAPH_PATH}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
