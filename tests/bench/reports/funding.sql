-- Funding by source and municipality: applications not drafts registered in the window, and
-- granted ones decided in the window.
SELECT f.source, COALESCE(p.municipality, ''),
  SUM(f.status <> 'draft' AND f.created_at >= @from_ms AND f.created_at < @until_ms),
  SUM(CASE WHEN f.status <> 'draft' AND f.created_at >= @from_ms AND f.created_at < @until_ms THEN f.amount_applied ELSE 0 END),
  SUM(f.status = 'granted' AND f.decision_date BETWEEN @from_date AND @to_date),
  SUM(CASE WHEN f.status = 'granted' AND f.decision_date BETWEEN @from_date AND @to_date THEN COALESCE(f.amount_granted, 0) ELSE 0 END)
FROM funding_applications f JOIN projects p ON p.id = f.project_id
WHERE ((f.status <> 'draft' AND f.created_at >= @from_ms AND f.created_at < @until_ms)
    OR (f.status = 'granted' AND f.decision_date BETWEEN @from_date AND @to_date))
  AND (@m IS NULL OR p.municipality = @m)
GROUP BY 1, 2
ORDER BY 1, 2;
