-- Written by hand (Prisma does not model functions).
-- Counts entities against an account's monthly quota in one statement from the
-- caller's side, exact under concurrency: the advisory lock serialises the
-- admissions of one account and month, and the statement after it, being in a
-- VOLATILE function, takes a new snapshot that sees every admission committed
-- before the lock was granted. Returns the entities that may be read: those
-- already counted, and new ones in the order given while the quota lasts.
CREATE OR REPLACE FUNCTION "admit_entities"(p_account TEXT, p_month DATE, p_entities TEXT[], p_limit INTEGER)
RETURNS SETOF TEXT
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('trackgraph-usage:' || p_account || ':' || p_month::text));
  RETURN QUERY
  WITH wanted AS (
    SELECT w.entity, min(w.ord) AS ord FROM unnest(p_entities) WITH ORDINALITY AS w(entity, ord) GROUP BY w.entity
  ), known AS (
    SELECT u.entity FROM "EntityUsage" u WHERE u."accountId" = p_account AND u.month = p_month AND u.entity = ANY(p_entities)
  ), allowed AS (
    SELECT w.entity FROM wanted w
    WHERE w.entity NOT IN (SELECT k.entity FROM known k)
    ORDER BY w.ord
    LIMIT GREATEST(0, p_limit - COALESCE((SELECT m.entities FROM "UsageMonth" m WHERE m."accountId" = p_account AND m.month = p_month), 0))
  ), inserted AS (
    INSERT INTO "EntityUsage" ("accountId", month, entity) SELECT p_account, p_month, a.entity FROM allowed a
    ON CONFLICT DO NOTHING RETURNING "EntityUsage".entity
  ), counted AS (
    INSERT INTO "UsageMonth" ("accountId", month, entities) SELECT p_account, p_month, count(*)::int FROM inserted
    ON CONFLICT ("accountId", month) DO UPDATE SET entities = "UsageMonth".entities + excluded.entities
  )
  SELECT k.entity::text FROM known k UNION ALL SELECT i.entity::text FROM inserted i;
END
$$;
