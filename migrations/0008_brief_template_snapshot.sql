-- A submitted brief keeps the questions exactly as the client saw them, so an agency
-- that later rewrites or removes a template does not change (or hide) what was answered.
ALTER TABLE briefs ADD COLUMN template_snapshot TEXT;
