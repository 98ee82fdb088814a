"""The domain: every rule of the product and all of its SQL; nothing here imports aiogram.

The rooms, from the ground up:

- `db.py` — the database port: the protocol services are written against, and its
  SQLite adapter; migrations.
- `platform/` — what every room stands on: time, refusals, the audit trail, backups,
  parsing what people type, paging, working days and quiet hours, document numbers.
- `delivery/` — the delivery engine: notices as types, the outbox they are queued in with
  the change that caused them, the dispatcher that sends them under Telegram's limits,
  the inbox of updates, and who stands in for whom.
- `planners/` — reminders planned from what is due, by pure rules.
- the domains, each writing its own tables and queueing notices through
  `delivery.outbox`: `accounts/` (people, companies, access, absences, working hours),
  `questionnaires/` (the form engine and briefs), `sales/` (proposals), `work/`
  (projects, stages, the head's statistics), `billing/` (invoices, acts, documents, the
  payment QR code), `conversation/` (the client <-> AM conversation, canned replies, the
  FSM store).

Domains use the delivery engine's public modules (notices, outbox, stand_ins), never its
internals (claims, dispatch, pacing, inbox): tests/test_layers.py holds it.
"""
