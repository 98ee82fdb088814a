"""Sign-off reminders: a version no client decided on reminds the clients after
`days` working days (the clients' working hours and holidays; quiet hours hold what would
reach them at night), tells the AM after twice that and the heads after three times. A
decision clears the row's moment (migration 0022), so they stop at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from services.accounts.working_hours import WorkSchedule
from services.db import Database, Reading, Row, in_list
from services.delivery.notices import SignOffEscalation, SignOffReminder, SignOffSilent
from services.delivery.outbox import Planned
from services.planners.base import Due, Planner, heads
from services.planners.reminders import next_after
from services.platform.clock import from_db
from services.platform.workdays import WEEKDAYS_ONLY, WorkCalendar

# A client's working day, when reminders are counted in their hours.
CLIENT_DAY = (time(9), time(18))


@dataclass(frozen=True)
class Waiting:
    versions: list[Row]
    clients: dict[int, list[Row]]  # company -> its client contacts
    head_ids: list[int]


class SignOffPlanner(Planner[Waiting]):
    name = "sign_off"
    table = "deliverables"
    column = "next_reminder_at"
    open_rows = "status = 'waiting'"

    def __init__(
        self,
        db: Database,
        default_timezone: str,
        days: int,
        calendar: WorkCalendar = WEEKDAYS_ONLY,
    ) -> None:
        super().__init__(db)
        self.default_timezone = default_timezone
        self.days = days
        self.calendar = calendar

    def signature(self) -> str:
        return repr((self.days, self.calendar.country, self.default_timezone))

    async def load(self, conn: Reading, keys: Sequence[int], now: datetime) -> Waiting:
        due, due_params = in_list("d.id", keys)
        versions = await conn.execute_fetchall(
            "SELECT d.id, d.version, d.company_id, d.posted_at, p.manager_id,"
            " m.full_name AS manager FROM deliverables d JOIN projects p ON p.id = d.project_id"
            " LEFT JOIN people m ON m.telegram_id = p.manager_id"
            f" WHERE {due} AND d.status = 'waiting'",
            due_params,
        )
        companies, companies_params = in_list("company_id", {v["company_id"] for v in versions})
        clients: dict[int, list[Row]] = {}
        for row in await conn.execute_fetchall(
            "SELECT telegram_id, company_id, timezone FROM people"
            f" WHERE role = 'client' AND {companies} ORDER BY telegram_id",
            companies_params,
        ):
            clients.setdefault(row["company_id"], []).append(row)
        return Waiting(versions, clients, [h["telegram_id"] for h in await heads(conn)])

    def decide(self, loaded: Waiting, now: datetime) -> list[Due]:
        dues = []
        for row in loaded.versions:
            contacts = loaded.clients.get(row["company_id"], [])
            zone = (contacts[0]["timezone"] if contacts else None) or self.default_timezone
            schedule = WorkSchedule(*CLIENT_DAY, zone, self.calendar)
            day_hours = CLIENT_DAY[1].hour - CLIENT_DAY[0].hour
            posted = from_db(row["posted_at"])
            moments = [
                schedule.moment_after(posted, step * self.days * day_hours) for step in (1, 2, 3)
            ]
            reached = [m is not None and m <= now for m in moments]
            version, days = row["version"], self.days
            planned: list[Planned] = []
            if reached[0]:
                planned += [
                    Planned(c["telegram_id"], SignOffReminder(row["id"], version, days))
                    for c in contacts
                ]
            if reached[1] and row["manager_id"] is not None:
                planned.append(
                    Planned(row["manager_id"], SignOffSilent(row["id"], version, 2 * days))
                )
            if reached[2]:
                manager = row["manager"] or "—"
                planned += [
                    Planned(head, SignOffEscalation(row["id"], version, 3 * days, manager))
                    for head in loaded.head_ids
                ]
            dues.append(Due(row["id"], planned, next_after(now, [m for m in moments if m])))
        return dues
