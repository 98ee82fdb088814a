"""Pure planners: domain rows and the time now -> the reminders that are due.

Each reminder carries a dedup key, so planning again (a second run, a restart, a
clock jump) never sends twice. A planner returns only the latest step that is due:
after downtime a "3 days before" reminder for a deadline already past is skipped and
the overdue one goes instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from services.outbox import Button
from services.workdays import WorkCalendar

WAITING_CLIENT_AFTER = timedelta(days=2)
WAITING_MANAGER_AFTER = timedelta(days=3)
DIGEST_STALE_AT = time(18, 0)  # a morning digest not sent by the end of the day is dropped
WEEKLY_STALE_AFTER_DAYS = 2


@dataclass(frozen=True)
class Recipient:
    telegram_id: int
    timezone: str

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(ZoneInfo(self.timezone))

    def at(self, day: date, clock_time: time) -> datetime:
        return datetime.combine(day, clock_time, tzinfo=ZoneInfo(self.timezone))


@dataclass(frozen=True)
class Planned:
    recipient_id: int
    kind: str
    text_key: str
    dedup_key: str
    args: dict[str, Any] = field(default_factory=dict)
    urgent: bool = True
    buttons: list[list[Button]] | None = None
    # (series, step): within a series a step is never sent after a later one
    series: tuple[str, int] | None = None


@dataclass(frozen=True)
class StageFacts:
    id: int
    project_id: int
    title: str
    project_title: str
    company: str
    deadline: date | None
    done: bool
    waiting_since: datetime | None
    waiting_for: str | None = None
    deadline_set_at: datetime | None = None  # steps before this moment are not sent


def deadline_reminders(
    stage: StageFacts,
    manager: Recipient,
    heads: list[Recipient],
    now: datetime,
    morning: time,
    calendar: WorkCalendar,
) -> list[Planned]:
    """3 days before, 1 day before, on the day (to the AM); overdue: the AM every working
    morning and the heads once a day."""
    if stage.done or stage.deadline is None:
        return []
    args = {
        "stage": stage.title,
        "project": stage.project_title,
        "company": stage.company,
        "deadline": stage.deadline.isoformat(),
        "project_id": stage.project_id,
    }
    prefix = f"stage:{stage.id}:{stage.deadline.isoformat()}"
    # A step is the day it belongs to: "3 days left" is never sent after "overdue".
    series = f"{prefix}:manager"
    today = manager.local(now).date()
    if today > stage.deadline:
        planned = []
        if calendar.is_working_day(today) and manager.local(now).time() >= morning:
            planned.append(
                Planned(
                    manager.telegram_id,
                    "stage.overdue",
                    "stage-overdue",
                    f"{prefix}:overdue:{today.isoformat()}",
                    args,
                    series=(series, today.toordinal()),
                )
            )
        for head in heads:
            head_today = head.local(now).date()
            if head.local(now).time() >= morning and head.telegram_id != manager.telegram_id:
                planned.append(
                    Planned(
                        head.telegram_id,
                        "stage.overdue_escalation",
                        "stage-overdue-head",
                        f"{prefix}:overdue-head:{head_today.isoformat()}:{head.telegram_id}",
                        args,
                    )
                )
        return planned
    steps = [
        ("d3", stage.deadline - timedelta(days=3), "stage-due-3d"),
        ("d1", stage.deadline - timedelta(days=1), "stage-due-1d"),
        ("d0", stage.deadline, "stage-due-today"),
    ]
    since = stage.deadline_set_at
    due = [
        (name, day, key)
        for name, day, key in steps
        if manager.at(day, morning) <= now
        and (since is None or manager.at(day, morning) >= since)
    ]
    if not due:
        return []
    name, day, key = due[-1]
    return [
        Planned(
            manager.telegram_id,
            "stage.deadline",
            key,
            f"{prefix}:{name}",
            args,
            series=(series, day.toordinal()),
        )
    ]


def waiting_reminders(
    stage: StageFacts, clients: list[Recipient], manager: Recipient, now: datetime
) -> list[Planned]:
    """A stage waiting for the client: the client after two days, then the AM."""
    if stage.done or stage.waiting_since is None:
        return []
    waited = now - stage.waiting_since
    prefix = f"stage:{stage.id}:waiting:{stage.waiting_since.isoformat()}"
    args = {
        "stage": stage.title,
        "project": stage.project_title,
        "company": stage.company,
        "project_id": stage.project_id,
    }
    planned: list[Planned] = []
    if waited >= WAITING_CLIENT_AFTER:
        planned += [
            Planned(
                client.telegram_id,
                "stage.waiting_reminder",
                "stage-waiting-client",
                f"{prefix}:client:{client.telegram_id}",
                args,
                urgent=False,
                buttons=[[Button("btn-project-answer", "project_answer", {"stage": stage.id})]],
            )
            for client in clients
        ]
    if waited >= WAITING_MANAGER_AFTER:
        planned.append(
            Planned(
                manager.telegram_id,
                "stage.waiting_alert",
                "stage-waiting-manager",
                f"{prefix}:manager",
                args,
            )
        )
    return planned


@dataclass(frozen=True)
class DigestFacts:
    due_today: list[str]
    overdue: list[str]
    waiting: list[str]
    extra: dict[str, list[str]] = field(default_factory=dict)

    def empty(self) -> bool:
        return not (self.due_today or self.overdue or self.waiting or any(self.extra.values()))


def morning_digest(
    manager: Recipient, facts: DigestFacts, now: datetime, morning: time, calendar: WorkCalendar
) -> Planned | None:
    """Working mornings in the AM's time zone; stale once the working day is over."""
    local = manager.local(now)
    if not calendar.is_working_day(local.date()) or not morning <= local.time() < DIGEST_STALE_AT:
        return None
    if facts.empty():
        return None
    args = {
        "due_today": "\n".join(facts.due_today) or "none",
        "overdue": "\n".join(facts.overdue) or "none",
        "waiting": "\n".join(facts.waiting) or "none",
        "invoices": "none",
        "invoice_totals": "none",
        "messages": "none",
        **{
            name: (", " if name == "invoice_totals" else "\n").join(lines) or "none"
            for name, lines in facts.extra.items()
        },
    }
    return Planned(
        manager.telegram_id,
        "digest.morning",
        "digest-morning",
        f"digest:{manager.telegram_id}:{local.date().isoformat()}",
        args,
    )


def weekly_summary(
    client: Recipient, project_ids: list[int], now: datetime, weekday: int, at: time
) -> Planned | None:
    """Once a week at the client's local time; a summary missed for days is dropped."""
    if not project_ids:
        return None
    local = client.local(now)
    week_start = local.date() - timedelta(days=(local.weekday() - weekday) % 7)
    if client.at(week_start, at) > now:
        return None
    if (local.date() - week_start).days > WEEKLY_STALE_AFTER_DAYS:
        return None
    year, week, _ = week_start.isocalendar()
    return Planned(
        client.telegram_id,
        "project.weekly",
        "project-weekly",
        f"weekly:{client.telegram_id}:{year}-W{week:02d}",
        {"projects": project_ids},
        urgent=False,
        buttons=[[Button("btn-weekly-off", "weekly_summary", {"on": False})]],
    )
