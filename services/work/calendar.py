"""Private calendar feeds: each person's deadlines as an .ics subscription (/calendar).

A feed is found by the secret in its URL (`calendar_feeds.token`, unique); a reset gives
a new one and the old URL reads as unknown. What a feed holds depends on who it is for:

- a client: the stage deadlines of their company's open projects, the due dates of its
  unpaid invoices, the versions waiting for their sign-off;
- an AM: the same for the companies they look after;
- a head: the open stages due within HEAD_WINDOW of today, agency-wide;
- a specialist: their open tasks, and nothing else of the projects.

An AM's feed also holds the open tasks of their companies' projects (who owes what when).

Every event keeps one UID for the life of its row (`stage-12@…`), so a calendar app moves
an event when its deadline moves, and drops it when the row is done (it leaves the feed).
Each is read through an index on what it is about, never a scan of the agency.
"""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from services.accounts.people import Person, Role, person_from_row
from services.db import Database, Reading, Row, in_list, scalar
from services.platform.clock import local_day
from services.platform.errors import NotAllowed

# The days around today a head's feed covers (overdue stages linger a while).
HEAD_WINDOW = (timedelta(days=30), timedelta(days=120))
UID_DOMAIN = "am-assistant"


class EventKind(enum.StrEnum):
    STAGE = "stage"
    INVOICE = "invoice"
    SIGN_OFF = "signoff"
    TASK = "task"


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event: what it is about (the UID), when, and the words to show."""

    kind: EventKind
    key: int
    day: date
    title: str  # the stage, the invoice number, the version
    context: str  # project · company
    amount_minor: int | None = None
    currency: str | None = None
    version: int | None = None
    who: str | None = None  # a task's specialist, on an AM's feed

    @property
    def uid(self) -> str:
        return f"{self.kind.value}-{self.key}@{UID_DOMAIN}"


@dataclass(frozen=True)
class Feed:
    person: Person
    timezone: str
    events: list[CalendarEvent]


class Calendars:
    def __init__(self, db: Database, default_timezone: str) -> None:
        self.db = db
        self.default_timezone = default_timezone

    async def token_for(self, person: Person, *, reset: bool = False) -> str:
        """The person's feed secret; a new one (the old URL dead) when `reset`."""
        if person.role is None:
            raise NotAllowed()
        async with self.db.transaction() as conn:
            if not reset:
                known = await scalar(
                    conn,
                    "SELECT token FROM calendar_feeds WHERE person_id = ?",
                    (person.telegram_id,),
                )
                if known is not None:
                    return str(known)
            token = secrets.token_urlsafe(24)
            await conn.execute(
                "INSERT INTO calendar_feeds (person_id, token, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT (person_id) DO UPDATE SET token = excluded.token,"
                " created_at = excluded.created_at",
                (person.telegram_id, token, self.db.now_text()),
            )
            return token

    async def feed(self, token: str) -> Feed | None:
        """The feed behind a secret, or None (unknown, revoked, or a person with no role)."""
        if not 20 <= len(token) <= 64:
            return None
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                "SELECT p.* FROM calendar_feeds f JOIN people p ON p.telegram_id = f.person_id"
                " WHERE f.token = ?",
                (token,),
            )
            if not rows or rows[0]["role"] is None:
                return None
            row = rows[0]
            zone = row["timezone"] or self.default_timezone
            role = Role(row["role"])
            if role is Role.CLIENT:
                events = await self._company_events(conn, [row["company_id"]], zone)
            elif role is Role.MANAGER:
                companies = await conn.execute_fetchall(
                    "SELECT id FROM companies WHERE manager_id = ?", (row["telegram_id"],)
                )
                events = await self._company_events(conn, [c[0] for c in companies], zone)
                events += await self._task_events(
                    conn, "p.company_id", [c[0] for c in companies], with_who=True
                )
            elif role is Role.SPECIALIST:
                events = await self._task_events(
                    conn, "t.specialist_id", [row["telegram_id"]], with_who=False
                )
            else:
                events = await self._head_events(conn, zone)
        events.sort(key=lambda event: (event.day, event.uid))
        return Feed(person_from_row(row), zone, events)

    async def _company_events(
        self, conn: Reading, company_ids: list[int], zone: str
    ) -> list[CalendarEvent]:
        if not company_ids:
            return []
        companies, params = in_list("p.company_id", company_ids)
        stages = await conn.execute_fetchall(
            "SELECT s.id, s.title, s.deadline, p.title AS project, c.name AS company"
            " FROM projects p JOIN companies c ON c.id = p.company_id"
            " JOIN project_stages s ON s.project_id = p.id"
            f" WHERE {companies} AND p.status IN ('active', 'paused')"
            " AND s.status != 'done' AND s.deadline IS NOT NULL",
            params,
        )
        invoice_companies, invoice_params = in_list("i.company_id", company_ids)
        invoices = await conn.execute_fetchall(
            "SELECT i.id, i.number, i.due_date, i.amount_minor - i.paid_minor AS balance,"
            " i.currency, c.name AS company FROM invoices i JOIN companies c ON c.id = i.company_id"
            f" WHERE {invoice_companies} AND i.status IN ('issued', 'reported_paid')"
            " AND i.due_date IS NOT NULL",
            invoice_params,
        )
        waiting = await conn.execute_fetchall(
            "SELECT d.id, d.version, d.posted_at, s.title, p.title AS project, c.name AS company"
            " FROM projects p JOIN companies c ON c.id = p.company_id"
            " JOIN deliverables d ON d.project_id = p.id AND d.status = 'waiting'"
            " JOIN project_stages s ON s.id = d.stage_id"
            f" WHERE {companies} AND p.status IN ('active', 'paused')",
            params,
        )
        return (
            [_stage_event(row) for row in stages]
            + [
                CalendarEvent(
                    EventKind.INVOICE,
                    row["id"],
                    date.fromisoformat(row["due_date"]),
                    row["number"] or "—",
                    row["company"],
                    row["balance"],
                    row["currency"],
                )
                for row in invoices
            ]
            + [
                CalendarEvent(
                    EventKind.SIGN_OFF,
                    row["id"],
                    local_day(row["posted_at"], zone),
                    row["title"],
                    f"{row['project']} · {row['company']}",
                    version=row["version"],
                )
                for row in waiting
            ]
        )

    async def _task_events(
        self, conn: Reading, column: str, values: list[int], *, with_who: bool
    ) -> list[CalendarEvent]:
        if not values:
            return []
        among, params = in_list(column, values)
        tasks = await conn.execute_fetchall(
            "SELECT t.id, t.due_on, s.title, p.title AS project, c.name AS company,"
            " w.full_name AS who FROM stage_tasks t JOIN projects p ON p.id = t.project_id"
            " JOIN project_stages s ON s.id = t.stage_id JOIN companies c ON c.id = p.company_id"
            " JOIN people w ON w.telegram_id = t.specialist_id"
            f" WHERE {among} AND t.status = 'open'",
            params,
        )
        return [
            CalendarEvent(
                EventKind.TASK,
                row["id"],
                date.fromisoformat(row["due_on"]),
                row["title"],
                f"{row['project']} · {row['company']}",
                who=row["who"] if with_who else None,
            )
            for row in tasks
        ]

    async def _head_events(self, conn: Reading, zone: str) -> list[CalendarEvent]:
        today = local_day(self.db.now_text(), zone)
        before, after = HEAD_WINDOW
        stages = await conn.execute_fetchall(
            "SELECT s.id, s.title, s.deadline, p.title AS project, c.name AS company"
            " FROM project_stages s JOIN projects p ON p.id = s.project_id"
            " JOIN companies c ON c.id = p.company_id"
            " WHERE s.status != 'done' AND s.deadline IS NOT NULL AND s.deadline BETWEEN ? AND ?"
            " AND p.status IN ('active', 'paused')",
            ((today - before).isoformat(), (today + after).isoformat()),
        )
        return [_stage_event(row) for row in stages]


def _stage_event(row: Row) -> CalendarEvent:
    return CalendarEvent(
        EventKind.STAGE,
        row["id"],
        date.fromisoformat(row["deadline"]),
        row["title"],
        f"{row['project']} · {row['company']}",
    )
