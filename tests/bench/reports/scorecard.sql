-- Scorecard actuals for the year to date, over all projects: establishments, innovation projects
-- funded, NOK granted, new projects. (The median liaison response in Norwegian working days and the
-- per-focus-area targets are not computed here.)
SELECT
  (SELECT COUNT(*) FROM project_events e JOIN projects p ON p.id = e.project_id
   WHERE e.kind = 'transition' AND e.to_state = 'established' AND p.workflow = 'establishment'
     AND e.occurred_at >= @from_ms AND e.occurred_at < @until_ms AND (@m IS NULL OR p.municipality = @m)),
  (SELECT COUNT(DISTINCT f.project_id) FROM funding_applications f JOIN projects p ON p.id = f.project_id
   WHERE f.status = 'granted' AND p.workflow = 'innovation' AND f.decision_date BETWEEN @from_date AND @to_date
     AND (@m IS NULL OR p.municipality = @m)),
  (SELECT SUM(f.amount_granted) FROM funding_applications f JOIN projects p ON p.id = f.project_id
   WHERE f.status = 'granted' AND f.decision_date BETWEEN @from_date AND @to_date AND (@m IS NULL OR p.municipality = @m)),
  (SELECT COUNT(*) FROM projects p
   WHERE p.created_at >= @from_ms AND p.created_at < @until_ms AND (@m IS NULL OR p.municipality = @m));
