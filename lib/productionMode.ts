/**
 * Imported first by every server entry point (`npm run start:gateway`, `start:<subgraph>`; `npm start`
 * sets the same in scripts/runStart.mjs): a server runs as production unless NODE_ENV says otherwise.
 *
 * graphql-js reads NODE_ENV once, when it is first imported. Outside production every `instanceof`
 * check in its executor also compares class names (to catch two copies of graphql), which cost the
 * links subgraph about a fifth of its CPU per `resolveTracks` batch (bench/resolve.ts, profiled).
 * Nothing of ours depends on NODE_ENV: introspection, the landing page and error formatting are set
 * explicitly. Apollo Gateway then skips re-validating the composed supergraph at start
 * (`npm run compose` validated it) and does not expose query plans to clients.
 */
process.env.NODE_ENV ??= 'production';
