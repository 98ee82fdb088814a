-- Notifications become typed notices (services/delivery/notices.py): a row holds the notice's kind,
-- its fields as JSON in `args`, and its subject ("invoice:42"), by which queued notices
-- are found and cancelled. The text key, the buttons and the attachment are no longer
-- stored: the bot derives them from the notice when it sends.
--
-- Rows written before keep their meaning: each old (kind, text key) becomes its notice
-- kind, and its args the notice's fields, taken from the old args, buttons, attachment
-- or dedup key. Fields that only ever fed a dedup key, which is never computed again for
-- a stored row, get a neutral value where the old row did not keep them.

ALTER TABLE outbox ADD COLUMN subject TEXT;

-- the file a row carried over Telegram, as a notice's `file`
CREATE TEMP VIEW legacy_files AS
SELECT id, CASE WHEN json_extract(attachment, '$.kind') = 'telegram_file'
    THEN json_object('file_id', json_extract(attachment, '$.file_id'),
                     'media', json_extract(attachment, '$.media'))
    END AS file
FROM outbox;

-- access and people
UPDATE outbox SET args = json_object(
    'request_id', json_extract(buttons, '$[0][0].params.id'),
    'person_id', json_extract(args, '$.id'),
    'name', json_extract(args, '$.name'),
    'username', NULLIF(json_extract(args, '$.username'), 'none'))
WHERE kind = 'access.requested';

UPDATE outbox SET kind = 'access.granted', args = json_object(
    'request_id', CAST(substr(dedup_key, 16) AS INTEGER),
    'company', json_extract(args, '$.company'))
WHERE kind = 'access.decided' AND text_key = 'access-welcome';

UPDATE outbox SET kind = 'access.declined', args = json_object(
    'request_id', CAST(substr(dedup_key, 16) AS INTEGER))
WHERE kind = 'access.decided';

UPDATE outbox SET args = json_object(
    'company_id', COALESCE((SELECT MIN(id) FROM companies
                            WHERE name = json_extract(outbox.args, '$.company')), 0),
    'company', json_extract(args, '$.company'),
    'name', json_extract(args, '$.name'),
    'username', NULLIF(json_extract(args, '$.username'), 'none'),
    'request_id', CASE WHEN dedup_key LIKE 'access-joined:%'
        THEN CAST(substr(dedup_key, 15) AS INTEGER) END,
    'invite_id', CASE WHEN dedup_key LIKE 'invite-joined:%'
        THEN CAST(substr(dedup_key, 15) AS INTEGER) END)
WHERE kind = 'client.joined';

UPDATE outbox SET kind = 'role.manager_added', args = json_object(
    'person_id', recipient_id,
    'audit_id', CAST(substr(dedup_key, 15) AS INTEGER),
    'by', NULLIF(json_extract(args, '$.by'), ''))
WHERE kind = 'role.changed' AND text_key = 'manager-welcome';

UPDATE outbox SET kind = 'role.manager_removed', args = json_object(
    'person_id', recipient_id,
    'audit_id', CAST(substr(dedup_key, 17) AS INTEGER))
WHERE kind = 'role.changed';

UPDATE outbox SET kind = 'company.reassigned', args = json_object(
    'audit_id', CAST(substr(dedup_key, 10) AS INTEGER),
    'company_id', COALESCE((SELECT MIN(id) FROM companies
                            WHERE name = json_extract(outbox.args, '$.company')), 0),
    'company', json_extract(args, '$.company'),
    'manager', json_extract(args, '$.manager'),
    'audience', CASE text_key WHEN 'company-assigned-to-you' THEN 'given'
                              WHEN 'company-taken-from-you' THEN 'taken'
                              ELSE 'client' END)
WHERE kind = 'company.assigned';

-- delivery
UPDATE outbox SET args = json_object(
    'person_id', CAST(substr(dedup_key, instr(dedup_key, ':') + 1) AS INTEGER),
    'name', json_extract(args, '$.name'),
    'at', '')
WHERE kind IN ('alert.unreachable', 'alert.reachable');

