-- Pipeline at now: projects per workflow and current stage (the snapshot's state; the covering
-- index projects_by_workflow_state). Stages with no project are not listed.
SELECT workflow, state, COUNT(*)
FROM projects
WHERE (@m IS NULL OR municipality = @m)
GROUP BY workflow, state
ORDER BY workflow, state;
