-- Aging at now: projects in a stage that is neither final nor closed since before the threshold
-- (60 days; the snapshot's state_since), oldest first; and the liaison cases past their response
-- deadline never answered nor closed.
SELECT 'stale', id, workflow, state, ROUND((@now_ms - state_since) / 86400000.0, 2)
FROM projects
WHERE state NOT IN ('completed', 'closed') AND state_since < @stale_before_ms AND (@m IS NULL OR municipality = @m)
UNION ALL
SELECT 'overdue', p.id, p.workflow, p.state, p.response_deadline
FROM projects p
WHERE p.response_deadline < @to_date AND (@m IS NULL OR p.municipality = @m)
  AND NOT EXISTS (SELECT 1 FROM project_events d WHERE d.project_id = p.id AND d.kind = 'transition'
                  AND d.to_state IN ('answered', 'closed') AND d.occurred_at <= @now_ms);