UPDATE outbox SET args = json_object(
    'person_id', COALESCE((SELECT failed.recipient_id FROM outbox AS failed
                           WHERE failed.id = CAST(substr(outbox.dedup_key, 17) AS INTEGER)), 0),
    'row_id', CAST(substr(dedup_key, 17) AS INTEGER),
    'name', json_extract(args, '$.name'),
    'error', json_extract(args, '$.error'))
WHERE kind = 'alert.delivery_failed';

-- briefs: brief.submitted, brief.document, brief.taken and brief.nudge kept their fields
UPDATE outbox SET args = json_object(
    'brief_id', json_extract(args, '$.brief_id'),
    'question_id', '',
    'index', 0,
    'file', json((SELECT file FROM legacy_files WHERE legacy_files.id = outbox.id)))
WHERE kind = 'brief.file';

UPDATE outbox SET args = json_object(
    'brief_id', json_extract(args, '$.brief_id'),
    'question_id', json_extract(buttons, '$[0][0].params.id'),
    'manager', json_extract(args, '$.manager'),
    'question', json_extract(args, '$.question'))
WHERE kind = 'brief.question';

UPDATE outbox SET args = json_object(
    'brief_id', json_extract(args, '$.brief_id'),
    'question_id', CAST(substr(dedup_key, 14) AS INTEGER),
    'client', json_extract(args, '$.client'),
    'question', json_extract(args, '$.question'),
    'answer', json_extract(args, '$.answer'),
    'answered_at', '')
WHERE kind = 'brief.answer';

-- the conversation
UPDATE outbox SET args = json_object(
    'message_id', json_extract(args, '$.message_id'),
    'client_id', json_extract(buttons, '$[0][0].params.client'),
    'client', json_extract(args, '$.client'),
    'company', json_extract(args, '$.company'),
    'text', NULLIF(json_extract(args, '$.text'), 'none'),
    'count', COALESCE(json_extract(args, '$.count'), 1),
    'topic', NULLIF(json_extract(args, '$.topic'), 'none'),
    'ref', COALESCE(json_extract(args, '$.ref'), ''),
    'file', json((SELECT file FROM legacy_files WHERE legacy_files.id = outbox.id)))
WHERE kind = 'chat.client_message';

UPDATE outbox SET args = json_object(
    'message_id', CAST(substr(dedup_key, 6) AS INTEGER),
    'client', json_extract(args, '$.client'),
    'project', json_extract(args, '$.project'),
    'stage', NULLIF(json_extract(args, '$.stage'), 'none'))
WHERE kind = 'chat.context';

UPDATE outbox SET args = json_object(
    'reply_id', CAST(substr(dedup_key, 12) AS INTEGER),
    'manager', json_extract(args, '$.manager'),
    'text', NULLIF(json_extract(args, '$.text'), 'none'),
    'file', json((SELECT file FROM legacy_files WHERE legacy_files.id = outbox.id)))
WHERE kind = 'chat.reply';

UPDATE outbox SET args = json_object(
    'manager_id', CAST(substr(dedup_key, 8) AS INTEGER),
    'manager', json_extract(args, '$.manager'),
    'until', json_extract(args, '$.until'))
WHERE kind = 'chat.deputy';

UPDATE outbox SET args = json_object(
    'message_id', json_extract(args, '$.message_id'),
    'client_id', json_extract(buttons, '$[0][0].params.client'),
    'client', json_extract(args, '$.client'),
    'company', json_extract(args, '$.company'),
    'hours', json_extract(args, '$.hours'))
WHERE kind = 'chat.sla';

UPDATE outbox SET args = json_object(
    'message_id', json_extract(args, '$.message_id'),
    'client_id', json_extract(buttons, '$[0][0].params.client'),
    'company_id', json_extract(buttons, '$[1][0].params.id'),
    'client', json_extract(args, '$.client'),
    'company', json_extract(args, '$.company'),
    'hours', json_extract(args, '$.hours'),
    'manager', json_extract(args, '$.manager'))
WHERE kind = 'chat.escalation';

