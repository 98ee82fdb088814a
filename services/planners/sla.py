"""Reply SLA: a client's first unanswered message reminds whoever answers for the company
after `sla_hours` working hours, and the heads after twice that."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from services.accounts.working_hours import WorkSchedule, schedule_of
from services.db import Database, Reading, Row, in_list
from services.delivery.notices import ReplyEscalation, ReplyOverdue
from services.delivery.outbox import Planned
from services.delivery.stand_ins import stands_in
from services.planners.base import Due, Planner, heads
from services.planners.reminders import next_after
from services.platform.clock import from_db
from services.platform.workdays import WEEKDAYS_ONLY, WorkCalendar

# Working hours are summed as floats: the tick that wakes at the very moment must see the
# threshold crossed.
ROUNDING = 1e-6


@dataclass(frozen=True)
class MessageRows:
    messages: list[Row]
    staff: dict[int, Row]
    head_ids: list[int]


class SlaPlanner(Planner[MessageRows]):
    name = "sla"
    table = "messages"
    column = "sla_due_at"
    open_rows = (
        "id IN (SELECT MIN(id) FROM messages WHERE direction = 'in' AND answered_at IS NULL"
        " GROUP BY company_id, client_id)"
    )

    def __init__(
        self,
        db: Database,
        default_timezone: str,
        sla_hours: int,
        calendar: WorkCalendar = WEEKDAYS_ONLY,
    ) -> None:
        super().__init__(db)
        self.default_timezone = default_timezone
        self.sla_hours = sla_hours
        self.calendar = calendar

    def signature(self) -> str:
        return repr((self.sla_hours, self.calendar.country, self.default_timezone))

    async def load(self, conn: Reading, keys: Sequence[int], now: datetime) -> MessageRows:
        due, due_params = in_list("m.id", keys)
        rows = await conn.execute_fetchall(
            "SELECT m.id, m.company_id, m.client_id, m.at, p.full_name AS client,"
            " c.name AS company, c.manager_id FROM messages m"
            " JOIN people p ON p.telegram_id = m.client_id"
            " JOIN companies c ON c.id = m.company_id"
            f" WHERE {due} AND m.direction = 'in' AND m.answered_at IS NULL",
            due_params,
        )
        staff = await self._people(conn, {row["manager_id"] for row in rows} - {None})
        deputies = {stands_in(manager, now) for manager in staff.values()}
        staff |= await self._people(conn, deputies - set(staff))
        return MessageRows(rows, staff, [head["telegram_id"] for head in await heads(conn)])

    def decide(self, loaded: MessageRows, now: datetime) -> list[Due]:
        staff, head_ids = loaded.staff, loaded.head_ids
        dues = []
        for row in loaded.messages:
            manager = staff.get(row["manager_id"])
            answerers = [stands_in(manager, now)] if manager is not None else head_ids
            answerer = staff.get(answerers[0]) if answerers else None
            schedule = (
                schedule_of(answerer, self.default_timezone, self.calendar)
                if answerer is not None
                else WorkSchedule(time(9), time(18), self.default_timezone, self.calendar)
            )
            dues.append(self._due(row, manager, answerers, head_ids, schedule, now))
        return dues

    def _due(
        self,
        row: Row,
        manager: Row | None,
        answerers: list[int],
        head_ids: list[int],
        schedule: WorkSchedule,
        now: datetime,
    ) -> Due:
        sent = from_db(row["at"])
        waited = schedule.hours_between(sent, now) + ROUNDING
        hours = int(waited)
        planned = []
        if waited >= self.sla_hours:
            planned += [
                Planned(
                    recipient,
                    ReplyOverdue(row["id"], row["client_id"], row["client"], row["company"], hours),
                )
                for recipient in answerers
            ]
        if waited >= 2 * self.sla_hours:
            manager_name = "—"
            if manager is not None:
                manager_name = manager["full_name"] or str(manager["telegram_id"])
            planned += [
                Planned(
                    head,
                    ReplyEscalation(
                        row["id"],
                        row["client_id"],
                        row["company_id"],
                        row["client"],
                        row["company"],
                        hours,
                        manager_name,
                    ),
                )
                for head in head_ids
            ]
        moments = [
            moment
            for hours in (self.sla_hours, 2 * self.sla_hours)
            if (moment := schedule.moment_after(sent, hours)) is not None
        ]
        return Due(row["id"], planned, next_after(now, moments))

    async def _people(self, conn: Reading, ids: set[int]) -> dict[int, Row]:
        among, among_params = in_list("telegram_id", sorted(ids))
        return {
            row["telegram_id"]: row
            for row in await conn.execute_fetchall(
                f"SELECT * FROM people WHERE {among}", among_params
            )
        }
