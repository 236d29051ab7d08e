-- Effort by municipality: activities dated in the window, their count and minutes.
SELECT COALESCE(p.municipality, ''), COUNT(*), SUM(a.minutes)
FROM activities a JOIN projects p ON p.id = a.project_id
WHERE a.activity_date BETWEEN @from_date AND @to_date AND (@m IS NULL OR p.municipality = @m)
GROUP BY 1
ORDER BY 1;