-- invoices and documents: issued, cancelled, overdue and escalation kept their fields
UPDATE outbox SET args = json_object(
    'invoice_id', json_extract(args, '$.invoice_id'),
    'file', json((SELECT file FROM legacy_files WHERE legacy_files.id = outbox.id)))
WHERE kind = 'invoice.document';

UPDATE outbox SET args = json_object(
    'invoice_id', json_extract(args, '$.invoice_id'),
    'client', json_extract(args, '$.client'),
    'at', '')
WHERE kind = 'invoice.reported_paid';

UPDATE outbox SET args = json_object('invoice_id', json_extract(args, '$.invoice_id'), 'at', '')
WHERE kind = 'invoice.payment_missing';

UPDATE outbox SET args = json_object(
    'invoice_id', json_extract(args, '$.invoice_id'),
    'step', CASE text_key WHEN 'invoice-reminder-before' THEN 'before'
                          WHEN 'invoice-reminder-today' THEN 'today'
                          WHEN 'invoice-reminder-overdue' THEN 'overdue'
                          WHEN 'invoice-reminder-snoozed' THEN 'snoozed'
                          ELSE 'manual' END)
WHERE kind = 'invoice.reminder';

UPDATE outbox SET args = json_object(
    'invoice_id', json_extract(args, '$.invoice_id'),
    'in_full', json(CASE text_key WHEN 'invoice-paid-client' THEN 'true' ELSE 'false' END),
    'at', '')
WHERE kind = 'invoice.payment';

UPDATE outbox SET args = json_object(
    'document_id', CAST(substr(dedup_key, 10) AS INTEGER),
    'title', json_extract(args, '$.title'),
    'file', json((SELECT file FROM legacy_files WHERE legacy_files.id = outbox.id)))
WHERE kind = 'document.added';

-- projects: project.news was one kind for six texts
UPDATE outbox SET
    kind = CASE text_key WHEN 'project-stage-started' THEN 'project.stage_started'
                         ELSE 'project.stage_finished' END,
    args = json_object(
        'project_id', json_extract(args, '$.project_id'),
        'stage_id', CAST(substr(dedup_key, 7) AS INTEGER),
        'stage', json_extract(args, '$.stage'))
WHERE kind = 'project.news' AND text_key IN ('project-stage-started', 'project-stage-finished');

UPDATE outbox SET kind = 'project.waiting_client', args = json_object(
    'project_id', json_extract(args, '$.project_id'),
    'stage_id', json_extract(buttons, '$[0][0].params.stage'),
    'stage', json_extract(args, '$.stage'),
    'what', json_extract(args, '$.what'),
    'until', json_extract(args, '$.until'),
    'at', '')
WHERE kind = 'project.news' AND text_key = 'project-waiting-client';

UPDATE outbox SET kind = 'project.deadline_changed', args = json_object(
    'project_id', json_extract(args, '$.project_id'),
    'stage_id', CAST(substr(dedup_key, 7) AS INTEGER),
    'stage', json_extract(args, '$.stage'),
    'old', NULLIF(json_extract(args, '$.old'), 'none'),
    'new', json_extract(args, '$.new'),
    'reason', json_extract(args, '$.reason'),
    'at', '')
WHERE kind = 'project.news' AND text_key = 'project-deadline-changed';

UPDATE outbox SET kind = 'project.update', args = json_object(
    'project_id', json_extract(args, '$.project_id'),
    'update_id', CAST(substr(dedup_key, 16) AS INTEGER),
    'text', NULLIF(json_extract(args, '$.text'), 'none'),
    'manager', json_extract(args, '$.manager'))
WHERE kind = 'project.news' AND text_key = 'project-update-posted';

UPDATE outbox SET kind = 'project.status', args = json_object(
    'project_id', json_extract(args, '$.project_id'),
    'status', substr(text_key, 16),
    'at', '')
WHERE kind = 'project.news' AND text_key LIKE 'project-status-%';

UPDATE outbox SET args = json_object(
    'project_id', json_extract(args, '$.project_id'),
    'update_id', CAST(substr(dedup_key, 16) AS INTEGER),
    'file', json((SELECT file FROM legacy_files WHERE legacy_files.id = outbox.id)))
