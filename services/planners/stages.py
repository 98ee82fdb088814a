"""Stage reminders: deadlines (3 days, 1 day, the day, then overdue every working morning to
the AM and daily to the heads) and stages waiting for the client."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from services.db import Database, Reading, Row, in_list
from services.planners import reminders
from services.planners.base import Due, Planner, clients_of, heads
from services.platform.clock import from_db
from services.platform.workdays import WEEKDAYS_ONLY, WorkCalendar


@dataclass(frozen=True)
class StageRows:
    stages: list[Row]
    staff: dict[int, reminders.Recipient]
    clients_of: dict[int, list[reminders.Recipient]]
    heads: list[reminders.Recipient]


class StagePlanner(Planner[StageRows]):
    name = "stages"
    table = "project_stages"
    column = "next_reminder_at"
    since_column = "deadline_set_at"
    open_rows = (
        "status != 'done' AND project_id IN (SELECT id FROM projects WHERE status = 'active')"
    )

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

    async def load(self, conn: Reading, keys: Sequence[int], now: datetime) -> StageRows:
        due, due_params = in_list("s.id", keys)
        rows = await conn.execute_fetchall(
            "SELECT s.*, p.title AS project_title, p.manager_id, p.company_id,"
            " c.name AS company FROM project_stages s"
            " JOIN projects p ON p.id = s.project_id"
            " JOIN companies c ON c.id = p.company_id"
            f" WHERE {due} AND p.status = 'active' AND s.status != 'done'",
            due_params,
        )
        managers = sorted({row["manager_id"] for row in rows if row["manager_id"] is not None})
        companies = sorted({row["company_id"] for row in rows})
        among, among_params = in_list("telegram_id", managers)
        staff = {
            person["telegram_id"]: self._recipient(person)
            for person in await conn.execute_fetchall(
                f"SELECT telegram_id, timezone FROM people WHERE {among}", among_params
            )
        }
        clients = await clients_of(conn, companies, self.default_timezone)
        head_list = [self._recipient(head) for head in await heads(conn)]
        return StageRows(rows, staff, clients, head_list)

    def decide(self, loaded: StageRows, now: datetime) -> list[Due]:
        head_list = loaded.heads
        dues = []
        for row in loaded.stages:
            manager = loaded.staff.get(row["manager_id"])
            if manager is None:
                continue
            facts = stage_facts(row)
            clients = loaded.clients_of.get(row["company_id"], [])
            dues.append(
                Due(
                    facts.id,
                    reminders.deadline_reminders(
                        facts, manager, head_list, now, self.morning, self.calendar
                    )
                    + reminders.waiting_reminders(facts, clients, manager, now),
                    reminders.stage_next(facts, manager, head_list, now, self.morning),
                )
            )
        return dues

    def _recipient(self, row: Row) -> reminders.Recipient:
        return reminders.Recipient(row["telegram_id"], row["timezone"] or self.default_timezone)


def stage_facts(row: Row) -> reminders.StageFacts:
    return reminders.StageFacts(
        id=row["id"],
        project_id=row["project_id"],
        title=row["title"],
        project_title=row["project_title"],
        company=row["company"],
        deadline=date.fromisoformat(row["deadline"]) if row["deadline"] else None,
        done=row["status"] == "done",
        waiting_since=from_db(row["waiting_since"]) if row["waiting_since"] else None,
        waiting_for=row["waiting_for"],
        deadline_set_at=from_db(row["deadline_set_at"]) if row["deadline_set_at"] else None,
    )
