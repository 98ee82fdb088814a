-- A person's command menu goes stale when their role or language changes: the trigger says
-- so, and the menu job reads only those people through a small partial index instead of
-- comparing every row's signature after every update.
CREATE TRIGGER people_menu_stale AFTER UPDATE OF role, language ON people
WHEN OLD.role IS NOT NEW.role OR OLD.language IS NOT NEW.language
BEGIN
    UPDATE people SET menu_signature = NULL WHERE telegram_id = NEW.telegram_id;
END;
CREATE INDEX people_menu_stale ON people (telegram_id) WHERE menu_signature IS NULL;

-- Planners and lists select by status.
CREATE INDEX projects_status ON projects (status);
CREATE INDEX proposals_status ON proposals (status);
