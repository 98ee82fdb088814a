-- The staff's /projects is read a page at a time, in the order people want it: overdue
-- first, then by the nearest deadline. The order is a column of the project, kept by the
-- triggers below, so a page is a range of an index, whatever the agency's size.
-- sort_deadline: for an open (active or paused) project, the earliest deadline of its open
-- stages, '9999-12-31' when it has none (those come last); NULL for a closed project,
-- which is in no list (and so in no index entry).
ALTER TABLE projects ADD COLUMN sort_deadline TEXT;

-- The rule, written once: what a project's sort_deadline must be now.
CREATE VIEW project_sort_deadline AS
SELECT p.id AS project_id,
       CASE WHEN p.status IN ('active', 'paused') THEN COALESCE((
           SELECT MIN(s.deadline) FROM project_stages s
           WHERE s.project_id = p.id AND s.status != 'done' AND s.deadline IS NOT NULL
       ), '9999-12-31') END AS sort_deadline
FROM projects p;

UPDATE projects SET sort_deadline = (
    SELECT v.sort_deadline FROM project_sort_deadline v WHERE v.project_id = projects.id
);

CREATE INDEX projects_open_order ON projects (sort_deadline, id)
    WHERE sort_deadline IS NOT NULL;
CREATE INDEX projects_manager_open_order ON projects (manager_id, sort_deadline, id)
    WHERE sort_deadline IS NOT NULL;

CREATE TRIGGER projects_order_new
AFTER INSERT ON projects
BEGIN
    UPDATE projects SET sort_deadline = (
        SELECT v.sort_deadline FROM project_sort_deadline v WHERE v.project_id = NEW.id
    ) WHERE id = NEW.id;
END;

CREATE TRIGGER projects_order_status
AFTER UPDATE OF status ON projects
WHEN OLD.status IS NOT NEW.status
BEGIN
    UPDATE projects SET sort_deadline = (
        SELECT v.sort_deadline FROM project_sort_deadline v WHERE v.project_id = NEW.id
    ) WHERE id = NEW.id;
END;

CREATE TRIGGER stages_order_new
AFTER INSERT ON project_stages
BEGIN
    UPDATE projects SET sort_deadline = (
        SELECT v.sort_deadline FROM project_sort_deadline v WHERE v.project_id = NEW.project_id
    ) WHERE id = NEW.project_id;
END;

CREATE TRIGGER stages_order_changed
AFTER UPDATE OF deadline, status ON project_stages
WHEN OLD.deadline IS NOT NEW.deadline OR OLD.status IS NOT NEW.status
BEGIN
    UPDATE projects SET sort_deadline = (
        SELECT v.sort_deadline FROM project_sort_deadline v WHERE v.project_id = NEW.project_id
    ) WHERE id = NEW.project_id;
END;

CREATE TRIGGER stages_order_gone
AFTER DELETE ON project_stages
BEGIN
    UPDATE projects SET sort_deadline = (
        SELECT v.sort_deadline FROM project_sort_deadline v WHERE v.project_id = OLD.project_id
    ) WHERE id = OLD.project_id;
END;
