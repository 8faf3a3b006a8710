-- Written by hand (Prisma does not model triggers).
-- "ChartPeak" holds each recording's best position per chart and the first date
-- it reached it, derived from "ChartEntry". Statement-level triggers keep it true
-- for every writer (importers, collectors, ISRC resolution, seeds): a new or
-- changed entry can only improve a peak, compared as (position, date); a peak
-- whose own entry was changed or removed is recomputed from the stored history.

CREATE OR REPLACE FUNCTION "chart_peaks_improve"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO "ChartPeak" (isrc, "chartId", position, date)
  SELECT DISTINCT ON (n.isrc, n."chartId") n.isrc, n."chartId", n.position, n.date
  FROM new_entries n
  WHERE n.isrc IS NOT NULL
  ORDER BY n.isrc, n."chartId", n.position, n.date
  ON CONFLICT (isrc, "chartId") DO UPDATE SET position = excluded.position, date = excluded.date
  WHERE (excluded.position, excluded.date) < ("ChartPeak".position, "ChartPeak".date);
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "chart_peaks_recompute"() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  stale_isrcs TEXT[];
  stale_charts INTEGER[];
BEGIN
  -- Only peaks that were one of the rows this statement changed or removed can be wrong now.
  WITH stale AS (
    DELETE FROM "ChartPeak" p USING old_entries o
    WHERE p.isrc = o.isrc AND p."chartId" = o."chartId" AND p.position = o.position AND p.date = o.date
    RETURNING p.isrc, p."chartId"
  )
  SELECT array_agg(s.isrc), array_agg(s."chartId") INTO stale_isrcs, stale_charts FROM stale s;
  IF stale_isrcs IS NULL THEN
    RETURN NULL;
  END IF;
  INSERT INTO "ChartPeak" (isrc, "chartId", position, date)
  SELECT DISTINCT ON (e.isrc, e."chartId") e.isrc, e."chartId", e.position, e.date
  FROM unnest(stale_isrcs, stale_charts) AS s(isrc, "chartId")
  JOIN "ChartEntry" e ON e.isrc = s.isrc AND e."chartId" = s."chartId"
  ORDER BY e.isrc, e."chartId", e.position, e.date
  ON CONFLICT (isrc, "chartId") DO UPDATE SET position = excluded.position, date = excluded.date
  WHERE (excluded.position, excluded.date) < ("ChartPeak".position, "ChartPeak".date);
  RETURN NULL;
END
$$;

CREATE TRIGGER "chart_peaks_after_insert" AFTER INSERT ON "ChartEntry"
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION "chart_peaks_improve"();
CREATE TRIGGER "chart_peaks_after_update_new" AFTER UPDATE ON "ChartEntry"
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION "chart_peaks_improve"();
CREATE TRIGGER "chart_peaks_after_update_old" AFTER UPDATE ON "ChartEntry"
  REFERENCING OLD TABLE AS old_entries FOR EACH STATEMENT EXECUTE FUNCTION "chart_peaks_recompute"();
CREATE TRIGGER "chart_peaks_after_delete" AFTER DELETE ON "ChartEntry"
  REFERENCING OLD TABLE AS old_entries FOR EACH STATEMENT EXECUTE FUNCTION "chart_peaks_recompute"();

-- The peaks of what is already stored.
INSERT INTO "ChartPeak" (isrc, "chartId", position, date)
SELECT DISTINCT ON (e.isrc, e."chartId") e.isrc, e."chartId", e.position, e.date
FROM "ChartEntry" e
WHERE e.isrc IS NOT NULL
ORDER BY e.isrc, e."chartId", e.position, e.date
ON CONFLICT (isrc, "chartId") DO NOTHING;
