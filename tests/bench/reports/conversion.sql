-- Conversion of one workflow from its first stage: the cohort (first entry in the window), the
-- projects that reached each later stage after it, and those closed after it by the reason of their
-- last close.
WITH c AS (
  SELECT e.project_id, MIN(e.seq) AS seq
  FROM project_events e JOIN projects p ON p.id = e.project_id
  WHERE p.workflow = @wf AND e.kind IN ('created', 'transition') AND e.to_state = @first
    AND e.occurred_at >= @from_ms AND e.occurred_at < @until_ms AND (@m IS NULL OR p.municipality = @m)
  GROUP BY e.project_id)
SELECT 'cohort', '', COUNT(*) FROM c
UNION ALL
SELECT 'reached', e.to_state, COUNT(DISTINCT e.project_id)
FROM c JOIN project_events e ON e.project_id = c.project_id AND e.seq > c.seq
WHERE e.kind = 'transition' AND e.to_state NOT IN ('parked', 'closed')
GROUP BY e.to_state
UNION ALL
SELECT 'closed', COALESCE(x.reason, ''), COUNT(*)
FROM c JOIN project_events x ON x.project_id = c.project_id
  AND x.seq = (SELECT MAX(y.seq) FROM project_events y
               WHERE y.project_id = c.project_id AND y.seq > c.seq AND y.kind = 'transition' AND y.to_state = 'closed')
GROUP BY 2;
