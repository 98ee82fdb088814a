"""Specialists' task reminders: 3 days and 1 day before the due date and on the day, at
the specialist's own morning (in their time zone; a step on a day off comes the working
day before); the AM the first working morning after the due date; the heads when the task
is still open `escalate_after` working days later. Handing in, cancelling or moving the
due date clears or resets the row's moment (migration 0024), so they stop at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from services.db import Database, Reading, Row, in_list
from services.delivery.notices import DeadlineStep, TaskDueSoon, TaskEscalation, TaskOverdue
from services.delivery.outbox import Planned
from services.planners.base import Due, Planner, heads
from services.planners.reminders import Recipient, next_after
from services.platform.clock import from_db
from services.platform.workdays import WEEKDAYS_ONLY, WorkCalendar

STEPS = ((DeadlineStep.DAYS_3, 3), (DeadlineStep.DAYS_1, 1), (DeadlineStep.TODAY, 0))


@dataclass(frozen=True)
class TaskFacts:
    id: int
    due: date
    set_at: datetime  # steps before this moment are not sent (a task given today)
    specialist: Recipient
    specialist_name: str
    manager: Recipient | None
    manager_name: str


@dataclass(frozen=True)
class TaskRows:
    tasks: list[TaskFacts]
    heads: list[Recipient]


def working_day_before(day: date, calendar: WorkCalendar) -> date:
    """`day` itself when people work that day, else the last working day before it."""
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def working_days_after(day: date, count: int, calendar: WorkCalendar) -> date:
    """The `count`-th working day after `day`."""
    while count > 0:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count -= 1
    return day


def task_reminders(
    task: TaskFacts,
    heads_: list[Recipient],
    now: datetime,
    morning: time,
    calendar: WorkCalendar,
    escalate_after: int,
) -> tuple[list[Planned], datetime | None]:
    """What is due for an open task now, and when it can next say something new."""
    specialist = task.specialist
    moments: list[datetime] = []
    planned: list[Planned] = []
    # before and on the day, to the specialist: only the latest step reached
    series = f"task:{task.id}:{task.due.isoformat()}:specialist"
    reached: tuple[DeadlineStep, date] | None = None
    for step, days in STEPS:
        day = working_day_before(task.due - timedelta(days=days), calendar)
        moment = specialist.at(day, morning)
        moments.append(moment)
        if moment <= now and moment >= task.set_at:
            reached = (step, day)
    if reached is not None and specialist.local(now).date() <= task.due:
        step, day = reached
        planned.append(
            Planned(
                specialist.telegram_id,
                TaskDueSoon(task.id, task.due, step),
                series=(series, day.toordinal()),
            )
        )
    # after it, to the AM once, then to the heads once
    overdue_day = working_days_after(task.due, 1, calendar)
    if task.manager is not None:
        moment = task.manager.at(overdue_day, morning)
        moments.append(moment)
        if moment <= now:
            planned.append(
                Planned(
                    task.manager.telegram_id,
                    TaskOverdue(task.id, task.due, task.specialist_name),
                )
            )
    escalation_day = working_days_after(task.due, escalate_after, calendar)
    for head in heads_:
        moment = head.at(escalation_day, morning)
        moments.append(moment)
        if moment <= now and (task.manager is None or head.telegram_id != task.manager.telegram_id):
            planned.append(
                Planned(
                    head.telegram_id,
                    TaskEscalation(
                        task.id, task.due, task.specialist_name, task.manager_name, escalate_after
                    ),
                )
            )
    return planned, next_after(now, moments)


class TaskPlanner(Planner[TaskRows]):
    name = "tasks"
    table = "stage_tasks"
    column = "next_reminder_at"
    since_column = "due_set_at"
    open_rows = "status = 'open'"

    def __init__(
        self,
        db: Database,
        default_timezone: str,
        *,
        morning: time,
        escalate_after: int,
        calendar: WorkCalendar = WEEKDAYS_ONLY,
    ) -> None:
        super().__init__(db)
        self.default_timezone = default_timezone
        self.morning = morning
        self.escalate_after = escalate_after
        self.calendar = calendar

    def signature(self) -> str:
        return repr(
            (self.morning, self.escalate_after, self.calendar.country, self.default_timezone)
        )

    async def load(self, conn: Reading, keys: Sequence[int], now: datetime) -> TaskRows:
        due, due_params = in_list("t.id", keys)
        rows = await conn.execute_fetchall(
            "SELECT t.id, t.due_on, t.due_set_at, t.specialist_id, w.timezone AS w_zone,"
            " w.full_name AS w_name, p.manager_id, m.timezone AS m_zone, m.full_name AS m_name"
            " FROM stage_tasks t JOIN people w ON w.telegram_id = t.specialist_id"
            " JOIN projects p ON p.id = t.project_id"
            " LEFT JOIN people m ON m.telegram_id = p.manager_id"
            f" WHERE {due} AND t.status = 'open'",
            due_params,
        )
        zone = self.default_timezone
        head_list = [
            Recipient(row["telegram_id"], row["timezone"] or zone) for row in await heads(conn)
        ]
        return TaskRows([self._facts(row) for row in rows], head_list)

    def _facts(self, row: Row) -> TaskFacts:
        zone = self.default_timezone
        manager = (
            Recipient(row["manager_id"], row["m_zone"] or zone)
            if row["manager_id"] is not None
            else None
        )
        return TaskFacts(
            id=row["id"],
            due=date.fromisoformat(row["due_on"]),
            set_at=from_db(row["due_set_at"]),
            specialist=Recipient(row["specialist_id"], row["w_zone"] or zone),
            specialist_name=row["w_name"] or str(row["specialist_id"]),
            manager=manager,
            manager_name=row["m_name"] or "—",
        )

    def decide(self, loaded: TaskRows, now: datetime) -> list[Due]:
        dues = []
        for task in loaded.tasks:
            planned, next_at = task_reminders(
                task, loaded.heads, now, self.morning, self.calendar, self.escalate_after
            )
            dues.append(Due(task.id, planned, next_at))
        return dues