WHERE kind = 'project.file';

UPDATE outbox SET args = json_object(
    'project_id', json_extract(args, '$.project_id'),
    'update_id', CAST(substr(dedup_key, 16) AS INTEGER),
    'stage', json_extract(args, '$.stage'),
    'client', json_extract(args, '$.client'),
    'text', NULLIF(json_extract(args, '$.text'), 'none'),
    'file', json((SELECT file FROM legacy_files WHERE legacy_files.id = outbox.id)))
WHERE kind = 'project.client_answer';

UPDATE outbox SET args = json_object(
    'project_id', json_extract(args, '$.project_id'),
    'rating_id', CAST(substr(dedup_key, 8) AS INTEGER),
    'score', json_extract(args, '$.score'),
    'stage', NULLIF(json_extract(args, '$.stage'), 'none'),
    'client', json_extract(args, '$.client'),
    'comment', NULLIF(json_extract(args, '$.comment'), 'none'))
WHERE kind = 'project.low_rating';

UPDATE outbox SET args = json_object(
    'project_id', json_extract(args, '$.project_id'),
    'stage_id', COALESCE(json_extract(buttons, '$[0][0].params.stage'), 0),
    'stage', NULLIF(json_extract(args, '$.stage'), 'none'))
WHERE kind = 'project.rating_request';

UPDATE outbox SET args = json_object(
    'client_id', recipient_id,
    'week', '',
    'projects', json(json_extract(args, '$.projects')))
WHERE kind = 'project.weekly';

UPDATE outbox SET args = json_object(
    'stage_id', CAST(substr(dedup_key, 7) AS INTEGER),
    'project_id', json_extract(args, '$.project_id'),
    'stage', json_extract(args, '$.stage'),
    'project', json_extract(args, '$.project'),
    'company', json_extract(args, '$.company'),
    'deadline', json_extract(args, '$.deadline'),
    'step', CASE text_key WHEN 'stage-due-3d' THEN 'd3'
                          WHEN 'stage-due-1d' THEN 'd1'
                          ELSE 'd0' END)
WHERE kind = 'stage.deadline';

UPDATE outbox SET args = json_object(
    'stage_id', CAST(substr(dedup_key, 7) AS INTEGER),
    'project_id', json_extract(args, '$.project_id'),
    'stage', json_extract(args, '$.stage'),
    'project', json_extract(args, '$.project'),
    'company', json_extract(args, '$.company'),
    'deadline', json_extract(args, '$.deadline'),
    'day', json_extract(args, '$.deadline'))
WHERE kind IN ('stage.overdue', 'stage.overdue_escalation');

UPDATE outbox SET args = json_object(
    'stage_id', CAST(substr(dedup_key, 7) AS INTEGER),
    'project_id', json_extract(args, '$.project_id'),
    'stage', json_extract(args, '$.stage'),
    'project', json_extract(args, '$.project'),
    'company', json_extract(args, '$.company'),
    'since', '')
WHERE kind IN ('stage.waiting_reminder', 'stage.waiting_alert');

-- the client's reminder names what the stage waits for (it was never given before)
UPDATE outbox SET args = json_set(args, '$.what', (
    SELECT waiting_for FROM project_stages
    WHERE project_stages.id = json_extract(outbox.args, '$.stage_id')))
WHERE kind = 'stage.waiting_reminder';

-- A digest section was its lines joined, or "none". Overdue invoices are now facts whose
-- sums the reader's language writes; a digest queued before the upgrade, worded already,
-- goes without that section (it is planned afresh the next working morning).
UPDATE outbox SET args = json_object(
    'manager_id', recipient_id,
    'day', substr(dedup_key, -10),
    'due_today', json(CASE WHEN json_extract(args, '$.due_today') = 'none' THEN '[]'
                      ELSE json_array(json_extract(args, '$.due_today')) END),
    'overdue', json(CASE WHEN json_extract(args, '$.overdue') = 'none' THEN '[]'
                    ELSE json_array(json_extract(args, '$.overdue')) END),
    'waiting', json(CASE WHEN json_extract(args, '$.waiting') = 'none' THEN '[]'
                    ELSE json_array(json_extract(args, '$.waiting')) END),
    'messages', json(CASE WHEN json_extract(args, '$.messages') = 'none' THEN '[]'
                     ELSE json_array(json_extract(args, '$.messages')) END),
    'overdue_invoices', json('[]'))
