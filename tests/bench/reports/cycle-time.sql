-- Cycle time per stage: the stays that ended in the window (a transition in the window ends the stay
-- begun by the project's previous stage change), with count, mean and nearest-rank percentiles in
-- days. (The report's end-to-end part is not computed here.)
WITH stays AS (
  SELECT p.workflow, t.from_state AS state,
         (t.occurred_at - (SELECT s.occurred_at FROM project_events s
                           WHERE s.project_id = t.project_id AND s.seq < t.seq AND s.kind IN ('created', 'transition')
                           ORDER BY s.seq DESC LIMIT 1)) / 86400000.0 AS days
  FROM project_events t JOIN projects p ON p.id = t.project_id
  WHERE t.kind = 'transition' AND t.occurred_at >= @from_ms AND t.occurred_at < @until_ms
    AND (@m IS NULL OR p.municipality = @m)),
ranked AS (
  SELECT workflow, state, days, ROW_NUMBER() OVER (PARTITION BY workflow, state ORDER BY days) AS r,
         COUNT(*) OVER (PARTITION BY workflow, state) AS n
  FROM stays)
SELECT workflow, state, n, ROUND(AVG(days), 2),
       ROUND(MAX(CASE WHEN r = CAST(ceil(0.50 * n) AS INT) THEN days END), 2),
       ROUND(MAX(CASE WHEN r = CAST(ceil(0.85 * n) AS INT) THEN days END), 2),
       ROUND(MAX(CASE WHEN r = CAST(ceil(0.95 * n) AS INT) THEN days END), 2)
FROM ranked GROUP BY workflow, state ORDER BY workflow, state;
