-- Flow per month: entries into each stage (events that brought a project there) and exits (the
-- transition's from_state) in the window.
WITH ev AS (
  SELECT p.workflow, e.kind, e.from_state, e.to_state,
         strftime('%Y-%m', e.occurred_at / 1000, 'unixepoch', 'localtime') AS month
  FROM project_events e JOIN projects p ON p.id = e.project_id
  WHERE e.kind IN ('created', 'transition') AND e.occurred_at >= @from_ms AND e.occurred_at < @until_ms
    AND (@m IS NULL OR p.municipality = @m))
SELECT month, workflow, state, SUM(entered), SUM(left_) FROM (
  SELECT month, workflow, to_state AS state, 1 AS entered, 0 AS left_ FROM ev
  UNION ALL
  SELECT month, workflow, from_state, 0, 1 FROM ev WHERE kind = 'transition')
GROUP BY month, workflow, state
ORDER BY month, workflow, state;
