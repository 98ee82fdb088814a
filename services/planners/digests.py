"""Per-person summaries: the AM's morning digest on working days, the client's weekly
summary. Each is built for the few people whose moment has come, from queries by index
over what is theirs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from services.db import Database, Reading, Row, in_list
from services.delivery.notices import OverdueInvoice
from services.planners import reminders
from services.planners.base import LOOK_AGAIN, Due, Planner
from services.planners.stages import stage_facts
from services.platform.clock import from_db
from services.platform.workdays import WEEKDAYS_ONLY, WorkCalendar


@dataclass(frozen=True)
class DigestRows:
    staff: dict[int, Row]
    stages: list[Row]
    invoices: list[Row]
    messages: list[Row]
    tasks: list[Row]


@dataclass(frozen=True)
class WeeklyRows:
    clients: list[Row]
    projects_of: dict[int, list[int]]


class DigestPlanner(Planner[DigestRows]):
    name = "digests"
    table = "people"
    key = "telegram_id"
    column = "next_digest_at"
    open_rows = "role IN ('manager', 'head')"
    # A digest reads everything its AM has open: a few AMs per read keep each one short.
    page = 5

    def __init__(
        self,
        db: Database,
        default_timezone: str,
        *,
        morning: time,
        calendar: WorkCalendar = WEEKDAYS_ONLY,
    ) -> None:
        super().__init__(db)
        self.default_timezone = default_timezone
        self.morning = morning
        self.calendar = calendar

    def signature(self) -> str:
        return repr((self.morning, self.calendar.country, self.default_timezone))

    async def load(self, conn: Reading, keys: Sequence[int], now: datetime) -> DigestRows:
        due, due_params = in_list("telegram_id", keys)
        staff = {
            row["telegram_id"]: row
            for row in await conn.execute_fetchall(
                "SELECT telegram_id, timezone, language, next_digest_at FROM people"
                f" WHERE {due} AND role IN ('manager', 'head')",
                due_params,
            )
        }
        theirs, theirs_params = in_list("p.manager_id", list(staff))
        stages = await conn.execute_fetchall(
            "SELECT s.*, p.title AS project_title, p.manager_id, c.name AS company"
            " FROM projects p JOIN project_stages s ON s.project_id = p.id"
            " JOIN companies c ON c.id = p.company_id"
            f" WHERE {theirs} AND p.status = 'active' AND s.status != 'done' ORDER BY s.id",
            theirs_params,
        )
        of_companies, of_companies_params = in_list("c.manager_id", list(staff))
        today = reminders.Recipient(0, self.default_timezone).local(now).date().isoformat()
        invoices = await conn.execute_fetchall(
            "SELECT i.number, i.amount_minor - i.paid_minor AS balance, i.currency,"
            " c.name, c.manager_id FROM companies c JOIN invoices i ON i.company_id = c.id"
            f" WHERE {of_companies}"
            " AND i.status IN ('issued', 'reported_paid') AND i.due_date < ?"
            " ORDER BY i.due_date, i.id",
            (*of_companies_params, today),
        )
        messages = await conn.execute_fetchall(
            "SELECT c.manager_id, c.name, p.full_name, COUNT(*) FROM companies c"
            " JOIN messages m ON m.company_id = c.id AND m.direction = 'in'"
            " AND m.answered_at IS NULL"
            " JOIN people p ON p.telegram_id = m.client_id"
            f" WHERE {of_companies}"
            " GROUP BY c.manager_id, c.id, c.name, m.client_id, p.full_name"
            " ORDER BY c.manager_id, MIN(m.id)",
            of_companies_params,
        )
        # the team's tasks due by today: read to tomorrow (the agency's), so an AM whose
        # day is ahead sees theirs; each AM's own today sorts them in `decide`
        tomorrow = (date.fromisoformat(today) + timedelta(days=1)).isoformat()
        tasks = await conn.execute_fetchall(
            "SELECT t.due_on, p.manager_id, s.title AS stage, p.title AS project,"
            " c.name AS company, w.full_name AS specialist FROM projects p"
            " JOIN stage_tasks t ON t.project_id = p.id AND t.status = 'open' AND t.due_on <= ?"
            " JOIN project_stages s ON s.id = t.stage_id JOIN companies c ON c.id = p.company_id"
            " JOIN people w ON w.telegram_id = t.specialist_id"
            f" WHERE {theirs} AND p.status IN ('active', 'paused') ORDER BY t.due_on, t.id",
            (tomorrow, *theirs_params),
        )
        return DigestRows(staff, stages, invoices, messages, tasks)

    def decide(self, loaded: DigestRows, now: datetime) -> list[Due]:
        digests = {telegram_id: reminders.DigestFacts([], [], []) for telegram_id in loaded.staff}
        recipients = {
            telegram_id: reminders.Recipient(telegram_id, row["timezone"] or self.default_timezone)
            for telegram_id, row in loaded.staff.items()
        }
        self._add_stages(loaded.stages, digests, recipients, now)
        for row in loaded.invoices:
            digests[row["manager_id"]].overdue_invoices.append(
                OverdueInvoice(row["number"], row["name"], row["balance"], row["currency"])
            )
        for row in loaded.tasks:
            today = recipients[row["manager_id"]].local(now).date()
            due = date.fromisoformat(row["due_on"])
            if due > today:
                continue
            line = f"{row['company']} · {row['project']} · {row['stage']} — {row['specialist']}"
            marker = "" if due >= today else f" ({due.strftime('%d.%m')})"
            digests[row["manager_id"]].tasks.append(line + marker)
        for manager_id, company, client, count in loaded.messages:
            digests[manager_id].messages.append(f"{company} · {client} ({count})")
        dues = []
        for telegram_id, recipient in recipients.items():
            stored = loaded.staff[telegram_id]["next_digest_at"]
            planned_for = None if stored in (None, LOOK_AGAIN) else from_db(stored)
            digest = reminders.morning_digest(
                recipient, digests[telegram_id], now, planned_for, self.calendar
            )
            dues.append(
                Due(
                    telegram_id,
                    [digest] if digest is not None else [],
                    reminders.digest_next(recipient, now, self.morning, self.calendar),
                )
            )
        return dues

    def _add_stages(
        self,
        rows: list[Row],
        digests: dict[int, reminders.DigestFacts],
        recipients: dict[int, reminders.Recipient],
        now: datetime,
    ) -> None:
        for row in rows:
            facts = stage_facts(row)
            current = digests[row["manager_id"]]
            today = recipients[row["manager_id"]].local(now).date()
            line = f"{facts.company} · {facts.project_title} · {facts.title}"
            if facts.deadline == today:
                current.due_today.append(line)
            elif facts.deadline is not None and facts.deadline < today:
                current.overdue.append(f"{line} ({facts.deadline.strftime('%d.%m')})")
            if row["status"] == "waiting_client":
                current.waiting.append(line)


class WeeklyPlanner(Planner[WeeklyRows]):
    name = "weekly"
    table = "people"
    key = "telegram_id"
    column = "next_weekly_at"
    open_rows = "role = 'client' AND weekly_summary = 1"

    def __init__(self, db: Database, default_timezone: str, *, weekday: int, at: time) -> None:
        super().__init__(db)
        self.default_timezone = default_timezone
        self.weekday = weekday
        self.at = at

    def signature(self) -> str:
        return repr((self.weekday, self.at, self.default_timezone))

    async def load(self, conn: Reading, keys: Sequence[int], now: datetime) -> WeeklyRows:
        due, due_params = in_list("telegram_id", keys)
        clients = await conn.execute_fetchall(
            "SELECT telegram_id, timezone, company_id FROM people"
            f" WHERE {due} AND role = 'client' AND weekly_summary = 1 AND company_id IS NOT NULL",
            due_params,
        )
        companies = sorted({row["company_id"] for row in clients})
        projects_of: dict[int, list[int]] = {}
        of_companies, of_companies_params = in_list("company_id", companies)
        for row in await conn.execute_fetchall(
            f"SELECT id, company_id FROM projects WHERE {of_companies} AND status = 'active'"
            " ORDER BY id",
            of_companies_params,
        ):
            projects_of.setdefault(row["company_id"], []).append(row["id"])
        return WeeklyRows(clients, projects_of)

    def decide(self, loaded: WeeklyRows, now: datetime) -> list[Due]:
        dues = []
        for row in loaded.clients:
            client = reminders.Recipient(
                row["telegram_id"], row["timezone"] or self.default_timezone
            )
            summary = reminders.weekly_summary(
                client, loaded.projects_of.get(row["company_id"], []), now, self.weekday, self.at
            )
            planned = [summary, *reminders.weekly_timelines(summary)] if summary else []
            dues.append(
                Due(
                    client.telegram_id,
                    planned,
                    reminders.weekly_next(client, now, self.weekday, self.at),
                )
            )
        return dues
