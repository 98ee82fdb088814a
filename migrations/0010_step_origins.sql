-- When a stage's deadline was set (created with it, or last moved): a reminder step whose
-- moment lies before it is skipped — a stage made on Tuesday for Thursday is not announced
-- as "3 days left".
ALTER TABLE project_stages ADD COLUMN deadline_set_at TEXT;
UPDATE project_stages SET deadline_set_at = COALESCE(
    (SELECT MAX(d.at) FROM deadline_changes d WHERE d.stage_id = project_stages.id),
    (SELECT p.created_at FROM projects p WHERE p.id = project_stages.project_id)
);
