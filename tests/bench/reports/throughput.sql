-- Throughput per month: entries into the result stages in the window.
SELECT strftime('%Y-%m', e.occurred_at / 1000, 'unixepoch', 'localtime') AS month, p.workflow, e.to_state, COUNT(*)
FROM project_events e JOIN projects p ON p.id = e.project_id
WHERE e.kind IN ('created', 'transition') AND e.occurred_at >= @from_ms AND e.occurred_at < @until_ms
  AND e.to_state IN ('established', 'completed', 'in_progress', 'answered')
  AND ((p.workflow = 'establishment' AND e.to_state IN ('established', 'completed'))
    OR (p.workflow = 'innovation' AND e.to_state IN ('in_progress', 'completed'))
    OR (p.workflow = 'liaison' AND e.to_state = 'answered'))
  AND (@m IS NULL OR p.municipality = @m)
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;
