-- Library search is accent-insensitive through `unaccent`. Extensions are
-- database-wide, so it goes in `public` (on every subgraph's search_path), not
-- in this subgraph's own schema, where dropping that schema would drop it for
-- everyone. The lock stops two schemas migrating at once from both creating it.
SELECT pg_advisory_xact_lock(hashtext('trackgraph-extension:unaccent'));
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