WHERE kind = 'digest.morning';

-- proposals: accepted, offer, card and the two client reminders kept their fields
UPDATE outbox SET args = json_object(
    'proposal_id', json_extract(args, '$.proposal_id'),
    'client', json_extract(args, '$.client'),
    'reason', NULLIF(json_extract(args, '$.reason'), 'none'))
WHERE kind = 'proposal.declined';

UPDATE outbox SET args = json_object(
    'proposal_id', json_extract(args, '$.proposal_id'),
    'version', 0,
    'audience', CASE WHEN dedup_key LIKE '%:card:%' THEN 'card' ELSE 'client' END,
    'index', 0,
    'file', json((SELECT file FROM legacy_files WHERE legacy_files.id = outbox.id)))
WHERE kind = 'proposal.file';

UPDATE outbox SET args = json_object(
    'proposal_id', json_extract(args, '$.proposal_id'),
    'version', json_extract(args, '$.version'),
    'message_id', json_extract(attachment, '$.message_id'))
WHERE kind = 'proposal.card_edit';

UPDATE outbox SET args = json_object(
    'proposal_id', json_extract(args, '$.proposal_id'),
    'version', json_extract(args, '$.version'),
    'verdict', CASE text_key WHEN 'proposal-approved-author' THEN 'approved'
                             WHEN 'proposal-returned-author' THEN 'returned'
                             ELSE 'rejected' END,
    'head', json_extract(args, '$.head'),
    'comment', NULLIF(json_extract(args, '$.comment'), 'none'))
WHERE kind = 'proposal.decision';

UPDATE outbox SET args = json_set(args, '$.periods', 0)
WHERE kind = 'proposal.approval_reminder';

DROP VIEW legacy_files;

UPDATE outbox SET subject = CASE
    WHEN kind LIKE 'invoice.%' THEN 'invoice:' || json_extract(args, '$.invoice_id')
    WHEN kind LIKE 'proposal.%' THEN 'proposal:' || json_extract(args, '$.proposal_id')
    WHEN kind LIKE 'brief.%' THEN 'brief:' || json_extract(args, '$.brief_id')
    WHEN kind = 'project.weekly' THEN 'client:' || json_extract(args, '$.client_id')
    WHEN kind LIKE 'project.%' THEN 'project:' || json_extract(args, '$.project_id')
    WHEN kind LIKE 'stage.%' THEN 'stage:' || json_extract(args, '$.stage_id')
    WHEN kind IN ('chat.client_message', 'chat.sla', 'chat.escalation')
        THEN 'client:' || json_extract(args, '$.client_id')
    WHEN kind = 'chat.context' THEN 'message:' || json_extract(args, '$.message_id')
    WHEN kind = 'chat.reply' THEN 'message:' || json_extract(args, '$.reply_id')
    WHEN kind = 'chat.deputy' THEN 'person:' || json_extract(args, '$.manager_id')
    WHEN kind LIKE 'access.%' THEN 'access:' || json_extract(args, '$.request_id')
    WHEN kind IN ('client.joined', 'company.reassigned')
        THEN 'company:' || json_extract(args, '$.company_id')
    WHEN kind LIKE 'role.%' OR kind LIKE 'alert.%'
        THEN 'person:' || json_extract(args, '$.person_id')
    WHEN kind = 'digest.morning' THEN 'person:' || json_extract(args, '$.manager_id')
    WHEN kind = 'document.added' THEN 'document:' || json_extract(args, '$.document_id')
END;

CREATE INDEX outbox_subject ON outbox (subject, kind);

ALTER TABLE outbox DROP COLUMN text_key;
ALTER TABLE outbox DROP COLUMN buttons;
ALTER TABLE outbox DROP COLUMN attachment;
